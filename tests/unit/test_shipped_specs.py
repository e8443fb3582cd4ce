"""The shipped demo specs: valid, clean by construction, and changing as specs/README.md says."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import jsonschema_rs
import pytest
import yaml_rs
from openapi_spec_validator import validate

from tests.conftest import REPO

SPECS = REPO / "specs" / "azure-openai"
README = REPO / "specs" / "README.md"
VERSIONS = ("2024-08-01-preview", "2024-09-01-preview", "2024-10-21", "2025-04-01-preview", "v1")
DATED = VERSIONS[:4]
OAS31 = ("2025-04-01-preview", "v1")
STEPS = tuple(itertools.pairwise(VERSIONS))
METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})
SCOPE = "https://cognitiveservices.azure.com/.default"
Doc = dict[str, Any]


@functools.cache
def spec(label: str) -> Doc:
    """The parsed spec of one version (cached: the tests only read it)."""
    doc = yaml_rs.loads((SPECS / f"{label}.yaml").read_text(), parse_datetime=False)
    assert isinstance(doc, dict)
    return doc


def resolve(doc: Doc, ref: str) -> Any:
    """The node a local `#/...` reference points at (KeyError when missing)."""
    assert ref.startswith("#/"), ref
    node: Any = doc
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def walk(node: Any, ptr: str = "") -> Iterator[tuple[str, Any]]:
    """Every (JSON pointer, node) pair under node."""
    yield ptr, node
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        yield from walk(value, f"{ptr}/{str(key).replace('~', '~0').replace('/', '~1')}")


def operations(doc: Doc) -> dict[str, tuple[str, str, Doc, Doc]]:
    """operationId -> (method, path, operation, path item)."""
    out: dict[str, tuple[str, str, Doc, Doc]] = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                out[op["operationId"]] = (method, path, op, item)
    return out


def parameters(doc: Doc, op: Doc, item: Doc) -> dict[tuple[str, str], Doc]:
    """The resolved parameters of an operation, path-level ones merged in and overridden."""
    merged: dict[tuple[str, str], Doc] = {}
    for raw in [*item.get("parameters", []), *op.get("parameters", [])]:
        param = resolve(doc, raw["$ref"]) if "$ref" in raw else raw
        merged[(param["in"], param["name"])] = param
    return merged


# --- every file on its own ---------------------------------------------------------------


def test_the_five_versions_are_shipped_and_documented() -> None:
    stems = {p.stem for p in SPECS.glob("*.yaml")}
    assert set(VERSIONS) <= stems
    readme = README.read_text()
    for stem in stems:
        assert f"`{stem}.yaml`" in readme, f"{stem}.yaml is not in specs/README.md"


@pytest.mark.parametrize("label", VERSIONS)
def test_valid_for_openapi_spec_validator(label: str) -> None:
    validate(spec(label))


@pytest.mark.parametrize("label", VERSIONS)
def test_declared_dialect_and_its_idioms(label: str) -> None:
    doc = spec(label)
    assert doc["openapi"] == ("3.1.0" if label in OAS31 else "3.0.3")
    assert doc["info"]["version"] == label
    if label not in OAS31:
        return
    for ptr, node in walk(doc):
        if not isinstance(node, dict) or ptr.endswith("/properties"):
            continue
        assert "nullable" not in node, ptr
        assert "example" not in node, ptr
        assert node.get("format") != "binary", ptr
        assert not isinstance(node.get("exclusiveMinimum"), bool), ptr
        assert not isinstance(node.get("exclusiveMaximum"), bool), ptr


@pytest.mark.parametrize("label", VERSIONS)
def test_every_ref_resolves_and_every_component_is_used(label: str) -> None:
    doc = spec(label)
    reached: set[str] = set()
    todo: list[Any] = [doc["paths"]]
    while todo:
        for _, node in walk(todo.pop()):
            if not isinstance(node, dict):
                continue
            refs = [node["$ref"]] if "$ref" in node else []
            disc = node.get("discriminator")
            if isinstance(disc, dict):
                refs += disc.get("mapping", {}).values()
            for ref in refs:
                if ref not in reached:
                    reached.add(ref)
                    todo.append(resolve(doc, ref))
    used_schemes = {name for req in doc["security"] for name in req}
    for kind, components in doc["components"].items():
        for name in components:
            if kind == "securitySchemes":
                assert name in used_schemes, f"unused security scheme {name}"
            else:
                assert f"#/components/{kind}/{name}" in reached, f"unused {kind}/{name}"


@pytest.mark.parametrize("label", VERSIONS)
def test_operations_are_complete_and_consistent(label: str) -> None:
    doc = spec(label)
    ids = [
        op["operationId"]
        for item in doc["paths"].values()
        for m, op in item.items()
        if m in METHODS
    ]
    assert len(ids) == len(set(ids)), "duplicate operationId"
    declared_tags = [t["name"] for t in doc["tags"]]
    used_tags: set[str] = set()
    for oid, (_, path, op, item) in operations(doc).items():
        assert op["summary"] and op["description"], oid
        assert op["tags"] and set(op["tags"]) <= set(declared_tags), oid
        used_tags.update(op["tags"])
        assert [s for s in op["responses"] if s != "default"], f"{oid} has no status response"
        assert op["responses"]["default"] == {"$ref": "#/components/responses/Error"}, oid
        params = parameters(doc, op, item)
        assert len(params) == len(op.get("parameters", [])) + len(item.get("parameters", [])), oid
        in_path = {name for where, name in params if where == "path"}
        assert in_path == set(re.findall(r"{([^}]+)}", path)), oid
        assert all(p["required"] for (where, _), p in params.items() if where == "path"), oid
        assert op.get("security") is None, f"{oid} overrides the default security"
    assert used_tags == set(declared_tags)


@pytest.mark.parametrize("label", VERSIONS)
def test_discriminator_mappings_name_union_members(label: str) -> None:
    doc = spec(label)
    unions = 0
    for ptr, node in walk(doc):
        if not (isinstance(node, dict) and isinstance(node.get("discriminator"), dict)):
            continue
        unions += 1
        disc = node["discriminator"]
        members = {m["$ref"] for m in node["oneOf"]}
        assert set(disc["mapping"].values()) == members, ptr
        for value, ref in disc["mapping"].items():
            target = resolve(doc, ref)
            prop = target["properties"][disc["propertyName"]]
            assert disc["propertyName"] in target["required"], ref
            assert prop.get("enum", [prop.get("const")]) == [value], ref
    assert unions >= 2


def _as_31(node: Any) -> Any:
    """3.0 schema idioms in their 3.1 form, so a 2020-12 validator can judge 3.0 examples."""
    if isinstance(node, list):
        return [_as_31(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _as_31(v) for k, v in node.items() if k not in ("nullable", "example")}
    if node.get("nullable") is True:
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if out.get(exclusive) is True:
            out[exclusive] = out.pop(bound)
    return out


def _checked_values(doc: Doc) -> Iterator[tuple[str, Any]]:
    """(schema pointer, value) for every default and example that belongs to a schema."""
    for ptr, node in walk(doc):
        if not isinstance(node, dict) or ptr.endswith(("/properties", "/examples")):
            continue
        if "in" in node and "schema" in node and "example" in node:
            yield f"{ptr}/schema", node["example"]
        if not {"type", "oneOf", "enum", "const", "prefixItems"} & node.keys():
            continue
        if "default" in node:
            yield ptr, node["default"]
        if "example" in node:
            yield ptr, node["example"]
        for value in node.get("examples", []) if isinstance(node.get("examples"), list) else []:
            yield ptr, value


@pytest.mark.parametrize("label", VERSIONS)
def test_defaults_and_examples_are_valid(label: str) -> None:
    doc = spec(label)
    judged = doc if label in OAS31 else _as_31(doc)
    registry = jsonschema_rs.Registry([("urn:spec", judged)], draft=jsonschema_rs.Draft202012)
    values = list(_checked_values(doc))
    assert len(values) >= 15
    for ptr, value in values:
        check = jsonschema_rs.validator_for(
            {"$ref": "urn:spec#" + quote(ptr, safe="/~")}, registry=registry, validate_formats=False
        )
        assert check.is_valid(value), f"{ptr}: {value!r}"


@pytest.mark.parametrize("label", VERSIONS)
def test_server_and_security(label: str) -> None:
    doc = spec(label)
    (server,) = doc["servers"]
    suffix = "/openai/v1" if label == "v1" else "/openai"
    assert server["url"] == "https://{endpoint}" + suffix
    assert server["variables"]["endpoint"]["default"] == "your-resource-name.openai.azure.com"
    schemes = doc["components"]["securitySchemes"]
    assert schemes["ApiKeyAuth"] == {
        **schemes["ApiKeyAuth"],
        "type": "apiKey",
        "in": "header",
        "name": "api-key",
    }
    entra = "OAuth2" if label in OAS31 else "BearerAuth"
    if entra == "OAuth2":
        assert SCOPE in schemes[entra]["flows"]["implicit"]["scopes"]
    else:
        assert (schemes[entra]["type"], schemes[entra]["scheme"]) == ("http", "bearer")
    # Either scheme alone is enough: two requirement objects, not one with both.
    assert len(doc["security"]) == 2
    assert {name for req in doc["security"] for name in req} == {"ApiKeyAuth", entra}


@pytest.mark.parametrize("label", DATED)
def test_dated_versions_require_api_version_everywhere(label: str) -> None:
    doc = spec(label)
    for oid, (_, _, op, item) in operations(doc).items():
        param = parameters(doc, op, item).get(("query", "api-version"))
        assert param is not None and param["required"] is True, oid
        assert param["schema"]["type"] == "string", oid
        example = param["schema"]["examples"][0] if label in OAS31 else param["example"]
        assert example == label, oid


def test_v1_api_version_is_optional_everywhere() -> None:
    doc = spec("v1")
    for oid, (_, _, op, item) in operations(doc).items():
        param = parameters(doc, op, item).get(("query", "api-version"))
        assert param is not None and not param.get("required", False), oid
        assert param["schema"]["enum"] == ["v1", "preview"] and param["schema"]["default"] == "v1"


def test_v1_paths_sit_under_the_openai_v1_base_url() -> None:
    paths = spec("v1")["paths"]
    for path in (
        "/chat/completions",
        "/embeddings",
        "/files",
        "/files/{file_id}",
        "/files/{file_id}/content",
        "/models",
        "/responses",
        "/responses/{response_id}",
        "/vector_stores",
        "/evals",
        "/fine_tuning/jobs",
        "/fine_tuning/alpha/graders/run",
        "/fine_tuning/alpha/graders/validate",
    ):
        assert path in paths, path
    assert not [p for p in paths if p.startswith("/deployments/")]


def _single_valued(schema: Doc) -> list[Any] | None:
    """The only value a schema allows (`const` or a one-value `enum`), else None."""
    if "const" in schema:
        return [schema["const"]]
    return schema["enum"] if len(schema.get("enum", [])) == 1 else None


def test_v1_evals_operations_require_the_preview_header() -> None:
    doc = spec("v1")
    evals = 0
    for oid, (_, path, op, item) in operations(doc).items():
        header = parameters(doc, op, item).get(("header", "aoai-evals"))
        if not path.startswith("/evals"):
            assert header is None, oid
            continue
        evals += 1
        assert op["tags"] == ["Evals"], oid
        assert header is not None and header["required"] is True, oid
        assert _single_valued(header["schema"]) == ["preview"], oid
    assert evals >= 5


def test_streaming_multipart_and_binary_shapes() -> None:
    for label in VERSIONS:
        doc = spec(label)
        ops = operations(doc)
        streamed = ["ChatCompletions_Create"] + (["Responses_Create"] if label in OAS31 else [])
        for oid in streamed:
            content = ops[oid][2]["responses"]["200"]["content"]
            assert {"application/json", "text/event-stream"} <= content.keys(), (label, oid)
        upload = ops["Files_Upload"][2]["requestBody"]["content"]["multipart/form-data"]["schema"]
        form = resolve(doc, upload["$ref"])
        assert {"file", "purpose"} <= set(form["required"])
        assert (
            "application/octet-stream" in ops["Files_GetContent"][2]["responses"]["200"]["content"]
        )
    assert (
        "background" in spec("v1")["components"]["schemas"]["CreateResponseRequest"]["properties"]
    )


# --- the README: summary table and the change tables --------------------------------------


def test_readme_summary_counts() -> None:
    row = r"^\| `([^`]+)\.yaml` \| ([\d.]+) \| (\d+) \| (\d+) \|"
    rows = re.findall(row, README.read_text(), re.M)
    assert [r[0] for r in rows] == list(VERSIONS)
    for label, oas, n_ops, n_schemas in rows:
        doc = spec(label)
        assert (doc["openapi"], len(operations(doc)), len(doc["components"]["schemas"])) == (
            oas,
            int(n_ops),
            int(n_schemas),
        ), label


HEADER_ROWS = ("| Change", "| ---")


@functools.cache
def change_rows() -> dict[tuple[str, str], tuple[tuple[str, str, str], ...]]:
    """(old, new) -> (kind, where, note) rows of each `### old → new` table of the README."""
    steps: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    current: list[tuple[str, str, str]] | None = None
    for line in README.read_text().splitlines():
        if heading := re.match(r"^### (\S+) → (\S+)$", line):
            current = steps.setdefault((heading[1], heading[2]), [])
        elif current is not None and line.startswith("| ") and not line.startswith(HEADER_ROWS):
            kind, where, note = (c.strip() for c in line.strip("|").split("|"))
            current.append((kind, where.strip("`"), note))
    return {k: tuple(v) for k, v in steps.items()}


def _property(doc: Doc, where: str) -> Doc | None:
    """The schema at `Schema.prop.sub` (following refs between the steps), or None."""
    name, *props = where.split(".")
    node: Doc | None = doc["components"]["schemas"].get(name)
    for prop in props:
        if node is None:
            return None
        if "$ref" in node:
            node = resolve(doc, node["$ref"])
        node = node.get("properties", {}).get(prop)
    return node


def _param(doc: Doc, where: str) -> Doc | None:
    """The parameter at `operationId/location/name`, or None."""
    oid, location, name = where.split("/")
    entry = operations(doc).get(oid)
    if entry is None:
        return None
    return parameters(doc, entry[2], entry[3]).get((location, name))


def _added(note: str) -> set[str]:
    """The values a note lists as added: each `+ `value``."""
    return set(re.findall(r"\+ `([^`]+)`", note))


def _check(kind: str, where: str, note: str, old: Doc, new: Doc) -> None:
    """Assert that one README row holds between two versions."""
    old_ops, new_ops = operations(old), operations(new)
    if kind == "operation added":
        assert where not in old_ops and where in new_ops
    elif kind == "operation removed":
        assert where in old_ops and where not in new_ops
    elif kind == "operation deprecated":
        assert not old_ops[where][2].get("deprecated") and new_ops[where][2]["deprecated"] is True
    elif kind == "operation moved":
        (target,) = re.findall(r"`([^`]+)`", note)
        assert old_ops[where][1] != target == new_ops[where][1]
    elif kind == "parameter added":
        assert _param(old, where) is None and _param(new, where) is not None
    elif kind == "parameter removed":
        assert _param(old, where) is not None and _param(new, where) is None
    elif kind == "parameter now required":
        before, after = _param(old, where), _param(new, where)
        assert before is not None and after is not None
        assert not before.get("required") and after["required"] is True
    elif kind == "parameter now optional":
        oid, rest = where.split("/", 1)
        assert oid == "*"
        assert all(_param(old, f"{o}/{rest}")["required"] for o in old_ops)  # type: ignore[index]
        assert all(not _param(new, f"{o}/{rest}").get("required") for o in new_ops)  # type: ignore[union-attr]
    elif kind in ("property added", "required property added"):
        assert _property(old, where) is None and _property(new, where) is not None
        if kind == "required property added":
            parent, prop = where.rsplit(".", 1)
            assert prop in (_property(new, parent) or {})["required"]
    elif kind == "property deprecated":
        before, after = _property(old, where), _property(new, where)
        assert before is not None and after is not None
        assert not before.get("deprecated") and after["deprecated"] is True
    elif kind == "enum widened":
        before, after = _property(old, where), _property(new, where)
        assert before is not None and after is not None
        old_values, new_values = set(before["enum"]), set(after["enum"])
        assert old_values < new_values and new_values - old_values == _added(note)
    elif kind == "union member added":

        def members(doc: Doc) -> set[str]:
            return {
                m["$ref"].rsplit("/", 1)[1] for m in doc["components"]["schemas"][where]["oneOf"]
            }

        assert members(new) - members(old) == _added(note) and members(old) < members(new)
    elif kind in ("security scheme added", "security scheme removed"):
        present = (
            where in old["components"]["securitySchemes"],
            where in new["components"]["securitySchemes"],
        )
        assert present == ((False, True) if kind.endswith("added") else (True, False))
    elif kind == "server changed":
        assert old["servers"][0]["url"] != where == new["servers"][0]["url"]
    elif kind == "response content added":
        oid, status, media = where.split("/", 2)
        assert media not in old_ops[oid][2]["responses"][status]["content"]
        assert media in new_ops[oid][2]["responses"][status]["content"]
    else:
        raise AssertionError(f"unknown kind of change {kind!r}")


@pytest.mark.parametrize(("old", "new"), STEPS, ids=[f"{a}..{b}" for a, b in STEPS])
def test_readme_changes_hold(old: str, new: str) -> None:
    rows = change_rows()[(old, new)]
    assert len(rows) >= 5
    for kind, where, note in rows:
        try:
            _check(kind, where, note, spec(old), spec(new))
        except (AssertionError, KeyError, TypeError) as exc:
            raise AssertionError(f"{old} → {new}: {kind} {where}: {exc!r}") from exc


def test_readme_tables_cover_each_step_and_each_kind_of_change() -> None:
    assert set(change_rows()) == set(STEPS)
    kinds = {kind for rows in change_rows().values() for kind, _, _ in rows}
    assert {
        "operation added",
        "operation removed",
        "operation deprecated",
        "property added",
        "property deprecated",
        "parameter now required",
        "enum widened",
    } <= kinds
    # A removed preview operation: in a preview file, gone in the next GA one.
    removed = [
        w
        for k, w, _ in change_rows()[("2024-09-01-preview", "2024-10-21")]
        if k == "operation removed"
    ]
    assert "VectorStores_Modify" in removed
    # New nested objects, not only new scalar fields.
    nested = [
        (new, w)
        for (_, new), rows in change_rows().items()
        for k, w, _ in rows
        if k == "property added" and _is_object(spec(new), w)
    ]
    assert len(nested) >= 3


def _is_object(doc: Doc, where: str) -> bool:
    """Whether the property at `where` is an object, inline or through a ref."""
    node = _property(doc, where) or {}
    node = resolve(doc, node["$ref"]) if "$ref" in node else node
    types = node.get("type")
    return "object" in (types if isinstance(types, list) else [types])


@pytest.mark.parametrize(("old", "new"), STEPS, ids=[f"{a}..{b}" for a, b in STEPS])
def test_consecutive_versions_differ_in_operations_or_schemas(old: str, new: str) -> None:
    a, b = spec(old), spec(new)
    assert (
        set(operations(a)) != set(operations(b))
        or a["components"]["schemas"] != b["components"]["schemas"]
    )
