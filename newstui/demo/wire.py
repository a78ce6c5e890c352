"""Provides the demo newsroom's wire events: one event reported by several desks in their own words,
so that the demo shows stories (one row with "+N sources")."""

from __future__ import annotations

import random
from dataclasses import dataclass

WIRE_EVERY = 5
"""A desk's stories number 4, 9, 14, ... may report the wire event of that number (4 // 5 =
0, 9 // 5 = 1, ...) if the desk covers it; otherwise they are ordinary stories. With six desks
publishing at about the same pace, an event reported by two to four of them comes every
WIRE_EVERY stories of a desk: three or four in the backlog, and a new one every two minutes or
so while the demo runs (at the default interval). The kinds (KINDS) take turns, so one kind
comes back after len(KINDS) events, about half an hour in: two events of one kind (two
earthquakes) share their kind's words, and within a 48 h window the story engine may join them,
as it would two real earthquakes reported the same day."""


@dataclass(frozen=True, slots=True)
class WireKind:
    """A kind of event several desks would report, and the ways they word its headline."""

    desks: tuple[str, ...]
    """The desks that may cover it (two to four of them do, chosen per event)."""
    headlines: tuple[str, ...]
    """Wordings, one per covering desk in turn; each names the event's own slots (place,
    team, company...) so that the reports share the words that tell the event apart."""
    names: tuple[str, ...]
    """The slots that tell one event of this kind from another: they go round their pools
    (NAMES) from one event of the kind to the next, so that two events of one kind close in
    time never share them (two mergers of one company would read as one story)."""


# Names only wire events use: the desks' own stories never name them, so that a wire event's
# reports share their names with each other and with nothing else (real news has far more names
# than the demo's pools; sharing a pool, an event would gather every story of its place).
NAMES: dict[str, tuple[str, ...]] = {
    "place": (
        "Marrowby",
        "Eastwick Sands",
        "Holloway Gap",
        "Tarrowby",
        "Vellmouth",
        "Cinderford",
        "Ashgrove",
        "Kilnsea Quay",
        "Redmarsh",
        "Oldcastle Down",
        "Brackenholm",
        "Westerfold",
    ),
    "country": (
        "Auremark",
        "the Pellan Isles",
        "Norvast",
        "Dravenia",
        "the Orlen Coast",
        "Calvessa",
    ),
    "company": (
        "Harrowgate Freight",
        "Lindqvist Mills",
        "Sorrel Aviation",
        "Caskwell Power",
        "Ivory Gate Foods",
        "Penhallow Shipping",
        "Meridian Glassworks",
        "Oakhurst Mutual",
        "Bramblecote Media",
        "Fallowfield Chemicals",
    ),
    "first": (
        "Agnes",
        "Bertil",
        "Corinna",
        "Dashiell",
        "Elowen",
        "Fitzroy",
        "Gunnhild",
        "Hollis",
        "Isolde",
        "Jasper",
        "Kerensa",
        "Lorcan",
    ),
    "team": (
        "Tamberlin Wanderers",
        "Oxmoor Royals",
        "Eddrick Falcons",
        "Pellworth City",
        "Corrigan Rangers",
        "Wexley Swifts",
        "Ebberly Pilots",
        "Marsden Foxes",
    ),
    "last": (
        "Abernathy",
        "Braithwaite",
        "Castellanos",
        "Dunleavy",
        "Esterhazy",
        "Fairweather",
        "Grimaldi",
        "Hargreaves",
        "Ingersoll",
        "Jablonski",
    ),
    "island": ("Skarra", "Tenhold", "Mournay", "Quellin", "Ardlow", "Vashti Rock"),
    "museum": (
        "the Hesketh Museum",
        "the Lavenham Gallery",
        "the Ormond Collection",
        "the Cray Institute of Art",
        "the Fenn Maritime Museum",
    ),
    "treasure": (
        "the Gilded Astrolabe",
        "the Velland Sapphire",
        "the Ashcombe Psalter",
        "the Harwick Tapestry",
        "the Silver Nautilus",
        "the Penrose Codex",
    ),
    "vessel": ("Morning Wren", "Saint Elspeth", "Evening Lark", "Grey Heron", "Pale Curlew"),
    "cup": ("Harbour Plate", "Northern Bowl", "Estuary Salver", "Lantern Pennant"),
    "probe": ("Skylark-3", "Solace", "Osprey-9", "Halcyon", "Petrel", "Aster-4"),
    "target": (
        "Ilvane",
        "Torr",
        "Calder",
        "Ostrava",
        "Rheyn",
    ),
}


