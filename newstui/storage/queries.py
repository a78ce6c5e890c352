"""Provides the store's SQL for reading: headline queries as WHERE terms, and rows as types."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from newstui.models import Article, Headline, HeadlineQuery, Source, SourceStatus

HEADLINE_COLUMNS = (
    "i.id, i.source_id, COALESCE(s.name, s.feed_title, s.url), i.guid, i.title, i.link, "
    "i.published, i.summary, i.read, i.starred, i.first_seen, i.story"
)
"""What `headline` reads, over `items i JOIN sources s ON s.id = i.source_id`."""

SOURCE_SQL = """SELECT s.id, s.url, s.name, s.feed_title, s.refresh, s.tags, s.etag,
       s.last_modified, s.last_fetch, s.last_status, s.last_error, s.failures,
       s.next_poll, s.moved_to, s.ttl, s.paused, s.site_link,
       s.retry_until, COALESCE(c.total, 0), COALESCE(c.unread, 0)
FROM sources s LEFT JOIN source_counts c ON c.source_id = s.id"""
"""What `source` reads, with the source's headline and unread counts (kept by triggers:
schema.py's migration 10)."""

ARTICLE_SQL = (
    "SELECT title, markdown, words, author, published, fetched FROM articles WHERE item_id = ?"
)


def ts(moment: datetime | None) -> float | None:
    """Seconds since the epoch, as the database keeps moments."""
    return moment.timestamp() if moment is not None else None


