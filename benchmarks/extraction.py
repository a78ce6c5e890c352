"""Provides the article-extraction benchmark: what `newstui read` prints against trafilatura.

Pages: ../shared/corpus/articles (HTML and ground truth from the public
scrapinghub/article-extraction-benchmark), split for good into two halves by a hash of each
page's id: "dev" (changes were developed on it) and "check" (held out, to judge them).

Scored as that benchmark's evaluate.py does: per page, TP/FP/FN over 4-word shingles of \\w+
tokens (with multiplicity, normalised per page); precision and recall are means over pages, F1
their harmonic mean. Scored text:
- newstui: what `newstui read` prints (extract.extract_article(...).as_markdown(), the functions
  the command runs, after the fetch), its leading "# title" line aside, as a reader sees it: the
  Markdown rendered to text by markdown-it-py's "gfm-like" parser, the reading pane's own.
  "raw" scores the printed characters as they are (escapes and link targets included).
- trafilatura 2.3.1 defaults as the benchmark runs them: extract(html, include_comments=False),
  plain text.
Intervals: 95 %, percentile bootstrap over pages (paired: one resample scores both sides).
Each change is measured by turning it off (extract.Method) in the same run. Time: each page's
median over --runs runs after a warm-up pass, the two extractors taking turns on each page.

    python benchmarks/extraction.py [--runs 5] [--check-command] [--before TREE] [--write]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction_report import report  # noqa: E402
from extraction_score import visible_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
RESULTS = Path(__file__).resolve().parent / "extraction_results.md"
Page = tuple[str, bytes, str, str]
"""id, HTML bytes, URL, true article body."""


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


# --- what is scored ---------------------------------------------------------------------------


def trafilatura_defaults(html: bytes, url: str) -> str:
    import trafilatura

    # As the benchmark's extractors/run_trafilatura.py: the page decoded as UTF-8, no URL.
    return trafilatura.extract(html.decode("utf-8", "replace"), include_comments=False) or ""


def newstui_read(html: bytes, url: str, method: object = None) -> str:
    """What `newstui read URL` prints for the page (its text after the fetch)."""
    from newstui.articles.extract import extract_article

    extra = {"method": method} if method is not None else {}
    article = extract_article(html, url=url, **extra)  # type: ignore[arg-type]
    from newstui.articles.extract import as_markdown

    return as_markdown(article) if article else ""


def methods() -> dict[str, object]:
    """Every step on, then each change off in turn (none before extract.Method existed)."""
    try:
        from newstui.articles.choose import Method
    except ImportError:
        return {}
    variants: dict[str, object] = {}
    for field in dataclasses.fields(Method):
        variants[field.name] = dataclasses.replace(Method(), **{field.name: False})
    return variants


# --- runs ---------------------------------------------------------------------------------------


def timed(
    extractors: dict[str, Callable[[bytes, str], str]], pages: list[Page], runs: int
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, float]]]:
    """Outputs (from the warm-up pass) and time figures of each extractor; the extractors take
    turns on each page, so a change in the machine's load weighs on all of them alike."""
    outputs = {name: {p[0]: fn(p[1], p[2]) for p in pages} for name, fn in extractors.items()}
    wall: dict[str, dict[str, list[float]]] = {n: {p[0]: [] for p in pages} for n in extractors}
    cpu: dict[str, dict[str, list[float]]] = {n: {p[0]: [] for p in pages} for n in extractors}
    for _ in range(runs):
        for page_id, html, url, _truth in pages:
            for name, fn in extractors.items():
                start, start_cpu = time.perf_counter(), time.thread_time()
                fn(html, url)
                cpu[name][page_id].append(time.thread_time() - start_cpu)
                wall[name][page_id].append(time.perf_counter() - start)
    times = {}
    for name in extractors:
        per_page = sorted(statistics.median(t) for t in wall[name].values())
        times[name] = {
            "median_ms": statistics.median(per_page) * 1000,
            "cpu_median_ms": statistics.median(statistics.median(t) for t in cpu[name].values())
            * 1000,
            "p90_ms": per_page[int(0.9 * (len(per_page) - 1))] * 1000,
            "max_ms": per_page[-1] * 1000,
        }
    return outputs, times


def before_outputs(tree: Path, pages: list[Page]) -> dict[str, str]:
    """What the code in another source tree (the code before a change) prints for each page,
    run in a child process so that both versions of the package are measured in one run."""
    script = (
        "import gzip, json, sys\n"
        "from newstui.articles import extract\n"
        "out = {}\n"
        "for page_id, path, url in json.load(sys.stdin):\n"
        "    article = extract.extract_article(gzip.decompress(open(path, 'rb').read()), url=url)\n"
        "    # as_markdown was a method before it was a function of the module\n"
        "    whole = getattr(extract, 'as_markdown', lambda a: a.as_markdown())\n"
        "    out[page_id] = whole(article) if article else ''\n"
        "json.dump(out, sys.stdout)\n"
    )
    job = [(p[0], str(CORPUS / "html" / f"{p[0]}.html.gz"), p[2]) for p in pages]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps(job), capture_output=True, text=True,
        env=env, check=True, cwd=tree,
    )  # fmt: skip
    return dict(json.loads(done.stdout))


def check_command(pages: list[Page], printed: dict[str, str]) -> tuple[int, list[str]]:
    """Serve each page on 127.0.0.1, run the real `newstui read URL` on it and compare what it
    prints with the text scored here (as a reader sees it: link targets differ by address)."""
    from tests.server import FeedServer

    server = FeedServer().start()
    command = Path(sys.executable).with_name("newstui")
    mismatches = []
    try:
        for page_id, html, _url, _truth in pages:
            url = server.route(f"/{page_id}.html", html, headers={"Content-Type": "text/html"})
            done = subprocess.run(
                [str(command), "read", url], capture_output=True, text=True, encoding="utf-8",
                timeout=120,
            )  # fmt: skip
            if visible_text(done.stdout) != visible_text(printed[page_id]):
                mismatches.append(page_id)
    finally:
        server.stop()
    return len(pages), mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page (default 5)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="articles folder")
    parser.add_argument("--before", type=Path, help="a source tree to compare with (old code)")
    parser.add_argument(
        "--check-command", action="store_true", help="also run `newstui read` on every page"
    )
    parser.add_argument("--write", action="store_true", help=f"append the figures to {RESULTS}")
    args = parser.parse_args()
    if not (args.corpus / "ground-truth.json").exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    pages = load_corpus(args.corpus)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    outputs, times = timed(
        {"trafilatura": trafilatura_defaults, "newstui": newstui_read}, pages, args.runs
    )
    variants = {
        name: {p[0]: newstui_read(p[1], p[2], method) for p in pages}
        for name, method in methods().items()
    }
    variants["all"] = outputs["newstui"]
    before = before_outputs(args.before.resolve(), pages) if args.before else None
    checked = check_command(pages, outputs["newstui"]) if args.check_command else None
    text = report(
        pages=pages, outputs=outputs, variants=variants, before=before, times=times,
        runs=args.runs, load=load, checked=checked, before_tree=args.before,
    )  # fmt: skip
    print(text)
    if args.write:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("\n" + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
