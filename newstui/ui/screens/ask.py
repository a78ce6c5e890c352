"""Provides AskScreen (one line of text) and ConfirmScreen (yes/no) modal dialogs."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from newstui.ui.widgets.key_footer import KeyFooter

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


class TypedAhead(Message):
    """A key typed right after the one that opened a dialog, sent on to it by the screen
    beneath (screens/typed_ahead.py): it reached that screen, the dialog not there yet."""

    def __init__(self, key: str, character: str | None) -> None:
        super().__init__()
        self.key, self.character = key, character


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

    def keys_of(self, binding_id: str) -> str:
        """The keys of a binding of this dialog as the keymap left them, as the footer shows
        them ("n/esc"): the hint under the question names the same keys."""
        keys = [
            self.app.get_key_display(active.binding)
            for active in self.active_bindings.values()
            if active.binding.id == binding_id
        ]
        return "/".join(dict.fromkeys(keys[:2]))

    def show_hint(self, hint: str) -> None:
        """Fills the line under the question. A dialog popped before its Mount is handled has
        no children left then: there is nothing to fill, and querying for the line raised
        NoMatches, which ended the app (seen in tmux: `S a` typed after Escs during a
        5,000-source offline round)."""
        for line in self.query(".hint").results(Static):
            line.update(Text(hint))


class AskScreen(Dialog[str | None]):
    """Asks for one line of text; Enter answers, Esc cancels (None)."""

    DEFAULT_CSS = _CSS.format(name="AskScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask.cancel"),
    ]

    def __init__(self, prompt: str, value: str = "", hint: str = "", *, enter: str = "OK") -> None:
        """`hint`: what else to know ("Empty: use the feed's own title"); `enter`: what Enter
        does ("add"). The hint line names the keys as the keymap left them."""
        super().__init__()
        self.prompt, self.value, self.hint, self.enter = prompt, value, hint, enter

    def compose(self) -> ComposeResult:
        yield KeyFooter(("cancel",))  # over the screen's beneath, whose keys wait meanwhile
        with Vertical():
            yield Static(Text(self.prompt), classes="prompt")
            yield Input(value=self.value, id="ask-input")
            yield Static(classes="hint")

    def on_mount(self) -> None:
        keys = f"⏎: {self.enter}   {self.keys_of('ask.cancel')}: cancel"
        self.show_hint(f"{self.hint}   {keys}".strip())

    def on_key(self, event: events.Key) -> None:
        """A key the app sent to the dialog itself (it came before the input had the focus)."""
        if self._type(event.key, event.character):
            event.stop()
            event.prevent_default()

    def on_typed_ahead(self, message: TypedAhead) -> None:
        self._type(message.key, message.character)

    def _type(self, key: str, character: str | None) -> bool:
        """Keys typed right after the one that asked were lost (`e` then "Harbour" typed fast
        left the name as it was): a character goes to the input as if typed after (the input
        takes every character it is sent, so none comes back), Enter answers after them."""
        field = next(iter(self.query(Input).results(Input)), None)
        if field is None:  # popped before its mount: the key is the screen beneath's
            return False
        if character and character.isprintable():
            field.post_message(events.Key(key, character))
        elif key == "enter":
            field.call_later(lambda: self.answer(field.value))
        else:
            return False
        return True

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
        yield KeyFooter(("answer(True)", "answer(False)"))
        with Vertical():
            yield Static(Text(self.question), classes="prompt")
            yield Static(classes="hint")

    def on_mount(self) -> None:
        yes, no = self.keys_of("confirm.yes"), self.keys_of("confirm.no")
        self.show_hint(f"{yes}: yes   {no}: no")

    def action_answer(self, yes: bool) -> None:
        self.answer(yes)
