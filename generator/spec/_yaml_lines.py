"""A targeted pointer -> line:col locator for block-style YAML, by indentation, in C-speed regexes.

Building the full event index of a 3 MB spec costs a few hundred milliseconds; a spec with a
few hundred findings needs a few hundred positions. This locator walks one pointer at a time,
listing the children of each mapping or sequence it passes through once (cached by offset), and
answers with the same positions as the event index (`positions.build_index`): a member whose
value is a block collection at its key, every other node at the node itself. Whatever it is not
sure of (flow collections, aliases, tags, quoted keys with escapes, unusual layouts) it declines
with None, and the caller falls back to the event index. A corpus test checks it against the
event index wherever it answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from generator.spec.pointer import split

# A block mapping key at the start of a line (after `indent` spaces), then `:` and a space or EOL.
_KEY_BODY = (
    r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'"""
    r"""|[^\s#'"{\[\]}&*!|>%@`,?:-][^\n]*?|-[^\s\n][^\n]*?)"""
)
_KEY_AT = re.compile(_KEY_BODY + r"[ \t]*:(?=[ \t]|$)", re.M)
_CONTENT_LINE = re.compile(r"^( *)([^ \n])", re.M)


@lru_cache(maxsize=64)
def _key_line(indent: int) -> re.Pattern[str]:
    return re.compile(rf"\n {{{indent}}}{_KEY_BODY}[ \t]*:(?=[ \t]|$)", re.M)


@lru_cache(maxsize=64)
def _item_line(indent: int) -> re.Pattern[str]:
    return re.compile(rf"\n {{{indent}}}-(?=[ \t]|$)", re.M)


@lru_cache(maxsize=64)
def _map_end(indent: int) -> re.Pattern[str]:
    # The first content line less indented than the mapping's keys ends it.
    return re.compile(rf"\n {{0,{max(indent - 1, 0)}}}[^ \n#]" if indent else r"\A(?!)", re.M)


@lru_cache(maxsize=64)
def _seq_end(indent: int) -> re.Pattern[str]:
    # Less indented content, or content at the dashes' column that is not another item.
    low = rf" {{0,{indent - 1}}}[^ \n#]|" if indent else ""
    return re.compile(rf"\n(?:{low} {{{indent}}}(?:[^ \n#-]|-[^ \t\n]))", re.M)


def _unquote(key: str) -> str | None:
    if key.startswith('"'):
        return key[1:-1] if "\\" not in key else None
    if key.startswith("'"):
        return key[1:-1].replace("''", "'")
    return key.rstrip()


class _Node:
    """A block collection in the text: where its children start, their indentation, its kind."""

    __slots__ = ("end", "first", "indent", "is_map", "start")

    def __init__(self, start: int, first: int, indent: int, is_map: bool, end: int) -> None:
        self.start = start  # offset where the collection's first child line begins
        self.first = first  # offset of the first child's own text (after a `- `, for items)
        self.indent = indent  # column (0-based) of the children's keys or dashes
        self.is_map = is_map
        self.end = end


_EMPTY = _Node(-1, -1, -1, False, -1)  # marks a member or item with no value (null)


