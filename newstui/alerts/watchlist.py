"""Provides the Watchlist: the `[[alerts]]` rules applied to headlines and their sources."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from newstui.alerts.terms import Term, fold, parse_term
from newstui.models import AlertRule, Headline, Source, SourceStatus


@dataclass(frozen=True)
class Alert:
    """A new headline that matched one rule: the process that stored it fires it, once."""

    headline: Headline
    rule: AlertRule
    term: str
    """The rule's term that matched, as written."""


class _Rule:
    def __init__(self, rule: AlertRule) -> None:
        self.rule = rule
        self.terms: list[Term] = [parse_term(t) for t in rule.match]
        self.sources = {fold(s) for s in rule.sources}
        self.tags = {fold(t) for t in rule.tags}

    def covers(self, source: Source | None, source_name: str) -> bool:
        """Whether headlines of this source are in the rule's scope."""
        if not self.sources and not self.tags:
            return True
        names = {fold(source_name)}
        tags: Iterable[str] = ()
        if source is not None:
            names |= {fold(n) for n in (source.name, source.feed_title, source.url) if n}
            tags = source.tags
        return bool(names & self.sources) or any(fold(t) in self.tags for t in tags)

    def term_in(self, title: str, summary: str) -> str | None:
        for term in self.terms:
            if term.found_in(title) or term.found_in(summary):
                return term.text
        return None


class Watchlist:
    """The rules of `[[alerts]]`, matched against a headline's title and summary (separately:
    a phrase does not run from one into the other) when its source is in a rule's scope.
    Matching rules are in newstui.alerts.terms. Empty: nothing ever matches."""

    def __init__(self, rules: Sequence[AlertRule] = ()) -> None:
        """Raises ValueError for a term parse_term refuses (the config checks them first)."""
        self._rules = [_Rule(r) for r in rules]
        self._firsts = sorted({t.words[0] for r in self._rules for t in r.terms})
        """Every term's first word: a headline with none of them matches no rule."""

    def __bool__(self) -> bool:
        return bool(self._rules)

    @property
    def rules(self) -> list[AlertRule]:
        return [r.rule for r in self._rules]

    def matches(self, headline: Headline, source: Source | None) -> list[tuple[AlertRule, str]]:
        """Each rule the headline matches, with the term that did; [] for none. `source` is the
        headline's (for the scope); None when unknown, then only its shown name counts."""
        if not self._firsts:
            return []
        title, summary = fold(headline.title), fold(headline.summary)
        # Substring tests at C speed rule out most headlines before any word edge is looked
        # at (a regex alternation of the same words is ~20 times slower).
        if not any(w in title or w in summary for w in self._firsts):
            return []
        found = []
        for rule in self._rules:
            if rule.covers(source, headline.source_name):
                term = rule.term_in(title, summary)
                if term is not None:
                    found.append((rule.rule, term))
        return found

    def flag(self, headlines: Sequence[Headline], sources: Mapping[int, Source]) -> list[Headline]:
        """The headlines with `alert` set on those that match (the others as they are)."""
        if not self._rules:
            return list(headlines)
        return [_flagged(h) if self.matches(h, sources.get(h.source_id)) else h for h in headlines]

    def check(self, new: Sequence[Headline], before: Source) -> tuple[list[Headline], list[Alert]]:
        """A poll's new headlines, flagged, and the alerts they fire. `before` is the source as
        it was before the poll: a source that never gave a headline and never answered with a
        feed (new, or failing since it was added) brings its backlog, which is stored without
        alerts (the first run would otherwise fire for everything every feed lists)."""
        flagged: list[Headline] = []
        alerts: list[Alert] = []
        backlog = before.item_count == 0 and before.last_status in _NEVER_ANSWERED
        for headline in new:
            found = self.matches(headline, before)
            flagged.append(_flagged(headline) if found else headline)
            if not backlog:
                alerts.extend(Alert(headline, rule, term) for rule, term in found)
        return flagged, alerts

    def unknown_scopes(self, sources: Sequence[Source]) -> list[str]:
        """One line for each `sources` or `tags` entry of a rule that names no known source
        (a typo would silently never alert), with the closest known names. A feed's own title
        is known only after its first poll."""
        names = {fold(n): n for s in sources for n in (s.name, s.feed_title, s.url) if n}
        tags = {fold(t): t for s in sources for t in s.tags}
        lines = []
        for rule in self._rules:
            for key, wanted, known in (
                ("sources", rule.rule.sources, names),
                ("tags", rule.rule.tags, tags),
            ):
                for entry in wanted:
                    if fold(entry) not in known:
                        close = difflib.get_close_matches(entry, sorted(known.values()), n=2)
                        hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
                        what = "source is named" if key == "sources" else "source has the tag"
                        lines.append(f"{rule.rule.where}: {key}: no {what} {entry!r}{hint}")
        return lines


_NEVER_ANSWERED = frozenset({SourceStatus.NEW, SourceStatus.ERROR})


def _flagged(headline: Headline) -> Headline:
    return replace(headline, alert=True)