def dt(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if value is not None else None


def headline(row: tuple[Any, ...]) -> Headline:
    """A row of HEADLINE_COLUMNS as a Headline."""
    return Headline(
        id=int(row[0]),
        source_id=int(row[1]),
        source_name=str(row[2]),
        guid=str(row[3]),
        title=str(row[4]),
        link=row[5] if row[5] is None else str(row[5]),
        published=datetime.fromtimestamp(float(row[6]), UTC),
        summary=str(row[7]),
        read=bool(row[8]),
        starred=bool(row[9]),
        first_seen=datetime.fromtimestamp(float(row[10]), UTC),
        story=None if row[11] is None else int(row[11]),
    )


_STATUSES = {status.value: status for status in SourceStatus}


def source(row: tuple[Any, ...]) -> Source:
    """A row of SOURCE_SQL as a Source. A status this version does not know (a newer newstui
    wrote it) reads as NEW: the next poll sets a real one. (~5 us a row: the sources view
    and the ticker's start read 5,000 of them.)"""
    tags = row[5]
    return Source(
        id=int(row[0]),
        url=str(row[1]),
        name=row[2],
        feed_title=row[3],
        refresh=float(row[4]),
        tags=() if tags == "[]" else tuple(json.loads(str(tags))),
        etag=row[6],
        last_modified=row[7],
        last_fetch=dt(row[8]),
        last_status=_STATUSES.get(row[9], SourceStatus.NEW),
        last_error=row[10],
        failures=int(row[11]),
        next_poll=dt(row[12]),
        moved_to=row[13],
        ttl=row[14],
        paused=bool(row[15]),
        site_link=row[16],
        retry_until=dt(row[17]),
        item_count=int(row[18]),
        unread_count=int(row[19]),
    )


def article(row: tuple[Any, ...]) -> Article:
    """A row of ARTICLE_SQL as an Article."""
    title, markdown, words, author, published, fetched = row
    return Article(title, markdown, int(words), author, published, dt(fetched))


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """The user's words as an FTS5 query: each word a quoted prefix term, all of them required.
    Quoting every word means no input is read as FTS syntax (AND, NEAR, column:, "..."), so
    typing never raises a syntax error. None when the text has no word at all."""
    words = search_words(text)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def search_words(text: str) -> list[str]:
    """The words of a search as fts_query reads them (at most 32)."""
    return _FTS_WORD.findall(text)[:32]


def where(
    query: HeadlineQuery, item: str = "i", source: str = "s"
) -> tuple[list[str], list[object]]:
    """WHERE terms (to be joined by AND) and their parameters over `items {item} JOIN sources
    {source}` for every filter of `query` (the aliases let a subquery filter its own rows)."""
    i, s = item, source
    terms: list[str] = []
    params: list[object] = []
    if query.source is not None:
        terms.append(
            f"(lower(COALESCE({s}.name, '')) = lower(?) OR lower(COALESCE({s}.feed_title, '')) "
            f"= lower(?) OR {s}.url = ?)"
        )
        params += [query.source, query.source, query.source]
    if query.source_id is not None:
        terms.append(f"{i}.source_id = ?")
        params.append(query.source_id)
    if query.unread_only:
        terms.append(f"{i}.read = 0")
    if query.starred_only:
        terms.append(f"{i}.starred = 1")
    if query.tag is not None:
        terms.append(f"EXISTS (SELECT 1 FROM json_each({s}.tags) WHERE json_each.value = ?)")
        params.append(query.tag)
    if query.search is not None:
        words = fts_query(query.search)
        if words is None:
            terms.append("0")  # only punctuation: matches nothing, as FTS would
        else:
            terms.append(f"{i}.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
            params.append(words)
    if query.ids is not None:
        wanted = sorted(int(n) for n in query.ids)  # integers only: safe to inline
        terms.append(f"{i}.id IN ({','.join(str(n) for n in wanted) or 'NULL'})")
    if query.story is not None:
        # A headline not placed yet is a story of its own, under its own id.
        terms.append(f"({i}.story = ? OR ({i}.story IS NULL AND {i}.id = ?))")
        params += [query.story, query.story]
    return terms, params


def needs_source(query: HeadlineQuery) -> bool:
    """Whether `where(query)` reads the sources table (by name or tag)."""
    return query.source is not None or query.tag is not None


def few_rows(query: HeadlineQuery) -> bool:
    """The query names one source, one story or a few headlines, whose own index is small to
    sort."""
    return (
        query.source is not None
        or query.source_id is not None
        or query.ids is not None
        or query.story is not None
    )


COUNT_MATCHES_SQL = "SELECT COUNT(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH ? LIMIT ?)"
"""Search matches, counted up to a cap: parameters (FTS query, cap)."""


def headlines_sql(
    query: HeadlineQuery,
    *,
    limit: int,
    before: tuple[datetime, int] | None,
    walk_timeline: bool,
    stories: bool = False,
    since: float | None = None,
) -> tuple[str, list[object]]:
    """The SELECT of Store.headlines and its parameters: newest first, at most `limit`, past
    `before` (published, id) when given. `walk_timeline` walks the newest-first index until
    `limit` rows match instead of sorting every match (see Store.headlines). With `stories`,
    only the newest of each story's headlines that `query` selects (Store.stories). `since`
    (seconds since the epoch) keeps only rows published then or later: it bounds a walk."""
    terms, params = where(query)
    if stories:
        # No newer headline of the same story that the query also selects: one probe of the
        # story index per row. A headline not placed yet (story NULL) is a story of its own.
        inner, inner_params = where(query, item="j", source="sj")
        joined = " JOIN sources sj ON sj.id = j.source_id" if needs_source(query) else ""
        newer = " AND ".join(
            ["j.story = i.story", "(j.published, j.id) > (i.published, i.id)", *inner]
        )
        terms.append(
            f"(i.story IS NULL OR NOT EXISTS (SELECT 1 FROM items j{joined} WHERE {newer}))"
        )
        params += inner_params
    if before is not None:
        terms.append("(i.published < ? OR (i.published = ? AND i.id < ?))")
        stamp = before[0].timestamp()
        params += [stamp, stamp, before[1]]
    if since is not None:
        terms.append("i.published >= ?")
        params.append(since)
    table = "items i INDEXED BY items_timeline" if walk_timeline else "items i"
    sql = f"SELECT {HEADLINE_COLUMNS} FROM {table} JOIN sources s ON s.id = i.source_id"
    if terms:
        sql += " WHERE " + " AND ".join(terms)
    sql += " ORDER BY i.published DESC, i.id DESC LIMIT ?"
    params.append(limit)
    return sql, params
