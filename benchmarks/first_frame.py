"""Provides the first-frame benchmark: the ticker command's CPU (or instructions) to its first
frame that shows a headline, in tmux, for a same-run A/B on a shared machine.

app_speed.py's tmux figure is wall time to the first painted headline, and the process's CPU
when the benchmark saw it: on a machine whose cores other jobs share, the wall moves by 2-3x
and the CPU by +-20 %. This one runs only the start: the `newstui` command (this venv's, or
another checkout's package through PYTHONPATH with --before) in a tmux pane, its terminal
driver's `write` watched, and at the first frame that holds a headline's time the process
records its CPU time (user + system, all threads) and ends at once. With --valgrind the
process runs under callgrind and the figure is its instruction count (Ir) to that frame: the
same on a loaded machine as on a quiet one (+-0.3 % between runs), though not the same thing
as time (an import's unmarshalling and page faults cost more time per instruction than
Python's own loop does).

The database is app_speed.py's (--rows headlines of --sources sources, every headline placed),
read from its --keep folder where it is there, else built for the run; the config lists its
sources as stored (no poll starts before the first frame, so no farm answers).

    python benchmarks/first_frame.py --sources 5000 --rows 100000 --runs 8 --keep /tmp/keep
        [--before DIR] [--valgrind]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_speed import (
    STAMP,
    Tmux,
    build_db,
    carry_cache,
    code_command,
    code_env,
    code_python,
    installed,
    keep_cache,
    kept_db,
    migrate,
    spread_polls,
)
from feedfarm import write_config

CHILD = r"""
import importlib, os, re, sys, time
from importlib.machinery import PathFinder
STAMP = re.compile(os.environ["FIRST_FRAME_STAMP"], re.MULTILINE)
MOVE, ESC = re.compile(r"\x1b\[\d+;\d+H"), re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
def watch(driver):
    write = driver.write
    def watched(self, data):
        if len(data) > 200 and STAMP.search(ESC.sub("", MOVE.sub("\n", data))):
            write(self, data)
            self.flush()
            times, now = os.times(), time.time()
            with open(os.environ["FIRST_FRAME_OUT"], "w") as out:
                out.write(f"{times.user + times.system} {now}")
            os._exit(0)
        write(self, data)
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
module, function = os.environ["FIRST_FRAME_ENTRY"].split(":")
sys.exit(getattr(importlib.import_module(module), function)())
"""
"""The command's own entry point (entry_point) with the watch added to the terminal driver as
the app imports it: nothing is imported earlier or in another order than the command does."""


def entry_point(code: Path | None) -> str:
    """The `module:function` the `newstui` command of `code` starts with: read from its
    console script (a venv's, or this interpreter's), else, for a source folder, the launcher
    where it has one (newstui.launch, from paint6 on) or the command line's main."""
    if code is None or installed(code):
        script = Path(code_command(code)).read_text()
        found = re.search(r"^from ([\w.]+) import (\w+)$", script, re.MULTILINE)
        if found:
            return f"{found.group(1)}:{found.group(2)}"
    elif (code / "newstui" / "launch.py").exists():
        return "newstui.launch:main"
    return "newstui.cli:main"


PRIME = r"""
import sys
from pathlib import Path
try:
    from newstui.config.parse_cache import ConfigCache
except ImportError:  # code before paint5k2 keeps no parse
    sys.exit(0)
from newstui.config.schema import load_config
cache = ConfigCache(Path(sys.argv[2]))
load_config(Path(sys.argv[1]), cache)
cache.flush()
"""
"""Keeps a code's parse of the config as its ticker does after its first frame (this script
ends the ticker at that frame, before it would write it): later runs start as a ticker
restarted on an unchanged config."""


