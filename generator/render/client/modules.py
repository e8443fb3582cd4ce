"""Method code -> resource modules: one module per top-level namespace, its classes and imports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.naming import pascal
from generator.naming.space import Namespace
from generator.render.client.methods import MethodCode
from generator.render.client.operations import OpView
from generator.render.models.modules import member_key
from generator.render.pytext import LINE

_TYPING = frozenset({"Any", "Literal", "Annotated", "Union", "Optional"})
_BASE = frozenset({"UnknownStr", "UnknownInt", "UnknownVariant", "OpenModel"})
_RUNTIME_TYPES = frozenset({"Stream", "AsyncStream", "SyncPage", "AsyncPager", "BinaryResponse",
                            "AsyncBinaryResponse", "FileTypes"})
_PYDANTIC = frozenset({"Field", "Tag"})


@dataclass(slots=True)
class ResourceClass:
    """One namespace: its sync and async classes, child namespaces and methods."""

    path: tuple[str, ...]
    name: str
    async_name: str
    # attr, class, async class, and the `def attr(self) -> class:` lines (sync, async)
    children: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    methods: list[MethodCode] = field(default_factory=list)

    @property
    def dotted(self) -> str:
        """`client.chat.completions`."""
        return ".".join(("client", *self.path))

    def child_return(self, cls: str) -> str:
        """The body of a child namespace's property."""
        return return_line(cls, "self._client")

    def raw_class(self, is_async: bool, streamed: bool = False) -> str:
        """The `...WithRawResponse` class (methods returning raw responses), or with `streamed`
        the `...WithStreamingResponse` one (methods returning context managers)."""
        prefix = "Async" if is_async else ""
        own = f"{prefix}{self.name}"
        resource = "Any" if not self.path else own
        suffix, kind = ("WithStreamingResponse", "streamed") if streamed else (
            "WithRawResponse", "raw")
        attr = "client.with_streaming_response" if streamed else "client.with_raw_response"
        lines = [f"class {own}{suffix}:",
                 f'    """`{".".join((attr, *self.path))}`."""', "",
                 _init_head(resource),
                 "        self._resource = resource"]
        for method in self.methods:
            wrap = f"{kind}_wrapper"
            if is_async:
                wrap = f"async_page_{kind}_wrapper" if method.paged else f"async_{kind}_wrapper"
            lines.append(_assign(f"self.{method.name}", wrap, f"resource.{method.name}"))
        for attr, cls, acls, _, _ in self.children:
            child = f"{acls if is_async else cls}{suffix}"
            lines += ["", "    @cached_property", property_head(attr, child),
                      return_line(child, f"self._resource.{attr}")]
        return "\n".join(lines)


@dataclass(slots=True)
class ResourceModule:
    """One module of `resources/`: the classes of one top-level namespace."""

    name: str
    top: ResourceClass
    classes: list[ResourceClass]
    constants: list[str]
    imports: list[str]
    checking: list[str]

    @property
    def wraps_deprecated(self) -> bool:
        """Whether a raw/streaming class wraps a method marked `@deprecated`."""
        return any("@deprecated(" in m.sync for c in self.classes for m in c.methods)


def _class_names(paths: Iterable[tuple[str, ...]],
                 models: frozenset[str]) -> dict[tuple[str, ...], str]:
    """Resource class names: never a model's name (a module may import both)."""
    space = Namespace(("Resource",), {"Client", "AsyncClient", *models,
                                      *(m.removeprefix("Async") for m in models)})
    return {p: space.allocate(pascal("_".join(p)) if p else "Root") for p in sorted(paths)}


def resource_modules(views: list[OpView], codes: Mapping[str, MethodCode],
                     models: frozenset[str]) -> list[ResourceModule]:
    """The resource modules, by top-level namespace (the root's methods in `_root`)."""
    paths = {()} | {v.names.resource[:i] for v in views
                    for i in range(len(v.names.resource) + 1)}
    names = _class_names(paths, models)
    classes = {p: ResourceClass(p, names[p], "Async" + names[p]) for p in sorted(paths)}
    for path in sorted(paths):
        if path:
            parent = classes[path[:-1]]
            name, attr = names[path], path[-1]
            parent.children.append((attr, name, "Async" + name, property_head(attr, name),
                                    property_head(attr, "Async" + name)))
    for view in sorted(views, key=lambda v: (v.names.resource, v.names.name)):
        classes[view.names.resource].methods.append(codes[view.names.key])
    out: list[ResourceModule] = []
    tops = sorted({p[0] for p in paths if p})
    groups = [("_root", [classes[()]])] if classes[()].methods else []
    groups += [(top, [c for p, c in sorted(classes.items(), key=lambda i: (-len(i[0]), i[0]))
                      if p[:1] == (top,)]) for top in tops]
    for module, members in groups:
        out.append(_module(module, members, models))
    return out


def _module(name: str, members: list[ResourceClass], models: frozenset[str]) -> ResourceModule:
    methods = [m for c in members for m in c.methods]
    used: set[str] = set().union(*(m.names for m in methods)) if methods else set()
    runtime: set[str] = set().union(*(m.runtime_names for m in methods)) if methods else set()
    text = "\n".join([m.sync + m.async_ for m in methods] + [m.op_text for m in methods])
    checking = _checking(used, runtime, models)
    imports = _imports(name, members, text, used, runtime, models, bool(checking))
    return ResourceModule(name, members[-1], members, [m.op_text for m in methods], imports,
                          checking)


