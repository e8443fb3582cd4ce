"""Bytes -> text -> JSON-compatible Python data, fast and exactly; every failure a diagnostic.

Routing (`parse_text`):
- JSON (a `.json` name, or text starting with `{`/`[`): the json module, duplicate keys,
  NaN/Infinity and overflowing numbers refused. Text that only looks like JSON and fails there
  is read as YAML, of which JSON is a subset.
- YAML: yaml-rs (`_yaml_fast`) unless `_yaml_scan.route_reason` finds tags, an alias inside
  its own anchor or block nesting that could crash it; then, and whenever the fast path cannot
  answer (any yaml-rs error, `<<` merge keys, NaN, colliding keys, too deep), the exact path
  (`_yaml_exact`, libyaml events) reads the text and gives the located diagnostic. Both give
  the same documents (a corpus test holds them together).

Data never holds what JSON cannot: keys are strings (`200:` -> "200", `true:` -> "true",
`~:` -> "null", `1.5:` -> "1.5"), dates stay strings, sets, NaN, infinities, Python-object and
unknown tags are errors, one document per file. Limits: MAX_BYTES of text, MAX_DEPTH levels
of nesting (checked before anything recursive runs), MAX_ALIAS_EVENTS events replayed through
aliases.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from generator.diagnostics import Location, SpecError, error

MAX_BYTES = 64 * 1024 * 1024
# Real specs nest < 30 levels (the corpus: 25). Stages after parsing recurse, two or three
# Python frames per level, under Python's default recursion limit of 1000: 256 leaves room.
MAX_DEPTH = 256
MAX_ALIAS_EVENTS = 1_000_000

Kind = Literal["json", "yaml"]
Engine = Literal["auto", "exact"]

_UTF16_32 = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
# C0 controls but tab, LF and CR: valid unescaped in neither YAML nor JSON, binary in practice.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))
_LOOKS_JSON = re.compile(r"[ \t\r\n]*[{\[]")
_CONTENT = re.compile(r"[^ \t\r\n]")  # (a search, not a strip: no copy of a 3 MB text)
_EMPTY = "file is empty (no YAML or JSON content)"


def decode(data: bytes, display: str) -> str:
    """Decode UTF-8 (a BOM is accepted); anything else is a located error."""
    if len(data) > MAX_BYTES:
        message = f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}"
        raise SpecError(error("parse-size-limit", message, Location(file=display)))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for bom, name in _UTF16_32.items():
        if data.startswith(bom):
            message = f"file is {name}-encoded; specs must be UTF-8"
            raise SpecError(error("parse-encoding", message, Location(file=display, line=1, col=1)))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        hint = " (a binary file?)" if b"\x00" in data[:8192] else ""
        message = f"file is not valid UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded{hint}"
        loc = Location(file=display, line=line, col=col)
        raise SpecError(error("parse-encoding", message, loc)) from None


def parse_text(
    text: str,
    display: str,
    *,
    kind: Kind | None = None,
    engine: Engine = "auto",
    max_depth: int = MAX_DEPTH,
    raw: bytes | None = None,
) -> Any:
    """Parse YAML or JSON text into plain data; raise SpecError with a located diagnostic.

    `kind` defaults from the name (`.json` -> JSON) and the text; `engine="exact"` skips
    yaml-rs. `raw`, when given, is the UTF-8 the text was decoded from (`decode`): the text
    checks then run on it and skip re-encoding. Never raises anything but SpecError for bad
    input.
    """
    try:
        return _parse(text, display, kind, engine, max_depth, raw)
    except SpecError:
        raise
    except MemoryError:
        message = "out of memory while parsing"
        raise SpecError(error("parse-size-limit", message, Location(file=display))) from None
    except RecursionError:
        message = f"nesting deeper than {max_depth} levels"
        raise SpecError(error("parse-depth-limit", message, Location(file=display))) from None
    except Exception as exc:  # bad input never shows a traceback
        message = f"cannot parse: {type(exc).__name__}: {exc}"
        raise SpecError(error("parse-syntax", message, Location(file=display))) from None


def parse_bytes(
    raw: bytes, display: str, *, kind: Kind | None = None, facts: dict[str, bool] | None = None
) -> tuple[Any, str | None]:
    """Parse a file's bytes: (data, its decoded text, or None when it was not needed).

    An ordinary YAML spec goes straight from bytes to yaml-rs: the pre-scan reads a Latin-1
    view of the bytes (one byte per character, so every ASCII character it looks for sits where
    it sits in the bytes; this costs a copy, not a UTF-8 decode of a 3 MB text), and yaml-rs
    checks the UTF-8 itself. Everything else (JSON, a BOM other than UTF-8's, control
    characters, an empty-looking file, anything the pre-scan or yaml-rs declines, a result that
    needs another look) is decoded and parsed by `parse_text`, so the answers are the same.
    """
    try:
        data = _fast_from_bytes(raw, display, kind, facts)
    except Exception:  # whatever went wrong, the text path gives the located answer
        data = None
    if data is not None:
        return data, None
    text = decode(raw, display)
    return parse_text(text, display, kind=kind, raw=raw), text


def _fast_from_bytes(
    raw: bytes, display: str, kind: Kind | None, facts: dict[str, bool] | None = None
) -> Any:
    """The fast path's document (a mapping) for plain YAML bytes, or None: take the text path.

    `facts` receives what the fast path learnt on the way (`_yaml_fast.load_fast`)."""
    from generator.spec import _yaml_fast, _yaml_scan

    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    if (
        len(raw) > MAX_BYTES
        or (kind or _kind_of(display)) == "json"
        or any(body.startswith(bom) for bom in _UTF16_32)
        or not _yaml_fast.available()
        or any(_yaml_scan.scan_bytes(body))  # control characters or very deep lines
    ):
        return None
    view = body.decode("latin-1")
    if (
        not _CONTENT.search(view)
        or _LOOKS_JSON.match(view)
        or _yaml_scan.route_reason(view, depth_checked=True)
    ):
        return None
    try:
        data = _yaml_fast.load_fast(
            "", max_depth=MAX_DEPTH, max_replay=MAX_ALIAS_EVENTS, raw=body, facts=facts
        )
    except (_yaml_fast.Reroute, RecursionError, MemoryError):
        return None
    # A spec is a mapping; anything else (empty, a list that may be several documents, a
    # scalar) is rare, and the text path words its diagnostic.
    return data if type(data) is dict else None


def _parse(
    text: str, display: str, kind: Kind | None, engine: Engine, max_depth: int, raw: bytes | None
) -> Any:
    _check_text(text, display, raw)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():
        raise SpecError(error("parse-empty", _EMPTY, Location(file=display)))
    kind = kind or _kind_of(display)
    if kind == "json" or _LOOKS_JSON.match(text):
        # The json module (and its reader here) only for JSON: a YAML spec never needs it.
        from generator.spec._yaml_json import load_json

        try:
            return load_json(text, display, max_depth=max_depth)
        except SpecError as exc:
            if kind == "json" or _is_located_json_problem(exc):
                raise
            json_error = exc
        try:
            return _load_yaml(text, display, engine, max_depth, raw)
        except SpecError:
            if kind is None:
                raise json_error from None
            raise
    return _load_yaml(text, display, engine, max_depth, raw)


def _kind_of(display: str) -> Kind | None:
    lower = display.lower()
    if lower.endswith(".json"):
        return "json"
    return "yaml" if lower.endswith((".yaml", ".yml")) else None


def _check_text(text: str, display: str, raw: bytes | None) -> None:
    if len(text) > MAX_BYTES:
        message = f"text is {len(text):,} characters; the limit is {MAX_BYTES:,}"
        raise SpecError(error("parse-size-limit", message, Location(file=display)))
    if raw is None:  # text decoded from UTF-8 holds no lone surrogate; other text may
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            from generator.spec._yaml_events import line_col

            line, col = line_col(text, exc.start)
            message = "text holds a lone surrogate, which is not Unicode"
            raise SpecError(
                error("parse-encoding", message, Location(file=display, line=line, col=col))
            ) from None
    # bytes.translate is the fastest scan for a set of characters (~1 ms for 3 MB).
    if raw.translate(None, _NOT_CONTROL):
        from generator.spec._yaml_events import line_col

        bad = _CONTROL.search(text)
        assert bad is not None
        line, col = line_col(text, bad.start())
        char = bad.group()
        what = (
            "a NUL byte (a binary file?)"
            if char == "\x00"
            else f"control character U+{ord(char):04X}"
        )
        message = f"file holds {what}, which YAML and JSON allow only escaped"
        raise SpecError(
            error("parse-encoding", message, Location(file=display, line=line, col=col))
        )


def _is_located_json_problem(exc: SpecError) -> bool:
    """Duplicate keys and excess depth mean the same in YAML: report them as JSON found them."""
    return any(d.code in ("parse-duplicate-key", "parse-depth-limit") for d in exc.diagnostics)


# -- YAML ---------------------------------------------------------------------------------------
def _load_yaml(text: str, display: str, engine: Engine, max_depth: int, raw: bytes | None) -> Any:
    from generator.spec import _yaml_fast, _yaml_scan

    if engine == "auto" and _yaml_fast.available() and _yaml_scan.route_reason(text) is None:
        try:
            data = _yaml_fast.load_fast(
                text, max_depth=max_depth, max_replay=MAX_ALIAS_EVENTS, raw=raw
            )
        except _yaml_fast.Reroute:
            pass
        else:
            if type(data) is not list or not _yaml_scan.has_document_marker(text):
                return _not_empty(data, text, display)
    from generator.spec import _yaml_exact  # the exact path: imported only when taken

    data = _yaml_exact.load_exact(text, display, max_depth=max_depth, max_replay=MAX_ALIAS_EVENTS)
    return _not_empty(data, text, display)


def _not_empty(data: Any, text: str, display: str) -> Any:
    from generator.spec._yaml_scan import is_blank

    if data is None and is_blank(text):
        raise SpecError(error("parse-empty", _EMPTY, Location(file=display)))
    return data
