"""Views -> modules: which module holds each definition, in what order, with what imports.

Grouping: every named schema has a module of its own (snake_case of its class name), which
also holds the inline schemas inside it and its request twin; operation bodies get one per
operation body. Modules whose definitions refer to each other in a cycle are merged (the
strongly connected components of the module graph), so imports form a DAG and each module
imports its dependencies at its top. Inside a module, classes come first (a base before its
subclasses; annotations are evaluated lazily) and eager definitions (aliases, functional
TypedDicts) after them, each after what it uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.naming import Namer
from generator.render.models.views import View
from generator.render.pytext import LINE

_DIGITS = re.compile(r"(\d+)")

# Where each non-generated symbol comes from (the rest are builtins or generated names).
_SOURCES: Mapping[str, str] = {
    **{n: "typing" for n in ("Any", "Literal", "Optional", "TypeAlias", "Union", "Annotated")},
    **{n: "typing_extensions" for n in ("Never", "NotRequired", "Required", "TypedDict")},
    "UUID": "uuid",
    "Field": "pydantic",
    "Tag": "pydantic",
    **{n: "._base" for n in ("OpenModel", "UnknownInt", "UnknownStr", "UnknownVariant",
                             "tagged", "unknown_variant", "also_valid_as")},
}
_STDLIB = ("typing", "uuid")
_THIRD = ("pydantic", "typing_extensions")


@dataclass(slots=True)
class Module:
    """One generated module: its name and its views in definition order."""

    name: str
    views: list[View] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)  # `__all__` when it re-exports names


def group(views: Mapping[str, View], namer: Namer) -> list[Module]:
    """Assign views to modules, merge cycles, order definitions and compute imports."""
    by_name = {v.name: v for v in views.values()}
    home: dict[str, str] = {}
    for key in sorted(views):
        view = views[key]
        anchor = views.get(view.module_key)
        home[key] = namer.module(view.module_key, anchor.name if anchor else view.name)
    edges: dict[str, set[str]] = {m: set() for m in home.values()}
    for key, view in views.items():
        for symbol in view.symbols:
            used = by_name.get(symbol)
            if used is not None and home[used.key] != home[key]:
                edges[home[key]].add(home[used.key])
    merged: dict[str, str] = {}
    for component in _components(edges):
        target = min(component)
        for member in component:
            merged[member] = target
    modules: dict[str, Module] = {}
    for key in sorted(views):
        name = merged[home[key]]
        modules.setdefault(name, Module(name)).views.append(views[key])
    for module in modules.values():
        module.views = _ordered(module.views, by_name)
    where = {v.key: (m.name, i) for m in modules.values() for i, v in enumerate(m.views)}
    homes = {k: merged[home[k]] for k in home}
    for module in modules.values():
        for number, view in enumerate(module.views):
            # black: one blank line between the imports and a first statement, two before a
            # class and between definitions.
            view.blank = "" if number == 0 and view.is_eager else "\n"
        needed = _inherited(module, views, by_name, where)
        module.imports = _imports(module, by_name, homes, needed)
        if needed:
            # Held for pydantic, not used here: `__all__` says so (to ruff, mypy, readers).
            module.exports = sorted({*needed, *(v.name for v in module.views)}, key=all_key)
            for view in module.views:
                view.blank = "\n"
    return [modules[n] for n in sorted(modules)]


def _components(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan's algorithm, iterative), deterministic."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
    return out


def _ordered(views: list[View], by_name: Mapping[str, View]) -> list[View]:
    """Classes first, bases before subclasses; then eager definitions after what they use.

    A base (and, for an alias, what it names) must come first: these edges are hard. What a
    class's fields name should come first, so that pydantic completes the fields when the
    class is created, but only where no hard edge forbids it (a cycle leaves the rest for the
    first use).
    """
    local = {v.key: v for v in views}

    def named(view: View) -> list[str]:
        keys = (by_name[s].key for s in view.symbols if s in by_name)
        return sorted(k for k in keys if k in local and k != view.key)

    hard = {v.key: [k for k in v.base_keys if k in local] for v in views if not v.is_eager}
    soft = {v.key: named(v) for v in views if not v.is_eager}
    for v in views:
        if v.is_eager:
            hard[v.key], soft[v.key] = [k for k in named(v) if local[k].is_eager], []
    out: list[View] = []
    placed: set[str] = set()

    def place(view: View, path: set[str]) -> bool:
        """Place `view` after what it needs; False when a hard need is still being placed."""
        if view.key in placed:
            return True
        if view.key in path:
            return False
        path.add(view.key)
        for dep in hard[view.key]:
            if not place(local[dep], path) and not view.is_eager:
                path.discard(view.key)
                return False  # a base waits for its own place; so does this subclass
        for dep in soft[view.key]:
            if not local[dep].is_eager:
                place(local[dep], path)
        path.discard(view.key)
        placed.add(view.key)
        out.append(view)
        return True

    for view in [*(v for v in views if not v.is_eager), *(v for v in views if v.is_eager)]:
        place(view, set())
    return out


def _inherited(module: Module, views: Mapping[str, View], by_name: Mapping[str, View],
               where: Mapping[str, tuple[str, int]]) -> set[str]:
    """Names a subclass's module must hold for fields its ancestors could not complete.

    pydantic completes an inherited field left incomplete (a name defined after the base,
    or the base itself) in the subclass's module namespace, so that module imports them.
    """
    needed: set[str] = set()
    for view in module.views:
        stack, seen = list(view.base_keys), set()
        while stack:
            key = stack.pop()
            ancestor = views.get(key)
            if ancestor is None or key in seen:
                continue
            seen.add(key)
            stack.extend(ancestor.base_keys)
            home, index = where[key]
            for symbol in ancestor.symbols:
                used = by_name.get(symbol)
                if used is not None and where[used.key][0] == home and where[used.key][1] >= index:
                    needed.add(symbol)
    return needed - {v.name for v in module.views}


def _imports(module: Module, by_name: Mapping[str, View], home: Mapping[str, str],
             needed: set[str]) -> list[str]:
    """Import blocks (standard library, third party, the package), each laid out for black."""
    own = {v.name for v in module.views}
    froms: dict[str, set[str]] = {}
    plain: set[str] = set()
    for view in module.views:
        for symbol in view.symbols:
            if symbol in own:
                continue
            if symbol == "datetime":
                plain.add("datetime")
            elif symbol in _SOURCES:
                froms.setdefault(_SOURCES[symbol], set()).add(symbol)
            elif symbol in by_name:
                froms.setdefault("." + home[by_name[symbol].key], set()).add(symbol)
    imported = set().union(*froms.values()) if froms else set()
    for symbol in sorted(needed - imported):
        froms.setdefault("." + home[by_name[symbol].key], set()).add(symbol)
    blocks = []
    std = [f"import {p}" for p in sorted(plain)]
    std += [_from(m, froms[m]) for m in _STDLIB if m in froms]
    third = [_from(m, froms[m]) for m in _THIRD if m in froms]
    local = []
    for m in sorted(froms, key=lambda m: natural(m.lower())):
        if m.startswith("."):
            local.append(_from(m, froms[m]))
    for block in (std, third, local):
        if block:
            blocks.append("\n".join(block))
    return blocks


def natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A natural sort key (`Item2` before `Item10`), as ruff's isort and RUF022 sort."""
    return tuple((1, int(p)) if p.isdigit() else (0, p) for p in _DIGITS.split(text) if p)


def all_key(name: str) -> tuple[object, ...]:
    """RUF022's order for `__all__`: CONSTANTS, Classes, the rest; natural within each."""
    rank = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return rank, natural(name)


def member_key(name: str) -> tuple[object, ...]:
    """isort's order (ruff's default): CONSTANTS, then Classes, then the rest, caseless."""
    rank = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return rank, natural(name.lower()), name


def _from(module: str, names: Iterable[str]) -> str:
    """`from module import a, b` on one line, or black's exploded form when too long."""
    ordered = sorted(set(names), key=member_key)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= LINE:
        return line
    body = "".join(f"    {n},\n" for n in ordered)
    return f"from {module} import (\n{body})"
