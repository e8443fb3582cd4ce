"""A multi-file spec as one self-contained document (`specloom bundle`): data in, data out.

The root file's data (after `spec.inline`, so nonstandard `$ref`s are already spliced) is
copied, walked by OpenAPI type (`inline.TYPES`), and every `$ref` is rewritten:

- a `$ref` into the root file stays a local ref (`#/...`), kept as written when it was one;
- a `$ref` into another file moves its target into `components`, in the section its place
  calls for (`SECTIONS`: a schema goes to `schemas`, a parameter to `parameters`, ...), and
  becomes `#/components/<section>/<name>`. The target is copied with its own refs rewritten
  the same way, so a file that refers to itself, or files that refer to each other, become
  local refs between components, never an endless copy;
- a Path Item given by `$ref` (a `paths` entry, a webhook, a callback's path) is inlined in
  place, in 3.1 too: 3.0 has no `components.pathItems`, and several of the tools a bundle is
  for do not follow refs there. Only a path item that contains itself (through callbacks)
  moves to `components.pathItems`;
- inside `x-` extensions and other free-form data a `$ref` into another file is replaced by
  its target (as JSON Reference does); one that does not resolve is kept, as specloom reads it.

Names: moved schemas are named by `spec.names.file_schema_names` from exactly the places the
API model names (every schema `$ref` target outside the root file, seen through splices as
the model sees it, that is not a root component), against the root's `components.schemas`, so
the bundle's `components.schemas` keys equal the tree's `Api.schemas` keys. The other
sections use the same rule against their own existing names. Moved components follow the
root's own, sorted by name; new sections follow the existing ones, in the order of the
OpenAPI Components Object. The root's key order is kept.
"""

from __future__ import annotations

import re
import sys
from collections import deque
from dataclasses import dataclass
from typing import Any

from generator.spec.document import SpecDocument, Target, node_id
from generator.spec.inline import (
    LIT,
    REF_OK,
    SCHEMA,
    STR,
    SUB_LIST,
    SUB_MAP,
    SUB_ONE,
    TYPES,
    Kind,
)
from generator.spec.names import component_aliases, file_schema_names
from generator.spec.pointer import escape
from generator.spec.refs import may_declare_id

SECTIONS: dict[str, str] = {
    SCHEMA: "schemas", "Response": "responses", "Parameter": "parameters",
    "Example": "examples", "RequestBody": "requestBodies", "Header": "headers",
    "SecurityScheme": "securitySchemes", "Link": "links", "Callback": "callbacks",
    "PathItem": "pathItems",
}
_ORDER = tuple(SECTIONS.values())

# Schema keywords by what their value holds (spec.inline's sets; `items` is one or a list).
_SUB_ONE = SUB_ONE | {"items"}
_SUB_MAP = SUB_MAP
_SUB_LIST = SUB_LIST | {"items"}
_S_DATA = frozenset(("example", "examples", "default", "const", "enum", "required", "type"))
# Characters a URI fragment may not hold as they are (RFC 3986); `%` too, being the escape.
_FRAGMENT_UNSAFE = re.compile(r"[\x00-\x20\"#%<>\\^`|\x7f]")
_FILES = (".yaml", ".yml", ".json")  # a discriminator mapping value naming a file
_DEPTH = 20_000  # Python frames: files nest 32 deep, each at most 256 levels

Place = tuple[str, str, str]  # (components section, file key, pointer)


@dataclass(frozen=True, slots=True, kw_only=True)
class Bundle:
    """A bundled document: its data, how many components moved per section, and whether
    every `$ref` resolved (when not, the problems are recorded on the document)."""

    data: dict[str, Any]
    moved: dict[str, int]
    ok: bool


