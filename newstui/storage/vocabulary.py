"""Provides the search index's vocabulary (schema.py's migration 11): every term the index holds,
folded from the headlines the writes queue, and a typed prefix read as an OR of its exact terms."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

TOKENIZE = "unicode61 remove_diacritics 2"
"""items_fts's tokenizer (schema.py's migration 3; a test checks that they agree): terms are
folded by FTS5's own tokenizer with this argument, never by rules of ours."""
MOST_TERMS = 8
"""A typed word of more exact terms than this is read as FTS5's prefix. FTS5 reads an OR of
exact terms lazily from the newest row id, where a prefix merges the doclists of all of its
terms first (at 500,000 stored, 40,000 ids of "storm"*: 26.4 ms against 12.7 for its one
term), but past ~8 terms the OR is the slower (RESULTS.md, sixth pass)."""

FOLD_ROWS = 1_000
"""Queued headlines one fold job tokenizes (~0.1 s of the writer's time): polls' writes go
between two jobs."""

Read = Callable[[str, Sequence[object]], list[tuple[Any, ...]]]

_local = threading.local()


def _folder() -> sqlite3.Connection:
    """This thread's in-memory database holding an empty contentless FTS5 table with
    items_fts's tokenizer: text put in it is split and folded as items_fts folds it."""
    db: sqlite3.Connection | None = getattr(_local, "db", None)
    if db is None:
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.execute(f"CREATE VIRTUAL TABLE fold USING fts5(a, b, content='', tokenize='{TOKENIZE}')")
        db.execute("CREATE VIRTUAL TABLE fold_terms USING fts5vocab(fold, 'instance')")
        _local.db = db
    return db


def terms(texts: Iterable[tuple[str, str]]) -> set[str]:
    """The terms items_fts makes of rows of (title, summary)."""
    db = _folder()
    try:
        db.executemany("INSERT INTO fold (a, b) VALUES (?, ?)", texts)
        return {str(row[0]) for row in db.execute("SELECT DISTINCT term FROM fold_terms")}
    finally:
        db.execute("INSERT INTO fold (fold) VALUES ('delete-all')")


def tokens(word: str) -> list[str]:
    """The terms items_fts's tokenizer makes of `word`, in order ("Stórm" -> ["storm"])."""
    db = _folder()
    try:
        db.execute("INSERT INTO fold (rowid, a, b) VALUES (1, ?, '')", (word,))
        rows = db.execute("SELECT term FROM fold_terms WHERE col = 'a' ORDER BY offset")
        return [str(row[0]) for row in rows]
    finally:
        db.execute("INSERT INTO fold (fold) VALUES ('delete-all')")


def fold_pending(db: sqlite3.Connection, most: int = FOLD_ROWS) -> bool:
    """Adds the terms of up to `most` headlines queued in fts_pending (by migration 11's
    triggers: every headline stored or whose text changed) to fts_terms and takes them off
    the queue; True when more are queued. A write job (Store.fold_search_terms). Not run by
    each write: tokenizing a headline again costs about what storing it does (~100 us for a
    title and a 45-word summary, against ~60 us stored with its index). Terms are never
    removed: one that no headline holds any more adds a term that matches nothing to an OR."""
    rows = db.execute(
        "SELECT p.id, i.title, i.summary FROM fts_pending p LEFT JOIN items i ON i.id = p.id "
        "ORDER BY p.id LIMIT ?",
        (most,),
    ).fetchall()
    found = terms((str(title or ""), str(summary or "")) for _, title, summary in rows)
    db.executemany("INSERT OR IGNORE INTO fts_terms (term) VALUES (?)", ((t,) for t in found))
    db.executemany("DELETE FROM fts_pending WHERE id = ?", ((row[0],) for row in rows))
    return len(rows) == most


def exact_query(read: Read, words: Sequence[str]) -> str | None:
    """The FTS5 query that matches what queries.fts_query(words) matches (each word a prefix,
    all required), with each prefix written as an OR of the exact terms the vocabulary holds
    for it; None where that cannot be said: headlines written but not folded yet
    (Store.fold_search_terms), a word the tokenizer splits in two or drops, a prefix
    of no term or of more than MOST_TERMS."""
    if read("SELECT 1 FROM fts_pending LIMIT 1", ()):
        return None
    groups: list[str] = []
    for word in words:
        folded = tokens(word)
        if len(folded) != 1:
            return None
        prefix = folded[0]
        rows = read(
            "SELECT term FROM fts_terms WHERE term >= ? ORDER BY term LIMIT ?",
            (prefix, MOST_TERMS + 1),
        )
        # The terms holding the prefix come first, in a row: the range starts at it.
        found = [str(row[0]) for row in rows if str(row[0]).startswith(prefix)]
        if not found or len(found) > MOST_TERMS:
            return None
        quoted = " OR ".join('"' + term.replace('"', '""') + '"' for term in found)
        groups.append(f"({quoted})")
    return " AND ".join(groups)
