"""Provides View: which headlines the list shows (all, unread, starred; search, source, tag)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from newstui.models import HeadlineQuery

KINDS = ("all", "unread", "starred")


@dataclass(frozen=True)
class View:
    """The list's view and filters; immutable, so every change is a new View."""

    kind: str = "all"
    search: str = ""
    source_id: int | None = None
    source_name: str | None = None
    tag: str | None = None

    @property
    def filtered(self) -> bool:
        """A filter is on (search, source or tag): Esc clears these."""
        return bool(self.search.strip()) or self.source_id is not None or self.tag is not None

    @property
    def is_default(self) -> bool:
        return self.kind == "all" and not self.filtered

    def query(self) -> HeadlineQuery:
        """The headlines this view shows, for Store.headlines."""
        return HeadlineQuery(
            unread_only=self.kind == "unread",
            starred_only=self.kind == "starred",
            search=self.search.strip() or None,
            source_id=self.source_id,
            tag=self.tag,
        )

    def with_kind(self, kind: str) -> View:
        return replace(self, kind=kind if kind in KINDS else "all")

    def next_kind(self) -> View:
        return self.with_kind(KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)])

    def cleared(self) -> View:
        """The same view without search, source and tag filters."""
        return View(kind=self.kind)

    def describe(self) -> str:
        """One line for the status line, e.g. 'Unread · source: Reuters · search: "storm"'."""
        parts = [{"all": "All headlines", "unread": "Unread", "starred": "Starred"}[self.kind]]
        if self.source_id is not None:
            parts.append(f"source: {self.source_name or self.source_id}")
        if self.tag is not None:
            parts.append(f"tag: {self.tag}")
        if self.search.strip():
            parts.append(f'search: "{self.search.strip()}"')
        return " · ".join(parts)
