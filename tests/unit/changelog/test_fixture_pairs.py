"""The judge on the diff's named fixture pairs: kinds, levels, areas, reach, and the reverse."""

from __future__ import annotations

import pytest

from generator.changelog.model import Level, Side
from generator.changelog.registry import KINDS
from tests.unit.changelog.helpers import CASES, judge_case, kinds

# case -> kinds it must produce from base to revision
EXPECTED: dict[str, set[str]] = {
    "allof-moved-property": set(),
    "allof-property-redeclared": {"response-property-added-optional"},
    "type-list-as-anyof": set(),
    "wrapped-in-anyof": {"request-property-any-of-added"},
    "header-case": set(),
    "constraint-changed": {"response-property-max-length-increased", "response-property-min-set"},
    "discriminator-mapping": {"response-body-discriminator-mapping-added",
                              "response-body-one-of-added"},
    "enum-widened": {"response-property-enum-value-added"},
    "extension-changed": {"api-extension-changed"},
    "media-type-added": {"endpoint-streaming-added", "response-media-type-added"},
    "nullable-added": {"response-property-became-nullable"},
    "oneof-member-added": {"response-body-one-of-added"},
    "operation-added": {"endpoint-added"},
    "operation-deprecated": {"endpoint-deprecated"},
    "operation-moved": {"endpoint-moved"},
    "parameter-required": {"request-parameter-became-required"},
    "path-param-renamed": {"request-parameter-renamed"},
    "property-added": {"response-property-added-optional"},
    "property-renamed": {"response-property-probable-rename"},
    "required-added": {"response-property-became-required"},
    "response-added": {"response-non-success-status-added"},
    "schema-renamed": {"api-schema-probable-rename", "response-body-reference-changed",
                       "response-property-reference-changed"},
    "security-scheme-added": {"api-security-component-added"},
    "server-changed": {"api-server-url-changed"},
    "shared-parameter": {"request-parameter-became-required"},
    "shared-schema": {"response-property-added-optional"},
    "tag-added": {"api-tag-added"},
    "type-changed": {"response-property-type-changed"},
    "webhook-added": {"webhook-added"},
}


def test_every_fixture_pair_is_listed() -> None:
    assert {p.name for p in CASES.iterdir() if p.is_dir()} >= set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_fixture_pair_kinds(case: str) -> None:
    assert kinds(judge_case(case)) == EXPECTED[case]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_reverse_gives_the_inverse_kinds(case: str) -> None:
    forward = kinds(judge_case(case))
    backward = kinds(judge_case(case, reverse=True))
    expected = {KINDS[k].inverse for k in forward if KINDS[k].inverse}
    # an inverse that depends on history (removed after deprecation) may differ in name only
    assert expected <= backward | {"endpoint-added", "webhook-added"}, (forward, backward)


def test_shared_schema_change_is_one_entry_reaching_both_operations() -> None:
    [entry] = judge_case("shared-schema").entries
    assert entry.area == "schema Pet"
    assert entry.origin == "#/components/schemas/Pet/properties/age"
    assert [(r.operation, r.side) for r in entry.reach] == [
        ("GET /pets", Side.RESPONSE), ("GET /pets/{id}", Side.RESPONSE)]


def test_shared_parameter_change_is_one_entry_at_its_component() -> None:
    [entry] = judge_case("shared-parameter").entries
    assert entry.area == "parameter ApiVersion"
    assert entry.level is Level.BREAKING
    assert {r.operation for r in entry.reach} == {"GET /pets", "GET /pets/{id}"}


def test_direction_rule_on_a_response_enum() -> None:
    [entry] = judge_case("enum-widened").entries
    assert entry.level is Level.WARNING and entry.params["value"] == '"bird"'
    [back] = judge_case("enum-widened", reverse=True).entries
    assert back.kind == "response-property-enum-value-removed" and back.level is Level.INFO
