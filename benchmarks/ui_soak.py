"""Provides the UI soak benchmark: the real ticker (NewsApp, headless under Textual's Pilot) left
open through many simulated hours of news, to show its process's memory stays flat.

The demo newsroom runs in a child process on 127.0.0.1 with a clock --speed times faster than
the wall's, started far enough in the past that the run ends near now: with the default a
headline every 4 simulated seconds (`newstui demo`'s pace) at 80x, about 20 headlines a second
arrive, 20,000 in ~17 minutes spanning ~22 simulated hours. The app polls it as `newstui demo`
does (poll child process, the demo's 5 s refresh) into a real SQLite file under /tmp; retention
is the config's, except keep_per_source (default high, so that the database grows through the
run as a real user's does for keep_days' 30 days on many sources).

Now and then (every --act headlines) the user does one of their usual things, in turn: moves
down a few rows, pages down, opens the highlighted article and closes it, goes to the top,
jumps to the newest ("n"); more rarely (every --search-every) searches a word and clears it.
A search reads the list anew, which also drops whatever the list held past its bounds: so it
is rare here, as for a reader who leaves the ticker open to watch the news. With --away N the
reader leaves the highlight one row down after N headlines (`g`, `j`) and does nothing more:
the list keeps their place while news arrives above it.

Every --every headlines it prints the headlines stored, the UI process's RSS (after a full
gc.collect), SQLite's and malloc's heaps; with --trace, tracemalloc's traced memory and the
top growth by traceback (--frames deep) since the first sample after the warm-up (slow: a
sample takes minutes); with --types, the gc-tracked objects grown since then, by type (cheap).
Each line gives Python's allocated blocks, the rows the list holds and the polling process's
RSS (it places headlines in stories: StoryIndex, 48 hours of news); --arenas adds pymalloc's
arenas (MiB, and of them in use) and glibc's heap (MiB from the system, and of them free);
--caches the entries of every lru_cache and Textual cache grown since the warm-up;
--connections each SQLite connection's page cache, schema and statements; --trim calls
malloc_trim(0) at each sample and says what RSS it gave back. At the end, RSS before and after
a malloc_trim(0). The verdict: MB per 1,000 headlines of the RSS line fitted after the warm-up
(the first --warmup headlines), over the whole run.

    python benchmarks/ui_soak.py [--headlines 20000] [--every 1000] [--trace] [--width 100]
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import gc
import linecache
import multiprocessing
import os
import re
import sqlite3
import sys
import time
import tracemalloc
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from tempfile import TemporaryDirectory, TemporaryFile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstui.config.schema import Config  # noqa: E402
from newstui.models import SourceConfig  # noqa: E402
from newstui.storage.store import Store  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
WORDS = ("minister", "storm", "market", "court", "election", "team")


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 2**20


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in [
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        ]
    ]


def poll_child_mib() -> float:
    """RSS of the ticker's polling process (a child of this one), MiB; 0 when none."""
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[1] != me:
                continue
            if b"poll_process" in (stat.parent / "cmdline").read_bytes():
                return int(fields[21]) * PAGE / 2**20
        except (OSError, IndexError, ValueError):
            continue
    return 0.0


def list_rows(app: object) -> int:
    """Rows the ticker's headline list holds."""
    from textual.app import App

    from newstui.ui.widgets.headline_list import HeadlineList

    assert isinstance(app, App)
    return sum(len(lst.headlines) for lst in app.query(HeadlineList))


