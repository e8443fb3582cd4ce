"""ruamel.yaml's C parser (libyaml) as an event source, with its errors turned into diagnostics.

Both the exact YAML path and the position index read events from here. libyaml is a YAML 1.1
scanner; where its syntax differs from YAML 1.2 in ways that change meaning, the text is
adjusted first so the events mean what yaml-rs (YAML 1.2) reads:

- U+0085, U+2028 and U+2029 are line breaks to libyaml but ordinary characters in YAML 1.2,
  and libyaml refuses the other C1 controls and U+FFFE/U+FFFF that yaml-rs reads as content:
  they are swapped for private-use characters the text does not contain, one for one (so
  positions stay exact), and swapped back in every scalar (`restore`).
- a tab used as separation after `-`, `?` or `:` (legal in 1.2) and a JSON-style surrogate pair
  escape in a double-quoted scalar are rejected by libyaml; `repair` rewrites the one spot the
  error names and the caller parses again (a handful of times at most).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from generator.diagnostics import Diagnostic, Location, error

_LIBYAML_REFUSES = re.compile("[\x80-\x9f\u2028\u2029\ufffe\uffff]")
MAX_REPAIRS = 32


def parser_kind() -> str:
    """ "clib" when ruamel.yaml's C extension is importable, else "pure" (4x slower)."""
    try:
        import _ruamel_yaml  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return "pure"
    return "clib"


def open_events(text: str) -> tuple[Callable[[], Any], Callable[[], None]]:
    """A `get_event` function over `text` and a function that frees the parser."""
    try:
        from _ruamel_yaml import CParser
    except ImportError:
        from ruamel.yaml import YAML

        events = iter(YAML(typ="safe", pure=True).parse(text))
        return events.__next__, lambda: None
    parser = CParser(text)
    return parser.get_event, parser.dispose


def prepare(text: str) -> tuple[str, dict[int, str] | None]:
    """Swap YAML 1.1-only line breaks for unused private-use characters (see module doc)."""
    if _LIBYAML_REFUSES.search(text) is None:
        return text, None
    present = sorted(set(_LIBYAML_REFUSES.findall(text)))
    spare = (chr(code) for code in range(0xE000, 0xF8FF) if chr(code) not in text)
    forward: dict[int, str] = {}
    restore: dict[int, str] = {}
    for char in present:
        stand_in = next(spare)
        forward[ord(char)] = stand_in
        restore[ord(stand_in)] = char
    return text.translate(forward), restore


_PAIR = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def repair(text: str, exc: Exception) -> str | None:
    """Rewrite the spot a libyaml error names when YAML 1.2 allows it; None when it is real."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or ""
    if mark is None:
        return None
    index = int(mark.index)
    if "cannot start any token" in problem and text[index : index + 1] == "\t":
        line_start = text.rfind("\n", 0, index) + 1
        if not text[line_start:index].strip():
            return None  # a tab in indentation is an error in every YAML version
        end = index
        while end < len(text) and text[end] == "\t":
            end += 1
        return text[:index] + " " * (end - index) + text[end:]
    if "Unicode character escape" in problem:
        start = text.rfind("\\u", max(0, index - 8), index + 1)
        match = _PAIR.match(text, start) if start >= 0 else None
        if match is None:
            return None
        high, low = int(match.group(1), 16), int(match.group(2), 16)
        code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        return text[: match.start()] + f"\\U{code:08X}" + text[match.end() :]
    return None


def is_yaml_error(exc: BaseException) -> bool:
    """True for ruamel.yaml's own parse errors (scanner, parser, reader)."""
    return type(exc).__module__.startswith("ruamel.yaml")


def syntax_diagnostic(exc: BaseException, text: str, display: str) -> Diagnostic:
    """A located parse-syntax diagnostic from a ruamel.yaml error."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is not None:
        line, col = int(mark.line) + 1, int(mark.column) + 1
    elif hasattr(exc, "position"):  # ReaderError: a character YAML does not allow
        line, col = line_col(text, int(exc.position))
        problem = f"character {getattr(exc, 'character', '?')!r} is not allowed in YAML"
    else:
        line = col = 0
    message = str(problem or exc).strip()
    if mark is not None and text[int(mark.index) : int(mark.index) + 1] == "\t":
        message += "; a tab cannot indent YAML, use spaces"
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None:
        where = f"{int(context_mark.line) + 1}:{int(context_mark.column) + 1}"
        message = f"{message} ({context} started at {where})"
    location = Location(file=display, line=line or None, col=col or None)
    return error("parse-syntax", f"invalid YAML: {message}", location)


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1
