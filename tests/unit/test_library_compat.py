"""Guards every touch of a library's private API (newstui/feeds/*_compat.py): each test fails
when the library no longer has what the touch relies on, naming the version it was checked with."""

from __future__ import annotations

from importlib.metadata import version

from newstui.feeds import fastfeedparser_compat


def test_fastfeedparser_still_has_the_date_guesser_we_turn_off() -> None:
    from fastfeedparser import main

    checked = fastfeedparser_compat.CHECKED_VERSION
    assert callable(getattr(main, "_slow_dateparser", None)), (
        f"fastfeedparser {version('fastfeedparser')} has no main._slow_dateparser (touch 1 of "
        f"fastfeedparser_compat, checked with {checked}): review the touch"
    )
    fastfeedparser_compat.no_date_guessing()
    fastfeedparser_compat.no_date_guessing()  # idempotent
    assert main._slow_dateparser("tomorrow at noon") is None


def test_with_the_guesser_off_an_undated_item_gets_no_date_from_its_guid() -> None:
    import fastfeedparser

    fastfeedparser_compat.no_date_guessing()
    doc = (
        b'<rss version="2.0"><channel><title>t</title><link>http://127.0.0.1/</link>'
        b"<item><title>i</title><link>http://127.0.0.1/i</link><guid>next friday</guid></item>"
        b"</channel></rss>"
    )
    entry = fastfeedparser.parse(doc)["entries"][0]
    assert not entry.get("published")
