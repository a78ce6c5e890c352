"""The headline rows count spacing marks (Indic vowel signs) as terminals draw them: a cell each
(glibc wcwidth: tmux 3.3a, xterm, VTE), where Rich 15 counts none."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.style import Style

from newstui.text.characters import cells, row_text
from newstui.ui.widgets.cells import fit, row_cells
from newstui.ui.widgets.headline_paint import Painter, wrap_title
from newstui.ui.widgets.timefmt import DEFAULT_TIME_FORMAT
from tests.widgets.test_headline_list import NOW, headline

SPACED = [
    "दिल्ली में बारिश से यातायात बाधित",  # Devanagari
    "ঢাকায় নতুন মেট্রো লাইন চালু হয়েছে",  # Bengali
    "ശ്രീലങ്കയിൽ പുതിയ റെയിൽപാത തുറന്നു",  # Malayalam
    "ශ්‍රී ලංකාවේ නව දුම්රිය මාර්ගය විවෘත කෙරේ",  # Sinhala
]


def test_the_cases_hold_spacing_marks() -> None:
    assert all(cells(text) > cell_len(text) for text in SPACED)


@pytest.mark.parametrize("width", [4, 9, 16, 40])
@pytest.mark.parametrize("text", SPACED)
def test_a_column_is_its_width_in_terminal_cells(text: str, width: int) -> None:
    cell = fit(text, width)
    assert row_cells(cell) == width, cell


@pytest.mark.parametrize("width", [20, 33, 60])
@pytest.mark.parametrize("text", SPACED)
def test_wrapped_title_lines_fit_in_terminal_cells(text: str, width: int) -> None:
    lines = wrap_title(text + " " + text, width, Console(width=200))
    assert all(row_cells(line) <= width for line in lines), lines
    assert " ".join(lines).split() == row_text(text + " " + text).split()  # every word, whole


@pytest.mark.parametrize("width", [60, 118])
@pytest.mark.parametrize("text", SPACED)
def test_rows_are_their_width_as_a_terminal_draws_them(text: str, width: int) -> None:
    paint = Painter(lambda component: Style(), dark=True, time_format=DEFAULT_TIME_FORMAT)
    item = headline(1, NOW, text, source=text[:12])
    room = paint.compact_room(item, width, 16)
    compact = wrap_title(text, room, Console(width=200))
    rows = paint.compact(item, compact, width, fresh=False, cursor=False, source_width=16)
    lines = wrap_title(text, width - 3, Console(width=200))
    rows += paint.newsline(item, lines, width, fresh=False, cursor=True)
    for row in rows:
        assert sum(row_cells(segment.text) for segment in row) == width
        assert row.cell_length == width


@pytest.mark.parametrize("text", SPACED)
def test_a_title_past_the_last_line_ends_within_it(text: str) -> None:
    lines = wrap_title(" ".join([text] * 12), 30, Console(width=200))
    assert len(lines) == 6 and lines[-1].endswith("…")
    assert all(row_cells(line) <= 30 for line in lines), lines
