"""Provides the built-in list of real news sources used when the user configured none.

Chosen from ../shared/corpus/default-sources (public OPML lists, with provenance there): world news
agencies and broadcasters plus a tech news line, https wherever the publisher serves it.
"""

from newstui.models import SourceConfig

DEFAULT_SOURCES: tuple[SourceConfig, ...] = (
    SourceConfig("https://feeds.bbci.co.uk/news/world/rss.xml", "BBC World", tags=("world",)),
    SourceConfig("https://www.aljazeera.com/xml/rss/all.xml", "Al Jazeera", tags=("world",)),
    SourceConfig("https://www.theguardian.com/world/rss", "Guardian World", tags=("world",)),
    SourceConfig(
        "https://rss.nytimes.com/services/xml/rss/nyt/World.xml", "NYT World", tags=("world",)
    ),
    SourceConfig("https://rss.dw.com/rdf/rss-en-all", "DW", tags=("world",)),
    SourceConfig("https://www.france24.com/en/rss", "France 24", tags=("world",)),
    SourceConfig("https://feeds.npr.org/1006/rss.xml", "NPR Economy", tags=("business",)),
    SourceConfig("https://tass.com/rss/v2.xml", "TASS", tags=("world", "agency")),
    SourceConfig(
        "https://www.aa.com.tr/en/rss/default?cat=live", "Anadolu", tags=("world", "agency")
    ),
    SourceConfig("https://news.ycombinator.com/rss", "Hacker News", tags=("tech",)),
)
