"""The exact YAML path: libyaml events (ruamel.yaml's C parser) -> JSON-compatible data.

Built here rather than by ruamel's constructor so that every rule is checked where it applies,
with the event's line and column, and nothing is ever constructed from a tag: the scalar
schema is `_yaml_resolve`'s, tags other than the JSON ones are errors, keys become strings,
duplicate keys are errors, `<<` merge keys are merged (own keys win, earlier sources win),
one document only. It never recurses, so depth is only what `max_depth` allows; an alias is
charged the events yaml-rs would replay for it (`max_replay`), so a "billion laughs" stops at
the first alias over budget, before anything is copied. Aliased collections are copied, as
yaml-rs does, so no two places in the result share a mutable node.
"""

from __future__ import annotations

import marshal
from typing import Any

from generator.diagnostics import Location, SpecError, error
from generator.spec import _yaml_events, _yaml_resolve
from generator.spec._yaml_resolve import MERGE_TAG, ScalarProblem
from generator.spec.pointer import escape

_NAME_STOPS = frozenset(" \t\r\n,[]{}")
_NO_KEY = object()  # a mapping waiting for its next key
_MERGE = object()  # a mapping whose pending key is `<<`


class _Frame:
    __slots__ = (
        "anchor",
        "deepest",
        "first",
        "is_map",
        "key",
        "merge",
        "merge_at",
        "merge_mark",
        "node",
        "replayed",
    )

    def __init__(
        self, node: Any, is_map: bool, anchor: str | None, depth: int, first: int, replayed: int
    ) -> None:
        self.node = node
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.anchor = anchor
        self.deepest = depth
        self.first = first
        self.replayed = replayed
        self.merge: Any = None
        self.merge_at = 0
        self.merge_mark: Any = None


class _Anchor:
    __slots__ = ("events", "first", "height", "replay", "value")

    def __init__(self, value: Any, first: int, events: int, replay: int, height: int) -> None:
        self.value = value
        self.first = first
        self.events = events
        self.replay = replay
        self.height = height


