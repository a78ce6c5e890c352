"""Provides parse_date: the one reader of feed dates (RFC 822, RFC 3339 and looser forms) for
every parse path, with the table of time zone names it understands."""

# Every parse path hands the date text it found here: the fast path reads it from the XML
# element, the feedparser path from feedparser's raw `published`/`updated` strings, JSON Feed from
# `date_published`. So an item's time never depends on which parser read the document, nor on
# the document's encoding (which decides the path).

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from email.utils import parsedate_tz
from functools import lru_cache
from typing import Any

MAX_DATE_CHARS = 256
"""Longer text is not a date (and dateutil's tokenizer is quadratic)."""

# Zone name -> (minutes east of UTC, where the name comes from).
# "RFC 5322" is RFC 5322 section 4.3, the names RFC 822 section 5.1 defined (military letters
# but Z are, as RFC 5322 says, taken as -0000: unknown, read as UTC). An IANA zone means the name
# is the abbreviation the IANA time zone database (tzdata 2026) gives that zone for the offset;
# tests/unit/test_dates.py checks each one against zoneinfo. Where the database uses one name for
# several offsets the RFC's meaning wins (CST, CDT, PST: North America), then the most populous
# user (IST: India). MEZ and MESZ are the German names of CET and CEST, seen in German feeds.
ZONES: dict[str, tuple[int, str]] = {
    "UT": (0, "RFC 5322"),
    "UTC": (0, "Etc/UTC"),
    "GMT": (0, "RFC 5322"),
    "Z": (0, "RFC 5322"),
    "EST": (-300, "RFC 5322"),
    "EDT": (-240, "RFC 5322"),
    "CST": (-360, "RFC 5322"),
    "CDT": (-300, "RFC 5322"),
    "MST": (-420, "RFC 5322"),
    "MDT": (-360, "RFC 5322"),
    "PST": (-480, "RFC 5322"),
    "PDT": (-420, "RFC 5322"),
    "WET": (0, "Europe/Lisbon"),
    "WEST": (60, "Europe/Lisbon"),
    "BST": (60, "Europe/London"),
    "CET": (60, "Europe/Berlin"),
    "CEST": (120, "Europe/Berlin"),
    "MET": (60, "MET"),
    "MEST": (120, "MET"),
    "MEZ": (60, "German for CET"),
    "MESZ": (120, "German for CEST"),
    "EET": (120, "Europe/Athens"),
    "EEST": (180, "Europe/Athens"),
    "MSK": (180, "Europe/Moscow"),
    "IST": (330, "Asia/Kolkata"),
    "IDT": (180, "Asia/Jerusalem"),
    "PKT": (300, "Asia/Karachi"),
    "WIB": (420, "Asia/Jakarta"),
    "WITA": (480, "Asia/Makassar"),
    "WIT": (540, "Asia/Jayapura"),
    "HKT": (480, "Asia/Hong_Kong"),
    "JST": (540, "Asia/Tokyo"),
    "KST": (540, "Asia/Seoul"),
    "AWST": (480, "Australia/Perth"),
    "ACST": (570, "Australia/Darwin"),
    "ACDT": (630, "Australia/Adelaide"),
    "AEST": (600, "Australia/Sydney"),
    "AEDT": (660, "Australia/Sydney"),
    "CHST": (600, "Pacific/Guam"),
    "NZST": (720, "Pacific/Auckland"),
    "NZDT": (780, "Pacific/Auckland"),
    "WAT": (60, "Africa/Lagos"),
    "CAT": (120, "Africa/Maputo"),
    "SAST": (120, "Africa/Johannesburg"),
    "EAT": (180, "Africa/Nairobi"),
    "AST": (-240, "America/Halifax"),
    "ADT": (-180, "America/Halifax"),
    "NST": (-210, "America/St_Johns"),
    "NDT": (-150, "America/St_Johns"),
    "AKST": (-540, "America/Anchorage"),
    "AKDT": (-480, "America/Anchorage"),
    "HST": (-600, "Pacific/Honolulu"),
    "HDT": (-540, "America/Adak"),
    "SST": (-660, "Pacific/Pago_Pago"),
    # Names the IANA database gave these zones until 2017, when it replaced abbreviations no one
    # used locally by numbers ("+08"); feeds of these countries still write them. Offsets as
    # dateparser's table has them (tests/unit/test_dates.py checks every entry against it).
    "SGT": (480, "Singapore, tzdata until 2017"),
    "MYT": (480, "Malaysia, tzdata until 2017"),
    "PHT": (480, "Philippines, tzdata until 2017"),
    "ICT": (420, "Indochina, tzdata until 2017"),
    "NPT": (345, "Nepal, tzdata until 2017"),
    "IRST": (210, "Iran, tzdata until 2017"),
    "IRDT": (270, "Iran (summer, until 2022), tzdata until 2017"),
    "GST": (240, "Gulf, tzdata until 2017"),
    "BRT": (-180, "Brasília, tzdata until 2017"),
    "BRST": (-120, "Brasília (summer, until 2019), tzdata until 2017"),
    "ART": (-180, "Argentina, tzdata until 2017"),
    "CLT": (-240, "Chile, tzdata until 2017"),
    "CLST": (-180, "Chile (summer), tzdata until 2017"),
    "COT": (-300, "Colombia, tzdata until 2017"),
    "PET": (-300, "Peru, tzdata until 2017"),
}
_TZINFOS = {name: minutes * 60 for name, (minutes, _) in ZONES.items()}

