"""The test helpers for multi-file trees: the cached `redocly split`, the trimmed stand-in of a
spec, the canonical IR and schema reachability, and the pinned Node install."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from bench.peers import NODE_DIR, REDOCLY_VERSION, Tool, ensure_redocly, pinned_version
from generator.ir.model import Api
from generator.pipeline import build_ir
from tests.canonical import Canonical, reachable_schemas
from tests.conftest import REPO
from tests.splits import ROOT_FILE, SplitError, cache_key, split_tree, trimmed_spec

SHIPPED_V1 = REPO / "specs" / "azure-openai" / "v1.yaml"


def counting(redocly: Tool, tmp_path: Path, *, delay: float = 0) -> tuple[Tool, Path]:
    """A Redocly that logs each run to a file before running the real one."""
    log = tmp_path / "runs.log"
    script = tmp_path / "redocly-counting"
    script.write_text(
        f"#!/bin/sh\necho run >> '{log}'\nsleep {delay}\nexec '{redocly.path}' \"$@\"\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return replace(redocly, path=script), log


def runs(log: Path) -> int:
    """How many times the counting Redocly ran."""
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


# --- split_tree -------------------------------------------------------------------------


def test_split_of_the_shipped_spec_is_a_redocly_tree_and_cached(
    redocly: Tool, tmp_path: Path
) -> None:
    tool, log = counting(redocly, tmp_path)
    cache = tmp_path / "cache"
    tree = split_tree(SHIPPED_V1, tool, cache_root=cache)
    assert tree == cache / cache_key(SHIPPED_V1.read_bytes(), redocly.version or "")
    assert (tree / ROOT_FILE).is_file()
    assert (tree / "paths").is_dir() and any((tree / "paths").glob("*.yaml"))
    schemas = {p.stem for p in (tree / "components" / "schemas").glob("*.yaml")}
    assert {"ErrorResponse", "CreateChatCompletionRequest"} <= schemas
    assert "schemas:" not in (tree / ROOT_FILE).read_text(encoding="utf-8")
    assert runs(log) == 1
    assert split_tree(SHIPPED_V1, tool, cache_root=cache) == tree
    assert runs(log) == 1, "the second call re-ran redocly instead of using the cache"
    assert sorted(p.name for p in cache.iterdir() if p.name.startswith(".tmp-")) == []


def test_two_threads_wanting_one_tree_split_it_once(redocly: Tool, tmp_path: Path) -> None:
    tool, log = counting(redocly, tmp_path, delay=0.5)
    cache = tmp_path / "cache"
    found: list[Path] = []

    def work() -> None:
        found.append(split_tree(SHIPPED_V1, tool, cache_root=cache))

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(found) == 2 and found[0] == found[1]
    assert runs(log) == 1


def test_failed_split_raises_and_leaves_no_cache_entry(redocly: Tool, tmp_path: Path) -> None:
    spec = tmp_path / "absent-target.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: [\n", encoding="utf-8")
    cache = tmp_path / "cache"
    with pytest.raises(SplitError, match="redocly split"):
        split_tree(spec, redocly, cache_root=cache)
    assert [p.name for p in cache.iterdir() if not p.name.endswith(".lock")] == []


def test_split_refuses_an_unavailable_redocly(tmp_path: Path) -> None:
    missing = Tool(name="redocly", path=None, version=None, unavailable="node missing")
    with pytest.raises(ValueError, match="node missing"):
        split_tree(SHIPPED_V1, missing, cache_root=tmp_path)


def test_cache_key_changes_with_the_bytes_and_the_redocly_version() -> None:
    key = cache_key(b"openapi: 3.1.0\n", "2.77.0")
    assert len(key) == 64
    assert key == cache_key(b"openapi: 3.1.0\n", "2.77.0")
    assert key != cache_key(b"openapi: 3.1.1\n", "2.77.0")
    assert key != cache_key(b"openapi: 3.1.0\n", "2.78.0")


# --- trimmed_spec ------------------------------------------------------------------------


def test_trimmed_spec_keeps_first_paths_and_what_they_reach(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /a: {get: {responses: {'200': {$ref: '#/components/responses/R'}}}}\n"
        "  /b: {get: {responses: {'200': {description: ok, content: {application/json:"
        " {schema: {$ref: '#/components/schemas/Lone'}}}}}}}\n"
        "components:\n"
        "  responses:\n    R: {description: ok, content: {application/json:"
        " {schema: {$ref: '#/components/schemas/A'}}}}\n"
        "  schemas:\n    A: {properties: {b: {$ref: '#/components/schemas/B'}}}\n"
        "    B: {type: string}\n    Lone: {type: integer}\n"
        "  securitySchemes:\n    key: {type: apiKey, in: header, name: k}\n",
        encoding="utf-8",
    )
    out = trimmed_spec(spec, tmp_path / "out" / "t.yaml", max_paths=1)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data["paths"]) == ["/a"]
    assert set(data["components"]["schemas"]) == {"A", "B"}
    assert set(data["components"]["responses"]) == {"R"}
    assert set(data["components"]["securitySchemes"]) == {"key"}
    assert data["info"] == {"title": "t", "version": "1"}


# --- canonical IR and reachability -------------------------------------------------------

SPEC = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      parameters:
        - {name: n, in: query, schema: {type: integer, maximum: 9223372036854775807}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      discriminator: {propertyName: kind, mapping: {Cat: '#/components/schemas/Cat'}}
      oneOf: [{$ref: '#/components/schemas/Cat'}]
      properties: {owner: {$ref: '#/components/schemas/Owner/properties/name'}}
    Cat: {type: object, properties: {kind: {type: string}}}
    Owner: {type: object, properties: {name: {type: string}}}
    Unused: {type: boolean}
"""


