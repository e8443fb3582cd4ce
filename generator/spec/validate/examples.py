"""default-invalid and example-invalid: values checked against the schemas they illustrate.

Checked: a schema's `default`, `example` and (3.1) `examples` items against that schema; a
parameter's, header's or media type's `example` and `examples[*].value` against its schema.
Referenced schemas resolve through one `jsonschema_rs.Registry` per document that holds
every schema root at its own place in a copy of each file's layout (a *skeleton*): refs
between schemas, and into other files, resolve as they do in the spec. Nothing else is
registered and nothing is fetched; a schema whose refs do not resolve is skipped, no finding.

jsonschema-rs refuses to compile a schema that breaks its meta-schema, so the skeleton holds
repaired roots: each keyword the dialect pass found broken is dropped (a broken subschema
becomes `{}`), and the rest of the schema still judges the value. 3.0 schemas are judged on
draft-04 semantics (boolean exclusive bounds, `$ref` siblings ignored) and `nullable: true`
adds "null" to a `type` (3.0.3's rule; an `enum` must list null itself), or beside a `$ref`
makes the reference nullable; a null default or example of a nullable schema is accepted,
as openapi-spec-validator accepts it. In a 3.1 file `nullable` means nothing (JSON Schema ignores
unknown keywords), so a null there is judged as 3.1 judges it, and the message says why.
"""

from __future__ import annotations

import binascii
from base64 import b64decode
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jsonschema_rs

from generator.spec.document import SpecDocument
from generator.spec.validate import messages
from generator.spec.validate.base import At, Finding, finding, tokens
from generator.spec.validate.dialect import Broken
from generator.spec.validate.metaschemas import refuse
from generator.spec.validate.model import Model
from generator.spec.validate.schemas import MANY, NAMED, ONE, Schemas


@dataclass(frozen=True, slots=True)
class Site:
    """A value to check: where it is, the value, the schema it must match, the rule."""

    at: At
    value: Any
    schema: At
    code: str


def _is_byte(value: str) -> bool:
    try:
        b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


NULLABLE_HINT = " (`nullable` is not part of OpenAPI 3.1: allow null with type: [..., \"null\"])"

# OpenAPI's own string formats (format names jsonschema-rs does not know are not asserted).
FORMATS = {"byte": _is_byte}


def _null_allowed(doc: SpecDocument, at: At, node: Any) -> bool:
    """Whether a 3.0 schema says `nullable: true` (following `$ref`s): null is its value.

    As openapi-spec-validator does: a null default or example of a nullable schema is
    accepted whatever else the schema says (3.0.0-3.0.2: "allows sending a null value for
    the defined schema"); nested nulls are judged by the type rule above.
    """
    if doc.dialect != "3.0":
        return False
    target = doc.deref(node, base=at.key, at=at.pointer)
    return target is not None and isinstance(target.node, dict) and (
        target.node.get("nullable") is True)


def _schema_node(doc: SpecDocument, at: At) -> Any:
    spec_file = doc.files.get(at.key)
    node: Any = spec_file.data if spec_file else None
    for token in tokens(at.pointer):
        node = node.get(token) if isinstance(node, dict) else None
    return node


def sites(doc: SpecDocument, model: Model, schemas: Schemas) -> list[Site]:
    """Every default and example of the spec, with the schema it belongs to."""
    out: list[Site] = []
    for at, node in schemas.nodes:
        if "default" in node and not (node["default"] is None and _null_allowed(doc, at, node)):
            out.append(Site(at.child("default"), node["default"], at, "default-invalid"))
        if "example" in node and not (node["example"] is None and _null_allowed(doc, at, node)):
            out.append(Site(at.child("example"), node["example"], at, "example-invalid"))
        listed = node.get("examples")
        if doc.dialect == "3.1" and isinstance(listed, list):
            for i, value in enumerate(listed):
                out.append(Site(at.child("examples", i), value, at, "example-invalid"))
    for example in model.examples:
        if example.value is None and _null_allowed(doc, example.schema,
                                                   _schema_node(doc, example.schema)):
            continue
        out.append(Site(example.at, example.value, example.schema, "example-invalid"))
    return out


