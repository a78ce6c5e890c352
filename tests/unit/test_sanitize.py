"""Tests that hostile text comes out of newstui.text.sanitize as safe plain text, whatever it is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstui.text.characters import unsafe
from newstui.text.sanitize import clean_text, html_to_text, safe_link, single_line

# What the character policy drops: anything a terminal could act on, or that hides or
# reorders text (joiners and variation selectors are kept).
FORBIDDEN = unsafe()

# Text rich in the characters that matter: escapes and their parameters, controls, bidi,
# invisible ones, surrogates, markup, plus ordinary letters.
_SINGLES = "\x1b\x07\x9b\x9c\x9d\x90\x9f\x00\r\n\t\x7f[]];:\\/P_^X0123m \u202e\u2066\u200b\u200d"
_ALPHABET = st.sampled_from(
    [*_SINGLES, "\ufeff", "\u00ad", "\ud800", "\udfff", "é", "字", "<", ">", "&", "amp;", "a", "…"]
)
hostile = st.lists(_ALPHABET, max_size=120).map("".join) | st.text(max_size=200)


def assert_safe(text: str) -> None:
    assert not FORBIDDEN.search(text), repr(text)


@settings(max_examples=400)
@given(hostile, st.integers(min_value=0, max_value=80))
def test_clean_text_output_is_safe_capped_and_idempotent(text: str, cap: int) -> None:
    out = clean_text(text, max_len=cap)
    assert_safe(out)
    assert len(out) <= cap
    assert clean_text(out, max_len=cap) == out


@settings(max_examples=200)
@given(hostile)
def test_html_to_text_and_single_line_are_safe(text: str) -> None:
    out = html_to_text(text, max_len=50)
    assert_safe(out)
    assert len(out) <= 50
    line = single_line(text, max_len=30)
    assert_safe(line)
    assert "\n" not in line and "\t" not in line
    assert len(line) <= 30
    assert line == line.strip()


@settings(max_examples=200)
@given(hostile)
def test_safe_link_is_none_or_a_clean_http_url(text: str) -> None:
    for candidate in (text, "http://example.com/" + text):
        out = safe_link(candidate)
        if out is not None:
            assert_safe(out)
            assert out.startswith(("http://", "https://"))
            assert not any(c.isspace() for c in out)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("red \x1b[31;1mALERT\x1b[0m done", "red ALERT done"),  # CSI with parameters
        ("a\x9b2Jb", "ab"),  # 8-bit CSI
        ("see \x1b]8;;http://evil.example/\x07here\x1b]8;;\x07 now", "see here now"),  # OSC 8, BEL
        ("x\x1b]8;;http://e/\x1b\\link\x1b]8;;\x1b\\y", "xlinky"),  # OSC 8 ended by ST
        ("copy\x1b]52;c;ZXZpbA==\x07 this", "copy this"),  # OSC 52 clipboard write
        ("t\x1b]0;window title\x9cend", "tend"),  # OSC ended by 8-bit ST
        ("d\x1bP1$r0m\x1b\\e", "de"),  # DCS
        ("a\x1b_apc payload\x1b\\b\x1b^pm\x1b\\c\x1bXsos\x1b\\d", "abcd"),  # APC, PM, SOS
        ("reset\x1bc!", "reset!"),  # two-byte escape
        ("charset\x1b(Bok", "charsetok"),  # escape with an intermediate byte
        ("lone\x1b", "lone"),
        ("bell\x07 nul\x00 del\x7f c1\x85x", "bell nul del c1\nx"),  # NEL is a line break
        ("line1\r\nline2\rline3\u2028line4", "line1\nline2\nline3\nline4"),
        ("tab\tkept\nnewline kept", "tab\tkept\nnewline kept"),
        ("evil\u202egnp.exe", "evilgnp.exe"),  # right-to-left override
        ("iso\u2066late\u2069 \u200e\u200f\u061c", "isolate \u200e\u200f\u061c"),  # marks kept
        ("zero\u200bwidth\u200c\u200d\u2060\ufeff\u00adsoft", "zerowidth\u200c\u200dsoft"),
        ("tags\U000e0041\U000e0042", "tags"),
        ("half\ud83dsurrogate", "halfsurrogate"),
        ("[bold red]x[/] [@click=app.quit]q[/]", "[bold red]x[/] [@click=app.quit]q[/]"),
    ],
)
def test_clean_text_examples(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_unterminated_osc_is_cut_at_the_end_of_its_line_only() -> None:
    assert clean_text("a\x1b]8;;http://evil/ b\nnext line") == "a\nnext line"


def test_clean_text_caps_with_an_ellipsis_at_a_char_boundary() -> None:
    assert clean_text("字" * 50, max_len=10) == "字" * 9 + "…"
    assert clean_text("short", max_len=10) == "short"
    assert clean_text("abc", max_len=0) == ""
    huge = "x" * 5_000_000
    assert len(clean_text(huge, max_len=100)) == 100


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("AT&amp;amp;T", "AT&amp;T"),  # double-encoded: decoded once
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),  # text, not tags
        ("<p>one</p><p>two<br>three</p>", "one\n\ntwo\nthree"),
        ("<ul><li>a</li><li>b</li></ul><h2>Head</h2>x", "a\nb\n\nHead\n\nx"),
        ("<div>a</div><div>b</div>", "a\nb"),
        ("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>", "12\n3"),
        ("<blockquote>quoted</blockquote>after", "quoted\n\nafter"),
        ("<p>a</p>\n\n\n<p></p><p></p><p>b</p>", "a\n\nb"),
        ("x<script>evil()</script><style>p{}</style><noscript>no</noscript>y", "xy"),
        ("  lots   of \n\n spaces\t", "lots of spaces"),
        ("<b>unclosed <i>tags <p>everywhere", "unclosed tags\n\neverywhere"),
        ("a < b and c > d", "a < b and c > d"),
        ("<!-- comment -->visible", "visible"),
        ("<p>[bold]markup[/bold]</p>", "[bold]markup[/bold]"),
        ("bad\x1b[31m<b>esc</b>", "badesc"),
        ("nul\x00<b>inside</b>", "nulinside"),
        ("", ""),
    ],
)
def test_html_to_text_examples(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


def test_html_to_text_survives_deep_nesting_and_caps_length() -> None:
    deep = "<div>" * 100_000 + "bottom" + "</div>" * 100_000
    assert_safe(html_to_text(deep))
    assert 995 <= len(html_to_text("<p>" + "word " * 100_000 + "</p>", max_len=1_000)) <= 1_000


def test_a_two_megabyte_title_is_reduced() -> None:
    # Speed is measured in benchmarks/; this only shows the path works on such input.
    title = "<b>" + "headline " * 250_000 + "</b>"
    out = single_line(title)
    assert 995 <= len(out) <= 1_000  # a space before the cut is dropped
    assert out.startswith("headline headline")
    assert out.endswith("…")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<b>Big</b>\n  news &amp; more", "Big news & more"),
        ("Line one<br>line two", "Line one line two"),
        ("[@click=app.quit]Quit[/]", "[@click=app.quit]Quit[/]"),
        ("\u202eevil\x1b[2J", "evil"),
        ("   ", ""),
    ],
)
def test_single_line_examples(raw: str, expected: str) -> None:
    assert single_line(raw) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=c#d", "https://example.com/a?b=c#d"),
        ("  http://example.com/x \n", "http://example.com/x"),
        ("http://example.com/a b", "http://example.com/a%20b"),
        ("http://exa\nmple.com/\tp", "http://example.com/p"),
        ("http://example.com/\x1b[31mred", "http://example.com/red"),
        ("HTTPS://Example.com/", "HTTPS://Example.com/"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("file:///etc/passwd", None),
        ("ftp://example.com/", None),
        ("//example.com/relative", None),
        ("/just/a/path", None),
        ("http:///no-host", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
        ("http://example.com/" + "a" * 10_000, None),
    ],
)
def test_safe_link(url: str | None, expected: str | None) -> None:
    assert safe_link(url) == expected
