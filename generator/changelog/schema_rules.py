"""Schema records of the diff -> a kind suffix (before the family is chosen by reach)."""

from __future__ import annotations

from typing import Any

from generator.diff.model import Action, Aspect, Change, Subject

_BOUND_STEMS = {
    Aspect.MAX_LENGTH: "max-length", Aspect.MIN_LENGTH: "min-length",
    Aspect.MAXIMUM: "max", Aspect.MINIMUM: "min",
    Aspect.EXCLUSIVE_MAXIMUM: "exclusive-max", Aspect.EXCLUSIVE_MINIMUM: "exclusive-min",
    Aspect.MAX_ITEMS: "max-items", Aspect.MIN_ITEMS: "min-items",
    Aspect.MAX_PROPERTIES: "max-properties", Aspect.MIN_PROPERTIES: "min-properties",
}
_TRIPLES = {  # aspect -> (added, removed, changed)
    Aspect.FORMAT: ("format-added", "format-removed", "format-changed"),
    Aspect.CONST: ("const-added", "const-removed", "const-changed"),
    Aspect.PATTERN: ("pattern-added", "pattern-removed", "pattern-changed"),
    Aspect.MULTIPLE_OF: ("multiple-of-set", "multiple-of-unset", "multiple-of-changed"),
    Aspect.DEFAULT: ("default-value-added", "default-value-removed", "default-value-changed"),
    Aspect.DISCRIMINATOR: ("discriminator-added", "discriminator-removed",
                           "discriminator-property-name-changed"),
    Aspect.ENUM: ("became-enum", "enum-dropped", "became-enum"),
    Aspect.TYPE: ("items-added", "items-removed", "type-changed"),
    Aspect.ADDITIONAL_PROPERTIES: ("additional-properties-restricted",
                                   "additional-properties-unrestricted", "keyword-changed"),
    Aspect.REFERENCE: ("reference-changed", "reference-changed", "reference-changed"),
}
_FLAGS = {  # boolean aspect -> (when it became true, when it became false)
    Aspect.NULLABLE: ("became-nullable", "became-not-nullable"),
    Aspect.DEPRECATED: ("deprecated", "reactivated"),
    Aspect.READ_ONLY: ("became-read-only", "became-not-read-only"),
    Aspect.WRITE_ONLY: ("became-write-only", "became-not-write-only"),
    Aspect.UNIQUE_ITEMS: ("unique-items-set", "unique-items-unset"),
}
_MEMBERS = {
    Subject.ALL_OF_PART: ("all-of-added", "all-of-removed"),
    Subject.PREFIX_ITEM: ("prefix-items-added", "prefix-items-removed"),
    Subject.ENUM_VALUE: ("enum-value-added", "enum-value-removed"),
    Subject.KEYWORD: ("keyword-added", "keyword-removed"),
    Subject.MAPPING: ("discriminator-mapping-added", "discriminator-mapping-deleted"),
}
DOCS_ASPECTS = frozenset({
    Aspect.TITLE, Aspect.SUMMARY, Aspect.DESCRIPTION, Aspect.EXAMPLE, Aspect.EXAMPLES,
})
SCHEMA_SUBJECTS = frozenset({
    Subject.SCHEMA, Subject.PROPERTY, Subject.REQUIRED, Subject.ENUM_VALUE,
    Subject.UNION_MEMBER, Subject.ALL_OF_PART, Subject.PREFIX_ITEM, Subject.MAPPING,
    Subject.KEYWORD,
})
_WIDER = {("integer", "number"), ("boolean", "any"), ("integer", "any"), ("number", "any"),
          ("string", "any"), ("object", "any"), ("array", "any"), ("null", "any")}


def suffix_of(change: Change, *, required: bool = False, deprecated: bool = False) -> str:
    """The kind suffix of a schema record (`required`: a property added/removed was required;
    `deprecated`: a removed property was deprecated)."""
    action, subject = change.action, change.subject
    if subject is Subject.PROPERTY:
        if action is Action.PROBABLE_RENAME:
            return "probable-rename"
        if action is Action.REMOVED and deprecated:
            return "removed-after-deprecation"
        state = "required" if required else "optional"
        return f"{'added' if action is Action.ADDED else 'removed'}-{state}"
    if subject is Subject.REQUIRED:
        return "became-required" if action is Action.ADDED else "became-optional"
    if subject is Subject.UNION_MEMBER:
        stem = _union_stem(change)
        if stem == "list-of-types":
            return f"{stem}-{'widened' if action is Action.ADDED else 'narrowed'}"
        return f"{stem}-{'added' if action is Action.ADDED else 'removed'}"
    if subject in _MEMBERS:
        added, removed = _MEMBERS[subject]
        if action is Action.CHANGED:
            return added.replace("-added", "-changed")
        return added if action is Action.ADDED else removed
    return _keyword_suffix(change)


def _keyword_suffix(change: Change) -> str:
    aspect = change.aspect
    assert aspect is not None, change
    if aspect in _BOUND_STEMS:
        return _bound(_BOUND_STEMS[aspect], change)
    if aspect in _FLAGS:
        return _FLAGS[aspect][0 if change.new else 1]
    if aspect is Aspect.COMPOSITION:
        return "became-one-of" if change.new == "oneOf" else "became-any-of"
    if aspect is Aspect.TYPE and change.action is Action.CHANGED:
        pair = (str(change.old), str(change.new))
        if pair in _WIDER:
            return "type-generalized"
        if pair[::-1] in _WIDER:
            return "type-specialized"
        return "type-changed"
    if aspect in _TRIPLES:
        added, removed, changed = _TRIPLES[aspect]
        return {Action.ADDED: added, Action.REMOVED: removed}.get(change.action, changed)
    return "keyword-changed"


def _bound(stem: str, change: Change) -> str:
    if change.action is Action.ADDED:
        return f"{stem}-set"
    if change.action is Action.REMOVED:
        return f"{stem}-unset"
    return f"{stem}-{'increased' if _number(change.new) > _number(change.old) else 'decreased'}"


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _union_stem(change: Change) -> str:
    member = change.new_at if change.action is Action.ADDED else change.old_at
    keyword = (member or "").rpartition("/")[0].rpartition("/")[2]
    return {"oneOf": "one-of", "anyOf": "any-of"}.get(keyword, "list-of-types")


def old_node(change: Change) -> str | None:
    """The old side's schema node of a record (the container for a member that went)."""
    from generator.changelog.places import container_of

    if change.subject in (Subject.UNION_MEMBER, Subject.ALL_OF_PART) and change.old_at:
        return container_of(change.old_at) if change.action is Action.REMOVED else change.old_at
    return change.old_at


def subject_node(change: Change) -> tuple[str | None, bool]:
    """The schema node a record is about, and whether it is on the new side."""
    from generator.changelog.places import container_of

    if change.subject in (Subject.UNION_MEMBER, Subject.ALL_OF_PART):
        if change.action is Action.ADDED and change.new_at:
            return container_of(change.new_at), True
        return change.new_at, True
    if change.new_at is not None:
        return change.new_at, True
    return change.old_at, False
