"""Provides the tables of the article-extraction benchmark (extraction_results.md sections)."""

from __future__ import annotations

import datetime
import platform
import subprocess
from collections.abc import Sequence
from pathlib import Path

from extraction_score import (
    HALVES,
    Scores,
    bootstrap,
    half,
    score,
    tp_fp_fn,
    visible_text,
    without_title,
)

Page = tuple[str, bytes, str, str]

# What each change (an extract.Method field) answers, by the kinds of fault listed in issue 16.
CHANGES = {
    "precision": "3, 4: too wide a region; teaser and trailing boxes (favor_precision passes)",
    "links_off": "2, 4: wrong block with links on; words lost or glued at links",
    "validate": "2, 3: a fast result too short or mostly links goes to the next pass",
    "link_boxes": "4: blocks made only of links (related stories, teasers) dropped",
    "headline": "1: title from agreeing sources; the headline not printed twice",
    "spacing": "4: words glued to a link or emphasis separated again",
    "escapes": "5: needless escapes (underscores inside words) dropped",
}
_DIFF = 0.001
"""A page counts as better or worse for a change when its F1 moves by more than this."""


def _page_f1(scores: Scores) -> float:
    tp, fp, fn = scores
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


class Scorer:
    """The scores of every output against the truth, per half."""

    def __init__(self, pages: Sequence[Page]) -> None:
        self.pages = pages
        self.ids = {name: [p[0] for p in pages if half(p[0]) == name] for name in HALVES}
        self.ids["all"] = [p[0] for p in pages]
        self.truth = {p[0]: p[3] for p in pages}

    def of(
        self, printed: dict[str, str], *, raw: bool = False, title: bool = False
    ) -> dict[str, Scores]:
        """Scores of printed Markdown documents: rendered (or raw), title line aside (or not)."""
        result = {}
        for page_id, text in printed.items():
            text = text if title else without_title(text)
            result[page_id] = tp_fp_fn(self.truth[page_id], text if raw else visible_text(text))
        return result

    def plain_text(self, outputs: dict[str, str]) -> dict[str, Scores]:
        """Scores of plain-text outputs, as they are."""
        return {page_id: tp_fp_fn(self.truth[page_id], text) for page_id, text in outputs.items()}

    def group(self, scores: dict[str, Scores], name: str) -> list[Scores]:
        return [scores[i] for i in self.ids[name]]


def _interval(low: float, high: float) -> str:
    return f"[{low:+.4f}, {high:+.4f}]"


def _change_row(scorer: Scorer, name: str, on: dict, off: dict, raw_on: dict, raw_off: dict) -> str:
    cells = [f"`{name}`: {CHANGES.get(name, '')}"]
    moved, single, raw = [], [], []
    for group in HALVES:
        a, b = scorer.group(on, group), scorer.group(off, group)
        delta = score(a)[2] - score(b)[2]
        low, high = bootstrap(a, b)
        cells.append(f"{delta:+.4f} {_interval(low, high)}")
        diffs = [_page_f1(x) - _page_f1(y) for x, y in zip(a, b, strict=True)]
        better = sum(d > _DIFF for d in diffs)
        worse = sum(d < -_DIFF for d in diffs)
        moved.append(f"{better}/{worse}")
        if diffs and max(map(abs, diffs)) > _DIFF:
            top = max(range(len(diffs)), key=lambda i: abs(diffs[i]))
            rest_a = a[:top] + a[top + 1 :]
            rest_b = b[:top] + b[top + 1 :]
            single.append(f"{score(rest_a)[2] - score(rest_b)[2]:+.4f}")
        else:
            single.append("-")
        ra, rb = scorer.group(raw_on, group), scorer.group(raw_off, group)
        raw.append(f"{score(ra)[2] - score(rb)[2]:+.4f}")
    cells += ["; ".join(moved), "; ".join(single), "; ".join(raw)]
    return "| " + " | ".join(cells) + " |"


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.machine()} {cpu}, {platform.system()}, Python {platform.python_version()}"


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (
        " with uncommitted changes" if git("status", "--porcelain", "--", "newstui") else ""
    )


