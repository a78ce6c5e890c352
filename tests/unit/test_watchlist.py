"""Tests the Watchlist: rules over title and summary, source and tag scopes, what a poll fires
(never a new source's backlog), and the scopes that name nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from newstui.alerts.watchlist import Watchlist
from newstui.models import AlertRule, Headline, Source, SourceStatus

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)


def headline(n: int, title: str, summary: str = "", source_id: int = 1) -> Headline:
    return Headline(n, source_id, "BBC World", f"g{n}", title, None, NOW, summary=summary)


def bbc(**changes: object) -> Source:
    source = Source(
        1,
        "https://bbc.example/world.xml",
        "BBC World",
        "BBC News - World",
        300.0,
        tags=("world", "uk"),
        last_status=SourceStatus.OK,
        item_count=40,
    )
    for key, value in changes.items():
        setattr(source, key, value)
    return source


def test_title_and_summary_are_matched_but_a_phrase_does_not_join_them() -> None:
    watch = Watchlist([AlertRule(match=("earthquake", "central bank"))])
    assert watch.matches(headline(1, "Earthquake in Chile"), bbc())
    assert watch.matches(headline(2, "Markets", "The central bank met."), bbc())
    assert not watch.matches(headline(3, "The central", "Bank holiday"), bbc())
    assert not watch.matches(headline(4, "Quiet day"), bbc())


def test_the_first_term_that_matches_is_named() -> None:
    rule = AlertRule(match=("flood", "earthquake"))
    assert Watchlist([rule]).matches(headline(1, "Earthquake and flood"), bbc()) == [
        (rule, "flood")
    ]


def test_a_scope_by_name_feed_title_url_or_tag() -> None:
    cases = {
        ("BBC World",): True,
        ("bbc world",): True,  # names are case-insensitive, as `headlines --source`
        ("BBC News - World",): True,  # the feed's own title
        ("https://bbc.example/world.xml",): True,
        ("Reuters",): False,
    }
    for sources, expected in cases.items():
        watch = Watchlist([AlertRule(match=("quake",), sources=sources)])
        assert bool(watch.matches(headline(1, "Quake"), bbc())) is expected, sources
    by_tag = Watchlist([AlertRule(match=("quake",), tags=("World",))])
    assert by_tag.matches(headline(1, "Quake"), bbc())
    assert not by_tag.matches(headline(1, "Quake"), bbc(tags=("tech",)))


def test_sources_and_tags_together_widen_the_scope() -> None:
    watch = Watchlist([AlertRule(match=("quake",), sources=("Reuters",), tags=("uk",))])
    assert watch.matches(headline(1, "Quake"), bbc())  # not Reuters, but tagged uk


def test_an_unknown_source_falls_back_to_the_shown_name() -> None:
    watch = Watchlist([AlertRule(match=("quake",), sources=("BBC World",))])
    assert watch.matches(headline(1, "Quake"), None)
    assert not Watchlist([AlertRule(match=("quake",), tags=("uk",))]).matches(
        headline(1, "Quake"), None
    )


def test_each_matching_rule_fires_its_own_alert() -> None:
    loud = AlertRule(match=("quake",), bell=True)
    script = AlertRule(match=("chile",), command=("true",))
    flagged, alerts = Watchlist([loud, script]).check(
        [headline(1, "Quake in Chile"), headline(2, "Sunny")], bbc()
    )
    assert [h.alert for h in flagged] == [True, False]
    assert [(a.headline.id, a.rule, a.term) for a in alerts] == [
        (1, loud, "quake"),
        (1, script, "chile"),
    ]


def test_a_new_sources_backlog_is_flagged_but_fires_nothing() -> None:
    watch = Watchlist([AlertRule(match=("quake",))])
    new = [headline(1, "Quake")]
    for before in (
        bbc(last_status=SourceStatus.NEW, item_count=0),  # never polled
        bbc(last_status=SourceStatus.ERROR, item_count=0),  # failed until now
    ):
        flagged, alerts = watch.check(new, before)
        assert flagged[0].alert and alerts == []
    # A source that answered before (even with an empty feed), or holds headlines, is live.
    for before in (
        bbc(last_status=SourceStatus.OK, item_count=0),
        bbc(last_status=SourceStatus.ERROR, item_count=3),
        bbc(last_status=SourceStatus.UNCHANGED, item_count=0),
    ):
        assert len(watch.check(new, before)[1]) == 1


def test_flag_marks_only_matching_headlines() -> None:
    watch = Watchlist([AlertRule(match=("quake",), tags=("world",))])
    shown = watch.flag(
        [headline(1, "Quake"), headline(2, "Quake", source_id=2), headline(3, "Sun")],
        {1: bbc(), 2: bbc(id=2, tags=("tech",))},
    )
    assert [h.alert for h in shown] == [True, False, False]
    assert Watchlist().flag(shown, {}) == shown
    assert not Watchlist()


def test_scopes_that_name_no_source_are_said_with_the_closest() -> None:
    rule = AlertRule(
        match=("quake",), sources=("BBC Wrld", "BBC World"), tags=("wrld",), where="alerts[1]"
    )
    lines = Watchlist([rule]).unknown_scopes([bbc()])
    assert lines == [
        "alerts[1]: sources: no source is named 'BBC Wrld'; did you mean 'BBC World' or "
        "'BBC News - World'?",
        "alerts[1]: tags: no source has the tag 'wrld'; did you mean 'world'?",
    ]
    assert (
        Watchlist([AlertRule(match=("q",), sources=("bbc world",))]).unknown_scopes([bbc()]) == []
    )
