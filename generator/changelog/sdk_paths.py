"""Where inside a method's body arguments a schema sits: the path into an argument's TypedDict.

A request change below the top level of an object body (`tools[].function.strict` in
`client.chat.completions.create(tools=[...])`) changes the `TypedDict` of one keyword argument.
`arg_paths` finds, from the body's schemas, every argument that reaches a schema node and the
shortest way down to it (keys, list items, map values), walking `$ref`s once each so cyclic
schemas finish; `call_text` writes that way as the argument's Python value
(`tools=[{"function": {"strict": ...}}]`). `holders` finds the model fields that hold a
component as a whole (`Response.status` holds `ResponseStatus`); `parameter_of_schema` the
parameter whose schema a change sits in.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from generator.changelog.model import Entry, SdkImpact
from generator.changelog.sdk import SDK_KINDS, impact
from generator.ir.model import Api, Operation
from generator.ir.schema import (
    AllOfSchema,
    ArraySchema,
    ObjectSchema,
    ReferenceSchema,
    Schema,
    UnionMode,
    UnionSchema,
)
from generator.naming.client import ArgLocation, MethodName


class Step(str, Enum):
    """One step down a value: into an object's key, a list's item or a map's value."""

    KEY = "key"
    ITEM = "item"
    VALUE = "value"


Way = tuple[tuple[Step, str], ...]  # (step, key) pairs from the body root down to a node


@dataclass(frozen=True, slots=True)
class ArgPath:
    """An argument of a method and the way from its value down to one schema node."""

    argument: str  # the Python argument name
    way: Way  # below the argument's own value

    @property
    def keys(self) -> int:
        """How many TypedDict keys the way passes (0: the argument itself, or its items)."""
        return sum(1 for step, _ in self.way if step is Step.KEY)

    def call_text(self, tail: tuple[Step, str] | None = None) -> str:
        """`tools=[{"function": {"strict": ...}}]`: the argument written as a value, `...`
        where the node is (`tail`: one more step, a key that is not in the schema yet)."""
        text = "..."
        for step, key in reversed((*self.way, *([tail] if tail is not None else []))):
            if step is Step.KEY:
                text = f"{{{json.dumps(key, ensure_ascii=False)}: {text}}}"
            elif step is Step.ITEM:
                text = f"[{text}]"
            else:
                text = f"{{str: {text}}}"
        return f"{self.argument}={text}"


def reachable(api: Api, operation: Operation,
              memo: dict[str, Any] | None = None) -> Mapping[str, Mapping[str, Way]]:
    """Every schema node an operation's request body reaches: per first key below the body
    (the body argument it is reached from; "" for the body itself), the shortest way to it
    from the body's root (breadth first; each `$ref` target walked once per first key).
    A node's children are listed once per version (`memo`): the walks of a version's bodies
    and first keys pass the same components many times."""
    # by node id and schema: a type list's members and an object's `base` share its node id
    known: dict[tuple[str, int], list[tuple[str, Schema, tuple[Step, str] | None]]] = {} \
        if memo is None else memo.setdefault(f"children {id(api)}", {})
    body = operation.request_body
    found: dict[str, dict[str, Way]] = {}
    # (node id, schema, way, its first key: "" for the body itself)
    queue: deque[tuple[str, Schema, Way, str]] = deque()
    for media in sorted(body.content if body is not None else ()):
        at = body.content[media].schema_id  # type: ignore[union-attr]
        schema = api.node(at)
        if at is not None and schema is not None:
            queue.append((at, schema, (), ""))
    walked: set[tuple[str, str]] = set()  # (first key, `$ref` target): cycles end there
    while queue:
        at, schema, way, first = queue.popleft()
        slot = found.get(at)
        if slot is None:
            found[at] = {first: way}
        elif first not in slot:
            slot[first] = way
        if not isinstance(schema, _CONTAINERS):
            continue  # a scalar: nothing below it
        children = known.get((at, id(schema)))
        if children is None:
            children = known[(at, id(schema))] = list(_children(api, at, schema))
        if isinstance(schema, ReferenceSchema):  # one child, the target: walked once a key
            if not children or (first, children[0][0]) in walked:
                continue
            walked.add((first, children[0][0]))
        for child_at, child, step in children:
            if step is None:
                queue.append((child_at, child, way, first))
            else:
                queue.append((child_at, child, (*way, step), first if way else step[1]))
    return found


