"""Provides the reading pane: a headline's title, source, time and link, then its Markdown text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import MountError
from textual.widgets import Static

from newstui.models import Headline
from newstui.text.sanitize import safe_link
from newstui.ui.widgets.cells import clean
from newstui.ui.widgets.markdown_blocks import cap_blocks
from newstui.ui.widgets.url_lines import url_lines

if TYPE_CHECKING:
    from textual.widgets import Markdown

NO_FEED_TEXT = "*The feed gave no text for this headline.*"
FEED_TEXT = "Feed text"
LOADING = "Loading…"
FETCHING = " · fetching the full article…"
UNAVAILABLE = " · full article unavailable: "
THIN_PAGE = " · the page gave less than the feed (f shows it)"
MIN_LINK_WIDTH = 10
"""Cells under which the pane is taken as not laid out yet (its narrowest share is 40 columns)."""


@dataclass(frozen=True)
class FullText:
    """A headline's full article as the pane shows it: clean Markdown and its status line
    (e.g. "Full text · 1,234 words · 6 min read")."""

    markdown: str
    status: str
    title: str | None = None
    """The article's own title, plain text from a stranger (models.Article.title; the pane
    cleans it), None where it has none."""
    thin: bool = False
    """The page gave much less than the feed's text (a paywall stub, a teaser): the pane keeps
    showing the feed's text and says so; `f` still shows this one."""

    @property
    def titled(self) -> bool:
        """The text opens with its own "# title" line (articles.document.article_document, what
        `newstui read` prints): the pane shows that title in its own title's place instead."""
        return self.markdown.startswith("# ")

    def body(self) -> tuple[str | None, str]:
        """(The title the pane shows on its first row, the Markdown below the status line): the
        "# title" line taken out where the plain title is known (a Markdown heading has a
        2-line top margin: under the status line it left 3 blank rows above the title)."""
        if not (self.titled and self.title):
            return None, self.markdown
        return self.title, self.markdown.partition("\n")[2].lstrip("\n")


class ArticleSource(Protocol):
    """What the pane reads a headline's texts from; the app implements it over the store, the
    HTTP client and the article cache (a widget never reaches those itself)."""

    async def feed_text(self, headline: Headline) -> str:
        """The feed's own text of the headline as clean Markdown, "" when the feed gave none."""
        ...

    async def cached_article(self, headline: Headline) -> FullText | None:
        """The full article when it is stored already, without fetching anything."""
        ...

    async def full_article(self, headline: Headline) -> FullText | str:
        """The full article (stored, or fetched, extracted and stored now), or one short line
        saying why there is none ("timed out", "not HTML", ...)."""
        ...