def one_run(
    config: Path, db: Path, code: Path | None, valgrind: bool, out: Path
) -> tuple[float, float]:
    """CPU seconds (or instructions, with `valgrind`) from exec to the first headline frame,
    and the wall seconds from just before `tmux new-session` to that frame's write (what
    app_speed.py's tmux figure sees, less its capture-pane polling; nothing under valgrind)."""
    out.unlink(missing_ok=True)
    log = out.with_suffix(".valgrind")
    python = code_python(code)
    # -P: not the working folder first on sys.path, where a checkout's newstui would win
    # over --before's PYTHONPATH (the installed command's own sys.path starts at its bin).
    # argv[0] "-c": the command line is read from sys.argv[1:], as the console script's is.
    command = [python, "-P", "-c", CHILD, "--config", str(config), "--db", str(db)]
    if valgrind:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            f"--log-file={log}",
            *command,
        ]
    env = {
        "TERM": "xterm-256color",
        "FIRST_FRAME_STAMP": STAMP.pattern,
        "FIRST_FRAME_OUT": str(out),
        "FIRST_FRAME_ENTRY": entry_point(code),
    }
    if code is not None and not installed(code):
        env["PYTHONPATH"] = str(code)
    tmux = Tmux()
    try:
        shell = " ".join(["env", *(f"{k}={_quote(v)}" for k, v in env.items())])
        shell += " " + " ".join(_quote(word) for word in command)
        start = time.time()
        tmux("new-session", "-d", "-s", "b", "-x", "120", "-y", "40", shell)
        deadline = time.monotonic() + (600 if valgrind else 60)
        while not out.exists() or (valgrind and "Collected" not in _read(log)):
            if time.monotonic() > deadline:
                raise SystemExit("no headline frame:\n" + tmux("capture-pane", "-p"))
            time.sleep(0.05)
    finally:
        tmux.kill()
    if valgrind:
        found = re.search(r"Collected : (\d+)", _read(log))
        assert found is not None
        return float(found.group(1)), 0.0
    cpu, frame = out.read_text().split()
    return float(cpu), float(frame) - start


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


def _quote(word: str) -> str:
    return "'" + word.replace("'", "'\"'\"'") + "'"


COMPILE = r"""
import compileall, os, sys, newstui
sys.exit(not compileall.compile_dir(os.path.dirname(newstui.__file__), quiet=1))
"""
"""Compiles the newstui package a code imports to bytecode, where it is not yet (compileall
writes it even with PYTHONDONTWRITEBYTECODE set; an installed venv's is up to date)."""


def compile_code(code: Path | None) -> None:
    """Brings `code`'s modules to bytecode once, before the runs, as pip does at an install.
    Without it, a source checkout (this interpreter's editable install, or --before's folder)
    run where PYTHONDONTWRITEBYTECODE is set compiled every module of newstui at every start:
    1.97 G instructions to the first frame against 1.37 G from bytecode (500,000 stored,
    2026-12-01), and an A/B against an installed venv measured the compiler."""
    command = [code_python(code), "-P", "-c", COMPILE]
    subprocess.run(command, check=True, env=code_env(code))


