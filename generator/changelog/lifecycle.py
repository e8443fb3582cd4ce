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

from collections.abc import Iterator, Mapping, Sequence

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
    # Thousands of subjects a version, most of them in every version: worked out with whole-
    # dict operations (the version a subject came in, the one it was gone in, the first
    # that deprecated it: labels, by the dict written last) rather than a step per subject.
    present = [{(subject, name): dep for subject, name, dep in found} for found in subjects]
    introduced: dict[Key, str | None] = {}
    deprecated: dict[Key, str] = {}
    for i in reversed(range(len(present))):
        introduced.update(dict.fromkeys(present[i], labels[i] if i else None))
        deprecated.update(dict.fromkeys([k for k, dep in present[i].items() if dep], labels[i]))
    removed: dict[Key, str | None] = {}
    for i, gone_in in enumerate([*labels[1:len(present)], None]):
        removed.update(dict.fromkeys(present[i], gone_in))
    changed = _changes(sections, introduced)
    if eventful_only and present:
        # added after the first version or gone before the last (else in every version)
        throughout = present[0].keys() & present[-1].keys()
        keys = list(introduced.keys() - throughout | changed.keys() | deprecated.keys())
    else:
        keys = list(introduced)
    keys.sort(key=_order)
    return tuple(
        LifecycleRecord(subject=key[0], name=key[1], introduced=introduced[key],
                        changed=_events(changed[key], labels) if key in changed else (),
                        deprecated=deprecated.get(key), removed=removed[key])
        for key in keys)


def _events(changed: dict[int, set[str]], labels: Sequence[str]) -> tuple[LifecycleEvent, ...]:
    return tuple(LifecycleEvent(version=labels[i], kinds=tuple(sorted(kinds)))
                 for i, kinds in sorted(changed.items()))


Key = tuple[str, str]  # (subject, name)


def _order(key: Key) -> tuple[int, str]:
    return _RANK[key[0]], key[1]


def _changes(sections: Sequence[Section], known: Mapping[Key, object]
             ) -> dict[Key, dict[int, set[str]]]:
    """The kinds of the changes to each subject in `known`, by the index of the version
    they happened in."""
    changed: dict[Key, dict[int, set[str]]] = {}
    for i, section in enumerate(sections, start=1):
        for entry in section.entries:
            for key in _touched(entry.area, entry.origin, entry.params, entry.reach):
                if key in known:
                    changed.setdefault(key, {}).setdefault(i, set()).add(entry.kind)
    return changed


def _touched(area: str, origin: str, params: dict[str, object],
             reach: tuple[Reach, ...]) -> Iterator[Key]:
    yield "operation", area
    for r in reach:
        yield "operation", r.operation
    if "#/components/schemas/" in origin:  # else no schema's: not worth tokenizing
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
