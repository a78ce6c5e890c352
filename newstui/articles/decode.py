"""Provides the decoding of a web page's bytes to text: BOM, then HTTP charset, then <meta>."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The HTML standard's prescan looks at the first 1024 bytes; pages with long <head> scripts
# put the <meta> later, so look a little further.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
# What browsers do (WHATWG Encoding): these labels mean the wider Windows code pages.
_ALIASES = {
    "iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gbk", "euc_kr": "cp949",
    "shift_jis": "cp932",
}  # fmt: skip
_FALLBACK = "cp1252"


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _ALIASES.get(name, name)


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """Decode page bytes the way a browser would, never raising (bad bytes become U+FFFD)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace")
    declared = _codec(encoding)
    if declared is None:
        match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
        declared = _codec(match.group(1).decode("ascii")) if match else None
        if declared is not None and declared.startswith(("utf-16", "utf-32")):
            # A <meta> read as ASCII cannot be right about a UTF-16 page (HTML standard).
            declared = "utf-8"
    if declared is not None:
        try:
            return data.decode(declared, errors="replace")
        except Exception:  # a codec that fails even with errors=replace: use the defaults
            declared = None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(_FALLBACK, errors="replace")
