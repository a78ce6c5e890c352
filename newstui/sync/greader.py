"""Provides an async client of the Google Reader API as FreshRSS, Miniflux, Inoreader, The Old
Reader and BazQux implement it, on newstui's polite HTTP client."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from concurrent.futures import Executor
from urllib.parse import quote

from newstui.config.sync import Secret
from newstui.net.fetch import Fetcher
from newstui.sync.errors import Rejected
from newstui.sync.ids import READ, READING_LIST, STARRED, feed_stream, label_stream, long_item_id
from newstui.sync.session import TEXT, Session, TooLarge
from newstui.sync.wire import (
    IdSet,
    StreamPage,
    Subscription,
    SyncedItem,
    Tag,
    load_json,
    parse_stream,
    read_ids,
    read_stream,
    read_subscriptions,
    read_tags,
)
from newstui.text.sanitize import single_line

_MAX_SERVER_TEXT = 120


class GReaderClient(Session):
    """The API's calls on a signed-in Session (its docstring: failures, sign-in, no retry
    storm)."""

    def __init__(
        self,
        url: str,
        user: str,
        password: Secret,
        fetcher: Fetcher,
        *,
        page_size: int = 250,
        ids_page_size: int = 50_000,
        edit_batch: int = 250,
        max_pages: int = 1_000,
        parse_executor: Executor | None = None,
        token_max_age: float = 1_800.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Session's arguments (url, user, password, fetcher, ...), and: `page_size`: items per
        `stream/contents` or `stream/items/contents` request (250 keeps a POST of ids under
        PHP's default max_input_vars of 1000); `ids_page_size`: ids asked for per
        `stream/items/ids` answer (~28 bytes each in FreshRSS's JSON: 50,000 is ~1.4 MB, far
        under the fetcher's cap; a server with a lower cap of its own pages by continuation;
        each page is a round trip, and FreshRSS adds an empty one when a page is exactly full,
        so a set as large as the page costs two); `edit_batch`: ids per `edit-tag` request;
        `max_pages`: pages followed per stream or id set; `parse_executor`: where pages of
        items are parsed (the pool of newstui.net.process_pool keeps an interface
        responsive); None parses on the event loop."""
        super().__init__(url, user, password, fetcher, token_max_age=token_max_age, clock=clock)
        self.page_size = page_size
        self.ids_page_size = ids_page_size
        self.edit_batch = edit_batch
        self.max_pages = max_pages
        self.parse_executor = parse_executor

    # --- reading ----------------------------------------------------------------------------

    async def subscriptions(self) -> list[Subscription]:
        """Every subscription with its folders (`subscription/list`)."""
        return read_subscriptions(await self._json("subscription/list", "subscription list"))

    async def tags(self) -> list[Tag]:
        """Folders, labels and states (`tag/list`)."""
        return read_tags(await self._json("tag/list", "tag list"))

    async def stream_page(
        self,
        stream: str = READING_LIST,
        *,
        since_us: int | None = None,
        continuation: str | None = None,
        count: int | None = None,
        exclude: str | None = None,
        include: str | None = None,
    ) -> StreamPage:
        """One page of `stream/contents`, oldest first, of items the server stored at or after
        `since_us` (microseconds; sent as `ot`, whole seconds, so the boundary second comes
        again: callers dedupe by item id). `exclude`/`include`: a state stream for `xt`/`it`."""
        query = [("n", str(count or self.page_size)), ("r", "o")]
        if since_us is not None:
            query.append(("ot", str(max(since_us, 0) // 1_000_000)))
        if continuation:
            query.append(("c", continuation))
        if exclude:
            query.append(("xt", exclude))
        if include:
            query.append(("it", include))
        path = "stream/contents/" + quote(stream, safe="/")
        body = await self._call("GET", path, "stream", query=[*query, ("output", "json")])
        return await self._parse(body, "stream")

    async def stream(
        self,
        stream: str = READING_LIST,
        *,
        since_us: int | None = None,
        exclude: str | None = None,
        include: str | None = None,
    ) -> AsyncIterator[StreamPage]:
        """Every page of a stream, oldest first, following `continuation` up to `max_pages`. An
        answer over the size cap is asked for again with half as many items (down to one)."""
        count, continuation = self.page_size, None
        seen: set[str] = set()
        for _ in range(self.max_pages):
            try:
                page = await self.stream_page(
                    stream,
                    since_us=since_us,
                    continuation=continuation,
                    count=count,
                    exclude=exclude,
                    include=include,
                )
            except TooLarge:
                if count == 1:
                    raise
                count = max(count // 2, 1)
                continue
            yield page
            if not page.continuation or page.continuation in seen:
                return  # the end, or a server handing the same page again
            if not page.items and not page.skipped:
                return
            seen.add(page.continuation)
            continuation = page.continuation

    async def item_ids(
        self,
        stream: str,
        *,
        since_us: int | None = None,
        include: str | None = None,
        exclude: str | None = None,
    ) -> IdSet:
        """The ids of every item in `stream` (`stream/items/ids`), following continuation;
        `since_us` as in `stream_page`."""
        ids: set[int] = set()
        continuation: str | None = None
        seen: set[str] = set()
        for _ in range(self.max_pages):
            query = [("s", stream), ("n", str(self.ids_page_size)), ("r", "o")]
            if since_us is not None:
                query.append(("ot", str(max(since_us, 0) // 1_000_000)))
            if continuation:
                query.append(("c", continuation))
            if exclude:
                query.append(("xt", exclude))
            if include:
                query.append(("it", include))
            page, continuation = read_ids(await self._json("stream/items/ids", "id list", query))
            ids.update(page)
            if not continuation or continuation in seen or not page:
                return IdSet(frozenset(ids), complete=True)
            seen.add(continuation)
        return IdSet(frozenset(ids), complete=False)

    async def item_contents(self, ids: Sequence[int]) -> StreamPage:
        """The items with these ids (`stream/items/contents`), `page_size` per request. An answer
        over the size cap is asked for again in halves; ids an answer left out are asked for
        again while answers bring something (servers cap the ids per request: Inoreader at 100
        or 1000), then taken as gone from the server."""
        items: list[SyncedItem] = []
        skipped = 0
        todo = [list(ids[i : i + self.page_size]) for i in range(0, len(ids), self.page_size)]
        while todo:
            batch = todo.pop(0)
            form = [("i", long_item_id(i)) for i in batch]
            try:
                body = await self._call("POST", "stream/items/contents", "items", form=form)
            except TooLarge:
                if len(batch) == 1:
                    raise
                half = len(batch) // 2
                todo[:0] = [batch[:half], batch[half:]]
                continue
            page = await self._parse(body, "items")
            items += page.items
            skipped += page.skipped
            got = {item.item_id for item in page.items}
            left = [i for i in batch if i not in got]
            if left and len(left) < len(batch) and len(got) + page.skipped > 0:
                todo.insert(0, left)
        return StreamPage(items, None, skipped)

    async def _parse(self, body: bytes, what: str) -> StreamPage:
        """Items parsed and sanitised (~0.2 ms each): in `parse_executor` when there is one, so
        that a first sync of thousands of items never holds the event loop."""
        if self.parse_executor is None:
            return read_stream(load_json(body, what))
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.parse_executor, parse_stream, body, what)

    async def unread_ids(self) -> IdSet:
        """Unread items: the reading list without the read state (`xt`)."""
        return await self.item_ids(READING_LIST, exclude=READ)

    async def starred_ids(self) -> IdSet:
        return await self.item_ids(STARRED)

    # --- editing ----------------------------------------------------------------------------

    async def edit_tag(
        self, ids: Iterable[int], *, add: str | None = None, remove: str | None = None
    ) -> int:
        """Adds and/or removes a state or label on items, `edit_batch` ids per request; returns
        how many ids were sent. Raises at the first batch that fails (earlier ones took effect:
        edits are idempotent, so sending them again is harmless)."""
        todo = [long_item_id(i) for i in dict.fromkeys(ids)]
        for start in range(0, len(todo), self.edit_batch):
            form = [("i", i) for i in todo[start : start + self.edit_batch]]
            if add:
                form.append(("a", add))
            if remove:
                form.append(("r", remove))
            await self._call("POST", "edit-tag", "edit", form=form, edit=True, accept=TEXT)
        return len(todo)

    async def mark_read(self, ids: Iterable[int]) -> int:
        return await self.edit_tag(ids, add=READ)

    async def mark_unread(self, ids: Iterable[int]) -> int:
        return await self.edit_tag(ids, remove=READ)

    async def star(self, ids: Iterable[int]) -> int:
        return await self.edit_tag(ids, add=STARRED)

    async def unstar(self, ids: Iterable[int]) -> int:
        return await self.edit_tag(ids, remove=STARRED)

    async def mark_all_as_read(self, stream: str, older_than_us: int) -> None:
        """Marks read every item of `stream` the server stored before `older_than_us` (`ts`, in
        microseconds: FreshRSS compares it with item ids, and without it keeps the current
        second's items unread)."""
        form = [("s", stream), ("ts", str(max(older_than_us, 0)))]
        await self._call("POST", "mark-all-as-read", "mark-all", form=form, edit=True)

    async def quickadd(self, url: str) -> str:
        """Subscribes to `url` (a feed or a page the server finds a feed on); returns the new
        subscription's stream id. Rejected with the server's reason when it cannot."""
        body = await self._call(
            "POST", "subscription/quickadd", "quickadd", form=[("quickadd", url)], edit=True
        )
        doc = load_json(body, "quickadd answer")
        if isinstance(doc, dict) and isinstance(doc.get("streamId"), str) and doc["streamId"]:
            return str(doc["streamId"])
        reason = doc.get("error") if isinstance(doc, dict) else None
        if isinstance(reason, str) and reason.strip():
            text = single_line(self._scrub(reason), _MAX_SERVER_TEXT)
            raise Rejected(f"the server could not subscribe: {text}")
        raise Rejected("the server could not subscribe (it gave no reason)")

    async def _edit_subscription(self, action: str, stream_id: str, **extra: str) -> None:
        form = [("ac", action), ("s", stream_id)]
        form += [(key, value) for key, value in extra.items() if value]
        await self._call("POST", "subscription/edit", "subscription edit", form=form, edit=True)

    async def subscribe(self, url: str, *, title: str = "", folder: str = "") -> None:
        """Subscribes to the feed at `url`, optionally named and in a folder."""
        await self._edit_subscription(
            "subscribe", feed_stream(url), t=title, a=label_stream(folder) if folder else ""
        )

    async def rename(self, stream_id: str, title: str) -> None:
        await self._edit_subscription("edit", stream_id, t=title)

    async def add_folder(self, stream_id: str, folder: str) -> None:
        """Puts the subscription in `folder` (FreshRSS: moves it there; a feed has one folder)."""
        await self._edit_subscription("edit", stream_id, a=label_stream(folder))

    async def remove_folder(self, stream_id: str, folder: str) -> None:
        await self._edit_subscription("edit", stream_id, r=label_stream(folder))

    async def unsubscribe(self, stream_id: str) -> None:
        await self._edit_subscription("unsubscribe", stream_id)