class ReaderPane(VerticalScroll, can_focus=True):
    """Shows one headline: the feed's text at once, then the full article once loaded (an
    exclusive worker, so opening another headline cancels the fetch); `f` switches between them.

    Every text shown comes from strangers: it is handed to widgets as `Text` objects (never
    markup) and to Markdown only after the feed-text converter or the extractor cleaned it.

    Esc and q go back to the list (the screen's `go_back`), as newsboat's q leaves its article
    view: in the pane, the quit key goes back one level, and quits only from the list. They keep
    the ids of the screen's keys (`back`, `quit`), so a keymap that moves those moves these."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "screen.go_back", "Back", id="back"),
        Binding("q", "screen.go_back", "Back", show=False, id="quit"),
    ]

    DEFAULT_CSS = """
    ReaderPane { padding: 0 1; }
    ReaderPane #reader-title { text-style: bold; padding: 0 1; }
    ReaderPane #reader-meta { color: $text-muted; padding: 0 1; }
    ReaderPane #reader-status { color: $text-muted; text-style: italic; padding: 0 1 1 1; }
    ReaderPane Markdown { padding: 0 1; }
    ReaderPane #reader-empty { color: $text-muted; padding: 2 2; }
    """

    class LinkClicked(Message):
        """A link in the article was clicked: the screen decides whether it may be opened."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    # Plain classes, as LinkClicked: a dataclass compiles its methods' source at import.
    class FeedTextLoaded(Message):
        """The loader has the feed's text (and the stored article, if any) of `headline`."""

        def __init__(self, headline: Headline, feed_text: str, stored: FullText | None) -> None:
            self.headline = headline
            self.feed_text = feed_text
            self.stored = stored
            super().__init__()

    class FullTextLoaded(Message):
        """The loader has the full article of `headline`, or `reason` why there is none."""

        def __init__(
            self, headline: Headline, article: FullText | None, reason: str | None
        ) -> None:
            self.headline = headline
            self.article = article
            self.reason = reason
            super().__init__()

    def __init__(
        self, time_format: str, articles: ArticleSource | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.time_format = time_format
        self.articles = articles
        self.headline: Headline | None = None
        """The headline on show (None until one is opened); its marks are kept current."""
        self._opening: Headline | None = None
        self._feed_text = ""
        self._full_text: FullText | None = None
        self._full_reason: str | None = None
        self._showing_full = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Select a headline and press Enter to read it."), id="reader-empty")
        yield Static(id="reader-title")
        yield Static(id="reader-meta")
        yield Static(id="reader-status")

    def on_mount(self) -> None:
        self._show_parts(False)

    def _show_parts(self, visible: bool) -> None:
        self.query_one("#reader-empty").display = not visible
        for part in ("#reader-title", "#reader-meta", "#reader-status", "#reader-body"):
            for widget in self.query(part):
                widget.display = visible

    # Loading

    def open(self, headline: Headline) -> None:
        """Shows `headline`: its feed text as soon as it is read, then its full article."""
        self._opening = headline
        if self.headline is None or self.headline.id != headline.id:
            # Its title at once: reading the feed text may wait behind a busy round.
            self._show_heading(headline)
        self._load(headline)

    @work(exclusive=True, group="reader-load")
    async def _load(self, headline: Headline) -> None:
        """Reads the texts of one headline; a later `open` cancels it (and its page fetch)."""
        if self.articles is None:
            return
        feed_text = await self.articles.feed_text(headline)
        stored = await self.articles.cached_article(headline)
        self.post_message(self.FeedTextLoaded(headline, feed_text, stored))
        if stored is None and headline.link:
            found = await self.articles.full_article(headline)
            if isinstance(found, FullText):
                self.post_message(self.FullTextLoaded(headline, found, None))
            else:
                self.post_message(self.FullTextLoaded(headline, None, found))

    def update_marks(self, headline: Headline) -> None:
        """The headline's read/starred marks changed: keep the pane's copy current (marks toggled
        from the pane start from it), also while it is still loading."""
        if self.headline is not None and self.headline.id == headline.id:
            self.headline = headline
        if self._opening is not None and self._opening.id == headline.id:
            self._opening = headline

    async def on_reader_pane_feed_text_loaded(self, message: FeedTextLoaded) -> None:
        headline = self._opening
        if headline is None or headline.id != message.headline.id:
            return
        self._feed_text = message.feed_text or NO_FEED_TEXT
        self._full_text, self._full_reason = message.stored, None
        self._showing_full = message.stored is not None and not message.stored.thin
        if message.stored is not None and message.stored.thin:
            await self.show(headline, self._feed_text, FEED_TEXT + THIN_PAGE)
        elif message.stored is not None:
            await self.show(headline, message.stored.markdown, message.stored.status)
        else:
            status = FEED_TEXT + (FETCHING if headline.link else "")
            await self.show(headline, self._feed_text, status)

    async def on_reader_pane_full_text_loaded(self, message: FullTextLoaded) -> None:
        shown = self.headline
        if shown is None or shown.id != message.headline.id:
            return
        self._full_text, self._full_reason = message.article, message.reason
        if message.article is not None and message.article.thin:
            self.set_status(FEED_TEXT + THIN_PAGE)
        elif message.article is not None:
            self._showing_full = True
            await self.replace_text(message.article.markdown, message.article.status)
        else:
            self.set_status(f"{FEED_TEXT}{UNAVAILABLE}{message.reason}")

    async def toggle_full_text(self) -> None:
        """Switches the body between the feed's text and the full article (when there is one)."""
        if self.headline is None:
            return
        if self._showing_full or self._full_text is None:
            self._showing_full = False
            status = FEED_TEXT
            if self._full_reason:
                status += UNAVAILABLE + self._full_reason
            elif self._full_text is not None and self._full_text.thin:
                status += THIN_PAGE
            elif self._full_text is None and self.headline.link:
                status += FETCHING
            await self.replace_text(self._feed_text, status)
        else:
            self._showing_full = True
            await self.replace_text(self._full_text.markdown, self._full_text.status)

    # Drawing

    async def show(self, headline: Headline, markdown: str, status: str) -> None:
        """Shows a headline with the text given (already clean Markdown) and a status line."""
        self.headline = headline
        self._show_parts(True)
        self.query_one("#reader-title", Static).update(Text(clean(headline.title)))
        self.query_one("#reader-meta", Static).update(self._meta(headline))
        await self.replace_text(markdown, status)
        self.scroll_home(animate=False)

    def _show_heading(self, headline: Headline) -> None:
        """The headline's title and meta with a loading line, the last body hidden."""
        self.headline = headline
        self._show_parts(True)
        self.query_one("#reader-title", Static).update(Text(clean(headline.title)))
        self.query_one("#reader-meta", Static).update(self._meta(headline))
        self.set_status(LOADING)
        for body in self.query("#reader-body"):
            body.display = False
        self.scroll_home(animate=False)

    async def replace_text(self, markdown: str, status: str) -> None:
        """Swaps the body (feed text <-> full article) and keeps the header. The title is the
        pane's first row: the headline's, or the full article's own (its "# title" line taken
        out of the body, so it shows once); a titled article without a known title keeps its
        line and the pane's is hidden."""
        full, title = self._full_text, None
        if self._showing_full and full is not None and markdown == full.markdown:
            title, markdown = full.body()
            own_title = title is not None or not full.titled
        else:
            own_title = True
        if self.headline is not None:
            shown = title if title is not None else self.headline.title
            self.query_one("#reader-title", Static).update(Text(clean(shown)))
        self.query_one("#reader-title").display = own_title
        self.set_status(status)
        body = await self._body()
        try:
            await body.update(cap_blocks(markdown))
        except MountError:
            # The body left the screen while Textual parsed the text on a thread (the app
            # closing as an article lays out, seen at load in the suite): nothing to show it in.
            if body.is_attached:
                raise

    async def _body(self) -> Markdown:
        """The Markdown widget, mounted when first needed: importing it costs ~40 ms of start-up,
        and the pane is empty until a headline is opened."""
        from textual.widgets import Markdown

        found = self.query("#reader-body")
        if found:
            return found.first(Markdown)
        body = Markdown(id="reader-body", open_links=False)
        await self.mount(body)
        return body

    def set_status(self, status: str) -> None:
        self.query_one("#reader-status", Static).update(Text(status))

    def _meta(self, headline: Headline) -> Text:
        when: datetime = headline.published.astimezone()
        meta = Text.assemble(
            (clean(headline.source_name), "bold"), "  ·  ", when.strftime(self.time_format)
        )
        if headline.link:
            # OSC 8: terminals that support it make the line a real hyperlink; only a link that
            # safe_link approved (http(s), no control characters) is ever put in the escape.
            style = Style(underline=True, link=safe_link(headline.link))
            for line in url_lines(headline.link, self._link_width(headline.link)):  # at seams
                meta.append("\n")
                meta.append(line, style=style)
        else:
            meta.append("\n(no link that can be opened)")
        return meta

    def _link_width(self, link: str) -> int:
        """Cells for the link's lines: the pane's, less the meta line's padding and a scrollbar
        (there or to come). Before the pane is laid out, the whole link on one line: the
        resize that shows the pane breaks it."""
        width = self.scrollable_content_region.width - 2
        if not self.show_vertical_scrollbar:
            width -= self.styles.scrollbar_size_vertical
        return width if width >= MIN_LINK_WIDTH else len(link) + 1

    def on_resize(self, event: events.Resize) -> None:
        if self.headline is not None:
            self.query_one("#reader-meta", Static).update(self._meta(self.headline))

    def on_click(self, event: events.Click) -> None:
        # The address line's OSC 8 hyperlink is the terminal's to open, and terminals open one
        # on ctrl+click at most (tmux on none): a plain click, reported to the app as mouse
        # input, did nothing. It opens the link now, as a click on a link of the article does.
        link = event.style.link
        if link and event.widget is not None and event.widget.id == "reader-meta":
            event.stop()
            self.post_message(self.LinkClicked(link))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.post_message(self.LinkClicked(event.href))