def strip_holders(app: object) -> Counter[str]:
    """Strips alive, by who holds them: Textual's StylesCache of each widget (the lines it
    drew last, by widget type), the headline lists' block and row caches, or another strip's
    caches of strips derived from it (crops, styles...: counted under the first holder); the
    rest "other"."""
    from textual._styles_cache import StylesCache
    from textual.app import App
    from textual.cache import FIFOCache, LRUCache
    from textual.strip import Strip
    from textual.widget import Widget

    from newstui.ui.widgets.headline_list import HeadlineList

    assert isinstance(app, App)
    owner: dict[int, str] = {}

    def claim(strip: object, name: str) -> None:
        stack = [strip]
        while stack:
            item = stack.pop()
            if not isinstance(item, Strip) or id(item) in owner:
                continue
            owner[id(item)] = name
            for slot in ("_divide_cache", "_crop_cache", "_style_cache", "_filter_cache"):
                cache = getattr(item, slot, None)
                if isinstance(cache, FIFOCache):
                    for key in list(cache.keys()):
                        value = cache.get(key)
                        stack.extend(value if isinstance(value, list) else [value])
            for slot in ("_line_length_cache", "_crop_extend_cache", "_offsets_cache"):
                cache = getattr(item, slot, None)
                if isinstance(cache, FIFOCache):
                    stack.extend(cache.get(key) for key in list(cache.keys()))

    for lst in app.query(HeadlineList):
        for name in ("_blocks", "_strips"):
            cache: LRUCache = getattr(lst, name)
            for key in list(cache.keys()):
                value = cache.get(key)
                for strip in value if isinstance(value, list) else [value]:
                    claim(strip, f"list {name}")
    widgets = [w for screen in app.screen_stack for w in [screen, *screen.query("*")]]
    for widget in widgets:
        assert isinstance(widget, Widget)
        styles_cache = getattr(widget, "_styles_cache", None)
        if isinstance(styles_cache, StylesCache):
            for strip in list(styles_cache._cache.values()):
                claim(strip, f"StylesCache of {type(widget).__name__}")
    held: Counter[str] = Counter(owner.values())
    alive = sum(1 for o in gc.get_objects() if isinstance(o, Strip))
    held["other"] = alive - len(owner)
    held["widgets"] = len(widgets)
    return held


def list_blocks(app: object) -> int:
    """Drawn blocks the ticker's headline list keeps (its LRU of strips)."""
    from textual.app import App

    from newstui.ui.widgets.headline_list import HeadlineList

    assert isinstance(app, App)
    return sum(len(lst._blocks) for lst in app.query(HeadlineList))


def c_heaps() -> tuple[float, float]:
    """MiB SQLite holds (its page caches, statements) and MiB glibc's malloc has handed out
    and not had back (SQLite's share included; Python's small objects are in pymalloc's own
    arenas, not here). Zero where the libraries do not say."""
    import _sqlite3

    try:
        used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
        used.restype = ctypes.c_int64
        sqlite = used() / 2**20
    except (OSError, AttributeError):
        sqlite = 0.0
    try:
        mallinfo = ctypes.CDLL("libc.so.6").mallinfo2
        mallinfo.restype = _MallInfo2
        info = mallinfo()
        malloc = (info.uordblks + info.hblkhd) / 2**20
    except (OSError, AttributeError):
        malloc = 0.0
    return sqlite, malloc


def connections_mib() -> list[tuple[str, float, float, float]]:
    """Each open SQLite connection of this process (found by the collector): its file's name and
    the MiB its page cache, its schema and its prepared statements hold (sqlite3_db_status).
    The C connection's first field after the object header is its `sqlite3 *` (CPython 3.11)."""
    import _sqlite3

    lib = ctypes.CDLL(_sqlite3.__file__)
    status = lib.sqlite3_db_status
    status.argtypes = [ctypes.c_void_p, ctypes.c_int] + [ctypes.POINTER(ctypes.c_int)] * 2
    status.argtypes += [ctypes.c_int]
    filename = lib.sqlite3_db_filename
    filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    filename.restype = ctypes.c_char_p
    found = []
    for obj in gc.get_objects():
        if not isinstance(obj, sqlite3.Connection):
            continue
        try:
            obj.total_changes  # noqa: B018 (raises on a closed connection)
        except sqlite3.ProgrammingError:
            continue
        db = ctypes.c_void_p.from_address(id(obj) + 2 * ctypes.sizeof(ctypes.c_void_p)).value
        if not db:
            continue
        name = (filename(db, b"main") or b":memory:").decode(errors="replace")
        sizes = []
        for op in (1, 2, 3):  # SQLITE_DBSTATUS_CACHE_USED, _SCHEMA_USED, _STMT_USED
            cur, high = ctypes.c_int(), ctypes.c_int()
            status(db, op, ctypes.byref(cur), ctypes.byref(high), 0)
            sizes.append(cur.value / 2**20)
        found.append((Path(name).name or ":memory:", *sizes))
    return found


