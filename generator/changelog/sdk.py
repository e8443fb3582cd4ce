"""What a change does to the generated client: the SDK impact kinds and the client's names.

Every changelog entry can carry `SdkImpact`s (`Entry.sdk`): a method added, removed or
renamed, a keyword argument added, removed, made required or renamed, a model field added,
removed or retyped, an enum value added, a union widened. Each has its own level, which can
differ from the wire verdict: an operation moved to a new path keeps its method name; a path
parameter renamed on the wire breaks keyword callers; a response property that became
nullable breaks type-checked callers.

The names are the generator's own: `naming.client.client_names` (methods and arguments) and
`naming.Namer` (model classes and fields), with the name lock `build` writes when there is
one, so the notes name what users have. `sdk_rules` holds the impact functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from generator.changelog.model import Level
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
    about: str  # what it is about: `method`, `argument` or `model`


B, W, I = Level.BREAKING, Level.WARNING, Level.INFO  # noqa: E741 (the levels' initials)
_M = "`client.`{method}`()`"

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

    def method(self, operation: Operation | None) -> MethodName | None:
        """The method of an operation (None for no operation)."""
        return None if operation is None else self.client.methods.get(op_key(operation))

    def field_name(self, api: Api, owner: str, wire: str) -> str:
        """The model field of property `wire` of the object schema at `owner`."""
        schema = api.node(owner)
        props = schema.properties if isinstance(schema, ObjectSchema) else {}
        wires = {w: f"{owner}/properties/{_escape(w)}" for w in props} or {
            wire: f"{owner}/properties/{_escape(wire)}"}
        wires.setdefault(wire, f"{owner}/properties/{_escape(wire)}")
        return self.namer.fields(owner, wires)[wire]


def _escape(wire: str) -> str:
    return wire.replace("~", "~0").replace("/", "~1")


def sdk_names(api: Api, lock: NameLock | None = None) -> SdkNames:
    """The names `generate`/`build` give `api`'s client, with `lock` (the version's
    `specloom.lock.json`) when there is one."""
    namer = Namer(lock)
    classes = dict(lock.classes) if lock is not None else {}
    classes.update(namer.components(api.schemas))
    return SdkNames(client_names(api, lock), MappingProxyType(classes), namer)
