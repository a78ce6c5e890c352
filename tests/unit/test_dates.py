"""Tests the one date reader of every parse path: time zone names (the tz-abbrev-cet case and
others of its kind), its table against two independent sources, and dates that name no moment."""

from __future__ import annotations

import json
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest

from newstui.feeds.dates import ZONES, parse_date
from newstui.feeds.parse import parse_feed
from tests.reported import answer

URL = "http://127.0.0.1:8000/feed"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize("path", ["/utf8", "/latin1"])
@pytest.mark.parametrize("fast", [True, False])
def test_the_reported_cet_feeds_give_the_same_times_on_every_path(path: str, fast: bool) -> None:
    body, headers = answer("tz-abbrev-cet", path)
    feed = parse_feed(body, url=URL, headers=headers, fast=fast)
    found = {e.guid: (e.title, e.published) for e in feed.entries}
    assert found == {
        "tz-1": ("Straßenbahn fährt wieder (winter time, CET)", utc("2026-11-06T18:58:02")),
        "tz-2": ("Sommerfest verschoben (summer time, CEST)", utc("2026-08-15T10:00:00")),
    }


# Zone names feeds carry, with the UTC time of "Sat, 15 Aug 2026 12:00:00 <name>", worked out by
# hand from each zone's offset (not from the table under test).
SAMPLES = {
    "GMT": "12:00",
    "EST": "17:00",
    "EDT": "16:00",
    "PDT": "19:00",
    "BST": "11:00",
    "WEST": "11:00",
    "EEST": "09:00",
    "MSK": "09:00",
    "IST": "06:30",
    "JST": "03:00",
    "AEST": "02:00",
    "NZDT": "23:00",  # the day before
    "HST": "22:00",
    "AKDT": "20:00",
    "MESZ": "10:00",
    "SAST": "10:00",
}


def expected(clock: str) -> datetime:
    day = "2026-08-14" if clock == "23:00" else "2026-08-15"
    return utc(f"{day}T{clock}:00")


def rss_dates(dates: list[str], encoding: str = "utf-8") -> bytes:
    items = "".join(
        f"<item><title>Größe {i}</title><link>http://127.0.0.1/{i}</link><guid>g{i}</guid>"
        f"<pubDate>{d}</pubDate></item>"
        for i, d in enumerate(dates)
    )
    doc = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>T</title>'
        f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>"
    )
    return doc.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "iso-8859-1", "windows-1252", "utf-16"])
@pytest.mark.parametrize("fast", [True, False])
def test_zone_names_read_alike_in_any_encoding_on_any_path(encoding: str, fast: bool) -> None:
    names = list(SAMPLES)
    body = rss_dates([f"Sat, 15 Aug 2026 12:00:00 {n}" for n in names], encoding)
    feed = parse_feed(body, url=URL, fast=fast)
    assert [e.published for e in feed.entries] == [expected(SAMPLES[n]) for n in names]
    assert feed.entries[0].title == "Größe 0"


def test_atom_and_json_feed_dates_go_through_the_same_reader() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>'
        b"<updated>2026-08-15T12:00:00Z</updated><entry><title>e</title><id>urn:e</id>"
        b'<link href="http://127.0.0.1/e"/><published>Sat, 15 Aug 2026 12:00:00 CEST</published>'
        b"<updated>2026-08-15T12:00:00+02:00</updated></entry></feed>"
    )
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J",
        "items": [
            {"id": "1", "title": "a", "date_published": "Sat, 15 Aug 2026 12:00:00 CEST"},
            {"id": "2", "title": "b", "date_published": "2026-08-15T12:00:00+02:00"},
        ],
    }
    json_feed = json.dumps(doc).encode()
    for body in (atom, json_feed):
        for fast in (True, False):
            feed = parse_feed(body, url=URL, fast=fast)
            assert {e.published for e in feed.entries} == {utc("2026-08-15T10:00:00")}


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("Sun Aug 16 12:00:00 CEST 2026", "2026-08-16T10:00:00"),  # asctime, zone before year
        ("Sun, 16 Aug 2026 12:00:00 +0200 (CEST)", "2026-08-16T10:00:00"),
        ("Sun, 16 Aug 2026 12:00:00 cest", "2026-08-16T10:00:00"),
        ("16 Aug 2026 12:00 +02:00", "2026-08-16T10:00:00"),
        ("Sun, 16 Aug 26 12:00:00 GMT", "2026-08-16T12:00:00"),  # two-digit year
        ("Sun, 16 Aug 2026 12:00:00 XYZ", "2026-08-16T12:00:00"),  # unknown name: -0000
        ("Sun, 16 Aug 2026 12:00:00 -0000", "2026-08-16T12:00:00"),
        ("Sun, 16 Aug 2026 24:00:00 GMT", "2026-08-17T00:00:00"),
        ("2026-08-16T5:40:14-05:00", "2026-08-16T10:40:14"),
        ("2026-08-16T12:00:00.123456789+02:00", "2026-08-16T10:00:00.123456"),
        ("2026-08-16", "2026-08-16T00:00:00"),
    ],
)
def test_forms_of_dates_feeds_write(text: str, moment: str) -> None:
    assert parse_date(text) == utc(moment)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "yesterday",
        "Sun, 31 Feb 2026 12:00:00 GMT",
        "Sun, 16 Aug 2026 25:00:00 GMT",
        "Τρι, 29 Ιούν 2004 12:53:00 GMT",  # Greek names: feedparser read these, we do not
        "1" * 300,
        "0000-00-00T00:00:00Z",
    ],
)
def test_text_that_names_no_moment_is_none(text: str) -> None:
    assert parse_date(text) is None


