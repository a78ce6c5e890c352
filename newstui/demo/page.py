"""Provides the demo newsroom's HTML: article pages with a real site's clutter, and a front page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from newstui.demo.desks import DemoDesk
from newstui.demo.story import Story

FEED_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}

# Boilerplate a reader must strip: kept here, as on real sites, around the article proper.
_COOKIE_BANNER = """<div class="cookie-banner" id="cookie-consent" role="dialog">
<p>We and our 347 partners use cookies to personalise content and measure audiences. You can change
your choices at any time in Privacy settings.</p>
<button type="button" data-consent="all">Accept all</button>
<button type="button" data-consent="manage">Manage preferences</button>
</div>"""
_NEWSLETTER = """<aside class="newsletter"><h3>The Morning Packet</h3>
<p>Sign up for our free newsletter and get the day's top stories before breakfast.</p>
<form action="/newsletter" method="post">
<input type="email" name="email" placeholder="you@example.invalid">
<button type="submit">Subscribe</button></form></aside>"""
_SCRIPT = """<script>window.dataLayer = window.dataLayer || [];
dataLayer.push({"event": "pageview", "section": "news"});</script>"""


def body_html(story: Story) -> str:
    """The article's own text as HTML, without any of the page around it."""
    parts: list[str] = []
    for block in story.blocks:
        if block.kind == "p":
            parts.append(f"<p>{escape(block.text)}</p>")
        elif block.kind == "h2":
            parts.append(f"<h2>{escape(block.text)}</h2>")
        elif block.kind == "quote":
            parts.append(
                f"<blockquote><p>\u201c{escape(block.text)}\u201d</p>"
                f'<p class="attribution">\u2014 {escape(block.cite)}</p></blockquote>'
            )
        else:
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            parts.append(f"<h3>{escape(block.text)}</h3><ul>{items}</ul>")
    return "\n".join(parts)


def _nav(desks: Sequence[DemoDesk], current: DemoDesk | None) -> str:
    links = "".join(
        f"<li{' class=active' if d == current else ''}>"
        f'<a href="/{d.slug}/">{escape(d.name)}</a></li>'
        for d in desks
    )
    return (
        '<nav class="site-nav" aria-label="Sections">'
        f'<ul><li><a href="/">Home</a></li>{links}</ul></nav>'
    )


def _head(title: str, desks: Sequence[DemoDesk], extra: str = "") -> str:
    alternates = "".join(
        f'<link rel="alternate" type="{FEED_TYPES[d.fmt]}" title="{escape(d.name)}"'
        f' href="{d.feed_path}">'
        for d in desks
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{extra}{alternates}"
        "<style>body{font-family:Georgia,serif;max-width:46em;margin:auto}"
        ".cookie-banner{position:fixed;bottom:0;background:#eee}</style>"
        f"{_SCRIPT}</head>\n"
    )


def article_page(
    desk: DemoDesk,
    story: Story,
    published: datetime,
    url: str,
    desks: Sequence[DemoDesk],
    related: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A whole article page: the story amid navigation, banners, share buttons and comments."""
    when = published.strftime("%d %B %Y, %H:%M UTC")
    meta = (
        f'<meta name="description" content="{escape(story.standfirst)}">'
        f'<meta property="og:title" content="{escape(story.title)}">'
        f'<meta property="og:type" content="article"><link rel="canonical" href="{escape(url)}">'
        f'<meta name="author" content="{escape(story.author)}">'
        f'<meta property="article:published_time" content="{published.isoformat()}">'
    )
    share = (
        '<div class="share" aria-label="Share this story">'
        f'<a href="mailto:?subject={escape(story.title)}">Email</a> '
        '<a href="#" class="share-mastodon">Share on Mastodon</a> '
        '<button type="button" class="copy-link">Copy link</button> '
        '<button type="button" class="save">Save for later</button></div>'
    )
    related_html = "".join(f'<li><a href="{escape(u)}">{escape(t)}</a></li>' for t, u in related)
    comments = "".join(
        f'<article class="comment"><p class="comment-author">{escape(user)}</p>'
        f'<p class="comment-body">{escape(text)}</p><button type="button">Reply</button></article>'
        for user, text in story.comments
    )
    html = (
        _head(f"{story.title} | {desk.name}", desks, meta)
        + f"<body>\n{_COOKIE_BANNER}\n"
        + f'<header class="site-header"><a class="logo" href="/">{escape(desk.name)}</a>'
        + '<a class="subscribe" href="/subscribe">Subscribe</a><a href="/login">Sign in</a>'
        + f'{_nav(desks, desk)}</header>\n<main>\n<article class="story">\n'
        + f'<header><p class="kicker"><a href="/{desk.slug}/">{escape(story.category)}</a></p>'
        + f"<h1>{escape(story.title)}</h1>"
        + f'<p class="standfirst">{escape(story.standfirst)}</p>'
        + f'<p class="byline">By <a rel="author" href="/authors/{story.index}">'
        + f"{escape(story.author)}</a>"
        + f' \u00b7 <time datetime="{published.isoformat()}">{when}</time></p></header>\n'
        + f'{share}\n<div class="article-body">\n{body_html(story)}\n</div>\n{share}\n'
        + f'<aside class="related"><h3>More from {escape(desk.name)}</h3>'
        + f"<ul>{related_html}</ul></aside>\n"
        + f"{_NEWSLETTER}\n</article>\n"
        + f'<section class="comments" id="comments"><h2>Comments ({len(story.comments)})</h2>'
        + f"{comments}<p>Comments are moderated.</p></section>\n</main>\n"
        + f'<footer class="site-footer"><p>\u00a9 {published.year} {escape(desk.name)}, a fictional'
        + " outlet of the newstui demo newsroom. All stories are invented.</p>"
        + '<ul><li><a href="/about">About</a></li><li><a href="/privacy">Privacy</a></li></ul>'
        + "</footer>\n</body></html>\n"
    )
    return html.encode("utf-8")


def front_page(desks: Sequence[DemoDesk], latest: Sequence[tuple[DemoDesk, str, str]]) -> bytes:
    """The newsroom's home page: every desk's feed and its latest headlines (desk, title, url)."""
    rows = "".join(
        f'<li><a href="{escape(u)}">{escape(t)}</a> <small>{escape(d.name)}</small></li>'
        for d, t, u in latest
    )
    feeds = "".join(
        f'<li><a href="{d.feed_path}">{escape(d.name)}</a> ({d.fmt})</li>' for d in desks
    )
    html = (
        _head("newstui demo newsroom", desks)
        + f"<body><header><h1>newstui demo newsroom</h1>{_nav(desks, None)}</header>"
        + f"<main><h2>Feeds</h2><ul>{feeds}</ul><h2>Latest</h2><ul>{rows}</ul></main>"
        + "</body></html>\n"
    )
    return html.encode("utf-8")