def pymalloc_mib() -> tuple[float, float]:
    """MiB of pymalloc's arenas (each 1 MiB, returned only when wholly empty) and of the blocks
    in use in them (sys._debugmallocstats, read from stderr)."""
    with TemporaryFile() as out:
        saved = os.dup(2)
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode(errors="replace")
    found = dict(
        re.findall(r"# (arenas allocated current|bytes in allocated blocks) *= *([\d,]+)", text)
    )
    arenas = int(found.get("arenas allocated current", "0").replace(",", ""))
    used = int(found.get("bytes in allocated blocks", "0").replace(",", ""))
    return arenas, used / 2**20


def malloc_heap_mib() -> tuple[float, float]:
    """MiB glibc's malloc holds from the system (main heap, mmapped chunks) and of it free."""
    try:
        mallinfo = ctypes.CDLL("libc.so.6").mallinfo2
        mallinfo.restype = _MallInfo2
        info = mallinfo()
    except (OSError, AttributeError):
        return 0.0, 0.0
    return (info.arena + info.hblkhd) / 2**20, info.fordblks / 2**20


def owner_of(obj: object) -> str:
    """ "Type.attribute" of an object that holds `obj` in an attribute (else "?")."""
    for ref in gc.get_referrers(obj):
        try:
            attributes = ref if isinstance(ref, dict) else vars(ref)
        except TypeError:
            continue
        for key, value in attributes.items():
            if value is obj:
                return f"{'' if ref is attributes else type(ref).__name__}.{key}"
    return "?"


def cache_sizes() -> Counter[str]:
    """Entries held by every cache alive: functools' lru_caches by function, and Textual's
    LRUCache / FIFOCache by the type and attribute of their owner (summed over owners)."""
    import functools

    from textual.cache import FIFOCache, LRUCache

    sizes: Counter[str] = Counter()
    for obj in gc.get_objects():
        if isinstance(obj, functools._lru_cache_wrapper):
            info = obj.cache_info()
            name = getattr(obj, "__qualname__", getattr(obj, "__name__", "?"))
            sizes[f"lru {getattr(obj, '__module__', '?')}.{name} /{info.maxsize}"] += info.currsize
        elif isinstance(obj, FIFOCache):  # thousands (7 in each Strip): by size alone
            sizes[f"FIFOCache /{obj._maxsize}"] += len(obj)
        elif isinstance(obj, LRUCache):  # a few: by the attribute that holds each
            sizes[f"LRUCache {owner_of(obj)} /{obj.maxsize}"] += len(obj)
    return sizes


def malloc_trim() -> float:
    """Gives glibc's free memory back to the system; the MiB of RSS that went with it."""
    before = rss_mib()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    return before - rss_mib()


def newsroom_child(conn: Connection, seed: int, interval: float, speed: float, span: float) -> None:
    """Serves the newsroom on a fast clock that reaches the wall's now after `span` wall s."""
    from newstui.demo.newsroom import Newsroom

    real0 = time.time()
    sim0 = real0 - span * speed

    def clock() -> float:
        return sim0 + (time.time() - real0) * speed

    with Newsroom(seed=seed, interval=interval, clock=clock, refresh=5.0) as room:
        conn.send([(s.url, s.name, s.tags) for s in room.source_configs()])
        conn.recv()  # until told to stop


def stored(db: Path) -> int:
    """Headlines ever stored (ids only grow; retention deletes the oldest)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT coalesce(max(id), 0) FROM items").fetchone()[0])
    finally:
        con.close()


async def act(pilot: object, turn: int) -> None:
    """One of the user's usual actions, in turn."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    kind = turn % 5
    if kind == 0:
        await pilot.press(*("j" * 5))
    elif kind == 1:
        await pilot.press("pagedown")
    elif kind == 2:
        await pilot.press("enter")
        await asyncio.sleep(0.5)
        await pilot.press("escape")
    elif kind == 3:
        await pilot.press("g")
    else:
        await pilot.press("n")


