"""Provides the conditional-GET benchmark: the fetcher's CPU per 304 and connections per round.

A feed farm (benchmarks/feedfarm.py, its own process) serves --feeds feeds over --hosts loopback
hosts after --delay seconds. Each round is a new Fetcher (as each `newstui fetch` process has)
with `fetch`'s round limits (128 connections, 4 per host) that asks for every feed with its
ETag, so that every answer is 304; it prints this process's CPU per request (time.process_time)
and how many TCP connections it opened. Each --code folder (a checkout or `git archive` of
newstui; default: the one beside this script) runs in a child process of its own, alternated
with the others, --runs times; medians at the end.

    python benchmarks/conditional_gets.py [--code DIR ...] [--runs 4] [--rounds 5] [--feeds 500]
        [--hosts 50] [--delay 0.02] [--instructions]

--instructions: instead, each --code's child runs under valgrind's callgrind twice, with 1 and
with 1 + --rounds rounds; the difference over the extra requests is the instructions a 304 costs
(connections opened included, start-up and imports excluded). Counts do not move with the load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from feedfarm import FeedFarm  # noqa: E402


async def _rounds(urls: list[str], rounds: int) -> list[tuple[float, int]]:
    from newstui.net.fetch import Fetcher, FetchLimits
    from newstui.net.transport import load_http_stack

    load_http_stack()
    connects = [0]
    try:  # newstui's own connections (net.lean on net.wire), since branch warmlane
        from newstui.net import wire

        connect_tcp = wire.connect_tcp

        async def counted_tcp(*args: object, **kwargs: object) -> object:
            connects[0] += 1
            return await connect_tcp(*args, **kwargs)  # type: ignore[arg-type]

        wire.connect_tcp = counted_tcp  # type: ignore[assignment]
    except ImportError:  # before: httpcore's pools on net.netbackend
        from newstui.net import netbackend

        connect = netbackend.AsyncioBackend.connect_tcp

        async def counted(self: object, *args: object, **kwargs: object) -> object:
            connects[0] += 1
            return await connect(self, *args, **kwargs)  # type: ignore[arg-type]

        netbackend.AsyncioBackend.connect_tcp = counted  # type: ignore[assignment,method-assign]
    out = []
    for _ in range(rounds):
        connects[0] = 0
        async with Fetcher(FetchLimits(max_connections=128)) as fetcher:
            start = time.process_time()
            etags = [f'"farm-{url.rsplit("/", 1)[1]}-v1"' for url in urls]
            results = await asyncio.gather(
                *(fetcher.fetch(u, etag=e) for u, e in zip(urls, etags, strict=True))
            )
            cpu = time.process_time() - start
        if not all(r.status == 304 for r in results):
            raise SystemExit("not every answer was 304")
        out.append((cpu * 1000 / len(urls), connects[0]))
    return out


def child(code: str, urls_file: str, rounds: int) -> None:
    sys.path.insert(0, code)
    urls = json.loads(Path(urls_file).read_text())
    print(json.dumps(asyncio.run(_rounds(urls, rounds))))


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", action="append", default=[], help="a newstui source folder")
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5, help="rounds per run (each measured)")
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.02)
    parser.add_argument("--instructions", action="store_true", help="count them by callgrind")
    args = parser.parse_args()
    codes = args.code or [str(HERE.parent)]
    if args.instructions:
        instructions(args, codes)
        return
    load = os.getloadavg()
    samples: dict[str, list[tuple[float, int]]] = {c: [] for c in codes}
    with FeedFarm(args.feeds, 1, args.delay, args.hosts) as farm:
        urls_file = HERE.parent / ".conditional_gets_urls.json"
        urls_file.write_text(json.dumps(farm.urls))
        try:
            for _ in range(args.runs):
                for code in codes:  # alternated: drift spreads over every version
                    answer = subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            "--child",
                            code,
                            str(urls_file),
                            str(args.rounds),
                        ],
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    samples[code] += [tuple(s) for s in json.loads(answer.stdout)]  # type: ignore[misc]
        finally:
            urls_file.unlink(missing_ok=True)
    after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{args.feeds} conditional GETs (all 304) over {args.hosts} hosts, {args.delay * 1000:.0f} "
        f"ms latency, {args.runs} x {args.rounds} rounds; load average before "
        f"{' '.join(f'{x:.2f}' for x in load)}, after {after}"
    )
    print("| code | CPU ms per 304, median (range) | connections a round, median |")
    print("|---|---|---|")
    for code, got in samples.items():
        cpu = [c for c, _ in got]
        conns = [n for _, n in got]
        print(
            f"| {code} | {statistics.median(cpu):.3f} ({min(cpu):.3f}-{max(cpu):.3f}) | "
            f"{statistics.median(conns):.0f} |"
        )


def _callgrind(code: str, urls_file: Path, rounds: int) -> int:
    """Instructions of one child process doing `rounds` rounds, by callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
             __file__, "--child", code, str(urls_file), str(rounds)],
            capture_output=True, check=True,
        )  # fmt: skip
        for line in out.read_text(errors="replace").splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise SystemExit("callgrind wrote no total")


def instructions(args: argparse.Namespace, codes: list[str]) -> None:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    rows = []
    with FeedFarm(args.feeds, 1, args.delay, args.hosts) as farm:
        urls_file = HERE.parent / ".conditional_gets_urls.json"
        urls_file.write_text(json.dumps(farm.urls))
        try:
            for code in codes:
                one = _callgrind(code, urls_file, 1)
                more = _callgrind(code, urls_file, 1 + args.rounds)
                rows.append((code, one, (more - one) / (args.rounds * args.feeds)))
        finally:
            urls_file.unlink(missing_ok=True)
    print(
        f"{args.feeds} conditional GETs (all 304) over {args.hosts} hosts, callgrind, "
        f"1 against 1 + {args.rounds} rounds; load average {load}"
    )
    print("| code | instructions per 304 | process with 1 round |")
    print("|---|---|---|")
    for code, one, per in rows:
        print(f"| {code} | {per / 1e6:.2f} M | {one / 1e9:.2f} G |")


if __name__ == "__main__":
    main()
