"""Schema root digests: equal only for equal graphs, and a diff that skips by them finds
exactly what a full comparison finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cache import load_api
from generator.diff import diff_apis
from generator.ir.build import build_api
from generator.ir.model import Api
from generator.spec.load import load_spec
from tests.conftest import REPO

CASES = REPO / "tests" / "fixtures" / "diff"

SPEC = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Leaf: {type: string, maxLength: LIMIT}
    Middle: {type: object, properties: {leaf: {$ref: '#/components/schemas/Leaf'}}}
    Top: {type: array, items: {$ref: '#/components/schemas/Middle'}}
    Alone: {type: integer}
    Ping: {type: object, properties: {pong: {$ref: '#/components/schemas/Pong'}}}
    Pong: {type: object, properties: {ping: {$ref: '#/components/schemas/Ping'}, n: {maximum: MAX}}}
    Merged: {allOf: [{$ref: '#/components/schemas/Middle'}, {type: object}]}
"""


def _api(tmp_path: Path, name: str, limit: int = 5, maximum: int = 9) -> Api:
    path = tmp_path / f"{name}.yaml"
    path.write_text(SPEC.replace("LIMIT", str(limit)).replace("MAX", str(maximum)))
    return build_api(load_spec(path))


def _digest(api: Api, name: str) -> bytes:
    return api.nodes.digests()[api.schemas[name]]


def test_the_same_spec_gives_the_same_digests(tmp_path: Path) -> None:
    one, two = _api(tmp_path, "a"), _api(tmp_path, "b")
    assert one.nodes.digests() == two.nodes.digests()
    assert len(set(one.nodes.digests().values())) == len(one.nodes.digests())  # ids differ


def test_a_change_reaches_every_schema_that_refers_to_it(tmp_path: Path) -> None:
    old, new = _api(tmp_path, "a"), _api(tmp_path, "b", limit=6)
    for name in ("Leaf", "Middle", "Top"):
        assert _digest(old, name) != _digest(new, name), name
    for name in ("Alone", "Ping", "Pong"):
        assert _digest(old, name) == _digest(new, name), name


def test_a_change_inside_a_cycle_reaches_the_whole_cycle(tmp_path: Path) -> None:
    old, new = _api(tmp_path, "a"), _api(tmp_path, "b", maximum=10)
    assert _digest(old, "Ping") != _digest(new, "Ping")
    assert _digest(old, "Pong") != _digest(new, "Pong")
    assert _digest(old, "Top") == _digest(new, "Top")


def _flat(api: Api, name: str) -> bytes:
    return api.nodes.flat_digests()[api.schemas[name]]


def test_a_flat_digest_covers_own_content_and_merged_parts_only(tmp_path: Path) -> None:
    old, new = _api(tmp_path, "a"), _api(tmp_path, "b", limit=6)
    # Top only refers to Middle (compared on its own): its flat digest stays
    assert _flat(old, "Top") == _flat(new, "Top")
    # Merged's allOf merges Middle in, and Middle reaches Leaf: comparing it reads the change
    assert _flat(old, "Merged") != _flat(new, "Merged")
    assert _flat(old, "Leaf") != _flat(new, "Leaf")
    assert old.nodes.references()[old.schemas["Top"]] == (old.schemas["Middle"],)


def test_the_cache_keeps_the_digests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPECLOOM_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC.replace("LIMIT", "5").replace("MAX", "9"))
    built, _ = load_api(path)
    read, _ = load_api(path)
    assert read is not built and read.nodes.digests() == built.nodes.digests() != {}


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_skipping_equal_roots_finds_what_a_full_comparison_finds(case: str) -> None:
    def pair(skip: bool) -> tuple[Api, Api]:
        apis = tuple(build_api(load_spec(CASES / case / f)) for f in ("base.yaml",
                                                                      "revision.yaml"))
        if not skip:
            for api in apis:
                api.nodes.set_summary(({}, {}, {}))
        return apis  # type: ignore[return-value]

    assert diff_apis(*pair(True)).changes == diff_apis(*pair(False)).changes


def test_a_root_without_an_encoded_form_disables_skipping(tmp_path: Path) -> None:
    from generator.ir.table import SchemaTable

    api = _api(tmp_path, "a")
    table = SchemaTable({k: api.nodes[k] for k in api.nodes})
    assert table.digests() == {}


MERGING = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /x:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Holder'}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Leaf'}}
components:
  schemas:
    Leaf: {type: object, required: [a], properties: {a: {type: string, maxLength: 5}}}
    Holder:
      type: object
      properties:
        leaf: {$ref: '#/components/schemas/Leaf'}
        any: {anyOf: [{$ref: '#/components/schemas/Leaf'}, {type: 'null'}]}
    Merged: {allOf: [{$ref: '#/components/schemas/Leaf'}, {type: object, required: [a]}]}
"""
# a change to Leaf seen from Holder (refers to it) and Merged (merges it in)
LEAF_CHANGES = {
    "constraint": ("maxLength: 5", "maxLength: 6"),
    "property renamed": ("properties: {a:", "properties: {b:"),
    "kind": ("Leaf: {type: object, required: [a], properties: {a: {type: string, maxLength: 5}}}",
             "Leaf: {type: string}"),
}


@pytest.mark.parametrize("change", sorted(LEAF_CHANGES))
def test_roots_left_to_their_references_find_what_a_full_comparison_finds(
    tmp_path: Path, change: str
) -> None:
    from generator.diff.skips import Skips

    def pair(skip: bool) -> tuple[Api, Api]:
        before, after = LEAF_CHANGES[change]
        (tmp_path / "a.yaml").write_text(MERGING)
        (tmp_path / "b.yaml").write_text(MERGING.replace(before, after))
        apis = build_api(load_spec(tmp_path / "a.yaml")), build_api(load_spec(tmp_path / "b.yaml"))
        if not skip:
            for api in apis:
                api.nodes.set_summary(({}, {}, {}))
        return apis

    old, new = pair(True)
    skips = Skips(old, new)
    holder, merged = old.schemas["Holder"], old.schemas["Merged"]
    assert not skips.same(holder, holder) and skips.only_references(holder, holder)
    assert not skips.only_references(merged, merged)
    found = diff_apis(old, new).changes
    assert found and found == diff_apis(*pair(False)).changes


def test_an_outline_is_read_without_decoding(tmp_path: Path) -> None:
    from generator.ir.codec import decode_api, encode_api
    from generator.ir.schema import ArraySchema, ObjectSchema

    api = decode_api(encode_api(_api(tmp_path, "a")))  # roots as marshal blobs, undecoded
    pong, top = api.schemas["Pong"], api.schemas["Top"]
    assert api.nodes.outline(pong) == (ObjectSchema, ("n", "ping"))
    assert api.nodes.outline(top) == (ArraySchema, ())
    nested = f"{pong}/properties/n"  # not a root: looked up (and its root decoded)
    assert api.nodes.outline(nested) == (type(api.nodes[nested]), ())
    assert api.nodes.outline("#/components/schemas/Nowhere") is None
    assert repr(api.nodes.get(pong)).startswith("ObjectSchema")  # decoded on demand, as ever