def config_of(db: Path, config: Path) -> None:
    """A config listing the database's sources, as the ticker's user would have it."""
    with sqlite3.connect(db) as raw:
        urls = [row[0] for row in raw.execute("SELECT url FROM sources ORDER BY id")]
    write_config(config, urls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=5000)
    parser.add_argument(
        "--before",
        type=Path,
        help="other code, run alongside: a source folder (PYTHONPATH) or a venv it is installed "
        "in; this code is the interpreter's that runs this script",
    )
    parser.add_argument(
        "--keep", type=Path, help="app_speed.py's folder of built databases (only read here)"
    )
    parser.add_argument("--valgrind", action="store_true", help="instructions, not CPU time")
    parser.add_argument(
        "--cold-config",
        action="store_true",
        help="every run parses the config (no parse kept from the run before: a config just "
        "edited, or code before paint5k2)",
    )
    args = parser.parse_args()
    codes: list[tuple[str, Path | None]] = [("this code", None)]
    if args.before:
        codes.append((f"before ({args.before})", args.before))
    results: dict[str, list[float]] = {label: [] for label, _ in codes}
    walls: dict[str, list[float]] = {label: [] for label, _ in codes}
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="newstui-first-frame-") as tmp:
        root = Path(tmp)
        templates: dict[Path | None, Path] = {}
        for _, code in codes:
            template = root / f"template-{len(templates)}.db"
            kept = kept_db(args.keep, args.rows, args.sources, code) if args.keep else None
            if kept is not None and kept.exists():
                shutil.copy(kept, template)
                migrate(template, code)  # once, not in every run's first frame
            else:  # built as app_speed.py builds it, not kept (its sources are not the farm's)
                config = root / "build.toml"
                urls = [f"http://127.0.0.1:9/feed/{n}" for n in range(args.sources)]
                config.write_text(
                    "\n".join(f'[[sources]]\nurl = "{url}"\n' for url in urls) or "sources = []"
                )
                if code is None:
                    build_db(template, config, urls, args.rows)
                else:
                    build = [code_python(code), str(Path(__file__).with_name("app_speed.py"))]
                    subprocess.run(
                        [*build, "--build-one", str(config), str(template), str(args.rows)],
                        check=True,
                        env=code_env(code),
                    )
            templates[code] = template
        for number, (_, code) in enumerate(codes):
            compile_code(code)
            if not args.cold_config:
                primed = root / f"prime-{number}.db"
                config_of(templates[code], root / f"config-{number}.toml")
                command = [code_python(code), "-P", "-c", PRIME]
                command += [str(root / f"config-{number}.toml"), str(primed)]
                subprocess.run(command, check=True, env=code_env(code))
                keep_cache(root / f"config-cache-{number}", primed)
        for run in range(args.runs):
            for number, (label, code) in enumerate(codes):  # interleaved, run for run
                # One config file a code, its parse kept from run to run (app_speed.CONFIG_CACHE)
                # unless --cold-config: a ticker restarted on an unchanged config, or edited.
                db, config = root / f"run{run}.db", root / f"config-{number}.toml"
                shutil.copy(templates[code], db)
                spread_polls(db, 300.0)  # none due at launch, as in a ticker left running
                config_of(db, config)
                kept = root / f"config-cache-{number}"
                cached = 0.0 if args.cold_config else carry_cache(kept, db)
                figure, wall = one_run(config, db, code, args.valgrind, root / "figure")
                results[label].append(figure)
                walls[label].append(wall)
                print(
                    f"run {run + 1} {label}: {figure:.6g}, wall {wall:.3f} s "
                    f"(config cache: {cached:.0f})",
                    flush=True,
                )
                keep_cache(kept, db)
                for stale in root.glob(f"{db.name}*"):
                    stale.unlink()
            loads.append(os.getloadavg()[0])
    unit = "instructions (callgrind Ir)" if args.valgrind else "CPU s"
    print(
        f"\nthe ticker to its first headline frame, {args.rows:,} stored of {args.sources:,} "
        f"sources, {unit}, {args.runs} runs, load {min(loads):.1f}-{max(loads):.1f}"
    )
    print("\n| code | median | range |\n|---|---|---|")
    for label, values in results.items():
        print(
            f"| {label} | {statistics.median(values):.6g} | {min(values):.6g} - {max(values):.6g} |"
        )
    if not args.valgrind:
        # On a shared machine the wall's lowest runs are the nearest to a quiet one's.
        print("\n| code | wall median, s | lowest | range |\n|---|---|---|---|")
        for label, values in walls.items():
            low = sorted(values)[: max(1, len(values) // 4)]
            print(
                f"| {label} | {statistics.median(values):.3f} | {statistics.median(low):.3f} "
                f"(lowest quarter's median) | {min(values):.3f} - {max(values):.3f} |"
            )


if __name__ == "__main__":
    main()
