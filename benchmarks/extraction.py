"""Provides the article-extraction benchmark: quality (shingle F1) and speed on real pages.

Runs over every page in ../shared/corpus/articles (HTML and ground truth from the public
scrapinghub/article-extraction-benchmark) and scores, as that benchmark's evaluate.py does:
per page, TP/FP/FN over 4-word shingles of \\w+ tokens (counted with multiplicity, normalised
so that long pages weigh no more than short ones); precision and recall are the means over
pages, F1 is their harmonic mean.

Compared: (a) trafilatura's defaults as the benchmark runs them (plain text,
include_comments=False) and (b) newstui.articles.extract.extract_article (its Markdown reduced
to plain text, title excluded). Time: each page's median over --runs runs in this process, after one
warm-up pass; the figure is the median of those per-page times.

    python benchmarks/extraction.py [--runs 5] [--write]
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import platform
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
RESULTS = Path(__file__).resolve().parent / "extraction_results.md"

_TOKEN = re.compile(r"\w+")

Scores = tuple[float, float, float]
Page = tuple[str, bytes, str, str]
"""id, HTML bytes, URL, true article body."""


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    # A text shorter than n tokens still counts as one (short) shingle, as in evaluate.py.
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def tp_fp_fn(true: str, pred: str) -> Scores:
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score(pages: list[Scores]) -> Scores:
    precision = statistics.mean(_precision(*s) for s in pages if s[0] + s[1] > 0)
    recall = statistics.mean(_recall(*s) for s in pages if s[0] + s[2] > 0)
    return precision, recall, 2 * precision * recall / (precision + recall)


def load_corpus(folder: Path) -> list[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((folder / "html").glob("*.html.gz")):
        page_id = path.name.split(".")[0]
        entry = truth[page_id]
        pages.append(
            (page_id, gzip.decompress(path.read_bytes()), entry["url"], entry["articleBody"])
        )
    return pages


def trafilatura_defaults(html: bytes, url: str) -> str:
    import trafilatura

    # As the benchmark's extractors/run_trafilatura.py: the page decoded as UTF-8, no URL.
    return trafilatura.extract(html.decode("utf-8", "replace"), include_comments=False) or ""


def newstui_article(html: bytes, url: str) -> str:
    from newstui.articles.extract import extract_article
    from newstui.articles.markdown import markdown_to_text

    article = extract_article(html, url=url)
    return markdown_to_text(article.markdown) if article else ""


EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    "trafilatura 2.3.1 defaults (include_comments=False, text)": trafilatura_defaults,
    "newstui extract_article (Markdown -> text)": newstui_article,
}


def run(
    extractors: dict[str, Callable[[bytes, str], str]], pages: list[Page], runs: int
) -> dict[str, dict[str, float]]:
    """Score each extractor and time it; the extractors take turns on each page, so that a
    change in the machine's load during the run weighs on all of them alike."""
    # The warm-up pass gives the outputs that are scored (and pays for imports and caches).
    outputs = {
        name: {pid: fn(html, url) for pid, html, url, _ in pages} for name, fn in extractors.items()
    }
    wall: dict[str, dict[str, list[float]]] = {n: {p[0]: [] for p in pages} for n in extractors}
    cpu: dict[str, dict[str, list[float]]] = {n: {p[0]: [] for p in pages} for n in extractors}
    for _ in range(runs):
        for page_id, html, url, _truth in pages:
            for name, fn in extractors.items():
                start, start_cpu = time.perf_counter(), time.thread_time()
                fn(html, url)
                cpu[name][page_id].append(time.thread_time() - start_cpu)
                wall[name][page_id].append(time.perf_counter() - start)
    return {name: _figures(outputs[name], wall[name], cpu[name], pages) for name in extractors}


def _figures(
    outputs: dict[str, str],
    wall: dict[str, list[float]],
    cpu: dict[str, list[float]],
    pages: list[Page],
) -> dict[str, float]:
    per_page = sorted(statistics.median(t) for t in wall.values())
    cpu_per_page = [statistics.median(t) for t in cpu.values()]
    p, r, f1 = score([tp_fp_fn(truth, outputs[page_id]) for page_id, _, _, truth in pages])
    return {
        "precision": p, "recall": r, "f1": f1,
        "median_ms": statistics.median(per_page) * 1000,
        "cpu_median_ms": statistics.median(cpu_per_page) * 1000,
        "p90_ms": per_page[int(0.9 * (len(per_page) - 1))] * 1000,
        "max_ms": per_page[-1] * 1000,
        "empty": sum(1 for text in outputs.values() if not text.strip()),
    }  # fmt: skip


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    return f"`{uname or platform.platform()}`; CPU: {cpu}; Python {platform.python_version()}"


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def report(results: dict[str, dict[str, float]], pages: int, runs: int, load: str) -> str:
    lines = [
        f"## {datetime.date.today().isoformat()}",
        "",
        f"Machine: {machine()}.",
        f"{pages} pages, each timed {runs} times in one process after a warm-up pass, the "
        "extractors taking turns on each page "
        f"(load average before: {load}). Times: per page the median of the runs (wall "
        "clock; CPU = this thread's CPU time), then the median over pages; p90 and max over "
        "pages of the wall times.",
        "",
        "| extractor | precision | recall | F1 | median ms/page | CPU median ms | p90 ms | max ms "
        "| empty |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in results.items():
        lines.append(
            f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} "
            f"| {m['median_ms']:.1f} | {m['cpu_median_ms']:.1f} | {m['p90_ms']:.1f} "
            f"| {m['max_ms']:.1f} | {m['empty']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page (default 5)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="articles folder")
    parser.add_argument("--write", action="store_true", help=f"append the figures to {RESULTS}")
    args = parser.parse_args()
    if not (args.corpus / "ground-truth.json").exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    pages = load_corpus(args.corpus)
    load = _load()
    results = run(EXTRACTORS, pages, args.runs)
    text = report(results, len(pages), args.runs, load)
    print(text)
    if args.write:
        if not RESULTS.exists():
            RESULTS.write_text(
                "# Article extraction benchmark results\n\n"
                "Written by `python benchmarks/extraction.py --write`; newest last.\n\n"
            )
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("\n" + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
