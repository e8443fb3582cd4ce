"""ruamel.yaml's C parser (libyaml) as an event source, with its errors turned into diagnostics.

Both the exact YAML path and the position index read events from here. libyaml is a YAML 1.1
scanner; where its syntax differs from YAML 1.2 in ways that change meaning, the text is
adjusted first so the events mean what yaml-rs (YAML 1.2) reads:

- U+0085, U+2028 and U+2029 are line breaks to libyaml but ordinary characters in YAML 1.2;
  libyaml refuses (or skips) DEL, the other C1 controls, U+FEFF and U+FFFE/U+FFFF that yaml-rs
  reads as content; in flow context (`servers: [{url: http://x}]`, `[?b]`) libyaml takes a
  `:` or `?` that YAML 1.2 reads as part of a plain scalar for an indicator. Those characters
  are swapped for private-use characters that neither the text nor its escapes hold, one for
  one (so positions stay exact), and swapped back in every scalar and tag (`restore`).
- a JSON-style surrogate pair escape (`"\\ud83d\\ude00"`, read by yaml-rs as one character) is
  an error to libyaml: it becomes `\\U0001F600` and two deleted stand-ins (same length), and a
  scalar that holds the rewritten text literally (not double-quoted) gets the source back.
- a tab used as separation after `-`, `?` or `:` (legal in 1.2) is rejected by libyaml;
  `repair` rewrites the one spot the error names and the caller parses again (a few times).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from generator.diagnostics import Diagnostic, Location, error

_LIBYAML_REFUSES = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# YAML 1.2 reads `?x` and `a:b` (flow context included) as plain scalars; libyaml takes the `?`
# and the `:` for indicators. Outside flow context the swap changes nothing, so it is done
# everywhere: a `?` inside or starting a plain scalar, a `:` before a plain character unless
# it follows a quoted scalar or a flow collection (JSON-style `"a":1`).
_PLAIN_QUESTION = re.compile(r"\?")  # a literal: a fast search; `swap` looks at the context
_NOT_PLAIN = frozenset(" \t\r\n,[]{}")
_PLAIN_COLON = re.compile(r":+(?=[^ \t\r\n,\[\]{}])")
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


class Restore:
    """Turns scalars and tags read from a prepared text back into what the source says."""

    def __init__(self) -> None:
        self.table: dict[int, str | None] = {}
        self.literals: dict[str, str] = {}  # rewritten escape -> source text, outside "..."
        self.marker = ""

    def __call__(self, value: str) -> str:
        """The source meaning of a scalar or tag read from the prepared text."""
        for code in self.table:  # a few `in` tests are cheaper than translate on every scalar
            if chr(code) in value:
                break
        else:
            return value
        if self.marker and self.marker in value:
            for rewritten, source in self.literals.items():
                value = value.replace(rewritten, source)
        return value.translate(self.table)


def prepare(text: str, *, flow: bool = False) -> tuple[str, Restore | None]:
    """Swap what libyaml misreads for unused private-use characters (see module doc).

    Returns the text to parse and what turns its scalars (and tags) back, or None. libyaml
    misreads a `?` in a plain scalar silently, so those are always swapped; for a `:` in one
    it fails loudly, and that pass (`flow`, ~40 ms on 3 MB) is asked for only after an error
    (`needs_flow_pass`).
    """
    swapper = _Swapper(text)
    prepared = text
    if (not text.isascii() or "\x7f" in text) and _LIBYAML_REFUSES.search(prepared) is not None:
        prepared = _LIBYAML_REFUSES.sub(lambda m: swapper.stand_in(m.group()), prepared)
    if "?" in prepared:
        prepared = _PLAIN_QUESTION.sub(swapper.question, prepared)
    if flow and ":" in prepared:
        prepared = _PLAIN_COLON.sub(swapper.colon, prepared)
    if "\\u" in prepared:
        prepared = _PAIR.sub(swapper.pair, prepared)
    restore = swapper.restore
    return prepared, (restore if restore.table else None)


class _Swapper:
    """The replacement callbacks of `prepare`; they judge each match in the source text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.restore = Restore()
        self.chosen: dict[str, str] = {}
        escaped = set()
        if "\\" in text:  # a double-quoted escape can make a character the text does not hold
            escaped = {int(m.group(1) or m.group(2), 16) for m in _ESCAPE.finditer(text)}
        self.spare = (
            chr(c) for c in range(0xE000, 0xF900) if c not in escaped and chr(c) not in text
        )

    def stand_in(self, char: str) -> str:
        """The private-use character that stands for `char` ("" = deleted when read back)."""
        if char not in self.chosen:
            self.chosen[char] = next(self.spare)
            self.restore.table[ord(self.chosen[char])] = char or None
        return self.chosen[char]

    def question(self, match: re.Match[str]) -> str:
        """`?` is an indicator only with a space or flow indicator on both sides."""
        text, start = self.text, match.start()
        after = text[start + 1 : start + 2] or " "
        token_start = start == 0 or text[start - 1] in _NOT_PLAIN
        if (token_start and after in _NOT_PLAIN) or _in_property(text, start):
            return "?"
        return self.stand_in("?")

    def colon(self, match: re.Match[str]) -> str:
        """`:` before a plain character is an indicator only after a JSON-like node."""
        text, found = self.text, match.group()
        before = match.start()
        while before > 0 and text[before - 1] in " \t\r\n":
            before -= 1
        last = text[before - 1] if before > 0 else ""
        if last in ("]", "}") or _in_property(text, match.start()):
            return found
        if last in ('"', "'") and _closes_quote(text, before - 1):
            return found
        return self.stand_in(":") * len(found)

    def pair(self, match: re.Match[str]) -> str:
        """`\\ud83d\\ude00` -> `\\U0001F600` and two deleted stand-ins (the same length)."""
        before = match.start()
        while before > 0 and self.text[before - 1] == "\\":
            before -= 1
        if (match.start() - before) % 2:  # the backslash is itself escaped: not an escape
            return match.group()
        high, low = int(match.group(1), 16), int(match.group(2), 16)
        code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        self.restore.marker = self.stand_in("")
        rewritten = f"\\U{code:08X}" + self.restore.marker * 2
        self.restore.literals.setdefault(rewritten, match.group())
        return rewritten


