"""Provides the search-CPU benchmark: the ticker's process CPU for a search in tmux, from `/` to
the frame that paints the list with the search on its line, for a same-run A/B on a shared
machine.

app_speed.py's tmux figure for a search is the wall from Enter to the first `capture-pane` that
shows it (app_views.tmux_views): on a machine whose cores other jobs share, that wall moves by
2x and more. This one runs the `newstui` command (this venv's, or another code's with
--before) in a tmux pane with its terminal driver's `write` watched, as first_frame.py does,
and measures the process's CPU time (all threads, `time.process_time`, read in the process):
taken when the benchmark signals (SIGUSR1) just before it sends `/`, the app idle, and again at
the first frame written that holds `search: "WORD"` and a headline's time below it. Each
process searches SEARCHES' words in turn, --searches rounds (the first round is app_speed's
case, the later ones a ticker that has searched before), with Esc and a pause between.

The database is app_speed.py's (--rows headlines of --sources sources, every headline placed),
read from its --keep folder; the config lists its sources as stored, none due (no poll).

    python benchmarks/search_cpu.py --rows 500000 --sources 50 --keep /tmp/keep --runs 7
        [--before DIR] [--searches 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_speed import (
    STAMP,
    Tmux,
    code_python,
    installed,
    kept_db,
    migrate,
    spread_polls,
)
from app_views import SEARCHES
from first_frame import _quote, config_of, entry_point

CHILD = r"""
import importlib, os, re, signal, sys, time
from importlib.machinery import PathFinder
STAMP = re.compile(os.environ["SEARCH_CPU_STAMP"], re.MULTILINE)
MOVE, ESC = re.compile(r"\x1b\[\d+;\d+H"), re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
OUT = os.environ["SEARCH_CPU_OUT"]
WORDS = os.environ["SEARCH_CPU_WORDS"].split(",")
state = {"word": None}
PROFILE = os.environ.get("SEARCH_CPU_PROFILE")
if PROFILE:
    import cProfile
    profilers = {(w, part): cProfile.Profile() for w in WORDS for part in ("slash", "typed")}
def note(line):
    with open(OUT, "a") as out:
        out.write(line + "\n")
def mark(signum, frame):
    typed = state["word"] is not None  # the second mark of a search: the bar is open
    state["word"] = WORDS[int(open(OUT + ".next").read())]
    note(f"mark {time.process_time()}")
    if PROFILE:
        if typed:
            profilers[state["word"], "slash"].disable()
        profilers[state["word"], "typed" if typed else "slash"].enable()
signal.signal(signal.SIGUSR1, mark)
def watch(driver):
    write = driver.write
    def watched(self, data):
        word = state["word"]
        write(self, data)
        if word is not None:
            text = ESC.sub("", MOVE.sub("\n", data))
            line = f'search: "{word}"'
            if line in text and STAMP.search(text.split(line, 1)[1]):
                note(f"paint {time.process_time()}")
                state["word"] = None
                if PROFILE:
                    profilers[word, "typed"].disable()
                    for part in ("slash", "typed"):
                        profilers[word, part].dump_stats(f"{PROFILE}.{word}.{part}")
        elif not state.get("seen") and STAMP.search(ESC.sub("", MOVE.sub("\n", data))):
            state["seen"] = True
            note("frame")
    driver.write = watched
class Watch:
    def find_spec(self, name, path=None, target=None):
        if name != "textual.drivers.linux_driver":
            return None
        sys.meta_path.remove(self)
        spec = PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            watch(module.LinuxDriver)
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Watch())
module, function = os.environ["SEARCH_CPU_ENTRY"].split(":")
sys.exit(getattr(importlib.import_module(module), function)())
"""
"""The command's own entry point with a watch on the terminal driver (first_frame.CHILD's way)
and a SIGUSR1 handler that notes the CPU time before a search's `/`."""

TYPED_AFTER = 0.05
"""Seconds from the filter bar seen on screen to the word typed (its frame written, the app
idle again), when the second mark is taken: the word and Enter to the paint."""
SETTLE = 3.0
"""Seconds after the first frame before the first search: the rest of the first page, the
search vocabulary's fold and the collector's first passes are start-up's, not a search's."""


def _wait(what: str, ready: object, deadline: float = 60.0) -> None:
    start = time.monotonic()
    while not ready():  # type: ignore[operator]
        if time.monotonic() - start > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.005)


def _lines(out: Path) -> list[str]:
    return out.read_text().splitlines() if out.exists() else []