_CONTAINERS = (ReferenceSchema, ObjectSchema, ArraySchema, UnionSchema, AllOfSchema)


def _children(api: Api, at: str,
              schema: Schema) -> Iterator[tuple[str, Schema, tuple[Step, str] | None]]:
    """(node id, schema, the step to it or None for the same value) of a node's children."""
    if isinstance(schema, ReferenceSchema):
        target = api.node(schema.target)
        if target is not None:
            yield schema.target, target, None
    elif isinstance(schema, ObjectSchema):
        for key, prop in schema.properties.items():
            yield f"{at}/properties/{_escape(key)}", prop, (Step.KEY, key)
        if schema.additional_properties is not None:
            yield f"{at}/additionalProperties", schema.additional_properties, (Step.VALUE, "")
    elif isinstance(schema, ArraySchema):
        if schema.items is not None:
            yield f"{at}/items", schema.items, (Step.ITEM, "")
        for number, item in enumerate(schema.prefix_items):
            yield f"{at}/prefixItems/{number}", item, (Step.ITEM, "")
    elif isinstance(schema, (UnionSchema, AllOfSchema)):
        own = "allOf" if isinstance(schema, AllOfSchema) else schema.mode.value
        for number, member in enumerate(schema.members):
            same = isinstance(schema, UnionSchema) and schema.mode is UnionMode.TYPES
            yield (at if same else f"{at}/{own}/{number}"), member, None
        if schema.base is not None:
            yield at, schema.base, None


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1") if "~" in key or "/" in key else key


def arg_paths(method: MethodName, node: str,
              ways: Mapping[str, Mapping[str, Way]]) -> list[ArgPath]:
    """The arguments of `method` whose value reaches schema `node` (`ways`: `reachable`),
    each with the way down from it; empty when the node is not below the body."""
    found = ways.get(node, {})
    body = {a.wire: a.name for a in method.arguments if a.location is ArgLocation.BODY}
    if "" in body:  # the whole body is one argument (`body=`): its shortest way
        shortest = min(found.values(), key=len, default=None)
        return [] if shortest is None else [ArgPath(body[""], shortest)]
    return [ArgPath(body[first], way[1:]) for first, way in sorted(found.items())
            if way and way[0][0] is Step.KEY and first in body]


# A key of a TypedDict below a body argument came, went, or changed whether it is required.
KEY_PRESENCE = {
    "added-optional": "argument-key-added-optional",
    "added-required": "argument-key-added-required",
    "removed-optional": "argument-key-removed", "removed-required": "argument-key-removed",
    "removed-after-deprecation": "argument-key-removed",
    "became-required": "argument-key-became-required",
    "became-optional": "argument-key-became-optional",
    "probable-rename": "argument-key-renamed", "renamed": "argument-key-renamed",
}
# A value below a body argument changed: inside a TypedDict (keys passed), else the argument's.
_KEY_VALUE = {"enum-value-added": "argument-key-enum-value-added",
              "enum-value-removed": "argument-key-enum-value-removed",
              "one-of-added": "argument-key-union-widened",
              "any-of-added": "argument-key-union-widened",
              "type-changed": "argument-key-retyped", "type-specialized": "argument-key-retyped",
              "reference-changed": "argument-key-retyped"}
_ARGUMENT_VALUE = {"argument-key-enum-value-added": "argument-enum-value-added",
                   "argument-key-enum-value-removed": "argument-enum-value-removed",
                   "argument-key-union-widened": "argument-union-widened",
                   "argument-key-retyped": "argument-retyped"}


