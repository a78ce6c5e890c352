"""Provides decode_feed: a feed document's bytes to text by the XML and HTTP rules, the same for
every parse path, and the document again as UTF-8 for the XML parsers."""

# The order of evidence (XML 1.0 section 4.3.3 and appendix F, RFC 7303 section 3, RFC 8259
# section 8.1 for JSON):
#   1. a byte order mark decides (UTF-8, UTF-16, UTF-32), whatever anything else says;
#   2. UTF-16/32 without a mark and EBCDIC show in where the zero bytes of "<?xml" fall;
#   3. the document's own declaration (`<?xml ... encoding="..."?>`, after any whitespace, which
#      XML forbids but template engines print) and the HTTP header's charset. When they differ,
#      RFC 7303 makes the header win for XML media types (application/xml, text/xml, */*+xml);
#      for any other type (text/html, text/plain: a mislabelled feed) the header describes
#      something else and the declaration wins. Since RFC 7303, text/xml without a charset means
#      the declaration, no longer US-ASCII (RFC 3023). Bytes can refute a claim: a multi-byte
#      encoding the bytes do not decode in loses to the next claim, and valid UTF-8 with
#      non-ASCII characters wins whenever any claim names UTF-8, a document without a
#      declaration included (UTF-8 is XML's default), and over claims of single-byte encodings
#      (a template's leftover encoding="ISO-8859-1" over a UTF-8 database): text in a single-byte
#      legacy encoding is next to never valid UTF-8 (its letters would have to come in exact
#      lead/continuation pairs), and the Apache default "charset=ISO-8859-1" over UTF-8 feeds is
#      common. Single-byte encodings decode any bytes, so when the header and the declaration
#      name two of them (a server's default charset over the generator's own declaration), the
#      one whose text reads as language wins (charset-normalizer's measure of mess), the
#      RFC 7303 order on a tie: one of the two readings is mojibake;
#   4. sniffing: UTF-8 when the bytes are valid UTF-8 (XML's default), else charset-normalizer's
#      guess, else windows-1252.
# Labels are read as the WHATWG Encoding Standard maps them (webencodings), as browsers do:
# "iso-8859-1" and "us-ascii" are windows-1252, "gb2312" is GBK, and so on.

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_WIDE = ("utf-32-be", "utf-32-le", "utf-16-be", "utf-16-le")
_EBCDIC_DECLARATION = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC
_DECLARATION = re.compile(
    r"\A[\s\ufeff]*<\?xml\s[^>]*?\bencoding\s*=\s*([\"'])\s*([A-Za-z][\w.:+-]*)\s*\1"
)
_DECLARATION_ENCODING = re.compile(
    r"(\A[\s\ufeff]*<\?xml\s[^>]*?\bencoding\s*=\s*)([\"'])[^\"']*\2"
)
_LEADING = re.compile(r"\A[\s\ufeff]+(?=<)")
_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?\s*([^\"';\s]+)", re.IGNORECASE)
_HEAD = 1_024
_SNIFF_BYTES = 65_536
"""charset-normalizer reads at most this much: its guess costs ~1 ms per KiB it reads."""
FALLBACK = "cp1252"
"""The WHATWG default for unlabelled legacy text in western locales."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A document as text, the codec that read it, and why it is worth telling the user."""

    text: str
    encoding: str
    """Python's codec name ("utf-8", "cp1251", "utf-16-le")."""
    note: str | None = None
    """Set when the bytes contradicted what the document or the server said, for the source's
    status ("encoding: ...")."""


def codec_for(label: str | None) -> str | None:
    """The Python codec a charset label names (WHATWG mapping first), or None if none does."""
    if not label:
        return None
    label = label.strip().strip("\"'")
    import webencodings

    found = webencodings.lookup(label)
    name = found.codec_info.name if found is not None else None
    if name is None:
        try:
            info = codecs.lookup(label)
        except LookupError:
            return None
        if not getattr(info, "_is_text_encoding", True):
            return None  # "base64", "rot13": codecs, but not character encodings
        name = info.name
    return name


def _xml_type(mime: str) -> bool:
    return mime.endswith(("/xml", "+xml")) or mime in (
        "text/xml-external-parsed-entity",
        "application/xml-external-parsed-entity",
        "application/xml-dtd",
    )


def _bom(body: bytes) -> tuple[str, int] | None:
    for mark, name in _BOMS:
        if body.startswith(mark):
            return name, len(mark)
    return None


def _wide(body: bytes) -> str | None:
    """UTF-16/32 without a byte order mark, or EBCDIC: markup starts with "<" (after any
    whitespace), so the family is the one that reads the first code units as ASCII."""
    if body.startswith(_EBCDIC_DECLARATION):
        return "cp037"
    if b"\x00" not in body[:4]:
        return None
    head = body[:64]
    for name in _WIDE:
        unit = 4 if "32" in name else 2
        try:
            text = head[: len(head) - len(head) % unit].decode(name)
        except UnicodeDecodeError:
            continue
        if text.lstrip().startswith("<") and text.isascii():
            return name
    return None


def _declared(body: bytes, family: str = "latin-1") -> str | None:
    found = _DECLARATION.match(body[:_HEAD].decode(family, "replace"))
    return found.group(2) if found else None


def _claims(body: bytes, content_type: str, own: str | None) -> list[tuple[str, str]]:
    """(codec, who said it), strongest first: see the module's comment."""
    mime = content_type.split(";", 1)[0].strip().lower()
    match = _CHARSET.search(content_type)
    header = codec_for(match.group(1)) if match else None
    declared = codec_for(own)
    said = []
    if declared:
        said.append((declared, f"the document says {own}"))
    if header:
        said.append((header, f"the server says {match.group(1) if match else header}"))
    if _xml_type(mime):
        said.reverse()
    return said


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _stray_bytes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a byte that is not UTF-8 inside UTF-8 text, read as windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode(FALLBACK, "replace"), error.end


codecs.register_error("newstui-stray-bytes", _stray_bytes)


def _mostly_utf8(body: bytes, *, contested: bool) -> bool:
    """True when text that is not all UTF-8 has valid multi-byte UTF-8 in it: a UTF-8 feed with
    pasted legacy bytes, not a legacy feed. Legacy text does form a pair now and then (a capital
    and a symbol: "ÓŁ" in ISO-8859-2, "М»" in windows-1251 are valid UTF-8), so where another
    claim names the encoding (`contested`: the document's declaration, under a server's UTF-8),
    UTF-8 must be at least half of the non-ASCII: one pair read a whole Polish feed as
    windows-1252 mojibake over its own encoding="ISO-8859-2"."""
    valid = body.decode("utf-8", "ignore")
    if not contested:
        return not valid.isascii()
    size = len(valid.encode("utf-8"))
    return size - len(valid) >= len(body) - size  # continuation bytes against stray bytes


def _sniff(body: bytes) -> str:
    """charset-normalizer's guess; windows-1252 where it fits the bytes as well as the best
    guess (short Latin text fits several Latin code pages equally: the web's default wins)."""
    from charset_normalizer import from_bytes

    matches = from_bytes(body[:_SNIFF_BYTES])
    best = matches.best()
    if best is None:
        return FALLBACK
    if any(m.chaos <= best.chaos and codec_for(m.encoding) == FALLBACK for m in matches):
        return FALLBACK
    return codec_for(best.encoding) or FALLBACK


def label(codec: str) -> str:
    """A codec's name as users know it ("cp1251" is "windows-1251", "iso8859-2" "iso-8859-2")."""
    if codec.startswith("cp125"):
        return "windows-" + codec[2:]
    if codec.startswith("iso8859"):
        return "iso-8859-" + codec[8:]
    return codec.replace("_", "-")


def _utf8_with_strays(body: bytes) -> Decoded:
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", "newstui-stray-bytes")
        bad = len(text) - len(body.decode("utf-8", "ignore"))
        return Decoded(text, "utf-8", f"encoding: {bad} bytes are not UTF-8, read as windows-1252")


def _utf8_claimed(said: list[tuple[str, str]], declared: str | None) -> bool:
    """Whether anything names UTF-8: a claim, or the document by declaring nothing (UTF-8 is
    XML's default, section 4.3.3; JSON's rule, RFC 8259)."""
    return declared is None or any(codec == "utf-8" for codec, _ in said)


_MULTI_BYTE: tuple[str, ...] = ("utf", "shift_jis", "cp932", "euc", "iso2022", "gb", "big5")
_MULTI_BYTE += ("cp949", "cp950", "johab", "hz")


def _single_byte(codec: str) -> bool:
    """Whether a codec reads every byte alone (ISO-8859-*, windows-125*, KOI8-*...): such a
    claim decodes any bytes, so the bytes never refute it."""
    return not codec.replace("-", "_").startswith(_MULTI_BYTE)


def _mess(body: bytes, codec: str) -> float:
    """How little the bytes read as language in `codec`, from 0 (text) to 1 (mojibake, or a
    reading charset-normalizer rejects outright)."""
    from charset_normalizer import from_bytes

    found = from_bytes(body[:_SNIFF_BYTES], cp_isolation=[codec], threshold=1.0).best()
    return found.chaos if found is not None else 1.0


def _arbitrated(body: bytes, said: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], str]:
    """The claims, the single-byte ones reordered by how well the bytes read in them (see the
    module's comment), and a note when that overturned the RFC 7303 order."""
    single = [(codec, who) for codec, who in said if _single_byte(codec)]
    if len({codec for codec, _ in single}) < 2:
        return said, ""
    ranked = sorted(single, key=lambda claim: _mess(body, claim[0]))
    if ranked[0][0] == single[0][0]:
        return said, ""
    rest = [claim for claim in said if claim not in ranked]
    losers = " and ".join(who for codec, who in single if codec != ranked[0][0])
    note = f"encoding: {losers}, but the bytes read as {label(ranked[0][0])}"
    return ranked + rest, note