class LineLocator:
    """Find positions of JSON pointers in block YAML text; None when unsure."""

    def __init__(self, text: str) -> None:
        # A newline in front lets every line-start pattern begin with a literal "\n", which the
        # regex engine scans for fast (a MULTILINE "^" is tried at every offset).
        self.text = "\n" + text
        # Children of each collection by (start offset, indentation): an item's mapping and the
        # block inside its first key can start at the same offset.
        self._children: dict[tuple[int, int], dict[str, tuple[int, int]] | list[int] | None] = {}
        self._steps: dict[int, tuple[int, _Node | None] | None] = {}

    def find(self, pointer: str) -> tuple[int, int] | None:
        """The (line, col) the event index would give `pointer`, or None if unsure."""
        return self.find_all([pointer])[0]

    def find_all(self, pointers: Sequence[str]) -> list[tuple[int, int] | None]:
        """`find` for many pointers at once: lines are counted in one pass over the text."""
        offsets = [self._offset(pointer) for pointer in pointers]
        where = self._line_cols(sorted({o for o in offsets if o is not None}))
        return [None if o is None else where[o] for o in offsets]

    def _offset(self, pointer: str) -> int | None:
        try:
            tokens = split(pointer)
        except ValueError:
            return None
        node = self._root()
        where: int | None = None if node is None else node.first
        for token in tokens:
            if node is None:
                return None
            step = self._step(node, token)
            if step is None:
                return None
            where, node = step
        return where

    # -- structure ------------------------------------------------------------------------
    def _root(self) -> _Node | None:
        match = _CONTENT_LINE.search(self.text)
        while match and match.group(2) == "#":
            match = _CONTENT_LINE.search(self.text, match.end())
        if match is None or match.group(1) or match.group(2) in "{[-%":
            return None
        return _Node(match.start(), match.start(), 0, True, len(self.text))

    def _step(self, node: _Node, token: str) -> tuple[int, _Node | None] | None:
        if node.is_map:
            children = self._map_children(node)
            if children is None or token not in children:
                return None
            key_at, after = children[token]
            if key_at not in self._steps:
                self._steps[key_at] = self._member(key_at, after)
            return self._steps[key_at]
        items = self._seq_children(node)
        if not token.isdigit() or int(token) >= len(items) or (token != "0" and token[0] == "0"):
            return None
        dash = items[int(token)]
        if dash not in self._steps:
            self._steps[dash] = self._item(dash, node)
        return self._steps[dash]

    def _map_children(self, node: _Node) -> dict[str, tuple[int, int]] | None:
        ident = (node.start, node.indent)
        cached = self._children.get(ident, False)
        if cached is not False:
            return cached if isinstance(cached, dict) else None
        matches: list[re.Match[str]] = []
        if node.first != node.start:  # an item's mapping: its first key shares the dash's line
            first = _KEY_AT.match(self.text, node.first)
            if first is None:
                self._children[ident] = None
                return None
            matches.append(first)
        matches.extend(_key_line(node.indent).finditer(self.text, node.start - 1, node.end))
        found: dict[str, tuple[int, int]] | None = {}
        for match in matches:
            key = _unquote(match.group(1))
            if key is None or key == "<<" or key in found:  # type: ignore[operator]
                found = None
                break
            found[key] = (match.start(1), match.end())  # type: ignore[index]
        self._children[ident] = found
        return found

    def _seq_children(self, node: _Node) -> list[int]:
        ident = (node.start, node.indent)
        cached = self._children.get(ident)
        if isinstance(cached, list):
            return cached
        pattern = _item_line(node.indent)
        items = [m.end() - 1 for m in pattern.finditer(self.text, node.start - 1, node.end)]
        self._children[ident] = items
        return items

    def _member(self, key_at: int, after: int) -> tuple[int, _Node | None] | None:
        text = self.text
        line_end = self._line_end(after)
        rest = text[after:line_end]
        stripped = rest.strip()
        if stripped and not stripped.startswith("#"):
            if stripped[0] in "&*!" or stripped[:2] == "- ":
                return None
            # A scalar, or a flow collection (only its own position is answered).
            return after + len(rest) - len(rest.lstrip()), None
        block = self._block_after(line_end, self._column(key_at), seq_at_same=True)
        if block is _EMPTY:
            return after, None  # a null value: placed just after the colon
        return None if block is None else (key_at, block)

    def _item(self, dash: int, parent: _Node) -> tuple[int, _Node | None] | None:
        text = self.text
        line_end = self._line_end(dash)
        rest = text[dash + 1 : line_end]
        if not rest.strip() or rest.strip().startswith("#"):
            block = self._block_after(line_end, parent.indent, seq_at_same=False)
            if block is _EMPTY:
                return dash + 1, None
            return None if block is None else (block.first, block)
        if rest[0] not in " \t":
            return None
        value_at = dash + 1 + len(rest) - len(rest.lstrip())
        if text[value_at] in "&*!{[-?":
            return None
        if _KEY_AT.match(text, value_at) is None:
            return value_at, None
        indent = self._column(value_at)
        start = self._next_line(value_at)
        end = self._end(_map_end(indent), value_at)
        return value_at, _Node(start, value_at, indent, True, end)

    def _block_after(self, line_end: int, column: int, *, seq_at_same: bool) -> _Node | None:
        """The block collection on the lines after `line_end`, indented past `column`.

        `_EMPTY` when nothing is (a null value); None when the layout is not one handled here.
        """
        match = _CONTENT_LINE.search(self.text, min(line_end + 1, len(self.text)))
        while match and match.group(2) == "#":
            match = _CONTENT_LINE.search(self.text, match.end())
        if match is None:
            return _EMPTY
        indent, start = len(match.group(1)), match.start()
        after = self.text[match.end() : match.end() + 1]
        is_item = match.group(2) == "-" and after in (" ", "\n", "")
        if indent < column or (indent == column and not (seq_at_same and is_item)):
            return _EMPTY
        if match.group(2) in "{[&*!|>\"'?%" and not _KEY_AT.match(self.text, match.start(2)):
            return None
        if is_item:
            return _Node(start, start, indent, False, self._end(_seq_end(indent), start))
        return _Node(start, start, indent, True, self._end(_map_end(indent), start))

    def _end(self, pattern: re.Pattern[str], start: int) -> int:
        found = pattern.search(self.text, self._next_line(start) - 1)
        return len(self.text) if found is None else found.start() + 1

    def _line_end(self, offset: int) -> int:
        nl = self.text.find("\n", offset)
        return len(self.text) if nl < 0 else nl

    def _next_line(self, offset: int) -> int:
        nl = self.text.find("\n", offset)
        return len(self.text) if nl < 0 else nl + 1

    # -- offsets --------------------------------------------------------------------------
    def _column(self, offset: int) -> int:
        return offset - (self.text.rfind("\n", 0, offset) + 1)

    def _line_cols(self, offsets: list[int]) -> dict[int, tuple[int, int]]:
        """(line, col) of ascending offsets, counting newlines between neighbours only."""
        text = self.text  # its "\n" in front makes the count before an offset its line number
        out: dict[int, tuple[int, int]] = {}
        line, previous = 0, 0
        for offset in offsets:
            line += text.count("\n", previous, offset)
            out[offset] = (line, offset - text.rfind("\n", 0, offset))
            previous = offset
        return out
