"""What a change does to the generated client: the SDK impact kinds and the client's names.

Every changelog entry can carry `SdkImpact`s (`Entry.sdk`): a method added, removed or
renamed, a keyword argument added, removed, made required or renamed, a key inside an
argument's TypedDict added, removed or retyped, a client option (`api_version`, a server
variable) added, removed or given another default, a response header seen through raw
responses, a model field added, removed or retyped, an enum value added, a union widened.
Each has its own level, which can
differ from the wire verdict: an operation moved to a new path keeps its method name; a path
parameter renamed on the wire breaks keyword callers; a response property that became
nullable breaks type-checked callers.

The names are the generator's own: `naming.client.client_names` (methods and arguments) and
`naming.Namer` (model classes and fields), with the name lock `build` writes when there is
one, so the notes name what users have. `sdk_rules` holds the impact functions (with
`sdk_paths` for keys inside arguments, `sdk_options` for the constructor's options and
`sdk_headers` for response headers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generator.changelog.model import Level, SdkImpact
from generator.ir.model import Api, Operation
from generator.ir.schema import ObjectSchema
from generator.naming import NameLock, Namer
from generator.naming.client import ClientNames, MethodName, client_names, op_key


@dataclass(frozen=True, slots=True, kw_only=True)
class SdkKind:
    """One kind of SDK impact: a stable id, a default level and specloom's words."""

    id: str
    level: Level
    template: str  # `{placeholders}` are filled from `SdkImpact.params` (escaped per format)
    about: str  # what it is about: `method`, `argument`, `model`, `option` or `response`


B, W, I = Level.BREAKING, Level.WARNING, Level.INFO  # noqa: E741 (the levels' initials)
_M = "`client.`{method}`()`"
_RAW = "seen only through `with_raw_response` (`.headers`)"

# (id, level, about, template)
_ROWS = (
    ("method-added", I, "method", f"{_M} added"),
    ("method-removed", B, "method", f"{_M} removed"),
    ("method-renamed", B, "method", "`client.`{old}`()` renamed to `client.`{new}`()`"),
    ("method-unchanged", I, "method", f"{_M} keeps its name"),
    ("method-deprecated", W, "method", f"{_M} deprecated (it warns when called)"),
    ("method-undeprecated", I, "method", f"{_M} no longer deprecated"),
    ("method-streaming-added", I, "method", f"{_M} can now return a stream"),
    ("method-streaming-removed", B, "method", f"{_M} no longer returns a stream"),
    ("method-return-retyped", B, "method", f"{_M} returns a different type"),
    ("argument-added-optional", I, "argument", f"{_M}: optional argument {{argument}} added"),
    ("argument-added-required", B, "argument", f"{_M}: required argument {{argument}} added"),
    ("argument-removed", B, "argument", f"{_M}: argument {{argument}} removed"),
    ("argument-became-required", B, "argument", f"{_M}: argument {{argument}} is now required"),
    ("argument-became-optional", I, "argument", f"{_M}: argument {{argument}} is now optional"),
    ("argument-renamed", B, "argument",
     f"{_M}: argument {{old}} renamed to {{new}} (callers passing it by keyword break)"),
    ("argument-retyped", B, "argument", f"{_M}: argument {{argument}} changed type"),
    ("argument-deprecated", W, "argument",
     f"{_M}: argument {{argument}} deprecated (it warns when passed)"),
    ("argument-enum-value-added", I, "argument", f"{_M}: argument {{argument}} accepts {{value}}"),
    ("argument-enum-value-removed", B, "argument",
     f"{_M}: argument {{argument}} no longer accepts {{value}}"),
    ("argument-union-widened", I, "argument", f"{_M}: argument {{argument}} accepts more types"),
    ("field-added", I, "model", "field {model}`.`{field} added"),
    ("field-removed", B, "model", "field {model}`.`{field} removed"),
    ("field-renamed", B, "model", "field {model}`.`{old} renamed to {model}`.`{new}"),
    ("field-retyped", B, "model", "field {model}`.`{field} changed type"),
    ("field-became-nullable", B, "model",
     "field {model}`.`{field} may now be `None` (type-checked callers must handle it)"),
    ("field-became-optional", B, "model",
     "field {model}`.`{field} may now be missing (`None`; type-checked callers must handle it)"),
    ("enum-value-added", W, "model",
     "field {model}`.`{field} may hold the new value {value} (exhaustive matches miss it)"),
    ("union-widened", W, "model",
     "field {model}`.`{field} may hold a new type (exhaustive matches miss it)"),
    ("argument-became-fixed", B, "argument",
     f"{_M}: argument {{argument}} removed: the client now always sends {{value}} (callers "
     "passing it break)"),
    ("argument-default-changed", W, "argument",
     f"{_M}: argument {{argument}}: the server's default changes from {{old}} to {{new}} "
     "(calls that leave it out get the new one)"),
    # inside a body argument's TypedDict: `{path}` is the argument written as a value
    ("argument-key-added-optional", I, "argument", f"{_M}: {{path}}: optional key {{key}} added"),
    ("argument-key-added-required", B, "argument",
     f"{_M}: {{path}}: required key {{key}} added (type-checked callers must pass it)"),
    ("argument-key-removed", B, "argument",
     f"{_M}: {{path}}: key {{key}} removed (type-checked callers passing it break)"),
    ("argument-key-became-required", B, "argument",
     f"{_M}: {{path}}: key {{key}} is now required (type-checked callers must pass it)"),
    ("argument-key-became-optional", I, "argument",
     f"{_M}: {{path}}: key {{key}} is now optional"),
    ("argument-key-renamed", B, "argument",
     f"{_M}: {{path}}: key {{old}} renamed to {{new}} (type-checked callers passing it break)"),
    ("argument-key-retyped", B, "argument",
     f"{_M}: {{path}} changed type (type-checked callers may need changes)"),
    ("argument-key-enum-value-added", I, "argument", f"{_M}: {{path}} accepts {{value}}"),
    ("argument-key-enum-value-removed", B, "argument",
     f"{_M}: {{path}} no longer accepts {{value}}"),
    ("argument-key-union-widened", I, "argument", f"{_M}: {{path}} accepts more types"),
    # the client's constructor: API-level parameters and server variables are its options
    ("client-option-added", I, "option", "client option {option} added (default {default})"),
    ("client-option-removed", B, "option",
     "client option {option} removed (constructor calls passing it break)"),
    ("client-option-renamed", B, "option",
     "client option {old} renamed to {new} (constructor calls passing it break)"),
    ("client-option-default-changed", W, "option",
     "client option {option}: default changes from {old} to {new} "
     "(clients that do not set it send the new value)"),
    ("client-option-default-added", W, "option",
     "client option {option}: now defaults to {new} (sent unless set otherwise)"),
    ("client-option-default-removed", W, "option",
     "client option {option}: default {old} removed (not sent unless set)"),
    ("client-option-unchanged", I, "option", "client option {option} keeps its default {default}"),
    ("client-url-changed", W, "option",
     "the client's default URL changes from {old} to {new} (a client given `base_url` keeps "
     "its own)"),
    # response headers reach users only through raw responses; `{methods}` lists the methods
    ("raw-header-added", I, "response",
     f"response header {{header}} added, {_RAW} on {{methods}}"),
    ("raw-header-removed", W, "response",
     f"response header {{header}} removed (code reading it gets none), {_RAW} on {{methods}}"),
    ("raw-header-may-be-missing", W, "response",
     f"response header {{header}} may now be missing, {_RAW} on {{methods}}"),
    ("raw-header-retyped", I, "response",
     f"response header {{header}} changed type (header values are text: code parsing it may "
     f"need changes), {_RAW} on {{methods}}"),
    ("raw-header-changed", I, "response", f"response header {{header}} changed, {_RAW} on "
     "{methods}"),
)