# RFC 3339 / ISO 8601 as Atom, JSON Feed and Dublin Core write them: datetime reads them whole.
_ISO = re.compile(r"\d{4}-\d{2}")
_SPACES = re.compile(r"\s+")
# RFC 822 with a numeric zone or a UTC name, which email.utils reads whole (most RSS dates).
_PLAIN = re.compile(
    r"(?:[A-Za-z]{3}, ?)?\d{1,2} [A-Za-z]{3} \d{2,4} \d{1,2}:\d{2}(?::\d{2})?"
    r" (?:[+-]\d{4}|GMT|UTC?)\Z"
)
# An offset as feeds write it beside or instead of RFC 822's "+0100": "+01:00", "GMT+7",
# "UTC+02:00", "GMT-3", "GMT+5:30". After a zone name the sign means what it says (GMT+7 is
# seven hours ahead, as in Vietnamese feeds), not the reverse of POSIX TZ strings.
_OFFSET = re.compile(r"\A(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?\Z", re.IGNORECASE)
# An IANA time zone name where the zone goes ("America/Los_Angeles"): exact, daylight saving
# time included, read through zoneinfo.
_ZONE_ID = re.compile(r"\A[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+\Z")
# Alphabetic words of a date that are not its zone: "Fri", "Friday", "Nov", "November".
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTH_OR_DAY = frozenset((*_MONTHS, "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"))
_CLOCK = frozenset({"AM", "PM"})
# Month names of the languages feeds are localised into most (German, French, Spanish, Italian,
# Dutch, Portuguese): CMSs print pubDate in the site's locale ("Di, 03 Nov 2026", "mar., 10 nov.
# 2026"). The names as dateparser's translation data has them (tests/unit/test_dates.py checks
# it); no name means one month in one language and another in another, nor clashes with English.
_LOCAL_MONTHS: dict[str, int] = {
    name: month
    for month, names in enumerate(
        (
            "ene enero gen gennaio janeiro januar januari janv janvier jänner",
            "febbraio feber febrero februar februari fev fevereiro fév févr février",
            "maart mars marzo março mrt mrz mär märz",
            "abr abril aprile avr avril",
            "mag maggio mai maio mayo mei",
            "giu giugno juin junho juni junio",
            "juil juillet julho juli julio lug luglio",
            "ago agosto aoû août augustus",
            "septembre septembro septiembre set setembro setiembre settembre",
            "octobre octubre okt oktober ott ottobre out outubro",
            "novembre novembro noviembre",
            "dez dezember dezembro dic dicembre diciembre déc décembre",
        ),
        start=1,
    )
    for name in names.split()
}


