"""The README's usage examples: one call per top-level namespace, from the spec."""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir.model import Api
from generator.naming.client import ArgLocation
from generator.render.client.modules import ResourceModule

_SAMPLES = {"str": '"..."', "int": "1", "float": "1.0", "bool": "True", "list": "[]",
            "dict": "{}"}


@dataclass(frozen=True, slots=True)
class Example:
    """One README section: a namespace and a call into it."""

    namespace: str
    code: str


def sample(type_text: str) -> str:
    """A placeholder value for an argument of this type."""
    head = type_text.split("[", 1)[0].split(" | ", 1)[0]
    if head == "Literal":
        return type_text[len("Literal["):].split(",", 1)[0].rstrip("]")
    return _SAMPLES.get(head, '"..."')


def examples(api: Api, modules: list[ResourceModule]) -> list[Example]:
    """A call per top-level namespace (its first method, required arguments only)."""
    out: list[Example] = []
    for module in modules:
        method = next((m for c in reversed(module.classes) for m in c.methods), None)
        if method is None:
            continue
        out.append(Example(module.top.dotted, method.example))
    return out


def call_example(dotted: str, args: list[tuple[str, ArgLocation, bool, str]],
                 has_result: bool) -> str:
    """`result = client.x.y("...", name=...)` with the required arguments."""
    parts = [sample(t) for n, loc, req, t in args if loc is ArgLocation.PATH and req
             and n != "deployment_id"]
    parts += [f"{n}={sample(t)}" for n, loc, req, t in args
              if req and not (loc is ArgLocation.PATH and n != "deployment_id")]
    text = f"client.{dotted}({', '.join(parts)})"
    return f"result = {text}" if has_result else text
