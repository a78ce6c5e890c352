"""Tests the one character policy (newstui.text.characters): joiners and variation selectors
kept, what can hurt dropped, right-to-left text isolated and width-ambiguous sequences reduced
where shown in a row: the zwnj-zwj-stripped case and others of its kind."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from newstui.feeds.parse import parse_feed
from newstui.text.characters import FSI, PDI, cut, isolate, pad, row_text, unsafe
from newstui.text.sanitize import clean_text, html_to_text, plain_line, single_line
from newstui.ui.widgets.cells import fit
from tests.reported import answer, case

PERSIAN = "می\u200cخواهیم پایگاه\u200cداده را به\u200cروز کنیم"
HINDI = "क्\u200dष"  # a half form by ZWJ
TECHNOLOGIST = "\U0001f469\u200d\U0001f4bb"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
SUN = "\u2600\ufe0f"
THUMB = "\U0001f44d\U0001f3fd"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
WRITING = [PERSIAN, HINDI, TECHNOLOGIST, FAMILY, SUN, THUMB, SCOTLAND, "🇩🇪", "1\ufe0f\u20e3"]


@pytest.mark.parametrize("fast", [True, False])
def test_the_reported_titles_keep_every_joiner(fast: bool) -> None:
    expected = json.loads((case("zwnj-zwj-stripped") / "expected.json").read_text("utf-8"))
    body, headers = answer("zwnj-zwj-stripped", "/feed")
    feed = parse_feed(body, url="http://127.0.0.1:8000/feed", headers=headers, fast=fast)
    assert feed.title == "خبرهای فرهنگی"
    assert {e.guid: e.title for e in feed.entries} == expected


@pytest.mark.parametrize("text", WRITING)
def test_writing_survives_every_reduction_of_text(text: str) -> None:
    assert clean_text(text) == text
    assert plain_line(text) == text
    assert single_line(f"<b>{text}</b>") == text
    assert html_to_text(f"<p>{text}</p>") == text


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("a\u202eevil\u202c b", "aevil b"),  # override and pop
        ("a\u202bembedded\u202c", "aembedded"),
        ("open \u2067isolate never closed", "open isolate never closed"),
        ("zero\u200bwidth space", "zerowidth space"),
        ("bo\ufeffm\u00adsoft\u2060joiner", "bomsoftjoiner"),
        ("smuggled\U000e0041\U000e0042 tags", "smuggled tags"),
        ("bell\x07 esc\x1b[31m c1\x9b", "bell esc c1"),
        ("marks\u200e\u200f\u061c kept", "marks\u200e\u200f\u061c kept"),
    ],
)
def test_what_can_hurt_goes_and_what_writing_needs_stays(raw: str, kept: str) -> None:
    assert clean_text(raw) == kept
    assert not unsafe().search(clean_text(raw))


def test_row_text_drops_only_what_terminals_draw_at_different_widths() -> None:
    assert row_text(SUN + " Sunny") == "\u2600 Sunny"
    assert row_text(TECHNOLOGIST) == "\U0001f469\U0001f4bb"
    assert row_text(THUMB) == "\U0001f44d"
    assert row_text(PERSIAN) == PERSIAN  # ZWNJ is zero cells everywhere: kept
    assert row_text("plain ascii") == "plain ascii"
    # What remains counts alike in Rich and in tmux 3.3a (measured, see characters.py):
    # each part side by side.
    assert [cell_len(row_text(t)) for t in (SUN, TECHNOLOGIST, FAMILY, THUMB)] == [1, 4, 6, 2]


def test_right_to_left_text_is_isolated_and_nothing_else() -> None:
    assert isolate(PERSIAN) == f"{FSI}{PERSIAN}{PDI}"
    assert isolate("שלום world") == f"{FSI}שלום world{PDI}"
    assert isolate("English only, 漢字 too") == "English only, 漢字 too"
    assert cell_len(isolate(PERSIAN)) == cell_len(PERSIAN)


@pytest.mark.parametrize("width", [1, 5, 12, 30])
@pytest.mark.parametrize(
    "text", [PERSIAN, f"Developers {TECHNOLOGIST} and {FAMILY}", f"{SUN} Sunny, 臺灣即時新聞 版"]
)
def test_a_row_cell_is_exactly_its_width_and_balanced(text: str, width: int) -> None:
    for cell in (fit(text, width), pad(cut(text, width), width)):
        assert cell_len(cell) == width
        assert cell.count(FSI) == cell.count(PDI) <= 1
        assert "\ufe0f" not in cell and "\u200d" not in cell


def test_cut_counts_cells_not_characters() -> None:
    assert cut("臺灣即時新聞 world 版", 8) == "臺灣即…"
    assert cell_len(cut("臺灣即時新聞 world 版", 8)) <= 8
    assert cut("short", 8) == "short"
