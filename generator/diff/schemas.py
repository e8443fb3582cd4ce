"""Schemas compared by meaning over the IR graph: each pair of nodes once, cycles safe.

Records are located at node ids, never at an operation, so a change inside a component that
many operations reach is found once. A reference is followed to its target and the pair of
targets is compared once per diff (memoised by node ids), which also ends every cycle.
"""

from __future__ import annotations

from typing import Any

from generator.diff.context import Context, Where, field_changes, keyed_changes, plain
from generator.diff.model import Action, Aspect, Evidence, Subject
from generator.diff.schema_keys import (
    as_json,
    counterpart,
    first,
    first_with,
    like_member,
    meaning,
    member_name,
    members,
    name_of,
    nullable_part,
    same_annotations,
    shape_pairs,
    with_parts,
)
from generator.diff.skips import Skips
from generator.diff.unions import match_members
from generator.diff.views import View, escape, flat_view
from generator.ir.schema import (
    AllOfSchema,
    ArraySchema,
    Discriminator,
    NotSchema,
    NumericBase,
    ObjectSchema,
    ReferenceSchema,
    Schema,
    SchemaKind,
    StringSchema,
    UnionMode,
    UnionSchema,
    UnresolvedSchema,
)

_ANNOTATIONS = (
    ("title", Aspect.TITLE), ("description", Aspect.DESCRIPTION), ("examples", Aspect.EXAMPLES),
    ("default", Aspect.DEFAULT), ("deprecated", Aspect.DEPRECATED),
    ("read_only", Aspect.READ_ONLY), ("write_only", Aspect.WRITE_ONLY),
)
_STRING = (
    ("format", Aspect.FORMAT), ("min_length", Aspect.MIN_LENGTH),
    ("max_length", Aspect.MAX_LENGTH), ("pattern", Aspect.PATTERN),
)
_NUMERIC = (
    ("format", Aspect.FORMAT), ("minimum", Aspect.MINIMUM), ("maximum", Aspect.MAXIMUM),
    ("exclusive_minimum", Aspect.EXCLUSIVE_MINIMUM),
    ("exclusive_maximum", Aspect.EXCLUSIVE_MAXIMUM), ("multiple_of", Aspect.MULTIPLE_OF),
)
_ARRAY = (
    ("min_items", Aspect.MIN_ITEMS), ("max_items", Aspect.MAX_ITEMS),
    ("unique_items", Aspect.UNIQUE_ITEMS),
)
_OBJECT = (("min_properties", Aspect.MIN_PROPERTIES), ("max_properties", Aspect.MAX_PROPERTIES))
_FLAT = frozenset({SchemaKind.OBJECT, SchemaKind.ALL_OF})


