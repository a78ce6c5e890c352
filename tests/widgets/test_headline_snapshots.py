"""Snapshots of the headline list alone in both layouts, at a narrow and a wide width."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from newstui.models import Headline
from newstui.ui.widgets.headline_list import HeadlineList
from tests.widgets.test_headline_list import NOW, ListApp, headline
from tests.widgets.test_snapshots import DESKS, TITLES

pytestmark = pytest.mark.usefixtures("utc_local_time")


def desk_headlines() -> list[Headline]:
    """The snapshot desks' titles 37 minutes apart (two days), some read, one starred, one CJK."""
    items = []
    for n, title in enumerate([*TITLES, "東京都で新しい条例が成立、自転車の着用を義務化"]):
        items.append(
            headline(
                n + 1,
                NOW - timedelta(minutes=37 * n + 4) - timedelta(hours=5 * (n >= 10)),
                title,
                source=DESKS[n % len(DESKS)][0],
                read=n in {3, 4, 5},
                starred=n == 2,
            )
        )
    return items


async def arrive_and_move(pilot: Pilot[None]) -> None:
    widget = pilot.app.query_one(HeadlineList)
    widget.add_headlines([headline(99, NOW + timedelta(minutes=1), "Ferry service resumes")])
    await pilot.press("j", "j")  # the highlight on a multi-line headline
    await pilot.pause()


@pytest.mark.parametrize(
    ("layout", "width"), [("newsline", 60), ("newsline", 100), ("compact", 60), ("compact", 100)]
)
def test_headline_list(snap_compare: Any, layout: str, width: int) -> None:
    app = ListApp(desk_headlines(), layout=layout)
    assert snap_compare(app, terminal_size=(width, 30), run_before=arrive_and_move)
