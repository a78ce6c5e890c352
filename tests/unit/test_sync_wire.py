"""Tests the Google Reader API's names and answers as typed values: item ids in both forms,
labels, hostile item fields made safe, odd JSON shapes survived."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newstui.sync.errors import BadAnswer
from newstui.sync.ids import label_name, long_item_id, parse_item_id
from newstui.sync.wire import (
    MAX_CONTENT_HTML,
    load_json,
    read_ids,
    read_stream,
    read_subscriptions,
    read_tags,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("tag:google.com,2005:reader/item/0006617466036855", 0x0006617466036855),
        ("1796002415863893", 1796002415863893),  # FreshRSS: the same number in decimal
        ("-1", (1 << 64) - 1),  # Google printed ids as signed 64-bit numbers
        ("tag:google.com,2005:reader/item/ffffffffffffffff", (1 << 64) - 1),
        (" 42 ", 42),
    ],
)
def test_item_ids_in_both_forms(text: str, value: int) -> None:
    assert parse_item_id(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tag:google.com,2005:reader/item/",
        "tag:google.com,2005:reader/item/xyz",
        "tag:google.com,2005:reader/item/00000000000000001",
        "18446744073709551616",
        "12a",
        "１２",
    ],
)
def test_what_is_not_an_item_id(text: str) -> None:
    with pytest.raises(ValueError):
        parse_item_id(text)


@given(st.integers(min_value=0, max_value=(1 << 64) - 1))
def test_the_long_form_round_trips(value: int) -> None:
    assert parse_item_id(long_item_id(value)) == value
    assert parse_item_id(str(value)) == value


def test_labels_of_every_server_style() -> None:
    assert label_name("user/-/label/World") == "World"
    assert label_name("user/1005921515/label/Tech/Linux") == "Tech/Linux"  # Inoreader
    assert label_name("user/-/state/com.google/starred") is None
    assert label_name("feed/1") is None


def test_a_hostile_item_becomes_a_safe_entry() -> None:
    doc = {
        "items": [
            {
                "id": "tag:google.com,2005:reader/item/00000000000000ff",
                "title": "\x1b[2J<b>Breaking</b>\u202e [link=file:///etc/passwd]x[/link]",
                "published": 1_700_000_000,
                "canonical": [{"href": "javascript:alert(1)"}],
                "alternate": [{"href": "https://example.org/a"}],
                "summary": {"content": "<p>One</p><script>evil()</script><p>Two</p>"},
                "content": {"content": "<p>Full <b>text</b></p>" + "x" * MAX_CONTENT_HTML},
                "author": "\x07Ann\u200b Lee",
                "categories": [
                    "user/-/state/com.google/reading-list",
                    "user/1005921515/state/com.google/read",
                    "user/-/state/com.google/starred",
                    "user/-/label/World",
                    7,
                ],
                "origin": {"streamId": "feed/3", "title": "Feed"},
                "timestampUsec": "1700000000123456",
            }
        ]
    }
    (item,) = read_stream(doc).items
    entry = item.entry
    assert entry.title == "Breaking [link=file:///etc/passwd]x[/link]"  # plain text, not markup
    assert entry.link == "https://example.org/a"  # the javascript: link is never used
    assert entry.summary.startswith("Full text")  # the full content before the summary
    assert "evil" not in entry.summary and "\x1b" not in entry.title
    assert len(entry.content_html) == MAX_CONTENT_HTML
    assert entry.author == "Ann Lee"
    assert entry.published == datetime.fromtimestamp(1_700_000_000, UTC)
    assert entry.guid == "tag:google.com,2005:reader/item/00000000000000ff"
    assert (item.item_id, item.stream_id, item.crawled_us) == (255, "feed/3", 1700000000123456)
    assert item.read and item.starred and item.labels == ("World",)


def test_an_item_without_title_or_date_still_reads() -> None:
    words = " ".join(f"w{i}" for i in range(20))
    doc = {"items": [{"id": "9", "summary": {"content": words}, "published": -5}]}
    (item,) = read_stream(doc).items
    assert item.entry.title == " ".join(f"w{i}" for i in range(12)) + "…"
    assert item.entry.published is None and item.crawled_us == 0
    assert not item.read and not item.starred


@pytest.mark.parametrize(
    "doc",
    [{"items": None}, {}, {"items": []}],
    ids=["null", "absent", "empty"],
)
def test_an_empty_stream_may_be_written_any_way(doc: object) -> None:
    page = read_stream(doc)
    assert page.items == [] and page.continuation is None


@pytest.mark.parametrize(
    "doc", [[], "x", {"items": {}}, {"items": "no"}, None], ids=["list", "str", "dict", "s", "null"]
)
def test_a_stream_of_the_wrong_shape_is_a_bad_answer(doc: object) -> None:
    with pytest.raises(BadAnswer):
        read_stream(doc)


def test_id_pages_and_continuations() -> None:
    ids, more = read_ids({"itemRefs": [{"id": "5"}, {"id": "bad"}, "x", {}], "continuation": 77})
    assert ids == [5] and more == "77"
    assert read_ids({"itemRefs": None}) == ([], None)
    assert read_ids({"itemRefs": [], "continuation": ""}) == ([], None)
    with pytest.raises(BadAnswer):
        read_ids({"itemRefs": 5})


def test_subscriptions_and_tags() -> None:
    subs = read_subscriptions(
        {
            "subscriptions": [
                {
                    "id": "feed/http://127.0.0.1/f.xml",
                    "title": "F",
                    "categories": [{"id": "user/-/label/A", "label": "A"}, {"label": "A"}],
                    "htmlUrl": "http://127.0.0.1/",
                },
                {"id": "feed/http://127.0.0.1/f.xml", "title": "again"},
            ]
        }
    )
    assert len(subs) == 1 and subs[0].folders == ("A",) and subs[0].url == "http://127.0.0.1/f.xml"
    tags = read_tags(
        {
            "tags": [
                {"id": "user/-/state/com.google/starred"},
                {"id": "user/-/label/News", "type": "folder"},
                {"id": "user/-/label/Later", "type": "odd"},
                {"no": "id"},
            ]
        }
    )
    assert [(t.name, t.kind) for t in tags] == [(None, ""), ("News", "folder"), ("Later", "")]


def test_not_json_quotes_none_of_the_body() -> None:
    with pytest.raises(BadAnswer) as html:
        load_json(b"  <html>secret-echo</html>", "tag list")
    assert (
        str(html.value)
        == "the server's tag list is not JSON (a web page: is sync.url the API address?)"
    )
    with pytest.raises(BadAnswer) as other:
        load_json(b"secret-echo", "tag list")
    assert str(other.value) == "the server's tag list is not JSON"
