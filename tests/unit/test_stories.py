"""Tests the story engine: which headlines join one story, and the index's promises (stable,
deterministic, windowed, bounded, restorable)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.models import Headline
from newstui.stories import Assignment, StoredItem, StoryIndex, StoryItem, item_of
from newstui.stories.terms import terms

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

# A day's background of unrelated headlines, so that document frequencies look like a stream's.
BACKGROUND = [
    "Storm batters coast as thousands lose power",
    "Central bank holds interest rates steady",
    "Football club sacks manager after losing run",
    "Parliament votes on new budget plan",
    "Wildfire forces evacuations in the hills",
    "Tech company unveils new smartphone lineup",
    "Oil prices climb on supply worries",
    "Court rules on landmark privacy case",
    "Scientists find water ice on distant moon",
    "Airline cancels flights amid strike",
]


class Feed:
    """Feeds headlines to an index, each from its own source unless told, a minute apart."""

    def __init__(self, index: StoryIndex | None = None) -> None:
        self.index = index if index is not None else StoryIndex()
        self.key = 0
        self.when = T0

    def add(
        self,
        title: str,
        source: str | None = None,
        *,
        at: datetime | None = None,
        language: str | None = None,
    ) -> Assignment:
        self.key += 1
        self.when = at if at is not None else self.when + timedelta(minutes=1)
        return self.index.add(
            StoryItem(self.key, title, source or f"source-{self.key}", self.when, language)
        )

    def background(self) -> None:
        for title in BACKGROUND:
            self.add(title)


def test_one_event_reported_by_several_sources_is_one_story() -> None:
    feed = Feed()
    feed.background()
    first = feed.add("Metro-North worker killed by train in East Harlem", "NBC")
    second = feed.add("Track worker struck and killed by Metro-North train, MTA says", "CBS")
    third = feed.add("Metro-North track worker killed in Harlem", "Westfair")
    assert second.story == first.story == third.story == first.key


def test_headlines_sharing_one_common_word_stay_apart() -> None:
    feed = Feed()
    feed.background()
    stories = {
        feed.add("Apple releases iOS 7.1 with bug fixes").story,
        feed.add("Apple harvest in Kent hit by late frost").story,
        feed.add("Apple pie contest draws record crowd").story,
    }
    assert len(stories) == 3


def test_a_feeds_recurring_titles_are_not_a_story_but_another_source_joins() -> None:
    feed = Feed()
    feed.background()
    episodes = {feed.add(f"Giant Bombcast {n}: Call of Duty", "bombcast").story for n in (601, 602)}
    assert len(episodes) == 2
    other = feed.add("Giant Bombcast 602: Call of Duty discussed", "games-site")
    assert other.story in episodes


def test_numbers_alone_do_not_make_a_story() -> None:
    feed = Feed()
    feed.background()
    one = feed.add("Links for 2009-01-21 12 44")
    two = feed.add("Giant Bombcast 2009-01-21 12 44")
    assert one.story != two.story


def test_function_words_of_other_languages_do_not_make_a_story() -> None:
    feed = Feed()
    feed.background()
    one = feed.add("Die Regierung und der Bundestag streiten über das Budget")
    two = feed.add("Der Hund und die Katze sind über den Zaun gesprungen")
    three = feed.add("Le maire et les habitants de la ville sont pour le projet")
    four = feed.add("Les enfants de la classe et le chat de la voisine")
    assert len({one.story, two.story, three.story, four.story}) == 4


def test_known_languages_never_share_a_story() -> None:
    feed = Feed()
    feed.background()
    english = feed.add("Merkel Obama Ukraine crisis talks", language="en-GB")
    german = feed.add("Merkel Obama Ukraine Krise Gespräche", language="de")
    unknown = feed.add("Merkel and Obama hold Ukraine crisis talks")
    assert german.story != english.story
    assert unknown.story == english.story


def test_the_same_words_after_the_window_start_a_new_story() -> None:
    feed = Feed(StoryIndex(window=timedelta(hours=48)))
    feed.background()
    first = feed.add("Volcano erupts on Iceland's Reykjanes peninsula")
    soon = feed.add(
        "Iceland volcano erupts again on Reykjanes peninsula", at=T0 + timedelta(hours=47)
    )
    late = feed.add("Volcano erupts on Iceland Reykjanes peninsula", at=T0 + timedelta(hours=200))
    assert soon.story == first.story
    assert late.story != first.story
    assert feed.index.story_of(first.key) is None  # expired: gone from memory


def test_after_a_long_pause_old_stories_are_not_joined_while_they_wait_to_be_dropped() -> None:
    feed = Feed()
    for n in range(200):
        feed.add(f"Filler {n} about thing{n}")
    first = feed.add("Volcano erupts on Iceland's Reykjanes peninsula")
    late = feed.add("Volcano erupts on Iceland Reykjanes peninsula", at=T0 + timedelta(days=5))
    assert late.story != first.story
    assert len(feed.index) > 100  # one add drops a few: the rest waits for expire()
    assert feed.index.expire() > 100
    assert len(feed.index) == 1


def test_memory_is_bounded_by_capacity() -> None:
    feed = Feed(StoryIndex(capacity=100))
    for n in range(2_000):
        feed.add(f"Report {n} on topic{n % 37} and matter{n % 101} word{n}")
    sizes = feed.index.sizes()
    assert sizes["headlines"] == 100
    assert sizes["stories"] <= 100
    # Terms of headlines that left are forgotten too: 100 headlines hold at most 5 terms each.
    assert sizes["terms"] <= 500


def test_two_stories_merge_into_the_older_and_say_so() -> None:
    feed = Feed()
    feed.background()
    a = feed.add("Airliner MH370 missing with 239 aboard", "s1")
    feed.add("MH370 airliner missing, 239 aboard", "s2")
    b = feed.add("MH370: Vietnam sees debris", "s3")  # one word in common: a story of its own
    feed.add("Debris from MH370 seen by Vietnam", "s4")
    assert a.story != b.story
    bridge = feed.add("MH370 airliner debris seen by Vietnam", "s5")
    assert bridge.story == a.story
    assert bridge.merged == (b.story,)
    assert feed.index.resolve(b.story) == a.story
    assert feed.index.story_of(b.key) == a.story


def test_stories_about_different_subjects_do_not_merge_through_one_headline() -> None:
    feed = Feed()
    feed.background()
    bachelor = feed.add("The Bachelor: Juan Pablo picks Nikki in finale", "s1")
    feed.add("Juan Pablo picks Nikki on The Bachelor", "s2")
    feed.add("Bachelor Juan Pablo does not propose to Nikki", "s3")
    detective = feed.add("True Detective finale crashes HBO Go", "s4")
    feed.add("HBO Go crashes during True Detective", "s5")
    feed.add("True Detective: Rust and Marty in the finale on HBO", "s6")
    # Close enough to both for their centroids to agree by the threshold: the subjects differ.
    both = feed.add("Finale night: The Bachelor and True Detective finale on HBO, Juan Pablo", "s7")
    assert bachelor.story != detective.story
    assert both.merged == ()
    assert feed.index.story_of(bachelor.key) == bachelor.story


def test_the_same_input_gives_the_same_ids_whatever_the_hash_seed() -> None:
    code = (
        "import json, sys\n"
        "from tests.unit.test_stories import run_fixed\n"
        "print(json.dumps(run_fixed()))\n"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1] == run_fixed()
    assert len({story for story, _ in outputs[0]}) < len(outputs[0])  # some did join


def run_fixed() -> list[list[object]]:
    feed = Feed()
    titles = [
        *BACKGROUND,
        "Snowden tells SXSW encryption can defeat mass surveillance",
        "Edward Snowden at SXSW: encryption works against NSA surveillance",
        "Snowden urges tech community to fight NSA mass surveillance",
        "Lena Dunham hosts Saturday Night Live",
        "Lena Dunham Saturday Night Live sketch mocks nudity",
        "SXSW: Lena Dunham talks about Saturday Night Live",
    ]
    return [[a.story, list(a.merged)] for a in (feed.add(t) for t in titles)]


def test_restore_continues_as_if_never_stopped() -> None:
    titles = [
        *BACKGROUND,
        "Chrysler recalls 25,000 Jeep Grand Cherokee and Dodge Durango",
        "Chrysler recalls Jeep Grand Cherokee, Dodge Durango over brakes",
    ]
    feed = Feed()
    done = [(feed.key + 1, t, feed.add(t)) for t in titles]
    rows = [
        StoredItem(key, title, f"source-{key}", T0 + timedelta(minutes=key), a.story)
        for key, title, a in done
    ]
    restored = StoryIndex()
    restored.restore(reversed(rows))  # any order: restore sorts by time
    later = StoryItem(
        999, "Jeep Grand Cherokee recall by Chrysler widens", "x", T0 + timedelta(hours=1)
    )
    assert restored.add(later) == feed.index.add(later)
    assert restored.add(later).story == done[-1][2].story


def test_restore_keeps_stored_ids_and_needs_an_empty_index() -> None:
    index = StoryIndex()
    index.restore([StoredItem(5, "Quake hits Chile", "a", T0, story=3)])
    assert index.story_of(5) == 3
    with pytest.raises(ValueError, match="empty"):
        index.restore([StoredItem(6, "Quake hits Peru", "a", T0, story=6)])


def test_a_key_seen_before_keeps_its_story() -> None:
    feed = Feed()
    first = feed.add("Volcano erupts in Iceland")
    again = feed.index.add(StoryItem(first.key, "Anything else entirely", "z", T0))
    assert again == Assignment(first.key, first.story)
    assert len(feed.index) == 1


@pytest.mark.parametrize(
    "title",
    ["", "   ", "\x1b[31m\x00", "a", "?" * 10_000, "word " * 5_000, "🙂🙂🙂"],
    ids=["empty", "blank", "controls", "one-letter", "punctuation", "long", "emoji"],
)
def test_odd_titles_get_a_story_of_their_own(title: str) -> None:
    feed = Feed()
    feed.background()
    assert feed.add(title).story == feed.key
    assert feed.add(title).story == feed.key  # and do not gather among themselves either


def test_unspaced_scripts_are_compared_by_character_pairs() -> None:
    assert terms("世纪华通回购") == ["世纪", "纪华", "华通", "通回", "回购"]
    feed = Feed()
    feed.background()
    one = feed.add("世纪华通发20亿回购预案")
    two = feed.add("世纪华通宣布回购预案")
    assert two.story == one.story


def test_terms_fold_the_forms_headlines_vary() -> None:
    assert terms("Mt. Gox's bitcoins: the U.S. recalls") == ["mt", "gox", "bitcoin", "us", "recall"]
    assert terms("L'économie d'après") == ["économie", "aprè"]


def test_item_of_a_stored_headline() -> None:
    headline = Headline(7, 3, "BBC", "g", "Title", None, T0)
    assert item_of(headline, "en") == StoryItem(7, "Title", 3, T0, "en")


@pytest.mark.parametrize("bad", [{"threshold": 0.0}, {"threshold": 1.5}, {"capacity": 0}])
def test_bad_settings_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        StoryIndex(**bad)  # type: ignore[arg-type]
