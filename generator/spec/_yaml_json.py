"""JSON: read by the json module; scanned token by token for positions, duplicates, depth.

`load_json` keeps the json module's C speed: duplicate keys are found by counting (the `:`
outside strings must equal the keys the objects kept) instead of an `object_pairs_hook`
(which made reading 4x slower), and only a mismatch runs the scanner that names the key.
The json module says neither where a duplicate key is nor where nesting got too deep, and
libyaml refuses some valid JSON (keys longer than 1024 characters), so JSON text has its own
scanner. It only runs when something must be located: it is exact, not fast.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from generator.diagnostics import Location, SpecError, error
from generator.spec.pointer import escape

_SCALAR_START = frozenset('"-0123456789tfn')
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


class Node(NamedTuple):
    """A value in the text: its pointer, its 1-based position and its key's, and its kind."""

    pointer: str
    line: int
    col: int
    key_line: int
    key_col: int
    kind: str  # "{" or "[" for a collection's start, "}" for its end, "" for a scalar


class Duplicate(Exception):
    """A key seen twice in one object, with where the second one is."""

    def __init__(self, key: str, pointer: str, line: int, col: int) -> None:
        super().__init__(key)
        self.key, self.pointer, self.line, self.col = key, pointer, line, col


def _key(token: str) -> str:
    if token[0] != '"':
        raise ValueError("not JSON: a key must be a string")
    if "\\" not in token:
        return token[1:-1]
    value = json.loads(token)
    return value if isinstance(value, str) else token


class _Frame:
    __slots__ = ("index", "is_obj", "key", "key_col", "key_line", "keys", "pointer")

    def __init__(self, pointer: str, is_obj: bool) -> None:
        self.pointer = pointer
        self.is_obj = is_obj
        self.key: str | None = None
        self.key_line = self.key_col = 0
        self.index = 0
        self.keys: set[str] = set()


def nodes(text: str, *, check_duplicates: bool = False) -> Iterator[Node]:
    """Every value of a JSON text in order (collections also at their end).

    Raises ValueError at text that cannot be JSON (bare words, unquoted keys); stops quietly
    at an early end.
    """
    walker = _Walker(check_duplicates)
    line, line_start, last = 1, 0, 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        breaks = text.count("\n", last, start)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", last, start) + 1
        last = start
        try:
            node = walker.step(match.group(), line, start - line_start + 1)
        except IndexError:  # a closing bracket with nothing open: the end of what can be read
            return
        if node is not None:
            yield node


class _Walker:
    """The state of `nodes` between tokens: the open objects and arrays."""

    def __init__(self, check_duplicates: bool) -> None:
        self.stack: list[_Frame] = []
        self.check_duplicates = check_duplicates

    def step(self, token: str, line: int, col: int) -> Node | None:
        """Take one token; the node it starts or ends, if any."""
        top = self.stack[-1] if self.stack else None
        if token in ",:":
            if token == "," and top is not None:
                top.key = None
            return None
        if token in "}]":
            return Node(self.stack.pop().pointer, line, col, line, col, "}")
        if top is not None and top.is_obj and top.key is None:
            key = _key(token)
            if self.check_duplicates and key in top.keys:
                raise Duplicate(key, top.pointer, line, col)
            top.keys.add(key)
            top.key, top.key_line, top.key_col = key, line, col
            return None
        kind = token if token in "{[" else ""
        if not kind and token[0] not in _SCALAR_START:
            raise ValueError("not JSON: a bare word")
        node = self.place(top, line, col, kind)
        if kind:
            self.stack.append(_Frame(node.pointer, kind == "{"))
        return node

    def place(self, top: _Frame | None, line: int, col: int, kind: str) -> Node:
        if top is None:
            return Node("", line, col, line, col, kind)
        if top.is_obj:
            pointer = top.pointer + "/" + escape(top.key or "")
            return Node(pointer, line, col, top.key_line, top.key_col, kind)
        top.index += 1
        return Node(f"{top.pointer}/{top.index - 1}", line, col, line, col, kind)


def index(text: str) -> dict[str, tuple[int, int]]:
    """Pointer -> (line, col): a member holding a collection at its key, others at the value."""
    out: dict[str, tuple[int, int]] = {}
    for node in nodes(text):
        if node.kind == "}":
            continue
        if node.kind and node.key_line:
            out.setdefault(node.pointer, (node.key_line, node.key_col))
        else:
            out.setdefault(node.pointer, (node.line, node.col))
    return out


def find_duplicate(text: str) -> Duplicate | None:
    """The first duplicate key in text order, or None."""
    try:
        for _node in nodes(text, check_duplicates=True):
            pass
    except Duplicate as found:
        return found
    except ValueError:
        return None
    return None