SDK_KINDS: Mapping[str, SdkKind] = MappingProxyType({
    ident: SdkKind(id=ident, level=level, template=template, about=about)
    for ident, level, about, template in _ROWS
})


@dataclass(frozen=True, slots=True)
class SdkNames:
    """The generated client's names for one version of an API."""

    client: ClientNames
    classes: Mapping[str, str]  # schema pointer -> model class name
    namer: Namer = field(compare=False)  # field names, asked per class (honours the lock)
    # the field names of each class asked about so far (naming a class's fields is not cheap)
    named: dict[str, Mapping[str, str]] = field(default_factory=dict, compare=False)

    def method(self, operation: Operation | None) -> MethodName | None:
        """The method of an operation (None for no operation)."""
        return None if operation is None else self.client.methods.get(op_key(operation))

    def field_name(self, api: Api, owner: str, wire: str) -> str:
        """The model field of property `wire` of the object schema at `owner`."""
        known = self.named.get(owner)
        if known is not None and wire in known:
            return known[wire]
        schema = api.node(owner)
        props = schema.properties if isinstance(schema, ObjectSchema) else {}
        wires = {w: f"{owner}/properties/{_escape(w)}" for w in props} or {
            wire: f"{owner}/properties/{_escape(wire)}"}
        wires.setdefault(wire, f"{owner}/properties/{_escape(wire)}")
        found = self.namer.fields(owner, wires)
        if wire in props:  # the class's own fields: the same names every time
            self.named[owner] = found
        return found[wire]


def _escape(wire: str) -> str:
    return wire.replace("~", "~0").replace("/", "~1")


def sdk_names(api: Api, lock: NameLock | None = None) -> SdkNames:
    """The names `generate`/`build` give `api`'s client, with `lock` (the version's
    `specloom.lock.json`) when there is one."""
    namer = Namer(lock)
    classes = dict(lock.classes) if lock is not None else {}
    classes.update(namer.components(api.schemas))
    return SdkNames(client_names(api, lock), MappingProxyType(classes), namer)


def impact(kind: str, **params: Any) -> SdkImpact:
    """An impact of a registered SDK kind, worded by the registry."""
    known = SDK_KINDS[kind]
    return SdkImpact(kind=kind, level=known.level, template=known.template, params=params)


@dataclass(frozen=True, slots=True)
class Pair:
    """Both versions of one pair, their operations by `METHOD /path`, and their names."""

    old: Api
    new: Api
    old_ops: Mapping[str, Operation]
    new_ops: Mapping[str, Operation]
    old_names: SdkNames
    new_names: SdkNames
    # what is worked out once per pair and only when an entry needs it (client options, the
    # schema nodes each request body reaches), by key
    memo: dict[str, Any] = field(default_factory=dict, compare=False)

    def operations(self, key: str) -> tuple[Operation | None, Operation | None]:
        """(old, new) operation of a reach key (the new side's key, else the old side's);
        a moved operation is found on the old side by its operationId."""
        new = self.new_ops.get(key)
        old = self.old_ops.get(key)
        if new is not None and old is None and new.operation_id is not None:
            old = next((o for o in self.old_ops.values()
                        if o.operation_id == new.operation_id), None)
        return old, new
