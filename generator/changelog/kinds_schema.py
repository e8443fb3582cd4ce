"""Schema change kinds: one suffix table, judged per side, made into six families of kinds.

A schema change means different things in a request and in a response. Narrowing what a
request may hold (a lower `maxLength`, a removed enum value) breaks callers that sent the old
values; narrowing a response only promises less. Widening a response (a new enum value, a
type that now admits null) can break strict readers; widening a request is harmless. Each
suffix below says whether it narrows or widens (or just changes) the set of valid values,
and the level follows from the side: that is the direction rule. Families:

- `request-body-*` / `response-body-*`: the change is at the root schema of a body;
- `request-property-*` / `response-property-*`: anywhere below the root;
- `request-parameter-*`: in a parameter's schema; `response-header-*`: in a header's.

Ids follow oasdiff's where it has one (`request-property-max-length-decreased`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from generator.changelog.model import Level, Side


class Effect(str, Enum):
    """What a change does to the set of valid values."""

    NARROWS = "narrows"  # fewer values are valid: breaks requests, harmless in responses
    WIDENS = "widens"  # more values are valid: harmless in requests, may break readers
    ALTERS = "alters"  # different values: breaks both sides
    NEUTRAL = "neutral"  # no values change (deprecation, a default, a reference moved)


class Family(str, Enum):
    """Where in an exchange a schema change sits (the kind id's prefix)."""

    REQUEST_BODY = "request-body"
    REQUEST_PROPERTY = "request-property"
    REQUEST_PARAMETER = "request-parameter"
    RESPONSE_BODY = "response-body"
    RESPONSE_PROPERTY = "response-property"
    RESPONSE_HEADER = "response-header"

    @property
    def side(self) -> Side:
        """The side of the exchange the family is on."""
        return Side.REQUEST if self.value.startswith("request") else Side.RESPONSE


@dataclass(frozen=True, slots=True)
class Suffix:
    """One schema change, before it is placed in a family."""

    suffix: str
    inverse: str | None
    effect: Effect
    template: str  # `{where}` is filled in with the family's words
    properties_only: bool = False  # about a property of an object (not a root schema)
    # a level other than the effect's, per side (request, response)
    levels: tuple[Level, Level] | None = None


B, W, I = Level.BREAKING, Level.WARNING, Level.INFO  # noqa: E741 (the levels' initials)
N, WI, A, NE = Effect.NARROWS, Effect.WIDENS, Effect.ALTERS, Effect.NEUTRAL

_BOUNDS = (
    # (suffix stem, words, narrowing direction when it goes up)
    ("max-length", "maximum length", False), ("min-length", "minimum length", True),
    ("max", "maximum", False), ("min", "minimum", True),
    ("exclusive-max", "exclusive maximum", False), ("exclusive-min", "exclusive minimum", True),
    ("max-items", "maximum number of items", False), ("min-items", "minimum number of items", True),
    ("max-properties", "maximum number of properties", False),
    ("min-properties", "minimum number of properties", True),
)


def _bounds() -> list[Suffix]:
    rows = []
    for stem, words, up_narrows in _BOUNDS:
        up, down = (N, WI) if up_narrows else (WI, N)
        rows += [
            Suffix(f"{stem}-increased", f"{stem}-decreased", up,
                   f"{{where}}: {words} raised from {{old}} to {{new}}"),
            Suffix(f"{stem}-decreased", f"{stem}-increased", down,
                   f"{{where}}: {words} lowered from {{old}} to {{new}}"),
            Suffix(f"{stem}-set", f"{stem}-unset", N, f"{{where}}: {words} {{new}} set"),
            Suffix(f"{stem}-unset", f"{stem}-set", WI,
                   f"{{where}}: {words} {{old}} no longer set"),
        ]
    return rows


_PLAIN = (
    Suffix("type-changed", "type-changed", A, "{where}: type changed from {old} to {new}"),
    Suffix("type-generalized", "type-specialized", WI,
           "{where}: type widened from {old} to {new}"),
    Suffix("type-specialized", "type-generalized", N,
           "{where}: type narrowed from {old} to {new}"),
    Suffix("format-added", "format-removed", N, "{where}: format {new} added"),
    Suffix("format-removed", "format-added", WI, "{where}: format {old} removed"),
    Suffix("format-changed", "format-changed", A, "{where}: format changed from {old} to {new}"),
    Suffix("enum-value-added", "enum-value-removed", WI, "{where}: enum value {value} added"),
    Suffix("enum-value-removed", "enum-value-added", N, "{where}: enum value {value} removed"),
    Suffix("became-enum", "enum-dropped", N, "{where}: now restricted to the values {new}"),
    Suffix("enum-dropped", "became-enum", WI, "{where}: no longer restricted to {old}"),
    Suffix("const-added", "const-removed", N, "{where}: now always {new}"),
    Suffix("const-removed", "const-added", WI, "{where}: no longer always {old}"),
    Suffix("const-changed", "const-changed", A, "{where}: constant changed from {old} to {new}"),
    Suffix("pattern-added", "pattern-removed", N, "{where}: pattern {new} added"),
    Suffix("pattern-removed", "pattern-added", WI, "{where}: pattern {old} removed"),
    Suffix("pattern-changed", "pattern-changed", A,
           "{where}: pattern changed from {old} to {new}", levels=(W, W)),
    Suffix("multiple-of-set", "multiple-of-unset", N, "{where}: must be a multiple of {new}"),
    Suffix("multiple-of-unset", "multiple-of-set", WI,
           "{where}: no longer a multiple of {old}"),
    Suffix("multiple-of-changed", "multiple-of-changed", A,
           "{where}: multiple changed from {old} to {new}"),
    Suffix("unique-items-set", "unique-items-unset", N, "{where}: items must now be unique"),
    Suffix("unique-items-unset", "unique-items-set", WI, "{where}: items may now repeat"),
    Suffix("became-nullable", "became-not-nullable", WI, "{where}: may now be null",
           levels=(I, B)),
    Suffix("became-not-nullable", "became-nullable", N, "{where}: may no longer be null"),
    Suffix("default-value-added", "default-value-removed", NE, "{where}: default {new} added",
           levels=(I, I)),
    Suffix("default-value-removed", "default-value-added", NE,
           "{where}: default {old} removed", levels=(W, I)),
    Suffix("default-value-changed", "default-value-changed", NE,
           "{where}: default changed from {old} to {new}", levels=(W, I)),
    Suffix("deprecated", "reactivated", NE, "{where}: deprecated", levels=(W, W)),
    Suffix("reactivated", "deprecated", NE, "{where}: no longer deprecated", levels=(I, I)),
    Suffix("became-read-only", "became-not-read-only", NE, "{where}: now read-only",
           levels=(W, I)),
    Suffix("became-not-read-only", "became-read-only", NE, "{where}: no longer read-only",
           levels=(I, I)),
    Suffix("became-write-only", "became-not-write-only", NE, "{where}: now write-only",
           levels=(I, W)),
    Suffix("became-not-write-only", "became-write-only", NE, "{where}: no longer write-only",
           levels=(I, I)),
    Suffix("one-of-added", "one-of-removed", WI, "{where}: oneOf member {value} added"),
    Suffix("one-of-removed", "one-of-added", N, "{where}: oneOf member {value} removed"),
    Suffix("any-of-added", "any-of-removed", WI, "{where}: anyOf member {value} added"),
    Suffix("any-of-removed", "any-of-added", N, "{where}: anyOf member {value} removed"),
    Suffix("list-of-types-widened", "list-of-types-narrowed", WI,
           "{where}: type {value} now allowed"),
    Suffix("list-of-types-narrowed", "list-of-types-widened", N,
           "{where}: type {value} no longer allowed"),
    Suffix("all-of-added", "all-of-removed", N, "{where}: allOf part {value} added"),
    Suffix("all-of-removed", "all-of-added", WI, "{where}: allOf part {value} removed"),
    Suffix("became-one-of", "became-any-of", N, "{where}: anyOf became oneOf"),
    Suffix("became-any-of", "became-one-of", WI, "{where}: oneOf became anyOf"),
    Suffix("discriminator-added", "discriminator-removed", NE,
           "{where}: discriminator {new} added", levels=(I, I)),
    Suffix("discriminator-removed", "discriminator-added", NE,
           "{where}: discriminator {old} removed", levels=(W, W)),
    Suffix("discriminator-property-name-changed", "discriminator-property-name-changed", A,
           "{where}: discriminator property changed from {old} to {new}"),
    Suffix("discriminator-mapping-added", "discriminator-mapping-deleted", WI,
           "{where}: discriminator value {value} added"),
    Suffix("discriminator-mapping-deleted", "discriminator-mapping-added", N,
           "{where}: discriminator value {value} removed"),
    Suffix("discriminator-mapping-changed", "discriminator-mapping-changed", A,
           "{where}: discriminator value {value} now maps to {new}"),
    Suffix("items-added", "items-removed", N, "{where}: items now constrained"),
    Suffix("items-removed", "items-added", WI, "{where}: items no longer constrained"),
    Suffix("prefix-items-added", "prefix-items-removed", N, "{where}: tuple item {value} added"),
    Suffix("prefix-items-removed", "prefix-items-added", WI,
           "{where}: tuple item {value} removed"),
    Suffix("additional-properties-restricted", "additional-properties-unrestricted", N,
           "{where}: additional properties now constrained"),
    Suffix("additional-properties-unrestricted", "additional-properties-restricted", WI,
           "{where}: additional properties no longer constrained"),
    Suffix("keyword-added", "keyword-removed", N, "{where}: keyword {value} added",
           levels=(W, W)),
    Suffix("keyword-removed", "keyword-added", WI, "{where}: keyword {value} removed",
           levels=(W, W)),
    Suffix("keyword-changed", "keyword-changed", A, "{where}: keyword {value} changed",
           levels=(W, W)),
    Suffix("reference-changed", "reference-changed", NE,
           "{where}: now refers to {new} instead of {old}", levels=(I, I)),
)

_PROPERTIES = (
    Suffix("added-required", "removed-required", NE, "{where}: required property {name} added",
           True, (B, I)),
    Suffix("removed-required", "added-required", NE,
           "{where}: required property {name} removed", True, (W, B)),
    Suffix("added-optional", "removed-optional", NE, "{where}: optional property {name} added",
           True, (I, I)),
    Suffix("removed-optional", "added-optional", NE,
           "{where}: optional property {name} removed", True, (W, W)),
    # one way: swapped, it is an optional property added
    Suffix("removed-after-deprecation", "added-optional", NE,
           "{where}: deprecated property {name} removed", True, (I, W)),
    Suffix("became-required", "became-optional", NE, "{where}: property {name} now required",
           True, (B, I)),
    Suffix("became-optional", "became-required", NE, "{where}: property {name} now optional",
           True, (I, B)),
    Suffix("probable-rename", "probable-rename", NE,
           "{where}: property {old} probably renamed to {new}", True, (B, B)),
)

SUFFIXES: tuple[Suffix, ...] = (*_bounds(), *_PLAIN, *_PROPERTIES)

_EFFECT_LEVELS = {
    N: (B, I), WI: (I, W), A: (B, B), NE: (I, I),
}


def level_for(suffix: Suffix, side: Side) -> Level:
    """The direction rule: the level of a schema change on one side of an exchange."""
    request, response = suffix.levels or _EFFECT_LEVELS[suffix.effect]
    return request if side is Side.REQUEST else response


def families_for(suffix: Suffix) -> tuple[Family, ...]:
    """The families a suffix makes kinds in (property changes only where properties are)."""
    if suffix.properties_only:
        return (Family.REQUEST_PROPERTY, Family.RESPONSE_PROPERTY)
    return tuple(Family)
