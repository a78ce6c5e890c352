"""Provides the help screen: every key the ticker answers to, as bound right now."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from newstui.ui.widgets.key_footer import KeyFooter

Section = tuple[str, list[tuple[str, str]]]
"""A part of the help: its title and (keys, what they do) rows."""
EVERYWHERE = "Everywhere"


def help_sections(
    screen: Screen[Any], widgets: Mapping[type[DOMNode], str], *, everywhere: str = EVERYWHERE
) -> list[Section]:
    """The keys that work on `screen` right now, after the keymap, from Textual's public
    `active_bindings`: first those of the focused widgets named in `widgets` (a section each,
    titled as given), then those that work everywhere on the screen (titled `everywhere`).

    "Everywhere" holds the screen's own bindings (those with an id: the ones a keymap can
    remap; Textual's focus and copy helpers have none) and the app's (quit, palette). Rows
    keep the order the bindings are declared in (the screen's before the app's), whatever
    order a keymap left the keys in; keys bound to one action share a row, priority keys
    first (they work in any widget)."""
    app = screen.app
    rows: dict[tuple[str, str], list[tuple[tuple[int, int, int], Binding, str]]] = {}
    titles = [*widgets.values(), everywhere]
    for seen, (key, active) in enumerate(screen.active_bindings.items()):
        node, binding = active.node, active.binding
        if not binding.description or binding.system:
            continue  # Textual's own helpers (ctrl+c's "press ctrl+q") say nothing
        title = next((t for kind, t in widgets.items() if isinstance(node, kind)), None)
        if title is None:
            if node is screen and binding.id is None:
                continue
            if node is not screen and node is not app:
                continue
            title = everywhere
        rank = (node is app, _declared_at(node, binding), seen)
        rows.setdefault((title, binding.action), []).append((rank, binding, key))
    sections: list[Section] = []
    for title in titles:
        groups = sorted(
            (min(rank for rank, _, _ in group), group)
            for (section, _), group in rows.items()
            if section == title
        )
        if not groups:
            continue
        lines = []
        for _, group in groups:
            group.sort(key=lambda entry: not entry[1].priority)
            keys = [app.get_key_display(b) or key for _, b, key in group]
            lines.append((", ".join(keys), group[0][1].description))
        sections.append((title, lines))
    return sections


def first_key(screen: Screen[Any], binding_id: str, keymap: Mapping[str, str]) -> str:
    """The first key of `screen`'s binding `binding_id` once `keymap` (the config's, as given to
    App.set_keymap) applies, written as the footer writes keys ("esc", "n", "^g")."""
    keys = keymap.get(binding_id)
    if not keys:
        found = [b for b in Binding.make_bindings(screen.BINDINGS) if b.id == binding_id]
        keys = found[0].key if found else binding_id
    return screen.app.get_key_display(Binding(keys.split(",")[0].strip(), "")) or keys


def _declared_at(node: DOMNode, binding: Binding) -> int:
    """Where `binding` is declared in its node's BINDINGS (after those that are not)."""
    for index, declared in enumerate(Binding.make_bindings(node.BINDINGS)):
        if (binding.id or binding.action) == (declared.id or declared.action):
            return index
    return len(node.BINDINGS) + 1_000


class HelpScreen(ModalScreen[None]):
    """Lists the bindings (after any keymap remapping) with what they do."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help_close"),
        # The list's vi keys scroll the help too (only the arrows did: the scroll's own keys).
        Binding("j", "scroll_help(1)", "Scroll down", show=False, id="help.down"),
        Binding("k", "scroll_help(-1)", "Scroll up", show=False, id="help.up"),
    ]

    def __init__(
        self, sections: list[Section], legend: Sequence[tuple[str, str]] = (), *, title: str = ""
    ) -> None:
        super().__init__()
        self.sections = sections
        self.legend = legend
        """(symbol, its one meaning) rows, shown above the keys as "Marks"."""
        self.title = title

    def on_mount(self) -> None:
        """The dialog scrolls: its title says the way out, by the key as the keymap left it."""
        keys = [k for k, b in self.active_bindings.items() if b.binding.id == "help_close"]
        close = self.app.get_key_display(Binding(keys[0], "")) if keys else "esc"
        heading = Text(f"newstui — {self.title or 'keys'}", style="bold")
        heading.append(f"   {close} closes", style="dim")
        self.query_one("#help-title", Static).update(heading)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        # The marks first: what a symbol on screen means is what one most often opens help for.
        parts = [("Marks", list(self.legend)), *self.sections] if self.legend else self.sections
        for title, rows in parts:
            table.add_row(Text(title, style="underline"), "")
            for keys, description in rows:
                table.add_row(Text(keys), Text(description))
            table.add_row("", "")
        heading = f"newstui — {self.title or 'keys'}"
        # Its own footer, over the screen's beneath, whose keys do nothing while help is open.
        yield KeyFooter(("dismiss",))
        with VerticalScroll():
            yield Static(Text(heading, style="bold"), id="help-title")
            yield Static(table)
            yield Static(
                Text("Mouse: click selects, double click opens, wheel scrolls.", style="italic")
            )

    def action_scroll_help(self, lines: int) -> None:
        # At once: deferred to the refresh, each of a burst of keys scrolled from one place.
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False, immediate=True)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
