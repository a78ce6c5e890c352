"""Tests every date text of the shared corpus against an independent reference: python-dateutil
(which newstui uses only for forms email.utils and datetime do not read) with dateparser's zone
table (not newstui's), and that each path stores what the one date reader reads."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from newstui.feeds.dates import parse_date
from newstui.feeds.encoding import as_utf8_xml, decode_feed
from tests.corpus import CORPUS, feed_files

DATE_ELEMENTS = frozenset(
    {"pubdate", "published", "issued", "updated", "modified", "date", "lastbuilddate", "created"}
)
JSON_DATES = ("date_published", "date_modified")

# Texts on which newstui and the reference disagree, and why. None so far on this corpus.
DISAGREE: dict[str, str] = {}


@cache
def corpus_dates() -> dict[str, str]:
    """Every date text of the corpus -> a file it is in (elements read leniently, as text)."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    found: dict[str, str] = {}
    for path, kind in feed_files():
        body = (CORPUS / path).read_bytes()
        if "jsonfeed" in kind or path.endswith(".json"):
            try:
                doc = json.loads(decode_feed(body, json=True).text)
            except ValueError:
                continue
            for item in doc.get("items", []) if isinstance(doc, dict) else []:
                for key in JSON_DATES:
                    if isinstance(item, dict) and isinstance(item.get(key), str):
                        found.setdefault(item[key].strip(), path)
            continue
        try:
            root = etree.fromstring(as_utf8_xml(decode_feed(body)), parser)
        except (etree.LxmlError, ValueError):
            continue
        for element in root.iter() if root is not None else []:
            tag = element.tag
            if isinstance(tag, str) and tag.rsplit("}", 1)[-1].lower() in DATE_ELEMENTS:
                text = (element.text or "").strip()
                if text and len(element) == 0:
                    found.setdefault(text, path)
    return found


@cache
def reference_zones() -> dict[str, int]:
    from dateparser.timezones import timezone_info_list

    zones: dict[str, int] = {}
    for block in timezone_info_list:
        for name, offset in block["timezones"]:
            zones.setdefault(name.upper(), offset)
    return zones


LANGUAGES = ("de", "fr", "es", "it", "nl", "pt")
"""Languages of weekday and month names the reference reads (newstui's _LOCAL_MONTHS)."""
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august")
MONTHS += ("september", "october", "november", "december")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@cache
def reference_names() -> object:
    """dateutil's parserinfo with dateparser's weekday and month names of LANGUAGES added."""
    import importlib

    from dateutil import parser

    def names(keys: tuple[str, ...], english: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
        out = [list(e) for e in english]
        for language in LANGUAGES:
            info = importlib.import_module(f"dateparser.data.date_translation_data.{language}").info
            for index, key in enumerate(keys):
                out[index] += [n.lower().rstrip(".") for n in info[key]]
        return [tuple(dict.fromkeys(o)) for o in out]

    months = names(MONTHS, parser.parserinfo.MONTHS)
    taken = {name for month in months for name in month}
    # "mar" is Tuesday in French and Spanish and March everywhere: a month to the reference.
    weekdays = names(DAYS, parser.parserinfo.WEEKDAYS)
    days = [tuple(n for n in day if n not in taken) for day in weekdays]

    class Names(parser.parserinfo):
        MONTHS = months
        WEEKDAYS = days

    return Names()


def reference(text: str) -> datetime | None:
    from dateutil import parser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            moment = parser.parse(
                text,
                default=datetime(1, 1, 1),
                tzinfos=reference_zones(),
                parserinfo=reference_names(),  # type: ignore[arg-type]
            )
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    try:
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def test_every_corpus_date_reads_as_the_reference_reads_it(corpus: Path) -> None:
    dates = corpus_dates()
    assert len(dates) > 3_000  # RFC 822, RFC 3339 and odder forms from ~660 files
    differ = {
        text: (parse_date(text), reference(text), path)
        for text, path in dates.items()
        if parse_date(text) != reference(text) and text not in DISAGREE
    }
    assert not differ, differ
    assert all(parse_date(text) != reference(text) for text in DISAGREE)


@pytest.mark.parametrize(
    "text",
    [
        "Fri, 06 Nov 2026 19:58:02 CET",
        "Sat, 15 Aug 2026 12:00:00 AEST",
        "Sun Aug 17 16:51:14 MSK 2008",
    ],
)
def test_the_reference_itself_reads_zone_names(text: str) -> None:
    # Not a tautology: without a zone table dateutil would read these as UTC.
    assert reference(text) == parse_date(text) != parse_date(text.replace(text.split()[-1], "GMT"))
