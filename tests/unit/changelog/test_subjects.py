"""Lifecycle subjects read from the encoded schemas agree with the decoded `flat_view` way."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.changelog.subjects import _encoded, _flat_props, _schema_subjects, decoded_subjects
from generator.pipeline import build_ir
from tests.conftest import corpus_params


def _agree(path: Path) -> None:
    for cached in (False, True):  # roots as the builder made them, then as marshal blobs
        if cached:
            build_ir(path, use_cache=True)  # in the cache (if another test has not put it there)
        api = build_ir(path, use_cache=cached)[0]
        roots = api.nodes.encoded_roots()
        assert all(isinstance(v, bytes) for v in roots.values()) is cached or not roots
        encoded = 0
        for name, node in api.schemas.items():
            assert _schema_subjects(api, roots, name, node) == decoded_subjects(api, name, node)
            found = _encoded(roots, node)
            encoded += found is not None and _flat_props(roots, found, {}, set())
        # the encoded way answers (nearly) every schema: the comparison is not vacuous
        assert encoded >= 0.9 * len(api.schemas)


@pytest.mark.parametrize("path", corpus_params())
def test_encoded_subjects_agree_on_the_corpus(path: Path | None) -> None:
    # every corpus spec (a few seconds in all)
    assert path is not None
    _agree(path)


SPEC = """
openapi: 3.1.0
info: {title: Subjects, version: "1"}
paths: {}
components:
  schemas:
    Base:
      type: object
      properties:
        a: {type: string, deprecated: true}
        b: {$ref: "#/components/schemas/Other", deprecated: true}
    Both:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties:
            a: {type: string}
            c: {type: integer}
        - $ref: "#/components/schemas/Both"
    Other: {type: string, deprecated: true}
    Inner:
      allOf:
        - $ref: "#/components/schemas/Base/properties/b"
        - type: object
          properties:
            d: {type: string, deprecated: true}
"""


def test_first_declaration_wins_and_cycles_end(tmp_path: Path) -> None:
    path = tmp_path / "subjects.yaml"
    path.write_text(SPEC, encoding="utf-8")
    api = build_ir(path, use_cache=False)[0]
    roots = api.nodes.encoded_roots()
    subjects = {name: _schema_subjects(api, roots, name, node)
                for name, node in api.schemas.items()}
    # `a` is deprecated where Base declares it first; the allOf that includes itself ends
    assert subjects["Both"] == [("schema", "Both", False), ("property", "Both.a", True),
                                ("property", "Both.b", True), ("property", "Both.c", False)]
    assert subjects["Other"] == [("schema", "Other", True)]
    # a `$ref` into another root: the decoded way answers (the same as flat_view)
    assert subjects["Inner"] == decoded_subjects(api, "Inner", api.schemas["Inner"])
    assert ("property", "Inner.d", True) in subjects["Inner"]
