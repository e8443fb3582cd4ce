"""Operations (and webhooks) matched across versions and compared.

Matching: a unique operationId first (a path change then is one "moved" record); then method
and path with path-parameter names normalised (`/files/{id}` = `/files/{file_id}`, the
parameter renamed); then, among what is left, a removed and an added operation of the same
shape make one probable rename.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from generator.diff.context import Context, Where, field_changes, keyed_changes
from generator.diff.model import Action, Aspect, Evidence, Subject, pair_name
from generator.diff.parts import PartDiffer, pointer
from generator.diff.schema_keys import unique_pairs
from generator.diff.security import requirements, servers
from generator.ir.model import Operation, Parameter, ParameterLocation

_TEMPLATE = re.compile(r"\{([^}/]*)\}")


def label(op: Operation) -> str:
    """`POST /chat/completions`."""
    return f"{op.method.value.upper()} {op.path}"


def normalised(path: str) -> str:
    """A path with its parameter names left out (`/files/{}`)."""
    return _TEMPLATE.sub("{}", path)


def match(old: Sequence[Operation], new: Sequence[Operation]) -> tuple[
    list[tuple[Operation, Operation, Evidence | None]], list[Operation], list[Operation]
]:
    """(pairs with how they were matched, old left, new left)."""
    o_ids = Counter(op.operation_id for op in old if op.operation_id)
    n_ids = Counter(op.operation_id for op in new if op.operation_id)
    by_id = {op.operation_id: op for op in new if op.operation_id and n_ids[op.operation_id] == 1}
    pairs: list[tuple[Operation, Operation, Evidence | None]] = []
    left_old: list[Operation] = []
    taken: set[int] = set()
    for op in old:
        ident = op.operation_id
        other = by_id.get(ident) if ident is not None and o_ids[ident] == 1 else None
        if other is not None:
            pairs.append((op, other, Evidence.SAME_OPERATION_ID))
            taken.add(id(other))
        else:
            left_old.append(op)
    left_new = [op for op in new if id(op) not in taken]
    by_place = {(op.method, normalised(op.path)): op for op in left_new}
    still_old = []
    for op in left_old:
        other = by_place.pop((op.method, normalised(op.path)), None)
        if other is not None:
            pairs.append((op, other, None))
            taken.add(id(other))
        else:
            still_old.append(op)
    return pairs, still_old, [op for op in left_new if id(op) not in taken]


class OperationDiffer:
    """Compares the operations (or webhooks) of two versions."""

    def __init__(self, ctx: Context, parts: PartDiffer, section: str) -> None:
        self.ctx = ctx
        self.parts = parts
        self.section = section
        self.subject = Subject.WEBHOOK if section == "webhooks" else Subject.OPERATION

    def _ptr(self, op: Operation) -> str:
        return pointer(self.section, op.path, op.method.value)

    def all(self, old: Sequence[Operation], new: Sequence[Operation]) -> None:
        """Every operation: matched, moved, renamed, added, removed."""
        pairs, gone, came = match(old, new)
        for o, n, evidence in pairs:
            self.pair(o, n, evidence)
        renamed = unique_pairs(
            {label(o): _shape(o) for o in gone}, {label(n): _shape(n) for n in came}
        )
        by_label = {label(op): op for op in (*gone, *came)}
        for old_label, new_label in renamed:
            o, n = by_label[old_label], by_label[new_label]
            where = Where(self._ptr(o), self._ptr(n), label(o), label(n))
            self.ctx.add(where.change(Action.PROBABLE_RENAME, self.subject,
                                      f"{old_label} -> {new_label}", evidence=Evidence.SAME_SHAPE))
            self.pair(o, n, Evidence.SAME_SHAPE, quiet=True)
        done = {a for a, _ in renamed} | {b for _, b in renamed}
        for op in gone:
            if label(op) not in done:
                where = Where(self._ptr(op), None, label(op), None)
                self.ctx.add(where.change(Action.REMOVED, self.subject, label(op),
                                          old=op.operation_id))
        for op in came:
            if label(op) not in done:
                where = Where(None, self._ptr(op), None, label(op))
                self.ctx.add(where.change(Action.ADDED, self.subject, label(op),
                                          new=op.operation_id))

    def pair(self, old: Operation, new: Operation, evidence: Evidence | None,
             quiet: bool = False) -> None:
        """Two operations taken for one."""
        where = Where(self._ptr(old), self._ptr(new), label(old), label(new))
        name = pair_name(old.operation_id or label(old), new.operation_id or label(new))
        if not quiet and normalised(old.path) != normalised(new.path):
            self.ctx.add(where.change(Action.MOVED, self.subject, name, aspect=Aspect.PATH,
                                      old=old.path, new=new.path, evidence=evidence))
        fields = [
            (Aspect.OPERATION_ID, old.operation_id, new.operation_id),
            (Aspect.SUMMARY, old.summary, new.summary),
            (Aspect.DESCRIPTION, old.description, new.description),
            (Aspect.DEPRECATED, old.deprecated, new.deprecated),
            (Aspect.PREVIEW, old.preview, new.preview),
            (Aspect.STREAMING, old.streaming, new.streaming),
            (Aspect.CALLBACKS, old.callbacks, new.callbacks),
        ]
        if not quiet:
            fields.insert(0, (Aspect.METHOD, old.method.value, new.method.value))
        field_changes(self.ctx, where, self.subject, name, fields)
        keyed_changes(self.ctx, where, Subject.EXTENSION, old.extensions, new.extensions)
        for tag in sorted(set(old.tags) ^ set(new.tags)):
            action = Action.ADDED if tag in new.tags else Action.REMOVED
            self.ctx.add(where.change(action, Subject.TAG, tag))
        self._parameters(old, new, where)
        self.parts.request_body(old.request_body, new.request_body, where)
        self.parts.responses(old.responses, new.responses, where)
        if old.security is not None or new.security is not None:
            requirements(self.ctx, where, old.effective_security(self.ctx.old),
                         new.effective_security(self.ctx.new))
        if old.servers is not None or new.servers is not None:
            servers(self.ctx, where, old.servers or self.ctx.old.servers,
                    new.servers or self.ctx.new.servers)

    def _parameters(self, old: Operation, new: Operation, where: Where) -> None:
        renames = _path_renames(old.path, new.path)
        before = {_key(p, renames): p for p in old.parameters}
        after = {_key(p, {}): p for p in new.parameters}
        gone, came = [], []
        for key in sorted(set(before) | set(after), key=lambda k: (k[0].value, k[1])):
            o, n = before.get(key), after.get(key)
            if o is not None and n is not None:
                if o.name != n.name and o.location is ParameterLocation.PATH:  # by position
                    self.ctx.add(where.change(Action.RENAMED, Subject.PARAMETER,
                                              f"path/{o.name} -> path/{n.name}",
                                              evidence=Evidence.SAME_POSITION))
                self.parts.parameter(o, n, where, pair_name(_pname(o), _pname(n)))
            elif o is not None:
                gone.append(o)
            elif n is not None:
                came.append(n)
        self._loose_parameters(gone, came, where)

    def _loose_parameters(self, gone: list[Parameter], came: list[Parameter],
                          where: Where) -> None:
        shapes_old = {_pname(p): _param_shape(self.ctx, p, old=True) for p in gone}
        shapes_new = {_pname(p): _param_shape(self.ctx, p, old=False) for p in came}
        renamed = unique_pairs(shapes_old, shapes_new)
        for a, b in renamed:
            self.ctx.add(where.change(Action.PROBABLE_RENAME, Subject.PARAMETER, f"{a} -> {b}",
                                      evidence=Evidence.SAME_SHAPE))
        done = {a for a, _ in renamed} | {b for _, b in renamed}
        for p in gone:
            if _pname(p) not in done:
                self.ctx.add(where.change(Action.REMOVED, Subject.PARAMETER, _pname(p),
                                          old_node=p.schema_id, old=p.required))
        for p in came:
            if _pname(p) not in done:
                self.ctx.add(where.change(Action.ADDED, Subject.PARAMETER, _pname(p),
                                          new_node=p.schema_id, new=p.required))


def _pname(p: Parameter) -> str:
    return f"{p.location.value}/{p.name}"


def _key(p: Parameter, renames: dict[str, str]) -> tuple[ParameterLocation, str]:
    if p.location is ParameterLocation.HEADER:
        return p.location, p.name.lower()
    if p.location is ParameterLocation.PATH:
        return p.location, renames.get(p.name, p.name)
    return p.location, p.name


def _path_renames(old: str, new: str) -> dict[str, str]:
    """Old path-parameter name -> new name, by position, when the templates match."""
    if normalised(old) != normalised(new):
        return {}
    return dict(zip(_TEMPLATE.findall(old), _TEMPLATE.findall(new), strict=True))


def _param_shape(ctx: Context, p: Parameter, *, old: bool) -> str:
    from generator.diff.shape import shape

    api = ctx.old if old else ctx.new
    schema = api.resolve(p.schema_id) if p.schema_id else None
    return repr((p.location.value, p.required, shape(schema)))


def _shape(op: Operation) -> str:
    """What an operation takes and answers, names and prose aside (rename evidence)."""
    params = sorted((p.location.value, p.required) for p in op.parameters)
    body = sorted(op.request_body.content) if op.request_body else None
    answers = sorted((s, tuple(sorted(r.content))) for s, r in op.responses.items())
    return repr((op.method.value, params, body, answers, op.tags))