def bundle(doc: SpecDocument) -> Bundle:
    """The spec as one document: external definitions moved into `components`."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _DEPTH))
    try:
        return _Bundler(doc).run()
    finally:
        sys.setrecursionlimit(limit)


def _is_ref(value: Any) -> bool:
    return value.__class__ is dict and value.get("$ref").__class__ is str


def _esc(token: str) -> str:
    return escape(token) if "~" in token or "/" in token else token


def fragment(pointer: str) -> str:
    """A JSON pointer as a local `$ref`: `#` and the pointer, percent-encoded where needed."""
    return "#" + _FRAGMENT_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", pointer)


class _Bundler:
    def __init__(self, doc: SpecDocument) -> None:
        self.doc = doc
        self.ok = True
        self.mounted = bool(doc.mounts)
        self.moved: dict[Place, Any] = {}  # place -> its copy (None until copied)
        self.queue: deque[tuple[Place, Any, Kind]] = deque()
        self.fixups: list[tuple[dict[str, Any], str, Place]] = []  # slots to get a name
        self.path_items: list[tuple[str, str]] = []  # path items being inlined
        self.splicing: list[tuple[str, str]] = []  # free-form targets being spliced
        self.cache: dict[tuple[str, str], Target | None] = {}
        root = doc.root.data if doc.root.data.__class__ is dict else {}
        components = root.get("components")
        self.components = components if components.__class__ is dict else {}
        self.aliases = component_aliases(doc)
        self.alias_at = {"/components/schemas/" + _esc(n): t for n, t in self.aliases.items()}
        self.known = self._known()

    def _known(self) -> dict[str, str]:
        """The root's named schemas by node id, seen through splices as the API model sees
        them (a spliced map of schemas names its schemas where they were written)."""
        schemas = self.components.get("schemas")
        known: dict[str, str] = {}
        for name in schemas if schemas.__class__ is dict else ():
            key, ptr = "", "/components/schemas/" + _esc(str(name))
            if self.mounted:
                key, ptr = self.doc.source(key, ptr)
            known[node_id(key, ptr)] = str(name)
        for name, target in self.aliases.items():  # the component takes the file's content
            known[target.id] = name
        return known

    # -- the run --------------------------------------------------------------------------
    def run(self) -> Bundle:
        data = self.value(self.doc.root.data, "", "", "OpenAPI")
        while self.queue:
            place, node, kind = self.queue.popleft()
            self.moved[place] = self.value(node, place[1], place[2], kind)
        names = self._names()
        for slot, name, place in self.fixups:
            slot[name] = f"#/components/{place[0]}/{names[place]}"
        return Bundle(data=self._assemble(data, names), moved=self._counts(), ok=self.ok)

    def _names(self) -> dict[Place, str]:
        """A name for every moved place (`spec.names`, per section against its own names)."""
        out: dict[Place, str] = {}
        for section in _ORDER:
            places = [(key, ptr) for sec, key, ptr in self.moved if sec == section]
            if not places:
                continue
            own = self.components.get(section)
            taken = [str(n) for n in own] if own.__class__ is dict else []
            for (key, ptr), name in file_schema_names(taken, places).items():
                out[(section, key, ptr)] = name
        return out

    def _assemble(self, data: dict[str, Any], names: dict[Place, str]) -> dict[str, Any]:
        if not self.moved:
            return data
        components = data.get("components")
        if components.__class__ is not dict:
            components = data["components"] = {}
        for section in _ORDER:
            entries = sorted((names[p], copy) for p, copy in self.moved.items() if p[0] == section)
            if entries:
                target = components.get(section)
                if target.__class__ is not dict:
                    target = components[section] = {}
                target.update(entries)
        return data

    def _counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for section, _, _ in self.moved:
            counts[section] = counts.get(section, 0) + 1
        return counts

    # -- typed walk -----------------------------------------------------------------------
    def value(self, value: Any, key: str, ptr: str, kind: Kind) -> Any:
        """A copy of `value`, of OpenAPI type `kind` at (key, ptr), its refs rewritten."""
        cls = value.__class__
        if kind == LIT:
            return value  # literal data is shared, not rewritten
        if kind == SCHEMA:
            return self.schema(value, key, ptr)
        if cls is dict and _is_ref(value):
            if not isinstance(kind, tuple) and kind in REF_OK:
                return self.ref(value, key, ptr, kind)
            return self._unspliced(value, key, ptr, kind)
        if kind == STR:
            return value
        if isinstance(kind, tuple):
            return self.collection(value, key, ptr, kind)
        if cls is dict:
            return self.obj(value, key, ptr, kind)
        return self.free(value, key, ptr) if cls is list else value

    def _unspliced(self, value: dict[str, Any], key: str, ptr: str, kind: Kind) -> Any:
        """A `$ref` where OpenAPI allows none that `spec.inline` left: it did not resolve
        (a failure, reported there) unless it is literal data that looks like a ref."""
        target = self.doc.deref(value, base=key, at=ptr, lenient=False)
        if target is None or (kind == STR and target.node.__class__ is not str):
            self.ok = False
            return value
        return self.value(target.node, target.key, target.pointer, kind)

    def obj(self, value: dict[str, Any], key: str, ptr: str, kind: str) -> Any:
        if kind == "Callback":
            return self.collection(value, key, ptr, ("xmap", "PathItem"))
        fields = TYPES[kind]
        out: dict[str, Any] = {}
        for name, item in value.items():
            field = fields.get(name)
            if field is not None:
                out[name] = self.value(item, key, f"{ptr}/{_esc(name)}", field)
            elif item.__class__ is dict or item.__class__ is list:
                out[name] = self.free(item, key, f"{ptr}/{_esc(name)}")
            else:
                out[name] = item
        return out

    def collection(self, value: Any, key: str, ptr: str, kind: tuple[str, str]) -> Any:
        form, item = kind
        if form == "list":
            if value.__class__ is not list:
                return self.free(value, key, ptr)
            return [self.value(v, key, f"{ptr}/{i}", item) for i, v in enumerate(value)]
        if value.__class__ is not dict:
            return self.free(value, key, ptr)
        out: dict[str, Any] = {}
        for name, entry in value.items():
            at = f"{ptr}/{_esc(str(name))}"
            if form == "xmap" and str(name).startswith("x-"):
                out[name] = self.free(entry, key, at)
            else:
                out[name] = self.value(entry, key, at, item)
        return out

    def schema(self, node: Any, key: str, ptr: str) -> Any:
        """A Schema Object: subschemas walked, data keywords shared, `$ref` rewritten."""
        if node.__class__ is not dict:
            return node
        if key == "" and ptr in self.alias_at:  # `Error: {$ref: schemas/Error.yaml}`
            alias = self.alias_at[ptr]
            return self.schema(alias.node, alias.key, alias.pointer)
        out: dict[str, Any] = {}
        for word, value in node.items():
            cls = value.__class__
            if (cls is not dict and cls is not list) or word in _S_DATA:
                out[word] = value
            elif cls is dict and word in _SUB_ONE:
                out[word] = self.schema(value, key, f"{ptr}/{word}")
            elif cls is dict and word in _SUB_MAP:
                at = f"{ptr}/{_esc(word)}"
                out[word] = {
                    n: self.schema(s, key, f"{at}/{_esc(str(n))}") for n, s in value.items()
                }
            elif cls is list and word in _SUB_LIST:
                out[word] = [self.schema(s, key, f"{ptr}/{word}/{i}") for i, s in enumerate(value)]
            elif cls is dict and word == "discriminator":
                out[word] = self.discriminator(value, key, f"{ptr}/discriminator")
            else:
                out[word] = self.free(value, key, f"{ptr}/{_esc(word)}", in_schema=True)
        if out.get("$ref").__class__ is str:
            return self.ref(out, key, ptr, SCHEMA)
        return out

    def discriminator(self, value: dict[str, Any], key: str, ptr: str) -> dict[str, Any]:
        """`mapping` values that are refs (not bare schema names) are rewritten like `$ref`s."""
        out = dict(value)
        mapping = value.get("mapping")
        if mapping.__class__ is not dict:
            return out
        rewritten = out["mapping"] = dict(mapping)
        for tag, ref in mapping.items():
            if ref.__class__ is str and ("#" in ref or "/" in ref or ref.endswith(_FILES)):
                with self.doc.quiet():  # an unresolvable one is validation's to report
                    target = self.resolve(ref, key, f"{ptr}/mapping")
                if target is not None:
                    self.point(rewritten, str(tag), ref, key, target, SCHEMA)
        return out

    # -- references -----------------------------------------------------------------------
    def resolve(self, ref: str, key: str, at: str) -> Target | None:
        """One hop, as the API model takes it; cached where no `$id` can change its meaning."""
        if may_declare_id(self.doc, key):
            return self.doc.resolve(ref, base=key, at=at)
        cached = self.cache.get((key, ref), self)
        if cached is self:
            cached = self.cache[(key, ref)] = self.doc.resolve(ref, base=key, at=at)
        return cached if isinstance(cached, Target) else None

    def ref(self, value: dict[str, Any], key: str, ptr: str, kind: str) -> Any:
        """A Reference Object (or a schema with `$ref`) at (key, ptr), rewritten."""
        ref = value["$ref"]
        target = self.resolve(ref, key, ptr)
        if target is None:
            self.ok = False  # the document holds the located diagnostic
            return value if kind == SCHEMA else dict(value)
        if kind == "PathItem" and target.key != "":
            return self.path_item(value, key, ptr, target)
        out = value if kind == SCHEMA else dict(value)  # a schema was copied by `schema`
        self.point(out, "$ref", ref, key, target, kind)
        return out

    def point(
        self, slot: dict[str, Any], name: str, ref: str, key: str, target: Target, kind: str
    ) -> None:
        """Set `slot[name]` to the bundle's ref for `target` (a moved one is named at the end)."""
        tkey, tptr, node = target.key, target.pointer, target.node
        if kind == SCHEMA and self.mounted:
            tkey, tptr = self.doc.source(tkey, tptr)
            if (tkey, tptr) != (target.key, target.pointer):
                node = _at(self.doc.files[tkey].data, tptr)
        if kind == SCHEMA:
            known = self.known.get(node_id(tkey, tptr))
            if known is not None:
                if not (key == "" and ref.startswith("#") and target.key == ""):
                    slot[name] = "#/components/schemas/" + known
                return
        if tkey == "":
            if not (key == "" and ref.startswith("#")):
                slot[name] = fragment(tptr)
            return
        place = (SECTIONS[kind], tkey, tptr)
        if place not in self.moved:
            self.moved[place] = None
            self.queue.append((place, node, kind))
        self.fixups.append((slot, name, place))

    def path_item(self, value: dict[str, Any], key: str, ptr: str, target: Target) -> Any:
        """A Path Item from another file, inlined in place (see the module docstring)."""
        here = (target.key, target.pointer)
        if here in self.path_items:  # it contains itself: only a component can hold it
            out = dict(value)
            self.point(out, "$ref", value["$ref"], key, target, "PathItem")
            return out
        self.path_items.append(here)
        try:
            content = self.value(target.node, target.key, target.pointer, "PathItem")
        finally:
            self.path_items.pop()
        siblings = {k: v for k, v in value.items() if k != "$ref"}
        if siblings and content.__class__ is dict:
            extra = self.obj(siblings, key, ptr, "PathItem")
            content.update((k, v) for k, v in extra.items() if k not in content)
        return content

    def free(self, value: Any, key: str, ptr: str, *, in_schema: bool = False) -> Any:
        """Free-form data (`x-` extensions, unmodelled fields): a `$ref` into another file is
        replaced by its target; one that does not resolve is kept as it is.

        Inside a schema (`in_schema`), such a `$ref` is taken for a schema reference (Stripe's
        `x-expansionResources: {oneOf: [{$ref: ./account.yaml}]}`) and points at the moved
        schema: splicing there would copy the graph of schemas as a tree, which grows
        exponentially."""
        if value.__class__ is list:
            return [
                self.free(v, key, f"{ptr}/{i}", in_schema=in_schema)
                if v.__class__ in (dict, list) else v
                for i, v in enumerate(value)
            ]
        if value.__class__ is not dict:
            return value
        if _is_ref(value):
            if in_schema:
                return self._schema_ref(value, key, ptr)
            return self._free_ref(value, key, ptr)
        return {
            k: self.free(v, key, f"{ptr}/{_esc(str(k))}", in_schema=in_schema)
            if v.__class__ in (dict, list) else v
            for k, v in value.items()
        }

    def _schema_ref(self, value: dict[str, Any], key: str, ptr: str) -> Any:
        """A `$ref` in free-form data inside a schema: a reference to a schema, rewritten."""
        with self.doc.quiet():
            target = self.resolve(value["$ref"], key, ptr)
        if target is None:
            return value
        out = dict(value)
        self.point(out, "$ref", value["$ref"], key, target, SCHEMA)
        return out

    def _free_ref(self, value: dict[str, Any], key: str, ptr: str) -> Any:
        with self.doc.quiet():
            target = self.doc.deref(value, base=key, at=ptr, lenient=True)
        here = None if target is None else (target.key, target.pointer)
        if target is None or here in self.splicing:
            return value
        if target.key == "":
            return value if key == "" else {**value, "$ref": fragment(target.pointer)}
        self.splicing.append((target.key, target.pointer))
        try:
            return self.free(target.node, target.key, target.pointer)
        finally:
            self.splicing.pop()


def _at(data: Any, pointer: str) -> Any:
    """The node at a plain JSON pointer (one `doc.source` gave, so it exists)."""
    node = data
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if node.__class__ is list else node[token]
    return node