def one_run(
    config: Path, db: Path, code: Path | None, out: Path, rounds: int, profile: Path | None = None
) -> list[tuple[float, float]]:
    """CPU seconds of each search (SEARCHES' words in turn, `rounds` times), in order, from `/`
    and from the word typed (the bar open) to the paint; with
    `profile`, cProfile's stats of the interface thread over them (every round's, summed) in
    `profile`.WORD.slash (from `/` to the word) and `profile`.WORD.typed (from the word)."""
    out.unlink(missing_ok=True)
    words = SEARCHES.split(",")
    command = [code_python(code), "-P", "-c", CHILD, "--config", str(config), "--db", str(db)]
    env = {
        "TERM": "xterm-256color",
        "SEARCH_CPU_STAMP": STAMP.pattern,
        "SEARCH_CPU_OUT": str(out),
        "SEARCH_CPU_WORDS": SEARCHES,
        "SEARCH_CPU_ENTRY": entry_point(code),
    }
    if profile is not None:
        env["SEARCH_CPU_PROFILE"] = str(profile)
    if code is not None and not installed(code):
        env["PYTHONPATH"] = str(code)
    tmux = Tmux()
    costs = []
    try:
        # exec: the pane's process is the ticker's, which the benchmark signals.
        shell = " ".join(["exec", "env", *(f"{k}={_quote(v)}" for k, v in env.items())])
        shell += " " + " ".join(_quote(word) for word in command)
        tmux("new-session", "-d", "-s", "b", "-x", "120", "-y", "40", shell)
        pid = int(tmux("display-message", "-p", "-t", "b", "#{pane_pid}").strip())
        _wait("the first frame", lambda: "frame" in _lines(out))
        time.sleep(SETTLE)

        def screen() -> str:
            return tmux("capture-pane", "-p", "-t", "b")

        for n in range(rounds * len(words)):
            word = words[n % len(words)]
            out.with_name(out.name + ".next").write_text(str(n % len(words)))
            os.kill(pid, signal.SIGUSR1)
            _wait("the mark", lambda n=n: len(_lines(out)) == 3 * n + 2)
            tmux("send-keys", "-t", "b", "/")
            _wait("the filter bar", lambda: "Filter titles" in screen())
            time.sleep(TYPED_AFTER)
            os.kill(pid, signal.SIGUSR1)
            _wait("the mark", lambda n=n: len(_lines(out)) == 3 * n + 3)
            tmux("send-keys", "-t", "b", "-l", word)
            tmux("send-keys", "-t", "b", "Enter")
            _wait(f"the search {word!r}", lambda n=n: len(_lines(out)) == 3 * n + 4)
            slash, typed, paint = (float(line.split()[1]) for line in _lines(out)[-3:])
            costs.append((paint - slash, paint - typed))
            time.sleep(0.3)
            tmux("send-keys", "-t", "b", "Escape")
            _wait("the search cleared", lambda: "search:" not in screen())
            time.sleep(0.5)
    finally:
        tmux.kill()
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--searches", type=int, default=3, help="rounds of SEARCHES a process")
    parser.add_argument("--before", type=Path, help="other code (first_frame.py's --before)")
    parser.add_argument(
        "--profile",
        type=Path,
        help="cProfile the searches of the last run of each code: stats in PROFILE-N.WORD.PART "
        "(N: 0 this code, 1 --before; PART slash or typed), read with pstats (the profiled "
        "run's CPU figures are not kept)",
    )
    parser.add_argument(
        "--keep", type=Path, required=True, help="app_speed.py's folder of built databases"
    )
    args = parser.parse_args()
    codes: list[tuple[str, Path | None]] = [("this code", None)]
    if args.before:
        codes.append((f"before ({args.before})", args.before))
    words = SEARCHES.split(",")
    # label -> word -> round -> (from `/`, from the word) CPU seconds
    results: dict[str, dict[str, list[list[tuple[float, float]]]]] = {
        label: {word: [[] for _ in range(args.searches)] for word in words} for label, _ in codes
    }
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="newstui-search-cpu-") as tmp:
        root = Path(tmp)
        templates: dict[Path | None, Path] = {}
        for _, code in codes:
            kept = kept_db(args.keep, args.rows, args.sources, code)
            if not kept.exists():
                raise SystemExit(f"no {kept}: build it with app_speed.py --keep")
            template = root / f"template-{len(templates)}.db"
            shutil.copy(kept, template)
            migrate(template, code)
            templates[code] = template
        for run in range(args.runs):
            for label, code in codes:  # interleaved, run for run
                db, config = root / f"run{run}.db", root / "config.toml"
                shutil.copy(templates[code], db)
                spread_polls(db, 300.0, start=300.0)  # no poll during the run
                config_of(db, config)
                profile = None
                if args.profile and run == args.runs - 1:
                    profile = Path(f"{args.profile}-{codes.index((label, code))}")
                costs = one_run(config, db, code, root / "out", args.searches, profile)
                if profile is not None:
                    print(f"run {run + 1} {label}: profiled in {profile}.WORD")
                    continue
                for n, cost in enumerate(costs):
                    results[label][words[n % len(words)]][n // len(words)].append(cost)
                shown = " ".join(f"{a * 1000:.1f}/{b * 1000:.1f}" for a, b in costs)
                print(f"run {run + 1} {label}: ms from / and from the word: {shown}", flush=True)
                for stale in root.glob(f"{db.name}*"):
                    stale.unlink()
            loads.append(os.getloadavg()[0])
    print(
        f"\nprocess CPU of a search to the painted list, {args.rows:,} stored of "
        f"{args.sources:,} sources, ms, {args.runs} runs, load {min(loads):.1f}-{max(loads):.1f}"
    )
    print(
        "\n| code | word | from `/`, first search: median (range) | later searches | "
        "from the word, first search | later searches |\n|---|---|---|---|---|---|"
    )
    for label, by_word in results.items():
        for word, rounds in by_word.items():
            if not rounds[0]:
                continue  # profiled only
            cells = []
            for part in (0, 1):
                first = [cost[part] * 1000 for cost in rounds[0]]
                later = [cost[part] * 1000 for r in rounds[1:] for cost in r]
                cells.append(f"{statistics.median(first):.1f} ({min(first):.1f}-{max(first):.1f})")
                cells.append(f"{statistics.median(later):.1f}" if later else "-")
            print(f"| {label} | {word} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
