"""Tests, by property, that sanitized feed text is never read as Rich/Textual markup on its way
to the screen: what the widgets are given (Text, Content) renders exactly the text, unstyled."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from textual.content import Content

from newstui.text.sanitize import clean_text, html_to_text, single_line

_PIECES = st.sampled_from(
    [
        "[",
        "]",
        "[/]",
        "[b]",
        "[bold red]",
        "[/bold red]",
        "[@click=app.quit]",
        "[@click=app.bell()]",
        "[link=http://evil.example]",
        "[/link]",
        "[on red]",
        ":smile:",
        "\\[",
        "\\",
        "$text",
        "\x1b[31m",
        "\x1b]8;;http://evil.example/\x07",
        "\x9b2J",
        "\u202e",
        "<b>",
        "&amp;",
        "a",
        " ",
        "字",
    ]
)
markupish = st.lists(_PIECES, max_size=40).map("".join) | st.text(max_size=80)


def rendered(text: Text) -> tuple[str, bool]:
    """What a console writes for `text` (no colour codes), and whether any style or link came
    out of the text itself."""
    out = io.StringIO()
    console = Console(file=out, width=10_000, color_system=None, emoji=True, highlight=False)
    console.print(text, end="", soft_wrap=True)
    styled = any(seg.style and (seg.style.link or seg.style.meta) for seg in text.render(console))
    return out.getvalue(), styled


@settings(max_examples=300)
@given(markupish)
def test_sanitized_text_renders_as_itself(raw: str) -> None:
    for out in (single_line(raw, 200), clean_text(raw, 200), html_to_text(raw, 200)):
        shown, styled = rendered(Text(out))
        # Every character shows as given (tabs are expanded to spaces, so whitespace is skipped).
        assert "".join(shown.split()) == "".join(out.split())
        assert not styled
        content = Content(out)
        assert content.plain == out
        assert not content.spans


def test_markup_survives_the_sanitizer_literally() -> None:
    title = "[bold red]x[/] [@click=app.quit]q[/] [link=http://e.example]l[/link] [/]"
    assert single_line(title) == title
    shown, styled = rendered(Text(single_line(title)))
    assert shown == title and not styled
