"""Provides the function words that never count as evidence that two headlines tell one story."""

# Closed-class words only (articles, pronouns, prepositions, conjunctions, auxiliaries), for the
# languages most common among news feeds. They are removed whatever the headline's language:
# stream statistics alone cannot demote them, because a German feed among English ones makes
# "der" rare in the whole stream, and two German headlines sharing "der" and "und" would then
# look alike. Words that are also common English content words ("son", "war", "gift") are left
# out on purpose. Headline boilerplate ("says", "new", "update", "video") is kept as content:
# the stream's document frequencies weigh it down where it is common.

from __future__ import annotations

_ENGLISH = """
a about above after again against all am an and any are as at be been before being below
between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me
more most my myself no nor not now of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves
"""
_GERMAN = """
der die das den dem des ein eine einen einem einer eines und oder aber ist sind wird werden
wurde hat haben im mit von zu zum zur auf für nicht sich bei nach aus wie auch noch vom über
es er sie wir ihr ich dass als an um
"""
_FRENCH = """
le la les des du de un une et en au aux pour dans sur par est qui que pas plus avec ce se sont
il elle ils nous vous leur leurs ses mais ou où cette
"""
_SPANISH = """
el los las del y por para con que su sus es al lo como más una uno pero sin sobre entre
"""
_PORTUGUESE = """
os das dos em no na nos nas um uma com ao aos pelo pela seu sua mais
"""
_ITALIAN = """
il gli di della delle dei degli che non si alla alle nel nella ed per
"""
_DUTCH = """
het een van op te voor met dat niet aan bij om zijn naar ook er worden wordt
"""

STOPWORDS: frozenset[str] = frozenset(
    " ".join((_ENGLISH, _GERMAN, _FRENCH, _SPANISH, _PORTUGUESE, _ITALIAN, _DUTCH)).split()
)
"""Casefolded function words of English, German, French, Spanish, Portuguese, Italian, Dutch."""
