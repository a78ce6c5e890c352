"""Provides the ticker benchmark: first paint, CPU per key, prepend, idle CPU and memory of the app.

A database of --rows stored headlines (50 sources on a local feed farm, benchmarks/feedfarm.py,
each source with the farm's ETag stored, so polls get 304 Not Modified; --sources N for more
sources; every headline placed in its story, as in a ticker that has run a while) is built once
(with --before, once more by that code) and copied for each run. Then:

Each is measured at every --sizes (default 120x40, where the list is 72 columns and shows the News
line layout, and 200x40, where it is 120 and compact), and with --before DIR for another checkout's
`newstui` package too (run through PYTHONPATH, interleaved with ours, run for run).

Headless (Textual's run_test, each run a fresh process):
  - launch to first painted headline: wall time from spawning the process to the app's first
    frame holding a headline's time (`HH:MM DD.MM.YYYY`, or a compact row's `HH:MM`; imports
    included);
  - CPU per key down (200 presses, median of per-key process CPU time), and of a key bound to
    nothing (what Pilot and Textual cost whatever the widget);
  - prepending 50 new headlines to a 10,000-row list: CPU time of the list update and the
    repaint that follows;
  - the sources view and a search (app_views.py): process CPU from the key to the screen
    ready;
  - peak RSS of that process.
In a real terminal (the installed `newstui` in tmux, polling on: each source every
--refresh, default the app's 5 minutes, their next polls spread over that time):
  - launch to first painted headline: from just before `tmux new-session` to the first
    `capture-pane` that shows a timestamped row (polled every 5 ms), and the process's CPU time
    then (what a loaded machine's wall time hides);
  - CPU per key down: the process's CPU time (/proc/PID/stat) over 200 `Down` keys sent one by
    one, less its idle rate over the same time, divided by 200;
  - idle CPU over --idle seconds with nothing new (the farm answers 304), as % of one core;
  - the sources view (`S`, twice) and each search of app_views.SEARCHES (`/`, the word, Enter):
    from the key to the first `capture-pane` that shows it painted;
  - resident memory after start, after the keys and after the idle time (VmRSS) and its peak.

    python benchmarks/app_speed.py [--runs 5] [--rows 50000] [--sources 50] [--idle 60]
        [--keys 200] [--sizes 120x40,200x40] [--before DIR] [--keep DIR] [--queue N]
    python benchmarks/app_speed.py --rows 500000 --idle 0   # issue 18: 500,000 stored
    python benchmarks/app_speed.py --sources 5000 --rows 100000 --idle 0   # 5,000 sources
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_views import SEARCHES, headless_views, keys_moved, plain, polls_said, tmux_views
from key_cost import key_cpu

STAMP = re.compile(r"\d\d:\d\d \d\d\.\d\d\.\d{4}|^[ •✦][ ★] \d\d:\d\d ", re.MULTILINE)
"""A painted headline: its full time (News line, or the one-row list before the layouts), or a
compact row's marks then its time of day (the header's clock matches neither)."""
POLL_ITEMS = 20
"""Headlines a source's poll brings when the database is built."""
NEWSTUI = str(Path(sys.executable).with_name("newstui"))
TICK = os.sysconf("SC_CLK_TCK")


# --- the database -----------------------------------------------------------------------------


