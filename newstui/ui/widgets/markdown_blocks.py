"""Provides cap_blocks: at most so many blocks of Markdown for the reading pane to lay out."""

from __future__ import annotations

MAX_BLOCKS = 1_000
"""Blocks (paragraphs, headings, list items: text between blank lines) the pane lays out.
Textual's Markdown mounts a widget per block on the event loop, at a cost that grows faster
than the count (Textual 8.2, 120x40, measured here: 500 blocks 0.8 s of CPU, 1,000 1.7 s,
2,000 4.6 s, 4,000 13 s and 270 MB): a page of 30,000 short paragraphs (0.9 MB, within the
5 MiB cap) froze the ticker for minutes and grew it past 800 MB. The longest of the corpus's
91 real articles has 206 blocks (median 17), so a real article is never cut."""


WHERE = "open it in the browser to read them."


def cap_blocks(markdown: str, limit: int = MAX_BLOCKS) -> str:
    """`markdown` whole when it has at most `limit` blocks (runs of text between blank lines);
    else its first `limit` blocks, a fence left open among them closed, and a last paragraph
    saying how many more there are and where to read them."""
    end = -2
    for _ in range(limit):
        end = markdown.find("\n\n", end + 2)
        if end < 0:
            return markdown
    rest = markdown[end:]
    if not rest.strip():
        return markdown
    more = sum(1 for block in rest.split("\n\n") if block.strip())
    kept = markdown[:end]
    fences = sum(1 for line in kept.splitlines() if line.lstrip().startswith(("```", "~~~")))
    close = "\n```" if fences % 2 else ""
    blocks = f"{more:,} more block{'s' if more != 1 else ''}"
    return f"{kept}{close}\n\n*… {blocks} of this page not shown here: {WHERE}*\n"
