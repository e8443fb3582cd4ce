"""The reach index: which operations reach a node, on which side, through `$ref` cycles."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from generator.changelog.model import Side
from generator.changelog.reach import build_index
from tests.unit.changelog.helpers import api_from_text

SPEC = """
openapi: 3.1.0
info: {title: Reach, version: "1"}
paths:
  /a:
    post:
      operationId: postA
      requestBody:
        content:
          application/json: {schema: {$ref: "#/components/schemas/A"}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/D"}}
  /b:
    get:
      operationId: getB
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/C"}}
components:
  schemas:
    A: {type: object, properties: {next: {$ref: "#/components/schemas/B"}}}
    B:
      type: object
      properties:
        back: {$ref: "#/components/schemas/A"}
        leaf: {$ref: "#/components/schemas/C"}
    C: {type: string}
    D: {type: object, properties: {x: {type: string}}}
    E: {type: object, properties: {y: {$ref: "#/components/schemas/A"}}}
"""


def _reached(tmp_path: Path, *, decoded: bool = False) -> dict[str, set[tuple[str, Side, bool]]]:
    api = api_from_text(tmp_path, "reach", SPEC)
    if decoded:  # a table without the encoded form (pickled): no reference summary to read
        api = pickle.loads(pickle.dumps(api))
        assert not api.nodes.references()
    index = build_index(api)
    nodes = ["A", "B", "B/properties/back", "C", "D/properties/x", "E", "E/properties/y"]
    return {node: {(h.operation, h.side, h.at_root)
                   for h in index.holds(f"#/components/schemas/{node}")} for node in nodes}


@pytest.mark.parametrize("decoded", [False, True])
def test_a_cycle_is_reached_from_where_it_is_entered(tmp_path: Path, decoded: bool) -> None:
    reached = _reached(tmp_path, decoded=decoded)
    # A -> B -> A: both sides of the cycle (and what is inside them) reach the body's operation
    assert reached["A"] == {("POST /a", Side.REQUEST, True)}
    assert reached["B"] == {("POST /a", Side.REQUEST, False)}
    assert reached["B/properties/back"] == reached["B"]
    # C: left through the cycle on the request side, and returned as a whole by GET /b
    assert reached["C"] == {("POST /a", Side.REQUEST, False), ("GET /b", Side.RESPONSE, True)}
    assert reached["D/properties/x"] == {("POST /a", Side.RESPONSE, False)}


def test_a_component_only_referring_to_reached_ones_is_unreached(tmp_path: Path) -> None:
    reached = _reached(tmp_path)
    assert reached["E"] == set()
    assert reached["E/properties/y"] == set()


def test_reached_says_whether_there_are_holds(tmp_path: Path) -> None:
    api = api_from_text(tmp_path, "reach", SPEC)
    nodes = [f"#/components/schemas/{n}" for n in ("A", "B/properties/leaf", "C", "D", "E")]
    asked_first = build_index(api)  # `reached` before any `holds`, then after
    assert [asked_first.reached(n) for n in nodes] == [True, True, True, True, False]
    index = build_index(api)
    assert [bool(index.holds(n)) for n in nodes] == [index.reached(n) for n in nodes]
    assert index.reached(None) is False


NESTED = SPEC.replace(
    '{schema: {$ref: "#/components/schemas/C"}}',
    '{schema: {$ref: "#/components/schemas/D/properties/x"}}')


@pytest.mark.parametrize("decoded", [False, True])
def test_a_nested_ref_target_is_held_at_root(tmp_path: Path, decoded: bool) -> None:
    api = api_from_text(tmp_path, "nested", NESTED)
    if decoded:  # no reference summary: every node may be a target, chains decide
        api = pickle.loads(pickle.dumps(api))
    holds = build_index(api).holds("#/components/schemas/D/properties/x")
    # GET /b returns the property's schema itself; POST /a returns D, which holds it
    assert {(h.operation, h.at_root) for h in holds} == {("GET /b", True), ("POST /a", False)}


def test_prepare_changes_no_answer(tmp_path: Path) -> None:
    api = api_from_text(tmp_path, "reach", SPEC)
    nodes = [f"#/components/schemas/{n}" for n in ("A", "B/properties/leaf", "C", "D", "E")]
    prepared = build_index(api)
    prepared.prepare()
    assert prepared.reaching is not None  # worked out before any question
    assert [prepared.holds(n) for n in nodes] == [build_index(api).holds(n) for n in nodes]