def build_db(path: Path, config: Path, urls: list[str], rows: int) -> None:
    """`rows` headlines over the farm's sources, 30 s apart, with the farm's validators stored,
    every one placed in its story (a ticker would place a backlog after its first paint, and
    that work is not what these figures are about). Stored as polls would store them: in rounds
    of POLL_ITEMS a source, oldest first, so that row ids follow the dates as in a database
    filled over time (the first round's block of every source's history aside)."""
    from newstui.config.schema import load_config
    from newstui.feeds.stories import StoryPlacer
    from newstui.models import FeedEntry
    from newstui.storage.store import Store

    cfg = load_config(config)
    store = Store(path)
    sources = store.sync_sources(cfg.sources, cfg.refresh)
    now = datetime.now(UTC)
    per_source = rows // len(sources)
    for source in sources:
        index = int(source.url.rsplit("/", 1)[1])
        source.etag = f'"farm-{index}-v1"'
        source.last_status = "ok"
        source.feed_title = f"Farm feed {index}"
        source.last_fetch = now
        source.next_poll = now + timedelta(seconds=cfg.refresh)  # reset per run: spread_polls
    for newest in range(per_source - POLL_ITEMS, -POLL_ITEMS, -POLL_ITEMS):  # oldest round first
        for n, source in enumerate(sources):
            entries = [
                FeedEntry(
                    guid=f"bench-{n}-{i}",
                    title=headline_title(n, i),
                    link=f"http://127.0.0.1/{n}/{i}",
                    published=now - timedelta(seconds=30 * (i * len(sources) + n) + 60),
                    summary="A short summary of what happened. " * 4,
                )
                for i in range(max(0, newest), newest + POLL_ITEMS)
            ]
            store.save_poll(source, entries, now)
    StoryPlacer().place_all(store)
    store.close()


def headline_title(source: int, item: int) -> str:
    """Six words of the demo newsroom's names and phrases, "storms" in four titles of five
    (the common word app_views searches for), and one word of the item's and source's numbers
    ("4711x3": "4711" finds one headline a source, the rare word). Titles that share most
    words, or a number across sources, are grouped in stories of tens or thousands of
    headlines by the stories engine, which real feeds do not make."""
    rng = random.Random(source * 1_000_003 + item)
    words = rng.sample(vocabulary(), 6)
    if rng.random() < 0.8:
        words.insert(rng.randrange(7), "storms")
    return f"{' '.join(words).capitalize()} ({item}x{source})"


@cache
def vocabulary() -> list[str]:
    from newstui.demo.words import POOLS

    words = {w.lower() for pool in POOLS.values() for p in pool for w in p.split()}
    return sorted(w for w in words if w.isalpha() and len(w) > 3 and w != "storms")


def spread_polls(db: Path, refresh: float, start: float = 10.0) -> None:
    """Makes the sources due one after another over the next `refresh` seconds (from `start`
    seconds on), as in an app that has been running a while: none overdue at launch."""
    now = time.time()
    with opened(db) as raw:
        ids = [row[0] for row in raw.execute("SELECT id FROM sources ORDER BY id")]
        raw.executemany(
            "UPDATE sources SET next_poll = ? WHERE id = ?",
            [(now + start + refresh * k / len(ids), i) for k, i in enumerate(ids)],
        )


def queue_terms(db: Path, count: int) -> None:
    """Queues the newest `count` headlines for the search vocabulary (migration 11's
    fts_pending), as headlines stored by another process are until the ticker folds them."""
    if count:
        with opened(db) as raw:
            raw.execute(
                "INSERT OR IGNORE INTO fts_pending SELECT id FROM items ORDER BY id DESC LIMIT ?",
                (count,),
            )


CONFIG_CACHE = ".config-cache"
"""newstui.config.parse_cache's file beside the database (from paint5k2 on): the ticker keeps
its config's parse there. Carried from run to run of one code, as a ticker restarted on an
unchanged config finds it: a code's first run parses its config and writes it, later runs read
it (each run's `config_cached` says which); older code ignores the file."""


def carry_cache(kept: Path, db: Path) -> float:
    """Puts a code's kept config cache (`kept`) beside this run's copy of the database `db`;
    1.0 when there was one, else 0.0."""
    if not kept.exists():
        return 0.0
    shutil.copy(kept, db.with_name(db.name + CONFIG_CACHE))
    return 1.0


def keep_cache(kept: Path, db: Path) -> None:
    """Keeps the config cache the run on `db` wrote (or read) for the code's next run."""
    cache = db.with_name(db.name + CONFIG_CACHE)
    if cache.exists():
        shutil.copy(cache, kept)


def kept_db(folder: Path, rows: int, sources: int, code: Path | None) -> Path:
    """Where --keep keeps the database built for these figures by `code` (None: this code)."""
    return folder / f"{rows}-{sources}-{'this' if code is None else code.name}.db"


