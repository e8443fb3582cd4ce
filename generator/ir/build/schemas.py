"""Schema Objects -> the encoded form of IR schemas, in one pass per node.

Speed matters here (a 3 MB spec has ~13,000 schema nodes), so the builder does all the
semantic work (normalisation, kinds, `$ref` edges, sub-schemas) but stops short of creating
the dataclasses: each node becomes `(kind code, {field: value})`, the keyword arguments of
its class, with sub-schemas encoded the same way. `generator.ir.codec` turns a root into
dataclasses when it is first looked up, and the IR cache stores these tuples as they are.
Each node's keys are read once; descriptions and extension values are kept, never walked;
`$ref`s are resolved once per distinct ref; nodes that hold only a `type` share one tuple.
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import unquote

from generator.diagnostics import warning
from generator.ir.build import keywords as kw
from generator.ir.codec import CODES, Encoded
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
from generator.spec.normalize import normalize_schema
from generator.spec import refs
from generator.spec.refs import resolve_string

_ANY_CODE = CODES[AnySchema]
_OBJECT_CODE = CODES[ObjectSchema]
_ANY: Encoded = (_ANY_CODE, {})
_NEVER: Encoded = (CODES[NeverSchema], {})
_BARE: dict[str, Encoded] = {name: (CODES[cls], {}) for name, cls in kw.TYPE_CLASSES.items()}
_TYPE_CODES = {name: CODES[cls] for name, cls in kw.TYPE_CLASSES.items()}
_ALL_KEYS = {CODES[cls]: keys for cls, keys in kw.ALL_KEYS.items()}
_UNION, _ALL_OF, _NOT = CODES[UnionSchema], CODES[AllOfSchema], CODES[NotSchema]
_REFERENCE, _UNRESOLVED = CODES[ReferenceSchema], CODES[UnresolvedSchema]
_MISSING: Any = object()
# As spec.refs: text that may spell `$id` (3.1 resources change what a fragment means).
_ID_HINTS = ("$id", "\\u0024", "\\x24")
_IDIOMS = frozenset({"nullable", "example", "exclusiveMinimum", "exclusiveMaximum"})
_COMPOSITION = kw.COMPOSITION_SET
_SPECIAL = _IDIOMS | _COMPOSITION
_UNIONS = {"oneOf": UnionMode.ONE_OF.value, "anyOf": UnionMode.ANY_OF.value}
_OUTER_FIELDS = {**kw.COMMON, "discriminator": kw.OBJECT_KEYS["discriminator"]}
_RAW, _TEXT, _FLAG, _LIST, _SUB, _SUBS, _SUBMAP, _DISC = (
    kw.RAW, kw.TEXT, kw.FLAG, kw.LIST, kw.SUB, kw.SUBS, kw.SUBMAP, kw.DISC,
)


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

    def root(self, node: Any, key: str, ptr: str) -> str:
        """Build the schema at (key, ptr) once, as a root of the table; returns its node id."""
        ident = node_id(key, ptr)
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
        if len(node) == 1:
            # The commonest nodes: a bare `$ref` or a bare `type`.
            ref = node.get("$ref")
            if ref.__class__ is str:
                target = self._resolved.get((key, ref)) or self.target(ref, key, ptr)
                if target is not None:
                    return (_REFERENCE, {"target": target})
                return (_UNRESOLVED, {"ref": ref})
            kind = node.get("type")
            if kind.__class__ is str and kind in _BARE:
                return _BARE[kind]
        if not _SPECIAL.isdisjoint(node):
            wrapped = False
            if not _IDIOMS.isdisjoint(node) or (self._siblings_ignored and "$ref" in node):
                node, wrapped = self._normalize(node, key, ptr)
            if not _COMPOSITION.isdisjoint(node):
                return self._composite(node, key, ptr, wrapped)
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
                self.doc.report(warning("oas30-idiom", f"{idiom.message} (in a 3.1 file)", loc))
        return result.node, result.wrapped

    @staticmethod
    def _implied(node: dict[str, Any]) -> int:
        if not kw.IMPLIES_OBJECT.isdisjoint(node):
            return _OBJECT_CODE
        if not kw.IMPLIES_ARRAY.isdisjoint(node):
            return _TYPE_CODES["array"]
        return _ANY_CODE

    def _typed(self, code: int, node: dict[str, Any], key: str, ptr: str) -> Encoded:
        keys = _ALL_KEYS[code]
        fields: dict[str, Any] = {}
        ext: dict[str, Any] | None = None
        for name, value in node.items():
            spec = keys.get(name)
            if spec is None:
                if name[:2] == "x-":
                    if ext is None:
                        ext = fields["extensions"] = {}
                    ext[name] = value
                elif name != "type" or code == _ANY_CODE:
                    fields.setdefault("extra", {})[name] = value
                continue
            field, how = spec
            # The common cases inline; the rest (and wrong shapes) in _field.
            if how <= _TEXT and (how == _RAW or value.__class__ is str):
                fields[field] = value
            elif how == _SUBMAP and value.__class__ is dict:
                base = f"{ptr}/{name}/"
                build = self.build
                fields[field] = {
                    n: build(s, key, base + (_esc(n) if "/" in n or "~" in n else n))
                    for n, s in value.items()
                }
            elif how == _LIST and value.__class__ is list:
                fields[field] = tuple(value)
            else:
                self._field(fields, spec, name, value, key, ptr)
        return (code, fields)

    def _field(
        self, fields: dict[str, Any], spec: tuple[str, int], name: str, value: Any, key: str, ptr: str
    ) -> None:
        field, how = spec
        if how == _RAW:
            fields[field] = value
        elif how == _SUB:
            fields[field] = self.build(value, key, f"{ptr}/{name}")
        elif how == _SUBMAP and value.__class__ is dict:
            base = f"{ptr}/{name}/"
            fields[field] = {n: self.build(s, key, base + _esc(n)) for n, s in value.items()}
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
            fields[field] = tuple(
                self.build(s, key, f"{ptr}/{name}/{i}") for i, s in enumerate(value)
            )
        elif how == _DISC and value.__class__ is dict and "propertyName" in value:
            fields[field] = _discriminator(value, key)
        else:
            # A value of the wrong shape (validation reports it): kept, unread.
            fields.setdefault("extra", {})[name] = value

    def _text(self, value: dict[str, Any], key: str, ptr: str, name: str) -> str | None:
        # Azure specs put `{$ref: ...}` where a string belongs: the string it points at
        # (refs warns ref-in-string-position).
        return resolve_string(self.doc, value, base=key, at=f"{ptr}/{name}")

    def _type_union(self, kinds: list[Any], node: dict[str, Any], key: str, ptr: str) -> Encoded:
        specific: set[str] = set()
        members: list[Encoded] = []
        for kind in kinds:
            code = _TYPE_CODES.get(kind, _ANY_CODE) if isinstance(kind, str) else _ANY_CODE
            cls = kw.TYPE_CLASSES.get(kind, AnySchema) if isinstance(kind, str) else AnySchema
            own_keys = kw.SPECIFIC[cls]
            specific.update(own_keys)
            own = {k: v for k, v in node.items() if k in own_keys}
            members.append(self._typed(code, own, key, ptr) if own else (code, {}))
        outer = {k: v for k, v in node.items() if k not in specific}
        fields = self._outer_fields(outer, key, ptr, skip="type")
        fields["mode"] = UnionMode.TYPES.value
        fields["members"] = tuple(members)
        return (_UNION, fields)

    def _outer_fields(self, node: dict[str, Any], key: str, ptr: str, *, skip: str) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        ext: dict[str, Any] = {}
        for name, value in node.items():
            if name == skip:
                continue
            spec = _OUTER_FIELDS.get(name)
            if spec is not None:
                self._field(fields, spec, name, value, key, ptr)
            elif name[:2] == "x-":
                ext[name] = value
            else:
                fields.setdefault("extra", {})[name] = value
        if ext:
            fields["extensions"] = ext
        return fields

    # -- composition ----------------------------------------------------------------------
    def _composite(self, node: dict[str, Any], key: str, ptr: str, wrapped: bool) -> Encoded:
        first = _first_composition(node)
        fields: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for name, value in node.items():
            spec = _OUTER_FIELDS.get(name)
            if spec is not None and name not in kw.ASSERTIONS:
                if spec[1] == _TEXT and value.__class__ is str:
                    fields[spec[0]] = value
                else:
                    self._field(fields, spec, name, value, key, ptr)
            elif name == first:
                continue
            elif name in kw.KNOWN:
                rest[name] = value
            elif name[:2] == "x-":
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
            members = tuple(self.build(m, key, f"{ptr}/{first}/{i}") for i, m in enumerate(value))
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
        """A plain `#/json/pointer` in a file without `$id`, walked here (no `~`, `%` or
        `$ref` on the way; anything else goes to `spec.refs`, which reports failures)."""
        if ref[:2] != "#/" or "~" in ref or "%" in ref:
            return None
        plain = self._plain.get(key)
        if plain is None:
            spec_file = self.doc.files.get(key)
            text = spec_file.text if spec_file is not None else "$id"
            plain = self._plain[key] = self.dialect == "3.0" or not any(
                hint in text for hint in _ID_HINTS
            )
        if not plain:
            return None
        node = _walk_pointer(self.doc.files[key].data, ref[1:])
        return None if node is _MISSING else Target(key=key, pointer=ref[1:], node=node)

    def target(self, ref: str, key: str, ptr: str) -> str | None:
        """The node id a `$ref` (found in file `key` at `ptr`) leads to; None if unresolved."""
        ident = self._resolved.get((key, ref))
        if ident is not None:
            return ident
        # Failures are not remembered: each place that uses a broken ref is reported.
        found = self.local(ref, key) or refs.resolve(self.doc, ref, base=key, at=ptr)
        if found is None:
            return None
        ident = node_id(found.key, found.pointer)
        self._resolved[(key, ref)] = ident
        if ident not in self.roots:
            self.pending.setdefault(ident, found)
        return ident


def _walk_pointer(data: Any, pointer: str) -> Any:
    node = data
    for token in pointer.split("/")[1:]:
        if node.__class__ is dict:
            node = node.get(token, _MISSING)
        elif node.__class__ is list and token.isdigit() and (token == "0" or token[0] != "0"):
            node = node[int(token)] if int(token) < len(node) else _MISSING
        else:
            return _MISSING
        if node is _MISSING:
            return _MISSING
    return node


def _first_composition(node: dict[str, Any]) -> str:
    for name in kw.COMPOSITION:
        if name in node:
            return name
    raise AssertionError("no composition keyword")


def _discriminator(value: dict[str, Any], key: str) -> tuple[Any, ...]:
    raw = value.get("mapping")
    mapping: dict[str, str] = {}
    if isinstance(raw, dict):
        for tag, target in raw.items():
            if isinstance(target, str):
                mapping[str(tag)] = _mapping_target(target, key)
    ext = {k: v for k, v in value.items() if k[:2] == "x-"}
    return (str(value["propertyName"]), mapping, ext)


def _mapping_target(target: str, key: str) -> str:
    # Mapping values are schema names or references; computed, not resolved, so a missing
    # target is reported once, by validation (discriminator-mapping-missing).
    if "#" not in target and "/" not in target and not target.endswith((".yaml", ".yml", ".json")):
        return node_id("", "/components/schemas/" + _esc(target))
    file_part, _, fragment = target.partition("#")
    if file_part:
        key = posixpath.normpath(posixpath.join(posixpath.dirname(key), file_part))
    return node_id(key, unquote(fragment))

