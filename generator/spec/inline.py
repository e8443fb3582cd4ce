"""`$ref` wherever it stands: resolve Reference Objects in places OpenAPI allows none.

OpenAPI allows a Reference Object only where an object is a path item, parameter, request
body, response, header, example, link, callback, security scheme or schema. Authors of
multi-file specs put one anywhere (an operation, `info.description`, a whole `paths` map, a
map of schemas, an example), and the tools they use (Redocly, Spectral, swagger-parser) replace
any `$ref` by its target, as JSON Reference says. This pass does the same, once, right after
the root file is read, so that every later pass and the IR see the resolved document:

- It walks the OpenAPI structure by type from the root file, into every file a `$ref` leads
  to. A `$ref` where one is allowed is followed (its target is walked with the type the place
  expects) and kept. A `$ref` where none is allowed is *spliced*: its target (itself walked
  first) replaces the `{"$ref": ...}` mapping in the data, and one `ref-nonstandard` warning
  says so, at the `$ref`.
- A spliced node that comes from another file is copied with its own `$ref`s rewritten to be
  relative to the file that now holds it, so any resolver, ours or jsonschema-rs's, gets the
  same targets as before. The document remembers each splice (`SpecDocument.mounts`), so a
  finding inside spliced content is located in the file and line it came from.
- In literal places (`example`, an Example's `value`, `default`, `const`) a mapping that is
  only a `$ref` is spliced when it resolves and left alone, silently, when it does not: it may
  be data that happens to look like a reference.

Nothing is fetched or read outside the root's folder tree: targets go through `spec.refs`.
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import quote, unquote

from generator.diagnostics import error, warning
from generator.spec.document import SpecDocument, Target
from generator.spec.pointer import escape
from generator.spec.refs import ABSOLUTE as _ABSOLUTE
from generator.spec.refs import show_value
from generator.spec.walk import EXT, LITERAL, NAMES, OBJ, child_context

# Field types: an object type's name, or one of these.
STR, LIT, SCHEMA, SKIP = "string", "literal", "Schema", "skip"
Kind = str | tuple[str, str]  # a type name, ("map", T), ("xmap", T: x- keys skipped), ("list", T)

_EXAMPLE_FIELDS: dict[str, Kind] = {"example": LIT, "examples": ("map", "Example")}
_HOLDER: dict[str, Kind] = {
    **dict.fromkeys(("name", "in", "description", "style"), STR),
    "schema": SCHEMA, **_EXAMPLE_FIELDS, "content": ("map", "MediaType"),
}
TYPES: dict[str, dict[str, Kind]] = {
    "OpenAPI": {
        "info": "Info", "servers": ("list", "Server"), "paths": ("xmap", "PathItem"),
        "webhooks": ("map", "PathItem"), "components": "Components",
        "tags": ("list", "Tag"), "externalDocs": "ExternalDocs", "jsonSchemaDialect": STR,
    },
    "Info": {
        **dict.fromkeys(("title", "summary", "description", "termsOfService", "version"), STR),
        "contact": "Contact", "license": "License",
    },
    "Contact": dict.fromkeys(("name", "url", "email"), STR),
    "License": dict.fromkeys(("name", "identifier", "url"), STR),
    "Server": {"url": STR, "description": STR, "variables": ("map", "ServerVariable")},
    "ServerVariable": {"enum": ("list", STR), "default": STR, "description": STR},
    "Components": {
        "schemas": ("map", SCHEMA), "responses": ("map", "Response"),
        "parameters": ("map", "Parameter"), "examples": ("map", "Example"),
        "requestBodies": ("map", "RequestBody"), "headers": ("map", "Header"),
        "securitySchemes": ("map", "SecurityScheme"), "links": ("map", "Link"),
        "callbacks": ("map", "Callback"), "pathItems": ("map", "PathItem"),
    },
    "PathItem": {
        "summary": STR, "description": STR, "servers": ("list", "Server"),
        "parameters": ("list", "Parameter"),
        **dict.fromkeys(("get", "put", "post", "delete", "options", "head", "patch", "trace"),
                        "Operation"),
    },
    "Operation": {
        "tags": ("list", STR), **dict.fromkeys(("summary", "description", "operationId"), STR),
        "externalDocs": "ExternalDocs", "parameters": ("list", "Parameter"),
        "requestBody": "RequestBody", "responses": ("xmap", "Response"),
        "callbacks": ("map", "Callback"), "servers": ("list", "Server"),
    },
    "ExternalDocs": {"description": STR, "url": STR},
    "Parameter": _HOLDER,
    "Header": _HOLDER,
    "RequestBody": {"description": STR, "content": ("map", "MediaType")},
    "MediaType": {"schema": SCHEMA, **_EXAMPLE_FIELDS, "encoding": ("map", "Encoding")},
    "Encoding": {"contentType": STR, "style": STR, "headers": ("map", "Header")},
    "Response": {
        "description": STR, "headers": ("map", "Header"), "content": ("map", "MediaType"),
        "links": ("map", "Link"),
    },
    "Callback": {},  # an ("xmap", "PathItem") in all but name: see _walk_object
    "Example": {"summary": STR, "description": STR, "externalValue": STR, "value": LIT},
    "Link": {"operationRef": STR, "operationId": STR, "description": STR, "server": "Server"},
    "Tag": {"name": STR, "description": STR, "externalDocs": "ExternalDocs"},
    "SecurityScheme": {
        **dict.fromkeys(
            ("type", "description", "name", "in", "scheme", "bearerFormat", "openIdConnectUrl"),
            STR,
        ),
        "flows": "OAuthFlows",
    },
    "OAuthFlows": dict.fromkeys(
        ("implicit", "password", "clientCredentials", "authorizationCode"), "OAuthFlow"
    ),
    "OAuthFlow": dict.fromkeys(("authorizationUrl", "tokenUrl", "refreshUrl"), STR),
}
# Types whose place takes a Reference Object (a Schema takes `$ref` anywhere).
REF_OK = frozenset(
    ("PathItem", "Parameter", "RequestBody", "Response", "Header", "Example", "Link",
     "Callback", "SecurityScheme", SCHEMA)
)

# Schema keywords, by what their value is (spec.bundle walks schemas by them too).
SUB_ONE = frozenset((
    "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
    "additionalItems", "unevaluatedItems", "unevaluatedProperties", "contentSchema",
))
SUB_MAP = frozenset(("properties", "patternProperties", "$defs", "definitions",
                      "dependentSchemas"))
SUB_LIST = frozenset(("allOf", "anyOf", "oneOf", "prefixItems"))
_S_STR = frozenset(("title", "description", "pattern", "format", "$comment"))
_S_LIT = frozenset(("example", "default", "const"))
_S_PLAIN_LIST = frozenset(("enum", "required", "type"))
_SCHEMA_WORDS = SUB_ONE | SUB_MAP | SUB_LIST | _S_STR | _S_LIT | _S_PLAIN_LIST | {"items"}


def _is_ref(value: Any) -> bool:
    return value.__class__ is dict and "$ref" in value and value["$ref"].__class__ is str


_WORDS = {STR: "a string", LIT: "a literal value", SCHEMA: "a schema", "OpenAPI": "a document",
          "Info": "an Info object", "ExternalDocs": "an External Documentation object",
          "OAuthFlows": "an OAuth Flows object", "OAuthFlow": "an OAuth Flow object"}


def _describe(kind: Kind) -> str:
    """What belongs in a place of this type, in words: "an operation", "a map of schemas"."""
    if isinstance(kind, tuple):
        what = "list" if kind[0] == "list" else "map"
        item = _describe(kind[1]).split(" ", 1)[1]
        return f"a {what} of {item.removesuffix(' object')}s"
    if kind in _WORDS:
        return _WORDS[kind]
    words = "".join(" " + c.lower() if c.isupper() else c for c in kind).strip()
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"


class _Inliner:
    def __init__(self, doc: SpecDocument) -> None:
        self.doc = doc
        self.walked: set[tuple[str, str, Kind]] = set()

    # -- one place ---------------------------------------------------------------------------
    def place(self, holder: Any, token: Any, key: str, ptr: str, kind: Kind) -> None:
        """Look at `holder[token]`, which OpenAPI types as `kind`, and everything below it."""
        value = holder[token]
        if value.__class__ is not dict:
            if value.__class__ is list:
                self.walk(value, key, ptr, kind)
            return
        if "$ref" in value and value["$ref"].__class__ is str:
            if kind in REF_OK:
                self.follow(value, key, ptr, kind)
                if kind == "PathItem" and len(value) > 1:
                    self._walk_object(value, key, ptr, kind)  # 3.0 allows siblings there
            elif kind != LIT or len(value) == 1:  # else data with a "$ref" key among others
                spliced = self.splice(value, key, ptr, kind)
                if spliced is not None:
                    holder[token] = spliced  # its content was walked where it came from
            return
        self.walk(value, key, ptr, kind)

    def follow(self, value: dict[str, Any], key: str, ptr: str, kind: Kind) -> None:
        """A `$ref` where one is allowed: kept; its target is walked where it lies.

        A broken one is the later passes' to report (they resolve it too): nothing here.
        """
        with self.doc.quiet():
            target = self.doc.deref(value, base=key, at=ptr)
        if target is not None:
            self.target(target, kind)

    def target(self, target: Target, kind: Kind) -> None:
        """Walk what a `$ref` leads to, once per place and type."""
        ident = (target.key, target.pointer, kind)
        if ident not in self.walked:
            self.walked.add(ident)
            self.walk(target.node, target.key, target.pointer, kind)

    def splice(self, value: dict[str, Any], key: str, ptr: str, kind: Kind) -> Any:
        """A `$ref` where none is allowed: its target's content (None: left as it is)."""
        target = self._quiet(value, key, ptr) if kind == LIT else self.doc.deref(
            value, base=key, at=ptr, lenient=False
        )
        if target is None:
            if kind != LIT:
                self.doc.unspliced.add((key, ptr))
            return None
        if target.key == key and (ptr + "/").startswith(target.pointer + "/"):
            # The target holds the `$ref` itself: splicing would make the data contain itself.
            message = (
                f"$ref {_cut(value['$ref'])!r} leads to {_cut(target.id)}, which contains it: "
                "resolving it would nest the document in itself"
            )
            self.doc.report(error("ref-cycle", message, self.doc.location(key, ptr + "/$ref")))
            self.doc.unspliced.add((key, ptr))
            return None
        if kind == STR and target.node.__class__ is not str:
            message = (
                f"$ref {_cut(value['$ref'], 160)!r} stands where a string belongs but points at "
                f"{show_value(target.node)}"
            )
            self.doc.report(error("ref-invalid", message, self.doc.location(key, ptr + "/$ref")))
            return None
        self.target(target, kind)
        where = self.doc.location(key, ptr + "/$ref")  # before the mount moves `ptr`
        self.doc.mount(key, ptr, target.key, target.pointer)
        message = (
            f"$ref {_cut(value['$ref'])!r} stands where OpenAPI allows no $ref "
            f"({_describe(kind)} belongs here), resolved as JSON Reference does, "
            f"to {_cut(target.id)}"
        )
        self.doc.report(warning("ref-nonstandard", message, where))
        return rebase(self.doc, target, key, kind)

    def _quiet(self, value: dict[str, Any], key: str, ptr: str) -> Target | None:
        """Resolve a literal that looks like a reference, recording nothing if it fails."""
        with self.doc.quiet():
            return self.doc.deref(value, base=key, at=ptr, lenient=False)

    # -- walking ------------------------------------------------------------------------------
    def walk(self, value: Any, key: str, ptr: str, kind: Kind) -> None:
        """Everything below a value of type `kind` at (key, ptr)."""
        if kind in (STR, LIT, SKIP):
            return
        if isinstance(kind, tuple):
            self._walk_collection(value, key, ptr, kind)
        elif kind == SCHEMA:
            if value.__class__ is dict:
                self._walk_schema(value, key, ptr)
        elif value.__class__ is dict:
            self._walk_object(value, key, ptr, kind)

    def _walk_object(self, value: dict[str, Any], key: str, ptr: str, kind: str) -> None:
        if kind == "Callback":
            self._walk_collection(value, key, ptr, ("xmap", "PathItem"))
            return
        fields = TYPES[kind]
        for name in value.keys() & fields.keys():
            cls = value[name].__class__
            if cls is dict or cls is list:  # strings and numbers hold nothing to resolve
                self.place(value, name, key, f"{ptr}/{name}", fields[name])

    def _walk_collection(self, value: Any, key: str, ptr: str, kind: tuple[str, str]) -> None:
        form, item = kind
        if form == "list":
            if value.__class__ is list:
                for i, entry in enumerate(value):
                    if entry.__class__ is dict or entry.__class__ is list:
                        self.place(value, i, key, f"{ptr}/{i}", item)
            return
        if value.__class__ is not dict:
            return
        for name, entry in list(value.items()):
            if entry.__class__ is not dict and entry.__class__ is not list:
                continue
            if name.__class__ is not str or (form == "xmap" and name.startswith("x-")):
                continue
            self.place(value, name, key, f"{ptr}/{_esc(name)}", item)

    def _walk_schema(self, root: Any, key: str, ptr: str) -> None:
        # Iterative (schemas nest deeply). Most schemas hold nothing to do: a first lean look
        # (no pointers kept) says so, and only the others are walked with their pointers.
        if _nothing_to_do(root, key):
            return
        stack: list[_Entry] = [(root, None, ptr)]
        pop, push = stack.pop, stack.append
        while stack:
            entry = pop()
            node = entry[0]
            ref = node.get("$ref")
            if ref.__class__ is str and not (key == "" and ref.startswith(_COMPONENT)):
                self.follow(node, key, _pointer(entry), SCHEMA)  # components are walked anyway
            for word in node.keys() & _SCHEMA_WORDS:
                value = node[word]
                if value.__class__ is dict:
                    if word in SUB_ONE or word == "items":
                        push((value, entry, word))
                    elif "$ref" in value and value["$ref"].__class__ is str:
                        kind = _NONSTANDARD[word]
                        if kind != LIT or len(value) == 1:
                            at = f"{_pointer(entry)}/{_esc(word)}"
                            spliced = self.splice(value, key, at, kind)
                            if spliced is not None:
                                node[word] = spliced
                    elif word in SUB_MAP:
                        for name, sub in value.items():
                            if sub.__class__ is dict:
                                push((sub, (value, entry, word), name))
                elif value.__class__ is list and (word in SUB_LIST or word == "items"):
                    listed = (value, entry, word)
                    for i, sub in enumerate(value):
                        if sub.__class__ is dict:
                            push((sub, listed, str(i)))


