"""Tests that headlines which arrive by sync are treated as polled ones, against a real FreshRSS
subscribed to feeds on 127.0.0.1: an alert fires once, in the process that stores the headline
(`fetch` runs its command with the headline's JSON; the ticker shows ⚑ and the notice, and runs
it too), a new subscription's backlog fires nothing, and one event reported by several
subscriptions is one story in the ticker ("+2 sources") as soon as it is synced."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for
from tests.feeds import Item, rss
from tests.freshrss import FreshRSS
from tests.server import FeedServer
from tests.sync_account import Account, subscribe

__all__ = ["tmux"]  # the fixture, used here

NOW = datetime.now(UTC).replace(microsecond=0)
EVENT = [
    "Metro-North worker killed by train in East Harlem",
    "Track worker struck and killed by Metro-North train, MTA says",
    "Metro-North track worker killed in Harlem",
]
OTHERS = [
    "Parliament votes on new budget plan",
    "Scientists find water ice on distant moon",
    "Airline cancels flights amid strike",
]


def recorder(out: Path) -> str:
    """A command (TOML list) that appends what it reads on stdin to `out`."""
    code = f"import sys; open({str(out)!r}, 'a').write(sys.stdin.read())"
    return json.dumps([sys.executable, "-c", code])


def watch(account: Account, out: Path, term: str) -> None:
    """Adds an `[[alerts]]` rule for `term` whose command records to `out`."""
    text = account.config.read_text()
    account.config.write_text(
        f'{text}\n[[alerts]]\nmatch = ["{term}"]\ncommand = {recorder(out)}\n'
    )


def items(prefix: str, *titles: str, start: int = 0) -> list[Item]:
    return [
        Item(
            title,
            f"http://127.0.0.1/{prefix}/{start + n}",
            guid=f"{prefix}-{start + n}",
            published=NOW - timedelta(minutes=n),
            summary=f"<p>{title}.</p>",
        )
        for n, title in enumerate(titles)
    ]


def fired(out: Path) -> list[dict[str, object]]:
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_fetch_in_sync_mode_runs_an_alert_once_for_a_synced_headline_never_for_the_backlog(
    freshrss_server: FreshRSS, feeds_for_freshrss: FeedServer, tmp_path: Path
) -> None:
    account = Account(tmp_path, freshrss_server)
    out = tmp_path / "alerts.jsonl"
    term = "tsunami"  # in no other test's feed on the shared server
    watch(account, out, term)
    old = items("tsu", "Tsunami drill held last week", "Calm harbour day")
    url = feeds_for_freshrss.route("/tsu.xml", rss(old, title="Tsunami desk"))
    subscribe(account, tmp_path, url, "Tsunami desk", "sea")  # import syncs the backlog
    assert len(account.headlines("--source", "Tsunami desk")) == 2
    assert fired(out) == []  # a new subscription's backlog is stored without alerts

    new = items("tsu", "Tsunami warning for the coast", "Markets calm", start=2)
    feeds_for_freshrss.route("/tsu.xml", rss(new + old, title="Tsunami desk"))
    freshrss_server.refresh()
    done = account.run("fetch", "-q")
    assert done.returncode == 0, done.stderr
    [record] = fired(out)
    assert (record["title"], record["match"], record["source"]) == (
        "Tsunami warning for the coast",
        term,
        "Tsunami desk",
    )
    [stored] = [
        h
        for h in account.headlines("--source", "Tsunami desk")
        if h["title"] == "Tsunami warning for the coast"
    ]
    assert record["key"] == stored["key"] and record["id"] == stored["id"]

    freshrss_server.refresh()
    again = account.run("fetch", "-q")
    assert again.returncode == 0, again.stderr
    assert len(fired(out)) == 1  # stored already: it fires no more
    account.secrets_kept()


def test_the_ticker_flags_and_tells_a_synced_alert_and_groups_a_synced_story(
    own_freshrss: FreshRSS,
    feeds_for_freshrss: FeedServer,
    tmp_path: Path,
    tmux: Callable[..., str],
) -> None:
    (tmp_path / "laptop").mkdir()
    laptop = Account(tmp_path / "laptop", own_freshrss)  # another device subscribes
    routes = []
    for n in range(3):
        desk = items(f"ev{n}", EVENT[n], OTHERS[n])
        routes.append(f"/ev{n}.xml")
        url = feeds_for_freshrss.route(routes[n], rss(desk, title=f"Event desk {n}"))
        subscribe(laptop, tmp_path, url, f"Event desk {n}", "metro")

    account = Account(tmp_path, own_freshrss)
    account.config.write_text('refresh = "1h"\n' + account.config.read_text())  # syncs on r
    out = tmp_path / "alerts.jsonl"
    watch(account, out, "earthquake")
    command = (
        f"{ENV} TZ=UTC NEWSTUI_SYNC_PASSWORD={own_freshrss.password} {_newstui()} "
        f"--config {account.config} --db {account.db}"
    )
    session = str(tmux.start(command, width=120))  # type: ignore[attr-defined]

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    # The first sync brings the three reports of one event: one row, placed as they arrive.
    shown = wait_for(screen, lambda s: "+2 sources" in s, 60)
    assert sum(any(e in line for e in EVENT) for line in shown.splitlines()) == 1, shown
    assert "⚑" not in shown and fired(out) == []

    quake = items("ev0", "Earthquake shakes the harbour", start=2)
    desk0 = items("ev0", EVENT[0], OTHERS[0])
    feeds_for_freshrss.route(routes[0], rss(quake + desk0, title="Event desk 0"))
    own_freshrss.refresh()
    tmux("send-keys", "-t", session, "r")
    shown = wait_for(screen, lambda s: "Alert (earthquake): Earthquake shakes" in s, 30)
    # The row is flagged (the header may count alerts with ⚑ too).
    shown = wait_for(screen, lambda s: "⚑" in s.split("\n", 1)[1], 15)
    rows = [line for line in shown.splitlines()[1:] if "⚑" in line]
    assert len(rows) == 1 and "Earthquake shakes the harbour" in rows[0], shown
    deadline = time.monotonic() + 15
    while not fired(out):  # its command ran too, in the ticker that stored it
        assert time.monotonic() < deadline, "the alert's command never ran"
        time.sleep(0.2)
    [record] = fired(out)
    assert (record["title"], record["source"]) == ("Earthquake shakes the harbour", "Event desk 0")
    tmux("send-keys", "-t", session, "q")
