"""Provides the demo newsroom's stories: a headline and an article written from a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from newstui.demo import templates as t
from newstui.demo.words import CATEGORIES, POOLS

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
AWKWARD_EVERY = 6
"""The business desk's stories number 2, 8, 14, ... carry an awkward headline (& " [x])."""


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an article body."""

    kind: Literal["p", "h2", "quote", "list"]
    text: str = ""
    """The paragraph, sub-heading or quotation."""
    cite: str = ""
    """Who is quoted (quote blocks)."""
    items: tuple[str, ...] = ()
    """The points of a list block."""


@dataclass(frozen=True, slots=True)
class Story:
    """A generated story: everything the feeds and the article page show of it."""

    desk: str
    index: int
    title: str
    standfirst: str
    author: str
    category: str
    blocks: tuple[Block, ...]
    comments: tuple[tuple[str, str], ...]
    """(user name, comment) pairs for the page's comment section."""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "p")

    @property
    def slug(self) -> str:
        words = "".join(c if c.isalnum() else " " for c in self.title.lower()).split()
        return "-".join(words[:8])


def _slots(rng: random.Random) -> dict[str, str]:
    slots = {key: rng.choice(pool) for key, pool in POOLS.items()}

    def other(key: str) -> str:
        return rng.choice([v for v in POOLS[key] if v != slots[key]])

    def person() -> str:
        return f"{rng.choice(POOLS['first'])} {rng.choice(POOLS['last'])}"

    slots.update(
        place2=other("place"),
        country2=other("country"),
        company2=other("company"),
        team2=other("team"),
        person=person(),
        person2=person(),
        month=rng.choice(MONTHS),
        weekday=rng.choice(WEEKDAYS),
        n=str(rng.randint(3, 24)),
        few=str(rng.randint(3, 9)),
        jobs=str(rng.randint(4, 240) * 10),
        big=f"{rng.randint(1_200, 48_000):,}",
        pct=str(rng.randint(2, 34)),
        money=f"${rng.randint(12, 940)}m",
        money_small=f"${rng.randint(49, 899)}",
        rate=f"{rng.randint(15, 65) / 10:.1f}",
        year=str(rng.randint(2027, 2031)),
        past_year=str(rng.randint(1961, 2019)),
        age=str(rng.randint(31, 39)),
        version=f"{rng.randint(1, 9)}.{rng.randint(0, 12)}",
        minute=str(rng.randint(3, 88)),
        seconds=f"{rng.randint(2, 95) / 10:.1f}",
    )
    winner, loser = rng.randint(1, 5), 0
    loser = rng.randint(0, winner - 1)
    slots["score"] = f"{winner}-{loser}"
    slots["draw"] = "{0}-{0}".format(rng.randint(0, 3))
    slots["official"] = f"{slots['role']} {slots['person']}"
    return slots


def _fill(template: str, slots: dict[str, str]) -> str:
    text = template.format_map(slots)
    return text[:1].upper() + text[1:]


def _rotation(seed: int, desk: str, index: int, count: int) -> int:
    # Each run of `count` stories uses every template once, in shuffled order, so a desk does
    # not print the same kind of headline twice in a row (as independent draws often would).
    cycle, position = divmod(index, count)
    order = list(range(count))
    random.Random(f"{seed}:{desk}:cycle:{cycle}").shuffle(order)
    return order[position]


@lru_cache(maxsize=1024)
def make_story(seed: int, desk: str, index: int) -> Story:
    """The story number `index` of `desk`: the same for the same seed, whenever it is asked for."""
    rng = random.Random(f"{seed}:{desk}:{index}")
    slots = _slots(rng)
    if desk == "business" and index % AWKWARD_EVERY == 2:
        template = t.AWKWARD_HEADLINES[(index // AWKWARD_EVERY) % len(t.AWKWARD_HEADLINES)]
    else:
        template = t.HEADLINES[desk][_rotation(seed, desk, index, len(t.HEADLINES[desk]))]
    title = _fill(template, slots)
    sentences = [*t.SENTENCES[desk], *t.GENERIC_SENTENCES]
    rng.shuffle(sentences)
    count = rng.randint(4, 8)
    blocks: list[Block] = []
    quote_at = rng.choice((1, 2, 3)) if rng.random() < 0.7 else -1
    list_at = -1 if quote_at != -1 and rng.random() < 0.5 else rng.choice((2, 3))
    headings = rng.sample(t.SUBHEADINGS, 2)
    for number in range(count):
        if number in (2, 5):
            blocks.append(Block("h2", headings[number // 5]))
        size = 1 if number == 0 else rng.randint(1, 3)
        taken, sentences = sentences[:size], sentences[size:]
        if number == 0:
            taken.insert(0, rng.choice(t.LEADS[desk]))
        blocks.append(Block("p", " ".join(_fill(s, slots) for s in taken)))
        if number == quote_at:
            who = rng.choice(("a resident", "a spokesperson", "who was there"))
            cite = f"{slots['person2']}, {who}"
            blocks.append(Block("quote", _fill(rng.choice(t.QUOTES), slots), cite=cite))
        if number == list_at:
            points = rng.sample(t.KEY_POINTS, 3)
            blocks.append(Block("list", "Key points", items=tuple(_fill(p, slots) for p in points)))
    comments = tuple(
        (rng.choice(POOLS["username"]), _fill(c, slots))
        for c in rng.sample(t.COMMENTS, rng.randint(2, 4))
    )
    return Story(
        desk=desk,
        index=index,
        title=title,
        standfirst=_fill(rng.choice(t.STANDFIRSTS[desk]), slots),
        author=f"{rng.choice(POOLS['first'])} {rng.choice(POOLS['last'])}",
        category=rng.choice(CATEGORIES[desk]),
        blocks=tuple(blocks),
        comments=comments,
    )
