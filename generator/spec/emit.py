"""Spec data as text: YAML through ruamel.yaml's emitter, or JSON (the inverse of `parse`).

YAML is block style, keys in the data's order, lines never folded, Unicode kept, no anchors
or aliases, multi-line strings as literal blocks (`|`). The data is turned into YAML events
here and handed to ruamel.yaml's C emitter (ruamel.yaml.clib):
ruamel's round-trip dumper builds a node per value and spent about 4 s on the 3 MB OpenAI
spec, where the events take about a quarter of that. A string is written plain only when both
YAML 1.2 and YAML 1.1 would read it back as that string (`yes`, `on`, `2024-01-01` and `1e3`
are quoted), since the tools a bundle is for include YAML 1.1 readers (PyYAML); a float is
written so that both read a float. The same data always gives the same bytes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

_STR = "tag:yaml.org,2002:str"
_DEPTH = 20_000  # Python frames; bundled data nests deeper than one file may


def to_json(data: Any) -> str:
    """Data as JSON text: two-space indents, Unicode kept, a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_yaml(data: Any) -> str:
    """Data as block-style YAML text (see the module docstring)."""
    from io import StringIO

    from ruamel.yaml import events

    stream = StringIO()
    emitter = _emitter(stream)
    emit = emitter.emit
    emit(events.StreamStartEvent(encoding="utf-8"))
    emit(events.DocumentStartEvent(explicit=False))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _DEPTH))
    try:
        _Events(emit).node(data)
    finally:
        sys.setrecursionlimit(limit)
    emit(events.DocumentEndEvent(explicit=False))
    emit(events.StreamEndEvent())
    if hasattr(emitter, "dispose"):
        emitter.dispose()
    return stream.getvalue()


def _emitter(stream: Any) -> Any:
    """ruamel.yaml's C emitter (libyaml's, from ruamel.yaml.clib, a pinned dependency).

    Not the pure-Python emitter: it is the round-trip dumper's, and writes a literal block
    even where one cannot hold the text (trailing spaces), trusting its representer.
    """
    from _ruamel_yaml import CEmitter  # type: ignore[import-not-found]

    return CEmitter(stream, width=1 << 30, allow_unicode=True, indent=2)


class _Events:
    """Emits the events of one document's data."""

    def __init__(self, emit: Callable[[Any], None]) -> None:
        from ruamel.yaml import events
        from ruamel.yaml.nodes import ScalarNode
        from ruamel.yaml.resolver import VersionedResolver

        self.emit = emit
        self.events = events
        resolvers = [VersionedResolver(version=v) for v in ((1, 2), (1, 1))]
        self.resolvers = [(r, ScalarNode) for r in resolvers]
        # Only a string starting with one of these can resolve to anything but a string.
        self.first = frozenset(
            str(c) for r in resolvers for c in r.versioned_resolver if c
        )
        self.plain: dict[str, bool] = {}

    def node(self, value: Any) -> None:
        ev = self.events
        cls = value.__class__
        if cls is dict:
            self.emit(ev.MappingStartEvent(None, None, True, flow_style=False))
            for key, item in value.items():
                self.node(key if key.__class__ is str else str(key))
                self.node(item)
            self.emit(ev.MappingEndEvent())
        elif cls is list:
            self.emit(ev.SequenceStartEvent(None, None, True, flow_style=False))
            for item in value:
                self.node(item)
            self.emit(ev.SequenceEndEvent())
        elif cls is str:
            style = "|" if "\n" in value else None
            self.emit(ev.ScalarEvent(None, _STR, (self._plain(value), True), value, style=style))
        else:
            self.emit(ev.ScalarEvent(None, None, (True, False), _scalar(value)))

    def _plain(self, text: str) -> bool:
        """Whether `text` written plain reads back as this string in YAML 1.2 and 1.1."""
        if text and text[0] not in self.first:
            return True
        known = self.plain.get(text)
        if known is None:
            known = self.plain[text] = all(
                str(r.resolve(node, text, (True, False))) == _STR for r, node in self.resolvers
            )
        return known


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if value.__class__ is float:
        text = repr(value).lower()
        # YAML 1.1 reads `1e-05` as a string: it wants a dot in the mantissa.
        return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text
    return str(value)
