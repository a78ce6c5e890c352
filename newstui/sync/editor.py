"""Provides ServerSources: in sync mode, adding, renaming, retagging and removing a source edit
the server's subscriptions (the config file's sources are not used)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence

from newstui.config.editing import AddReport, SourceEditError
from newstui.config.schema import Config
from newstui.models import SourceConfig
from newstui.sync.errors import SyncError
from newstui.sync.greader import GReaderClient
from newstui.sync.wire import Subscription


class ServerSources:
    """The editor of the sources view and of `import` in sync mode, with SourceFile's calls
    (awaited). Subscriptions are matched by feed URL; tags are the server's folders (FreshRSS
    keeps one folder a feed: the last one given wins). Every call asks the server for its list
    first and raises SourceEditError with the server's reason (never a secret)."""

    def __init__(self, config: Config, client: Callable[[], GReaderClient]) -> None:
        """`client`: the syncer's current client (made anew after a wrong password)."""
        self.config = config
        self._client = client

    def problem(self) -> str | None:
        return None

    def lists_sources(self) -> bool:
        """Always: there is no built-in list to keep or drop on a server."""
        return True

    async def subscriptions(self) -> list[Subscription]:
        try:
            return await self._client().subscriptions()
        except SyncError as exc:
            raise SourceEditError(f"the server's subscriptions: {exc}") from None

    async def plan_add(
        self, sources: Iterable[SourceConfig], *, keep_builtin: bool = True
    ) -> AddReport:
        """What `add` would do, changing nothing."""
        have = {s.url for s in await self.subscriptions()}
        report = AddReport()
        for source in sources:
            (report.known if source.url in have else report.added).append(source)
            have.add(source.url)
        return report

    async def add(self, sources: Iterable[SourceConfig], *, keep_builtin: bool = True) -> AddReport:
        """Subscribes to the sources not subscribed yet (quickadd: the server fetches the feed and
        says why it cannot), named and filed as given. The first failure ends it with its
        reason; those added before it stay."""
        report = await self.plan_add(sources)
        client = self._client()
        for number, source in enumerate(report.added):
            try:
                stream = await client.quickadd(source.url)
                if source.name:
                    await client.rename(stream, source.name)
                for tag in source.tags[:1]:
                    await client.add_folder(stream, tag)
            except SyncError as exc:
                done = f" ({number} added before it)" if number else ""
                raise SourceEditError(f"{source.url}: {exc}{done}") from None
        return report

    async def rename(self, url: str, name: str | None) -> None:
        if not name or not name.strip():
            raise SourceEditError("a subscription on the server keeps a name: type one")
        stream = await self._stream(url)
        await self._do(lambda client: client.rename(stream.stream_id, name.strip()))

    async def retag(self, url: str, tags: Sequence[str]) -> None:
        """Files the subscription in the folders `tags` names (blank ones dropped)."""
        wanted = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
        stream = await self._stream(url)
        client = self._client()
        try:
            # Removed first: FreshRSS files a feed taken out of its folder in its default one,
            # which a folder added before would lose to.
            for tag in stream.folders:
                if tag not in wanted:
                    await client.remove_folder(stream.stream_id, tag)
            for tag in wanted:
                if tag not in stream.folders:
                    await client.add_folder(stream.stream_id, tag)
        except SyncError as exc:
            raise SourceEditError(f"{url}: {exc}") from None

    async def remove(self, url: str) -> None:
        stream = await self._stream(url)
        await self._do(lambda client: client.unsubscribe(stream.stream_id))

    async def _stream(self, url: str) -> Subscription:
        for subscription in await self.subscriptions():
            if url in (subscription.url, subscription.stream_id):
                return subscription
        raise SourceEditError(f"{url} is not among the server's subscriptions")

    async def _do(self, edit: Callable[[GReaderClient], Awaitable[None]]) -> None:
        try:
            await edit(self._client())
        except SyncError as exc:
            raise SourceEditError(str(exc)) from None
