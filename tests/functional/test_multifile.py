"""Multi-file specs as their authors' tools read them: `$ref` wherever it stands, schemas named
from their files, broken and hostile references, limits set in pyproject.toml."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.ir.model import Api
from generator.pipeline import build_ir, check_spec
from generator.spec.inline import inline
from generator.spec.load import load_spec
from generator.spec.names import base_name, file_schema_names
from tests.conftest import REPO
from tests.functional.test_cli import specloom

FIXTURES = REPO / "tests" / "fixtures" / "multifile"


def _findings(spec: Path) -> list[tuple[str, str, int, str]]:
    """(code, file relative to the fixtures, line, message) of every finding."""
    found = []
    for d in check_spec(spec).diagnostics:
        loc = d.location
        assert loc is not None and loc.line is not None
        found.append((d.code, str(Path(loc.file).relative_to(FIXTURES)), loc.line, d.message))
    return found


def _api(spec: Path) -> Api:
    return build_ir(spec, use_cache=False)[0]


# -- $ref wherever it stands -------------------------------------------------------------------
def test_nonstandard_refs_are_resolved_and_reported_once_each() -> None:
    spec = FIXTURES / "nonstandard" / "openapi.yaml"
    found = _findings(spec)
    assert {code for code, *_ in found} == {"ref-nonstandard"}
    places = sorted((file, line) for _, file, line, _ in found)
    assert places == [
        ("nonstandard/openapi.yaml", 6),  # info.description
        ("nonstandard/openapi.yaml", 10),  # an operation
        ("nonstandard/openapi.yaml", 15),  # components.schemas, a whole map
        ("nonstandard/ops/list_pets.yaml", 4),  # a description, inside a spliced operation
        ("nonstandard/ops/list_pets.yaml", 6),  # a whole parameters list
        ("nonstandard/ops/list_pets.yaml", 17),  # an example
        ("nonstandard/paths/pet.yaml", 7),  # an operation inside a referenced path item
        ("nonstandard/schemas/Pet.yaml", 8),  # a schema's description
    ]
    words = {line: message for _, _, line, message in found}
    assert "(an operation belongs here)" in words[10]
    assert "(a map of schemas belongs here)" in words[15]


def test_the_api_model_sees_the_resolved_document() -> None:
    api = _api(FIXTURES / "nonstandard" / "openapi.yaml")
    intro = "A pet store whose spec is split the way its authors' tools split it.\n"
    assert api.description == intro
    ops = {op.operation_id: op for op in api.operations}
    assert sorted(ops) == ["getPet", "listPets"]
    listing = ops["listPets"]
    assert listing.description == api.description
    assert [(p.name, p.location.value) for p in listing.parameters] == [("limit", "query")]
    media = listing.responses["200"].content["application/json"]
    assert media.example == [{"id": 1, "name": "Rex", "owner": {"name": "Ann"}}]
    assert sorted(api.schemas) == ["Listing", "Owner", "Pet"]
    pet = api.nodes[api.schemas["Pet"]]
    assert pet.properties["name"].description == "The pet's name."  # type: ignore[attr-defined]


def test_findings_inside_spliced_content_point_into_its_own_file(tmp_path: Path) -> None:
    import shutil

    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "nonstandard", tree)
    (tree / "examples" / "pets.json").write_text('[{"id": "one", "name": "Rex"}]', "utf-8")
    params = tree / "ops" / "list_params.yaml"
    params.write_text(params.read_text("utf-8") + "  bogus: true\n", "utf-8")
    found = {
        (d.code, Path(d.location.file).name, d.location.line)
        for d in check_spec(tree / "openapi.yaml").diagnostics
        if d.location is not None and d.code != "ref-nonstandard"
    }
    assert found == {("example-invalid", "pets.json", 1), ("oas-structure", "list_params.yaml", 1)}


def test_whole_maps_by_reference() -> None:
    spec = FIXTURES / "whole_paths" / "openapi.yaml"
    api = _api(spec)
    (op,) = api.operations
    assert (op.path, op.operation_id) == ("/items/{item_id}", "getItem")
    assert [p.name for p in op.parameters] == ["item_id"]
    assert dict(api.schemas) == {"Item": "Item.yaml#"}
    assert [code for code, *_ in _findings(spec)] == ["ref-nonstandard", "ref-nonstandard"]


def test_a_literal_that_only_looks_like_a_reference_is_data(tmp_path: Path) -> None:
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n              schema: {type: object}\n"
        "              example: {$ref: 'not/there.json'}\n",
        "utf-8",
    )
    doc = load_spec(tmp_path / "openapi.yaml")
    media = doc.root.data["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["example"] == {"$ref": "not/there.json"}
    assert doc.diagnostics == ()


def test_inline_is_idempotent_and_keeps_standard_refs() -> None:
    doc = load_spec(FIXTURES / "nonstandard" / "openapi.yaml")
    before = json.dumps(doc.root.data, sort_keys=True)
    inline(doc)
    assert json.dumps(doc.root.data, sort_keys=True) == before
    assert doc.root.data["paths"]["/pets/{pet_id}"] == {"$ref": "paths/pet.yaml"}


# -- names from files ---------------------------------------------------------------------------
def test_file_schemas_are_named_and_a_component_wins_a_collision() -> None:
    api = _api(FIXTURES / "collision" / "openapi.yaml")
    assert dict(api.schemas) == {
        "Pet": "#/components/schemas/Pet",
        "Owner": "shared.yaml#/Owner",
        "Pet-models": "models/Pet.yaml#",
        "Pet-schemas": "schemas/Pet.yaml#",
        "Pet-shared": "shared.yaml#/Pet",
    }


def test_naming_rule() -> None:
    assert base_name("components/schemas/Pet.yaml", "") == "Pet"
    assert base_name("schemas.yaml", "/Pet") == "Pet"
    assert base_name("common.yaml", "/components/schemas/a~1b") == "a_b"
    assert base_name("paths/assistants_{assistant_id}.yaml", "") == "assistants_assistant_id"
    places = [("a/x/Pet.yaml", ""), ("b/x/Pet.yaml", ""), ("c.yaml", "/Pet")]
    assert file_schema_names({"Pet"}, places) == {
        ("a/x/Pet.yaml", ""): "Pet-x",
        ("b/x/Pet.yaml", ""): "Pet-b-x",
        ("c.yaml", "/Pet"): "Pet-c",
    }
    # Adding an unrelated file renames nothing; the same input gives the same names.
    more = file_schema_names({"Pet"}, [*places, ("z/Owner.yaml", "")])
    assert {k: v for k, v in more.items() if k in dict.fromkeys(places)} == file_schema_names(
        {"Pet"}, reversed(places)
    )


def test_inspect_lists_named_schemas_with_their_source() -> None:
    spec = FIXTURES / "collision" / "openapi.yaml"
    result = specloom("inspect", "--no-cache", "--schemas", "--format", "json", str(spec))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schemas"] == 5
    assert data["named_schemas"][:2] == [
        {"name": "Owner", "source": "shared.yaml#/Owner"},
        {"name": "Pet", "source": "#/components/schemas/Pet"},
    ]
    text = specloom("inspect", "--no-cache", "--schemas", str(spec)).stdout
    assert "  Pet-schemas: schemas/Pet.yaml#\n" in text


# -- broken and hostile references -----------------------------------------------------------
def test_missing_and_cyclic_file_refs_are_located_errors_and_nothing_else() -> None:
    spec = FIXTURES / "broken" / "openapi.yaml"
    found = [(code, file, line) for code, file, line, _ in _findings(spec)]
    assert found == [
        ("ref-unreadable", "broken/openapi.yaml", 6),
        ("ref-unreadable", "broken/openapi.yaml", 21),
        ("ref-cycle", "broken/ops/loop_a.yaml", 1),
        ("ref-cycle", "broken/schemas/A.yaml", 1),
    ]
    result = specloom("validate", str(FIXTURES / "broken" / "openapi.yaml"))
    assert result.returncode == 1 and "Traceback" not in result.stderr


SENTINEL = "specloom-must-never-read-this"


@pytest.mark.parametrize(
    "place",
    [
        "info:\n  title: t\n  version: '1'\n  description: {$ref: '%s'}\npaths: {}\n",
        "info: {title: t, version: '1'}\npaths:\n  /a:\n    get: {$ref: '%s'}\n",
        "info: {title: t, version: '1'}\npaths: {$ref: '%s'}\n",
        "info: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas: {$ref: '%s'}\n",
    ],
)
@pytest.mark.parametrize("ref", ["../secret.yaml", "/SECRET", "https://example.invalid/x.yaml"])
def test_outside_and_remote_refs_are_refused_in_any_position(
    tmp_path: Path, place: str, ref: str
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"x: {SENTINEL}\n", "utf-8")
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    ref = str(secret) if ref == "/SECRET" else ref
    (spec_dir / "openapi.yaml").write_text("openapi: 3.1.0\n" + place % ref, "utf-8")
    doc = load_spec(spec_dir / "openapi.yaml")
    assert list(doc.files) == [""]
    codes = {d.code for d in check_spec(spec_dir / "openapi.yaml").diagnostics}
    assert codes & {"ref-outside-root", "ref-remote"}
    result = specloom("validate", str(spec_dir / "openapi.yaml"))
    assert result.returncode == 1 and SENTINEL not in result.stdout + result.stderr


# -- limits -----------------------------------------------------------------------------------
def _fan_out(folder: Path, count: int) -> Path:
    lines = ["openapi: 3.1.0", "info: {title: t, version: '1'}", "paths: {}", "components:",
             "  schemas:"]
    (folder / "schemas").mkdir(parents=True)
    for i in range(count):
        lines.append(f"    S{i}: {{$ref: 'schemas/S{i}.yaml'}}")
        (folder / "schemas" / f"S{i}.yaml").write_text("type: string\n", "utf-8")
    root = folder / "openapi.yaml"
    root.write_text("\n".join(lines) + "\n", "utf-8")
    return root


def test_limits_come_from_pyproject(tmp_path: Path) -> None:
    root = _fan_out(tmp_path / "spec", 30)
    project = tmp_path / "pyproject.toml"
    project.write_text("[tool.specloom.limits]\nfiles = 10\n", "utf-8")
    result = specloom("validate", "--no-cache", str(root), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[-1] == "1 error, 0 warnings in 1 file"
    assert "error[limit-exceeded]" in lines[0] and "[tool.specloom.limits] files = 40" in lines[0]
    inspected = specloom("inspect", "--no-cache", str(root), cwd=tmp_path)
    assert inspected.returncode == 1 and "limit-exceeded" in inspected.stdout
    project.write_text("[tool.specloom.limits]\nfiles = 100\n", "utf-8")
    assert specloom("validate", "--no-cache", str(root), cwd=tmp_path).returncode == 0
    project.write_text("[tool.specloom.limits]\nfiles = -1\n", "utf-8")
    bad = specloom("validate", str(root), cwd=tmp_path)
    assert bad.returncode == 1 and "files must be a positive integer" in bad.stderr


def test_default_limits_take_thousands_of_files(tmp_path: Path) -> None:
    root = _fan_out(tmp_path, 2500)  # over the foundation's old limit of 2,000 files
    doc = load_spec(root)
    assert len(doc.files) == 2501 and doc.diagnostics == ()
    assert os.path.getsize(root) > 0


def test_a_component_that_points_at_a_file_names_its_schema() -> None:
    api = _api(FIXTURES / "alias" / "openapi.yaml")
    assert dict(api.schemas) == {
        "Error": "schemas/Error.yaml#",  # named by `Error: {$ref: schemas/Error.yaml}`
        "Problem": "#/components/schemas/Problem",  # a second alias stays an alias
    }
    (op,) = api.operations
    by_status = {s: r.content["application/json"].schema_id for s, r in op.responses.items()}
    targets = {s: api.nodes[i].target for s, i in by_status.items()}  # type: ignore[union-attr]
    assert targets == {"default": "schemas/Error.yaml#", "200": "schemas/Error.yaml#"}


def test_a_ref_to_its_own_ancestor_is_a_cycle_not_a_nested_document(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /a:\n    get: {$ref: '#/paths/~1a'}\n"
        "components:\n  schemas:\n    A:\n      properties: {$ref: '#/components/schemas'}\n",
        "utf-8",
    )
    found = [(d.code, d.location.pointer) for d in check_spec(spec).diagnostics if d.location]
    assert ("ref-cycle", "/paths/~1a/get/$ref") in found
    assert ("ref-cycle", "/components/schemas/A/properties/$ref") in found
    assert {code for code, _ in found} <= {"ref-cycle", "component-unused"}
    result = specloom("inspect", "--no-cache", str(spec))
    assert result.returncode == 0 and "Traceback" not in result.stderr


def test_a_path_item_ref_with_siblings_has_its_siblings_resolved(tmp_path: Path) -> None:
    (tmp_path / "ops").mkdir()
    (tmp_path / "item.yaml").write_text(
        "get:\n  operationId: getA\n  responses: {'200': {description: ok}}\n", "utf-8"
    )
    (tmp_path / "ops" / "post.yaml").write_text(
        "operationId: postA\nresponses: {'201': {description: made}}\n", "utf-8"
    )
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /a:\n    $ref: item.yaml\n    post: {$ref: ops/post.yaml}\n",
        "utf-8",
    )
    doc = load_spec(spec)
    assert doc.root.data["paths"]["/a"]["post"]["operationId"] == "postA"
