"""Tests that a document's encoding is found by one set of rules (byte order mark, declaration,
header, sniffing) on every parse path: the cp1251-leading-newline case and others of its kind."""

from __future__ import annotations

import json

import pytest

from newstui.feeds.encoding import decode_feed
from newstui.feeds.parse import parse_feed
from tests.reported import answer

URL = "http://127.0.0.1:8000/feed"
CHANNEL = "Городские новости"
ITEM = "Мост откроют в пятницу"
BOTH = [True, False]


@pytest.mark.parametrize("path", ["/clean", "/leading"])
@pytest.mark.parametrize("fast", BOTH)
def test_the_reported_cp1251_feeds_read_right_on_every_path(path: str, fast: bool) -> None:
    body, headers = answer("cp1251-leading-newline", path)
    feed = parse_feed(body, url=URL, headers=headers, fast=fast)
    assert feed.title == CHANNEL
    assert [(e.title, e.published and e.published.isoformat()) for e in feed.entries] == [
        (ITEM, "2026-11-02T07:00:00+00:00")
    ]


def rss(title: str, item: str, encoding: str | None, lead: str = "") -> bytes:
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>' if encoding else ""
    doc = (
        f'{lead}{declaration}\n<rss version="2.0"><channel><title>{title}</title>'
        "<link>http://127.0.0.1/</link><description>d</description>"
        f"<item><title>{item}</title><link>http://127.0.0.1/1</link><guid>g1</guid>"
        "<pubDate>Mon, 02 Nov 2026 10:00:00 +0300</pubDate></item></channel></rss>"
    )
    return doc.encode(encoding or "utf-8")


# Text each legacy encoding can hold, in the language that uses it.
TEXTS = {
    "windows-1251": ("Городские новости", "Мост откроют в пятницу"),
    "koi8-r": ("Городские новости", "Мост откроют в пятницу"),
    "iso-8859-2": ("Wiadomości z Łodzi", "Żółw przeszedł przez ulicę"),
    "windows-1252": ("Nouvelles du café", "Fête « à la plage » – été"),
    "iso-8859-7": ("Ειδήσεις της πόλης", "Η γέφυρα ανοίγει την Παρασκευή"),
    "shift_jis": ("東京のニュース", "橋は金曜日に開通します"),
    "gb2312": ("城市新闻", "大桥将于周五通车"),
    "euc-kr": ("도시 뉴스", "다리는 금요일에 개통됩니다"),
    "big5": ("城市新聞", "大橋將於週五通車"),
}


@pytest.mark.parametrize("encoding", sorted(TEXTS))
@pytest.mark.parametrize("lead", ["", "\r\n", "\n\n", "  \t"], ids=repr)
@pytest.mark.parametrize("fast", BOTH)
def test_a_declaration_after_whitespace_still_names_the_encoding(
    encoding: str, lead: str, fast: bool
) -> None:
    title, item = TEXTS[encoding]
    body = rss(title, item, encoding, lead)
    feed = parse_feed(body, url=URL, headers={"Content-Type": "application/rss+xml"}, fast=fast)
    assert (feed.title, [e.title for e in feed.entries]) == (title, [item])


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16"])
@pytest.mark.parametrize("fast", BOTH)
def test_a_byte_order_mark_and_whitespace_before_the_declaration(codec: str, fast: bool) -> None:
    title, item = TEXTS["iso-8859-7"]
    declared = "utf-8" if codec == "utf-8-sig" else "utf-16"
    text = rss(title, item, None).decode("utf-8")
    body = f'\r\n <?xml version="1.0" encoding="{declared}"?>{text}'.encode(codec)
    feed = parse_feed(body, url=URL, fast=fast)
    assert (feed.title, [e.title for e in feed.entries]) == (title, [item])


def test_the_fast_path_takes_legacy_encodings_now_that_they_are_decoded_first() -> None:
    from newstui.feeds.parse import parse_fast

    body = rss(*TEXTS["windows-1251"], "windows-1251", "\r\n")
    assert parse_fast(body, url=URL) is not None


CYRILLIC = rss(*TEXTS["windows-1251"], None)  # no declaration, encoded below


def cp1251_declared_koi8r() -> bytes:
    return rss(*TEXTS["koi8-r"], "koi8-r").replace(b'encoding="koi8-r"', b'encoding="windows-1251"')


