"""Schema Objects -> the encoded form of IR schemas, in one pass per node.

Speed matters here (a 3 MB spec has ~13,000 schema nodes), so the builder does all the
semantic work (normalisation, kinds, `$ref` edges, sub-schemas) but stops short of creating
the dataclasses: each node becomes `(kind code, {field: value})`, the keyword arguments of
its class, with sub-schemas encoded the same way. `generator.ir.codec` turns a root into
dataclasses when it is first looked up, and the IR cache stores these tuples as they are.
Each node's keys are read once; descriptions and extension values are kept, never walked;
`$ref`s are resolved once per distinct ref; nodes that hold only a `type` share one tuple.
The commonest shapes (a bare `$ref`, a bare `type`, a `type` with one plain keyword) are
read before the general path, and the hot paths are loops, not comprehensions (in Python
3.11 each comprehension is a function call of its own, and makes cells of the names it uses).
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import unquote

from generator.ir.build import keywords as kw
from generator.ir.codec import CODES, Encoded
from generator.ir.model import maker
from generator.ir.schema import (
    AllOfSchema,
    AnySchema,
    NeverSchema,
    NotSchema,
    ObjectSchema,
    ReferenceSchema,
    UnionMode,
    UnionSchema,
    UnresolvedSchema,
)
from generator.spec.document import SpecDocument, Target, node_id
from generator.spec.normalize import idiom_finding, normalize_schema
from generator.spec import refs
from generator.spec.refs import may_declare_id, resolve_string

_RAW, _TEXT, _FLAG, _LIST, _SUB, _SUBS, _SUBMAP, _DISC = (
    kw.RAW, kw.TEXT, kw.FLAG, kw.LIST, kw.SUB, kw.SUBS, kw.SUBMAP, kw.DISC,
)
_ANY_CODE = CODES[AnySchema]
_OBJECT_CODE = CODES[ObjectSchema]
_ANY: Encoded = (_ANY_CODE, {})
_NEVER: Encoded = (CODES[NeverSchema], {})
_BARE: dict[str, Encoded] = {name: (CODES[cls], {}) for name, cls in kw.TYPE_CLASSES.items()}
_TYPE_CODES = {name: CODES[cls] for name, cls in kw.TYPE_CLASSES.items()}
_UNION, _ALL_OF, _NOT = CODES[UnionSchema], CODES[AllOfSchema], CODES[NotSchema]
_REFERENCE, _UNRESOLVED = CODES[ReferenceSchema], CODES[UnresolvedSchema]
_MISSING: Any = object()
_new_target = maker(Target)
_IDIOMS = frozenset({"nullable", "example", "exclusiveMinimum", "exclusiveMaximum"})
_COMPOSITION, _COMPOSITION_SET = kw.COMPOSITION, kw.COMPOSITION_SET
_SPECIAL = _IDIOMS | _COMPOSITION_SET
_UNIONS = {"oneOf": UnionMode.ONE_OF.value, "anyOf": UnionMode.ANY_OF.value}
_OUTER_FIELDS = {**kw.COMMON, "discriminator": kw.OBJECT_KEYS["discriminator"]}
# What stays on the outer node of a composition (its other keywords form `base`).
_ANNOTATION_FIELDS = {**kw.ANNOTATIONS, "discriminator": kw.OBJECT_KEYS["discriminator"]}
_KNOWN = kw.KNOWN
# A type list's members: each type's own keywords.
_OWN_KEYS = {name: kw.SPECIFIC[cls] for name, cls in kw.TYPE_CLASSES.items()}
_NO_KEYS = kw.SPECIFIC[AnySchema]
_TYPES_MODE = UnionMode.TYPES.value

# Per kind: keyword -> (field, how it is read); `type` (read already) is skipped, except by
# `any`, which keeps a `type` it cannot use in `extra` with the other unknown keywords.
_SKIP, _OTHER = -1, -2
_UNREAD = ("", _OTHER)  # a keyword no field takes: an extension, or kept in `extra`
_READERS = {
    CODES[cls]: keys if cls is AnySchema else {**keys, "type": ("", _SKIP)}
    for cls, keys in kw.ALL_KEYS.items()
}
# The keywords read as they are (no sub-schemas, no 3.0 idioms), per kind.
_PLAIN_READERS = {
    code: {
        name: spec
        for name, spec in readers.items()
        if spec[1] in (_RAW, _TEXT, _LIST) and name not in _SPECIAL
    }
    for code, readers in _READERS.items()
}


def _esc(token: str) -> str:
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


class SchemaBuilder:
    """Builds the schemas of one document; keeps the roots and resolves `$ref`s once each."""

    def __init__(self, doc: SpecDocument) -> None:
        self.doc = doc
        self.dialect = doc.dialect
        self.roots: dict[str, Encoded] = {}
        self._resolved: dict[tuple[str, str], str] = {}
        self.pending: dict[str, Target] = {}
        self._siblings_ignored = doc.dialect == "3.0"
        self._plain: dict[str, bool] = {}  # file key -> no `$id` in it (plain pointers apply)
        self._containers: dict[tuple[str, str], Any] = {}  # (file key, pointer) -> node there
        self.targets: set[str] = set()  # node ids that `$ref`s lead to
        # `#/components/schemas/Error` -> where `Error: {$ref: schemas/Error.yaml}` leads
        # (spec.names.component_aliases): refs to the component lead to the schema it names.
        self.aliases: dict[str, Target] = {}
        self._mounted = bool(doc.mounts)  # content spliced by spec.inline: see `_source`

    def root(self, node: Any, key: str, ptr: str) -> str:
        """Build the schema at (key, ptr) once, as a root of the table; returns its node id."""
        if self._mounted:
            node, key, ptr = self._source(node, key, ptr)
        ident = f"{key}#{ptr}"  # node_id(key, ptr), spelled out: this is the hottest caller
        if ident not in self.roots:
            try:
                self.roots[ident] = self.build(node, key, ptr)
            except RecursionError:
                self.roots[ident] = (_UNRESOLVED, {"ref": ident, "extra": {"x-specloom": "too deep"}})
        return ident

    # -- nodes ----------------------------------------------------------------------------
    def build(self, node: Any, key: str, ptr: str) -> Encoded:
        """One Schema Object (and everything inline below it), encoded."""
        if node.__class__ is not dict:
            if node is True:
                return _ANY
            if node is False:
                return _NEVER
            return (_ANY_CODE, {"extra": {"x-specloom-invalid": node}})
        size = len(node)
        if size == 1:
            # The commonest nodes: a bare `$ref` or a bare `type`...
            ref = node.get("$ref")
            if ref.__class__ is str:
                target = self._resolved.get((key, ref)) or self._resolve(ref, key, ptr)
                if target is not None:
                    return (_REFERENCE, {"target": target})
                return (_UNRESOLVED, {"ref": ref})
            kind = node.get("type")
            if kind.__class__ is str:
                bare = _BARE.get(kind)
                if bare is not None:
                    return bare
        elif size == 2:
            # ... and a `type` with one plain keyword (what `_typed` makes of them, sooner).
            kind = node.get("type")
            if kind.__class__ is str:
                code = _TYPE_CODES.get(kind)
                if code is not None:
                    text = node.get("description")
                    if text.__class__ is str:
                        return (code, {"description": text})
                    name, other = node
                    if name == "type":
                        name = other
                    field, how = _PLAIN_READERS[code].get(name, _UNREAD)
                    if how == _TEXT:
                        value = node[name]
                        if value.__class__ is str:
                            return (code, {field: value})
                    elif how == _RAW:
                        return (code, {field: node[name]})
                    elif how == _LIST:
                        value = node[name]
                        if value.__class__ is list:
                            return (code, {field: tuple(value)})
        if not _SPECIAL.isdisjoint(node):
            wrapped = False
            if not _IDIOMS.isdisjoint(node) or (self._siblings_ignored and "$ref" in node):
                node, wrapped = self._normalize(node, key, ptr)
            if not _COMPOSITION_SET.isdisjoint(node):
                for first in _COMPOSITION:
                    if first in node:
                        return self._composite(node, first, key, ptr, wrapped)
        kind = node.get("type")
        if kind.__class__ is str:
            code = _TYPE_CODES.get(kind, _ANY_CODE)
        elif kind is None:
            code = self._implied(node)
        elif kind.__class__ is list and len(kind) == 1 and kind[0].__class__ is str and (
            kind[0] in _TYPE_CODES
        ):
            code = _TYPE_CODES[kind[0]]
        elif kind.__class__ is list:
            return self._type_union(kind, node, key, ptr)
        else:
            code = _ANY_CODE
        return self._typed(code, node, key, ptr)

    def _normalize(self, node: dict[str, Any], key: str, ptr: str) -> tuple[dict[str, Any], bool]:
        result = normalize_schema(node, self.dialect)
        if self.dialect == "3.1":
            for idiom in result.idioms:
                loc = self.doc.location(key, f"{ptr}/{idiom.keyword}")
                self.doc.report(idiom_finding(idiom, loc))
        return result.node, result.wrapped

    @staticmethod
    def _implied(node: dict[str, Any]) -> int:
        if not kw.IMPLIES_OBJECT.isdisjoint(node):
            return _OBJECT_CODE
        if not kw.IMPLIES_ARRAY.isdisjoint(node):
            return _TYPE_CODES["array"]
        return _ANY_CODE

    def _typed(self, code: int, node: dict[str, Any], key: str, ptr: str) -> Encoded:
        readers = _READERS[code]
        fields: dict[str, Any] = {}
        ext: dict[str, Any] | None = None
        for name, value in node.items():
            field, how = readers.get(name, _UNREAD)
            # The common cases inline, by frequency; the rest (and wrong shapes) in _field.
            if how == _SKIP:
                continue
            if how == _TEXT:
                if value.__class__ is str:
                    fields[field] = value
                    continue
            elif how == _LIST:
                if value.__class__ is list:
                    fields[field] = tuple(value)
                    continue
            elif how == _SUBMAP:
                if value.__class__ is dict:
                    fields[field] = self._submap(value, key, f"{ptr}/{name}/")
                    continue
            elif how == _RAW:
                fields[field] = value
                continue
            elif how == _OTHER:
                if name.startswith("x-"):
                    if ext is None:
                        ext = fields["extensions"] = {}
                    ext[name] = value
                else:
                    fields.setdefault("extra", {})[name] = value
                continue
            self._field(fields, field, how, name, value, key, ptr)
        return (code, fields)

    def _field(
        self, fields: dict[str, Any], field: str, how: int, name: str, value: Any, key: str, ptr: str
    ) -> None:
        if how == _RAW:
            fields[field] = value
        elif how == _SUB:
            fields[field] = self.build(value, key, f"{ptr}/{name}")
        elif how == _SUBMAP and value.__class__ is dict:
            fields[field] = self._submap(value, key, f"{ptr}/{name}/")
        elif how == _TEXT and value.__class__ is str:
            fields[field] = value
        elif how == _TEXT and value.__class__ is dict:
            text = self._text(value, key, ptr, name)
            if text is not None:
                fields[field] = text
        elif how == _LIST and value.__class__ is list:
            fields[field] = tuple(value)
        elif how == _FLAG and value.__class__ is bool:
            fields[field] = value
        elif how == _SUBS and value.__class__ is list:
            fields[field] = self._subs(value, key, f"{ptr}/{name}/")
        elif how == _DISC and value.__class__ is dict and "propertyName" in value:
            fields[field] = self._discriminator(value, key, f"{ptr}/{name}")
        else:
            # A value of the wrong shape (validation reports it): kept, unread.
            fields.setdefault("extra", {})[name] = value

    def _discriminator(self, value: dict[str, Any], key: str, ptr: str) -> tuple[Any, ...]:
        """(propertyName, mapping to node ids, extensions). A mapping value that is a reference
        (`./Cat.yaml`, `#/components/schemas/Cat`) is followed like a `$ref`, so a schema only
        a mapping reaches is built and named; a broken one is validation's to report
        (discriminator-mapping-missing), so nothing is reported here."""
        raw = value.get("mapping")
        mapping: dict[str, str] = {}
        if isinstance(raw, dict):
            for tag, target in raw.items():
                if not isinstance(target, str):
                    continue
                ident = _mapping_target(target, key)
                if "#" in target or "/" in target or target.endswith((".yaml", ".yml", ".json")):
                    with self.doc.quiet():
                        ident = self.target(target, key, f"{ptr}/mapping/{_esc(str(tag))}") or ident
                elif ident in self.aliases:
                    ident = self.aliases[ident].id
                mapping[str(tag)] = ident
        ext = {k: v for k, v in value.items() if k[:2] == "x-"}
        return (str(value["propertyName"]), mapping, ext)

    def _submap(self, value: dict[str, Any], key: str, base: str) -> dict[str, Encoded]:
        """`{name: schema}`, each built at `base` + its escaped name."""
        build = self.build
        out = {}
        for name, node in value.items():
            out[name] = build(node, key, base + (_esc(name) if "/" in name or "~" in name else name))
        return out

    def _subs(self, value: list[Any], key: str, base: str) -> tuple[Encoded, ...]:
        """`[schema, ...]`, each built at `base` + its index."""
        build = self.build
        out = []
        index = 0
        for node in value:
            out.append(build(node, key, f"{base}{index}"))
            index += 1
        return tuple(out)

    def _text(self, value: dict[str, Any], key: str, ptr: str, name: str) -> str | None:
        # Azure specs put `{$ref: ...}` where a string belongs: the string it points at
        # (refs warns ref-nonstandard; spec.inline splices most of them at load).
        return resolve_string(self.doc, value, base=key, at=f"{ptr}/{name}")

    def _type_union(self, kinds: list[Any], node: dict[str, Any], key: str, ptr: str) -> Encoded:
        # One member per listed type, with that type's own keywords; the rest stays outside.
        inside = {"type"}
        members: list[Encoded] = []
        for kind in kinds:
            if kind.__class__ is str:
                code = _TYPE_CODES.get(kind, _ANY_CODE)
                own_keys = _OWN_KEYS.get(kind, _NO_KEYS)
            else:
                code, own_keys = _ANY_CODE, _NO_KEYS
            own = {}
            if own_keys:
                inside.update(own_keys)
                for name, value in node.items():
                    if name in own_keys:
                        own[name] = value
            members.append(self._typed(code, own, key, ptr) if own else (code, {}))
        fields: dict[str, Any] = {}
        ext: dict[str, Any] = {}
        for name, value in node.items():
            if name in inside:
                continue
            spec = _OUTER_FIELDS.get(name)
            if spec is not None:
                if spec[1] == _TEXT and value.__class__ is str:
                    fields[spec[0]] = value
                else:
                    self._field(fields, spec[0], spec[1], name, value, key, ptr)
            elif name.startswith("x-"):
                ext[name] = value
            else:
                fields.setdefault("extra", {})[name] = value
        if ext:
            fields["extensions"] = ext
        fields["mode"] = _TYPES_MODE
        fields["members"] = tuple(members)
        return (_UNION, fields)

    # -- composition ----------------------------------------------------------------------
    def _composite(
        self, node: dict[str, Any], first: str, key: str, ptr: str, wrapped: bool
    ) -> Encoded:
        # `first`: the node's first composition keyword in kw.COMPOSITION order (its kind).
        fields: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for name, value in node.items():
            spec = _ANNOTATION_FIELDS.get(name)
            if spec is not None:
                if spec[1] == _TEXT and value.__class__ is str:
                    fields[spec[0]] = value
                else:
                    self._field(fields, spec[0], spec[1], name, value, key, ptr)
            elif name == first:
                continue
            elif name in _KNOWN:
                rest[name] = value
            elif name.startswith("x-"):
                fields.setdefault("extensions", {})[name] = value
            else:
                fields.setdefault("extra", {})[name] = value
        if rest:
            fields["base"] = self.build(rest, key, ptr)
        value = node[first]
        if first == "$ref":
            return self._reference(value, key, ptr, fields)
        if first == "not":
            fields["negated"] = self.build(value, key, f"{ptr}/not")
            return (_NOT, fields)
        if value.__class__ is not list:
            fields.setdefault("extra", {})[first] = value
            value = []
        members: tuple[Encoded, ...]
        if wrapped:
            # `nullable` moved the node's assertions into member 0: it has the node's pointer.
            members = (self.build(value[0], key, ptr), self.build(value[1], key, ptr))
        else:
            members = self._subs(value, key, f"{ptr}/{first}/")
        fields["members"] = members
        if first == "allOf":
            return (_ALL_OF, fields)
        fields["mode"] = _UNIONS[first]
        return (_UNION, fields)

    def _reference(self, ref: Any, key: str, ptr: str, fields: dict[str, Any]) -> Encoded:
        if not isinstance(ref, str):
            fields.pop("base", None)
            fields["ref"] = repr(ref)
            return (_UNRESOLVED, fields)
        target = self.target(ref, key, ptr)
        if target is None:
            fields.pop("base", None)
            fields["ref"] = ref
            return (_UNRESOLVED, fields)
        fields["target"] = target
        return (_REFERENCE, fields)

    def local(self, ref: str, key: str) -> Target | None:
        """A plain `#/json/pointer` in a file without `$id`, walked here (no `~` or `%` in it;
        anything else goes to `spec.refs`, which reports failures)."""
        node = self._local_node(ref, key)
        return None if node is _MISSING else _new_target(key=key, pointer=ref[1:], node=node)

    def target(self, ref: str, key: str, ptr: str) -> str | None:
        """The node id a `$ref` (found in file `key` at `ptr`) leads to; None if unresolved."""
        return self._resolved.get((key, ref)) or self._resolve(ref, key, ptr)

    def _resolve(self, ref: str, key: str, ptr: str) -> str | None:
        # `target` of a ref not resolved yet.
        node = self._local_node(ref, key)
        if node is not _MISSING:
            found = None
            ident = node_id(key, ref[1:])
        else:
            # Failures are not remembered: each place that uses a broken ref is reported.
            found = refs.resolve(self.doc, ref, base=key, at=ptr)
            if found is None:
                return None
            ident = node_id(found.key, found.pointer)
        if self._mounted:
            where = found or _new_target(key=key, pointer=ref[1:], node=node)
            there, skey, sptr = self._source(where.node, where.key, where.pointer)
            if (skey, sptr) != (where.key, where.pointer):
                found, ident = _new_target(key=skey, pointer=sptr, node=there), node_id(skey, sptr)
        alias = self.aliases.get(ident)
        if alias is not None:
            found, ident = alias, alias.id
        self._resolved[(key, ref)] = ident
        self.targets.add(ident)
        if ident not in self.roots and ident not in self.pending:
            if found is None:
                found = _new_target(key=key, pointer=ref[1:], node=node)
            self.pending[ident] = found
        return ident

    def _source(self, node: Any, key: str, ptr: str) -> tuple[Any, str, str]:
        """A schema spliced in place of a nonstandard `$ref` (spec.inline) is built where it
        was written, once, whatever place it was spliced into: (node, key, pointer) there."""
        skey, sptr = self.doc.source(key, ptr)
        if skey == key and sptr == ptr:
            return node, key, ptr
        return _walk_pointer(self.doc.files[skey].data, sptr), skey, sptr

    def _local_node(self, ref: str, key: str) -> Any:
        # What `local` finds, or _MISSING.
        if not ref.startswith("#/") or "~" in ref or "%" in ref:
            return _MISSING
        plain = self._plain.get(key)
        if plain is None:
            plain = self._plain[key] = not may_declare_id(self.doc, key)
        if not plain:
            return _MISSING
        # Refs point into a few maps (`/components/schemas` above all): each map is found once.
        parent, _, last = ref[1:].rpartition("/")
        container = self._containers.get((key, parent), _MISSING)
        if container is _MISSING:
            container = _walk_pointer(self.doc.files[key].data, parent)
            self._containers[(key, parent)] = container
        if container.__class__ is dict:
            return container.get(last, _MISSING)
        return _step(container, last)


def _walk_pointer(data: Any, pointer: str) -> Any:
    node = data
    for token in pointer.split("/")[1:]:
        if "~" in token:  # `application~1json`, in a pointer `doc.source` gave
            token = token.replace("~1", "/").replace("~0", "~")
        node = _step(node, token)
        if node is _MISSING:
            return _MISSING
    return node


def _step(node: Any, token: str) -> Any:
    """One step of a JSON pointer (an unescaped token), _MISSING when there is nothing."""
    if node.__class__ is dict:
        return node.get(token, _MISSING)
    if node.__class__ is list and token.isdigit() and (token == "0" or token[0] != "0"):
        return node[int(token)] if int(token) < len(node) else _MISSING
    return _MISSING


def _mapping_target(target: str, key: str) -> str:
    # Mapping values are schema names or references; computed, not resolved, so a missing
    # target is reported once, by validation (discriminator-mapping-missing).
    if "#" not in target and "/" not in target and not target.endswith((".yaml", ".yml", ".json")):
        return node_id("", "/components/schemas/" + _esc(target))
    file_part, _, fragment = target.partition("#")
    if file_part:
        key = posixpath.normpath(posixpath.join(posixpath.dirname(key), file_part))
    return node_id(key, unquote(fragment))

