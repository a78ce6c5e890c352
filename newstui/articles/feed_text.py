"""Provides a headline's feed text as Markdown for the reading pane (hostile HTML in, safe out)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

MAX_MARKDOWN = 200_000
"""Characters of Markdown shown at most; longer bodies are cut."""

_CONTROL = re.compile(
    "\x1b\\[[0-?]*[ -/]*[@-~]|\x1b\\][^\x07\x1b]*(?:\x07|\x1b\\\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\\\)?"
    "|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c]"
)


def _clean(text: str) -> str:
    try:
        from newstui.text.sanitize import clean_text
    except ImportError:  # pragma: no cover - the sanitizer is part of the package
        return _CONTROL.sub("", text)
    return clean_text(text, max_len=MAX_MARKDOWN)


def _converter(base_url: str | None) -> Any:
    from markdownify import MarkdownConverter

    class SafeConverter(MarkdownConverter):  # type: ignore[misc]
        """Keeps text, structure and http(s) links; drops scripts, styles, forms and images."""

        def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
            href = (el.get("href") or "").strip()
            if base_url:
                href = urljoin(base_url, href)
            parts = urlsplit(href)
            if parts.scheme not in {"http", "https"} or not parts.hostname:
                return text
            el["href"] = href
            return str(super().convert_a(el, text, parent_tags))  # type: ignore[misc]

        def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
            alt = (el.get("alt") or "").strip()
            return f"[image: {alt}]" if alt else ""

        def _drop(self, el: Any, text: str, parent_tags: set[str]) -> str:
            return ""

        convert_script = convert_style = convert_noscript = convert_iframe = _drop
        convert_form = convert_button = convert_input = convert_select = _drop

    return SafeConverter(heading_style="ATX", bullets="-", escape_misc=False)


def feed_markdown(summary: str, content_html: str, *, base_url: str | None = None) -> str:
    """The richest text the feed gave for a headline, as Markdown: its HTML content converted,
    else its plain-text summary. Control sequences are removed; only http(s) links survive."""
    if content_html.strip():
        try:
            markdown = _converter(base_url).convert(content_html[: MAX_MARKDOWN * 4])
        except Exception:
            markdown = ""
        markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
        if markdown:
            return _clean(markdown)
    return _clean(_escape_plain(summary.strip()))


def _escape_plain(text: str) -> str:
    """Plain summary text must show as written, not as Markdown syntax (a leading '#', '*')."""
    return re.sub(r"([\\`*_#<>\[\]|])", r"\\\1", text)