def _api(tmp_path: Path, text: str, name: str = "spec.yaml") -> Api:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return build_ir(path, use_cache=False)[0]


def test_reachable_schemas_follow_refs_mappings_and_pointers_into_schemas(
    tmp_path: Path,
) -> None:
    api = _api(tmp_path, SPEC)
    assert reachable_schemas(api) == {"Pet", "Cat", "Owner"}


def test_canonical_forms_are_equal_for_equal_specs_and_differ_on_a_change(
    tmp_path: Path,
) -> None:
    a = Canonical(_api(tmp_path, SPEC, "a.yaml"))
    b = Canonical(_api(tmp_path, SPEC, "b.yaml"))
    changed_text = SPEC.replace("kind: {type: string}", "kind: {type: integer}")
    changed = Canonical(_api(tmp_path, changed_text, "c.yaml"))
    (op_a,), (op_b,), (op_c,) = a.api.operations, b.api.operations, changed.api.operations
    assert a.operation(op_a) == b.operation(op_b)
    assert a.named_schema("Cat") == b.named_schema("Cat")
    assert a.operation(op_a) == changed.operation(op_c), "the operation names Pet, not Cat"
    assert a.named_schema("Cat") != changed.named_schema("Cat")
    body = a.operation(op_a)["responses"]["200"]["content"]["application/json"]
    assert body["schema_id"] == {"$ref": "Pet"}


def test_canonical_reads_what_redocly_split_rewrites_alike(tmp_path: Path) -> None:
    # Redocly writes the implicit mapping out and big integers as doubles.
    split_like = SPEC.replace(
        "mapping: {Cat: '#/components/schemas/Cat'}",
        "mapping: {Cat: '#/components/schemas/Cat', Pet2: '#/components/schemas/Cat'}",
    ).replace("9223372036854775807", "9223372036854776000")
    original = SPEC.replace(
        "mapping: {Cat: '#/components/schemas/Cat'}", "mapping: {Pet2: '#/components/schemas/Cat'}"
    )
    a = Canonical(_api(tmp_path, original, "a.yaml"))
    b = Canonical(_api(tmp_path, split_like, "b.yaml"))
    (op_a,), (op_b,) = a.api.operations, b.api.operations
    assert a.operation(op_a) == b.operation(op_b)
    mapping = b.named_schema("Pet")["discriminator"]["mapping"]
    assert mapping == {"Pet2": {"$ref": "Cat"}}, "only the implicit entry Cat -> Cat is dropped"


# --- the pinned Node install --------------------------------------------------------------


def test_redocly_version_is_pinned_exactly_in_tests_node() -> None:
    assert pinned_version() == REDOCLY_VERSION
    lock = json.loads((NODE_DIR / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/@redocly/cli"]["version"] == REDOCLY_VERSION


def test_lock_names_no_registry_host() -> None:
    text = (NODE_DIR / "package-lock.json").read_text(encoding="utf-8")
    assert '"resolved"' not in text
    assert "://" not in text
    assert "omit-lockfile-registry-resolved=true" in (NODE_DIR / ".npmrc").read_text(
        encoding="utf-8"
    )


def test_redocly_without_a_pin_is_unavailable_with_a_reason(tmp_path: Path) -> None:
    tool = ensure_redocly(tmp_path, install=False)
    assert tool.path is None
    assert tool.unavailable is not None and "package.json" in tool.unavailable
