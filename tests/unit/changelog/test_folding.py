"""Folding: one entry per change, with the fields of a new object as details."""

from __future__ import annotations

from pathlib import Path

from generator.changelog import judge_pair
from generator.changelog.model import Level, Section
from generator.changelog.settings import ChangelogSettings
from tests.unit.changelog.helpers import api_from_text
from tests.unit.changelog.kind_cases import S, ok, operation, spec

RETRY = {"type": "object", "required": ["max_attempts"],
         "properties": {"max_attempts": {"type": "integer"}, "backoff": S}}


def _judge(tmp: Path, old: str, new: str) -> Section:
    return judge_pair(api_from_text(tmp, "old", old), api_from_text(tmp, "new", new),
                      old_label="a", new_label="b", settings=ChangelogSettings())


def _with_property(prop: dict[str, object] | None) -> str:
    props: dict[str, object] = {"id": S}
    if prop is not None:
        props["retry_policy"] = prop
    body = {"type": "object", "properties": props}
    return spec({"/jobs": {"post": operation(
        requestBody={"content": {"application/json": {"schema": body}}})}},
        {"schemas": {"Retry": RETRY}})


def _details(section: Section) -> list[tuple[str, str, str]]:
    [entry] = section.entries
    assert entry.kind == "request-property-added-optional"
    return [(d.params["name"], d.params["type"], d.params["required"]) for d in entry.details]


def test_a_new_object_property_names_its_fields(tmp_path: Path) -> None:
    found = _details(_judge(tmp_path, _with_property(None), _with_property(RETRY)))
    assert found == [("backoff", "string", ""), ("max_attempts", "integer", ", required")]


def test_through_a_reference_a_nullable_union_and_an_allof(tmp_path: Path) -> None:
    ref = {"$ref": "#/components/schemas/Retry"}
    expected = [("backoff", "string", ""), ("max_attempts", "integer", ", required")]
    for prop in (ref, {"anyOf": [ref, {"type": "null"}]}, {"allOf": [ref]}):
        assert _details(_judge(tmp_path, _with_property(None), _with_property(prop))) == expected


def test_the_same_change_in_place_in_several_operations_is_one_entry(tmp_path: Path) -> None:
    def three(enum: list[str]) -> str:
        param = {"name": "v", "in": "query", "schema": {"type": "string", "enum": enum}}
        return spec({f"/{n}": {"get": operation(parameters=[param])} for n in "abc"})

    section = _judge(tmp_path, three(["1", "2", "3"]), three(["1", "2"]))
    [entry] = section.entries
    assert entry.kind == "request-parameter-enum-value-removed" and entry.area == "API"
    assert [r.operation for r in entry.reach] == ["GET /a", "GET /b", "GET /c"]
    assert entry.level is Level.BREAKING


def test_a_required_property_added_is_one_entry(tmp_path: Path) -> None:
    def body(required: bool) -> str:
        schema: dict[str, object] = {"type": "object", "properties": {"id": S}}
        if required:
            schema = {"type": "object", "required": ["name"],
                      "properties": {"id": S, "name": S}}
        return spec({"/x": {"get": operation(responses={"200": ok(schema)})}})

    section = _judge(tmp_path, body(False), body(True))
    assert [e.kind for e in section.entries] == ["response-property-added-required"]


def test_an_enum_cut_to_one_value_is_a_constant(tmp_path: Path) -> None:
    def one(enum: list[str]) -> str:
        param = {"name": "v", "in": "query", "schema": {"type": "string", "enum": enum}}
        return spec({"/a": {"get": operation(parameters=[param])}})

    section = _judge(tmp_path, one(["1", "2"]), one(["1"]))
    assert [(e.kind, e.params["new"]) for e in section.entries] == [
        ("request-parameter-const-added", "1")]


