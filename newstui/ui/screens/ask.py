"""Provides AskScreen (one line of text) and ConfirmScreen (yes/no) modal dialogs."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 70; max-width: 100%; height: auto; border: round $accent; background: $surface;
    padding: 0 1;
}}
{name} .prompt {{ text-style: bold; }}
{name} .hint {{ color: $text-muted; }}
"""


R = TypeVar("R")


class Dialog(ModalScreen[R]):
    """A modal dialog that answers once, and only while it is on top. Keys typed in one burst
    can open a second dialog before the first shows (the sources view's actions push them from
    workers), and Screen.dismiss pops the top screen, whichever it is: a dialog under another
    stayed with its answer given, and its second answer raised InvalidStateError (a newcomer's
    crash: `e` and `a` typed together in the sources view, then Enter and Esc)."""

    _answered = False

    def answer(self, result: R) -> None:
        if self.is_active and not self._answered:
            self._answered = True
            self.dismiss(result)


class AskScreen(Dialog[str | None]):
    """Asks for one line of text; Enter answers, Esc cancels (None)."""

    DEFAULT_CSS = _CSS.format(name="AskScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask.cancel"),
    ]

    def __init__(self, prompt: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.prompt, self.value, self.hint = prompt, value, hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.prompt), classes="prompt")
            yield Input(value=self.value, id="ask-input")
            yield Static(Text(self.hint or "Enter: OK   Esc: cancel"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.answer(event.value)

    def action_cancel(self) -> None:
        self.answer(None)


class ConfirmScreen(Dialog[bool]):
    """y or Enter confirms; n or Esc declines."""

    DEFAULT_CSS = _CSS.format(name="ConfirmScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question), classes="prompt")
            yield Static(Text("y/Enter: yes   n/Esc: no"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.answer(yes)
