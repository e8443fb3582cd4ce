"""3.0 idioms become 3.1 forms: a 3.0 spec and its faithful 3.1 conversion give equal IRs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.spec.normalize import normalize_schema
from tests.unit.ir.conftest import FIXTURES, load_fixture

RULES = sorted(p.name for p in (FIXTURES / "normalize").iterdir() if p.is_dir())
# Rules whose 3.0 text, declared as 3.1, must still mean the same (with findings).
IDIOM_RULES = {
    "nullable-type": 2,
    "nullable-enum": 1,
    "nullable-ref": 1,
    "nullable-untyped": 2,
    "nullable-anyof": 1,
    "exclusive-bounds": 3,
    "schema-example": 2,
}


def test_every_rule_has_a_fixture_pair() -> None:
    assert set(IDIOM_RULES) | {"ref-siblings", "media-examples"} == set(RULES)
    for rule in RULES:
        assert (FIXTURES / "normalize" / rule / "3.0.yaml").is_file()
        assert (FIXTURES / "normalize" / rule / "3.1.yaml").is_file()


@pytest.mark.parametrize("rule", RULES)
def test_3_0_and_its_3_1_conversion_give_equal_irs(rule: str) -> None:
    api30, doc30 = load_fixture(FIXTURES / "normalize" / rule / "3.0.yaml")
    api31, doc31 = load_fixture(FIXTURES / "normalize" / rule / "3.1.yaml")
    assert (api30.dialect, api31.dialect) == ("3.0", "3.1")
    assert replace(api30, openapi=api31.openapi, dialect=api31.dialect) == api31
    assert doc30.diagnostics == () and doc31.diagnostics == ()


@pytest.mark.parametrize("rule", sorted(IDIOM_RULES))
def test_3_0_idioms_in_a_3_1_file_are_normalised_with_findings(rule: str, tmp_path: Path) -> None:
    source = (FIXTURES / "normalize" / rule / "3.0.yaml").read_text(encoding="utf-8")
    declared = tmp_path / "spec.yaml"
    declared.write_text(source.replace("openapi: 3.0.3", "openapi: 3.1.0"), encoding="utf-8")
    api, doc = load_fixture(declared)
    expected, _ = load_fixture(FIXTURES / "normalize" / rule / "3.1.yaml")
    assert api == expected
    # The deprecated schema `example` is advice (info); the others change meaning (warning).
    codes = {"oas30-idiom": "warning", "schema-example-deprecated": "info"}
    findings = [d for d in doc.diagnostics if d.code in codes]
    assert len(findings) == IDIOM_RULES[rule]
    for found in findings:
        assert found.severity.value == codes[found.code]
        assert found.location is not None and found.location.pointer is not None
        keyword = found.location.pointer.rsplit("/", 1)[1]
        if keyword == "example":
            assert found.code == "schema-example-deprecated"
        else:
            assert keyword in {"nullable", "exclusiveMinimum", "exclusiveMaximum"}
            assert found.code == "oas30-idiom"


def test_ref_siblings_apply_in_3_1() -> None:
    api, _ = load_fixture(FIXTURES / "normalize" / "ref-siblings" / "3.0.yaml")
    owner = api.nodes["#/components/schemas/Pet/properties/owner"]
    assert owner.description is None and not owner.has_default  # ignored in 3.0


def test_ref_siblings_kept_in_3_1(tmp_path: Path) -> None:
    source = (FIXTURES / "normalize" / "ref-siblings" / "3.0.yaml").read_text(encoding="utf-8")
    path = tmp_path / "spec.yaml"
    path.write_text(source.replace("openapi: 3.0.3", "openapi: 3.1.0"), encoding="utf-8")
    api, _ = load_fixture(path)
    owner = api.nodes["#/components/schemas/Pet/properties/owner"]
    assert owner.description == "ignored in 3.0" and owner.default == {}


def test_media_type_examples_are_not_schema_examples() -> None:
    api, _ = load_fixture(FIXTURES / "normalize" / "media-examples" / "3.0.yaml")
    op = api.operations[0]
    media = op.responses["200"].content["application/json"]
    assert media.example == {"name": "Rex"}
    assert set(media.examples) == {"one"}
    schema = api.node(media.schema_id)
    assert schema is not None and schema.examples == () and schema.extensions == {"x-kind": "pet"}
    assert op.parameters[0].example == 10


# -- the pure function ----------------------------------------------------------------------
def test_nullable_with_type_list_and_enum() -> None:
    out = normalize_schema({"type": "string", "enum": ["a", None], "nullable": True}, "3.0")
    assert out.node == {"type": ["string", "null"], "enum": ["a", None]}
    assert [i.keyword for i in out.idioms] == ["nullable"] and not out.wrapped


def test_nullable_false_is_dropped() -> None:
    out = normalize_schema({"type": "string", "nullable": False}, "3.0")
    assert out.node == {"type": "string"}


def test_nullable_wrap_keeps_annotations_outside_and_marks_the_wrap() -> None:
    node = {"$ref": "#/X", "nullable": True, "description": "d"}
    out = normalize_schema(node, "3.1")
    assert out.node == {"anyOf": [{"$ref": "#/X"}, {"type": "null"}], "description": "d"}
    assert out.wrapped
    assert node == {"$ref": "#/X", "nullable": True, "description": "d"}  # input untouched


def test_3_0_drops_ref_siblings_but_not_nullable() -> None:
    out = normalize_schema({"$ref": "#/X", "nullable": True, "description": "d"}, "3.0")
    assert out.node == {"anyOf": [{"$ref": "#/X"}, {"type": "null"}]}


def test_exclusive_true_without_bound_is_dropped() -> None:
    out = normalize_schema({"type": "integer", "exclusiveMinimum": True}, "3.0")
    assert out.node == {"type": "integer"}
    assert "nothing" in out.idioms[0].message


def test_numeric_exclusive_bound_is_not_an_idiom() -> None:
    out = normalize_schema({"type": "integer", "exclusiveMinimum": 3}, "3.1")
    assert out.node == {"type": "integer", "exclusiveMinimum": 3} and out.idioms == ()


def test_example_joins_existing_examples() -> None:
    out = normalize_schema({"examples": [1], "example": 2}, "3.1")
    assert out.node == {"examples": [1, 2]}