@pytest.mark.parametrize(
    ("content_type", "body", "why"),
    [
        # RFC 7303: for XML media types the header's charset outranks the declaration.
        ("application/rss+xml; charset=koi8-r", cp1251_declared_koi8r(), "header wins"),
        ("text/xml; charset=KOI8-R", cp1251_declared_koi8r(), "header wins"),
        # A charset in a header of another type (a mislabelled feed) is not about this XML.
        (
            "text/html; charset=iso-8859-1",
            rss(*TEXTS["windows-1251"], "windows-1251"),
            "declaration wins",
        ),
        # text/xml without charset means the declaration (RFC 7303), not US-ASCII (RFC 3023).
        ("text/xml", rss(*TEXTS["windows-1251"], "windows-1251"), "declaration"),
        # The bytes refute a claim of UTF-8 the server makes over a legacy document.
        (
            "application/rss+xml; charset=utf-8",
            rss(*TEXTS["windows-1251"], "windows-1251"),
            "refuted header",
        ),
        # Valid UTF-8 wins over a server's ISO-8859-1 when the document says UTF-8...
        (
            "application/rss+xml; charset=ISO-8859-1",
            rss(*TEXTS["windows-1251"], "utf-8"),
            "refuted header",
        ),
        # ... or says nothing (UTF-8 is XML's default).
        (
            "application/rss+xml; charset=ISO-8859-1",
            rss(*TEXTS["windows-1251"], None),
            "refuted header",
        ),
        # A legacy header over legacy bytes without a declaration: the header says what.
        (
            "application/rss+xml; charset=windows-1251",
            rss(*TEXTS["windows-1251"], None).decode("utf-8").encode("windows-1251"),
            "header",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "",
)
@pytest.mark.parametrize("fast", BOTH)
def test_header_and_declaration_conflicts(
    content_type: str, body: bytes, why: str, fast: bool
) -> None:
    feed = parse_feed(body, url=URL, headers={"Content-Type": content_type}, fast=fast)
    title, item = TEXTS["windows-1251"]
    assert (feed.title, [e.title for e in feed.entries]) == (title, [item]), why
    if why == "refuted header" and "utf-8" in content_type:
        assert feed.problem is not None and "read as windows-1251" in feed.problem


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("declared", [True, False])
@pytest.mark.parametrize("fast", BOTH)
def test_utf16_and_utf32_without_a_byte_order_mark(codec: str, declared: bool, fast: bool) -> None:
    text = rss(*TEXTS["shift_jis"], None).decode("utf-8")
    if declared:
        text = '<?xml version="1.0" encoding="UTF-16"?>' + text.lstrip()
    feed = parse_feed(text.encode(codec), url=URL, fast=fast)
    assert (feed.title, [e.title for e in feed.entries]) == (
        TEXTS["shift_jis"][0],
        [TEXTS["shift_jis"][1]],
    )


def test_a_byte_order_mark_outranks_the_header_and_the_declaration() -> None:
    body = b"\xef\xbb\xbf" + rss(*TEXTS["windows-1252"], "utf-8").replace(
        b'encoding="utf-8"', b'encoding="iso-8859-1"'
    )
    for fast in BOTH:
        feed = parse_feed(
            body, url=URL, headers={"Content-Type": "text/xml; charset=iso-8859-1"}, fast=fast
        )
        assert feed.title == TEXTS["windows-1252"][0]


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r", "shift_jis", "euc-kr"])
def test_nothing_declared_and_not_utf8_is_sniffed_and_said(encoding: str) -> None:
    title, item = TEXTS[encoding]
    body = rss(title, item + " " + item, None).decode("utf-8").encode(encoding)
    for fast in BOTH:
        feed = parse_feed(body, url=URL, fast=fast)
        assert (feed.title, [e.title for e in feed.entries]) == (title, [item + " " + item])
        assert feed.problem is not None and "(a guess)" in feed.problem


def test_iso_8859_1_labels_read_as_windows_1252_as_browsers_do() -> None:
    body = rss("Quotes", "\u201cquoted\u201d \u2013 dash", "windows-1252").replace(
        b'encoding="windows-1252"', b'encoding="ISO-8859-1"'
    )
    for fast in BOTH:
        assert parse_feed(body, url=URL, fast=fast).entries[0].title == "“quoted” – dash"


def test_stray_legacy_bytes_in_utf8_spoil_only_themselves() -> None:
    body = rss("Größe", "Straße ist gesperrt", "utf-8").replace(b"gesperrt", b"gesperrt \xe9t\xe9")
    for fast in BOTH:
        feed = parse_feed(body, url=URL, fast=fast)
        assert (feed.title, feed.entries[0].title) == ("Größe", "Straße ist gesperrt été")
        assert feed.problem == "encoding: 2 bytes are not UTF-8, read as windows-1252"


def test_a_json_feed_in_utf16_with_a_mark_or_latin1_by_its_header() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Größe",
        "items": [{"id": "1", "title": "Straße"}],
    }
    text = json.dumps(doc, ensure_ascii=False)
    for body, content_type in (
        (text.encode("utf-16"), "application/feed+json"),
        (text.encode("latin-1"), "application/feed+json; charset=iso-8859-1"),
    ):
        feed = parse_feed(body, url=URL, headers={"Content-Type": content_type})
        assert (feed.title, feed.entries[0].title) == ("Größe", "Straße")


def test_decode_never_raises_on_nonsense() -> None:
    for body in (b"\xff\xfe\x00", b"\x00\x00\x00", b"<?xml encoding='base64'?><a/>", b"\x80" * 9):
        assert isinstance(decode_feed(body, "text/xml; charset=nonsense").text, str)


@pytest.mark.parametrize(
    ("encoding", "title", "item"),
    [
        # "ÓŁ" (D3 A3) and "М»" (CC BB) are valid UTF-8 pairs inside legacy text.
        ("iso-8859-2", "Wiadomości z Łodzi", "ZAŻÓŁĆ GĘŚLĄ JAŹŃ"),
        ("windows-1251", "Городские новости", "Акции «ГАЗПРОМ» выросли"),
    ],
)
@pytest.mark.parametrize("fast", BOTH)
def test_a_legacy_declaration_under_a_utf8_header_survives_an_accidental_utf8_pair(
    encoding: str, title: str, item: str, fast: bool
) -> None:
    body = rss(title, item, encoding)
    assert not body.decode("utf-8", "ignore").isascii()  # the pair the old rule took as UTF-8
    headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
    feed = parse_feed(body, url=URL, headers=headers, fast=fast)
    assert (feed.title, [e.title for e in feed.entries]) == (title, [item])
    assert feed.problem is not None and f"read as {encoding}" in feed.problem
