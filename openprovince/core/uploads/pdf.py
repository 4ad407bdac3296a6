"""PDFs: refused when they carry active content, since they cannot be re-encoded here.

What is checked (docs/uploads.md):
- the file starts with `%PDF-` and has an `%%EOF`; bytes after the last `%%EOF` (a zip or HTML
  appended to make a polyglot) are cut off, as every reader ignores them anyway;
- no name of an action or feature that runs or fetches something: /JavaScript, /JS, /Launch,
  /SubmitForm, /ImportData, /GoToR, /GoToE, /EmbeddedFile(s), /RichMedia, /XFA. Names are read
  with their `#xx` escapes decoded (`/J#61vaScript` is /JavaScript), anywhere in the file:
  in objects, but also in comments, strings and stream data, where an xref offset could still
  send a reader;
- inside compressed object streams (PDF 1.5+ packs dictionaries there, out of sight of a plain
  scan): each is decompressed (Flate, ASCIIHex, ASCII85; 64 MB in all at most) and checked the
  same way. The file is refused as "cannot be checked" when one cannot be decompressed
  (another filter, a predictor, encryption), or when something shaped like a stream hides
  where the scan does not look for streams (in a string, a comment or another stream's data).
Plain links (/URI) and "go to page" actions are allowed. Serving adds `CSP: sandbox`.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator

from . import kinds

_DENIED = frozenset(
    {
        b"JavaScript",
        b"JS",
        b"Launch",
        b"SubmitForm",
        b"ImportData",
        b"GoToR",
        b"GoToE",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"RichMedia",
        b"XFA",
    }
)
_WS = rb"[\x00\t\n\x0c\r ]"
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_EOL = rb"(?:\r\n|\n|\r)"
# A name short enough to be a denied one once decoded (each letter may be written as #xx).
_NAME = re.compile(rb"/(" + _REGULAR + rb"{2,40})(?!" + _REGULAR + rb")")
_NAME_ANY = re.compile(rb"/(" + _REGULAR + rb"+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# /JS is only two letters, so random bytes in compressed data spell it now and then: it counts
# when a value follows the way one does in a real action (a string or an indirect reference),
# after any whitespace or comments. Possessive `*+`: a long run of `% \n` must not be split
# every possible way (exponential time).
_JS_VALUE = re.compile(
    rb"(?:" + _WS + rb"|%[^\r\n]*)*+(?:[(<]|\d++" + _WS + rb"++\d++" + _WS + rb"++R)"
)
# Keywords stand alone: "endobj", "endstream", "/obj" are not `obj` or `stream`.
_STREAM_KEYWORD = re.compile(rb"(?<![^\x00\t\n\x0c\r ()<>\[\]{}%])stream" + _EOL)
# What a reader must step over to find stream keywords: strings (a plain one matched whole,
# one with escapes or nested parentheses walked by _string_end) and comments.
_SCAN = re.compile(
    rb"\([^()\\]*+\)|\(|%[^\r\n]*+"
    rb"|(?<![^\x00\t\n\x0c\r ()<>\[\]{}%])(?:obj(?!" + _REGULAR + rb")|stream" + _EOL + rb")"
)
_STRING_STOP = re.compile(rb"[()\\]")
_ENDSTREAM = re.compile(_WS + rb"*+endstream")
# A direct length only: `/Length 12 0 R` refers to another object, and then `endstream` is sought.
_LENGTH = re.compile(rb"/Length" + _WS + rb"+(\d+)(?![\d.]|" + _WS + rb"+\d+" + _WS + rb"+R)")
_FILTER = re.compile(rb"/Filter" + _WS + rb"*(\[[^\]]*\]|/" + _REGULAR + rb"+)")
_INFLATE_BUDGET = 64 * 1024 * 1024


class _CannotCheck(Exception):
    pass


def pdf_clean(*, data: bytes) -> bytes:
    """The PDF without trailing bytes, or AppError when it is broken or has active content."""
    end = data.rfind(b"%%EOF")
    if not data.startswith(b"%PDF-") or end < 0:
        raise kinds.unreadable()
    end += 5
    while data[end : end + 1] in (b"\r", b"\n"):
        end += 1
    data = data[:end]
    try:
        if _has_denied_name(data) or any(_has_denied_name(s) for s in _object_streams(data)):
            raise kinds.active_content()
    except _CannotCheck as exc:
        raise kinds.active_content() from exc
    return data


def _decode_name(raw: bytes) -> bytes:
    return _ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), raw) if b"#" in raw else raw


def _has_denied_name(data: bytes) -> bool:
    for match in _NAME.finditer(data):
        name = _decode_name(match[1])
        if name in _DENIED and (name != b"JS" or _JS_VALUE.match(data, match.end())):
            return True
    return False


def _object_streams(data: bytes) -> Iterator[bytes]:
    """The decompressed content of every object stream: a stream whose dictionary has /First,
    which a reader needs to use it as one, whatever its /Type says."""
    budget = _INFLATE_BUDGET
    for head, body in _streams(data):
        keys = {m[1] for m in _NAME_ANY.finditer(head)}
        if b"First" not in keys:
            continue
        if keys & {b"DecodeParms", b"DP"}:
            raise _CannotCheck  # a predictor we do not undo could hide names
        content = _decode(body, _filters(head), budget)
        budget -= len(content)
        yield content


def _streams(data: bytes) -> list[tuple[bytes, bytes]]:
    """(dictionary, raw data) of each stream, read the way a reader goes through the file:
    strings and comments skipped (so a "stream" or "obj" in them is not taken for one), stream
    data skipped by its /Length. The dictionary comes without its strings and comments, names
    decoded."""
    found: list[tuple[bytes, bytes]] = []
    seen: set[int] = set()
    pos = head_start = 0
    skipped: list[tuple[int, int]] = []  # strings and comments since head_start
    while match := _SCAN.search(data, pos):
        token = match[0]
        if token == b"(":
            pos = _string_end(data, match.end())
            skipped.append((match.start(), pos))
        elif token[0] in b"(%":
            pos = match.end()
            skipped.append((match.start(), pos))
        elif token == b"obj":
            pos = head_start = match.end()
            skipped = []
        else:
            seen.add(match.start())
            head = _without(data, head_start, match.start(), skipped)
            start, length = match.end(), _LENGTH.search(head)
            stop = start + int(length[1]) if length else -1
            tail = _ENDSTREAM.match(data, stop) if stop >= 0 else None
            if tail:
                pos = tail.end()
            else:
                stop = data.find(b"endstream", start)
                stop = len(data) if stop < 0 else stop
                pos = stop + len(b"endstream")
            found.append((head, data[start:stop]))
            head_start, skipped = pos, []
    # A stream where no reader going through the file would see one (inside a string, a
    # comment or another stream's data) can still be reached through an xref offset.
    if any(m.start() not in seen for m in _STREAM_KEYWORD.finditer(data)):
        raise _CannotCheck
    return found


def _string_end(data: bytes, pos: int) -> int:
    """Position after the literal string opened just before `pos` (nested parentheses and
    backslash escapes as in the PDF syntax); the end of data when it is never closed."""
    depth = 1
    while depth:
        stop = _STRING_STOP.search(data, pos)
        if stop is None:
            return len(data)
        pos = stop.end()
        if stop[0] == b"\\":
            pos += 1
        else:
            depth += 1 if stop[0] == b"(" else -1
    return pos


def _without(data: bytes, start: int, stop: int, skipped: list[tuple[int, int]]) -> bytes:
    parts, pos = [], start
    for a, b in skipped:
        parts.append(data[pos:a])
        pos = b
    parts.append(data[pos:stop])
    return _decode_name(b" ".join(parts))


def _filters(head: bytes) -> list[bytes]:
    match = _FILTER.search(head)
    return [m[1] for m in _NAME_ANY.finditer(match[1])] if match else []


def _decode(raw: bytes, filters: list[bytes], budget: int) -> bytes:
    for name in filters:
        if name in (b"FlateDecode", b"Fl"):
            try:
                raw = zlib.decompressobj().decompress(raw, budget + 1)
            except zlib.error as exc:
                raise _CannotCheck from exc
        elif name in (b"ASCIIHexDecode", b"AHx"):
            hex_digits = re.sub(rb"[^0-9A-Fa-f]", b"", raw.split(b">", 1)[0])
            raw = binascii.unhexlify(hex_digits + b"0" * (len(hex_digits) % 2))
        elif name in (b"ASCII85Decode", b"A85"):
            try:
                raw = base64.a85decode(raw.split(b"~>", 1)[0].removeprefix(b"<~"))
            except ValueError as exc:
                raise _CannotCheck from exc
        else:
            raise _CannotCheck  # LZW, RunLength, Crypt…: rare, and not worth a decoder here
    if len(raw) > budget:
        raise _CannotCheck
    return raw
