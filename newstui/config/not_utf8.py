"""Provides not_utf8_message: where a config file stops being UTF-8 (the line and column of its
first bad byte) and the fix, for the error that stops newstui with exit 2."""

from __future__ import annotations

import codecs
from pathlib import Path


def not_utf8_message(path: Path, data: bytes) -> str | None:
    """The one-line error for a config file whose bytes `data` are not UTF-8, in the form of
    the other config errors ("FILE:LINE: problem; expected ..."): the line (1-based, counting
    LF), the column (1-based, in characters, a byte order mark not counted) and the value of
    the first byte that is not UTF-8. None when `data` is UTF-8 (the file changed since it
    failed to decode). The column's text is valid UTF-8: the first bad byte ends it."""
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = start + exc.start
        reason = exc.reason
    else:
        return None
    line_start = max(data.rfind(b"\n", 0, at) + 1, start)
    line = data.count(b"\n", 0, at) + 1
    column = len(data[line_start:at].decode("utf-8")) + 1
    return (
        f"{path}:{line}: not UTF-8 text: byte 0x{data[at]:02X} at column {column} ({reason}); "
        "expected UTF-8: save the file as UTF-8 (your editor's encoding setting, or "
        f"`iconv -f windows-1252 -t utf-8 {path.name} > new.toml` if it was written as "
        "Windows-1252/Latin-1)"
    )
