"""One walk over a spec's OpenAPI structure, collecting what the validation passes look at.

The walk follows `$ref`s between OpenAPI objects (a parameter, a response, a path item in
another file) and visits each object once, wherever it is first met; path items are keyed
by their path template too, since the path rules judge an operation against its template.
Paths and webhooks are walked before components, so a path item defined in
`components/pathItems` is seen with the template of the path that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.spec.document import SpecDocument
from generator.spec.validate.base import At

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_OBJECT_SECTIONS = ("parameters", "headers", "requestBodies", "responses", "callbacks")
_REF_ONLY_SECTIONS = ("examples", "links", "securitySchemes")  # walked for their $refs only
_MAX_HOPS = 32


@dataclass(frozen=True, slots=True)
class Param:
    """One entry of a parameter list and the Parameter Object it is (None: unresolvable)."""

    at: At
    node: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ParamList:
    """A `parameters` list of a path item or an operation."""

    at: At
    items: tuple[Param, ...]


@dataclass(frozen=True, slots=True)
class Operation:
    """An operation, its path template (None under webhooks and callbacks) and parameters."""

    at: At
    method: str
    template: str | None
    node: dict[str, Any]
    shared: ParamList | None  # the path item's parameters
    own: ParamList | None


@dataclass(frozen=True, slots=True)
class Example:
    """A value (an `example`, an Example Object's `value`) that should match a schema."""

    at: At
    value: Any
    schema: At


@dataclass(slots=True)
class Model:
    """What the walk found, in document order."""

    schema_roots: list[tuple[At, Any]] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)
    param_lists: list[ParamList] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    servers: list[tuple[At, Any]] = field(default_factory=list)
    security: list[tuple[At, Any]] = field(default_factory=list)
    edges: list[tuple[At, At]] = field(default_factory=list)  # each $ref hop: holder -> target
    # Objects reached by `$ref` in a file other than the root: (kind, place, object). The
    # structural pass checks them against their meta-schema definition, as the root file is.
    external: list[tuple[str, At, dict[str, Any]]] = field(default_factory=list)


def build(doc: SpecDocument) -> Model:
    """Walk the spec once."""
    walker = _Walker(doc)
    walker.run()
    return walker.model


def _names(node: Any) -> list[tuple[str, Any]]:
    """The entries of a map of names, without `x-` extensions."""
    if not isinstance(node, dict):
        return []
    return [(k, v) for k, v in node.items() if isinstance(k, str) and not k.startswith("x-")]