class SchemaDiffer:
    """Compares schemas of `ctx.old` with schemas of `ctx.new`, recording into `ctx`."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.skips = Skips(ctx.old, ctx.new)

    def ids(self, old_id: str | None, new_id: str | None) -> None:
        """Compare the schemas with these node ids (absent ids: nothing to compare)."""
        if old_id is None or new_id is None or self.skips.same(old_id, new_id):
            return
        if self.skips.only_references(old_id, new_id):
            return
        old, new = self.ctx.old.nodes.get(old_id), self.ctx.new.nodes.get(new_id)
        if old is not None and new is not None:
            self.nodes(old, old_id, new, new_id)

    def nodes(self, old: Schema, oid: str, new: Schema, nid: str) -> None:
        """Compare two schema nodes (each pair of nodes once per diff)."""
        if self.skips.same(oid, nid) or not self.ctx.first((oid, nid, id(old), id(new))):
            return
        if isinstance(old, ReferenceSchema) or isinstance(new, ReferenceSchema):
            self._references(old, oid, new, nid)
            return
        if old.kind is not new.kind:
            self._kinds(old, oid, new, nid)
            return
        self._annotations(old, oid, new, nid)
        if isinstance(old, ObjectSchema | AllOfSchema):
            self._flat(old, oid, new, nid)
        elif isinstance(old, ArraySchema) and isinstance(new, ArraySchema):
            self._array(old, oid, new, nid)
        elif isinstance(old, StringSchema) and isinstance(new, StringSchema):
            formats = meaning(old)["format"], meaning(new)["format"]
            self._fields(_STRING, old, oid, new, nid, *formats)
        elif isinstance(old, NumericBase):
            self._fields(_NUMERIC, old, oid, new, nid)
        elif isinstance(old, UnionSchema) and isinstance(new, UnionSchema):
            self._union(old, oid, new, nid)
        elif isinstance(old, NotSchema) and isinstance(new, NotSchema):
            self._base(old.base, new.base, oid, nid)
            self.nodes(old.negated, f"{oid}/not", new.negated, f"{nid}/not")
        elif isinstance(old, UnresolvedSchema) and isinstance(new, UnresolvedSchema):
            field_changes(self.ctx, self._where(oid, nid), Subject.SCHEMA, name_of(nid),
                          [(Aspect.REFERENCE, old.ref, new.ref)])

    def _where(self, oid: str, nid: str) -> Where:
        return Where(oid, nid, None, None, nodes=True)

    def _add(self, action: Action, subject: Subject, name: str, oid: str, nid: str,
             **values: Any) -> None:
        self.ctx.add(self._where(oid, nid).change(action, subject, name, **values))

    # -- references and kinds ---------------------------------------------------------------
    def _references(self, old: Schema, oid: str, new: Schema, nid: str) -> None:
        if isinstance(old, ReferenceSchema) and isinstance(new, ReferenceSchema):
            if old.target != new.target:
                self._add(Action.CHANGED, Subject.SCHEMA, name_of(nid), oid, nid,
                          aspect=Aspect.REFERENCE, old=old.target, new=new.target)
            self._annotations(old, oid, new, nid)
            self._base(old.base, new.base, oid, nid)
            self.ids(old.target, new.target)
            return
        # A reference on one side only: the component was inlined (or extracted), which is no
        # change in itself; its target is compared with the other side.
        if isinstance(old, ReferenceSchema):
            target = self.ctx.old.nodes.get(old.target)
            if target is not None:
                self.nodes(target, old.target, new, nid)
        elif isinstance(new, ReferenceSchema):
            target = self.ctx.new.nodes.get(new.target)
            if target is not None:
                self.nodes(old, oid, target, new.target)

    def _kinds(self, old: Schema, oid: str, new: Schema, nid: str) -> None:
        before, after = nullable_part(old, oid), nullable_part(new, nid)
        if before is not None and after is None:
            self._add(Action.CHANGED, Subject.SCHEMA, name_of(nid), oid, nid,
                      aspect=Aspect.NULLABLE, old=True, new=False)
            self.nodes(before[0], before[1], new, nid)
            return
        if after is not None and before is None:
            self._add(Action.CHANGED, Subject.SCHEMA, name_of(nid), oid, nid,
                      aspect=Aspect.NULLABLE, old=False, new=True)
            self.nodes(old, oid, after[0], after[1])
            return
        if {old.kind, new.kind} <= _FLAT:
            # An object that became an allOf of it and more (or back): the annotations and
            # unmodelled keywords of the parts count as the node's own.
            self._annotations(with_parts(self.ctx.old, old, oid), oid,
                              with_parts(self.ctx.new, new, nid), nid)
            self._flat(old, oid, new, nid)
            return
        if self._wrapped(old, oid, new, nid):
            return
        self._annotations(old, oid, new, nid)
        self._add(Action.CHANGED, Subject.SCHEMA, name_of(nid), oid, nid,
                  aspect=Aspect.TYPE, old=old.kind.value, new=new.kind.value)

    def _wrapped(self, old: Schema, oid: str, new: Schema, nid: str) -> bool:
        """A schema that became a oneOf/anyOf with one member like it (Stripe's `string` ->
        `anyOf: [string, enum [""]]`), or the reverse: compared with that member, the other
        members added (removed). False when no one member is like it."""
        if isinstance(new, UnionSchema) and not isinstance(old, UnionSchema):
            like = like_member(self.ctx.new, new, nid, old)
            if like is None:
                return False
            self._annotations(old, oid, new, nid)
            self.nodes(old, oid, like[0], like[1])
            for member, node in members(new, nid):
                if node != like[1]:
                    self._add(Action.ADDED, Subject.UNION_MEMBER, member_name(member, node),
                              oid, node)
            return True
        if isinstance(old, UnionSchema) and not isinstance(new, UnionSchema):
            like = like_member(self.ctx.old, old, oid, new)
            if like is None:
                return False
            self._annotations(old, oid, new, nid)
            self.nodes(like[0], like[1], new, nid)
            for member, node in members(old, oid):
                if node != like[1]:
                    self._add(Action.REMOVED, Subject.UNION_MEMBER, member_name(member, node),
                              node, nid)
            return True
        return False

    # -- keywords ------------------------------------------------------------------------------
    def _annotations(self, old: Schema, oid: str, new: Schema, nid: str) -> None:
        if same_annotations(old, new):  # most compared nodes: nothing to record
            return
        where = self._where(oid, nid)
        name = name_of(nid)
        before, after = meaning(old), meaning(new)
        pairs = [(aspect, getattr(old, f), getattr(new, f)) for f, aspect in _ANNOTATIONS]
        pairs.append((Aspect.CONST, before["const"], after["const"]))
        field_changes(self.ctx, where, Subject.SCHEMA, name, pairs)
        self._enum(before["enum"], after["enum"], oid, nid)
        keyed_changes(self.ctx, where, Subject.EXTENSION, old.extensions, new.extensions)
        keyed_changes(self.ctx, where, Subject.KEYWORD, before["extra"], after["extra"])

    def _enum(self, old: tuple[Any, ...] | None, new: tuple[Any, ...] | None,
              oid: str, nid: str) -> None:
        if old == new:
            return
        if old is None or new is None:
            action = Action.ADDED if old is None else Action.REMOVED
            self._add(action, Subject.SCHEMA, name_of(nid), oid, nid, aspect=Aspect.ENUM,
                      old=plain(old), new=plain(new))
            return
        before, after = {as_json(v): v for v in old}, {as_json(v): v for v in new}
        for key in sorted(set(before) | set(after)):
            if key in before and key in after:
                continue
            action = Action.ADDED if key in after else Action.REMOVED
            self._add(action, Subject.ENUM_VALUE, key, oid, nid,
                      old=plain(before.get(key)), new=plain(after.get(key)))

    def _fields(self, table: tuple[tuple[str, Aspect], ...], old: Schema, oid: str,
                new: Schema, nid: str, o_format: Any = None, n_format: Any = None) -> None:
        pairs = [(aspect, getattr(old, f), getattr(new, f)) for f, aspect in table]
        if o_format is not None or n_format is not None:
            pairs = [
                (a, o_format, n_format) if a is Aspect.FORMAT else (a, b, c) for a, b, c in pairs
            ]
        field_changes(self.ctx, self._where(oid, nid), Subject.SCHEMA, name_of(nid), pairs)

    def _base(self, old: Schema | None, new: Schema | None, oid: str, nid: str) -> None:
        if old is not None and new is not None:
            self.nodes(old, oid, new, nid)
        elif old is not None or new is not None:
            # Assertions beside a composition appeared or went: compare with "any value".
            from generator.ir.schema import AnySchema

            self.nodes(old or AnySchema(), oid, new or AnySchema(), nid)

    def _array(self, old: ArraySchema, oid: str, new: ArraySchema, nid: str) -> None:
        self._fields(_ARRAY, old, oid, new, nid)
        self._sub(old.items, f"{oid}/items", new.items, f"{nid}/items", Aspect.TYPE)
        for index in range(max(len(old.prefix_items), len(new.prefix_items))):
            o = old.prefix_items[index] if index < len(old.prefix_items) else None
            n = new.prefix_items[index] if index < len(new.prefix_items) else None
            if o is not None and n is not None:
                self.nodes(o, f"{oid}/prefixItems/{index}", n, f"{nid}/prefixItems/{index}")
            else:
                action = Action.ADDED if o is None else Action.REMOVED
                self._add(action, Subject.PREFIX_ITEM, str(index), oid, nid)

    def _sub(self, old: Schema | None, oid: str, new: Schema | None, nid: str,
             aspect: Aspect) -> None:
        """A sub-schema keyword (items, additionalProperties): compared, or added/removed."""
        if old is not None and new is not None:
            self.nodes(old, oid, new, nid)
        elif old is not None or new is not None:
            parent_o, parent_n = oid.rpartition("/")[0], nid.rpartition("/")[0]
            action = Action.ADDED if old is None else Action.REMOVED
            self._add(action, Subject.SCHEMA, name_of(nid), parent_o, parent_n, aspect=aspect)

    # -- objects and allOf ---------------------------------------------------------------------
    def _flat(self, old: Schema, oid: str, new: Schema, nid: str) -> None:
        before, after = flat_view(self.ctx.old, old, oid), flat_view(self.ctx.new, new, nid)
        self._properties(before, oid, after, nid)
        self._required(before, oid, after, nid)
        self._object_keywords(before, oid, after, nid)
        self._rest(before, oid, after, nid)

    def _properties(self, before: View, oid: str, after: View, nid: str) -> None:
        gone: list[str] = []
        came: list[str] = []
        for name in sorted(set(before.props) | set(after.props)):
            o, n = before.props.get(name), after.props.get(name)
            if o is not None and n is not None:
                self.nodes(o[0], o[1], n[0], n[1])
                self._more(before.more.get(name, []), o, after.more.get(name, []), n)
            elif o is not None:
                gone.append(name)
            else:
                came.append(name)
        renamed = shape_pairs(
            {g: before.props[g][0] for g in gone}, {c: after.props[c][0] for c in came}
        )
        for old_name, new_name in renamed:
            o, n = before.props[old_name], after.props[new_name]
            self._add(Action.PROBABLE_RENAME, Subject.PROPERTY, f"{old_name} -> {new_name}",
                      o[1], n[1], evidence=Evidence.SAME_SHAPE)
        done_old = {a for a, _ in renamed}
        done_new = {b for _, b in renamed}
        for name in gone:
            if name not in done_old:
                _, node, owner = before.props[name]
                self._add(Action.REMOVED, Subject.PROPERTY, name, node,
                          counterpart(owner, after, nid))
        for name in came:
            if name not in done_new:
                _, node, owner = after.props[name]
                self._add(Action.ADDED, Subject.PROPERTY, name,
                          counterpart(owner, before, oid), node)

    def _more(self, old: list[tuple[Schema, str, str]], first_old: tuple[Schema, str, str],
              new: list[tuple[Schema, str, str]], first_new: tuple[Schema, str, str]) -> None:
        """Later declarations of one property in other allOf parts (all of them apply):
        paired in order; one left over is compared with the other side's first."""
        for index in range(max(len(old), len(new))):
            o = old[index] if index < len(old) else first_old
            n = new[index] if index < len(new) else first_new
            self.nodes(o[0], o[1], n[0], n[1])

    def _required(self, before: View, oid: str, after: View, nid: str) -> None:
        for name in sorted(set(before.required) ^ set(after.required)):
            if name in after.required:
                owner = after.required[name]
                self._add(Action.ADDED, Subject.REQUIRED, name, counterpart(owner, before, oid),
                          owner)
            else:
                owner = before.required[name]
                self._add(Action.REMOVED, Subject.REQUIRED, name, owner,
                          counterpart(owner, after, nid))

    def _object_keywords(self, before: View, oid: str, after: View, nid: str) -> None:
        o_obj = before.objects[0] if before.objects else None
        n_obj = after.objects[0] if after.objects else None
        o_at = o_obj[1] if o_obj else oid
        n_at = n_obj[1] if n_obj else nid
        for field, aspect in _OBJECT:
            o_val = first(before, field)
            n_val = first(after, field)
            field_changes(self.ctx, self._where(o_at, n_at), Subject.SCHEMA, name_of(n_at),
                          [(aspect, o_val, n_val)])
        extra = first_with(before, "additional_properties")
        after_extra = first_with(after, "additional_properties")
        self._sub(
            extra[0], f"{extra[1] if extra[0] else o_at}/additionalProperties",
            after_extra[0], f"{after_extra[1] if after_extra[0] else n_at}/additionalProperties",
            Aspect.ADDITIONAL_PROPERTIES,
        )
        for field in ("pattern_properties",):
            o_map = {k: v for s, _ in before.objects for k, v in getattr(s, field).items()}
            n_map = {k: v for s, _ in after.objects for k, v in getattr(s, field).items()}
            for key in sorted(set(o_map) & set(n_map)):
                self.nodes(o_map[key], f"{o_at}/patternProperties/{escape(key)}",
                           n_map[key], f"{n_at}/patternProperties/{escape(key)}")
            keyed_changes(self.ctx, self._where(o_at, n_at), Subject.KEYWORD,
                          {f"patternProperties/{k}": True for k in o_map},
                          {f"patternProperties/{k}": True for k in n_map})
        o_disc = before.discriminators[0] if before.discriminators else (None, oid)
        n_disc = after.discriminators[0] if after.discriminators else (None, nid)
        self.discriminators(o_disc[0], o_disc[1], n_disc[0], n_disc[1])

    def _rest(self, before: View, oid: str, after: View, nid: str) -> None:
        for index in range(max(len(before.rest), len(after.rest))):
            o = before.rest[index] if index < len(before.rest) else None
            n = after.rest[index] if index < len(after.rest) else None
            if o is not None and n is not None:
                self.nodes(o[0], o[1], n[0], n[1])
            elif o is not None:
                self._add(Action.REMOVED, Subject.ALL_OF_PART, name_of(o[1]), o[1], nid)
            elif n is not None:
                self._add(Action.ADDED, Subject.ALL_OF_PART, name_of(n[1]), oid, n[1])

    def discriminators(self, old: Discriminator | None, oid: str, new: Discriminator | None,
                       nid: str) -> None:
        """A discriminator's property name and mapping."""
        if old is None and new is None:
            return
        name = name_of(nid)
        if old is None or new is None:
            action = Action.ADDED if old is None else Action.REMOVED
            value = (old or new).property_name  # type: ignore[union-attr]
            self._add(action, Subject.SCHEMA, name, oid, nid, aspect=Aspect.DISCRIMINATOR,
                      old=value if old else None, new=value if new else None)
            return
        field_changes(self.ctx, self._where(oid, nid), Subject.SCHEMA, name,
                      [(Aspect.DISCRIMINATOR, old.property_name, new.property_name)])
        keyed_changes(self.ctx, self._where(oid, nid), Subject.MAPPING,
                      {k: name_of(v) for k, v in old.mapping.items()},
                      {k: name_of(v) for k, v in new.mapping.items()})
        keyed_changes(self.ctx, self._where(oid, nid), Subject.EXTENSION,
                      old.extensions, new.extensions)

    # -- unions --------------------------------------------------------------------------------
    def _union(self, old: UnionSchema, oid: str, new: UnionSchema, nid: str) -> None:
        # `type: [string, "null"]` and `anyOf: [{type: string}, {type: "null"}]` mean the same:
        # one member per type; only oneOf <-> anyOf is a change of composition.
        if old.mode is not new.mode and UnionMode.TYPES not in (old.mode, new.mode):
            self._add(Action.CHANGED, Subject.SCHEMA, name_of(nid), oid, nid,
                      aspect=Aspect.COMPOSITION, old=old.mode.value, new=new.mode.value)
        self._base(old.base, new.base, oid, nid)
        self.discriminators(old.discriminator, oid, new.discriminator, nid)
        o_members = members(old, oid)
        n_members = members(new, nid)
        pairs, gone, came = match_members(self.ctx, o_members, n_members)
        for (o, o_id), (n, n_id) in pairs:
            self.nodes(o, o_id, n, n_id)
        for member, node in gone:
            self._add(Action.REMOVED, Subject.UNION_MEMBER, member_name(member, node), node, nid)
        for member, node in came:
            self._add(Action.ADDED, Subject.UNION_MEMBER, member_name(member, node), oid, node)
