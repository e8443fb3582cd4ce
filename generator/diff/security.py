"""Security requirements and schemes, servers and their variables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.diff.context import (
    Context,
    Where,
    field_changes,
    keyed_changes,
    one_side,
    plain,
)
from generator.diff.model import Action, Aspect, Subject, pair_name
from generator.ir.model import SecurityRequirement, SecurityScheme, Server


def _req_name(req: SecurityRequirement) -> str:
    return " + ".join(sorted(req.schemes)) or "(none)"


def requirements(ctx: Context, where: Where, old: Sequence[SecurityRequirement],
                 new: Sequence[SecurityRequirement]) -> None:
    """Alternatives of a `security` list, matched by their scheme names."""
    before = {_req_name(r): r for r in old}
    after = {_req_name(r): r for r in new}
    for name in sorted(set(before) | set(after)):
        o, n = before.get(name), after.get(name)
        if o is not None and n is not None:
            scopes_o = {k: tuple(sorted(v)) for k, v in o.schemes.items()}
            scopes_n = {k: tuple(sorted(v)) for k, v in n.schemes.items()}
            if scopes_o != scopes_n:
                ctx.add(where.change(
                    Action.CHANGED, Subject.SECURITY_REQUIREMENT, name, aspect=Aspect.SCOPES,
                    old=plain(scopes_o), new=plain(scopes_n),
                ))
            continue
        action = Action.ADDED if o is None else Action.REMOVED
        ctx.add(where.change(action, Subject.SECURITY_REQUIREMENT, name,
                             old=plain(o.schemes) if o else None,
                             new=plain(n.schemes) if n else None))


def schemes(ctx: Context, old: Mapping[str, SecurityScheme],
            new: Mapping[str, SecurityScheme]) -> None:
    """`components.securitySchemes` by name."""
    for name in sorted(set(old) | set(new)):
        o, n = old.get(name), new.get(name)
        ptr = f"#/components/securitySchemes/{name}"
        where = Where(ptr if o else None, ptr if n else None, None, None)
        if o is None or n is None:
            action = Action.ADDED if o is None else Action.REMOVED
            kind = (n or o).type  # type: ignore[union-attr]
            ctx.add(where.change(action, Subject.SECURITY_SCHEME, name,
                                 old=plain(kind) if o else None, new=plain(kind) if n else None))
            continue
        field_changes(ctx, where, Subject.SECURITY_SCHEME, name, [
            (Aspect.TYPE, o.type, n.type),
            (Aspect.DESCRIPTION, o.description, n.description),
            (Aspect.PARAMETER_NAME, o.parameter_name, n.parameter_name),
            (Aspect.LOCATION, o.location, n.location),
            (Aspect.SCHEME, o.scheme, n.scheme),
            (Aspect.BEARER_FORMAT, o.bearer_format, n.bearer_format),
            (Aspect.OPEN_ID_CONNECT_URL, o.open_id_connect_url, n.open_id_connect_url),
        ])
        keyed_changes(ctx, where, Subject.EXTENSION, o.extensions, n.extensions)
        _flows(ctx, where, name, o, n)


def _flows(ctx: Context, where: Where, scheme: str, old: SecurityScheme,
           new: SecurityScheme) -> None:
    flows = one_side(ctx, where, Subject.OAUTH_FLOW, old.flows, new.flows,
                     lambda flow: f"{scheme}/{flow}")
    for name, o, n in flows:
        field_changes(ctx, where, Subject.OAUTH_FLOW, name, [
            (Aspect.AUTHORIZATION_URL, o.authorization_url, n.authorization_url),
            (Aspect.TOKEN_URL, o.token_url, n.token_url),
            (Aspect.REFRESH_URL, o.refresh_url, n.refresh_url),
        ])
        if dict(o.scopes) != dict(n.scopes):
            ctx.add(where.change(Action.CHANGED, Subject.OAUTH_FLOW, name, aspect=Aspect.SCOPES,
                                 old=plain(o.scopes), new=plain(n.scopes)))


def servers(ctx: Context, where: Where, old: Sequence[Server], new: Sequence[Server]) -> None:
    """Servers by URL; one removed and one added URL are one changed URL."""
    before = {s.url: s for s in old}
    after = {s.url: s for s in new}
    gone = [u for u in before if u not in after]
    came = [u for u in after if u not in before]
    pairs = [(u, u) for u in before if u in after]
    if len(gone) == 1 and len(came) == 1:
        ctx.add(where.change(Action.CHANGED, Subject.SERVER, pair_name(gone[0], came[0]),
                             aspect=Aspect.URL, old=gone[0], new=came[0]))
        pairs.append((gone[0], came[0]))
        gone, came = [], []
    for url in gone:
        ctx.add(where.change(Action.REMOVED, Subject.SERVER, url, old=url))
    for url in came:
        ctx.add(where.change(Action.ADDED, Subject.SERVER, url, new=url))
    for o_url, n_url in sorted(pairs):
        _server(ctx, where, before[o_url], after[n_url])


def _server(ctx: Context, where: Where, old: Server, new: Server) -> None:
    label = pair_name(old.url, new.url)
    field_changes(ctx, where, Subject.SERVER, label,
                  [(Aspect.DESCRIPTION, old.description, new.description)])
    variables = one_side(ctx, where, Subject.SERVER_VARIABLE, old.variables, new.variables,
                         lambda var: f"{label} {var}")
    for name, o, n in variables:
        field_changes(ctx, where, Subject.SERVER_VARIABLE, name, [
            (Aspect.DEFAULT, o.default, n.default),
            (Aspect.ENUM, o.enum, n.enum),
            (Aspect.DESCRIPTION, o.description, n.description),
        ])