def check(
    doc: SpecDocument, model: Model, schemas: Schemas, broken: list[Broken]
) -> Iterator[Finding]:
    """Findings for every default and example that its schema rejects."""
    todo = sites(doc, model, schemas)
    if not todo:
        return
    checker = _Checker(doc, schemas, broken)
    for site, err, path in checker.errors(todo):
        what = "default" if site.code == "default-invalid" else "example"
        text = f"{what} does not match its schema: {messages.explain(err)}"
        if err.instance is None and doc.dialect == "3.1" and checker.has_nullable(site.schema):
            text += NULLABLE_HINT
        yield finding(doc, site.code, site.at.child(*path), text, messages.keyword(err))


class _Checker:
    """The per-document registry and a cache of compiled validators by schema place."""

    def __init__(self, doc: SpecDocument, schemas: Schemas, broken: list[Broken]) -> None:
        self.doc = doc
        self.nullable = schemas.nullable
        self.cache: dict[At, Any] = {}
        self.uris: dict[str, str] = {}
        self.registry: Any = None
        try:
            self.registry = self._registry(schemas, broken)
        except (jsonschema_rs.ReferencingError, ValueError):
            self.registry = None  # nothing can be checked; say nothing rather than guess

    def has_nullable(self, schema: At) -> bool:
        """Whether the schema root holding `schema` writes `nullable` somewhere."""
        return any(root.key == schema.key and (schema.pointer + "/").startswith(root.pointer + "/")
                   for root in self.nullable)

    def uri(self, key: str) -> str:
        """The URI a file is registered under (as spec.refs names files)."""
        if key not in self.uris:
            name = key or (self.doc.root.path.name if self.doc.root.path else "-")
            self.uris[key] = (self.doc.base_dir / name).as_uri()
        return self.uris[key]

    def _registry(self, schemas: Schemas, broken: list[Broken]) -> Any:
        repairs: dict[At, list[tuple[str | int, ...]]] = {}
        for item in broken:
            repairs.setdefault(item.root, []).append(item.path)
        skeletons: dict[str, Any] = {}
        for at, node in schemas.roots:
            if self.doc.dialect == "3.0" and at in schemas.nullable:
                node = with_nullable(node)
            for path in repairs.get(at, ()):
                node = repair(node, path)
            if at.pointer:
                _place(skeletons.setdefault(at.key, {}), at.pointer, node)
            else:
                skeletons[at.key] = node  # the whole file is one schema
        resources = [(self.uri(key), data) for key, data in skeletons.items()]
        draft = jsonschema_rs.Draft4 if self.doc.dialect == "3.0" else jsonschema_rs.Draft202012
        return jsonschema_rs.Registry(resources, draft=draft, retriever=refuse)

    def ref(self, schema: At) -> dict[str, str]:
        """A `$ref` to the schema at `schema`, as the registry names it."""
        return {"$ref": self.uri(schema.key) + "#" + quote(schema.pointer, safe="/~")}

    def compile(self, schema: dict[str, Any]) -> Any:
        """A validator for `schema` against the registry, or None if it cannot compile."""
        if self.registry is None:
            return None
        cls = (jsonschema_rs.Draft4Validator if self.doc.dialect == "3.0"
               else jsonschema_rs.Draft202012Validator)
        try:
            return cls(schema, registry=self.registry, retriever=refuse,
                       validate_formats=True, formats=FORMATS)
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError):
            return None  # an unresolvable or unrepairable schema: no finding

    def validator(self, schema: At) -> Any:
        """The compiled validator for the schema at `schema`, or None if it cannot compile."""
        if schema not in self.cache:
            self.cache[schema] = self.compile(self.ref(schema))
        return self.cache[schema]

    def errors(self, todo: list[Site]) -> Iterator[tuple[Site, Any, tuple[str | int, ...]]]:
        """(site, error, path below the site's value) for every value its schema rejects.

        All sites are checked by one validator over one instance, {"0": value0, ...}, so
        shared subschemas compile once; if any site's schema cannot compile, each is
        compiled on its own and those that cannot are skipped.
        """
        combined = self.compile({"properties": {str(i): self.ref(s.schema)
                                                for i, s in enumerate(todo)}})
        if combined is not None:
            instance = {str(i): s.value for i, s in enumerate(todo)}
            for err in combined.iter_errors(instance):
                path = tuple(err.instance_path)
                yield todo[int(path[0])], err, path[1:]
            return
        for site in todo:
            validator = self.validator(site.schema)
            if validator is not None and not validator.is_valid(site.value):
                for err in validator.iter_errors(site.value):
                    yield site, err, tuple(err.instance_path)


