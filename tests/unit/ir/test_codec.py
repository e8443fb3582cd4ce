"""The encoded IR (what the cache stores) decodes to an equal API; shared nodes stay shared."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from generator.ir.build import build_api
from generator.ir.codec import decode_api, encode_api
from generator.ir.schema import ObjectSchema
from generator.spec.load import load_spec
from tests.unit.ir.conftest import FIXTURES, load_fixture

FILES = [
    FIXTURES / "ir" / "markers.yaml",
    *sorted((FIXTURES / "normalize").glob("*/3.*.yaml")),
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_round_trip_through_marshal(path: Path) -> None:
    api, _ = load_fixture(path)
    again = decode_api(marshal.loads(marshal.dumps(encode_api(api))))
    assert again == api
    assert list(again.nodes) == list(api.nodes)


@pytest.mark.corpus
def test_round_trip_of_a_corpus_spec(corpus: Path) -> None:
    api = build_api(load_spec(corpus / "azure-openai-inference" / "v1.yaml"))
    again = decode_api(marshal.loads(marshal.dumps(encode_api(api))))
    assert again.operations == api.operations
    assert again == api


def test_shared_nodes_stay_shared(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: object, properties: {x: {type: string}, y: {type: string}}}\n",
        encoding="utf-8",
    )
    api, _ = load_fixture(spec)
    again = decode_api(marshal.loads(marshal.dumps(encode_api(api))))
    a = again.schema("A")
    assert isinstance(a, ObjectSchema)
    assert a.properties["x"] is a.properties["y"]
