"""Strongly connected components of a graph of node ids (the schemas' `$ref` graph)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable


def components(starts: Iterable[str],
               successors: Callable[[str], Collection[str]]) -> list[list[str]]:
    """The strongly connected components of the graph reached from `starts`, each after
    every component it leads to (sinks first: Tarjan's order, without recursion). A node
    with no successors is left out when it is reached (each would be a component of its
    own, leading nowhere); as a start it is a component of its own."""
    number: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in starts:
        if start in number:
            continue
        number[start] = low[start] = len(number)
        stack.append(start)
        on_stack.add(start)
        work = [(start, iter(successors(start)))]
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in number:
                    if not successors(target):
                        continue
                    number[target] = low[target] = len(number)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(successors(target))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], number[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == number[node]:
                    found.append(_pop_component(stack, on_stack, node))
    return found


def _pop_component(stack: list[str], on_stack: set[str], head: str) -> list[str]:
    component = []
    while True:
        node = stack.pop()
        on_stack.discard(node)
        component.append(node)
        if node == head:
            return component