def parse_date(value: object) -> datetime | None:
    """The moment a feed's date text names, as an aware UTC datetime; None when it names none.

    Reads RFC 822/2822 dates (RSS) with the zone names of `ZONES`, offsets written after a
    zone name ("GMT+7") and IANA zone names ("Europe/Berlin"), weekday and month names in other
    languages (see _LOCAL_MONTHS), RFC 3339 and ISO 8601 dates (Atom, JSON Feed, Dublin Core),
    and looser forms python-dateutil reads (12-hour clocks, month before day). A date without a
    zone, or with one no table knows (RFC 5322: "-0000"), is taken as UTC. Impossible dates
    (31 February) are None; absurd ones (year 1) are returned and left to the caller to judge.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    return _parse(text)


@lru_cache(maxsize=4096)
def _parse(text: str) -> datetime | None:
    # Feeds repeat dates (a day's items, the same document polled again): cached.
    if _ISO.match(text):
        found = _iso(text)
        if found is not None:
            return found
    else:
        text = _SPACES.sub(" ", text)
        if _PLAIN.match(text):
            # The common forms, which email.utils reads whole (None: a month in another language).
            found = _moment(parsedate_tz(text), 0)
            if found is not None:
                return found
        text = _english(text)
        found = _rfc822(text)
        if found is not None:
            return found
    return _dateutil(text)


def _iso(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1] in "Zz" else text)
    except ValueError:
        return None
    return _utc(moment)


def _english(text: str) -> str:
    """The date with the parts RFC 822 readers expect: no weekday (it says nothing the day does
    not, and may be in any language), months of _LOCAL_MONTHS in English, offsets after a zone
    name ("GMT+7", "+01:00") as "+0700"."""
    tokens = text.split(" ")
    first = tokens[0]
    word = first.rstrip(",.")
    # A weekday: the first word, before a comma as RFC 822 writes it, or any word not a month
    # ("Mar," is Spanish and French Tuesday; "Mar 3 2026" is March).
    if len(tokens) > 1 and word.isalpha() and (first.endswith(",") or _month(word) is None):
        tokens = tokens[1:]
    for index, token in enumerate(tokens):
        bare = token.strip("(),.")
        month = _LOCAL_MONTHS.get(bare.lower()) if bare.isalpha() else None
        if month is not None:
            tokens[index] = _MONTHS[month - 1].title()
            continue
        offset = _OFFSET.match(bare)
        if offset:
            sign, hours, minutes = offset.groups()
            tokens[index] = f"{sign}{int(hours):02d}{minutes or '00'}"
    return " ".join(tokens)


def _month(word: str) -> int | None:
    upper = word.upper()
    if upper[:3] in _MONTHS and word.isascii():
        return _MONTHS.index(upper[:3]) + 1
    return _LOCAL_MONTHS.get(word.lower())


def _rfc822(text: str) -> datetime | None:
    """email.utils reads the fields; the zone is ours, since it reads unknown names as +0000.

    The zone may stand last, in parentheses after a numeric one ("+0100 (CET)"), or before the
    year as asctime writes it ("Sun Aug 17 16:51:14 CET 2008"). A name no table knows is
    unknown (RFC 5322: -0000, read as UTC) when it stands last; other words (AM, PM, words of
    other languages) are left to dateutil."""
    offset = 0
    zone: tzinfo | None = None
    tokens = text.split(" ")
    for index, token in enumerate(tokens):
        bare = token.strip("(),").upper()
        if "/" in token and _ZONE_ID.match(token):
            zone = _zone_id(token) or UTC
            tokens[index] = ""
            continue
        if not bare.isalpha() or bare[:3] in _MONTH_OR_DAY:
            continue
        known = ZONES.get(bare)
        if bare in _CLOCK or (known is None and (index != len(tokens) - 1 or len(bare) > 5)):
            return None
        offset = known[0] if known else 0
        tokens[index] = ""
    fields = parsedate_tz(" ".join(t for t in tokens if t))
    if zone is not None and fields is not None:
        return _zoned(fields, zone)
    return _moment(fields, offset)


@lru_cache(maxsize=64)
def _zone_id(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _zoned(fields: tuple[Any, ...], zone: tzinfo) -> datetime | None:
    """email.utils' fields as local time of an IANA zone, as a UTC moment."""
    year, month, day, hour, minute, second = fields[:6]
    try:
        local = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=zone)
        return local.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _moment(fields: tuple[Any, ...] | None, offset: int) -> datetime | None:
    """email.utils' fields as a UTC moment; `offset` minutes east when they hold no zone."""
    if fields is None:
        return None
    year, month, day, hour, minute, second = fields[:6]
    if fields[9]:
        offset = fields[9] // 60  # a numeric zone email.utils read ("+0100")
    try:
        # Hour 24 is midnight at the end of the day (ISO 8601); second 60 a leap second.
        moment = datetime(year, month, day, 0 if hour == 24 else hour, minute, min(second, 59))
        if hour == 24:
            moment += timedelta(days=1)
        return (moment - timedelta(minutes=offset)).replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def _dateutil(text: str) -> datetime | None:
    """Everything else (asctime, "2009-01-12T5:40:14-05:00", dates without a weekday comma...).

    Missing fields default to year 1, January 1st, so text without a year (a bare "3") gives
    a pre-1970 date that callers reject, instead of a day of the current month."""
    from dateutil import parser

    try:
        moment = parser.parse(text, default=datetime(1, 1, 1), tzinfos=_TZINFOS)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        # ArithmeticError: dateutil raises decimal.InvalidOperation on a too-long number.
        return None
    return _utc(moment)


def _utc(moment: datetime) -> datetime | None:
    try:
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
