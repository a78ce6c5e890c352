"""Tests a poll round split over processes: real helper processes, one real SQLite file, a real
server reached under two host names (127.0.0.1 and localhost)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newstui.feeds.poller import Poller, PollListener, parse_in_process
from newstui.feeds.round import PollSummary, default_jobs, poll_round, split_by_host
from newstui.models import Source, SourceConfig
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="rounds use helper processes only on Linux"
)


def source(n: int, url: str) -> Source:
    return Source(id=n, url=url, name=None, feed_title=None, refresh=300.0)


def test_split_keeps_each_host_in_one_group_and_balances_the_groups() -> None:
    urls = [f"https://site{n % 7}.example/feed{n}" for n in range(40)]
    urls += [f"https://BIG.example/f{n}" for n in range(12)]
    sources = [source(n, url) for n, url in enumerate(urls)]
    groups = split_by_host(sources, 2)
    assert len(groups) == 2 and sorted(s.id for g in groups for s in g) == list(range(52))
    hosts = [{s.fetch_url.split("/")[2].lower() for s in g} for g in groups]
    assert not hosts[0] & hosts[1]
    assert abs(len(groups[0]) - len(groups[1])) <= 6  # the biggest site has 12, others ~6
    assert split_by_host(sources, 2) == groups  # the same every time
    assert len(split_by_host(sources[:3], 4)) == 3  # no empty groups
    assert split_by_host([], 2) == []


def test_default_jobs() -> None:
    assert default_jobs(10) == 1
    assert default_jobs(500) == min(2, os.cpu_count() or 1)


def serve_sources(feed_server: FeedServer, count: int) -> list[SourceConfig]:
    configs = []
    for n in range(count):
        host = "127.0.0.1" if n % 2 else "localhost"
        path = f"/feed{n}"
        feed_server.route(path, rss([Item(f"story {n}", f"https://example.com/{n}", guid=f"g{n}")]))
        configs.append(SourceConfig(f"http://{host}:{feed_server.port}{path}"))
    return configs


class PidMarker(PollListener):
    """Records which process polled: a file per process id."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def poll_finished(self, outcome: object) -> None:
        (self.folder / str(os.getpid())).touch()


def test_a_two_process_round_polls_and_stores_everything_once(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    db = tmp_path / "news.db"
    store = Store(db)
    sources = store.sync_sources(serve_sources(feed_server, 12), 300)
    store.close()
    marks = tmp_path / "pids"
    marks.mkdir()

    def make_poller(store: Store, listener: PollListener) -> Poller:
        marker = PidMarker(marks)
        inner = listener.poll_finished

        def finished(outcome: object) -> None:
            marker.poll_finished(outcome)
            inner(outcome)  # type: ignore[arg-type]

        listener.poll_finished = finished  # type: ignore[method-assign]
        # Parsed on the helper's loop: the default parse sends a burst's feeds to the worker
        # pool, whose forkserver an earlier test may have started in this process, and a forked
        # helper cannot use its parent's (ECHILD). `fetch` forks before any pool starts.
        return Poller(store, Fetcher(), parse=parse_in_process, listener=listener)

    seen: list[PollSummary] = []
    result = poll_round(db, sources, make_poller, seen.append, 2)
    assert result.problems == []
    assert sorted(s.source_id for s in seen) == sorted(s.id for s in sources)
    assert all(s.status == "ok" and s.new == 1 for s in seen)
    assert len(list(marks.iterdir())) == 2  # two processes did the polling
    store = Store(db)
    assert len(store.headlines()) == 12
    assert all(s.last_status == "ok" for s in store.sources())
    assert len(feed_server.requests) == 12  # each source fetched once


def test_a_failing_helper_is_reported_and_the_rest_of_the_round_stands(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    db = tmp_path / "news.db"
    store = Store(db)
    sources = store.sync_sources(serve_sources(feed_server, 8), 300)
    store.close()
    lead = os.getpid()

    def make_poller(store: Store, listener: PollListener) -> Poller:
        if os.getpid() != lead:
            raise RuntimeError("no poller for you")
        return Poller(store, Fetcher(), listener=listener)

    seen: list[PollSummary] = []
    result = poll_round(db, sources, make_poller, seen.append, 2)
    assert result.problems == ["a fetch helper process failed: RuntimeError: no poller for you"]
    assert 0 < len(seen) < 8 and all(s.status == "ok" for s in seen)
    assert len(Store(db).headlines()) == len(seen)


def processes_in_group(pgid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(entry))
    return found


@pytest.mark.slow
def test_ctrl_c_ends_a_two_process_fetch_at_once_and_leaves_no_process(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    configs = serve_sources(feed_server, 40)
    for n in range(40):
        feed_server.routes[f"/feed{n}"].delay = 0.3  # a round of several seconds
    config = tmp_path / "config.toml"
    config.write_text("".join(f'[[sources]]\nurl = "{c.url}"\n' for c in configs))
    command = [sys.executable, "-m", "newstui", "--config", str(config)]
    command += ["--db", str(tmp_path / "news.db"), "fetch", "-q", "-j", "2"]
    fetch = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 30
    # Into the second wave of requests: the first ones were parsed, so both processes have
    # parse workers running (a helper once waited on them forever after Ctrl-C).
    while len(feed_server.requests) < 12 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(processes_in_group(fetch.pid)) >= 2  # the lead and its helper at least
    os.killpg(fetch.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    # Bounds for a hang (a helper once waited for its parse workers forever), not for speed:
    # 10 s left a loaded machine too little (this test was seen failing under load).
    _, stderr = fetch.communicate(timeout=60)
    assert fetch.returncode == 130, stderr
    assert "Traceback" not in stderr and "leaked" not in stderr, stderr
    deadline = time.monotonic() + 30
    while processes_in_group(fetch.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_in_group(fetch.pid) == []