def move_port(db: Path, old: int, new: int) -> None:
    """Points a kept database's sources at this run's farm: only the port moves between runs."""
    with opened(db) as raw:
        raw.execute("UPDATE sources SET url = replace(url, ?, ?)", (f":{old}/", f":{new}/"))


def migrate(db: Path, code: Path | None) -> None:
    """Brings a kept database to `code`'s schema once, before the runs copy it: else each run's
    first paint would pay the migration (a file kept at schema 10 takes ~1 s at 500,000
    headlines to gain migration 11's search vocabulary). And folds what the file holds queued
    for the search vocabulary (code with one: Store.fold_search_terms), as a ticker that has
    run a while has it: build_db's writes queue every headline they store (schema 11's
    trigger), so a file built by this script held all 500,000 queued, each run's copy with
    it, whatever --queue said, and a search read FTS5's prefix merge (at 500,000 stored the
    store's read of "storm" 23 ms against 3 folded) unless the headless half's `/` had folded
    the copy first (~20 s of its writer's time)."""
    script = (
        "import sys, pathlib, newstui.storage.store as s; "
        "store = s.Store(pathlib.Path(sys.argv[1])); "
        "fold = getattr(store, 'fold_search_terms', None); "
        "fold and fold(); "
        "store.close()"
    )
    # From the database's folder: `python -c` puts the working folder first on sys.path, and run
    # from a checkout it imported the checkout's newstui, not the venv's (an older --before
    # venv's copy was migrated to this code's schema, which that code then refused to open).
    subprocess.run(
        [code_python(code), "-c", script, str(db)], check=True, env=code_env(code), cwd=db.parent
    )


@contextmanager
def opened(db: Path) -> Iterator[sqlite3.Connection]:
    """A connection to `db` that commits and is closed on leaving, its WAL checkpointed into
    the file. `with sqlite3.connect(db)` only commits: the connection stayed open until the
    garbage collector found it (Python 3.11's connection and its statement cache refer to each
    other), its writes in `db`-wal, and a copy of the file alone (shutil.copy) had the kept
    file's old port. The app then took the config's sources for 5,000 new ones: polled with no
    validators, every poll answered 200 with 20 new headlines (the headless half's 0.7-2 s of
    CPU a key, 500-670 MB), and "the keys did not move the list" (RESULTS.md, 2026-11-30)."""
    raw = sqlite3.connect(db)
    try:
        with raw:
            yield raw
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def copy_db(source: Path, target: Path) -> None:
    """A copy of the SQLite file `source` as SQLite reads it, its -wal included (the backup
    API), in place of any file at `target`: copying the file alone drops what is still in its
    write-ahead log."""
    for stale in (
        target,
        target.with_name(target.name + "-wal"),
        target.with_name(target.name + "-shm"),
    ):
        stale.unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def check_sources(db: Path, urls: list[str]) -> None:
    """Stops the run unless `db` holds every source of the config (`urls`), each with the
    farm's validators: otherwise the app polls new sources (no ETag: 200 and new headlines
    from every one), not the stored ones with 304s, and measures another thing."""
    with opened(db) as raw:
        stored = dict(raw.execute("SELECT url, etag FROM sources WHERE active = 1"))
    missing = [url for url in urls if url not in stored]
    bare = [url for url in urls if url in stored and not stored[url]]
    if missing or bare:
        raise SystemExit(
            f"{db}: {len(missing)} of the config's {len(urls)} sources are not stored "
            f"(e.g. {missing[:1]}; stored e.g. {list(stored)[:1]}), {len(bare)} have no ETag: "
            "the app would poll them as new sources"
        )


# --- headless, in a child process -------------------------------------------------------------


def first_row_text(app: Any) -> str:
    from newstui.ui.widgets.headline_list import HeadlineList

    widget = app.query_one(HeadlineList)
    lines = []
    for y in range(min(6, widget.size.height)):
        lines.append("".join(segment.text for segment in widget.render_line(y)))
    return "\n".join(lines)


