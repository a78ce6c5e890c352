"""Provides the sources view's layout: its parts' styles and how they share a short terminal."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from rich.text import Text
from textual.widget import Widget

from newstui.config.durations import ttl_note
from newstui.models import Source
from newstui.ui.screens.sources_read_only import read_only_words
from newstui.ui.widgets.source_table import Column, measure
from newstui.ui.widgets.timefmt import local_day

STATUS_STYLE = {
    "ok": "green",
    "unchanged": "green",
    "error": "bold red",
    "gone": "red",
    "new": "dim",
    "paused": "yellow",
}
"""How the table colours each status."""

FOOTER_RANKS = ("choose", "back", "help", "add", "remove", "pause", "rename", "retag", "open_site")
"""The footer's keys by importance (KeyFooter shows as many as fit; `?` lists them all)."""

COLUMNS = (  # narrow: the error (in full below the table) and tags go first, then names shrink
    Column("Source", least=12),
    Column("Status"),  # never left out nor cut: a source's state is the view's point
    Column("Unread", right=True, drop=4),
    Column("Tags", least=4, drop=2),
    Column("Last fetch", drop=5),
    Column("Next poll", drop=3),  # at 40 columns: next poll, unread, then the last fetch go
    Column("Error", least=5, drop=1),  # each said below the table instead (source_detail)
)

SOURCES_CSS = """
SourcesScreen #sources-title {
    height: auto; background: $panel; text-style: bold; padding: 0 1;
    &.-one-line { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
}
SourcesScreen SourceTable { height: 1fr; }
SourcesScreen #source-detail {
    height: auto; max-height: 8; padding: 0 1; border-top: solid $panel-lighten-2;
}
"""
"""The title over the table (wrapped where the terminal is tall enough), the table taking what
is left, and the highlighted source in full below it (its rule and up to 7 lines)."""

SHORT = 20
"""Rows under which the parts around the table give way to it: at 20 rows the wrapped title
(up to 3 lines at 40 columns) and a full detail (8) still leave the table 6 rows."""
LEAST_ROWS = 3
"""Sources the table shows at least (where there are that many), above its header row."""
DETAIL_LEAST = 2
"""The detail's rule and one line: shorter than that it is hidden (the table still shows
each source's name, status and times)."""


def fit_height(height: int, sources: int, sideways: bool, title: Widget, detail: Widget) -> bool:
    """Shares a terminal of `height` rows between the sources view's parts (the ticker's
    header and the footer take one row each): where it is short, the title keeps one line and
    the detail gets what is left once the table shows its header, LEAST_ROWS of the `sources`
    and, when it is wider than the screen (`sideways`), its scrollbar. True when the terminal
    is short (the detail should show only what the table cannot: address and error)."""
    short = height < SHORT
    title.set_class(short, "-one-line")
    if not short:
        detail.display = True
        detail.styles.max_height = None  # the stylesheet's
        return False
    table = min(sources, LEAST_ROWS) + 1 + sideways
    room = height - 3 - table  # the header, the title and the footer
    detail.display = room >= DETAIL_LEAST
    detail.styles.max_height = max(DETAIL_LEAST, min(room, 8))
    return True


def sources_title(
    sources: Sequence[Source],
    stale: Collection[int],
    offline: Collection[int],
    config_path: Path | None = None,
    *,
    read_only: bool = False,
    server: bool = False,
) -> str:
    """The title: its figures, "Sources: 139, failing: 2, paused: 1", and what the list is
    where it is not the config file's (`read_only`: why not, sources_read_only.read_only_words
    of `config_path`; `server`: a sync server's subscriptions). Failing leaves out the
    sources whose error is the network's, not their own, as the ticker's header does: while
    the machine seems offline (the header's "offline?"), `offline`, those unanswered since,
    said as "offline? 137 unreachable" (FailureNotices.offline_ids); back online, `stale`,
    those whose error dates from then (FailureNotices.stale)."""
    failing = unreachable = 0
    for source in sources:
        if not source.failing or source.id in stale:
            continue
        if source.id in offline:
            unreachable += 1
        else:
            failing += 1
    paused = sum(s.paused for s in sources)
    stale_here = sum(s.id in stale for s in sources)  # not those removed since (an add's "only")
    title = f"Sources: {len(sources)}, "
    if offline:  # said even when none is shown failing: the header says "offline?"
        title += f"offline? {unreachable} unreachable, "
    if failing or not offline:  # offline, "failing: 0" only made 60 columns wrap the title
        title += f"failing: {failing}, "
    title += f"paused: {paused}"
    if stale_here:  # back online: errors of the offline time, until polled again
        title += f", stale: {stale_here} (their errors are from while offline)"
    if read_only:
        title += f"  ·  {read_only_words(config_path)[0]}"
    elif server:
        title += "  ·  the server's subscriptions: changes are made there"
    return title


def column_widths(
    sources: Sequence[Source], today: int, time_width: int, clock_width: int
) -> list[int]:
    """The COLUMNS' widths over every source, without formatting a row of them: a time column
    is as wide as the format's widest time (`time_width`; its clock part's, `clock_width`,
    when every moment is on `today`, a local_day: those show the time alone), or as "-" before
    any fetch."""
    rows = sources
    older = any(local_day(m) != today for s in rows for m in (s.last_fetch, s.next_poll) if m)
    times = time_width if older else clock_width
    return [
        measure(s.display_name for s in rows),
        measure({s.shown_status for s in rows}),
        len(str(max((s.unread_count for s in rows), default=0))),
        measure(", ".join(s.tags) for s in rows),
        max(1, times if any(s.last_fetch for s in rows) else 0),
        max(6, times if any(s.next_poll for s in rows) else 0),  # "paused", "never"
        measure(s.last_error or "" for s in rows),
    ]


def source_detail(
    source: Source | None,
    short: bool,
    left_out: Collection[str],
    fetched: str,
    due: str,
    *,
    stale: bool = False,
) -> Text:
    """The highlighted source in full, wrapped: name, status, last fetch (`fetched`), next poll
    (`due`), the unread count where the table left its column out, address and error. In a
    short terminal only what the table cannot show: the error, the columns it left out at this
    width (`left_out`, their labels), the address. `stale`: its error is from while the
    machine was offline (FailureNotices.stale), said so."""
    detail = Text()
    if source is None:
        return detail
    unread = f"{source.unread_count} unread"
    if not short:
        detail.append(source.display_name, style="bold")
        detail.append(f"  ·  {source.shown_status}  ·  last fetch {fetched}  ·  next poll {due}")
        detail.append(f"  ·  {unread}" if "Unread" in left_out else "")
        if (why := ttl_note(source)) is not None and not source.paused:
            detail.append(f" ({why})", style="dim")  # else "next poll" looks wrong
        detail.append("\n" + source.fetch_url)
    if source.last_error:
        detail.append("\n" if not short else "")
        if stale:
            detail.append(f"Error while offline (polled again at {due}): ", style="dim")
        else:
            detail.append("Error: ", style="bold red")
        detail.append(source.last_error)
    if short:
        said = {"Last fetch": f"last fetch {fetched}", "Next poll": f"next poll {due}"}
        said["Unread"] = unread
        missing = "  ·  ".join(text for label, text in said.items() if label in left_out)
        lines = [line for line in (missing, source.fetch_url) if line]
        detail.append(("\n" if source.last_error else "") + "\n".join(lines))
    return detail
