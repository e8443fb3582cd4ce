"""Work the judging of a pair needs that does not wait for its diff: done while another
process diffs it (the parent would otherwise sit idle), it leaves less to do after.

Nothing here changes an answer: it fills the caches the judging fills on first use (the
reach index's reaching roots, the schema table's decoded roots).
"""

from __future__ import annotations

from generator.changelog.reach import ReachIndex
from generator.ir.model import Api


def prepare_pair(old: Api, new: Api, old_index: ReachIndex, new_index: ReachIndex) -> None:
    """Work out both versions' reach, and decode the schemas that `new`'s changed request
    bodies reach (the SDK impacts walk them to name the argument a change sits in)."""
    old_index.prepare()
    new_index.prepare()
    for node in changed_body_schemas(old, new):
        new.nodes.get(node)


def changed_body_schemas(old: Api, new: Api) -> list[str]:
    """The schema roots reached by `new`'s request bodies whose content differs from `old`'s
    at the same node (by the tables' digests: none when a table has no summary), sorted."""
    before, after = old.nodes.digests(), new.nodes.digests()
    refs = new.nodes.references()
    todo = [media.schema_id
            for op in (*new.operations, *new.webhooks) if op.request_body is not None
            for media in op.request_body.content.values()
            if media.schema_id is not None and after.get(media.schema_id) is not None
            and after.get(media.schema_id) != before.get(media.schema_id)]
    seen: set[str] = set()
    while todo:  # every root the changed bodies lead to, through `$ref`s
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(refs.get(node, ()))
    return sorted(seen)
