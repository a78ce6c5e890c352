"""Tests what `r` says of sources whose servers asked for a wait (Retry-After): with two or more
it said "2 sources: the server asked for no poll before" the latest wait, naming none of them,
so a source free again in two minutes seemed to wait until tomorrow with the other."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from newstui.models import Source, SourceStatus
from newstui.ui.refresh_notice import refresh_notice

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
FORMAT = "%H:%M %d.%m.%Y"


def waiting(name: str, after: timedelta) -> Source:
    source = Source(1, f"http://127.0.0.1:9/{name}", name, None, 300.0)
    return replace(source, last_status=SourceStatus.ERROR, retry_until=NOW + after)


@pytest.mark.usefixtures("utc_local_time")
def test_each_waiting_source_is_named_with_its_own_time() -> None:
    calm = replace(waiting("Calm", timedelta(0)), last_status=SourceStatus.OK)
    one = refresh_notice([waiting("Busy", timedelta(minutes=2)), calm], NOW, FORMAT)
    assert one == (
        "Polling every source now, but Busy: the server asked for no poll before 10:02 "
        "(Retry-After)."
    )
    two = [waiting("Down", timedelta(days=1)), waiting("Busy", timedelta(minutes=2))]
    assert refresh_notice(two, NOW, FORMAT) == (
        "Polling every source now, but not 2 sources whose servers asked for a wait "
        "(Retry-After): Busy (until 10:02), Down (until 10:00 03.12.2026)."
    )
    five = [waiting(f"Desk {n}", timedelta(minutes=n)) for n in range(1, 6)]
    said = refresh_notice(five, NOW, FORMAT)
    assert said.endswith(
        "Desk 1 (until 10:01), Desk 2 (until 10:02), Desk 3 (until 10:03) and 2 more."
    )
    assert refresh_notice([calm], NOW, FORMAT) == "Polling every source now."
