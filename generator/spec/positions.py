"""Pointer -> line:col, built only for files that have something to report, once per file.

A YAML index comes from the C parser's event stream (ruamel.yaml's libyaml binding), never
from the round-trip loader (15-25 s on the big specs). JSON text has its own exact scanner.
Positions are 1-based. A mapping member whose value is a block collection is placed at its
key (the line a reader looks for: `get:`), every other node at the node itself. Pointers that
pass through an alias (`*a`) or a merge key (`<<: *a`) are answered from the anchored node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from generator.diagnostics import Diagnostic
from generator.spec import _yaml_events, _yaml_json, _yaml_lines
from generator.spec.pointer import escape, split

_LOOKS_JSON = re.compile(r"\ufeff?[ \t\r\n]*[{\[]")


class PositionIndex(Mapping[str, tuple[int, int]]):
    """Pointer -> (line, col). Lookups also follow aliases and merge keys to the anchor.

    Iteration and len() cover the pointers written in the text (not alias expansions).
    """

    def __init__(self, positions: dict[str, tuple[int, int]], aliases: dict[str, str]) -> None:
        self._positions = positions
        self._aliases = aliases  # pointer of an alias node -> pointer of the anchored node

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        found = self._find(pointer, 0)
        if found is None:
            raise KeyError(pointer)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)

    def nearest(self, pointer: str) -> tuple[int, int] | None:
        """The position of `pointer`, else of its nearest ancestor that is in the text."""
        tokens = _tokens(pointer)
        if tokens is None:
            return None
        for size in range(len(tokens), -1, -1):
            found = self._find("".join("/" + escape(t) for t in tokens[:size]), 0)
            if found is not None:
                return found
        return None

    def _find(self, pointer: str, hops: int) -> tuple[int, int] | None:
        found = self._positions.get(pointer)
        if found is not None or hops > 32 or not self._aliases:
            return found
        tokens = _tokens(pointer) or []
        for size in range(len(tokens) - 1, -1, -1):
            head = "".join("/" + escape(t) for t in tokens[:size])
            rest = "".join("/" + escape(t) for t in tokens[size:])
            for source in self._sources(head):
                found = self._find(source + rest, hops + 1)
                if found is not None:
                    return found
        return None

    def _sources(self, head: str) -> Iterator[str]:
        target = self._aliases.get(head)
        if target is not None:
            yield target
        merge = head + "/<<"
        if merge in self._positions:
            if merge in self._aliases:
                yield self._aliases[merge]
            else:  # a list of merged mappings, or one inline mapping
                index = 0
                while f"{merge}/{index}" in self._positions:
                    yield self._aliases.get(f"{merge}/{index}", f"{merge}/{index}")
                    index += 1
                yield merge


def _tokens(pointer: str) -> list[str] | None:
    try:
        return split(pointer[1:] if pointer.startswith("#") else pointer)
    except ValueError:
        return None


def build_index(text: str) -> PositionIndex:
    """Map every JSON pointer in a YAML/JSON text to its 1-based (line, col)."""
    if _LOOKS_JSON.match(text):
        try:
            return PositionIndex(_yaml_json.index(text), {})
        except ValueError:
            pass
    return _yaml_index(text)


class _Open:
    __slots__ = ("index", "is_map", "key", "key_pos", "pointer")

    def __init__(self, pointer: str | None, is_map: bool) -> None:
        self.pointer = pointer  # None inside a complex (non-JSON) key: nothing recorded
        self.is_map = is_map
        self.key: str | None = None
        self.key_pos = (0, 0)
        self.index = 0


class _IndexBuilder:
    def __init__(self, restore: _yaml_events.Restore | None) -> None:
        from ruamel.yaml import events

        self.restore = restore
        self.mapping_start = events.MappingStartEvent
        self.starts = (events.MappingStartEvent, events.SequenceStartEvent)
        self.alias_event = events.AliasEvent
        self.positions: dict[str, tuple[int, int]] = {}
        self.aliases: dict[str, str] = {}
        self.anchors: dict[str, str] = {}
        self.stack: list[_Open] = []

    def end(self) -> None:
        done = self.stack.pop()
        if done.pointer is None and self.stack and self.stack[-1].pointer is not None:
            self.stack[-1].key = "?"  # the complex key is over; its value follows

    def node(self, ev: Any, kind: type) -> None:
        mark = ev.start_mark
        where = (mark.line + 1, mark.column + 1)
        is_start = kind in self.starts
        top = self.stack[-1] if self.stack else None
        if top is None:
            pointer: str | None = ""
        elif top.pointer is None:
            pointer = None
        elif not top.is_map:
            pointer = f"{top.pointer}/{top.index}"
            top.index += 1
        elif top.key is None:  # this node is a key
            if is_start:
                self.stack.append(_Open(None, kind is self.mapping_start))
            else:
                key = str(ev.value or "")
                top.key = self.restore(key) if self.restore else key
                top.key_pos = where
            return
        else:
            key = top.key
            pointer = top.pointer + "/" + (escape(key) if "~" in key or "/" in key else key)
            if is_start and not ev.flow_style:
                where = top.key_pos
            top.key = None
        if pointer is not None:
            self.record(ev, kind, pointer, where)
        if is_start:
            self.stack.append(_Open(pointer, kind is self.mapping_start))

    def record(self, ev: Any, kind: type, pointer: str, where: tuple[int, int]) -> None:
        self.positions.setdefault(pointer, where)
        if ev.anchor is None:
            return
        if kind is self.alias_event:
            self.aliases[pointer] = self.anchors.get(ev.anchor, pointer)
        else:
            self.anchors[ev.anchor] = pointer


def _yaml_index(text: str) -> PositionIndex:
    builder, failure = _index_events(text, flow=False)
    if failure is not None and _yaml_events.needs_flow_pass(failure):
        builder, _failure = _index_events(text, flow=True)
    return PositionIndex(builder.positions, builder.aliases)


def _index_events(text: str, *, flow: bool) -> tuple[_IndexBuilder, Exception | None]:
    from ruamel.yaml import events as e

    prepared, restore = _yaml_events.prepare(text, flow=flow)
    get_event, dispose = _yaml_events.open_events(prepared)
    builder = _IndexBuilder(restore)
    ends = (e.MappingEndEvent, e.SequenceEndEvent)
    node_events = (e.ScalarEvent, e.AliasEvent, e.MappingStartEvent, e.SequenceStartEvent)
    try:
        while True:
            ev = get_event()
            kind = type(ev)
            if kind in ends:
                builder.end()
            elif kind in node_events:
                builder.node(ev, kind)
            elif kind is e.StreamEndEvent:
                return builder, None
    except Exception as exc:  # a broken text keeps the positions read so far
        return builder, exc
    finally:
        dispose()


_CACHE: dict[str, tuple[str, PositionIndex]] = {}
_CACHE_SIZE = 8


def index_for(display: str, text: str) -> PositionIndex:
    """The index of `text`, built at most once while the same text is asked for again."""
    cached = _CACHE.get(display)
    if cached is not None and (cached[0] is text or cached[0] == text):
        return cached[1]
    built = build_index(text)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[display] = (text, built)
    return built


def _pointer(diagnostic: Diagnostic) -> str:
    loc = diagnostic.location
    assert loc is not None and loc.pointer is not None
    return loc.pointer


def locate(diagnostics: Iterable[Diagnostic], texts: Mapping[str, str]) -> list[Diagnostic]:
    """Fill in line:col for diagnostics with a pointer, using one index per file (display path)."""
    out = list(diagnostics)
    wanted: dict[str, list[int]] = {}
    for number, diagnostic in enumerate(out):
        loc = diagnostic.location
        if loc is not None and loc.pointer is not None and loc.line is None and loc.file in texts:
            wanted.setdefault(loc.file, []).append(number)
    for display, numbers in wanted.items():
        text = texts[display]
        # Block YAML: answer what the line locator is sure of; build the event index only for
        # the rest (JSON, flow style, pointers to absent nodes).
        pointers = [_pointer(out[number]) for number in numbers]
        answers: list[tuple[int, int] | None] = [None] * len(numbers)
        if not _LOOKS_JSON.match(text):
            answers = _yaml_lines.LineLocator(text).find_all(pointers)
        index: PositionIndex | None = None
        for number, found in zip(numbers, answers, strict=True):
            diagnostic = out[number]
            loc = diagnostic.location
            assert loc is not None and loc.pointer is not None
            if found is None:
                index = index or index_for(display, text)
                found = index.nearest(loc.pointer)
            if found is not None:
                out[number] = replace(diagnostic, location=loc.with_position(*found))
    return out
