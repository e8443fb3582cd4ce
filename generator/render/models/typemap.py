"""IR schemas -> Python type expressions, naming the inline schemas that need a definition.

`TypeMapper.expr` maps one schema in one place (`Where`: the owning definition, the path
from it, the pointer, and whether the type is for a response model or a request dict). An
inline object becomes a class of its own, an inline discriminated union an alias of its own;
both are queued as `Definition`s, named by `Namer.inline` from where they sit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from generator.ir import schema as s
from generator.ir.model import Api
from generator.naming import Namer
from generator.render.pytext import Expr, atom, call, optional, py_literal, sub, union

MODEL, ALIAS, PARAMS = "model", "alias", "params"

# format -> the Python type of its values (others stay `str`, so values round-trip unchanged)
_FORMATS: Mapping[str, str] = {
    "date-time": "datetime.datetime",
    "date": "datetime.date",
    "time": "datetime.time",
    "duration": "datetime.timedelta",
    "uuid": "UUID",
    "binary": "bytes",
}
_INT_BOUNDS = (("minimum", "ge"), ("maximum", "le"), ("exclusive_minimum", "gt"),
               ("exclusive_maximum", "lt"), ("multiple_of", "multiple_of"))
_LITERAL_TYPES = (str, int, bool)


def escape(token: str) -> str:
    """One JSON-pointer token, escaped."""
    return token.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True, slots=True)
class Where:
    """Where a schema sits: owning definition key, path words from it, its pointer, mode."""

    owner: str | None
    path: tuple[str, ...]
    pointer: str
    params: bool = False

    def down(self, word: str, *tokens: str) -> Where:
        """One step deeper: `word` names the step, `tokens` extend the pointer."""
        return replace(self, path=(*self.path, word),
                       pointer=self.pointer + "".join("/" + escape(t) for t in tokens))


@dataclass(slots=True)
class Definition:
    """A top-level name to generate: a model, an alias or a request TypedDict."""

    key: str
    name: str
    kind: str
    schema: s.Schema
    where: Where
    module_key: str  # the definition whose module holds this one


class TypeMapper:
    """Maps schemas to expressions; owns the table of definitions found on the way."""

    def __init__(self, api: Api, namer: Namer) -> None:
        self.api = api
        self.namer = namer
        self.defs: dict[str, Definition] = {}
        self.by_name: dict[str, Definition] = {}
        self.queue: list[Definition] = []
        self.named = {ptr: name for name, ptr in api.schemas.items()}
        self._visiting: set[str] = set()

    # -- definitions -------------------------------------------------------------------
    def define(self, key: str, name: str, kind: str, schema: s.Schema, where: Where,
               module_key: str) -> Definition:
        """Register a definition (once per key) and queue it for its view."""
        found = self.defs.get(key)
        if found is None:
            found = Definition(key, name, kind, schema, where, module_key)
            self.defs[key] = found
            self.by_name[name] = found
            self.queue.append(found)
        return found

    def component(self, ptr: str) -> Definition:
        """The definition of a named component schema (a model or an alias)."""
        found = self.defs.get(ptr)
        if found is not None:
            return found
        schema = self.api.nodes[ptr]
        kind = MODEL if self.is_model(schema, named=True) else ALIAS
        name = self.namer.class_name(ptr) or ptr
        return self.define(ptr, name, kind, schema, Where(ptr, (), ptr), ptr)

    def twin(self, base: Definition) -> Definition:
        """The request TypedDict (or alias of them) for a model or alias used in a request."""
        key = f"{base.key}|param"
        found = self.defs.get(key)
        if found is not None:
            return found
        name = self.namer.derived(base.key, base.name, "Param")
        kind = PARAMS if base.kind == MODEL else ALIAS
        where = replace(base.where, params=True)
        return self.define(key, name, kind, base.schema, where, base.module_key)

    # -- classification ----------------------------------------------------------------
    def resolve(self, schema: s.Schema | None) -> s.Schema | None:
        """Follow reference edges."""
        return self.api.resolve(schema)

    def is_model(self, schema: s.Schema, *, named: bool = False) -> bool:
        """Whether a schema becomes a class: objects with properties (any object if named)."""
        if isinstance(schema, s.ObjectSchema):
            if schema.enum is not None or schema.const is not s.NO_VALUE:
                return False
            if schema.properties or schema.discriminator is not None:
                return True
            # a map by key pattern is a typed dict, as a map by additionalProperties is
            return named and schema.additional_properties is None and not schema.pattern_properties
        if isinstance(schema, s.AllOfSchema):
            return self._all_of_objects(schema)
        return False

    def _all_of_objects(self, schema: s.AllOfSchema) -> bool:
        parts = [*schema.members, *([schema.base] if schema.base is not None else [])]
        if len(parts) == 1 and isinstance(parts[0], s.ReferenceSchema):
            return False  # `allOf: [$ref]` beside a description: the referenced type itself
        seen = 0
        for part in parts:
            target = self.resolve(part)
            if isinstance(target, s.UnionSchema) and (found := sole_non_null(target)):
                target = self.resolve(found[1])  # "object or null" beside objects: an object
            if target is None or (isinstance(target, s.AnySchema) and not target.extra):
                continue
            if not (isinstance(target, s.ObjectSchema) or self.is_model(target)):
                return False
            seen += 1
        return seen > 0

    # -- mapping -------------------------------------------------------------------------
    def expr(self, schema: s.Schema | None, where: Where) -> Expr:
        """The type of `schema` at `where`."""
        if schema is None:
            return atom("Any")
        fixed = self._fixed(schema, where)
        if fixed is not None:
            return fixed
        method = getattr(self, "_" + schema.kind.value)
        result: Expr = method(schema, where)
        return result

    def _fixed(self, schema: s.Schema, where: Where) -> Expr | None:
        """`const` and `enum` as Literal types (open for enums of several values)."""
        if schema.const is not s.NO_VALUE:
            return self._literal([schema.const], schema, open_=False)
        if schema.enum is None or isinstance(schema, s.ReferenceSchema):
            return None
        return self._literal(list(schema.enum), schema, open_=len(schema.enum) > 1)

    def _literal(self, values: list[Any], schema: s.Schema, *, open_: bool) -> Expr | None:
        typed = [v for v in values if isinstance(v, _LITERAL_TYPES)]
        if len(typed) + values.count(None) < len(values) or not values:
            return None  # floats, objects: the kind's own type
        parts: list[Expr] = []
        if typed:
            unique = {(type(v), v): v for v in typed}.values()  # 1 and True are equal keys
            parts.append(sub("Literal", *(atom(py_literal(v)) for v in unique)))
        if open_:
            kinds = {type(v) for v in typed}
            if str in kinds:
                parts.append(atom("UnknownStr", "UnknownStr"))
            if int in kinds:
                parts.append(atom("UnknownInt", "UnknownInt"))
        if None in values:
            parts.append(atom("None"))
        return union(parts)

    def _reference(self, schema: s.ReferenceSchema, where: Where) -> Expr:
        target = schema.target
        if target in self.named:
            found = self.component(target)
            return self._use(found, where)
        node = self.api.node(target)
        if node is None or target in self._visiting:
            return atom("Any")
        self._visiting.add(target)
        try:
            words = tuple(t for t in target.split("#", 1)[-1].split("/")[-2:] if t)
            return self.expr(node, Where(None, words, target, where.params))
        finally:
            self._visiting.discard(target)

    def _use(self, found: Definition, where: Where) -> Expr:
        if where.params and self._has_model(found):
            found = self.twin(found)
        return atom(found.name, found.name)

    def _has_model(self, found: Definition) -> bool:
        """Whether a definition is a model or an alias whose type holds a model."""
        return found.kind == MODEL or self._holds_model(found.schema, set())

    def _holds_model(self, schema: s.Schema | None, seen: set[str]) -> bool:
        if schema is None:
            return False
        if isinstance(schema, s.ReferenceSchema):
            if schema.target in seen:
                return False
            seen.add(schema.target)
            target = self.api.node(schema.target)
            if target is None:
                return False
            named = schema.target in self.named
            return self.is_model(target, named=named) or self._holds_model(target, seen)
        if self.is_model(schema):
            return True
        children: list[s.Schema | None] = []
        if isinstance(schema, s.ArraySchema):
            children = [schema.items, *schema.prefix_items]
        elif isinstance(schema, s.ObjectSchema):
            children = [schema.additional_properties]
        elif isinstance(schema, s.UnionSchema | s.AllOfSchema):
            children = list(schema.members)
        return any(self._holds_model(c, seen) for c in children)

    def _inline(self, schema: s.Schema, where: Where, kind: str) -> Expr:
        """A class (or alias) of its own for an inline schema."""
        key = where.pointer
        existing = self.defs.get(key)
        if existing is None:
            name = self.namer.inline(key, where.owner, where.path)
            module = self.defs[where.owner].module_key if where.owner in self.defs else key
            existing = self.define(key, name, kind, schema, Where(key, (), key), module)
        return self._use(existing, where)

    def _object(self, schema: s.ObjectSchema, where: Where) -> Expr:
        if self.is_model(schema):
            return self._inline(schema, where, MODEL)
        extra = schema.additional_properties
        if extra is not None and not isinstance(extra, s.NeverSchema):
            value = self.expr(extra, where.down("value", "additionalProperties"))
            return sub("dict", atom("str"), value)
        if schema.pattern_properties:
            values = [self.expr(v, where.down("value", "patternProperties", k))
                      for k, v in schema.pattern_properties.items()]
            if extra is None:
                values.append(atom("Any"))  # a key that matches no pattern takes any value
            return sub("dict", atom("str"), union(values))
        return sub("dict", atom("str"), atom("Any"))

    def _array(self, schema: s.ArraySchema, where: Where) -> Expr:
        if schema.prefix_items:
            if isinstance(schema.items, s.NeverSchema):
                items = [self.expr(p, where.down(f"item{i}", "prefixItems", str(i)))
                         for i, p in enumerate(schema.prefix_items)]
                # prefixItems asks nothing of the length: below minItems' count, shorter tuples
                low = min(schema.min_items or 0, len(items))
                return union([sub("tuple", *(items[:n] or [atom("()")]))
                              for n in range(len(items), low - 1, -1)])
            return sub("list", atom("Any"))
        item = self.expr(schema.items, where.down("item", "items"))
        sizes = (("min_items", "min_length"), ("max_items", "max_length"))
        return self._constrained(where, sub("list", item), schema, sizes)

    def _string(self, schema: s.StringSchema, where: Where) -> Expr:
        name = _FORMATS.get(schema.format or "", "str")
        base = atom(name, name.split(".")[0]) if name != "str" else atom("str")
        if name != "str":
            return base
        pairs: list[tuple[str, str]] = [("min_length", "min_length"), ("max_length", "max_length")]
        if schema.pattern is not None and _python_pattern(schema.pattern):
            pairs.append(("pattern", "pattern"))
            schema = replace(schema, pattern=_ecma_classes(schema.pattern))
        return self._constrained(where, base, schema, tuple(pairs))

    def _integer(self, schema: s.IntegerSchema, where: Where) -> Expr:
        return self._constrained(where, atom("int"), schema, _INT_BOUNDS)

    def _number(self, schema: s.NumberSchema, where: Where) -> Expr:
        return self._constrained(where, atom("float"), schema, _INT_BOUNDS)

    def _constrained(self, where: Where, base: Expr, schema: Any,
                     pairs: tuple[tuple[str, str], ...]) -> Expr:
        if where.params:
            return base  # a request TypedDict validates nothing: constraints would be noise
        args = []
        for attr, keyword in pairs:
            value = getattr(schema, attr)
            if value is not None:
                args.append(atom(f"{keyword}={py_literal(value)}"))
        if not args:
            return base
        return sub("Annotated", base, call("Field", *args))

    def _boolean(self, schema: s.BooleanSchema, where: Where) -> Expr:
        return atom("bool")

    def _null(self, schema: s.NullSchema, where: Where) -> Expr:
        return atom("None")

    def _any(self, schema: s.AnySchema, where: Where) -> Expr:
        return atom("Any")

    def _never(self, schema: s.NeverSchema, where: Where) -> Expr:
        return atom("Any")  # `false`: pydantic has no type that rejects every value

    def _not(self, schema: s.NotSchema, where: Where) -> Expr:
        return atom("Any")

    def _unresolved(self, schema: s.UnresolvedSchema, where: Where) -> Expr:
        return atom("Any")

    def tag_of(self, schema: s.UnionSchema) -> str | None:
        """The property that tells a union's members apart: the discriminator's, else one
        every member fixes to a distinct string (`type: {const: message}`), else None."""
        if schema.discriminator is not None:
            return schema.discriminator.property_name
        if schema.mode is s.UnionMode.TYPES or len(schema.members) < 2:
            return None
        fixed = [self._fixed_strings(m, set()) for m in schema.members]
        shared = set.intersection(*(set(f) for f in fixed))
        for prop in sorted(shared):
            values = [f[prop] for f in fixed]
            if len(set(values)) == len(values):
                return prop
        return None

    def _fixed_strings(self, schema: s.Schema | None, seen: set[str]) -> dict[str, str]:
        """Properties an object schema fixes to one string (through refs and allOf)."""
        if isinstance(schema, s.ReferenceSchema):
            if schema.target in seen:
                return {}
            seen.add(schema.target)
            return self._fixed_strings(self.api.node(schema.target), seen)
        out: dict[str, str] = {}
        if isinstance(schema, s.AllOfSchema):
            for member in schema.members:
                out.update(self._fixed_strings(member, seen))
        elif isinstance(schema, s.ObjectSchema):
            for name, prop in schema.properties.items():
                target = self.resolve(prop)
                if target is None:
                    continue
                if isinstance(target.const, str):
                    out[name] = target.const
                elif target.enum is not None and len(target.enum) == 1 \
                        and isinstance(target.enum[0], str):
                    out[name] = target.enum[0]
        return out

    def _union(self, schema: s.UnionSchema, where: Where) -> Expr:
        if not where.params and where.path and self.tag_of(schema) is not None:
            return self._inline(schema, where, ALIAS)
        members = [self.expr(m, where.down(member_word(m, i), *_member_tokens(schema, i)))
                   for i, m in enumerate(schema.members)]
        nulls = [m for m in members if m.head == "None"]
        rest = [m for m in members if m.head != "None"]
        if not rest:
            return atom("None")
        joined = union(rest)
        return optional(joined) if nulls else joined

    def _all_of(self, schema: s.AllOfSchema, where: Where) -> Expr:
        if self.is_model(schema):
            return self._inline(schema, where, MODEL)
        parts = [*schema.members, *([schema.base] if schema.base is not None else [])]
        typed = [(index, member) for index, member in enumerate(parts)
                 if (target := self.resolve(member)) is not None
                 and not isinstance(target, s.AnySchema)]
        if not typed:
            return atom("Any")
        head = self.expr(typed[0][1], where.down("", "allOf", str(typed[0][0])))
        if where.params or len(typed) == 1:
            return head  # a request TypedDict validates nothing
        # Not all objects (a union beside an object, as Azure's tool message): the type is the
        # first part; the value must also validate as each other part, checked at run time
        # (looked up on first use, so a part defined later in the module is no problem).
        args: list[Expr] = []
        for index, member in typed[1:]:
            target = self.resolve(member)
            if isinstance(target, s.ObjectSchema) and _only_required(target):
                # `required` beside the allOf (no properties of its own): keys that must be there
                args.append(atom(f"required={py_literal(list(target.required))}"))
                continue
            check = self.expr(member, where.down("", "allOf", str(index)))
            args.append(atom(f"lambda: {check.flat()}", *check.all_names()))
        return sub("Annotated", head, call("also_valid_as", *args))


def _only_required(schema: s.ObjectSchema) -> bool:
    """An object schema that only names required keys (no properties or other constraints)."""
    bare = s.ObjectSchema(required=schema.required, description=schema.description,
                          title=schema.title, examples=schema.examples,
                          extensions=schema.extensions, deprecated=schema.deprecated)
    return bool(schema.required) and schema == bare


def sole_non_null(schema: s.UnionSchema) -> tuple[int, s.Schema] | None:
    """(index, member) of a union that only adds null to one schema (3.0's `nullable`)."""
    rest = [(i, m) for i, m in enumerate(schema.members) if not isinstance(m, s.NullSchema)]
    return rest[0] if len(rest) == 1 and len(schema.members) > 1 else None


def _member_tokens(schema: s.UnionSchema, index: int) -> tuple[str, ...]:
    if schema.mode is s.UnionMode.TYPES:
        return (f"type{index}",)  # a type list's members have no pointer of their own
    return (schema.mode.value, str(index))


def member_word(member: s.Schema, index: int) -> str:
    """The path word for a union member: its title, its tag value, or its kind."""
    if member.title:
        return member.title
    if isinstance(member, s.UnionSchema):
        return ""  # a union inside a union adds no word: its members are the alternatives
    if isinstance(member, s.ObjectSchema):
        for prop in member.properties.values():
            if prop.const is not s.NO_VALUE and isinstance(prop.const, str):
                return prop.const
            if prop.enum is not None and len(prop.enum) == 1 and isinstance(prop.enum[0], str):
                return str(prop.enum[0])
    return member.kind.value.replace("_", " ")


def _ecma_classes(pattern: str) -> str:
    """ECMA-262's `\\d`, `\\w`, `\\b` match ASCII only, Python's any Unicode digit or letter:
    the inline ASCII flag makes Python's match what the schema's (ECMA-262) regex means."""
    return "(?a)" + pattern if re.search(r"\\[dDwWbB]", pattern) else pattern


def _python_pattern(pattern: str) -> bool:
    """Whether Python's `re` (the engine the generated models use) compiles a pattern."""
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


__all__ = ["ALIAS", "MODEL", "PARAMS", "Definition", "TypeMapper", "Where", "escape", "member_word",
           "sole_non_null"]