class _Builder:
    def __init__(
        self,
        display: str,
        text: str,
        restore: _yaml_events.Restore | None,
        max_depth: int,
        max_replay: int,
    ) -> None:
        self.display = display
        self.text = text
        self.restore = restore
        self.max_depth = max_depth
        self.max_replay = max_replay
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.started: dict[str, int] = {}  # anchor name -> event number of its latest definition
        self.count = 0  # node events so far: how yaml-rs measures replay
        self.replayed = 0
        self.documents = 0
        self.root: Any = None

    # -- errors -------------------------------------------------------------------------------
    def fail(self, code: str, message: str, mark: Any, *, key: str | None = None) -> SpecError:
        pointer = "".join("/" + escape(t) for t in self.tokens())
        if key is not None:
            pointer += "/" + escape(key)
        line, col = int(mark.line) + 1, int(mark.column) + 1
        location = Location(file=self.display, pointer=pointer, line=line, col=col)
        return SpecError(error(code, message, location))

    def tokens(self) -> list[str]:
        out: list[str] = []
        for frame in self.stack:
            if not frame.is_map:
                out.append(str(len(frame.node)))
            elif isinstance(frame.key, str):
                out.append(frame.key)
            elif frame.key is _MERGE:
                out.append("<<")
        return out

    def check_name(self, ev: Any, name: str) -> None:
        """libyaml stops an anchor name at the first character that is not [A-Za-z0-9_-];
        YAML 1.2 (and yaml-rs) go on to the next space or flow indicator. Refuse, not guess."""
        start = int(ev.start_mark.index)
        sigil = "*" if self.text[start : start + 1] == "*" else "&"
        found = self.text.find(sigil + name, start, start + 4096)  # a tag may come first
        after = found + 1 + len(name)
        if found >= 0 and after < len(self.text) and self.text[after] not in _NAME_STOPS:
            message = f"anchor or alias name {self.text[after - len(name) - 1 : after + 1]!r}...: "
            message += "only letters, digits, '-' and '_' are supported in anchor names"
            raise self.fail("parse-syntax", "invalid YAML: " + message, ev.start_mark)

    # -- events -------------------------------------------------------------------------------
    def scalar(self, ev: Any) -> None:
        self.count += 1
        tag = ev.tag
        value = ev.value
        if self.restore is not None:
            value = self.restore(value)
            tag = self.restore(tag) if tag is not None else None
        top = self.stack[-1] if self.stack else None
        is_merge = tag == MERGE_TAG or (value == "<<" and not ev.style and tag is None)
        if is_merge and top is not None and top.is_map and top.key is _NO_KEY:
            self.merge_key(top, ev)
            return
        try:
            if tag is None:
                result = value if ev.style else _yaml_resolve.resolve_plain(value)
            else:
                problem = _yaml_resolve.tag_problem(tag, "scalar")
                if problem is not None:
                    raise problem
                result = _yaml_resolve.resolve_tagged(value, tag)
        except ScalarProblem as exc:
            raise self.fail(exc.code, str(exc), ev.start_mark) from None
        if ev.anchor:
            self.check_name(ev, ev.anchor)
            self.started[ev.anchor] = self.count
            self.anchors[ev.anchor] = _Anchor(result, self.count, 1, 0, 0)
        self.add(result, ev)

    def merge_key(self, top: _Frame, ev: Any) -> None:
        if top.merge is not None:
            raise self.fail(
                "parse-duplicate-key", "duplicate merge key '<<'", ev.start_mark, key="<<"
            )
        top.key = _MERGE
        top.merge_at = len(top.node)
        top.merge_mark = ev.start_mark

    def start(self, ev: Any, is_map: bool) -> None:
        self.count += 1
        kind = "mapping" if is_map else "sequence"
        top = self.stack[-1] if self.stack else None
        if top is not None and top.is_map and top.key is _NO_KEY:
            raise self.fail("parse-non-json", f"a {kind} is used as a mapping key", ev.start_mark)
        if ev.tag is not None:
            tag = ev.tag if self.restore is None else self.restore(ev.tag)
            problem = _yaml_resolve.tag_problem(tag, kind)
            if problem is not None:
                raise self.fail(problem.code, str(problem), ev.start_mark)
        depth = len(self.stack) + 1
        if depth > self.max_depth:
            message = f"nesting deeper than {self.max_depth} levels"
            raise self.fail("parse-depth-limit", message, ev.start_mark)
        node: Any = {} if is_map else []
        self.stack.append(_Frame(node, is_map, ev.anchor, depth, self.count, self.replayed))
        if ev.anchor:
            self.check_name(ev, ev.anchor)
            self.started[ev.anchor] = self.count

    def end(self, ev: Any) -> None:
        self.count += 1
        frame = self.stack.pop()
        node = frame.node
        if frame.merge is not None:
            node = self.merged(frame, ev)
        if self.stack and frame.deepest > self.stack[-1].deepest:
            self.stack[-1].deepest = frame.deepest
        if frame.anchor:
            height = frame.deepest - len(self.stack)
            events = self.count - frame.first + 1
            replay = self.replayed - frame.replayed
            self.anchors[frame.anchor] = _Anchor(node, frame.first, events, replay, height)
        self.add(node, ev)

    def alias(self, ev: Any) -> None:
        self.count += 1
        self.check_name(ev, ev.anchor)
        anchor = self.anchors.get(ev.anchor)
        if anchor is None or anchor.first != self.started[ev.anchor]:
            what = (
                "is undefined" if ev.anchor not in self.started else "refers to the node holding it"
            )
            raise self.fail(
                "parse-syntax", f"invalid YAML: alias *{ev.anchor} {what}", ev.start_mark
            )
        self.replayed += anchor.events + anchor.replay
        if self.replayed > self.max_replay:
            message = (
                f"alias expansion exceeds {self.max_replay:,} nodes (a 'billion laughs' document?)"
            )
            raise self.fail("parse-alias-limit", message, ev.start_mark)
        reach = len(self.stack) + anchor.height
        if reach > self.max_depth:
            raise self.fail(
                "parse-depth-limit", f"nesting deeper than {self.max_depth} levels", ev.start_mark
            )
        if self.stack and reach > self.stack[-1].deepest:
            self.stack[-1].deepest = reach
        value = anchor.value
        if type(value) is dict or type(value) is list:
            value = marshal.loads(marshal.dumps(value, 2))  # version 2: no shared references
        self.add(value, ev)

    def add(self, value: Any, ev: Any) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if not top.is_map:
            top.node.append(value)
        elif top.key is _NO_KEY:
            try:
                key = _yaml_resolve.key_text(value)
            except ScalarProblem as exc:
                raise self.fail(exc.code, str(exc), ev.start_mark) from None
            if key in top.node:
                raise self.fail(
                    "parse-duplicate-key", f"duplicate key {key!r}", ev.start_mark, key=key
                )
            top.key = key
        elif top.key is _MERGE:
            top.merge = value
            top.key = _NO_KEY
        else:
            top.node[top.key] = value
            top.key = _NO_KEY

    def merged(self, frame: _Frame, ev: Any) -> dict[str, Any]:
        sources = frame.merge if type(frame.merge) is list else [frame.merge]
        if not all(type(s) is dict for s in sources):
            message = "invalid YAML: the merge key '<<' needs a mapping or a list of mappings"
            raise self.fail("parse-syntax", message, frame.merge_mark, key="<<")
        own: dict[str, Any] = frame.node
        pulled: dict[str, Any] = {}
        for source in sources:
            for key, value in source.items():
                if key not in own and key not in pulled:
                    pulled[key] = value
        items = list(own.items())
        result = dict(items[: frame.merge_at])
        result.update(pulled)
        result.update(items[frame.merge_at :])
        return result

    def document(self, ev: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail(
                "parse-multi-document", "the file holds more than one YAML document", ev.start_mark
            )


def load_exact(text: str, display: str, *, max_depth: int, max_replay: int) -> Any:
    """Parse YAML exactly (see module doc); raise SpecError with a located diagnostic."""
    flow = False
    prepared, restore = _yaml_events.prepare(text)
    for _ in range(_yaml_events.MAX_REPAIRS):
        try:
            return _run(_Builder(display, prepared, restore, max_depth, max_replay), prepared)
        except SpecError:
            raise
        except Exception as exc:  # every libyaml error becomes a diagnostic
            if not _yaml_events.is_yaml_error(exc):
                raise
            if not flow and _yaml_events.needs_flow_pass(exc):
                flow = True
                prepared, restore = _yaml_events.prepare(text, flow=True)
                continue
            repaired = _yaml_events.repair(prepared, exc)
            if repaired is None:
                raise SpecError(_yaml_events.syntax_diagnostic(exc, prepared, display)) from None
            prepared = repaired
    raise SpecError(error("parse-syntax", "invalid YAML", Location(file=display)))


def _run(builder: _Builder, text: str) -> Any:
    from ruamel.yaml import events as e

    get_event, dispose = _yaml_events.open_events(text)
    handlers: dict[type, Any] = {
        e.ScalarEvent: builder.scalar,
        e.MappingStartEvent: lambda ev: builder.start(ev, True),
        e.SequenceStartEvent: lambda ev: builder.start(ev, False),
        e.MappingEndEvent: builder.end,
        e.SequenceEndEvent: builder.end,
        e.AliasEvent: builder.alias,
        e.DocumentStartEvent: builder.document,
    }
    stream_end = e.StreamEndEvent
    try:
        while True:
            ev = get_event()
            kind = type(ev)
            if kind is stream_end:
                return builder.root
            handler = handlers.get(kind)
            if handler is not None:
                handler(ev)
    finally:
        dispose()
