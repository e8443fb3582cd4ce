"""Completeness: every error openapi-spec-validator 0.9.0 reports, specloom reports too.

Parametrized per corpus file so xdist spreads the oracle's ~30 s of CPU over the workers;
its results are cached in build/oracle-cache/ (by file hash and oracle version), so later
runs cost only specloom's own time. Differences where the oracle is wrong are listed in
tests/oracle/compare.py (KNOWN_WRONG) and explained in docs/rules.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec.load import load_spec
from generator.spec.validate import collect
from tests.conftest import corpus_params
from tests.oracle.compare import missing, oracle_key, our_keys
from tests.oracle.oracle import run_oracle

PROBE = Path(__file__).resolve().parents[1] / "fixtures" / "validate" / "oracle_probe.yaml"


def _supported(params: list[object]) -> list[object]:
    """Corpus files the oracle and specloom both read (OpenAPI 3.0 and 3.1)."""
    return [p for p in params if "3.2-" not in str(getattr(p, "values", [""])[0])]


def test_the_oracle_wrapper_locates_every_kind_of_error() -> None:
    result = run_oracle(PROBE, use_cache=False)
    assert result.aborted is None
    located = {(e.kind, e.pointer, e.keyword) for e in result.errors}
    assert located == {
        ("tag-duplicate", "/tags", "OpenAPIValidationError"),
        ("meta", "/components/schemas/Pet/required", "uniqueItems"),
        ("parameter-duplicate", "/paths/~1pets~1{petId}/get/parameters", "ParameterDuplicateError"),
        ("path-param", "/paths/~1pets~1{petId}/get", "UnresolvableParameterError"),
        ("operation-id", "/paths/~1pets~1{petId}/post", "DuplicateOperationIDError"),
        ("default", "/components/schemas/Size/default", "type"),
        ("extra-required", "/components/schemas/Child", "ExtraParametersError"),
    }


def test_specloom_reports_every_probe_error() -> None:
    result = run_oracle(PROBE, use_cache=False)
    ours = our_keys(collect(load_spec(PROBE)))
    assert {oracle_key(e) for e in result.errors} <= ours
    assert missing(PROBE, result) == []


@pytest.mark.corpus
@pytest.mark.parametrize("path", _supported(corpus_params()))
def test_specloom_reports_everything_the_oracle_reports(path: Path) -> None:
    result = run_oracle(path)
    assert not missing(path, result), [e for e in missing(path, result)]
    if result.aborted:
        # It stopped early (a dangling $ref): its second run, with those refs patched out,
        # must have been compared too.
        assert result.patched and result.patched_errors
