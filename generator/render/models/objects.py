"""Object schemas: their properties merged across allOf and references, the named models they
inherit from, and the statements a class body or a TypedDict holds, laid out as black would."""

from __future__ import annotations

import dataclasses
import keyword
from collections.abc import Collection
from dataclasses import dataclass, field

from generator.ir import schema as s
from generator.render.models.typemap import TypeMapper, escape, sole_non_null
from generator.render.pytext import LINE, Expr, py_literal, py_str


@dataclass(slots=True)
class Parts:
    """The properties of an object-like schema, merged: wire -> (schema, pointer)."""

    props: dict[str, tuple[s.Schema, str]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    extra: s.Schema | None = None
    raw: list[str] = field(default_factory=list)


def collect(mapper: TypeMapper, schema: s.Schema | None, pointer: str, out: Parts,
            seen: frozenset[str] = frozenset()) -> Parts:
    """Merge the properties of `schema` (objects, allOf members, references) into `out`."""
    if isinstance(schema, s.ReferenceSchema):
        if schema.target not in seen:
            target = mapper.api.node(schema.target)
            collect(mapper, target, schema.target, out, seen | {schema.target})
        return out
    if schema is None:
        return out
    out.raw.extend(k for k in schema.extra if k not in out.raw)
    if isinstance(schema, s.ObjectSchema):
        for wire, prop in schema.properties.items():
            here = f"{pointer}/properties/{escape(wire)}"
            found = out.props.get(wire)
            out.props[wire] = (prop, here) if found is None else (merge(found[0], prop), found[1])
        out.required.update(schema.required)
        if schema.additional_properties is not None:
            out.extra = schema.additional_properties
    elif isinstance(schema, s.AllOfSchema):
        for index, member in enumerate(schema.members):
            collect(mapper, member, f"{pointer}/allOf/{index}", out, seen)
        collect(mapper, schema.base, pointer, out, seen)
    elif isinstance(schema, s.UnionSchema) and (nonnull := sole_non_null(schema)) is not None:
        # an allOf member that is "object or null" (3.0 `nullable`): beside the other
        # members the value is an object, so its properties count
        index, inner = nonnull
        typed = schema.mode is s.UnionMode.TYPES  # a type list's members share its pointer
        here = pointer if typed else f"{pointer}/{schema.mode.value}/{index}"
        collect(mapper, inner, here, out, seen)
    return out


def unlisted(parts: Parts, pointer: str, known: Collection[str] = ()) -> None:
    """Required names that no property defines: JSON Schema still requires the key (any
    value), so they become required fields of any type."""
    for wire in sorted(parts.required - parts.props.keys() - set(known)):
        parts.props[wire] = (s.AnySchema(), f"{pointer}/properties/{escape(wire)}")


def merge(old: s.Schema, new: s.Schema) -> s.Schema:
    """One property given by two allOf members: both sets of constraints, the later winning
    where they clash; a later member that only annotates (`{description: ...}`) keeps the
    earlier type."""
    if type(old) is type(new) and isinstance(new, _MERGEABLE):
        given = {f.name: getattr(new, f.name) for f in dataclasses.fields(new)
                 if getattr(new, f.name) != f.default}
        return dataclasses.replace(old, **given)
    if isinstance(new, s.AnySchema) and new.enum is None and new.const is s.NO_VALUE \
            and not new.extra:
        notes = {k: getattr(new, k) for k in ("description", "title") if getattr(new, k)}
        return dataclasses.replace(old, **notes, deprecated=old.deprecated or new.deprecated)
    return new


_MERGEABLE = (s.StringSchema, s.IntegerSchema, s.NumberSchema, s.ArraySchema, s.BooleanSchema)


def model_bases(mapper: TypeMapper, schema: s.Schema) -> list[str]:
    """Keys of the named models an allOf inherits from (the rest is merged)."""
    if not isinstance(schema, s.AllOfSchema):
        return []
    keys = []
    for member in schema.members:
        if isinstance(member, s.ReferenceSchema) and member.target in mapper.named:
            target = mapper.api.node(member.target)
            if target is not None and mapper.is_model(target, named=True):
                keys.append(member.target)
    # A base that another base already inherits from would make the MRO inconsistent.
    ancestors = {a for k in keys for a in _ancestors(mapper, k, set())}
    return [k for k in dict.fromkeys(keys) if k not in ancestors]


def _ancestors(mapper: TypeMapper, key: str, seen: set[str]) -> set[str]:
    node = mapper.api.node(key)
    if node is None or key in seen:
        return set()
    seen.add(key)
    found: set[str] = set()
    for base in model_bases_raw(mapper, node):
        found.add(base)
        found |= _ancestors(mapper, base, seen)
    return found


def model_bases_raw(mapper: TypeMapper, schema: s.Schema) -> list[str]:
    """Named model members of an allOf, before pruning."""
    if not isinstance(schema, s.AllOfSchema):
        return []
    return [m.target for m in schema.members
            if isinstance(m, s.ReferenceSchema) and m.target in mapper.named
            and mapper.is_model(mapper.api.nodes[m.target], named=True)]


KEYWORDS = frozenset(keyword.kwlist)


def default_code(value: object) -> str:
    """A default as code: a literal; lists and dicts through Field (pydantic copies them)."""
    if isinstance(value, list | dict):
        if not value:
            return f"Field(default_factory={type(value).__name__})"
        return f"Field(default={py_literal(value)})"
    return py_literal(value)


def narrower(sub: Expr, base: Expr) -> bool:
    """Whether type `sub` is (simply, by its spelling) a subtype of `base`."""
    if sub.flat() == base.flat():
        return True
    if sub.is_or:
        return all(narrower(member, base) for member in sub.args)
    if base.is_or:
        return any(narrower(sub, member) for member in base.args)
    if sub.head == "Literal" and not sub.call:
        values = [a.head for a in sub.args]
        if base.head == "Literal" and not base.call:
            return set(values) <= {a.head for a in base.args}
        if base.flat() == "str":
            return all(v[:1] in "'\"" for v in values)
        if base.flat() == "int":
            return all(v.lstrip("-").isdigit() for v in values)
    return base.flat() == "Any"


def statement(head: str, expr: Expr, default: str) -> str:
    """`name: type = default` in a class body, laid out as black leaves it."""
    flat = f"{head}{expr.flat()}{default}"
    if 4 + len(flat) <= LINE:
        return flat
    if default.startswith(" = Field(") and 4 + len(head) + len(expr.flat()) + 9 <= LINE:
        # The annotation fits: black splits the call's own brackets.
        return f"{head}{expr.flat()} = Field(\n        {default[9:-1]}\n    )"
    if default and 4 + len(head) + len(expr.flat()) + 4 <= LINE:
        # The annotation fits: black wraps the value in parentheses instead.
        return f"{head}{expr.flat()} = (\n        {default[3:]}\n    )"
    return head + expr.layout(4, 4 + len(head), len(default), top=True) + default


def dict_call(name: str, rows: list[tuple[str, Expr]]) -> str:
    """`Name = TypedDict("Name", {...}, total=False)` laid out with one key per line."""
    if not rows:
        return f"{name} = TypedDict({py_str(name)}, {{}})"
    lines = [f"{name} = TypedDict(", f"    {py_str(name)},", "    {"]
    for wire, expr in rows:
        key = py_str(wire)
        lines.append(f"        {key}: {expr.layout(8, 10 + len(key), 1)},")
    lines += ["    },", ")"]
    return "\n".join(lines)