def _decode(body: bytes, said: list[tuple[str, str]], declared: str | None) -> Decoded:
    if body.isascii():
        return Decoded(body.decode("ascii"), "ascii")
    # Valid UTF-8 beyond ASCII is the encoding when anything names UTF-8, or when only
    # single-byte encodings are named.
    if _is_utf8(body):
        if _utf8_claimed(said, declared):
            return Decoded(body.decode("utf-8"), "utf-8")
        if all(_single_byte(codec) for codec, _ in said):
            wrong = " and ".join(who for _, who in said)
            note = f"encoding: {wrong}, but the bytes are UTF-8: read as UTF-8"
            return Decoded(body.decode("utf-8"), "utf-8", note)
    said, overturned = _arbitrated(body, said)
    if overturned:
        return Decoded(body.decode(said[0][0], "replace"), said[0][0], overturned)
    refuted: list[str] = []
    for at, (codec, who) in enumerate(said):
        if codec in ("utf-16", "utf-32") or codec in _WIDE:
            refuted.append(who)  # the bytes are not in a 16/32-bit form: they would show it
            continue
        try:
            return Decoded(body.decode(codec), codec, _refuted(refuted, codec))
        except (UnicodeDecodeError, LookupError):
            contested = any(other != "utf-8" for other, _ in said[at + 1 :])
            if codec == "utf-8" and _mostly_utf8(body, contested=contested):
                return _utf8_with_strays(body)
            refuted.append(who)
    codec = _sniff(body)
    text = body.decode(codec, "replace")
    note = _refuted(refuted, codec) or f"encoding: not declared, read as {label(codec)} (a guess)"
    return Decoded(text, codec, note)


