"""Provides PickScreen: a small modal list to choose one thing (a tag) from."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from newstui.ui.widgets.key_footer import KeyFooter


class PickScreen(ModalScreen[str | None]):
    """Choices are (value, label); labels come from feeds and config: shown as Text only."""

    DEFAULT_CSS = """
    PickScreen { align: center middle; }
    PickScreen > Vertical {
        width: 50; max-width: 100%; height: auto; max-height: 80%;
        border: round $accent; background: $surface;
    }
    PickScreen #pick-title { text-style: bold; padding: 0 1; }
    PickScreen OptionList { height: auto; max-height: 20; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", id="pick.cancel"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.heading = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        yield KeyFooter(("cancel",))  # over the screen's beneath, whose keys wait meanwhile
        with Vertical():
            yield Static(Text(self.heading), id="pick-title")
            if self.choices:
                yield OptionList(
                    *(Option(Text(label), id=str(i)) for i, (_, label) in enumerate(self.choices))
                )
            else:
                yield Static(Text("Nothing to choose from."))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        index = int(event.option.id or 0)
        self.dismiss(self.choices[index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