def report(
    *,
    pages: Sequence[Page],
    outputs: dict[str, dict[str, str]],
    variants: dict[str, dict[str, str]],
    before: dict[str, str] | None,
    times: dict[str, dict[str, float]],
    runs: int,
    load: str,
    checked: tuple[int, list[str]] | None,
    before_tree: Path | None,
) -> str:
    """The section extraction_results.md gets for one run."""
    scorer = Scorer(pages)
    traf = scorer.plain_text(outputs["trafilatura"])
    ours = scorer.of(outputs["newstui"])
    ours_raw = scorer.of(outputs["newstui"], raw=True)
    ours_titled = scorer.of(outputs["newstui"], title=True)
    lines = [
        f"## {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Code: {_commit()}. Machine: {_machine()}; load average before: {load}.",
        "",
        "What `newstui read` prints (title line aside, rendered as the pane renders it) against "
        "trafilatura 2.3.1 defaults (`include_comments=False`, text), same run. ΔF1 and its "
        "95 % interval: paired bootstrap over the half's pages.",
        "",
        "| half | pages | trafilatura P / R / F1 | newstui P / R / F1 | ΔF1 [95 % CI] "
        "| newstui F1 [95 % CI] | newstui raw F1 | with title line |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for group in (*HALVES, "all"):
        t, o = scorer.group(traf, group), scorer.group(ours, group)
        tp, tr, tf = score(t)
        op, orr, of = score(o)
        low, high = bootstrap(o, t)
        flow, fhigh = bootstrap(o, None)
        lines.append(
            f"| {group} | {len(o)} | {tp:.3f} / {tr:.3f} / {tf:.4f} | {op:.3f} / {orr:.3f} / "
            f"{of:.4f} | {of - tf:+.4f} {_interval(low, high)} | {of:.4f} [{flow:.4f}, "
            f"{fhigh:.4f}] | {score(scorer.group(ours_raw, group))[2]:.4f} "
            f"| {score(scorer.group(ours_titled, group))[2]:.4f} |"
        )
    if before is not None:
        old = scorer.of(before)
        lines += ["", f"Against the code in `{before_tree}` (same pages, same scoring):", ""]
        lines += ["| half | before F1 | now F1 | Δ now - before [95 % CI] |", "|---|---|---|---|"]
        for group in (*HALVES, "all"):
            b, o = scorer.group(old, group), scorer.group(ours, group)
            low, high = bootstrap(o, b)
            lines.append(
                f"| {group} | {score(b)[2]:.4f} | {score(o)[2]:.4f} | "
                f"{score(o)[2] - score(b)[2]:+.4f} {_interval(low, high)} |"
            )
    if len(variants) > 1:
        lines += [
            "",
            "Each change turned off in turn (`extract.Method`), same run: Δ = F1 with every step "
            "minus F1 with this one off. Pages better/worse: per-page F1 moved by more than "
            f'{_DIFF}. "Without its top page": Δ again without the page it moves most (does one '
            "page carry it?). Raw: Δ on the printed characters (escapes, link targets count).",
            "",
            "| change: fault kinds of issue 16 | Δ dev [95 % CI] | Δ check [95 % CI] "
            "| pages better/worse (dev; check) | Δ without its top page (dev; check) "
            "| Δ raw (dev; check) |",
            "|---|---|---|---|---|---|",
        ]
        for name, printed in variants.items():
            if name == "all":
                continue
            lines.append(
                _change_row(
                    scorer, name, ours, scorer.of(printed), ours_raw, scorer.of(printed, raw=True)
                )
            )
    lines += [
        "",
        f"Time: each page's median of {runs} runs after a warm-up pass, the two taking turns on "
        "each page; then the median over pages (wall clock; CPU = this thread's CPU time).",
        "",
        "| extractor | median ms/page | CPU median ms | p90 ms | max ms | empty |",
        "|---|---|---|---|---|---|",
    ]
    for name, label in (("trafilatura", "trafilatura 2.3.1 defaults"), ("newstui", "newstui read")):
        m = times[name]
        empty = sum(1 for text in outputs[name].values() if not text.strip())
        lines.append(
            f"| {label} | {m['median_ms']:.1f} | {m['cpu_median_ms']:.1f} | {m['p90_ms']:.1f} "
            f"| {m['max_ms']:.1f} | {empty} |"
        )
    if checked is not None:
        total, mismatches = checked
        lines += [
            "",
            f"The real command: `newstui read` on each page served from 127.0.0.1: {total} pages, "
            f"{len(mismatches)} whose printed text (as rendered) differs from the text scored here"
            + (f" ({', '.join(m[:8] for m in mismatches)})" if mismatches else "")
            + ".",
        ]
    return "\n".join(lines) + "\n"