async def search(pilot: object, turn: int) -> None:
    """A search typed, kept a moment and cleared (the list is read anew for it and again after:
    rarer than the other actions, as a re-read also drops what the list held)."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("slash", *WORDS[turn % len(WORDS)], "enter")
    await asyncio.sleep(0.3)
    await pilot.press("escape", "escape")


def fit(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of MB against headlines, per 1,000 headlines."""
    n = len(points)
    if n < 2:
        return float("nan")
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    return 1000 * sxy / sxx if sxx else float("nan")


async def soak(args: argparse.Namespace, db: Path, sources: list[SourceConfig]) -> None:
    from newstui.ui.app import NewsApp

    config = Config(sources=tuple(sources), refresh=5.0, keep_per_source=args.keep_per_source)
    store = Store(db)
    app = NewsApp(config, store, title="newstui soak", poll_process=True)
    if args.trace:
        tracemalloc.start(args.frames)
    points: list[tuple[int, float]] = []
    snap = None
    base_counts: Counter[str] | None = None
    base_caches: Counter[str] | None = None
    started = time.monotonic()
    try:
        async with app.run_test(size=(args.width, args.height)) as pilot:
            next_sample, next_act, turn = 0, args.act, 0
            next_search, searches = args.search_every, 0
            while True:
                await asyncio.sleep(0.5)
                count = stored(db)
                if args.away and count >= args.away:
                    if turn >= 0:  # the reader leaves the highlight one row down, and goes
                        await pilot.press("g", "j")
                        turn = -1
                elif count >= next_act:
                    await act(pilot, turn)
                    turn += 1
                    next_act = count + args.act
                if count >= next_search and turn >= 0:
                    await search(pilot, searches)
                    searches += 1
                    next_search = count + args.search_every
                if count < next_sample:
                    continue
                gc.collect()
                rss = rss_mib()
                points.append((count, rss))
                sqlite, malloc = c_heaps()
                line = (
                    f"{count:7d} headlines {time.monotonic() - started:6.0f} s  RSS {rss:6.1f}"
                    f"  sqlite {sqlite:5.1f}  malloc {malloc:6.1f} MiB"
                )
                line += f"  blocks {sys.getallocatedblocks() / 1000:5.0f} k  rows {list_rows(app)}"
                line += f"  poll child {poll_child_mib():5.1f} MiB"
                if args.arenas:
                    arenas, used = pymalloc_mib()
                    heap, free = malloc_heap_mib()
                    line += f"  pymalloc {arenas:.0f} ({used:.1f} used)"
                    line += f"  heap {heap:.1f} ({free:.1f} free)"
                if args.trace:
                    traced, _ = tracemalloc.get_traced_memory()
                    line += f"  traced {traced / 2**20:6.1f} MiB"
                if args.trim:
                    line += f"  trimmed {malloc_trim():5.1f} MiB"
                print(line, flush=True)
                if args.connections:
                    held = connections_mib()
                    print(
                        "   sqlite connections (cache/schema/statements MiB):",
                        " ".join(f"{n}:{c:.1f}/{h:.1f}/{t:.1f}" for n, c, h, t in held),
                        flush=True,
                    )
                if args.types:
                    counts = Counter(type(o).__qualname__ for o in gc.get_objects())
                    print(
                        f"   {list_blocks(app)} blocks drawn kept; alive: {counts['Strip']} Strip,"
                        f" {counts['FIFOCache']} FIFOCache, {counts['Segment']} Segment",
                        flush=True,
                    )
                    print("   strips by holder:", strip_holders(app).most_common(8), flush=True)
                    if base_counts is None or count < args.warmup:
                        base_counts = counts
                    else:
                        grown = (counts - base_counts).most_common(args.top)
                        print("   objects grown since the warm-up:", grown, flush=True)
                if args.caches:
                    caches = cache_sizes()
                    if base_caches is None or count < args.warmup:
                        base_caches = caches
                    grown = {k: (caches[k] - base_caches[k], caches[k]) for k in caches}
                    top = sorted(grown.items(), key=lambda kv: -kv[1][0])[: args.top]
                    print("   cache entries grown (grown, now):", top, flush=True)
                if args.trace:
                    now = tracemalloc.take_snapshot().filter_traces(
                        [
                            tracemalloc.Filter(False, tracemalloc.__file__),
                            tracemalloc.Filter(False, "<frozen importlib._bootstrap*>"),
                            tracemalloc.Filter(False, linecache.__file__),
                        ]
                    )
                    if snap is not None and count >= args.warmup:
                        diffs = now.compare_to(snap, "traceback")[: args.top]
                        for d in diffs:
                            if d.size_diff < 16 * 1024:
                                continue
                            print(f"   {d.size_diff / 1024:+8.0f} KiB {d.count_diff:+6d}")
                            for fr in d.traceback.format()[-2 * args.frames :]:
                                print("        " + fr.strip()[:150])
                    if snap is None or count < args.warmup:
                        snap = now  # growth is shown against the first sample after warm-up
                next_sample = count + args.every
                if count >= args.headlines:
                    gc.collect()
                    end_rss = rss_mib()
                    print(f"at the end: RSS {end_rss:.1f} MiB, {malloc_trim():.1f} MiB trimmable")
                    break
    finally:
        store.close()
    warm = [(x, y) for x, y in points if x >= args.warmup]
    slope = fit(warm)
    first, last = warm[0] if warm else (0, 0.0), points[-1]
    print(
        f"\nafter the warm-up ({args.warmup} headlines): {slope:+.3f} MB per 1,000 headlines "
        f"(least squares over {len(warm)} samples); RSS {first[1]:.1f} -> {last[1]:.1f} MiB "
        f"from {first[0]} to {last[0]} headlines"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--headlines", type=int, default=20_000)
    p.add_argument("--every", type=int, default=1000, help="sample every N headlines")
    p.add_argument("--warmup", type=int, default=3000)
    p.add_argument("--act", type=int, default=150, help="a user action every N headlines")
    p.add_argument("--search-every", type=int, default=5000, help="a search every N headlines")
    p.add_argument(
        "--away", type=int, default=0, help="after N headlines: `g j` and no more actions"
    )
    p.add_argument("--interval", type=float, default=4.0, help="simulated s between headlines")
    p.add_argument("--speed", type=float, default=80.0, help="simulated s per wall s")
    p.add_argument("--keep-per-source", type=int, default=1_000_000)
    p.add_argument("--width", type=int, default=100)
    p.add_argument("--height", type=int, default=40)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--trace", action="store_true", help="tracemalloc top growth per sample")
    p.add_argument("--types", action="store_true", help="growth of gc-tracked objects by type")
    p.add_argument("--caches", action="store_true", help="entries of every cache, grown")
    p.add_argument("--arenas", action="store_true", help="pymalloc's arenas, malloc's heap")
    p.add_argument("--trim", action="store_true", help="malloc_trim(0) at each sample")
    p.add_argument("--connections", action="store_true", help="each SQLite connection's page cache")
    p.add_argument("--frames", type=int, default=6)
    p.add_argument("--top", type=int, default=8)
    args = p.parse_args()
    span = args.headlines * args.interval / args.speed * 1.5  # wall s; a slow host stays past
    ctx = multiprocessing.get_context("fork")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(
        target=newsroom_child, args=(theirs, args.seed, args.interval, args.speed, span)
    )
    child.start()
    try:
        sources = [SourceConfig(url=u, name=n, refresh=5.0, tags=t) for u, n, t in ours.recv()]
        with TemporaryDirectory(prefix="soak7-ui-") as folder:
            asyncio.run(soak(args, Path(folder) / "ui.db", sources))
    finally:
        ours.send("stop")
        child.join(10)
        if child.is_alive():
            child.kill()


if __name__ == "__main__":
    main()