def find_too_deep(text: str, max_depth: int) -> tuple[str, int, int] | None:
    """(pointer, line, col) of the first collection nested deeper than `max_depth`, or None."""
    depth = 0
    try:
        for node in nodes(text):
            if node.kind == "}":
                depth -= 1
            elif node.kind:
                depth += 1
                if depth > max_depth:
                    return node.pointer, node.line, node.col
    except ValueError:
        return None
    return None


# -- reading --------------------------------------------------------------------------------------
class _Refused(ValueError):
    """A number JSON cannot hold (NaN, an infinity, an overflow)."""


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON number")


def _float(literal: str) -> float:
    number = float(literal)
    if number - number != 0.0:
        raise _Refused(f"{literal} overflows to infinity")
    return number


_SURROGATE_ESCAPE = re.compile(r"\\u[dD]([89abAB]|[c-fC-F])[0-9a-fA-F]{2}")  # literal prefix: fast


def load_json(text: str, display: str, *, max_depth: int) -> Any:
    """JSON text -> data; duplicate keys, non-JSON numbers, excess depth: located SpecErrors."""
    try:
        data = json.loads(text, parse_constant=_constant, parse_float=_float)
    except json.JSONDecodeError as exc:
        loc = Location(file=display, line=exc.lineno, col=exc.colno)
        raise SpecError(error("parse-syntax", f"invalid JSON: {exc.msg}", loc)) from None
    except _Refused as exc:
        raise SpecError(
            error("parse-non-json", str(exc), _where_word(text, display, exc))
        ) from None
    except RecursionError:
        raise _too_deep_error(text, display, max_depth) from None
    except ValueError as exc:  # an integer of more than 4300 digits
        message = f"invalid JSON number: {exc}"
        raise SpecError(error("parse-non-json", message, Location(file=display))) from None
    census = _census(data, max_depth)
    if census is None:
        raise _too_deep_error(text, display, max_depth)
    keys, colons_in_strings = census
    if text.count(":") - colons_in_strings != keys:  # some key was there twice (or escaped)
        found = find_duplicate(text)
        if found is not None:
            pointer = found.pointer + "/" + escape(found.key)
            loc = Location(file=display, pointer=pointer, line=found.line, col=found.col)
            raise SpecError(error("parse-duplicate-key", f"duplicate key {found.key!r}", loc))
    _check_surrogates(text, display, data)
    return data


def _census(root: Any, max_depth: int) -> tuple[int, int] | None:
    """(keys kept, `:` inside strings) of JSON data; None when deeper than `max_depth`."""
    keys = colons = 0
    stack: list[tuple[Any, int]] = []
    if type(root) is dict or type(root) is list:
        stack.append((root, 1))
    elif type(root) is str:
        colons = root.count(":")
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            return None
        if type(node) is dict:
            keys += len(node)
            colons += "".join(node).count(":")
            values: Any = node.values()
        else:
            values = node
        for value in values:
            kind = type(value)
            if kind is str:
                colons += value.count(":")
            elif kind is dict or kind is list:
                stack.append((value, depth + 1))
    return keys, colons


def _check_surrogates(text: str, display: str, data: Any) -> None:
    """Refuse a `\\u` escape that makes a lone surrogate (a high one not before a low one)."""
    lone = None
    pending = -1  # end of an unmatched high surrogate escape
    for match in _SURROGATE_ESCAPE.finditer(text) if "\\u" in text else ():
        high = match.group(1) in "89abAB"
        if pending >= 0 and not (match.start() == pending and not high):
            lone = lone if lone is not None else pending - 6
        if not high and match.start() != pending:
            lone = lone if lone is not None else match.start()
        pending = match.end() if high else -1
    if pending >= 0 and lone is None:
        lone = pending - 6
    if lone is None:
        return
    try:  # the escape may itself be escaped (`\\\\ud800`): the data decides
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        line = text.count("\n", 0, lone) + 1
        col = lone - (text.rfind("\n", 0, lone) + 1) + 1
        message = "a \\u escape makes a lone surrogate, which is not Unicode"
        loc = Location(file=display, line=line, col=col)
        raise SpecError(error("parse-encoding", message, loc)) from None


def _where_word(text: str, display: str, exc: Exception) -> Location:
    """Where a refused number first appears (json.loads does not say)."""
    word = str(exc).split(" ", 1)[0]
    found = re.search(r"(?<![\w.])" + re.escape(word) + r"(?![\w.])", text) if word else None
    if found is None:
        return Location(file=display)
    line = text.count("\n", 0, found.start()) + 1
    col = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return Location(file=display, line=line, col=col)


def _too_deep_error(text: str, display: str, max_depth: int) -> SpecError:
    found = find_too_deep(text, max_depth)
    pointer, line, col = found if found is not None else (None, None, None)
    loc = Location(file=display, pointer=pointer, line=line, col=col)
    return SpecError(error("parse-depth-limit", f"nesting deeper than {max_depth} levels", loc))