def test_places_that_became_one_shared_schema_and_changed_alike_are_one_entry(
        tmp_path: Path) -> None:
    # Azure's corpus v1-preview: the `api-version` schema written in each operation became one
    # component, restricted to fewer values: one entry at the component, not one per place.
    inline = {"type": "string"}
    shared = {"$ref": "#/components/schemas/Version"}

    def three(schema: dict[str, object], components: dict[str, object] | None) -> str:
        param = {"name": "v", "in": "query", "schema": schema}
        return spec({f"/{n}": {"get": operation(parameters=[param])} for n in "abc"},
                    components)

    new = three(shared, {"schemas": {"Version": {"type": "string", "enum": ["v1", "preview"]}}})
    section = _judge(tmp_path, three(inline, None), new)
    [entry] = [e for e in section.entries if e.kind == "request-parameter-became-enum"]
    assert entry.origin == "#/components/schemas/Version"
    assert [r.operation for r in entry.reach] == ["GET /a", "GET /b", "GET /c"]


def _retyped(when: dict[str, object], count: dict[str, object]) -> str:
    body = {"type": "object", "properties": {"when": when, "count": count}}
    return spec({"/x": {"post": operation(
        requestBody={"content": {"application/json": {"schema": body}}})}})


def test_the_keywords_a_type_change_implies_are_its_details(tmp_path: Path) -> None:
    old = _retyped({"type": "string", "format": "date-time", "maxLength": 30,
                    "enum": ["a", "b"], "default": "a"},
                   {"type": "integer", "minimum": 1, "maximum": 5})
    new = _retyped({"type": "object", "required": ["at"],
                    "properties": {"at": S, "zone": {"$ref": "#/components/schemas/Cat"}}},
                   {"type": "string", "maxLength": 4, "minimum": 1})
    section = _judge(tmp_path, old, new)
    # one entry per retyped property: no "no longer restricted to a, b", no "default removed"
    assert sorted((e.kind, e.params["where"]) for e in section.entries) == [
        ("request-property-type-changed", "request body.count"),
        ("request-property-type-changed", "request body.when")]
    details = {e.params["where"]: [(d.template, d.params) for d in e.details]
               for e in section.entries}
    assert details["request body.when"] == [
        ("`format` {old} removed", {"old": "date-time"}),
        ("`enum` {old} removed", {"old": ["a", "b"]}),
        ("`default` {old} removed", {"old": "a"}),
        ("`maxLength` {old} removed", {"old": 30}),
        ("`{name}` ({type}{required})", {"name": "at", "type": "string", "required": ", required"}),
        ("`{name}` ({type}{required})", {"name": "zone", "type": "Cat", "required": ""}),
    ]
    assert details["request body.count"] == [
        ("`minimum` {old} removed", {"old": 1}), ("`maximum` {old} removed", {"old": 5}),
        ("`maxLength` {new} added", {"new": 4})]


def test_a_type_change_keeps_what_it_does_not_imply(tmp_path: Path) -> None:
    old = _retyped({"type": "string", "enum": ["a"]}, {"type": "integer"})
    new = _retyped({"type": "integer", "deprecated": True}, {"type": "integer"})
    kinds = sorted(e.kind for e in _judge(tmp_path, old, new).entries)
    # the deprecation is news of its own; the enum (a const `a`) went with the string
    assert kinds == ["request-property-deprecated", "request-property-type-changed"]


def test_fingerprint_is_the_hash_of_the_canonical_text() -> None:
    # the fingerprint puts the values' shared canonical texts together itself: the result is
    # the sha256 of the canonical JSON of [kind, origin, {name, new, old, value}]
    import hashlib

    from generator.changelog.fold import Canonical, fingerprint
    from generator.diff.schema_keys import as_json

    texts = Canonical()
    cases: list[dict[str, object]] = [
        {"name": "x-meta", "old": {"b": [1, 2.5, None], "a": "é\n\"q\""}, "new": True},
        {"name": "status", "value": ["ü", {"z": {}, "y": []}], "where": "ignored"},
        {},
    ]
    for params in cases:
        values = {k: params.get(k) for k in ("name", "old", "new", "value")}
        text = as_json(["kind-a", "#/components/schemas/Ä", values])
        expected = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        assert fingerprint("kind-a", "#/components/schemas/Ä", params) == expected
        assert fingerprint("kind-a", "#/components/schemas/Ä", params, texts) == expected