KINDS: tuple[WireKind, ...] = (
    WireKind(
        ("world", "science", "business", "culture"),
        (
            "Magnitude {rate} earthquake strikes near {place}",
            "{place} earthquake: magnitude {rate} tremor felt across {country}",
            "Earthquake near {place} shakes {country}, seismologists report",
            "Buildings evacuated in {place} after earthquake",
        ),
        ("place", "country"),
    ),
    WireKind(
        ("business", "tech", "world"),
        (
            "{company} agrees {money} merger with {company2}",
            "{company} and {company2} confirm {money} merger",
            "Merger of {company} and {company2} to create regional giant",
        ),
        ("company", "company2"),
    ),
    WireKind(
        ("world", "business", "sport", "culture"),
        (
            "Storm {first} brings gales and flooding to {place}",
            "{place} cleans up after Storm {first} flooding",
            "Storm {first}: flooding in {place} postpones weekend matches",
            "Storm {first} floods {place} theatre days before opening night",
        ),
        ("first", "place"),
    ),
    WireKind(
        ("sport", "world", "business"),
        (
            "{team} beat {team2} {score} to win the {cup}",
            "{cup}: {team} {score} {team2}",
            "{team} take the {cup} with {score} win against {team2}",
        ),
        ("team", "team2", "cup"),
    ),
    WireKind(
        ("science", "tech", "world"),
        (
            "Probe {probe} launches on mission to {target}",
            "{probe} probe lifts off for {target}",
            "Launch of {probe} to {target} goes to plan, mission control reports",
        ),
        ("probe", "target"),
    ),
    WireKind(
        ("world", "science", "culture"),
        (
            "Volcano on {island} erupts, forcing flights to divert",
            "{island} eruption: ash cloud grounds flights",
            "Flights diverted as volcano on {island} erupts",
        ),
        ("island",),
    ),
    WireKind(
        ("world", "business"),
        (
            "{first} {last} wins presidential election in {country}",
            "{country} election: {first} {last} declared president",
            "Markets steady as {first} {last} wins {country} presidency",
        ),
        ("first", "last", "country"),
    ),
    WireKind(
        ("culture", "world", "science"),
        (
            "Thieves steal {treasure} from {museum}",
            "{museum} heist: {treasure} taken overnight",
            "Police appeal after {treasure} stolen from {museum}",
        ),
        ("treasure", "museum"),
    ),
    WireKind(
        ("world", "business", "sport"),
        (
            "Ferry {vessel} runs aground off {place}, all passengers safe",
            "Coastguard rescues passengers of ferry {vessel} near {place}",
            "{vessel} aground off {place}: passengers brought ashore",
        ),
        ("vessel", "place"),
    ),
    WireKind(
        ("sport", "business"),
        (
            "{team} sign {first} {last} in record {money} transfer",
            "Record transfer: {first} {last} joins {team} for {money}",
        ),
        ("team", "first", "last"),
    ),
    WireKind(
        ("culture", "business", "world"),
        (
            "{treasure} sells for record {money} at auction",
            "Record auction price for {treasure}: {money}",
            "{treasure} fetches {money}, an auction record",
        ),
        ("treasure",),
    ),
    WireKind(
        ("tech", "business", "world"),
        (
            "{company} network failure leaves millions without internet",
            "Millions lose internet as {company} network fails",
            "{company} apologises after nationwide internet failure",
        ),
        ("company",),
    ),
)


def _share(kind_number: int, pool: str) -> tuple[str, ...]:
    """The names of NAMES[pool] that kind `kind_number` uses: a slice of its own when other
    kinds use the pool too, so that two events of different kinds never share a name (a
    company's merger and its network failure would read as one story)."""
    users = [n for n, kind in enumerate(KINDS) if any(s.rstrip("2") == pool for s in kind.names)]
    names = NAMES[pool]
    share = names[users.index(kind_number) :: len(users)]
    return share if len(share) >= 2 else names


def wire_headline(seed: int, desk: str, index: int) -> tuple[str, dict[str, str]] | None:
    """The headline template of desk's story `index` when it reports a wire event, with the
    names that tell the event apart (the same at every desk); None for an ordinary story.
    The kinds take turns (one event in len(KINDS) of each), in an order the seed shuffles."""
    if index % WIRE_EVERY != WIRE_EVERY - 1:
        return None
    event = index // WIRE_EVERY
    turn, place = divmod(event, len(KINDS))
    order = list(range(len(KINDS)))
    random.Random(f"{seed}:wire").shuffle(order)
    kind_number = order[place]
    kind = KINDS[kind_number]
    rng = random.Random(f"{seed}:wire:{event}")
    covering = rng.sample(kind.desks, rng.randint(2, min(4, len(kind.desks))))
    if desk not in covering:
        return None
    names = {}
    for slot in kind.names:
        pool = _share(kind_number, slot.rstrip("2"))
        # Consecutive events of the kind step through its share of the pool; a second slot
        # of the same pool (company2) sits half-way round from the first.
        offset = len(pool) // 2 if slot.endswith("2") else 0
        names[slot] = pool[(turn + offset + seed) % len(pool)]
    return kind.headlines[covering.index(desk) % len(kind.headlines)], names
