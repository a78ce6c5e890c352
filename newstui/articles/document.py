"""Provides an article as one Markdown document: what `newstui read` prints and the pane shows."""

from __future__ import annotations

from newstui.articles.markdown import escape_inline


def article_document(title: str | None, body: str) -> str:
    """The article's text as its readers get it: "# title", a blank line, the body Markdown and a
    final newline; the body alone (with its newline) when there is no title.

    The one place this text is made: `newstui read` prints it, and the article cache stores it
    for the reading pane, so that the two always show the same. `title` is plain text (escaped
    here); `body` is safe Markdown (models.Article.markdown).
    """
    if title:
        return f"# {escape_inline(title)}\n\n{body}\n"
    return f"{body}\n"