def _imports(name: str, members: list[ResourceClass], text: str, used: set[str],
             runtime: set[str], models: frozenset[str], checking: bool) -> list[str]:
    """The module's import blocks (standard library, third party, the package), isort's way."""
    typing = {"cast"} | {n for n in _TYPING if n in used}
    typing |= {"Any"} if name == "_root" else set()
    typing |= {"overload"} if "@overload" in text else set()
    typing |= {"Literal"} if "Literal[" in text else set()
    typing |= {"TYPE_CHECKING"} if checking else set()
    std = ["import builtins"] if "builtins." in text else []
    if any(c.children for c in members):
        std.append("from functools import cached_property")
    std.append(_from("typing", typing))
    third = ["import httpx"]
    if runtime & _PYDANTIC:
        third.append(_from("pydantic", runtime & _PYDANTIC))
    if "@deprecated(" in text:
        third.append("from typing_extensions import deprecated")
    local = ["from .. import types as _t"] if runtime & models else []
    rt = {"NOT_GIVEN", "Body", "CallOptions", "Headers", "Kind", "NotGiven", "Op", "Query"}
    if name != "_root":
        rt |= {"SyncResource", "AsyncResource"}
    rt |= {n for n in _RUNTIME_TYPES if f"{n}[" in text or f"-> {n}:" in text or f": {n}" in text}
    rt |= {w for w in ("Param", "PageSpec", "deprecated_argument", "deprecated_overload")
           if f"{w}(" in text}
    methods = [m for c in members for m in c.methods]
    for kind in ("raw", "streamed") if methods else ():  # the `...WithRawResponse` classes
        rt.add(f"{kind}_wrapper")                          # and their streaming twins wrap them
        rt |= {f"async_page_{kind}_wrapper" if m.paged else f"async_{kind}_wrapper"
               for m in methods}
    local.append(_from(".._runtime", rt))
    if runtime & _BASE:
        local.append(_from("..types._base", runtime & _BASE))
    return ["\n".join(block) for block in (std, third, local)]


def _checking(used: set[str], runtime: set[str], models: frozenset[str]) -> list[str]:
    """The imports only annotations need (under `if TYPE_CHECKING:`)."""
    std = (["import datetime"] if "datetime" in used else []) + \
        (["from uuid import UUID"] if "UUID" in used else [])
    local = [_from("..types", used & models, 4)] if used & models else []
    if (used - runtime) & _BASE:
        local.append(_from("..types._base", (used - runtime) & _BASE, 4))
    return ["\n".join(b) for b in (std, local) if b]


def _init_head(resource: str) -> str:
    """`    def __init__(self, resource: Cls) -> None:`, split as black splits it."""
    line = f"    def __init__(self, resource: {resource}) -> None:"
    if len(line) <= LINE:
        return line
    inner = f"        self, resource: {resource}"
    if len(inner) <= LINE:
        return f"    def __init__(\n{inner}\n    ) -> None:"
    return f"    def __init__(\n        self,\n        resource: {resource},\n    ) -> None:"


def return_line(cls: str, arg: str) -> str:
    """`        return Cls(arg)` in a method body, split as black splits it when too long."""
    return _statement("return ", cls, arg)


def _assign(target: str, func: str, arg: str) -> str:
    """`        target = func(arg)` in a method body, split as black splits it when too long."""
    return _statement(f"{target} = ", func, arg)


def _statement(head: str, func: str, arg: str) -> str:
    """`        {head}func(arg)` at method-body indent, laid out as black lays it out: one line,
    else the call split after its bracket; when `func(` does not fit beside the head, the
    call goes inside parentheses of its own, if every line of that form fits."""
    line = f"        {head}{func}({arg})"
    if len(line) <= LINE:
        return line
    split = f"        {head}{func}(\n            {arg}\n        )"
    if len(f"        {head}{func}(") <= LINE:
        return split
    inner = f"            {func}({arg})"
    if len(inner) > LINE:
        inner = f"            {func}(\n                {arg}\n            )"
    wrapped = f"        {head}(\n{inner}\n        )"
    return wrapped if all(len(x) <= LINE for x in wrapped.splitlines()) else split


def property_head(attr: str, result: str) -> str:
    """`    def attr(self) -> Result:`, split as black splits it when too long."""
    line = f"    def {attr}(self) -> {result}:"
    if len(line) <= LINE:
        return line
    return f"    def {attr}(\n        self,\n    ) -> {result}:"


def import_line(module: str, names: Iterable[str], indent: int = 0) -> str:
    """An import laid out as ruff's isort wants it."""
    return _from(module, names, indent)


def _from(module: str, names: Iterable[str], indent: int = 0) -> str:
    """`from module import a, b`, or isort's wrapped form when too long at `indent`."""
    ordered = sorted(set(names), key=member_key)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) + indent <= LINE:
        return line
    body = "".join(f"    {n},\n" for n in ordered)
    return f"from {module} import (\n{body})"
