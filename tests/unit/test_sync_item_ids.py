"""Tests item ids in the short form at their edges: the fast path for plain decimal ids (a sync
reads tens of thousands) must agree with the general rules."""

from __future__ import annotations

import pytest

from newstui.sync.ids import long_item_id, parse_item_id

U64 = (1 << 64) - 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("0123", 123),
        (str(U64), U64),
        ("-1", U64),  # signed, as Google printed them
        (" 42 ", 42),
        (long_item_id(U64), U64),
    ],
)
def test_short_and_long_ids_read_as_unsigned_64_bits(text: str, expected: int) -> None:
    assert parse_item_id(text) == expected


@pytest.mark.parametrize(
    "text", [str(U64 + 1), "1" * 21, "\uff14\uff12", "\u0664\u0662", "", "12a", "+5"]
)
def test_what_is_not_a_64_bit_decimal_id_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_item_id(text)
