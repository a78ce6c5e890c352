"""Provides the two-tickers benchmark: a follower's idle CPU, and its delay behind the holder.

Two `newstui` tickers run in tmux (a server of its own) on one database and one config of
--feeds feeds on 127.0.0.1 (tests/server.py), polled every --refresh. The first holds the poll
lease and polls; the second follows it (newstui.ui.follow_holder).

- **idle**: once both show the first round, nothing is added for --idle seconds: the CPU time
  (utime + stime, /proc) of each ticker's process tree (the holder's polling child and parse
  workers too) over that time, as % of one core. The holder polls every feed every --refresh
  (304s); the follower looks at the database once a second.
- **delay**: --headlines times, a headline is added to one feed at a random moment; this process
  reads the database every 5 ms for it (the holder's commit) and the two screens every 20 ms
  (tmux capture-pane) for its title: the follower's delay is screen minus commit, the holder's
  (its own arrival, for comparison) too.

    python benchmarks/two_tickers.py --idle 60 --headlines 9
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.feeds import Item, rss
from tests.server import FeedServer

TICK = os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


def cpu(pid: int) -> float:
    """CPU seconds of `pid` and its living descendants."""
    total = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def run_ns(pid: int) -> int:
    """Nanoseconds on a CPU of every living thread of `pid` and its descendants (schedstat: finer
    than `cpu`'s clock ticks, but a thread that ended in between takes its time with it)."""
    total = 0
    for p in tree(pid):
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except OSError:
                continue
    return total


class Tmux:
    def __init__(self) -> None:
        self.base = ["tmux", "-L", f"two-tickers-{uuid.uuid4().hex[:8]}", "-f", "/dev/null"]

    def __call__(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], capture_output=True, text=True).stdout

    def start(self, name: str, command: str) -> int:
        self("new-session", "-d", "-s", name, "-x", "120", "-y", "30", command)
        return int(self("list-panes", "-t", name, "-F", "#{pane_pid}").split()[0])

    def screen(self, name: str) -> str:
        return self("capture-pane", "-p", "-t", name)

    def wait(self, name: str, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen(name):
            if time.monotonic() > deadline:
                raise SystemExit(f"{name} never showed {text!r}:\n{self.screen(name)}")
            time.sleep(0.1)

    def close(self) -> None:
        self("kill-server")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--refresh", default="1m", help="the config's refresh (idle part)")
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument("--headlines", type=int, default=9)
    parser.add_argument("--newstui", default=shutil.which("newstui") or "newstui")
    args = parser.parse_args()

    server = FeedServer().start()
    now = datetime.now(UTC)
    feeds: dict[str, list[Item]] = {}
    for n in range(args.feeds):
        path = f"/feed{n}.xml"
        feeds[path] = [
            Item(f"Desk {n} report {i} on harbour {n * 31 + i}", server.url(f"/s/{n}/{i}"),
                 guid=f"{n}-{i}", published=now - timedelta(minutes=13 * i + n))
            for i in range(5)
        ]  # fmt: skip
        server.route(path, rss(feeds[path], title=f"Desk {n}"))
    folder = Path(tempfile.mkdtemp(prefix="two-tickers-"))
    config, db = folder / "config.toml", folder / "news.db"
    sources = "".join(f'[[sources]]\nurl = "{server.url(p)}"\n' for p in feeds)
    config.write_text(f'refresh = "{args.refresh}"\njitter = 0\n{sources}')
    env = "env -u COLUMNS -u LINES TERM=xterm-256color"
    command = f"{env} {args.newstui} --config {config} --db {db}"
    tmux = Tmux()
    total = args.feeds * 5
    try:
        holder = tmux.start("holder", command)
        tmux.wait("holder", f"{total} unread / {total}")
        follower = tmux.start("follower", command)
        tmux.wait("follower", "following newstui")
        tmux.wait("follower", f"{total} unread / {total}")
        time.sleep(5)  # both settled after their start
        load = Path("/proc/loadavg").read_text().split()[:3]
        asked = {path: len(server.requests_for(path)) for path in feeds}
        before = (cpu(holder), cpu(follower), time.monotonic(), run_ns(holder), run_ns(follower))
        time.sleep(args.idle)
        after = (cpu(holder), cpu(follower), time.monotonic(), run_ns(holder), run_ns(follower))
        wall = after[2] - before[2]
        print(f"idle {wall:.0f} s, load {' '.join(load)}: CPU % of one core (process tree)")
        for n, name in enumerate(("holder", "follower")):
            ticks = 100 * (after[n] - before[n]) / wall
            ns = (after[n + 3] - before[n + 3]) / 1e9 / wall * 100
            print(f"  {name:8} {ticks:.3f} % (clock ticks), {ns:.3f} % (schedstat)")
        counts = sorted(len(server.requests_for(path)) - asked[path] for path in feeds)
        print(f"  requests a feed in that time: {counts[0]}-{counts[-1]} (refresh {args.refresh})")

        reader = sqlite3.connect(db)
        delays: dict[str, list[float]] = {"holder": [], "follower": []}
        for k in range(args.headlines):
            time.sleep(random.uniform(1.0, 3.0))
            path = random.choice(list(feeds))
            title = f"Arrival {k} the quay reopens {uuid.uuid4().hex[:6]}"
            feeds[path].insert(0, Item(title, server.url(f"/a/{k}"), guid=f"a{k}",
                                       published=datetime.now(UTC)))  # fmt: skip
            server.route(path, rss(feeds[path], title=path))
            tmux("send-keys", "-t", "holder", "r")  # the holder polls every feed now
            stored = shown_at = None
            seen: dict[str, float] = {}
            deadline = time.monotonic() + 60
            while len(seen) < 2 and time.monotonic() < deadline:
                t = time.monotonic()
                if (
                    stored is None
                    and reader.execute("SELECT 1 FROM items WHERE guid = ?", (f"a{k}",)).fetchone()
                ):
                    stored = t
                if int(t * 50) != shown_at:  # screens every 20 ms
                    shown_at = int(t * 50)
                    for name in ("holder", "follower"):
                        if name not in seen and title in tmux.screen(name):
                            seen[name] = time.monotonic()
                time.sleep(0.005)
            if stored is None or len(seen) < 2:
                raise SystemExit(f"arrival {k} not seen: stored {stored}, screens {seen}")
            for name, at in seen.items():
                delays[name].append(at - stored)
            print(f"  arrival {k}: holder {seen['holder'] - stored:.3f} s, "
                  f"follower {seen['follower'] - stored:.3f} s after the commit")  # fmt: skip
        for name, values in delays.items():
            print(f"{name}: store to screen median {statistics.median(values):.3f} s, "
                  f"min {min(values):.3f}, max {max(values):.3f} (n={len(values)})")  # fmt: skip
    finally:
        tmux.close()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