def test_a_date_without_a_year_is_before_1970_so_never_shown_as_this_month() -> None:
    found = parse_date("3")
    assert found is not None and found.year == 1
    body = rss_dates(["3", "Sat, 15 Aug 1969 12:00:00 GMT"])
    assert [e.published for e in parse_feed(body, url=URL).entries] == [None, None]


# Each IANA-sourced entry of the table must be what zoneinfo calls that zone at some moment of
# 2026, with that offset.
IANA = {name: (minutes, source) for name, (minutes, source) in ZONES.items() if "/" in source}


@pytest.mark.parametrize("name", sorted(IANA))
def test_the_table_agrees_with_the_iana_database(name: str) -> None:
    minutes, source = IANA[name]
    try:
        tz = zoneinfo.ZoneInfo(source)
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip(f"no time zone database entry for {source} here")
    seen = {
        (moment.tzname(), moment.utcoffset())
        for month in (1, 4, 7, 10)
        for moment in [datetime(2026, month, 15, 12, tzinfo=tz)]
    }
    assert (name if name != "CHST" else "ChST", timedelta(minutes=minutes)) in seen


def test_the_table_agrees_with_dateparsers_independent_table() -> None:
    from dateparser.timezones import timezone_info_list

    theirs: dict[str, set[int]] = {}
    for block in timezone_info_list:
        for name, offset in block["timezones"]:
            theirs.setdefault(name.upper(), set()).add(offset)
    differ = {n: m for n, (m, _) in ZONES.items() if m * 60 not in theirs.get(n, set())}
    # dateparser reads IST as Israel's (+2); ours is India's, the most populous user of the name.
    assert differ == {"IST": 330}


def test_the_month_names_of_other_languages_agree_with_dateparsers_data() -> None:
    import importlib

    from newstui.feeds.dates import _LOCAL_MONTHS

    months = ("january", "february", "march", "april", "may", "june", "july", "august")
    months += ("september", "october", "november", "december")
    theirs: dict[str, set[int]] = {}
    for language in ("de", "fr", "es", "it", "nl", "pt"):
        info = importlib.import_module(f"dateparser.data.date_translation_data.{language}").info
        for number, month in enumerate(months, start=1):
            for name in info[month]:
                theirs.setdefault(name.lower().rstrip("."), set()).add(number)
    assert {name: {number} for name, number in _LOCAL_MONTHS.items()} == {
        name: numbers for name, numbers in theirs.items() if name in _LOCAL_MONTHS
    }
    english = {m[:3] for m in months} | set(months) | {"sept"}
    assert set(theirs) - english - set(_LOCAL_MONTHS) == set()  # none left out


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("Di, 03 Nov 2026 10:00:00 +0100", "2026-11-03T09:00:00"),
        ("mar., 10 nov. 2026 14:00:00 +0100", "2026-11-10T13:00:00"),
        ("Mar, 10 Nov 2026 14:00:00 +0100", "2026-11-10T13:00:00"),  # Spanish Tuesday
        ("Mar 10 2026 14:00:00 +0100", "2026-03-10T13:00:00"),  # March
        ("Seg, 24 Set 2018 19:18:49 -0300", "2018-09-24T22:18:49"),
        ("Sat, Oct 31 2026 08:28:28 PM", "2026-10-31T20:28:28"),
        ("Sun, 15 Nov 2026 12:05 AM", "2026-11-15T00:05:00"),
        ("Sun, 01 Nov 2026 15:45:00 GMT+7", "2026-11-01T08:45:00"),
        ("Mon, 02 Nov 2026 09:00:00 GMT+5:30", "2026-11-02T03:30:00"),
        ("Mon, 02 Nov 2026 09:00:00 UTC-03:00", "2026-11-02T12:00:00"),
        ("Sat, 21 Mar 2026 20:21:00 America/Los_Angeles", "2026-03-22T03:21:00"),
        ("Sat, 21 Nov 2026 20:21:00 America/Los_Angeles", "2026-11-22T04:21:00"),
        ("Mon, 02 Nov 2026 10:00:00 Nowhere/Special", "2026-11-02T10:00:00"),  # unknown: UTC
        ("Fri, 27 Nov 2026 09:00:00 SGT", "2026-11-27T01:00:00"),
    ],
)
def test_forms_other_readers_got_wrong(text: str, moment: str) -> None:
    """Weekday and month names in other languages, 12-hour clocks, offsets after a zone name,
    IANA zone names (the cases of tests/data/reported_more/tz-*)."""
    assert parse_date(text) == datetime.fromisoformat(moment).replace(tzinfo=UTC)
