"""One dialect for later stages: OpenAPI 3.0 Schema Object idioms rewritten to their 3.1 forms.

Pure functions over one Schema Object at a time (shallow: sub-schemas are rewritten when the
caller reaches them). The rules, each with a fixture pair under tests/fixtures/normalize/:

- `nullable: true` with a `type` adds "null" to the type (and to an `enum`); without a `type`
  the node's assertions move into `anyOf: [<assertions>, {type: "null"}]` (a lone `anyOf`
  gains the null member instead), its annotations stay outside. `nullable: false` is dropped.
- boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric form (`minimum: 1`,
  `exclusiveMinimum: true` -> `exclusiveMinimum: 1`); `false` is dropped.
- schema `example: x` becomes `examples: [x]` (after any `examples` already there).
- 3.0 only: the siblings of `$ref` are ignored (3.0 says so), except `nullable`, the common
  idiom for a nullable reference. In 3.1 siblings apply beside the reference and are kept.

When the file declares 3.1 the caller reports each returned idiom through `idiom_finding`: the
deprecated schema `example` as `schema-example-deprecated` (info), the others, whose meaning 3.1
changes, as `oas30-idiom` warnings.
Media-type `examples` maps and parameter `example`s are not Schema Objects: not touched here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic, Location, info, warning
from generator.spec.document import Dialect

# Keywords that stay on the outer node when `nullable` wraps a type-less schema in anyOf:
# they describe the value, whatever its type.
ANNOTATION_KEYWORDS = frozenset(
    {
        "description", "title", "default", "examples", "example", "deprecated",
        "readOnly", "writeOnly", "externalDocs", "xml", "$comment",
    }
)
_IDIOM_KEYWORDS = frozenset({"nullable", "example", "exclusiveMinimum", "exclusiveMaximum"})
_BOUNDS = (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum"))


@dataclass(frozen=True, slots=True)
class Idiom:
    """A 3.0 idiom found in a Schema Object: the keyword (a pointer token) and what became of it."""

    keyword: str
    message: str


@dataclass(frozen=True, slots=True)
class Normalized:
    """The 3.1 form of one Schema Object.

    `wrapped` says the node's assertions were moved into `anyOf[0]` (a node that exists in
    no file: its sub-schemas keep the pointers of the original node).
    """

    node: dict[str, Any]
    idioms: tuple[Idiom, ...] = ()
    wrapped: bool = False


def idiom_finding(idiom: Idiom, location: Location) -> Diagnostic:
    """The finding for one 3.0 idiom of a 3.1 file (validate and the IR build both use it)."""
    if idiom.keyword == "example":  # still valid in 3.1, only deprecated: advice
        return info("schema-example-deprecated", idiom.message, location)
    return warning("oas30-idiom", f"{idiom.message} (in a 3.1 file)", location)


def needs_normalizing(node: Mapping[str, Any], dialect: Dialect) -> bool:
    """Cheap test: could `normalize_schema` change this node? (Most nodes: no.)"""
    if not _IDIOM_KEYWORDS.isdisjoint(node):
        return True
    return dialect == "3.0" and "$ref" in node and len(node) > 1


def normalize_schema(node: Mapping[str, Any], dialect: Dialect) -> Normalized:
    """Rewrite one Schema Object's 3.0 idioms into 3.1 forms; see the module docstring."""
    out = dict(node)
    idioms: list[Idiom] = []
    if dialect == "3.0" and "$ref" in out:
        out = {k: v for k, v in out.items() if k in ("$ref", "nullable")}
    if "example" in out:
        _example(out, idioms)
    for exclusive, bound in _BOUNDS:
        if isinstance(out.get(exclusive), bool):
            _exclusive(out, exclusive, bound, idioms)
    wrapped = False
    if "nullable" in out and isinstance(out["nullable"], bool):
        out, wrapped = _nullable(out, idioms)
    return Normalized(node=out, idioms=tuple(idioms), wrapped=wrapped)


def _example(out: dict[str, Any], idioms: list[Idiom]) -> None:
    value = out.pop("example")
    existing = out.get("examples")
    out["examples"] = [*existing, value] if isinstance(existing, list) else [value]
    idioms.append(Idiom("example", "schema `example` is deprecated in 3.1 in favour of `examples`;"
                        " read as `examples: [...]`"))


def _exclusive(out: dict[str, Any], exclusive: str, bound: str, idioms: list[Idiom]) -> None:
    flag = out.pop(exclusive)
    if flag and bound in out:
        out[exclusive] = out.pop(bound)
        what = f"`{exclusive}: {out[exclusive]!r}`"
    elif flag:
        what = f"nothing (no `{bound}` to make exclusive)"
    else:
        what = f"plain `{bound}`"
    written = f"`{exclusive}: {str(flag).lower()}`"
    idioms.append(Idiom(exclusive, f"3.0 boolean {written} read as {what}"))


def _nullable(out: dict[str, Any], idioms: list[Idiom]) -> tuple[dict[str, Any], bool]:
    flag = out.pop("nullable")
    if not flag:
        idioms.append(Idiom("nullable", "3.0 `nullable: false` dropped (it has no effect)"))
        return out, False
    kind = out.get("type")
    if isinstance(kind, str | list):
        types = [kind] if isinstance(kind, str) else list(kind)
        if "null" not in types:
            types.append("null")
        out["type"] = types
        enum = out.get("enum")
        if isinstance(enum, list) and None not in enum:
            out["enum"] = [*enum, None]
        idioms.append(Idiom("nullable", "3.0 `nullable: true` read as a type union with \"null\""))
        return out, False
    return _wrap_null(out, idioms)


def _wrap_null(out: dict[str, Any], idioms: list[Idiom]) -> tuple[dict[str, Any], bool]:
    outer = {k: v for k, v in out.items() if k in ANNOTATION_KEYWORDS or k.startswith("x-")}
    inner = {k: v for k, v in out.items() if k not in outer}
    message = "3.0 `nullable: true` read as `anyOf: [..., {type: \"null\"}]`"
    if not inner:
        # Nothing constrains the value: it already admits null.
        idioms.append(Idiom("nullable", "3.0 `nullable: true` on an unconstrained schema dropped"))
        return outer, False
    idioms.append(Idiom("nullable", message))
    members = inner.get("anyOf")
    if len(inner) == 1 and isinstance(members, list):
        if not any(_is_null_schema(m) for m in members):
            members = [*members, {"type": "null"}]
        return {"anyOf": members, **outer}, False
    return {"anyOf": [inner, {"type": "null"}], **outer}, True


def _is_null_schema(node: object) -> bool:
    return isinstance(node, dict) and node.get("type") == "null" and len(node) == 1