def needs_flow_pass(exc: BaseException) -> bool:
    """Might the flow pass of `prepare` cure this error? Any libyaml syntax error may hide one
    (`{:'a'}` fails as an unterminated quote), and errors are rare, so: any of them."""
    return is_yaml_error(exc)


_QUOTED = re.compile(r"""(?<![^ \t\n\[{,:?\-])(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')""")


def _closes_quote(text: str, index: int) -> bool:
    """Does the quote at `index` end a quoted scalar (rather than sit inside a plain one)?"""
    line_start = text.rfind("\n", 0, index) + 1
    return any(m.end() == index + 1 for m in _QUOTED.finditer(text, line_start, index + 1))


def _in_property(text: str, index: int) -> bool:
    """Is `index` inside a tag, anchor or alias token, or on a directive line?"""
    line_start = text.rfind("\n", 0, index) + 1
    if text.startswith("%", line_start):
        return True
    start = (
        max(text.rfind(" ", line_start, index), text.rfind("\t", line_start, index), line_start - 1)
        + 1
    )
    while start < index and text[start] in "[{,":
        start += 1
    return text[start : start + 1] in ("!", "&", "*")


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")  # what "..." could decode to
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
        index = int(mark.index)
        if "escape" in str(problem):  # libyaml marks the hex digits; point at the backslash
            backslash = text.rfind("\\", max(0, index - 10), index + 1)
            if backslash >= 0 and text.count("\n", backslash, index) == 0:
                col -= index - backslash
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
