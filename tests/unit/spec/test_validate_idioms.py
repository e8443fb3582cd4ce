"""`validate` reports the same 3.0 idioms of a 3.1 file as the IR build does, without building.

`nullable` and boolean exclusive bounds are `oas30-idiom` warnings (3.1 reads them differently);
the schema `example`, only deprecated in 3.1, is the info `schema-example-deprecated`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cache import load_api
from generator.ir.build import build_api
from generator.spec.load import load_spec
from generator.spec.validate import validate
from tests.conftest import corpus_params

INLINE = """openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      nullable: true
      example: {n: 1}
      properties:
        n: {type: integer, minimum: 0, exclusiveMinimum: true}
"""


IDIOM_CODES = ("oas30-idiom", "schema-example-deprecated")


def _idioms(path: Path, *, build: bool) -> set[tuple[str, str | None, str, str, str]]:
    doc = load_spec(path)
    if build:
        build_api(doc)
        found = doc.diagnostics
    else:
        found = validate(doc)
    return {
        (d.location.file, d.location.pointer, d.code, d.severity.value, d.message)
        for d in found
        if d.code in IDIOM_CODES and d.location
    }


def test_inline_idioms(tmp_path: Path) -> None:
    spec = tmp_path / "a.yaml"
    spec.write_text(INLINE, encoding="utf-8")
    found = _idioms(spec, build=False)
    assert {(p, code, sev) for _, p, code, sev, _ in found} == {
        ("/components/schemas/A/nullable", "oas30-idiom", "warning"),
        ("/components/schemas/A/example", "schema-example-deprecated", "info"),
        ("/components/schemas/A/properties/n/exclusiveMinimum", "oas30-idiom", "warning"),
    }
    assert found == _idioms(spec, build=True)


def test_cached_build_reports_what_validate_reports(tmp_path: Path) -> None:
    spec = tmp_path / "a.yaml"
    spec.write_text(INLINE, encoding="utf-8")
    expected = _idioms(spec, build=False)
    for _ in ("cold", "warm"):
        _, found = load_api(spec)
        assert {
            (d.location.file, d.location.pointer, d.code, d.severity.value, d.message)
            for d in found
            if d.code in IDIOM_CODES and d.location
        } == expected


def test_no_idiom_warnings_in_30_files(tmp_path: Path) -> None:
    spec = tmp_path / "a.yaml"
    spec.write_text(INLINE.replace("3.1.0", "3.0.3"), encoding="utf-8")
    assert _idioms(spec, build=False) == set()


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params())
def test_corpus_validate_and_build_agree(path: Path) -> None:
    assert _idioms(path, build=False) == _idioms(path, build=True)
