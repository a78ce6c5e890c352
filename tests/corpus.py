"""Provides the shared real-world corpus (`../shared/corpus`) to tests, and a clear skip where it
is absent: parametrised tests get one skipped case naming what is missing, never an empty set."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(
    os.environ.get("NEWSTUI_TEST_CORPUS")
    or Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
)
"""`../shared/corpus` beside the checkout; NEWSTUI_TEST_CORPUS points elsewhere (a test points it
at nothing to check that every corpus test says what is missing)."""
ABSENT = f"the shared corpus is absent (looked for {CORPUS}/MANIFEST.tsv); CI has it"
BASE = "http://127.0.0.1:8000/feed"
NOT_FEEDS = ("opml", "feed-url-list")


def present() -> bool:
    return (CORPUS / "MANIFEST.tsv").exists()


def feed_files() -> list[tuple[str, str]]:
    """(local_path, kind) of every MANIFEST.tsv row that is not an OPML file or a URL list."""
    if not present():
        return []
    manifest = CORPUS / "MANIFEST.tsv"
    rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()[1:]]
    return [
        (row[0], row[3])
        for row in rows
        if len(row) >= 4 and not any(kind in row[3] for kind in NOT_FEEDS)
    ]


def params(values: Sequence[Any], *, width: int = 1, ids: Sequence[str] | None = None) -> list[Any]:
    """`values` (tuples when `width` > 1) for `pytest.mark.parametrize`, or one case skipped with
    the reason when the corpus is absent: an empty list would skip with pytest's "got empty
    parameter set", which names nothing missing."""
    if not values:
        return [
            pytest.param(*[None] * width, marks=pytest.mark.skip(reason=ABSENT), id="no-corpus")
        ]
    names = list(ids) if ids is not None else [str(v[0] if width > 1 else v) for v in values]
    return [
        pytest.param(*(v if width > 1 else (v,)), id=name)
        for v, name in zip(values, names, strict=True)
    ]
