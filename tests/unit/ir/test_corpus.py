"""Every corpus spec builds, with exactly as many operations, webhooks and schemas as the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml_rs

from generator.ir.build import build_api
from generator.ir.model import ParameterLocation
from generator.ir.schema import UnionSchema, UnresolvedSchema
from generator.spec.load import load_spec
from tests.conftest import corpus_params

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _raw(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml_rs.loads(text, parse_datetime=False)


def _follow(item: Any, data: Any) -> Any:
    # Path-item `$ref`s in the corpus are local pointers; enough for an independent count.
    while isinstance(item, dict) and isinstance(item.get("$ref"), str):
        node = data
        for token in item["$ref"].partition("#")[2].split("/")[1:]:
            node = node[token.replace("~1", "/").replace("~0", "~")]
        item = node
    return item


def _count(data: Any, section: str) -> int:
    items = data.get(section) or {}
    return sum(
        1 for item in items.values() for key in _follow(item, data) if key in METHODS
    )


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params())
def test_counts_match_the_file(path: Path) -> None:
    data = _raw(path)
    api = build_api(load_spec(path))
    assert len(api.operations) == _count(data, "paths")
    assert len(api.webhooks) == _count(data, "webhooks")
    assert len(api.schemas) == len((data.get("components") or {}).get("schemas") or {})
    for name in api.schemas:
        assert api.schema(name) is not None


def _corpus_file(corpus: Path, name: str) -> Path:
    return corpus / "azure-openai-inference" / f"{name}.yaml"


@pytest.mark.corpus
def test_azure_dated_api_level_parameters(corpus: Path) -> None:
    api = build_api(load_spec(_corpus_file(corpus, "2024-10-21")))
    found = {(p.name, p.location): p for p in api.api_parameters}
    assert set(found) == {
        ("api-version", ParameterLocation.QUERY),
        ("deployment-id", ParameterLocation.PATH),
    }
    assert all(p.required for p in found.values())
    assert api.label == "2024-10-21" and not api.is_preview
    assert [s.url for s in api.servers] == ["https://{endpoint}/openai"]


@pytest.mark.corpus
def test_azure_v1_optional_api_version(corpus: Path) -> None:
    api = build_api(load_spec(_corpus_file(corpus, "v1")))
    (param,) = api.api_parameters
    assert (param.name, param.location, param.required) == (
        "api-version", ParameterLocation.QUERY, False,
    )
    assert sum(op.preview for op in api.operations) > 0  # aoai-evals: preview


@pytest.mark.corpus
def test_azure_missing_web_search_tool_is_an_unresolved_member(corpus: Path) -> None:
    doc = load_spec(_corpus_file(corpus, "2025-04-01-preview"))
    api = build_api(doc)
    unresolved = [
        member
        for ident in api.nodes
        for member in _members(api.nodes[ident])
        if isinstance(member, UnresolvedSchema)
    ]
    assert [m.ref for m in unresolved] == ["#/components/schemas/WebSearchTool"]
    assert "ref-missing" in {d.code for d in doc.diagnostics}
    assert api.is_preview and any(op.streaming for op in api.operations)


def _members(schema: Any) -> list[Any]:
    # Unions anywhere below `schema` (the missing tool sits in a union of tools).
    found: list[Any] = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, UnionSchema):
            found.extend(node.members)
        for name in ("members", "prefix_items"):
            stack.extend(getattr(node, name, ()))
        for name in ("items", "base", "additional_properties", "negated"):
            child = getattr(node, name, None)
            if child is not None:
                stack.append(child)
        stack.extend(getattr(node, "properties", {}).values())
    return found
