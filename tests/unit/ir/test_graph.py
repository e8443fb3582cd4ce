"""`ir.graph.components`: strongly connected components, sinks first."""

from __future__ import annotations

from generator.ir.graph import components


def test_components_come_sinks_first_and_leaves_are_left_out() -> None:
    edges = {"a": ["b"], "b": ["c", "leaf"], "c": ["b", "d"], "d": ["leaf"], "leaf": []}
    found = components(["a"], lambda node: edges.get(node, []))
    assert [sorted(c) for c in found] == [["d"], ["b", "c"], ["a"]]


def test_a_start_without_successors_is_its_own_component() -> None:
    assert components(["x", "x"], lambda node: []) == [["x"]]