_Entry = tuple[Any, Any, str]  # (node, parent entry or None, token; or the root's pointer)
_CONTAINERS = SUB_ONE | SUB_MAP | SUB_LIST | {"items"}
_LEAVES = _S_STR | _S_LIT | _S_PLAIN_LIST


def _nothing_to_do(root: dict[str, Any], key: str) -> bool:
    """Whether a schema holds no `$ref` to follow (only the root file's own component
    schemas, which are walked anyway) and no `$ref` in a place OpenAPI allows none.

    About three times faster than the walk proper: it keeps no pointers and makes no sets.
    """
    stack = [root]
    push, pop = stack.append, stack.pop
    while stack:
        node = pop()
        ref = node.get("$ref")
        if ref is not None and (key or ref.__class__ is not str or not ref.startswith(_COMPONENT)):
            return False
        for word, value in node.items():
            cls = value.__class__
            if cls is dict:
                if word in _CONTAINERS:
                    if word in SUB_MAP:
                        if "$ref" in value:
                            return False
                        for sub in value.values():
                            if sub.__class__ is dict:
                                push(sub)
                    elif word in SUB_LIST:
                        return False  # a dict where a list belongs: a `$ref`, or broken
                    else:
                        push(value)
                elif word in _LEAVES and "$ref" in value:
                    return False
            elif cls is list and word in _CONTAINERS:
                for sub in value:
                    if sub.__class__ is dict:
                        push(sub)
    return True
