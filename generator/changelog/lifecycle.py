"""Lifecycle: preview <-> GA transitions of one pair, and the index over a whole history.

The index has a record for every operation, parameter, named schema and property (of a
named object schema, allOf parts flattened) that appears in any version: the version it
first appeared in (None: it is in the first), the versions it changed in with the kinds of
those changes, when it was first deprecated, and when it was removed (if it is gone at the
end). The index of a plain OLD NEW pair keeps only the records with one of those events.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from generator.changelog.judge import Judged
from generator.changelog.model import Level, LifecycleEvent, LifecycleRecord, Reach, Section, Side
from generator.changelog.part_rules import Lookup
from generator.changelog.places import tokens
from generator.diff.model import Action, Aspect, Change, Subject
from generator.diff.operations import label, match
from generator.diff.parts import pointer
from generator.diff.views import flat_view
from generator.ir.model import Api

_SUBJECTS = ("operation", "parameter", "schema", "property")


def preview_transitions(look: Lookup) -> list[Judged]:
    """Operations that became previews, or were promoted from preview to GA."""
    out = []
    for section, old_ops, new_ops in (("paths", look.old.operations, look.new.operations),
                                      ("webhooks", look.old.webhooks, look.new.webhooks)):
        pairs, _, _ = match(old_ops, new_ops)
        for o, n, _ in pairs:
            was, now = look.is_preview(o, look.old), look.is_preview(n, look.new)
            if was == now:
                continue
            change = Change(
                action=Action.CHANGED, subject=Subject.OPERATION, name=label(n),
                aspect=Aspect.PREVIEW, old=was, new=now,
                old_at=pointer(section, o.path, o.method.value),
                new_at=pointer(section, n.path, n.method.value),
                old_operation=label(o), new_operation=label(n),
            )
            kind = "endpoint-became-preview" if now else "endpoint-promoted-to-ga"
            level = Level.WARNING if now else Level.INFO
            out.append(Judged(change, kind, level, label(n), {"name": label(n)},
                              (Reach(operation=label(n), operation_id=n.operation_id,
                                     side=Side.NONE),)))
    return out


@dataclass(slots=True)
class _Life:
    seen: list[int] = field(default_factory=list)  # version indexes where present
    deprecated: int | None = None
    changed: dict[int, set[str]] = field(default_factory=dict)


Subjects = list[tuple[str, str, bool]]  # (subject, name, deprecated) of one version


def version_subjects(apis: Sequence[Api]) -> list[Subjects]:
    """Every subject of each version: the lifecycle index's part that needs the IRs, worked
    out before (or while) the pairs are diffed and judged."""
    memo: dict[tuple[str, str, bytes], Subjects] = {}
    return [list(_subjects(api, memo)) for api in apis]


def lifecycle(labels: Sequence[str], subjects: Sequence[Subjects], sections: Sequence[Section],
              *, eventful_only: bool = False) -> tuple[LifecycleRecord, ...]:
    """The lifecycle index of a history (versions' `labels` and `version_subjects` oldest
    first, sections oldest pair first, as judged); with `eventful_only`, only the records of
    subjects that were added, changed, deprecated or removed (a plain OLD NEW pair: the rest
    would only say "in both")."""
    lives: dict[tuple[str, str], _Life] = {}
    for i, found in enumerate(subjects):
        for subject, name, deprecated in found:
            life = lives.setdefault((subject, name), _Life())
            life.seen.append(i)
            if deprecated and life.deprecated is None:
                life.deprecated = i
    for i, section in enumerate(sections, start=1):
        for entry in section.entries:
            for key in _touched(entry.area, entry.origin, entry.params, entry.reach):
                if key in lives:
                    lives[key].changed.setdefault(i, set()).add(entry.kind)
    last = len(labels) - 1
    return tuple(_record(key, life, labels) for key, life in sorted(
        lives.items(), key=lambda kv: (_SUBJECTS.index(kv[0][0]), kv[0][1]))
        if not eventful_only or life.changed or life.deprecated is not None
        or life.seen[0] > 0 or life.seen[-1] < last)


def _record(key: tuple[str, str], life: _Life, labels: Sequence[str]) -> LifecycleRecord:
    first, last = life.seen[0], life.seen[-1]
    return LifecycleRecord(
        subject=key[0], name=key[1],
        introduced=labels[first] if first > 0 else None,
        changed=tuple(LifecycleEvent(version=labels[i], kinds=tuple(sorted(kinds)))
                      for i, kinds in sorted(life.changed.items())),
        deprecated=labels[life.deprecated] if life.deprecated is not None else None,
        removed=labels[last + 1] if last + 1 < len(labels) else None,
    )


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


def _touched(area: str, origin: str, params: dict[str, object],
             reach: tuple[Reach, ...]) -> Iterator[tuple[str, str]]:
    yield "operation", area
    for r in reach:
        yield "operation", r.operation
    parts = tokens(origin)
    if parts[:2] == ["components", "schemas"] and len(parts) >= 3:
        yield "schema", parts[2]
        props = [parts[i + 1] for i in range(3, len(parts) - 1) if parts[i] == "properties"]
        if props:
            yield "property", f"{parts[2]}.{props[0]}"
    name = params.get("name")
    if isinstance(name, str) and "/" in name:
        yield "parameter", f"{area} {name}"
        for r in reach:
            yield "parameter", f"{r.operation} {name}"