async def headless(
    config_path: Path, db: Path, keys: int, size: tuple[int, int], sources: int
) -> dict[str, float]:
    from newstui.config.schema import load_config
    from newstui.storage.store import Store
    from newstui.ui.app import NewsApp
    from newstui.ui.widgets.headline_list import HeadlineList

    app = NewsApp(load_config(config_path), Store(db))
    result: dict[str, float] = {}
    async with app.run_test(size=size) as pilot:
        while not STAMP.search(first_row_text(app)):
            await pilot.pause(0.002)
        print("painted", flush=True)
        result["painted_cpu_s"] = time.process_time()
        widget = app.query_one(HeadlineList)
        widget.focus()
        await pilot.pause()
        # The harness's own cost: a key nothing is bound to still goes through the app.
        unbound = await key_cpu(pilot, "f12", 20)
        result["unbound_key_ms"] = statistics.median(unbound) * 1000
        per_key = await key_cpu(pilot, "down", keys)
        result["key_down_ms"] = statistics.median(per_key) * 1000
        result.update(await headless_views(pilot, app, sources))
        widget.focus()
        await pilot.pause()

        # 10,000 rows in the list, the reader a few rows down, then 50 newer headlines arrive.
        widget.max_rows = max(widget.max_rows, 10_000)  # the app keeps 5,000 by default
        widget.set_headlines(app.store.headlines(limit=10_000))
        widget.highlighted_index = 4
        await pilot.pause()
        from list_widget import make_headlines

        newer = make_headlines(50, start_id=10**8, newest=datetime.now(UTC) + timedelta(hours=1))
        cpu = time.process_time()
        widget.add_headlines(newer)
        result["add50_call_ms"] = (time.process_time() - cpu) * 1000
        await pilot.pause()
        result["add50_painted_ms"] = (time.process_time() - cpu) * 1000
        result["rows_after_add"] = float(len(widget.headlines))
        import resource

        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def installed(code: Path | None) -> bool:
    """Whether `code` is a virtual environment with newstui installed in it (`python -m venv V
    && V/bin/pip install .`, as the README installs it), not a checkout's source folder."""
    return code is not None and (code / "bin" / "newstui").exists()


def code_python(code: Path | None) -> str:
    """The interpreter that runs `code`: a venv's own, else this one (with code_env's path)."""
    return str(code / "bin" / "python") if code is not None and installed(code) else sys.executable


def code_command(code: Path | None) -> str:
    """The `newstui` command that runs `code`: a venv's own, else this interpreter's."""
    return str(code / "bin" / "newstui") if code is not None and installed(code) else NEWSTUI


def code_env(code: Path | None) -> dict[str, str]:
    """The environment that runs `code`: a checkout's `newstui` package folder's parent through
    PYTHONPATH; a venv (installed) as it is. An installed package runs from the bytecode its
    install compiled; a source folder run with PYTHONDONTWRITEBYTECODE set compiles every
    module at each start (run `python -m compileall` on it first)."""
    env = dict(os.environ)
    if code is not None and not installed(code):
        env["PYTHONPATH"] = str(code)
    return env


