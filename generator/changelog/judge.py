"""ApiDiff records -> judged entries: kind by the registry and the direction rule, level by the
project's settings, area and reach by where the change happens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.changelog.kinds_schema import Family
from generator.changelog.model import Detail, Level, Reach, Side
from generator.changelog.part_rules import Lookup, media_schema_kind, part_kind
from generator.changelog.places import area_of, owner_of_property, where_of
from generator.changelog.reach import (
    FLIPPED_SIDE,
    Hold,
    ReachIndex,
    Role,
    named_place,
    reach_side,
)
from generator.changelog.registry import KINDS
from generator.changelog.retype import implied_by_type, retype_details
from generator.changelog.schema_rules import (
    DOCS_ASPECTS,
    SCHEMA_SUBJECTS,
    old_node,
    subject_node,
    suffix_of,
)
from generator.diff.model import Action, Aspect, Change, Subject


@dataclass(frozen=True, slots=True)
class Judged:
    """One record judged, before settings, folding and fingerprints."""

    change: Change
    kind: str
    level: Level
    area: str
    params: dict[str, Any]
    reach: tuple[Reach, ...]
    details: tuple[Detail, ...] = ()  # worded here when the judge knows them (a type change)


class Judge:
    """Judges the records of one pair of versions."""

    def __init__(self, look: Lookup, old_index: ReachIndex, new_index: ReachIndex) -> None:
        self.look = look
        self.old_index = old_index
        self.new_index = new_index

    def all(self, changes: Iterable[Change]) -> list[Judged]:
        """Every record that is reported, judged (folded-in records are left out)."""
        changes = list(changes)
        required = _required_records(changes)
        retyped = {c.new_at for c in changes
                   if c.aspect is Aspect.TYPE and c.action is Action.CHANGED}
        # `enum: [a, b]` -> `enum: [a]` reads as const `a`: the const record says it
        constant = {c.new_at for c in changes if c.aspect is Aspect.CONST}
        out = []
        for change in changes:
            if change.aspect is Aspect.PREVIEW or id(change) in required.consumed:
                continue
            if change.new_at in retyped and implied_by_type(change):
                continue  # an enum on a string that became an object: the type change says it
            if change.aspect is Aspect.ENUM and change.new_at in constant:
                continue
            judged = self.one(change, required)
            if judged is not None:
                out.append(judged)
        return out

    def one(self, change: Change, required: _Required) -> Judged | None:
        """One record judged (None when it is not reported on its own)."""
        if _named_schema(change):
            return self._named_schema(change)
        if change.subject in SCHEMA_SUBJECTS and not _media_schema(change):
            return self._schema(change, required)
        kind: str | None = (
            media_schema_kind(change) if _media_schema(change) else part_kind(change, self.look)
        )
        if kind is None:
            return None
        area = change.new_operation or change.old_operation or area_of(
            change.new_at or change.old_at)
        return Judged(change, kind, KINDS[kind].level, area, _params(change),
                      self._part_reach(change, kind))

    def _named_schema(self, change: Change) -> Judged | None:
        """A named schema added or removed is told by the change that brought it in or took
        it out (the property, member or operation that refers to it) when an operation reaches
        it; only a schema no operation reaches gets an entry of its own."""
        if change.action is Action.ADDED and self.new_index.reached(change.new_at):
            return None
        if change.action is Action.REMOVED and self.old_index.reached(change.old_at):
            return None
        named = {Action.ADDED: "api-schema-added", Action.REMOVED: "api-schema-removed"}.get(
            change.action, "api-schema-probable-rename")
        area = area_of(change.new_at or change.old_at)
        return Judged(change, named, KINDS[named].level, area, _params(change), ())

    def _was_deprecated(self, change: Change) -> bool:
        """Whether a removed property was marked deprecated (on the reference or its target)."""
        if change.subject is not Subject.PROPERTY or change.action is not Action.REMOVED:
            return False
        schema = self.look.old.nodes.get(change.old_at or "")
        target = self.look.old.resolve(schema)
        return any(s is not None and s.deprecated for s in (schema, target))

    def _part_reach(self, change: Change, kind: str) -> tuple[Reach, ...]:
        side = KINDS[kind].side
        op = change.new_operation or change.old_operation
        if op is not None:
            found = self.look.op(change, new=True) or self.look.op(change, new=False)
            hook = self.look.webhook(found)
            if hook and not kind.startswith("webhook-"):  # the webhook kinds say it already
                side = FLIPPED_SIDE.get(side, side)
            return (Reach(operation=op, operation_id=found.operation_id if found else None,
                          side=side, webhook=hook),)
        before = self.old_index.holds(change.old_at)
        holds = _common(self.new_index.holds(change.new_at), before) or before
        return _reaches(holds)

    def _schema(self, change: Change, required: _Required) -> Judged:
        node, on_new = subject_node(change)
        index = self.new_index if on_new else self.old_index
        holds = index.holds(node)
        if on_new:
            holds = _common(holds, self.old_index.holds(old_node(change)))
        params = _schema_params(change, node, index)
        area = area_of(node)
        if change.aspect in DOCS_ASPECTS:
            return Judged(change, "docs-schema-changed", Level.INFO, area, params,
                          _reaches(holds))
        suffix = suffix_of(change, required=id(change) in required.required_props,
                           deprecated=self._was_deprecated(change))
        kind, level = _by_side(suffix, holds)
        if not holds:
            params["unreached"] = True
        details: tuple[Detail, ...] = ()
        if change.aspect is Aspect.TYPE and change.action is Action.CHANGED:
            details = retype_details(change, self.look.old, self.look.new)
        return Judged(change, kind, level, area, params, _reaches(holds), details)


def _common(new: tuple[Hold, ...], old: tuple[Hold, ...]) -> tuple[Hold, ...]:
    """The operations that reach a change on both sides, on the same side of the exchange.

    Two different schemas can be compared when a reference moved (a request body that was
    `CreateEventRequest` is now `Event`, which responses use too): what changed between them
    matters only where the old schema was used, not everywhere the new one is."""
    if not new or not old:
        return new
    before = {(h.side, h.operation_id or h.operation) for h in old}
    both = tuple(h for h in new if (h.side, h.operation_id or h.operation) in before)
    return both or new


def _by_side(suffix: str, holds: tuple[Hold, ...]) -> tuple[str, Level]:
    """The direction rule over every operation that reaches the change: the kind of the side
    on which it matters most (the request side on a tie)."""
    property_only = suffix in _PROPERTY_SUFFIXES
    best: tuple[str, Level] | None = None
    for side in (Side.REQUEST, Side.RESPONSE):
        on_side = [h for h in holds if h.side is side]
        if not on_side:
            continue
        kind = f"{_family(side, on_side, property_only).value}-{suffix}"
        level = KINDS[kind].level
        if best is None or level.rank > best[1].rank:
            best = (kind, level)
    if best is None:  # no operation reaches it (an unused component): information only
        family = Family.RESPONSE_PROPERTY if property_only else Family.RESPONSE_BODY
        return f"{family.value}-{suffix}", Level.INFO
    return best


_PROPERTY_SUFFIXES = frozenset({
    "added-required", "removed-required", "added-optional", "removed-optional",
    "removed-after-deprecation",
    "became-required", "became-optional", "probable-rename",
})


def _family(side: Side, holds: list[Hold], property_only: bool) -> Family:
    request = side is Side.REQUEST
    if property_only:
        return Family.REQUEST_PROPERTY if request else Family.RESPONSE_PROPERTY
    if request and any(h.role is Role.PARAMETER for h in holds):
        return Family.REQUEST_PARAMETER
    if not request and any(h.role is Role.HEADER for h in holds):
        return Family.RESPONSE_HEADER
    if any(h.at_root for h in holds):
        return Family.REQUEST_BODY if request else Family.RESPONSE_BODY
    return Family.REQUEST_PROPERTY if request else Family.RESPONSE_PROPERTY


def _reaches(holds: tuple[Hold, ...]) -> tuple[Reach, ...]:
    ids = {h.operation: h.operation_id for h in holds}
    hooks = {h.operation for h in holds if h.webhook}
    return tuple(Reach(operation=op, operation_id=ids[op], side=side, webhook=op in hooks)
                 for op, side in sorted(reach_side(holds).items()))


# who sends a part of a webhook: the API its request, the receiver its reply


@dataclass(slots=True)
class _Required:
    consumed: set[int]  # REQUIRED records told by the property record they go with
    required_props: set[int]  # PROPERTY records of a property that was (or is) required


def _required_records(changes: list[Change]) -> _Required:
    """A property added as required is one entry (not also "became required"); the same
    for a required property removed."""
    by_place: dict[tuple[str, str, str | None], Change] = {}
    for c in changes:
        if c.subject is Subject.REQUIRED and c.action in (Action.ADDED, Action.REMOVED):
            owner = c.new_at if c.action is Action.ADDED else c.old_at
            by_place[(c.action.value, c.name, owner)] = c
    found = _Required(set(), set())
    for c in changes:
        if c.subject is not Subject.PROPERTY or c.action not in (Action.ADDED, Action.REMOVED):
            continue
        node = c.new_at if c.action is Action.ADDED else c.old_at
        match = by_place.get((c.action.value, c.name, owner_of_property(node or "")))
        if match is not None:
            found.consumed.add(id(match))
            found.required_props.add(id(c))
    return found


def _named_schema(change: Change) -> bool:
    # A named component schema added, removed or renamed (`api-schema-*`).
    return (change.subject is Subject.SCHEMA and change.aspect is None
            and change.new_operation is None and change.old_operation is None)


def _media_schema(change: Change) -> bool:
    # A media type that gained or lost its schema (not a named component schema).
    return (change.subject is Subject.SCHEMA and change.aspect is None
            and (change.new_operation or change.old_operation) is not None)


def _params(change: Change) -> dict[str, Any]:
    params: dict[str, Any] = {"name": change.name}
    if change.aspect is not None:
        params["aspect"] = change.aspect.value
    if " -> " in change.name and change.action in (Action.RENAMED, Action.PROBABLE_RENAME):
        params["old"], _, params["new"] = change.name.partition(" -> ")
    else:
        params["old"], params["new"] = change.old, change.new
    if change.subject in (Subject.TAG, Subject.EXTENSION):
        params["value"] = change.name
    if change.action is Action.MOVED:
        params["name"] = change.new_operation or change.name
    elif change.subject in (Subject.OPERATION, Subject.WEBHOOK):
        params["name"] = change.new_operation or change.old_operation or change.name
    return params


def _schema_params(change: Change, node: str | None, index: ReachIndex) -> dict[str, Any]:
    params = _params(change)
    at = node
    if change.subject is Subject.PROPERTY and node is not None:
        at = owner_of_property(node)
    params["where"] = where_of(at, named_place(index, at) if at else None)
    if change.subject in (Subject.ENUM_VALUE, Subject.UNION_MEMBER, Subject.ALL_OF_PART,
                          Subject.PREFIX_ITEM, Subject.MAPPING, Subject.KEYWORD):
        params["value"] = change.name
    if change.aspect is Aspect.REFERENCE:
        params["old"] = where_of(change.old) if isinstance(change.old, str) else change.old
        params["new"] = where_of(change.new) if isinstance(change.new, str) else change.new
    return params
