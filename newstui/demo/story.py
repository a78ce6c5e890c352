"""Provides the demo newsroom's stories: a headline and an article written from a seed."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from newstui.demo import templates as t
from newstui.demo.wire import WIRE_EVERY, wire_headline
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


SPLIT = {
    "place": ("place",),
    "country": ("country",),
    "company": ("company",),
    "first": ("person", "official"),
    "last": ("person", "official"),
    "verdict": ("verdict",),
}
"""Pools whose names several desks' headlines use (through these slots): each such desk draws
from a slice of its own. One small invented world has a handful of places, so without it every
desk would name Port Lumen every few minutes, and the story engine, rightly, would see those
headlines as one story (a place's two words in common); real news has far more names. Wire
events (wire.py) are where desks report one story."""


def _users(slots: tuple[str, ...]) -> tuple[str, ...]:
    """The desks whose headlines name any of `slots` (also as slot2), in HEADLINES order."""
    found = []
    for desk, headlines in t.HEADLINES.items():
        extra = t.AWKWARD_HEADLINES if desk == "business" else ()
        named = {m.rstrip("2") for h in (*headlines, *extra) for m in re.findall(r"{(\w+)}", h)}
        if named & set(slots):
            found.append(desk)
    return tuple(found)


@lru_cache(maxsize=16)
def _pools(desk: str) -> dict[str, tuple[str, ...]]:
    """The pools `desk` draws from: its slice of each pool in SPLIT that several desks use
    (at least two names, so that place and place2 can differ), the whole of the others, where
    a name built on another desk's place is built on one of its own ("Port Lumen Harriers" at
    a desk that does not report on Port Lumen is "Kessel Heights Harriers": else the place's
    two words would join its headlines to that other desk's news of the place)."""
    pools = dict(POOLS)
    for key, slots in SPLIT.items():
        users = _users(slots)
        if desk in users and len(users) > 1:
            share = POOLS[key][users.index(desk) :: len(users)]
            if len(share) >= 2:
                pools[key] = share
    own, others = pools["place"], [p for p in POOLS["place"] if p not in pools["place"]]
    if own == POOLS["place"] or not others:
        return pools
    elsewhere = re.compile(r"\b(?:" + "|".join(map(re.escape, others)) + r")\b")

    def rebuilt(found: re.Match[str]) -> str:
        return own[others.index(found.group()) % len(own)]

    for key, pool in POOLS.items():
        if key not in SPLIT:
            pools[key] = tuple(dict.fromkeys(elsewhere.sub(rebuilt, name) for name in pool))
    return pools


def _slots(rng: random.Random, desk: str = "") -> dict[str, str]:
    pools = _pools(desk)
    slots = {key: rng.choice(pool) for key, pool in pools.items()}

    def other(key: str) -> str:
        return rng.choice([v for v in pools[key] if v != slots[key]])

    def person() -> str:
        return f"{rng.choice(pools['first'])} {rng.choice(pools['last'])}"

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
    slots = _slots(rng, desk)
    wire = wire_headline(seed, desk, index)
    if wire is not None:
        # The event's own names and numbers, the same at every desk that reports it.
        template, names = wire
        slots.update(_slots(random.Random(f"{seed}:wire:{index // WIRE_EVERY}")), **names)
    elif desk == "business" and index % AWKWARD_EVERY == 2:
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
