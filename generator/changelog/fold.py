"""Judged records -> the entries of one section: folded, levelled by the project, marked.

- A parameter every operation takes (`api-version`) changed in every operation is one entry
  (the API-parameter record) reaching them all, not one per operation.
- A new object property is one entry whose details name its fields.
- Each entry gets its group (`groups`): its place, a feature, or the API-wide ones of a level.
- The project's levels apply (`off` drops a kind); fingerprints are computed, and entries
  whose fingerprint the project accepted are marked `ignored`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from generator.changelog.groups import features, group_of
from generator.changelog.judge import Judged
from generator.changelog.model import Detail, Entry
from generator.changelog.registry import KINDS
from generator.changelog.retype import field_detail
from generator.changelog.settings import ChangelogSettings
from generator.diff.model import Action, Aspect, Subject
from generator.diff.schema_keys import as_json
from generator.diff.views import flat_view
from generator.ir.model import Api
from generator.ir.schema import (
    AllOfSchema,
    ArraySchema,
    NullSchema,
    ObjectSchema,
    Schema,
    UnionSchema,
)

# Made once: `json.dumps` with options builds a new encoder per call, and a big pair's
# entries ask thousands of times (the canonical text of a value is `schema_keys.as_json`).
_KEY = json.JSONEncoder(sort_keys=True, default=str).encode


class Canonical:
    """The canonical JSON text (`schema_keys.as_json`) of the values of one section's records,
    each value encoded once: a big pair's documentation values run to tens of kilobytes, and
    folding and fingerprints ask for the same ones."""

    __slots__ = ("_known",)

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, str]] = {}  # id -> (the value, kept alive; its text)

    def text(self, value: Any) -> str:
        """The canonical text of `value`."""
        found = self._known.get(id(value))
        if found is None:
            found = self._known[id(value)] = (value, as_json(value))
        return found[1]

    def params_key(self, kind: str, params: dict[str, Any]) -> tuple[Any, ...]:
        """Equal for two records exactly when their kinds and params' canonical texts are."""
        return kind, *((k, self.text(v)) for k, v in sorted(params.items()))


def fingerprint(kind: str, origin: str, params: dict[str, Any],
                texts: Canonical | None = None) -> str:
    """A stable id for an entry: sha256 of the kind, the origin, and the name and values it
    is about (canonical JSON), first 16 hex digits. Same change, same fingerprint, in every
    run and every history it appears in."""
    t = (texts or Canonical()).text
    # as_json([kind, origin, {"name": ..., "new": ..., "old": ..., "value": ...}]), its
    # values' texts shared with the folding
    text = (f'[{t(kind)}, {t(origin)}, {{"name": {t(params.get("name"))}, '
            f'"new": {t(params.get("new"))}, "old": {t(params.get("old"))}, '
            f'"value": {t(params.get("value"))}}}]')
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fold_api_parameters(judged: list[Judged]) -> list[Judged]:
    """Per-operation records about a parameter every operation takes join its API record.

    An API-parameter record that fewer than two operations' own records back is dropped: the
    operation's own record says it (or, with none, only the set of operations changed)."""
    def key(j: Judged) -> tuple[str, Action, Aspect | None]:
        """What an API-parameter record and an operation's record share."""
        return j.change.name, j.change.action, j.change.aspect

    api = {key(j): i for i, j in enumerate(judged) if j.change.subject is Subject.API_PARAMETER}
    members: dict[int, list[int]] = {}
    for i, j in enumerate(judged):
        target = api.get(key(j)) if j.change.subject is Subject.PARAMETER else None
        if target is not None:
            members.setdefault(target, []).append(i)
    folded = {t: m for t, m in members.items()
              if len({r.operation for i in m for r in judged[i].reach}) >= 2}
    absorbed = {i for m in folded.values() for i in m}
    out = []
    for i, j in enumerate(judged):
        if i in absorbed or (j.change.subject is Subject.API_PARAMETER and i not in folded):
            continue
        if i in folded:
            reach = {r for m in folded[i] for r in judged[m].reach}
            j = replace(j, reach=tuple(sorted(reach, key=lambda r: r.operation)))
        out.append(j)
    return out


def fold_repeats(judged: list[Judged], texts: Canonical | None = None) -> list[Judged]:
    """The same change written in place in several operations (Azure repeats its `api-version`
    parameter in each of 42 operations) is one entry reaching them all, headed `API`."""
    # A record of an operation (or of a schema written in one) can repeat. The canonical text
    # of its params is the costly part of a big pair: only records that share kind and name
    # with another can be alike, and only theirs is worked out (once).
    heads = [(j.kind, str(j.params.get("name"))) if j.change.new_operation
             or j.change.old_operation or _inline(j) else None for j in judged]
    count = Counter(heads)
    texts = texts or Canonical()
    keys = [texts.params_key(j.kind, j.params) if head is not None and count[head] > 1
            else None for head, j in zip(heads, judged, strict=True)]
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, key in enumerate(keys):
        if key is not None:
            groups.setdefault(key, []).append(i)
    repeated = {judged[m[0]].kind for m in groups.values() if len(m) > 1}
    out = []
    for i, j in enumerate(judged):
        key = keys[i]
        if key is None and j.kind in repeated:  # another record saying what a repeat says
            key = texts.params_key(j.kind, j.params)
        members = groups.get(key, [i]) if key is not None else [i]
        if len(members) < 2:
            out.append(j)
        elif members[0] == i:
            reach = sorted({r for m in members for r in judged[m].reach},
                           key=lambda r: (r.operation, r.side.value))
            out.append(replace(j, area="API", reach=tuple(reach)))
    return out


