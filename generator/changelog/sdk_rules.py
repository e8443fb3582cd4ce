"""Entry -> SDK impacts: what one judged change does to the generated client's surface.

Operation entries name the method on each side (`method-renamed` when the names differ,
`method-unchanged` when a wire change such as a move leaves the name as it was). Request
entries compare the method's arguments on both sides, as `naming.client.arguments` makes
them, for the parameter or top-level body property the entry is about; a change below a
body argument's top level names the key of its TypedDict (`sdk_paths`); one about the
API-level parameter or a server variable names the client option (`sdk_options`). Response
entries about an object's property name the model field (`Namer`, honouring the lock);
response headers are seen only through raw responses (`sdk_headers`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from generator.changelog.model import Entry, SdkImpact, Side
from generator.changelog.sdk import SDK_KINDS, Pair, SdkNames, impact
from generator.changelog.sdk_headers import HEADER_KINDS, header_impacts
from generator.changelog.sdk_options import (
    docs_options,
    is_option,
    parameter_options,
    server_impacts,
)
from generator.changelog.sdk_paths import (
    KEY_PRESENCE,
    Below,
    below_impacts,
    holders,
    parameter_of_schema,
)
from generator.ir.model import Api, Operation, ParameterLocation
from generator.ir.schema import AllOfSchema, ReferenceSchema
from generator.naming.client import ArgLocation, Argument, MethodName, fixed_value

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
_MEMBER = re.compile(r"/(oneOf|anyOf)/\d+$")

# made once: json.dumps with options builds an encoder per call, asked thousands of times
_KEY = json.JSONEncoder(sort_keys=True).encode


def with_sdk(entries: tuple[Entry, ...], old: Api, new: Api, old_ops: Mapping[str, Operation],
             new_ops: Mapping[str, Operation],
             names: tuple[SdkNames, SdkNames]) -> tuple[Entry, ...]:
    """The entries of one pair, each with its SDK impacts filled in."""
    pair = Pair(old, new, old_ops, new_ops, names[0], names[1])
    found = [sdk_impacts(e, pair) for e in entries]
    # The client's options are one thing per section: a change to one (the `api-version`
    # default that several entries of its parameter cause) is said once, on the first
    # entry shown by default that causes it, else on the first documentation-only one.
    said: set[str] = set()
    for docs in (False, True):
        for number, entry in enumerate(entries):
            if entry.docs_only is docs:
                found[number] = tuple(i for i in found[number] if _first(i, said))
    return tuple(replace(e, sdk=sdk) if sdk != e.sdk else e
                 for e, sdk in zip(entries, found, strict=True))


def _first(found: SdkImpact, said: set[str]) -> bool:
    """False for a client-option impact already said in the section (recorded in `said`)."""
    if SDK_KINDS[found.kind].about != "option":
        return True
    key = _KEY([found.kind, found.params])
    if key in said:
        return False
    said.add(key)
    return True


def sdk_impacts(entry: Entry, pair: Pair) -> tuple[SdkImpact, ...]:
    """Every SDK impact of one entry, sorted (worst first), each said once."""
    unique = {(i.kind, _KEY(i.params)): i for i in _impacts(entry, pair)}
    return tuple(i for _, i in sorted(
        unique.items(), key=lambda item: (-item[1].level.rank, *item[0])))


def _impacts(entry: Entry, pair: Pair) -> Iterator[SdkImpact]:
    kind = entry.kind
    if kind in _METHOD_KINDS or kind in _NAME_KINDS:
        yield from _method(entry, pair)
    elif kind.startswith(("request-", "new-")):
        yield from _request(entry, pair)
        if kind.startswith("request-property-") and _reaches(entry, Side.RESPONSE):
            yield from _field(entry, pair, _suffix(kind))  # a schema both sides use
    elif kind.startswith("response-property-"):
        yield from _field(entry, pair, _suffix(kind))
        yield from _request(entry, pair)  # the operations that also send it, if any
    elif kind.startswith("response-body-"):
        yield from _returns(entry, pair, kind.removeprefix("response-body-"))
    elif kind.startswith("api-parameter-"):
        location, _, wire = str(entry.params.get("name", "")).partition("/")
        yield from parameter_options(pair, location, wire)
    elif kind.startswith("api-server-"):
        yield from server_impacts(entry, pair)
    elif kind in HEADER_KINDS or kind.startswith("response-header-"):
        yield from header_impacts(entry, pair)
    elif kind in ("docs-parameter-changed", "docs-schema-changed"):
        yield from docs_options(entry, pair)


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


@dataclass(frozen=True, slots=True)
class _Call:
    """One operation a request entry reaches: the operation and its method on each side."""

    ops: tuple[Operation | None, Operation | None]
    methods: tuple[MethodName | None, MethodName | None]

    @property
    def dotted(self) -> str:
        """The method's name (the new side's, else the old side's)."""
        return (self.methods[1] or self.methods[0]).dotted  # type: ignore[union-attr]


