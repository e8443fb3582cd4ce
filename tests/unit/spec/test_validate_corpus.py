"""validate() on real and hostile input: it never raises, it only reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic, SpecError
from generator.spec.load import load_spec
from generator.spec.rules import RULES
from generator.spec.validate import validate
from tests.conftest import corpus_params

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _check(path: Path) -> tuple[Diagnostic, ...]:
    try:
        doc = load_spec(path)
    except SpecError as exc:
        return exc.diagnostics
    return validate(doc)


def _assert_well_formed(diags: tuple[Diagnostic, ...]) -> None:
    for diag in diags:
        assert isinstance(diag, Diagnostic)
        assert diag.code in RULES, diag.code
        assert diag.location is not None and diag.location.file
        assert (diag.message and "\n" not in diag.message.strip()) or diag.code.startswith("parse")


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params(include_unsupported=True))
def test_every_corpus_spec_validates_to_diagnostics(path: Path) -> None:
    diags = _check(path)
    _assert_well_formed(diags)
    assert list(diags) == sorted(set(diags), key=Diagnostic.sort_key)
    if "3.2-" in str(path):
        assert [d.code for d in diags] == ["spec-version-unsupported"]


@pytest.mark.corpus
def test_the_openai_spec_has_the_known_errors(corpus: Path) -> None:
    diags = _check(corpus / "openai" / "2026-08-21.yaml")
    dialect = {d.location.pointer for d in diags if d.code == "schema-dialect" and d.location}
    assert "/components/schemas/ContainerResource/required" in dialect  # duplicate names
    assert any(p.endswith("/exclusiveMinimum") for p in dialect if p)  # `exclusiveMinimum: true`


@pytest.mark.parametrize(
    "path",
    sorted(p for folder in ("invalid", "hostile") for p in (FIXTURES / folder).rglob("*")
           if p.is_file() and p.suffix in (".yaml", ".json")),
    ids=lambda p: p.name,
)
def test_bad_input_gives_diagnostics_not_exceptions(path: Path) -> None:
    _assert_well_formed(_check(path))


# -- wrong types anywhere -------------------------------------------------------------------
_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["", "x", "{a}", "#/x", "/p"]),
)
_KEYS = st.sampled_from([
    "$ref", "type", "properties", "items", "allOf", "oneOf", "required", "default", "example",
    "examples", "value", "schema", "content", "parameters", "name", "in", "responses",
    "discriminator", "mapping", "security", "servers", "url", "variables", "nullable", "get",
    "/a/{b}", "200", "x-y", "application/json", "A",
])
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)


def _spec(version: str, paths: Any, components: Any, extra: Any) -> dict[str, Any]:
    return {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": paths,
            "components": components, "security": extra, "servers": extra, "webhooks": extra}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    version=st.sampled_from(["3.0.3", "3.1.0"]),
    paths=st.dictionaries(st.sampled_from(["/a/{b}", "/a/{c}", "x", "/p"]), _VALUES, max_size=3),
    components=st.dictionaries(st.sampled_from(["schemas", "parameters", "responses",
                                                "securitySchemes", "examples"]),
                               st.dictionaries(_KEYS, _VALUES, max_size=3), max_size=3),
    extra=_VALUES,
)
def test_any_shape_of_spec_is_judged_without_crashing(
    tmp_path: Path, version: str, paths: Any, components: Any, extra: Any
) -> None:
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(_spec(version, paths, components, extra)), encoding="utf-8")
    _assert_well_formed(_check(path))


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    ["openai/2026-08-21.yaml", "azure-openai-inference/2025-04-01-preview.yaml",
     "azure-openai-inference/v1-preview.yaml"],
)
def test_validation_leaves_the_document_as_parsed(corpus: Path, name: str) -> None:
    doc = load_spec(corpus / name)
    before = json.dumps(doc.root.data, sort_keys=True)
    validate(doc)
    assert json.dumps(doc.root.data, sort_keys=True) == before