_OPERATION = re.compile(r"[A-Z]+ /")


def fold_same_place(judged: list[Judged], texts: Canonical | None = None) -> list[Judged]:
    """Several places of the old version that became one shared place of the new one (Azure's
    `api-version` schema written in each operation, then one component) changed alike: one
    entry at the new place, reaching what they all reached."""
    texts = texts or Canonical()

    def key(j: Judged) -> tuple[Any, ...] | None:
        new_at = j.change.new_at
        if not new_at or new_at.startswith(("#/paths/", "#/webhooks/")) or _OPERATION.match(j.area):
            return None  # what happens to each operation stays an entry of that operation
        return new_at, *texts.params_key(j.kind, j.params)

    first: dict[tuple[Any, ...], int] = {}
    reach: dict[int, set[Any]] = {}
    out: list[Judged | None] = []
    for j in judged:
        k = key(j)
        if k is not None and k in first:
            reach[first[k]].update(j.reach)
            continue
        if k is not None:
            first[k] = len(out)
            reach[len(out)] = set(j.reach)
        out.append(j)
    return [replace(j, reach=tuple(sorted(reach[i], key=lambda r: (r.operation, r.side.value))))
            if i in reach and len(reach[i]) != len(j.reach) else j
            for i, j in enumerate(out) if j is not None]


def _inline(judged: Judged) -> bool:
    # a schema written inside an operation (its area is the operation)
    origin = judged.change.new_at or judged.change.old_at or ""
    return origin.startswith(("#/paths/", "#/webhooks/"))


def entries(judged: Iterable[Judged], settings: ChangelogSettings, new: Api,
            labels: Callable[[str], tuple[str, ...]],
            texts: Canonical | None = None) -> tuple[Entry, ...]:
    """The section's entries: levelled by the project, grouped, with details, fingerprints
    (`texts`: the section's canonical texts, shared with its folding), sorted."""
    texts = texts or Canonical()
    kept = []
    for j in judged:
        level = settings.level_of(j.kind, j.level)
        if level is not None:
            kept.append((j, level))
    feature = features([(j.kind, j.area, j.params) for j, _ in kept])
    out = []
    for i, (j, level) in enumerate(kept):
        kind = KINDS[j.kind]
        origin = j.change.new_at or j.change.old_at or "#"
        print_ = fingerprint(j.kind, origin, j.params, texts)
        out.append(Entry(
            kind=j.kind, level=level, area=j.area, template=kind.template, params=j.params,
            origin=origin, old_at=j.change.old_at, new_at=j.change.new_at, reach=j.reach,
            docs_only=kind.docs_only, fingerprint=print_, ignored=print_ in settings.ignored,
            details=j.details or _details(j, new), labels=labels(j.area),
            group=feature.get(i) or group_of(j.area, level),
        ))
    return _sorted(out)


def _sorted(found: list[Entry]) -> tuple[Entry, ...]:
    """Worst first, then by area, kind and origin; the params' canonical text (costly) is
    worked out only for entries that tie on all of those."""
    heads = [(-e.level.rank, e.area, e.kind, e.origin) for e in found]
    count = Counter(heads)
    keys = [(*head, _KEY(e.params) if count[head] > 1 else "")
            for head, e in zip(heads, found, strict=True)]
    return tuple(e for _, e in sorted(zip(keys, found, strict=True), key=lambda p: p[0]))


def _details(judged: Judged, new: Api) -> tuple[Detail, ...]:
    """The fields of a new object property (or of the objects a new array property holds;
    a nullable one and an allOf are seen through)."""
    change = judged.change
    if change.subject is not Subject.PROPERTY or change.action is not Action.ADDED:
        return ()
    schema = _through(new, new.resolve(change.new_at))
    if isinstance(schema, ArraySchema) and schema.items is not None:
        schema = _through(new, new.resolve(schema.items))
    if not isinstance(schema, ObjectSchema | AllOfSchema):
        return ()
    view = flat_view(new, schema, change.new_at or "")
    return tuple(field_detail(name, prop, name in view.required)
                 for name, (prop, _, _) in sorted(view.props.items()))


def _through(api: Api, schema: Schema | None) -> Schema | None:
    """The one non-null member of a nullable union (`anyOf: [X, {type: null}]`)."""
    if isinstance(schema, UnionSchema):
        others = [m for m in schema.members if not isinstance(api.resolve(m), NullSchema)]
        if len(others) == 1:
            return api.resolve(others[0])
    return schema