def _refuted(refuted: list[str], codec: str) -> str | None:
    if not refuted:
        return None
    return f"encoding: {' and '.join(refuted)}, but the bytes are not: read as {label(codec)}"


def decode_feed(body: bytes, content_type: str = "", *, json: bool = False) -> Decoded:
    """Decode an XML (or, with json=True, a JSON) document's bytes by the rules above.

    `content_type` is the HTTP Content-Type header ("" when there is none). Never raises: bytes
    that no claim decodes are read by the sniffed encoding, undecodable ones as U+FFFD.
    """
    bom = _bom(body)
    if bom is not None:
        name, size = bom
        if name == "utf-8":
            return _utf8_with_strays(body[size:])
        return Decoded(body[size:].decode(name, "replace"), name)
    wide = _wide(body)
    if wide is not None:
        # The bytes show the encoding; a declaration of another one is wrong, and said.
        own = _declared(body, wide)
        note = None
        if own and not (codec_for(own) or "").startswith(wide[:6]):
            note = f"encoding: the document says {own}, but the bytes are {label(wide)}"
        return Decoded(body.decode(wide, "replace"), wide, note)
    # JSON's own rule (RFC 8259) is UTF-8: it stands where an XML declaration would.
    own = "utf-8" if json else _declared(body)
    return _decode(body, _claims(body, content_type, own), own)


def as_utf8_xml(decoded: Decoded) -> bytes:
    """The document as UTF-8 bytes for an XML parser: no whitespace or byte order mark before
    the first "<", and a declaration (if any) that says utf-8."""
    text = _LEADING.sub("", decoded.text, count=1)
    if text.startswith("<?xml"):
        text = _DECLARATION_ENCODING.sub(r"\1\2utf-8\2", text, count=1)
    return text.encode("utf-8", "replace")


def xml_for_parsers(body: bytes, content_type: str = "") -> tuple[bytes, Decoded | None]:
    """`body` as UTF-8 for the XML parsers, and how it was decoded: None when the bytes go as
    they are (UTF-8 or ASCII from the first byte on, declared so or not at all, and not outranked
    by a header naming another encoding), the common case, which costs one UTF-8 check."""
    # (UTF-16LE without a byte order mark also starts with "<", and Cyrillic in it is all below
    # 0x80: the zero byte tells it.)
    if body[:1] == b"<" and body[1:2] != b"\x00":
        declared = _declared(body)
        if declared is None or codec_for(declared) == "utf-8":
            if body.isascii():
                return body, None
            said = _claims(body, content_type, declared)
            if _utf8_claimed(said, declared) and _is_utf8(body):
                return body, None
    decoded = decode_feed(body, content_type)
    return as_utf8_xml(decoded), decoded