def run_headless(
    config: Path, db: Path, keys: int, size: str, code: Path | None, sources: int
) -> dict[str, float]:
    start = time.perf_counter()
    child = subprocess.Popen(
        [
            code_python(code),
            __file__,
            "--headless-one",
            str(config),
            str(db),
            str(keys),
            size,
            str(sources),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=code_env(code),
    )
    assert child.stdout is not None
    first = child.stdout.readline()
    painted = time.perf_counter() - start
    rest = child.stdout.read()
    if child.wait() != 0 or first.strip() != "painted":
        raise SystemExit(f"headless run failed: {first}{rest}")
    result = dict(json.loads(rest.strip().splitlines()[-1]))
    result["first_paint_s"] = painted
    return result


# --- tmux ---------------------------------------------------------------------------------------


class Tmux:
    def __init__(self) -> None:
        self.socket = f"newstui-bench-{os.getpid()}"

    def __call__(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True
        ).stdout

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def memory_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def app_pid(shell_pid: int) -> int:
    """The newstui process in the pane (the pane's own process, or its child if a shell)."""
    for _ in range(200):
        cmdline = Path(f"/proc/{shell_pid}/cmdline").read_bytes()
        if (b"newstui" in cmdline and b"python" in cmdline) or b"/bin/newstui" in cmdline:
            return shell_pid
        children = Path(f"/proc/{shell_pid}/task/{shell_pid}/children").read_text().split()
        if children:
            shell_pid = int(children[0])
        else:
            time.sleep(0.01)
    raise SystemExit("could not find the newstui process in tmux")


def run_tmux(
    config: Path,
    db: Path,
    keys: int,
    idle: float,
    farm: Any,
    size: str,
    code: Path | None,
    sources: int,
) -> dict[str, float]:
    tmux = Tmux()
    result: dict[str, float] = {}
    path = f"PYTHONPATH={code} " if code is not None and not installed(code) else ""
    command = f"env TERM=xterm-256color {path}{code_command(code)} --config {config} --db {db}"
    columns, rows = size.split("x")
    try:
        start = time.perf_counter()
        tmux("new-session", "-d", "-s", "b", "-x", columns, "-y", rows, command)
        while not STAMP.search(tmux("capture-pane", "-p", "-t", "b")):
            if time.perf_counter() - start > 30:
                raise SystemExit("no headline painted within 30 s:\n" + tmux("capture-pane", "-p"))
            time.sleep(0.005)
        result["first_paint_s"] = time.perf_counter() - start
        pid = app_pid(int(tmux("list-panes", "-t", "b", "-F", "#{pane_pid}").strip()))
        result["first_paint_cpu_s"] = cpu_seconds(pid)  # a loaded machine's proxy for the wall
        result["rss_start_mb"] = memory_mb(pid, "VmRSS")

        # The idle rate over a short settle, to take out of the key figure.
        time.sleep(2.0)
        cpu0, wall0 = cpu_seconds(pid), time.perf_counter()
        time.sleep(3.0)
        idle_rate = (cpu_seconds(pid) - cpu0) / (time.perf_counter() - wall0)

        # The keys must move the highlight, not just change the screen: the header's clock and
        # arriving rows change it too, and a run whose keys went nowhere passed that way.
        styled_before = tmux("capture-pane", "-p", "-e", "-t", "b")
        polls_before = farm.stats()
        cpu0, wall0 = cpu_seconds(pid), time.perf_counter()
        for _ in range(keys):
            tmux("send-keys", "-t", "b", "Down")
            time.sleep(0.01)
        time.sleep(1.0)
        spent = cpu_seconds(pid) - cpu0 - idle_rate * (time.perf_counter() - wall0)
        result["key_down_ms"] = spent / keys * 1000
        styled_after = tmux("capture-pane", "-p", "-e", "-t", "b")
        moved = keys_moved(styled_before, styled_after, STAMP)
        if moved is not None:
            raise SystemExit(
                f"the keys did not move the list: {moved}\n"
                f"{result['key_down_ms']:.1f} ms of CPU a key; "
                f"{polls_said(polls_before, farm.stats())} meanwhile\n"
                f"the screen before the keys:\n{plain(styled_before)}\n"
                f"and after:\n{plain(styled_after)}"
            )
        result["rss_after_keys_mb"] = memory_mb(pid, "VmRSS")
        result.update(tmux_views(tmux, STAMP, sources))
        result["rss_after_views_mb"] = memory_mb(pid, "VmRSS")

        if idle:
            polls0 = farm.stats()["not_modified"]
            cpu0, wall0 = cpu_seconds(pid), time.perf_counter()
            time.sleep(idle)
            result["idle_pct"] = (cpu_seconds(pid) - cpu0) / (time.perf_counter() - wall0) * 100
            result["idle_polls_304"] = farm.stats()["not_modified"] - polls0
            result["rss_after_idle_mb"] = memory_mb(pid, "VmRSS")
        result["rss_peak_mb"] = memory_mb(pid, "VmHWM")
        tmux("send-keys", "-t", "b", "q")
    finally:
        tmux.kill()
    return result


# --- main ---------------------------------------------------------------------------------------


def summary(runs: list[dict[str, float]], keys: list[tuple[str, str]]) -> list[str]:
    lines = []
    for key, label in keys:
        values = [r[key] for r in runs if key in r]
        if values:
            lines.append(
                f"| {label} | {statistics.median(values):.3f} | "
                f"{min(values):.3f} - {max(values):.3f} |"
            )
    return lines


VIEW_ROWS_HEADLESS = [
    ("sources_view_first_cpu_ms", "S to the sources view (first), ms CPU"),
    ("sources_view_again_cpu_ms", "S to the sources view (again), ms CPU"),
    *[
        (f"search_{w}_cpu_ms", f"search {w!r}: Enter to the list, ms CPU")
        for w in SEARCHES.split(",")
    ],
]
VIEW_ROWS_TMUX = [
    ("sources_view_first_s", "S to the sources view painted (first), s"),
    ("sources_view_again_s", "S to the sources view painted (again), s"),
    *[
        (f"search_{w}_s", f"search {w!r}: Enter to the list painted, s")
        for w in SEARCHES.split(",")
    ],
]


def main() -> None:
    if sys.argv[1:2] == ["--headless-one"]:
        config_arg, db_arg, keys_arg, size_arg, sources_arg = sys.argv[2:7]
        columns, rows = (int(n) for n in size_arg.split("x"))
        result = asyncio.run(
            headless(
                Path(config_arg), Path(db_arg), int(keys_arg), (columns, rows), int(sources_arg)
            )
        )
        print(json.dumps(result))
        return
    if sys.argv[1:2] == ["--build-one"]:  # the database as another checkout's code writes it
        config_arg, db_arg, rows_arg = sys.argv[2:5]
        build_db(Path(db_arg), Path(config_arg), [], int(rows_arg))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--sources", type=int, default=50, help="sources (feeds on the farm)")
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--idle", type=float, default=60.0, help="seconds of idle measurement")
    parser.add_argument("--idle-runs", type=int, default=1, help="runs that also measure idle")
    parser.add_argument("--refresh", default="5m", help="every source's poll interval")
    parser.add_argument("--sizes", default="120x40,200x40", help="terminal sizes, COLSxROWS,...")
    parser.add_argument(
        "--before",
        type=Path,
        help="other code, run alongside: a checkout's source folder (through PYTHONPATH) or a "
        "venv it is installed in (its own bin/newstui and bin/python); this code is the "
        "interpreter's that runs this script (run it with a venv's bin/python to measure that "
        "venv's installed newstui)",
    )
    parser.add_argument(
        "--queue",
        type=int,
        default=0,
        help="headlines each run's copy holds queued for the search vocabulary (fts_pending, "
        "schema 11 on), the newest, as a `fetch` from cron leaves them for the ticker to fold; "
        "with --no-headless (the headless half folds them: its own `/`, or this code idle)",
    )
    parser.add_argument("--no-tmux", action="store_true")
    parser.add_argument(
        "--no-headless",
        action="store_true",
        help="tmux only: the headless half polls in its own process, and at 5,000 sources its "
        "round can stop the run before the tmux half",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="a folder to keep the built databases in and reuse them from (a 500,000-headline "
        "file takes minutes to build); one file per --rows, --sources and code",
    )
    args = parser.parse_args()
    from feedfarm import FeedFarm, write_config

    from newstui.config.schema import load_config

    configs: list[tuple[str, str, Path | None]] = []  # label, size, code
    for size in args.sizes.split(","):
        configs.append((f"this code {size}", size, None))
        if args.before:
            configs.append((f"before {size}", size, args.before))
    headless_runs: dict[str, list[dict[str, float]]] = {label: [] for label, *_ in configs}
    tmux_runs: dict[str, list[dict[str, float]]] = {label: [] for label, *_ in configs}
    with (
        FeedFarm(
            feeds=args.sources, items=20, delay=0.02, hosts=max(10, args.sources // 10)
        ) as farm,
        tempfile.TemporaryDirectory(prefix="newstui-app-bench-") as tmp,
    ):
        root = Path(tmp)
        config, template = root / "config.toml", root / "template.db"
        write_config(config, farm.urls, args.refresh)
        templates: dict[Path | None, Path] = {None: template}
        if args.before:  # its own file: a newer schema is one an older newstui refuses to open
            templates[args.before] = root / "template-before.db"
        for code, path in templates.items():
            kept = kept_db(args.keep, args.rows, args.sources, code) if args.keep else None
            if kept and kept.exists():
                copy_db(kept, path)
                move_port(path, int(kept.with_suffix(".port").read_text()), farm.port)
                migrate(path, code)
                print(f"reused {kept}")
                continue
            started = time.perf_counter()
            if code is None:
                build_db(path, config, farm.urls, args.rows)
            else:
                command = [code_python(code), __file__, "--build-one", str(config)]
                subprocess.run(
                    [*command, str(path), str(args.rows)], check=True, env=code_env(code)
                )
            migrate(path, code)  # its search vocabulary folded
            print(f"built {args.rows:,} headlines in {time.perf_counter() - started:.1f} s")
            if kept:
                args.keep.mkdir(parents=True, exist_ok=True)
                copy_db(path, kept)
                kept.with_suffix(".port").write_text(str(farm.port))
        for run in range(args.runs):
            for number, (label, size, code) in enumerate(configs):  # interleaved, run for run
                db = root / f"run{run}-{number}.db"  # a fresh file: the last app may still close
                copy_db(templates[code], db)
                spread_polls(db, load_config(config).refresh)
                queue_terms(db, args.queue)
                cached = carry_cache(root / f"config-cache-{number}", db)
                check_sources(db, farm.urls)
                if not args.no_headless:
                    headless_runs[label].append(
                        run_headless(config, db, args.keys, size, code, args.sources)
                    )
                    print(f"run {run + 1} {label}: headless {headless_runs[label][-1]}", flush=True)
                if not args.no_tmux and shutil.which("tmux"):
                    idle = args.idle if run >= args.runs - args.idle_runs else 0.0
                    result = run_tmux(config, db, args.keys, idle, farm, size, code, args.sources)
                    result["config_cached"] = cached
                    tmux_runs[label].append(result)
                    print(f"run {run + 1} {label}: tmux {result}", flush=True)
                keep_cache(root / f"config-cache-{number}", db)

    print(
        f"\nnewstui app, {args.rows:,} stored headlines of {args.sources:,} sources, "
        f"median of {args.runs} runs "
        f"({datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs)"
    )
    for label, *_ in configs:
        if headless_runs[label]:
            print(f"\n| {label}, headless (run_test) | median | range |\n|---|---|---|")
            print(
                "\n".join(
                    summary(
                        headless_runs[label],
                        [
                            ("first_paint_s", "launch to first painted headline, s"),
                            ("key_down_ms", "CPU per key down, ms"),
                            ("unbound_key_ms", "CPU per unbound key (the harness alone), ms"),
                            ("add50_call_ms", "prepend 50 to 10,000 rows (call), ms CPU"),
                            ("add50_painted_ms", "prepend 50 to 10,000 rows (+ repaint), ms CPU"),
                            *VIEW_ROWS_HEADLESS,
                            ("peak_rss_mb", "peak RSS, MB"),
                        ],
                    )
                )
            )
        if tmux_runs[label]:
            print(f"\n| {label}, tmux (real terminal) | median | range |\n|---|---|---|")
            print(
                "\n".join(
                    summary(
                        tmux_runs[label],
                        [
                            ("first_paint_s", "launch to first painted headline, s"),
                            ("first_paint_cpu_s", "CPU of the process when it was seen, s"),
                            ("key_down_ms", "CPU per key down, ms"),
                            *VIEW_ROWS_TMUX,
                            ("idle_pct", f"idle CPU over {args.idle:.0f} s, % of one core"),
                            ("idle_polls_304", "polls answered 304 while idle"),
                            ("rss_start_mb", "RSS after first paint, MB"),
                            ("rss_after_keys_mb", "RSS after the keys, MB"),
                            ("rss_after_views_mb", "RSS after sources view and searches, MB"),
                            ("rss_after_idle_mb", "RSS after idling, MB"),
                            ("rss_peak_mb", "peak RSS (VmHWM), MB"),
                        ],
                    )
                )
            )


if __name__ == "__main__":
    main()