_COMPONENT = "#/components/schemas/"
_NONSTANDARD: dict[str, Kind] = {
    **dict.fromkeys(_S_STR, STR), **dict.fromkeys(_S_LIT, LIT),
    **dict.fromkeys(SUB_MAP, ("map", SCHEMA)), **dict.fromkeys(SUB_LIST, ("list", SCHEMA)),
    **dict.fromkeys(_S_PLAIN_LIST, ("list", STR)),
}


def _pointer(entry: _Entry) -> str:
    """The JSON pointer of a schema walk entry."""
    tokens: list[str] = []
    while entry[1] is not None:
        token = entry[2]
        tokens.append(_esc(token))
        entry = entry[1]
    return entry[2] + "".join("/" + t for t in reversed(tokens))


def inline(doc: SpecDocument) -> None:
    """Resolve every `$ref` that stands where OpenAPI allows none (see the module docstring)."""
    data = doc.root.data
    if data.__class__ is not dict or doc.root.plain_refs or b"$ref" not in doc.root.raw:
        return
    _Inliner(doc).walk(data, "", "", "OpenAPI")


# -- moving content between files -----------------------------------------------------------


def rebase(doc: SpecDocument, target: Target, host: str, kind: Kind) -> Any:
    """`target.node` as it reads from file `host`: the node itself when both are one file,
    else a copy whose relative `$ref`s are rewritten to lead where they led from `target.key`.

    Literal data (examples, defaults, enums) is shared, not rewritten.
    """
    if target.key == host:
        return target.node
    source_dir = posixpath.dirname(target.key)
    host_dir = posixpath.dirname(host)
    source_name = target.key or _root_name(doc)

    def rewrite(ref: str) -> str:
        if _ABSOLUTE.match(ref):
            return ref
        uri, hash_, fragment = ref.partition("#")
        path = posixpath.normpath(posixpath.join(source_dir, unquote(uri))) if uri else source_name
        rel = posixpath.relpath(path, host_dir or ".")
        return quote(rel, safe="/{}$@!*'()+,;=:") + hash_ + fragment

    def copy(node: Any, ctx: int) -> Any:
        # Contexts as in spec.walk: they tell literal data and x- names from spec structure.
        if node.__class__ is list:
            item = EXT if ctx == EXT else OBJ
            return [copy(v, item) if v.__class__ in (dict, list) else v for v in node]
        out: dict[str, Any] = {}
        for k, v in node.items():
            if k == "$ref" and v.__class__ is str and ctx != NAMES:
                out[k] = rewrite(v)
            elif v.__class__ is dict or v.__class__ is list:
                literal = ctx == OBJ and (k in LITERAL or (k == "examples" and v.__class__ is list))
                out[k] = v if literal else copy(v, child_context(ctx, k))
            else:
                out[k] = v
        return out

    if target.node.__class__ not in (dict, list):
        return target.node
    return copy(target.node, NAMES if isinstance(kind, tuple) and kind[0] != "list" else OBJ)


def _root_name(doc: SpecDocument) -> str:
    path = doc.root.path
    return path.name if path is not None else ""


def _esc(token: str) -> str:
    return escape(token) if "~" in token or "/" in token else token


def _cut(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
