"""`spec.bundle`: a multi-file tree as one document whose API model equals the tree's."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import SpecError
from generator.ir.build import build_api
from generator.ir.schema import ReferenceSchema
from generator.pipeline import bundle_text, check_spec
from generator.spec.bundle import bundle, fragment
from generator.spec.emit import to_json, to_yaml
from generator.spec.load import load_spec
from generator.spec.parse import parse_bytes
from generator.spec.refs import check_all
from tests.canonical import canonical, differences
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "bundle"
TREE = FIXTURES / "tree" / "openapi.yaml"
SHIPPED = sorted((REPO / "specs" / "azure-openai").glob("*.yaml"))


def _write(folder: Path, text: str, name: str = "openapi.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _bundled(tmp_path: Path, source: Path = TREE, fmt: str = "yaml") -> Path:
    out = tmp_path / "bundled" / f"openapi.{fmt}"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(bundle_text(source, fmt=fmt), encoding="utf-8")
    return out


def _data(path: Path) -> Any:
    return parse_bytes(path.read_bytes(), str(path))[0]


def test_external_definitions_move_into_components_by_the_naming_rule(tmp_path: Path) -> None:
    components = _data(_bundled(tmp_path))["components"]
    # The root's own come first, in their order; moved ones follow, sorted by name. A file
    # stem that collides with a component takes its folder as a suffix (spec.names); a
    # component that only points at a file (`Error: {$ref: schemas/Error.yaml}`) takes its
    # content.
    assert list(components["schemas"]) == [
        "Pet", "Error", "Color", "Owner", "Pet-schemas", "PetList", "Tag",
    ]
    assert components["schemas"]["Error"]["required"] == ["code"]
    assert list(components["parameters"]) == ["Limit", "Limit-parameters", "offset"]
    assert list(components["responses"]) == ["NotFound", "Error"]
    assert list(components["requestBodies"]) == ["NewPet"]


def test_bundle_names_equal_the_tree_model_names(tmp_path: Path) -> None:
    tree_api = build_api(load_spec(TREE))
    bundle_api = build_api(load_spec(_bundled(tmp_path)))
    assert list(bundle_api.schemas) != []
    assert sorted(bundle_api.schemas) == sorted(tree_api.schemas)


def test_cycles_through_files_become_local_refs(tmp_path: Path) -> None:
    schemas = _data(_bundled(tmp_path))["components"]["schemas"]
    pet = schemas["Pet-schemas"]["properties"]
    assert pet["friends"]["items"] == {"$ref": "#/components/schemas/Pet-schemas"}
    assert pet["parent"] == {"$ref": "#/components/schemas/Pet-schemas"}  # `$ref: "#"`
    assert pet["owner"] == {"$ref": "#/components/schemas/Owner"}
    owner = schemas["Owner"]["properties"]
    assert owner["pets"]["items"] == {"$ref": "#/components/schemas/Pet-schemas"}
    # A ref from a file into the root file is a local ref to the root's component.
    assert owner["legacy"] == {"$ref": "#/components/schemas/Pet"}


def test_nonstandard_refs_are_inlined_and_root_refs_kept(tmp_path: Path) -> None:
    data = _data(_bundled(tmp_path))
    assert data["info"]["description"].startswith("# Pets")
    pets = data["paths"]["/pets"]  # a whole path item from a file, inlined in place
    assert pets["get"]["operationId"] == "listPets"
    one = data["paths"]["/pets/{id}"]
    assert one["get"]["description"] == "Fetch one pet by its id.\n"
    assert one["get"]["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}
    # An extension's $ref into another file is replaced by its target.
    assert one["x-note"]["see"]["enum"] == ["black", "white", "ginger"]
    body = data["components"]["requestBodies"]["NewPet"]["content"]["application/json"]
    assert body["schema"]["properties"]["tag"] == {"$ref": "#/components/schemas/Tag"}
    not_found = data["components"]["responses"]["NotFound"]["content"]["application/json"]
    assert not_found["schema"] == {"$ref": "#/components/schemas/Error"}  # as written


def test_bundle_is_self_contained(tmp_path: Path) -> None:
    doc = load_spec(_bundled(tmp_path))
    check_all(doc)  # resolves every $ref of the document
    assert len(doc.files) == 1
    assert [d for d in doc.diagnostics if d.code.startswith("ref-")] == []


def test_validate_of_the_bundle_finds_no_ref_problems(tmp_path: Path) -> None:
    found = check_spec(_bundled(tmp_path)).diagnostics
    assert [d for d in found if d.code.startswith("ref-")] == []


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_bundle_model_equals_the_tree_model(tmp_path: Path, fmt: str) -> None:
    tree = canonical(build_api(load_spec(TREE)))
    bundled = canonical(build_api(load_spec(_bundled(tmp_path, fmt=fmt))))
    assert differences(tree, bundled) == []
    assert tree == bundled


def test_a_spliced_operation_keeps_its_schema_refs() -> None:
    # The tree's model reads the schema of a spliced operation where it was written (a
    # pointer through `application~1json`): it is the named schema, not an empty one.
    api = build_api(load_spec(TREE))
    get_pet = next(op for op in api.operations if op.operation_id == "getPet")
    schema = api.node(get_pet.responses["200"].content["application/json"].schema_id)
    assert isinstance(schema, ReferenceSchema)
    assert api.schemas["Pet-schemas"] == schema.target


def test_yaml_and_json_read_back_as_the_same_data() -> None:
    data = bundle(load_spec(TREE)).data
    assert parse_bytes(to_yaml(data).encode(), "b.yaml")[0] == data
    assert parse_bytes(to_json(data).encode(), "b.json")[0] == data
    assert bundle_text(TREE) == bundle_text(TREE)  # deterministic bytes


def test_yaml_quotes_what_yaml_1_1_or_1_2_would_not_read_as_the_string() -> None:
    values = ["yes", "on", "No", "2024-01-01", "1e3", "0x1F", "null", "~", "12", "1_000", "a: b"]
    text = to_yaml({"values": values, "float": 1e-05, "big": 10**30})
    for value in values:
        assert f"\n- {value}\n" not in text, value
    assert "float: 1.0e-05" in text
    assert parse_bytes(text.encode(), "v.yaml")[0]["values"] == values


def test_yaml_writes_multiline_text_as_blocks_and_keeps_unicode() -> None:
    text = to_yaml({"description": "line one\nline two\n", "title": "café ☕"})
    assert "description: |\n  line one\n  line two\n" in text
    assert "title: café ☕" in text


@pytest.mark.parametrize("spec", SHIPPED, ids=[p.name for p in SHIPPED])
def test_a_single_file_spec_bundles_to_itself(spec: Path) -> None:
    doc = load_spec(spec)
    result = bundle(doc)
    assert result.ok and result.moved == {}
    assert parse_bytes(bundle_text(spec).encode(), "b.yaml")[0] == load_spec(spec).root.data


def test_an_unresolvable_ref_fails_with_a_located_diagnostic() -> None:
    with pytest.raises(SpecError) as caught:
        bundle_text(FIXTURES / "broken" / "openapi.yaml")
    (found,) = caught.value.diagnostics
    assert found.code == "ref-unreadable"
    assert found.location is not None and (found.location.line, found.location.col) == (14, 23)


def test_a_nonstandard_ref_that_fails_fails_the_bundle(tmp_path: Path) -> None:
    root = _write(tmp_path, textwrap.dedent("""\
        openapi: 3.1.0
        info: {title: t, version: '1', description: {$ref: missing.md}}
        paths: {}
        """))
    with pytest.raises(SpecError) as caught:
        bundle_text(root)
    assert [d.code for d in caught.value.diagnostics] == ["ref-unreadable"]


def test_components_of_other_sections_and_3_1_siblings(tmp_path: Path) -> None:
    _write(tmp_path, textwrap.dedent("""\
        Ok: {description: fine}
        Trace: {schema: {type: string}}
        Sample: {value: {a: 1}}
        Key: {type: apiKey, in: header, name: X-Key}
        Next: {operationId: next}
        Hook:
          '{$request.body#/url}':
            post:
              responses: {'200': {$ref: 'common.yaml#/Ok'}}
        """), "common.yaml")
    _write(tmp_path, "type: object\n", "Thing.yaml")
    root = _write(tmp_path, textwrap.dedent("""\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /a:
            post:
              callbacks: {hook: {$ref: 'common.yaml#/Hook'}}
              responses:
                '200':
                  $ref: 'common.yaml#/Ok'
                  description: overridden here
                '201':
                  description: created
                  headers: {X-Trace: {$ref: 'common.yaml#/Trace'}}
                  links: {next: {$ref: 'common.yaml#/Next'}}
                  content:
                    application/json:
                      schema: {$ref: Thing.yaml, description: a thing}
                      examples: {one: {$ref: 'common.yaml#/Sample'}}
        components:
          securitySchemes: {key: {$ref: 'common.yaml#/Key'}}
        """))
    result = bundle(load_spec(root))
    assert result.ok
    components = result.data["components"]
    assert list(components) == [
        "securitySchemes", "schemas", "responses", "examples", "headers", "links", "callbacks",
    ]
    response = result.data["paths"]["/a"]["post"]["responses"]["200"]
    assert response == {"$ref": "#/components/responses/Ok", "description": "overridden here"}
    assert components["securitySchemes"]["key"] == {"$ref": "#/components/securitySchemes/Key"}
    assert components["callbacks"]["Hook"]["{$request.body#/url}"]["post"]["responses"] == {
        "200": {"$ref": "#/components/responses/Ok"}
    }
    created = result.data["paths"]["/a"]["post"]["responses"]["201"]
    assert created["headers"]["X-Trace"] == {"$ref": "#/components/headers/Trace"}
    assert created["links"]["next"] == {"$ref": "#/components/links/Next"}
    media = created["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/Thing", "description": "a thing"}
    assert media["examples"]["one"] == {"$ref": "#/components/examples/Sample"}


def test_a_self_containing_path_item_becomes_a_component(tmp_path: Path) -> None:
    _write(tmp_path, textwrap.dedent("""\
        post:
          callbacks:
            again:
              '{$request.body#/url}': {$ref: item.yaml}
          responses: {'200': {description: ok}}
        """), "item.yaml")
    root = _write(tmp_path, textwrap.dedent("""\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /a: {$ref: item.yaml}
        """))
    result = bundle(load_spec(root))
    assert result.ok
    again = result.data["paths"]["/a"]["post"]["callbacks"]["again"]
    assert again["{$request.body#/url}"] == {"$ref": "#/components/pathItems/item"}
    assert "post" in result.data["components"]["pathItems"]["item"]


def test_fragment_encodes_only_what_a_uri_fragment_cannot_hold() -> None:
    assert fragment("/paths/~1pets~1{id}/get") == "#/paths/~1pets~1{id}/get"
    assert fragment("/components/schemas/a b%") == "#/components/schemas/a%20b%25"