@dataclass(frozen=True, slots=True)
class Below:
    """What a request entry below a body argument's top level is about, on one side."""

    suffix: str  # the wire kind without its family (`added-optional`, `type-changed`)
    node: str  # the schema node: the object that holds the key, or the changed value
    key: str | None  # the key, for a key that came, went or changed (None: a value change)
    params: Mapping[str, Any]  # the entry's params (`old`, `new`: a renamed key's names)
    value: Any = None  # the enum value added or removed


def below_impacts(below: Below, api: Api, operation: Operation, method: MethodName,
                  memo: dict[str, Any]) -> Iterator[SdkImpact]:
    """What a change below the top level of `method`'s body does to each argument it
    reaches: a key of its TypedDict, or a value inside it."""
    kind = KEY_PRESENCE.get(below.suffix) if below.key is not None else \
        _KEY_VALUE.get(below.suffix)
    if kind is None:
        return
    memo_key = f"ways {id(api)} {method.key}"
    if memo_key not in memo:
        memo[memo_key] = reachable(api, operation, memo)
    for found in arg_paths(method, below.node, memo[memo_key]):
        params: dict[str, Any] = {"method": method.dotted, "argument": found.argument}
        if below.key is not None:
            params["path"] = found.call_text((Step.KEY, below.key))
            if kind == "argument-key-renamed":
                params |= {"old": below.params.get("old"), "new": below.params.get("new")}
            else:
                params["key"] = below.key
        else:
            params["path"] = found.call_text()
            if "{value}" in SDK_KINDS[kind].template:
                params["value"] = below.value
            if found.keys == 0:  # the argument itself (or its items): the argument's kinds
                kind = _ARGUMENT_VALUE[kind]
                del params["path"]
        yield impact(kind, **params)


def parameter_of_schema(entry: Entry, old_op: Operation | None,
                        new_op: Operation | None) -> tuple[ArgLocation, str, str] | None:
    """(location, name, name) of the parameter whose schema holds the entry's origin."""
    for op, at in ((new_op, entry.new_at), (old_op, entry.old_at)):
        if op is None or at is None:
            continue
        for param in op.parameters:
            sid = param.schema_id
            if sid is not None and (at == sid or at.startswith(sid + "/")):
                return ArgLocation(param.location.value), param.name, param.name
    return None


def holders(api: Api, node: str, memo: dict[str, Any]) -> list[tuple[str, str]]:
    """(component, property) pairs of the named object components whose property holds
    `node` as a whole: a `$ref` to it, maybe inside a union, an `allOf` or list items. Only
    the components whose `$ref`s lead to `node` are decoded (the table's reference summary),
    and each component's properties are looked at once per version (`memo`)."""
    key = f"referrers {id(api)}"
    known: tuple[dict[str, list[str]], set[str], dict[str, Any]] | None = memo.get(key)
    if known is None:
        referrers: dict[str, list[str]] = {}
        for source, targets in api.nodes.references().items():
            for target in targets:
                referrers.setdefault(target, []).append(source)
        known = memo[key] = (referrers, set(api.schemas.values()), {})
    referrers, named, held = known
    candidates = referrers.get(node, ()) if referrers else named  # no summary: all of them
    found: set[tuple[str, str]] = set()
    for owner in candidates:
        props = held.get(owner)
        if props is None:
            schema = api.node(owner) if owner in named else None
            props = held[owner] = [(wire, _whole_targets(prop)) for wire, prop in (
                schema.properties.items() if isinstance(schema, ObjectSchema) else ())]
        found.update((owner, wire) for wire, targets in props if node in targets)
    return sorted(found)


def _whole_targets(schema: Schema | None, depth: int = 0) -> set[str]:
    """The `$ref` targets a property's value is, through unions, `allOf` and list items (a
    few levels: the wrappers a spec puts around a component)."""
    if schema is None or depth > 3:
        return set()
    if isinstance(schema, ReferenceSchema):
        return {schema.target}
    parts: tuple[Schema | None, ...] = ()
    if isinstance(schema, (UnionSchema, AllOfSchema)):
        parts = (*schema.members, schema.base)
    elif isinstance(schema, ArraySchema):
        parts = (schema.items,)
    return {t for part in parts for t in _whole_targets(part, depth + 1)}

