"""Lifecycle: the index over a whole history, from each version's subjects
(`changelog.subjects`) and the judged sections; light, so a history read back from the cache
is indexed without importing the judge.

The index has a record for every operation, parameter, named schema and property (of a
named object schema, allOf parts flattened) that appears in any version: the version it
first appeared in (None: it is in the first), the versions it changed in with the kinds of
those changes, when it was first deprecated, and when it was removed (if it is gone at the
end). The index of a plain OLD NEW pair keeps only the records with one of those events.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.changelog.model import LifecycleEvent, LifecycleRecord, Reach, Section
from generator.changelog.places import tokens

_RANK = {"operation": 0, "parameter": 1, "schema": 2, "property": 3}
Subjects = list[tuple[str, str, bool]]  # (subject, name, deprecated) of one version


def lifecycle(labels: Sequence[str], subjects: Sequence[Subjects], sections: Sequence[Section],
              *, eventful_only: bool = False) -> tuple[LifecycleRecord, ...]:
    """The lifecycle index of a history (versions' `labels` and `version_subjects` oldest
    first, sections oldest pair first, as judged); with `eventful_only`, only the records of
    subjects that were added, changed, deprecated or removed (a plain OLD NEW pair: the rest
    would only say "in both")."""
    first: dict[tuple[str, str], int] = {}  # version indexes: where first and last present
    last: dict[tuple[str, str], int] = {}
    deprecated: dict[tuple[str, str], int] = {}
    for i, found in enumerate(subjects):
        for subject, name, is_deprecated in found:
            key = (subject, name)
            first.setdefault(key, i)
            last[key] = i
            if is_deprecated:
                deprecated.setdefault(key, i)
    changed: dict[tuple[str, str], dict[int, set[str]]] = {}
    for i, section in enumerate(sections, start=1):
        for entry in section.entries:
            for key in _touched(entry.area, entry.origin, entry.params, entry.reach):
                if key in first:
                    changed.setdefault(key, {}).setdefault(i, set()).add(entry.kind)
    end = len(labels) - 1
    keys = [k for k in first if k in changed or k in deprecated or first[k] > 0
            or last[k] < end] if eventful_only else list(first)
    keys.sort(key=lambda k: (_RANK[k[0]], k[1]))
    return tuple(
        LifecycleRecord(
            subject=key[0], name=key[1],
            introduced=labels[first[key]] if first[key] > 0 else None,
            changed=tuple(LifecycleEvent(version=labels[i], kinds=tuple(sorted(kinds)))
                          for i, kinds in sorted(changed.get(key, {}).items())),
            deprecated=labels[deprecated[key]] if key in deprecated else None,
            removed=labels[last[key] + 1] if last[key] < end else None,
        )
        for key in keys)


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
