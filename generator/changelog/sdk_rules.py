"""Entry -> SDK impacts: what one judged change does to the generated client's surface.

Operation entries name the method on each side (`method-renamed` when the names differ,
`method-unchanged` when a wire change such as a move leaves the name as it was). Request
entries compare the method's arguments on both sides, as `naming.client.arguments` makes
them, for the parameter or top-level body property the entry is about. Response entries
about an object's property name the model field (`Namer`, honouring the lock).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from generator.changelog.model import Entry, SdkImpact, Side
from generator.changelog.sdk import SDK_KINDS, SdkNames
from generator.ir.model import Api, Operation
from generator.ir.schema import AllOfSchema, ReferenceSchema
from generator.naming.client import ArgLocation, Argument, MethodName


@dataclass(frozen=True, slots=True)
class Pair:
    """Both versions of one pair, their operations by `METHOD /path`, and their names."""

    old: Api
    new: Api
    old_ops: Mapping[str, Operation]
    new_ops: Mapping[str, Operation]
    old_names: SdkNames
    new_names: SdkNames

    def operations(self, key: str) -> tuple[Operation | None, Operation | None]:
        """(old, new) operation of a reach key (the new side's key, else the old side's);
        a moved operation is found on the old side by its operationId."""
        new = self.new_ops.get(key)
        old = self.old_ops.get(key)
        if new is not None and old is None and new.operation_id is not None:
            old = next((o for o in self.old_ops.values()
                        if o.operation_id == new.operation_id), None)
        return old, new


_METHOD_KINDS = {
    "endpoint-added": "method-added", "endpoint-added-preview": "method-added",
    "endpoint-removed-without-deprecation": "method-removed",
    "endpoint-removed-after-deprecation": "method-removed",
    "endpoint-removed-preview": "method-removed",
    "endpoint-deprecated": "method-deprecated", "endpoint-reactivated": "method-undeprecated",
    "endpoint-streaming-added": "method-streaming-added",
    "endpoint-streaming-removed": "method-streaming-removed",
}
# Wire changes of an operation that may or may not rename its method.
_NAME_KINDS = frozenset({
    "endpoint-moved", "endpoint-method-changed", "endpoint-probable-rename",
    "api-operation-id-added", "api-operation-id-removed", "api-operation-id-changed",
})
_PRESENCE = ("added-required", "added-optional", "removed-required", "removed-optional",
             "became-required", "became-optional", "probable-rename", "renamed",
             "removed-after-deprecation")
_PART_PRESENCE = frozenset({"new-required-request-parameter", "new-optional-request-parameter",
                            "request-parameter-removed-required"})
# A request body that came, went or became another schema: its flattened arguments compared.
_WHOLE_BODY = frozenset({
    "request-body-added-optional", "request-body-added-required",
    "request-body-removed-optional", "request-body-removed-required",
    "request-body-media-type-added", "request-body-media-type-removed",
    "request-body-media-type-schema-added", "request-body-media-type-schema-removed",
    "request-body-reference-changed", "request-body-type-changed",
    "request-body-became-required", "request-body-became-optional",
})
_ARG_VALUE = {"enum-value-added": "argument-enum-value-added",
              "enum-value-removed": "argument-enum-value-removed",
              "one-of-added": "argument-union-widened", "any-of-added": "argument-union-widened",
              "type-changed": "argument-retyped", "type-specialized": "argument-retyped",
              "reference-changed": "argument-retyped", "deprecated": "argument-deprecated"}
_FIELD = {"added-required": "field-added", "added-optional": "field-added",
          "removed-required": "field-removed", "removed-optional": "field-removed",
          "probable-rename": "field-renamed", "type-changed": "field-retyped",
          "type-generalized": "field-retyped", "type-specialized": "field-retyped",
          "reference-changed": "field-retyped", "list-of-types-widened": "field-retyped",
          "became-nullable": "field-became-nullable", "became-optional": "field-became-optional",
          "enum-value-added": "enum-value-added", "one-of-added": "union-widened",
          "any-of-added": "union-widened"}
_RETURN = frozenset({"type-changed", "type-generalized", "type-specialized",
                     "reference-changed", "list-of-types-widened"})
_PROPERTY = re.compile(r"^(.*)/properties/([^/]+)")


def with_sdk(entries: tuple[Entry, ...], old: Api, new: Api, old_ops: Mapping[str, Operation],
             new_ops: Mapping[str, Operation],
             names: tuple[SdkNames, SdkNames]) -> tuple[Entry, ...]:
    """The entries of one pair, each with its SDK impacts filled in."""
    pair = Pair(old, new, old_ops, new_ops, names[0], names[1])
    return tuple(replace(e, sdk=sdk_impacts(e, pair)) for e in entries)


def sdk_impacts(entry: Entry, pair: Pair) -> tuple[SdkImpact, ...]:
    """Every SDK impact of one entry, sorted (worst first), each said once."""
    kind = entry.kind
    if kind in _METHOD_KINDS or kind in _NAME_KINDS:
        found = list(_method(entry, pair))
    elif kind.startswith(("request-", "new-")):
        found = list(_request(entry, pair))
    elif kind.startswith("response-property-"):
        found = list(_field(entry, pair, kind.removeprefix("response-property-")))
    elif kind.startswith("response-body-"):
        found = list(_returns(entry, pair, kind.removeprefix("response-body-")))
    else:
        found = []
    unique = {json.dumps([i.kind, i.params], sort_keys=True): i for i in found}
    return tuple(sorted(unique.values(), key=lambda i: (
        -i.level.rank, i.kind, json.dumps(i.params, sort_keys=True))))


def impact(kind: str, **params: Any) -> SdkImpact:
    """An impact of a registered SDK kind, worded by the registry."""
    known = SDK_KINDS[kind]
    return SdkImpact(kind=kind, level=known.level, template=known.template, params=params)


def _method(entry: Entry, pair: Pair) -> Iterator[SdkImpact]:
    old = pair.old_names.client.methods.get(entry.old_at or "")
    new = pair.new_names.client.methods.get(entry.new_at or "")
    if entry.kind in _NAME_KINDS:
        if old is not None and new is not None:
            if old.dotted == new.dotted:
                yield impact("method-unchanged", method=new.dotted)
            else:
                yield impact("method-renamed", old=old.dotted, new=new.dotted)
        return
    kind = _METHOD_KINDS[entry.kind]
    which = old if kind == "method-removed" else (new or old)
    if which is not None:
        yield impact(kind, method=which.dotted)


def _request(entry: Entry, pair: Pair) -> Iterator[SdkImpact]:
    suffix = _suffix(entry.kind)
    for reach in entry.reach:
        if reach.side not in (Side.REQUEST, Side.BOTH):
            continue
        old_op, new_op = pair.operations(reach.operation)
        old_m, new_m = pair.old_names.method(old_op), pair.new_names.method(new_op)
        if old_m is None and new_m is None:
            continue
        method = (new_m or old_m).dotted  # type: ignore[union-attr]
        before_args, after_args = _args(old_m), _args(new_m)
        if entry.kind in _WHOLE_BODY:  # every body argument may have come, gone or changed
            for key in sorted({k for k in (*before_args, *after_args)
                               if k[0] is ArgLocation.BODY}):
                yield from _presence(method, before_args.get(key), after_args.get(key))
            continue
        subject = _argument_subject(entry, pair, old_op, new_op)
        if subject is None:
            continue
        location, old_wire, new_wire = subject
        before = before_args.get((location, old_wire))
        after = after_args.get((location, new_wire))
        if suffix in _PRESENCE or entry.kind in _PART_PRESENCE:
            yield from _presence(method, before, after)
        elif suffix in _ARG_VALUE and (after or before) is not None:
            argument = (after or before).name  # type: ignore[union-attr]
            kind = _ARG_VALUE[suffix]
            extra = {"value": entry.params.get("new")} if "{value}" in SDK_KINDS[kind].template \
                else {}
            yield impact(kind, method=method, argument=argument, **extra)


def _presence(method: str, before: Argument | None,
              after: Argument | None) -> Iterator[SdkImpact]:
    if before is None and after is not None:
        kind = "argument-added-required" if after.required else "argument-added-optional"
        yield impact(kind, method=method, argument=after.name)
    elif before is not None and after is None:
        yield impact("argument-removed", method=method, argument=before.name)
    elif before is not None and after is not None:
        if before.name != after.name:
            yield impact("argument-renamed", method=method, old=before.name, new=after.name)
        elif before.required != after.required:
            kind = "argument-became-required" if after.required else "argument-became-optional"
            yield impact(kind, method=method, argument=after.name)


def _args(method: MethodName | None) -> dict[tuple[ArgLocation, str], Argument]:
    return {} if method is None else {(a.location, a.wire): a for a in method.arguments}


def _suffix(kind: str) -> str:
    for family in ("request-parameter-", "request-property-", "request-body-"):
        if kind.startswith(family):
            return kind.removeprefix(family)
    return kind


def _argument_subject(entry: Entry, pair: Pair, old_op: Operation | None,
                      new_op: Operation | None) -> tuple[ArgLocation, str, str] | None:
    """(location, old wire name, new wire name) of the argument an entry is about, or None
    when it is about no argument (a property below the body's top level)."""
    params = entry.params
    if entry.kind.startswith("request-parameter-") or entry.kind in _PART_PRESENCE:
        name = str(params.get("name", ""))
        if "/" in name and "{" not in name:
            old_name = str(params.get("old") or name) if " -> " in name else name
            new_name = str(params.get("new") or name) if " -> " in name else name
            location, _, old_wire = old_name.partition("/")
            new_wire = new_name.partition("/")[2]
            return (ArgLocation(location), old_wire, new_wire) \
                if location in _LOCATIONS else None
        return _parameter_of_schema(entry, old_op, new_op)
    owner, wire = _owner_and_wire(entry)
    if owner is None:
        return None
    on_body = (new_op is not None and owner in _body_owners(pair.new, new_op)) or (
        old_op is not None and owner in _body_owners(pair.old, old_op))
    if not on_body:
        return None
    if " -> " in str(params.get("name", "")):
        return ArgLocation.BODY, str(params.get("old")), str(params.get("new"))
    return ArgLocation.BODY, wire, wire


_LOCATIONS = frozenset(loc.value for loc in ArgLocation)


def _parameter_of_schema(entry: Entry, old_op: Operation | None,
                         new_op: Operation | None) -> tuple[ArgLocation, str, str] | None:
    """The parameter whose schema holds the entry's origin."""
    for op, at in ((new_op, entry.new_at), (old_op, entry.old_at)):
        if op is None or at is None:
            continue
        for param in op.parameters:
            sid = param.schema_id
            if sid is not None and (at == sid or at.startswith(sid + "/")):
                return ArgLocation(param.location.value), param.name, param.name
    return None


def _owner_and_wire(entry: Entry) -> tuple[str | None, str]:
    """The object schema a property entry is about and the property's wire name."""
    suffix = _suffix(entry.kind).removeprefix("response-property-")
    name = str(entry.params.get("name", ""))
    if suffix in ("became-required", "became-optional"):
        return entry.new_at or entry.old_at, name  # a `required` change sits at the owner
    at = entry.old_at if suffix.startswith("removed-") else (entry.new_at or entry.old_at)
    found = _PROPERTY.match(at or "")
    if found is None:
        return None, name
    return found.group(1), _unescape(found.group(2))


def _unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def _body_owners(api: Api, operation: Operation) -> set[str]:
    """The schemas whose properties are an operation's top-level body fields."""
    found: set[str] = set()
    body = operation.request_body
    for media in (body.content.values() if body is not None else ()):
        _walk(api, media.schema_id, found)
    return found


def _walk(api: Api, at: str | None, found: set[str]) -> None:
    if at is None or at in found:
        return
    found.add(at)
    schema = api.node(at)
    if isinstance(schema, ReferenceSchema):
        _walk(api, schema.target, found)
    elif isinstance(schema, AllOfSchema):
        for number, member in enumerate(schema.members):
            target = member.target if isinstance(member, ReferenceSchema) else None
            _walk(api, target or f"{at}/allOf/{number}", found)


def _field(entry: Entry, pair: Pair, suffix: str) -> Iterator[SdkImpact]:
    kind = _FIELD.get(suffix)
    if kind is None:
        return
    owner, wire = _owner_and_wire(entry)
    if owner is None:
        return
    api, names = (pair.old, pair.old_names) if kind == "field-removed" else (
        pair.new, pair.new_names)
    where = str(entry.params.get("where") or owner)
    model = names.classes.get(owner) or where.removesuffix(f".{wire}")
    if kind == "field-renamed":
        old, new = str(entry.params.get("old")), str(entry.params.get("new"))
        yield impact(kind, model=model, old=pair.old_names.field_name(pair.old, owner, old),
                     new=pair.new_names.field_name(pair.new, owner, new))
        return
    params: dict[str, Any] = {"model": model, "field": names.field_name(api, owner, wire)}
    if kind == "enum-value-added":
        params["value"] = entry.params.get("new")
    yield impact(kind, **params)


def _returns(entry: Entry, pair: Pair, suffix: str) -> Iterator[SdkImpact]:
    if suffix not in _RETURN:
        return
    for reach in entry.reach:
        if reach.side in (Side.RESPONSE, Side.BOTH):
            method = pair.new_names.method(pair.operations(reach.operation)[1])
            if method is not None:
                yield impact("method-return-retyped", method=method.dotted)
