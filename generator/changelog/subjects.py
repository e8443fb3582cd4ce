"""The lifecycle index's part that needs the IRs: every operation, parameter, named schema
and property (of a named object schema, allOf parts flattened) of each version."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.changelog.lifecycle import Subjects
from generator.diff.operations import label
from generator.diff.views import flat_view
from generator.ir.model import Api


def version_subjects(apis: Sequence[Api]) -> list[Subjects]:
    """Every subject of each version: the lifecycle index's part that needs the IRs, worked
    out before (or while) the pairs are diffed and judged."""
    memo: dict[tuple[str, str, bytes], Subjects] = {}
    return [list(_subjects(api, memo)) for api in apis]


def _subjects(api: Api, memo: dict[tuple[str, str, bytes], Subjects]
              ) -> Iterator[tuple[str, str, bool]]:
    """Every subject of one version; a named schema's are worked out once per content
    digest (`memo`), as versions mostly share their schemas."""
    for op in (*api.operations, *api.webhooks):
        op_label = label(op)
        yield "operation", op_label, op.deprecated
        for p in op.parameters:
            yield "parameter", f"{op_label} {p.location.value}/{p.name}", p.deprecated
    digests = api.nodes.digests()
    for name, node in api.schemas.items():
        digest = digests.get(node)
        if digest is None:
            yield from _schema_subjects(api, name, node)
            continue
        found = memo.get((name, node, digest))
        if found is None:
            found = memo[(name, node, digest)] = list(_schema_subjects(api, name, node))
        yield from found


def _schema_subjects(api: Api, name: str, node: str) -> Iterator[tuple[str, str, bool]]:
    schema = api.nodes.get(node)
    if schema is None:
        return
    yield "schema", name, schema.deprecated
    if schema.kind.value not in ("object", "all_of"):
        return
    for prop, (prop_schema, _, _) in flat_view(api, schema, node).props.items():
        yield "property", f"{name}.{prop}", prop_schema.deprecated
