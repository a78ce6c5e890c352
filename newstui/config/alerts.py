"""Provides the `[[alerts]]` tables of the config (the watchlist) and `desktop_notify`, checked."""

from __future__ import annotations

from typing import Any

from newstui.alerts.terms import parse_term
from newstui.config.checks import Checker
from newstui.config.display import Invalid, closest_first
from newstui.config.schema import parse_duration
from newstui.models import AlertRule

KEYS = {"match", "sources", "tags", "command", "timeout", "bell", "desktop"}
MAX_TIMEOUT = 600.0
"""Seconds an alert's command may be given at most: a notifier that takes longer is stuck."""
DESKTOP_NOTIFY = ("auto", "osc9", "osc777", "osc99", "off")
"""How alerts reach the desktop through the terminal: "auto" picks by what the terminal says
it is (newstui.ui.terminal_notify), the others force one escape sequence, or none."""

_MATCH_FIX = 'a word or phrase, or a list of them, such as ["earthquake", "central bank"]'
_NAMES_FIX = 'a list of names, such as ["BBC World"]'
_COMMAND_FIX = (
    "a list of strings, the program and its arguments, run without a shell, such as "
    '["notify-send", "newstui"]'
)


def _strings(value: Any) -> tuple[str, ...]:
    """One non-empty string or a list of them, stripped, each once."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise TypeError
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise TypeError
    return tuple(dict.fromkeys(v.strip() for v in value))


def _terms(value: Any) -> tuple[str, ...]:
    terms = _strings(value)
    for term in terms:
        try:
            parse_term(term)
        except ValueError as exc:
            raise Invalid(f"{term!r}: {exc}", _MATCH_FIX) from None
    return terms


def _command(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        raise Invalid(
            f"a string ({value!r}) would need a shell to split it",
            "a list: " + str(value.split()).replace("'", '"'),
        )
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise TypeError
    if not value[0].strip():
        raise TypeError
    return tuple(value)


def _timeout(value: Any) -> float:
    seconds = parse_duration(value)
    if seconds > MAX_TIMEOUT:
        raise ValueError(f"over {MAX_TIMEOUT:g} seconds")
    return seconds


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def desktop_notify(value: Any) -> str:
    """One of DESKTOP_NOTIFY (any case); Invalid naming the closest first otherwise."""
    if not isinstance(value, str):
        raise TypeError
    name = value.strip().lower()
    if name not in DESKTOP_NOTIFY:
        ordered = ", ".join(f'"{d}"' for d in closest_first(name, DESKTOP_NOTIFY))
        raise Invalid(f"{value!r} is not a way to notify", f"one of {ordered}")
    return name


DESKTOP_FIX = "one of " + ", ".join(f'"{d}"' for d in DESKTOP_NOTIFY)


def parse_alerts(check: Checker, value: Any) -> tuple[AlertRule, ...]:
    """The `[[alerts]]` entries as rules; raises ConfigError naming file, line, key and fix."""
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise check.fail("alerts", "must be an array of tables", "[[alerts]] entries")
    rules = []
    for index, table in enumerate(value):
        check.unknown(table, KEYS, index, array="alerts")
        if "match" not in table:
            raise check.fail("match", "missing", f"match = {_MATCH_FIX}", index, array="alerts")
        fields: dict[str, Any] = {}
        for key, convert, fix in (
            ("match", _terms, _MATCH_FIX),
            ("sources", _strings, _NAMES_FIX),
            ("tags", _strings, 'a list of tags, such as ["world"]'),
            ("command", _command, _COMMAND_FIX),
            ("timeout", _timeout, f'a duration up to {MAX_TIMEOUT:g} seconds, such as "10s"'),
            ("bell", _bool, "true or false"),
            ("desktop", _bool, "true or false"),
        ):
            if key in table:
                fields[key] = check.typed(table, key, convert, fix, index, array="alerts")
        line = check.locate.line_of("match", index, array="alerts")
        where = f"alerts[{index + 1}] ({check.path}:{line})" if line else f"alerts[{index + 1}]"
        rules.append(AlertRule(**fields, where=where))
    return tuple(rules)
