"""render/models/modules.py: cycles share a module, order within a module, imports."""

from __future__ import annotations

from generator.naming import Namer
from generator.render.models.modules import _components, group, member_key, natural
from generator.render.models.views import View


def _view(name: str, kind: str = "model", symbols: set[str] | None = None,
          bases: tuple[str, ...] = ()) -> View:
    view = View(name, kind, f"#/{name}", f"#/{name}", bases="OpenModel", base_keys=bases)
    view.symbols = {"OpenModel", *(symbols or set())}
    return view


def test_strongly_connected_components() -> None:
    edges = {"a": {"b"}, "b": {"a"}, "c": {"a"}, "d": set()}
    assert sorted(sorted(c) for c in _components(edges)) == [["a", "b"], ["c"], ["d"]]


def test_cycles_share_a_module_and_imports_form_a_dag() -> None:
    views = {v.key: v for v in [
        _view("Tree", symbols={"Forest"}),
        _view("Forest", symbols={"Tree"}),
        _view("Park", symbols={"Forest"}),
    ]}
    modules = {m.name: m for m in group(views, Namer())}
    assert sorted(modules) == ["forest", "park"]
    assert [v.name for v in modules["forest"].views] == ["Tree", "Forest"]
    assert "from .forest import Forest" in modules["park"].imports[-1]


def test_bases_and_used_classes_come_first_and_aliases_last() -> None:
    views = {v.key: v for v in [
        _view("B", symbols={"A", "C"}, bases=("#/A",)),
        _view("A", symbols={"B"}),
        _view("C", kind="alias", symbols={"B", "TypeAlias"}),
    ]}
    (module,) = group(views, Namer())
    assert [v.name for v in module.views] == ["A", "B", "C"]
    assert module.views[2].blank == "\n"


def test_isort_order() -> None:
    names = ["tagged", "UnknownVariant", "TYPE_CHECKING", "Item10", "Item2"]
    assert sorted(names, key=member_key) == [
        "TYPE_CHECKING", "Item2", "Item10", "UnknownVariant", "tagged"]
    assert natural("a10") > natural("a9")