def _place(skeleton: dict[str, Any], pointer: str, node: Any) -> None:
    path = tokens(pointer)
    here = skeleton
    for token in path[:-1]:
        nxt = here.get(token)
        if not isinstance(nxt, dict):
            nxt = here[token] = {}
        here = nxt
    here[path[-1]] = node


def with_nullable(node: Any) -> Any:
    """A copy of a 3.0 schema where `nullable: true` says what OpenAPI 3.0 means by it.

    "null" joins a `type` (3.0.3's rule: an `enum` must list null itself); beside a `$ref`,
    the nullable-reference idiom becomes `anyOf: [{$ref}, {type: null}]` (the `$ref`'s other
    siblings are ignored, as 3.0 and draft-04 ignore them).
    """
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for word, value in node.items():
        if word in ONE and isinstance(value, dict):
            out[word] = with_nullable(value)
        elif word in MANY and isinstance(value, list):
            out[word] = [with_nullable(v) for v in value]
        elif word in NAMED and isinstance(value, dict):
            out[word] = {k: with_nullable(v) for k, v in value.items()}
        else:
            out[word] = value
    if out.get("nullable") is not True:
        return out
    ref = out.get("$ref")
    if isinstance(ref, str):
        return {"anyOf": [{"$ref": ref}, {"type": "null"}]}
    kind = out.get("type")
    if isinstance(kind, str):
        out["type"] = [kind, "null"]
    return out


def repair(node: Any, path: tuple[str | int, ...]) -> Any:
    """A copy of `node` without the keyword a dialect error at `path` blames."""
    schema_tokens, word = _blamed(node, path)
    return _apply(node, schema_tokens, word)


def _blamed(node: Any, path: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], str | None]:
    """(path of the innermost subschema on `path`, the keyword of it that `path` enters)."""
    current, i, end = node, 0, 0
    while i < len(path) and isinstance(current, dict):
        token = path[i]
        value = current.get(token) if isinstance(token, str) else None
        nxt = path[i + 1] if i + 1 < len(path) else None
        listed = isinstance(value, list) and isinstance(nxt, int) and nxt < len(value)
        named = isinstance(value, dict) and isinstance(nxt, str) and nxt in value
        if token in ONE and isinstance(value, (dict, bool)):
            current, i = value, i + 1
        elif (token in MANY and listed) or (token in NAMED and named):
            current, i = value[nxt], i + 2  # type: ignore[index]
        else:
            break
        end = i
    word = path[end] if end < len(path) else None
    return path[:end], word if isinstance(word, str) else None


def _apply(node: Any, tokens: tuple[str | int, ...], word: str | None) -> Any:
    if not tokens:
        if word is None or not isinstance(node, dict):
            return {}
        return {k: v for k, v in node.items() if k != word}
    head, rest = tokens[0], tokens[1:]
    if isinstance(node, dict) and isinstance(head, str) and head in node:
        return {**node, head: _apply(node[head], rest, word)}
    if isinstance(node, list) and isinstance(head, int) and head < len(node):
        return [*node[:head], _apply(node[head], rest, word), *node[head + 1 :]]
    return {}
