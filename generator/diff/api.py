"""`diff_apis`: the whole neutral diff of two API models."""

from __future__ import annotations

from generator.diff.context import Context, Where, field_changes, keyed_changes
from generator.diff.model import Action, ApiDiff, Aspect, Evidence, Subject
from generator.diff.operations import OperationDiffer
from generator.diff.parts import PartDiffer
from generator.diff.schema_keys import shape_pairs
from generator.diff.schemas import SchemaDiffer
from generator.diff.security import requirements, schemes, servers
from generator.ir.model import Api, ApiParameter


def diff_apis(old: Api, new: Api) -> ApiDiff:
    """Every change from `old` to `new`: typed records, located on both sides, sorted."""
    ctx = Context(old, new)
    top = Where("#", "#", None, None)
    field_changes(ctx, top, Subject.API, "info", [
        (Aspect.TITLE, old.title, new.title),
        (Aspect.DESCRIPTION, old.description, new.description),
    ])
    keyed_changes(ctx, top, Subject.EXTENSION, old.extensions, new.extensions)
    servers(ctx, Where("#/servers", "#/servers", None, None), old.servers, new.servers)
    requirements(ctx, Where("#/security", "#/security", None, None), old.security, new.security)
    schemes(ctx, old.security_schemes, new.security_schemes)
    _api_parameters(ctx, old.api_parameters, new.api_parameters)
    schema_differ = SchemaDiffer(ctx)
    parts = PartDiffer(ctx, schema_differ)
    OperationDiffer(ctx, parts, "paths").all(old.operations, new.operations)
    OperationDiffer(ctx, parts, "webhooks").all(old.webhooks, new.webhooks)
    _named_schemas(ctx, schema_differ)
    return ApiDiff(old_label=old.label, new_label=new.label, changes=ctx.changes())


def _named_schemas(ctx: Context, differ: SchemaDiffer) -> None:
    old, new = ctx.old.schemas, ctx.new.schemas
    for name in sorted(set(old) & set(new)):
        differ.ids(old[name], new[name])
    gone = sorted(set(old) - set(new))
    came = sorted(set(new) - set(old))
    # The outlines of the schemas come from their encoded roots: the full shape of those
    # that cannot be a rename (hundreds in a big release) is never needed, nor decoded.
    gone_outline = {n: ctx.old.nodes.outline(old[n]) for n in gone}
    came_outline = {n: ctx.new.nodes.outline(new[n]) for n in came}
    both = set(gone_outline.values()) & set(came_outline.values())
    renamed = shape_pairs(
        {n: ctx.old.nodes.get(old[n]) for n in gone if gone_outline[n] in both},
        {n: ctx.new.nodes.get(new[n]) for n in came if came_outline[n] in both},
    )
    for a, b in renamed:
        where = Where(old[a], new[b], None, None, nodes=True)
        ctx.add(where.change(Action.PROBABLE_RENAME, Subject.SCHEMA, f"{a} -> {b}",
                             evidence=Evidence.SAME_SHAPE))
    done = {a for a, _ in renamed} | {b for _, b in renamed}
    for name in gone:
        if name not in done:
            ctx.add(Where(old[name], None, None, None, nodes=True).change(
                Action.REMOVED, Subject.SCHEMA, name))
    for name in came:
        if name not in done:
            ctx.add(Where(None, new[name], None, None, nodes=True).change(
                Action.ADDED, Subject.SCHEMA, name))


def _api_parameters(ctx: Context, old: tuple[ApiParameter, ...],
                    new: tuple[ApiParameter, ...]) -> None:
    before = {(p.location.value, p.name): p for p in old}
    after = {(p.location.value, p.name): p for p in new}
    for key in sorted(set(before) | set(after)):
        o, n = before.get(key), after.get(key)
        name = "/".join(key)
        where = Where(o.origin if o else None, n.origin if n else None, None, None)
        if o is None or n is None:
            action = Action.ADDED if o is None else Action.REMOVED
            ctx.add(where.change(action, Subject.API_PARAMETER, name))
            continue
        if o.origin is not None and o.origin == n.origin:
            continue  # one shared component: its own comparison reports what changed in it
        field_changes(ctx, where, Subject.API_PARAMETER, name, [
            (Aspect.REQUIRED, o.required, n.required),
            (Aspect.DEFAULT, o.default, n.default),
            (Aspect.DESCRIPTION, o.description, n.description),
        ])
