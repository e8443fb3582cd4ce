"""The lifecycle index's part that needs the IRs: every operation, parameter, named schema
and property (of a named object schema, allOf parts flattened) of each version.

A named schema's subjects are read from its encoded form (`generator.ir.codec`) when the
table has it, without decoding the schema: the cold changelog of a big pair otherwise
decodes every component here, most of which nothing else looks at. The reading follows
`diff.views.flat_view` (first declaration of a property wins, `$ref`s followed once); a schema
the encoded form cannot answer for (a `$ref` into another root) takes the decoded way.
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from typing import Any

from generator.changelog.lifecycle import Subjects
from generator.diff.operations import label
from generator.diff.views import flat_view
from generator.ir.model import Api
from generator.ir.schema import SCHEMA_CLASSES, AllOfSchema, ObjectSchema, ReferenceSchema

_OBJECT, _ALL_OF, _REFERENCE = (SCHEMA_CLASSES.index(c)
                                for c in (ObjectSchema, AllOfSchema, ReferenceSchema))


def version_subjects(apis: Sequence[Api]) -> list[Subjects]:
    """Every subject of each version: the lifecycle index's part that needs the IRs, worked
    out before (or while) the pairs are diffed and judged."""
    memo: dict[tuple[str, str, bytes], Subjects] = {}
    return [_subjects(api, memo) for api in apis]


def _subjects(api: Api, memo: dict[tuple[str, str, bytes], Subjects]) -> Subjects:
    """Every subject of one version; a named schema's are worked out once per content
    digest (`memo`), as versions mostly share their schemas."""
    found: Subjects = []
    for op in (*api.operations, *api.webhooks):
        op_label = label(op)
        found.append(("operation", op_label, op.deprecated))
        found.extend(("parameter", f"{op_label} {p.location.value}/{p.name}", p.deprecated)
                     for p in op.parameters)
    digests = api.nodes.digests()
    roots = api.nodes.encoded_roots()
    for name, node in api.schemas.items():
        digest = digests.get(node)
        known = None if digest is None else memo.get((name, node, digest))
        if known is None:
            known = _schema_subjects(api, roots, name, node)
            if digest is not None:
                memo[(name, node, digest)] = known
        found.extend(known)
    return found


def _schema_subjects(api: Api, roots: dict[str, Any], name: str, node: str) -> Subjects:
    encoded = _encoded(roots, node)
    if encoded is not None:
        code, values = encoded
        found: Subjects = [("schema", name, values.get("deprecated", False))]
        if code not in (_OBJECT, _ALL_OF):
            return found
        props: dict[str, bool] = {}
        if _flat_props(roots, encoded, props, set()):
            found.extend(("property", f"{name}.{prop}", deprecated)
                         for prop, deprecated in props.items())
            return found
    return decoded_subjects(api, name, node)


def decoded_subjects(api: Api, name: str, node: str) -> Subjects:
    """A named schema's subjects from its decoded schema (`flat_view`)."""
    schema = api.nodes.get(node)
    if schema is None:
        return []
    found: Subjects = [("schema", name, schema.deprecated)]
    if schema.kind.value in ("object", "all_of"):
        found.extend(("property", f"{name}.{prop}", prop_schema.deprecated)
                     for prop, (prop_schema, _, _) in flat_view(api, schema, node).props.items())
    return found


def _encoded(roots: dict[str, Any], node: str) -> tuple[int, dict[str, Any]] | None:
    """The encoded form of root `node`, or None when the table holds it only decoded."""
    value = roots.get(node)
    if isinstance(value, bytes):  # a root read from the IR cache (or sent by a child)
        value = marshal.loads(value)
    return value if isinstance(value, tuple) else None


def _flat_props(roots: dict[str, Any], encoded: tuple[int, dict[str, Any]],
                props: dict[str, bool], seen: set[str]) -> bool:
    """Collect (into `props`) each property's deprecated flag, as `flat_view` would see the
    properties; False when a `$ref` leads somewhere the encoded roots cannot answer."""
    code, values = encoded
    if code == _REFERENCE:
        target = values["target"]
        if target in seen:
            return True
        seen.add(target)
        found = _encoded(roots, target)
        return found is not None and _flat_props(roots, found, props, seen)
    if code == _ALL_OF:
        base = values.get("base")
        parts = ([base] if base is not None else []) + list(values.get("members", ()))
        return all(_flat_props(roots, part, props, seen) for part in parts)
    if code == _OBJECT:
        for prop, (_, prop_values) in values.get("properties", {}).items():
            props.setdefault(prop, prop_values.get("deprecated", False))
    return True