def _request(entry: Entry, pair: Pair) -> Iterator[SdkImpact]:
    suffix = _suffix(entry.kind)
    for reach in entry.reach:
        if reach.side not in (Side.REQUEST, Side.BOTH):
            continue
        ops = pair.operations(reach.operation)
        call = _Call(ops, (pair.old_names.method(ops[0]), pair.new_names.method(ops[1])))
        if call.methods == (None, None):
            continue
        before_args, after_args = _args(call.methods[0]), _args(call.methods[1])
        if entry.kind in _WHOLE_BODY:  # every body argument may have come, gone or changed
            for key in sorted({k for k in (*before_args, *after_args)
                               if k[0] is ArgLocation.BODY}):
                yield from _presence(call.dotted, before_args.get(key), after_args.get(key))
            continue
        subject = _argument_subject(entry, pair, *ops)
        if subject is not None:
            location, old_wire, new_wire = subject
            before = before_args.get((location, old_wire))
            after = after_args.get((location, new_wire))
            fixed = _fixed(pair.new, ops[1], location, new_wire) if after is None else None
            if before is not None and fixed is not None:  # a preview marker: sent for you
                yield impact("argument-became-fixed", method=call.dotted, argument=before.name,
                             value=fixed)
            elif before is None and after is None and is_option(pair, location.value, new_wire):
                yield from parameter_options(pair, location.value, new_wire)
            else:
                yield from _argument(entry, suffix, call.dotted, before, after)
        elif entry.kind.startswith(("request-property-", "request-body-", "response-property-")):
            yield from _below(entry, pair, suffix, call)


def _fixed(api: Api, operation: Operation | None, location: ArgLocation,
           wire: str) -> str | None:
    """The value the client sends itself for a header that allows only one (the preview
    marker, `naming.client.fixed_value`), else None."""
    if operation is None or location is not ArgLocation.HEADER:
        return None
    param = operation.parameter(wire, ParameterLocation.HEADER)
    return None if param is None else fixed_value(api, param)


def _argument(entry: Entry, suffix: str, method: str, before: Argument | None,
              after: Argument | None) -> Iterator[SdkImpact]:
    """What an entry about one argument (a parameter or a top-level body field) does."""
    if suffix in _PRESENCE or entry.kind in _PART_PRESENCE:
        yield from _presence(method, before, after)
        return
    found = after or before
    if found is None:
        return
    argument = found.name
    if suffix in _ARG_VALUE:
        kind = _ARG_VALUE[suffix]
        extra = {"value": _value(entry)} if "{value}" in SDK_KINDS[kind].template else {}
        yield impact(kind, method=method, argument=argument, **extra)
    elif suffix == "default-value-changed":
        yield impact("argument-default-changed", method=method, argument=argument,
                     old=entry.params.get("old"), new=entry.params.get("new"))


def _value(entry: Entry) -> Any:
    """The enum value an entry is about: the new one, or the one removed."""
    new = entry.params.get("new")
    return new if new is not None else entry.params.get("old")


def _below(entry: Entry, pair: Pair, suffix: str, call: _Call) -> Iterator[SdkImpact]:
    """A request change below the top level of a body argument, on the side that has it."""
    side = 0 if suffix.startswith("removed-") or call.methods[1] is None else 1
    api, op, method = (pair.old, pair.new)[side], call.ops[side], call.methods[side]
    if op is None or method is None:
        return
    if suffix in KEY_PRESENCE:
        owner, wire = _owner_and_wire(entry)
        below = None if owner is None else Below(suffix, owner, wire, entry.params)
    else:
        node = entry.new_at or entry.old_at
        below = None if node is None else Below(suffix, node, None, entry.params, _value(entry))
    if below is not None:
        yield from below_impacts(below, api, op, method, pair.memo)


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


def _reaches(entry: Entry, side: Side) -> bool:
    """Whether the entry reaches some operation on `side` (or on both sides)."""
    return any(r.side in (side, Side.BOTH) for r in entry.reach)


def _suffix(kind: str) -> str:
    for family in ("request-parameter-", "request-property-", "request-body-",
                   "response-property-"):
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
        return parameter_of_schema(entry, old_op, new_op)
    owner, wire = _owner_and_wire(entry)
    if owner is None:
        return None
    on_body = (new_op is not None and owner in _body_owners(pair, pair.new, new_op)) or (
        old_op is not None and owner in _body_owners(pair, pair.old, old_op))
    if not on_body:
        return None
    if " -> " in str(params.get("name", "")):
        return ArgLocation.BODY, str(params.get("old")), str(params.get("new"))
    return ArgLocation.BODY, wire, wire


_LOCATIONS = frozenset(loc.value for loc in ArgLocation)


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


def _body_owners(pair: Pair, api: Api, operation: Operation) -> set[str]:
    """The schemas whose properties are an operation's top-level body fields (worked out
    once per operation of a version, `pair.memo`)."""
    key = f"owners {id(api)} {id(operation)}"
    found: set[str] | None = pair.memo.get(key)
    if found is None:
        found = pair.memo[key] = set()
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
        yield from _held(entry, pair, kind)
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


def _held(entry: Entry, pair: Pair, kind: str) -> Iterator[SdkImpact]:
    """A new enum value or union member of a component that model fields hold as a whole
    (`ResponseStatus` behind `Response.status`): each such field may hold it."""
    if kind not in ("enum-value-added", "union-widened") or entry.new_at is None:
        return
    node = _MEMBER.sub("", entry.new_at)  # a new member's union
    for owner, wire in holders(pair.new, node, pair.memo):
        model = pair.new_names.classes.get(owner)
        if model is not None:
            extra = {"value": entry.params.get("new")} if kind == "enum-value-added" else {}
            yield impact(kind, model=model, field=pair.new_names.field_name(pair.new, owner, wire),
                         **extra)


def _returns(entry: Entry, pair: Pair, suffix: str) -> Iterator[SdkImpact]:
    if suffix not in _RETURN:
        return
    for reach in entry.reach:
        if reach.side in (Side.RESPONSE, Side.BOTH):
            method = pair.new_names.method(pair.operations(reach.operation)[1])
            if method is not None:
                yield impact("method-return-retyped", method=method.dotted)