class _Walker:
    def __init__(self, doc: SpecDocument) -> None:
        self.doc = doc
        self.model = Model()
        self.seen: set[tuple[str, str, str, str | None]] = set()
        self.items: set[At] = set()  # path items walked, under any template

    def first(self, kind: str, at: At, template: str | None = None) -> bool:
        """Whether `at` is met as a `kind` for the first time (then it is walked)."""
        ident = (kind, at.key, at.pointer, template)
        if ident in self.seen:
            return False
        self.seen.add(ident)
        return True

    def obj(self, at: At, node: Any) -> tuple[At, dict[str, Any]] | None:
        """The object at `at`, following `$ref`s hop by hop (None when it is not an object).

        Each hop is recorded as an edge (component-unused follows them). A chain longer than
        spec.refs allows is a cycle, which spec.refs.check_all reports.
        """
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target = self.doc.resolve(node["$ref"], base=at.key, at=at.pointer)
            if target is None or hops > _MAX_HOPS:
                return None
            hops += 1
            there = At(target.key, target.pointer)
            self.model.edges.append((at, there))
            at, node = there, target.node
        return (at, node) if isinstance(node, dict) else None

    def run(self) -> None:
        """Walk the root file: servers, security, paths, webhooks, then components."""
        data = self.doc.root.data
        root = At("", "")
        self.servers(root.child("servers"), data.get("servers"))
        self.security(root.child("security"), data.get("security"))
        for template, item in _names(data.get("paths")):
            self.path_item(root.child("paths", template), item, template)
        for name, item in _names(data.get("webhooks")):
            self.path_item(root.child("webhooks", name), item, None)
        components = data.get("components")
        if isinstance(components, dict):
            self.components(root.child("components"), components)

    def components(self, at: At, node: dict[str, Any]) -> None:
        """Walk the Components Object (what paths and webhooks did not reach)."""
        for name, schema in _names(node.get("schemas")):
            self.model.schema_roots.append((at.child("schemas", name), schema))
        walkers = {
            "parameters": self.parameter,
            "headers": self.header,
            "requestBodies": self.request_body,
            "responses": self.response,
            "callbacks": self.callback,
        }
        for section in _OBJECT_SECTIONS:
            for name, entry in _names(node.get(section)):
                self.visit(section, at.child(section, name), entry, walkers[section])
        for section in _REF_ONLY_SECTIONS:
            for name, entry in _names(node.get(section)):
                self.ref_only(section, at.child(section, name), entry)
        for name, item in _names(node.get("pathItems")):
            got = self.obj(at.child("pathItems", name), item)
            if got is not None and got[0] not in self.items:
                self.path_item(got[0], got[1], None)

    def visit(self, kind: str, at: At, node: Any, walk: Any) -> dict[str, Any] | None:
        """Resolve the object at `at` and walk it if it is met for the first time."""
        got = self.obj(at, node)
        if got is None:
            return None
        if self.first(kind, got[0]):
            self.outside(kind, *got)
            walk(got[0], got[1])
        return got[1]

    def outside(self, kind: str, at: At, node: dict[str, Any]) -> None:
        """Remember an object that lives in a file other than the root."""
        if at.key:
            self.model.external.append((kind, at, node))

    def ref_only(self, kind: str, at: At, node: Any) -> None:
        """An object walked for its `$ref`s only (examples, links, security schemes)."""
        got = self.obj(at, node)
        if got is not None and self.first(kind, got[0]):
            self.outside(kind, *got)

    def servers(self, at: At, node: Any) -> None:
        """Record a list of Server Objects."""
        if isinstance(node, list):
            self.model.servers.extend((at.child(i), s) for i, s in enumerate(node))

    def security(self, at: At, node: Any) -> None:
        """Record a list of security requirements."""
        if node is not None:
            self.model.security.append((at, node))

    def path_item(self, at: At, node: Any, template: str | None) -> None:
        """Walk a Path Item (once per template) and its operations."""
        got = self.obj(at, node)
        if got is None or not self.first("path", got[0], template):
            return
        item_at, item = got
        if item_at not in self.items:
            self.outside("pathItems", item_at, item)
        self.items.add(item_at)
        self.servers(item_at.child("servers"), item.get("servers"))
        shared = self.params(item_at.child("parameters"), item.get("parameters"))
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                self.operation(item_at.child(method), op, method, template, shared)

    def operation(
        self, at: At, node: dict[str, Any], method: str, template: str | None,
        shared: ParamList | None,
    ) -> None:
        """Record an operation and walk what it holds."""
        own = self.params(at.child("parameters"), node.get("parameters"))
        self.model.operations.append(Operation(at, method, template, node, shared, own))
        if "requestBody" in node:
            self.visit("requestBody", at.child("requestBody"), node["requestBody"],
                       self.request_body)
        for status, response in _names(node.get("responses")):
            self.visit("response", at.child("responses", status), response, self.response)
        for name, callback in _names(node.get("callbacks")):
            self.visit("callback", at.child("callbacks", name), callback, self.callback)
        self.security(at.child("security"), node.get("security"))
        self.servers(at.child("servers"), node.get("servers"))

    def params(self, at: At, node: Any) -> ParamList | None:
        """Record a parameter list, each entry resolved."""
        if not isinstance(node, list):
            return None
        items = []
        for i, entry in enumerate(node):
            resolved = self.visit("parameter", at.child(i), entry, self.parameter)
            items.append(Param(at.child(i), resolved))
        plist = ParamList(at, tuple(items))
        self.model.param_lists.append(plist)
        return plist

    def parameter(self, at: At, node: dict[str, Any]) -> None:
        """Walk a Parameter Object."""
        self.holder(at, node)

    def header(self, at: At, node: dict[str, Any]) -> None:
        """Walk a Header Object."""
        self.holder(at, node)

    def holder(self, at: At, node: dict[str, Any]) -> None:
        """A Parameter or Header Object: a schema, or content; and examples."""
        if "schema" in node:
            self.model.schema_roots.append((at.child("schema"), node["schema"]))
            self.examples(at, node, at.child("schema"))
        self.content(at.child("content"), node.get("content"))

    def content(self, at: At, node: Any) -> None:
        """Walk a content map of media types."""
        for media, entry in _names(node):
            if isinstance(entry, dict):
                self.media_type(at.child(media), entry)

    def media_type(self, at: At, node: dict[str, Any]) -> None:
        """Walk a Media Type Object: its schema, examples and encoding headers."""
        if "schema" in node:
            self.model.schema_roots.append((at.child("schema"), node["schema"]))
            self.examples(at, node, at.child("schema"))
        for prop, encoding in _names(node.get("encoding")):
            if isinstance(encoding, dict):
                for name, header in _names(encoding.get("headers")):
                    where = at.child("encoding", prop, "headers", name)
                    self.visit("header", where, header, self.header)

    def examples(self, at: At, node: dict[str, Any], schema: At) -> None:
        """Record `example` and `examples[*].value` to check against `schema`."""
        if "example" in node:
            self.model.examples.append(Example(at.child("example"), node["example"], schema))
        for name, entry in _names(node.get("examples")):
            got = self.obj(at.child("examples", name), entry)
            if got is not None and self.first("examples", got[0]):
                self.outside("examples", *got)
            if got is not None and "value" in got[1]:
                self.model.examples.append(Example(got[0].child("value"), got[1]["value"], schema))

    def request_body(self, at: At, node: dict[str, Any]) -> None:
        """Walk a Request Body Object."""
        self.content(at.child("content"), node.get("content"))

    def response(self, at: At, node: dict[str, Any]) -> None:
        """Walk a Response Object: headers, content, links."""
        for name, header in _names(node.get("headers")):
            self.visit("header", at.child("headers", name), header, self.header)
        self.content(at.child("content"), node.get("content"))
        for name, link in _names(node.get("links")):
            self.ref_only("links", at.child("links", name), link)

    def callback(self, at: At, node: dict[str, Any]) -> None:
        """Walk a Callback Object: a path item per expression."""
        for expression, item in _names(node):
            self.path_item(at.child(expression), item, None)
