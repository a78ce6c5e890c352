"""Provides an async client of the Google Reader API as FreshRSS, Miniflux, Inoreader, The Old
Reader and BazQux implement it, on newstui's polite HTTP client."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from newstui.config.sync import Secret
from newstui.net.fetch import TOO_LARGE, Fetcher, FetchResult
from newstui.sync.errors import AuthFailed, BadAnswer, Rejected, ServerUnavailable
from newstui.sync.ids import READ, READING_LIST, STARRED, feed_stream, label_stream, long_item_id
from newstui.sync.wire import (
    IdSet,
    StreamPage,
    Subscription,
    SyncedItem,
    Tag,
    load_json,
    read_ids,
    read_stream,
    read_subscriptions,
    read_tags,
)
from newstui.text.sanitize import single_line

API = "reader/api/0/"
_JSON = "application/json"
_TEXT = "text/plain, */*;q=0.5"
_MAX_TOKEN = 1_024
_MAX_SERVER_TEXT = 120


class _TooLarge(BadAnswer):
    """A page over the size cap: asked again for fewer items."""


class _Unauthorized(Exception):
    """A 401 on an authorised call: the Auth or action token expired; sign in again once."""


class GReaderClient:
    """One account on one server. Not safe for concurrent calls from several tasks: one sync at a
    time uses it (its sign-in state is shared).

    Every call raises a SyncError subclass on failure (AuthFailed, ServerUnavailable, BadAnswer,
    Rejected), whose message never holds the password or a token. After AuthFailed the client
    sends nothing more (no retry storm against a wrong password): make a new one once the
    configuration changed. A 401 on a signed-in call is answered by one fresh sign-in and one
    retry (expired Auth or action token), never more."""

    def __init__(
        self,
        url: str,
        user: str,
        password: Secret,
        fetcher: Fetcher,
        *,
        page_size: int = 1_000,
        ids_page_size: int = 10_000,
        edit_batch: int = 250,
        max_pages: int = 1_000,
        token_max_age: float = 1_800.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`url`: the API's base (FreshRSS: `https://host/api/greader.php`). `page_size`: items
        per `stream/contents` answer (halved while an answer is over the fetcher's size cap);
        `ids_page_size`: ids per `stream/items/ids` answer; `edit_batch`: ids per `edit-tag`
        request; `max_pages`: pages followed per stream or id set; `token_max_age`: seconds an
        action token is used before a new one is asked for (Google's expired after 30 min)."""
        self.base = url.rstrip("/")
        self.user = user
        self._password = password
        self._fetcher = fetcher
        self.page_size = page_size
        self.ids_page_size = ids_page_size
        self.edit_batch = edit_batch
        self.max_pages = max_pages
        self.token_max_age = token_max_age
        self._clock = clock
        self._auth: Secret | None = None
        self._token: Secret | None = None
        self._token_at = 0.0
        self._refused: AuthFailed | None = None
        self.requests = 0
        """HTTP requests sent so far (for the benchmark's requests per sync)."""

    def __repr__(self) -> str:
        return f"GReaderClient({self.base!r}, user={self.user!r})"

    # --- sign-in ----------------------------------------------------------------------------

    async def login(self) -> None:
        """ClientLogin: trades user and password for the Auth token sent with every call."""
        if self._refused is not None:
            raise self._refused
        form = [("Email", self.user), ("Passwd", self._password.reveal())]
        result = await self._send("POST", "accounts/ClientLogin", form=form, accept=_TEXT)
        if result.status in (401, 403):
            raise self._refuse(f"wrong user or password (HTTP {result.status})", result.status)
        body = self._checked(result, "sign-in answer")
        auth = ""
        for line in body.decode("utf-8", "replace").splitlines():
            if line.startswith("Auth="):
                auth = line[5:].strip()
        if not auth or len(auth) > _MAX_TOKEN or not auth.isprintable():
            raise BadAnswer("the sign-in answer has no Auth line: is sync.url the API address?")
        self._auth, self._token = Secret(auth), None

    def _refuse(self, message: str, status: int | None) -> AuthFailed:
        self._auth = self._token = None
        self._refused = AuthFailed(message, status=status)
        return self._refused

    async def _action_token(self) -> Secret:
        """The `T` token that edits carry, asked for once per `token_max_age`."""
        if self._token is not None and self._clock() - self._token_at < self.token_max_age:
            return self._token
        result = await self._send("GET", API + "token", accept=_TEXT)
        if result.status == 401:
            raise _Unauthorized
        token = self._checked(result, "token").decode("utf-8", "replace").strip()
        if not token or len(token) > _MAX_TOKEN or not token.isprintable():
            raise BadAnswer("the server's action token is empty or unreadable")
        self._token, self._token_at = Secret(token), self._clock()
        return self._token

    # --- requests ---------------------------------------------------------------------------

    async def _call(
        self,
        method: str,
        path: str,
        what: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        form: Sequence[tuple[str, str]] | None = None,
        edit: bool = False,
        accept: str = _JSON,
    ) -> bytes:
        """One authorised call; signs in first when needed, and once more on a 401."""
        for attempt in (1, 2):
            if self._refused is not None:
                raise self._refused
            try:
                if self._auth is None:
                    await self.login()
                sent = list(form or ())
                if edit:
                    sent.append(("T", (await self._action_token()).reveal()))
                result = await self._send(
                    method, API + path, query, sent if method == "POST" else None, accept
                )
                if result.status == 401:
                    raise _Unauthorized
                return self._checked(result, what)
            except _Unauthorized:
                self._auth = self._token = None
                if attempt == 2:
                    raise self._refuse(
                        "the server refused the sign-in (HTTP 401) even after signing in again: "
                        "check user and password",
                        401,
                    ) from None
        raise AssertionError("unreachable")

    async def _send(
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]] = (),
        form: Sequence[tuple[str, str]] | None = None,
        accept: str = _JSON,
    ) -> FetchResult:
        url = f"{self.base}/{path}" + (f"?{urlencode(query)}" if query else "")
        headers = {}
        if self._auth is not None:
            headers["Authorization"] = f"GoogleLogin auth={self._auth.reveal()}"
        self.requests += 1
        return await self._fetcher.send(method, url, headers=headers, form=form, accept=accept)

    def _scrub(self, text: str) -> str:
        """Server text may echo what it was sent: never let a secret through."""
        for secret in (self._password, self._auth, self._token):
            if secret is not None and secret.reveal():
                text = text.replace(secret.reveal(), "***")
        return text

    def _checked(self, result: FetchResult, what: str) -> bytes:
        """The body of a 2xx answer (b"" when it was empty), else the SyncError it amounts to."""
        status, error = result.status, self._scrub(result.error or "")
        if status is not None and 200 <= status < 300:
            if not error:
                return result.body
            if error.startswith(TOO_LARGE):
                raise _TooLarge(f"the server's {what}: {error}", status=status)
            if error.startswith("empty response"):
                return b""
            raise BadAnswer(f"the server's {what}: {error}", status=status)
        if status is None or status == 429 or status >= 500:
            raise ServerUnavailable(
                error or "no answer", status=status, retry_after=result.retry_after
            )
        if status in (401, 403):
            raise AuthFailed(f"refused (HTTP {status}): check user and password", status=status)
        if status == 404:
            raise Rejected(
                f"{error} for {what}: is sync.url the API address (FreshRSS: .../api/greader.php)?",
                status=status,
            )
        raise Rejected(error or f"HTTP {status}", status=status)

    async def _json(self, path: str, what: str, query: Sequence[tuple[str, str]] = ()) -> Any:
        # output=json: FreshRSS answers 501 to list calls without it; other servers ignore it.
        body = await self._call("GET", path, what, query=[*query, ("output", "json")])
        return load_json(body, what)

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
        return read_stream(await self._json(path, "stream", query))

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
            except _TooLarge:
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
        """The items with these ids (`stream/items/contents`), `page_size` per request; an answer
        over the size cap is asked for again in halves. Ids the server no longer has are simply
        missing from the answer."""
        items: list[SyncedItem] = []
        skipped = 0
        todo = [list(ids[i : i + self.page_size]) for i in range(0, len(ids), self.page_size)]
        while todo:
            batch = todo.pop(0)
            form = [("i", long_item_id(i)) for i in batch]
            try:
                body = await self._call("POST", "stream/items/contents", "items", form=form)
            except _TooLarge:
                if len(batch) == 1:
                    raise
                half = len(batch) // 2
                todo[:0] = [batch[:half], batch[half:]]
                continue
            page = read_stream(load_json(body, "items"))
            items += page.items
            skipped += page.skipped
        return StreamPage(items, None, skipped)

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
            await self._call("POST", "edit-tag", "edit", form=form, edit=True, accept=_TEXT)
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
