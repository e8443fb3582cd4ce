"""Definitions -> views: everything a template prints, decided here (names, types, docs).

A view holds finished pieces of text (an annotation laid out for its column, a docstring as
lines) and the names it needs (`symbols`), from which the module computes its imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.ir import schema as s
from generator.render.models.objects import (
    KEYWORDS,
    Parts,
    collect,
    default_code,
    dict_call,
    model_bases,
    narrower,
    statement,
    unlisted,
)
from generator.render.models.typemap import (
    MODEL,
    PARAMS,
    Definition,
    TypeMapper,
    Where,
    member_word,
)
from generator.render.pytext import (
    LINE,
    Expr,
    atom,
    call,
    comment,
    docstring,
    optional,
    py_str,
    sub,
    union,
)


@dataclass(frozen=True, slots=True)
class FieldView:
    """One field: `name: annotation = default`, a docstring and comments above it."""

    text: str  # the whole statement, laid out (maybe several lines), without indentation
    doc: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class View:
    """One top-level definition: a class (model or TypedDict) or a type alias."""

    name: str
    kind: str  # "model", "params" or "alias"
    key: str
    module_key: str
    bases: str = ""
    doc: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    fields: tuple[FieldView, ...] = ()
    value: str = ""  # alias: the laid-out type; functional TypedDict: the call
    functional: bool = False
    symbols: set[str] = field(default_factory=set)
    base_keys: tuple[str, ...] = ()  # keys of base classes (they must be defined first)
    blank: str = "\n"  # what precedes it after one blank line: black wants 2 around classes

    @property
    def header(self) -> str:
        """`class Name(Bases):`, split as black splits a line too long."""
        line = f"class {self.name}({self.bases}):"
        if len(line) <= LINE:
            return line
        if 4 + len(self.bases) <= LINE:
            return f"class {self.name}(\n    {self.bases}\n):"
        body = "".join(f"    {b.strip()},\n" for b in self.bases.split(","))
        return f"class {self.name}(\n{body}):"

    @property
    def is_alias(self) -> bool:
        """A type alias."""
        return self.kind == "alias"

    @property
    def is_eager(self) -> bool:
        """Evaluated at import (an alias, a functional TypedDict), unlike class annotations."""
        return self.kind == "alias" or self.functional

    @property
    def gap(self) -> bool:
        """A blank line between the class docstring and the body (as black wants)."""
        return bool(self.doc) and bool(self.fields)

    @property
    def empty(self) -> bool:
        """A class with neither docstring nor fields needs `pass`."""
        return not self.fields and not self.doc


def describe(schema: s.Schema) -> str | None:
    """The prose for a docstring: description, else title; a deprecation note."""
    text = schema.description or schema.title
    if schema.deprecated:
        text = f"{text}\n\nDeprecated." if text else "Deprecated."
    return text


def raw_note(keys: list[str]) -> tuple[str, ...]:
    """A comment for keywords the models do not check."""
    if not keys:
        return ()
    listed = ", ".join(sorted(keys))
    return (f"# not checked by this model (kept raw by specloom): {comment(listed)}",)


class ViewBuilder:
    """Turns the mapper's queued definitions into views, until none are left."""

    def __init__(self, mapper: TypeMapper) -> None:
        self.mapper = mapper
        self.views: dict[str, View] = {}

    def drain(self) -> dict[str, View]:
        """Build a view for every definition, including those found on the way."""
        while self.mapper.queue:
            definition = self.mapper.queue.pop(0)
            self.views[definition.key] = self.build(definition)
        return self.views

    def build(self, d: Definition) -> View:
        """The view of one definition."""
        if d.kind == MODEL:
            return self._model(d)
        if d.kind == PARAMS:
            return self._params(d)
        return self._alias(d)

    def _alias(self, d: Definition) -> View:
        schema = d.schema
        notes = raw_note(list(schema.extra))
        if isinstance(self.mapper.resolve(schema), s.ReferenceSchema):
            # `A: {$ref: B}`, `B: {$ref: A}`: references that never reach a schema
            expr = atom("Any")
            notes = (*notes, "# a cycle of $refs with no schema in it: any value")
        elif isinstance(schema, s.UnionSchema) and not d.where.params \
                and self.mapper.tag_of(schema) is not None:
            expr = self._tagged(schema, d) or self.mapper.expr(schema, d.where)
        else:
            expr = self.mapper.expr(schema, d.where)
        head = f"{d.name}: TypeAlias = "
        if len(head) + 1 > LINE:  # as black splits an annotation that cannot fit
            value = f"{d.name}: (\n    TypeAlias\n) = " + expr.layout(0, 4, 0, top=True)
        else:
            value = head + expr.layout(0, len(head), 0, top=True)
        view = View(d.name, "alias", d.key, d.module_key, value=value,
                    doc=tuple(docstring(describe(schema), 0)), notes=notes)
        view.symbols = {"TypeAlias", *expr.all_names()}
        return view

    def _tagged(self, schema: s.UnionSchema, d: Definition) -> Expr | None:
        """A discriminated union that keeps an unknown member as the raw object."""
        prop = self.mapper.tag_of(schema)
        assert prop is not None
        tags: dict[str, str] = {}
        members: dict[str, Expr] = {}
        declared = schema.discriminator is not None
        mapping = dict(schema.discriminator.mapping) if schema.discriminator else {}
        for index, member in enumerate(schema.members):
            where = d.where.down(member_word(member, index), schema.mode.value, str(index))
            expr = self.mapper.expr(member, where)
            found = self.mapper.by_name.get(expr.head)
            if expr.args or expr.call or found is None or found.kind != MODEL:
                return None  # a member that is not one model: no dispatch by tag
            name = expr.head
            members[name] = expr
            values = [v for v, t in mapping.items()
                      if isinstance(member, s.ReferenceSchema) and t == member.target]
            if not mapping:
                values = self._tag_values(member, prop, by_name=declared)
            if not values or any(tags.get(v, name) != name for v in values):
                return None  # no tag, or one tag for two members: pydantic's smart union
            for value in values:
                tags[value] = name
        tagged_members = [sub("Annotated", e, call("Tag", atom(py_str(n))))
                          for n, e in members.items()]
        pairs = [call("", atom(py_str(v)), atom(py_str(n))) for v, n in tags.items()]
        picked = sub("Annotated", union(tagged_members),
                     call("tagged", atom(py_str(prop)), *pairs))
        unknown = sub("Annotated", atom("UnknownVariant"),
                      call("unknown_variant", atom(py_str(prop)),
                           *(atom(py_str(v)) for v in tags)))
        return union([picked, unknown])

    def _tag_values(self, member: s.Schema, prop: str, *, by_name: bool) -> list[str]:
        """A member's discriminator values: its property's const/enum, and (for a declared
        discriminator, whose implicit mapping is by name) its schema name."""
        parts = collect(self.mapper, member, "", Parts())
        found = parts.props.get(prop)
        values: list[str] = []
        if found is not None:
            target = self.mapper.resolve(found[0])
            if target is not None and isinstance(target.const, str):
                values.append(target.const)
            elif target is not None and target.enum:
                values.extend(v for v in target.enum if isinstance(v, str))
        if by_name and isinstance(member, s.ReferenceSchema) and member.target in self.mapper.named:
            values.append(self.mapper.named[member.target])
        return list(dict.fromkeys(values))

    def _model(self, d: Definition) -> View:
        mapper = self.mapper
        base_keys = model_bases(mapper, d.schema)
        parts = Parts()
        inherited = Parts()
        if base_keys:
            assert isinstance(d.schema, s.AllOfSchema)
            for index, member in enumerate(d.schema.members):
                if isinstance(member, s.ReferenceSchema) and member.target in base_keys:
                    collect(mapper, member, member.target, inherited)
                else:
                    collect(mapper, member, f"{d.key}/allOf/{index}", parts)
            collect(mapper, d.schema.base, d.key, parts)
            # `required` naming an inherited property: redefine it here as required.
            for wire in sorted(parts.required - parts.props.keys()):
                if wire in inherited.props and wire not in inherited.required:
                    parts.props[wire] = inherited.props[wire]
            parts.required |= inherited.required  # a redefined field stays as required
            if not self._narrows(d, parts, inherited):
                base_keys, parts = [], collect(mapper, d.schema, d.key, Parts())
        else:
            collect(mapper, d.schema, d.key, parts)
        unlisted(parts, d.key, inherited.props if base_keys else ())
        bases = [mapper.component(k).name for k in base_keys] or ["OpenModel"]
        fields, symbols = self._fields(d, parts)
        view = View(d.name, MODEL, d.key, d.module_key, bases=", ".join(bases),
                    doc=tuple(docstring(describe(d.schema), 4)), notes=raw_note(parts.raw),
                    fields=tuple(fields), symbols={*symbols, *bases}, base_keys=tuple(base_keys))
        if parts.extra is not None and not isinstance(parts.extra, (s.AnySchema, s.NeverSchema)):
            where = Where(d.key, ("extra",), d.key + "/additionalProperties")
            extra = self.mapper.expr(parts.extra, where)
            typed = sub("dict", atom("str"), extra)
            text = f"__pydantic_extra__: {typed.layout(4, 24, 20, top=True)} = Field(init=False)"
            view.fields = (*view.fields, FieldView(text))
            view.symbols |= {"Field", *typed.all_names()}
        return view

    def _narrows(self, d: Definition, parts: Parts, inherited: Parts) -> bool:
        """Whether every redefined field narrows its base's type (else: a merged model)."""
        for wire in parts.props.keys() & inherited.props.keys():
            own, own_ptr = parts.props[wire]
            base, base_ptr = inherited.props[wire]
            mine = self._field_type(own, Where(d.key, (wire,), own_ptr), wire in parts.required)
            theirs = self._field_type(base, Where(d.key, (wire,), base_ptr),
                                      wire in inherited.required)
            if not narrower(mine, theirs):
                return False
        return True

    def _field_type(self, prop: s.Schema, where: Where, required: bool) -> Expr:
        expr = self.mapper.expr(prop, where)
        if not required or (prop.has_default and prop.default is None):
            return optional(expr)
        return expr

    def _fields(self, d: Definition, parts: Parts) -> tuple[list[FieldView], set[str]]:
        wires = {wire: ptr for wire, (_, ptr) in parts.props.items()}
        names = self.mapper.namer.fields(d.key, wires)
        out: list[FieldView] = []
        symbols: set[str] = set()
        for wire, (prop, ptr) in parts.props.items():
            where = Where(d.key, (wire,), ptr)
            expr = self.mapper.expr(prop, where)
            required = wire in parts.required
            default = ""
            if prop.has_default and not required:
                default = f" = {default_code(prop.default)}"
                if prop.default is None:
                    expr = optional(expr)
            elif not required:
                expr, default = optional(expr), " = None"
            extras = []
            if names[wire] != wire:
                extras.append(atom(f"alias={py_str(wire)}"))
            if prop.deprecated:
                extras.append(atom("deprecated=True"))
            if extras:
                expr = sub("Annotated", expr, call("Field", *extras))
            text = statement(f"{names[wire]}: ", expr, default)
            doc = docstring(describe(prop), 4)
            out.append(FieldView(text, tuple(doc), raw_note(list(prop.extra))))
            symbols |= set(expr.all_names())
            if "Field(" in default:
                symbols.add("Field")
        return out, symbols

    def _params(self, d: Definition) -> View:
        parts = collect(self.mapper, d.schema, d.key.split("|")[0], Parts())
        unlisted(parts, d.key.split("|")[0])
        rows: list[tuple[str, Expr]] = []
        symbols = {"TypedDict"}
        for wire, (prop, ptr) in parts.props.items():
            if self.mapper.resolve(prop) is not None and prop.read_only:
                continue  # set by the server: never sent
            expr = self.mapper.expr(prop, Where(d.key, (wire,), ptr, params=True))
            wrap = "Required" if wire in parts.required else "NotRequired"
            rows.append((wire, sub(wrap, expr)))
            symbols |= {wrap, *sub(wrap, expr).all_names()}
        functional = any(not w.isidentifier() or w in KEYWORDS for w, _ in rows)
        view = View(d.name, PARAMS, d.key, d.module_key, bases="TypedDict",
                    doc=tuple(docstring(describe(d.schema), 0 if functional else 4)),
                    functional=functional, symbols=symbols)
        if functional:
            view.value = dict_call(d.name, rows)
        else:
            view.fields = tuple(FieldView(f"{w}: {e.layout(4, 6 + len(w), 0, top=True)}")
                                for w, e in rows)
        return view


__all__ = ["LINE", "FieldView", "View", "ViewBuilder"]
