"""Lifecycle: the index over a whole history, from each version's subjects
(`changelog.subjects`) and the judged sections; light, so a history read back from the cache
is indexed without importing the judge.

The index has a record for every operation, parameter, named schema and property (of a
named object schema, allOf parts flattened) that appears in any version: the version it
first appeared in (None: it is in the first), the versions it changed in with the kinds of
those changes, when it was first deprecated, and when it was removed (if it is gone at the
end). The index of a plain OLD NEW pair keeps only the records with one of those events.

The work is in two steps: `presence` reads only the versions' subjects (a caller can run it
while the pairs are still being diffed), `lifecycle` adds the sections' changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress

from generator.changelog.model import LifecycleEvent, LifecycleRecord, Reach, Section
from generator.changelog.places import tokens

# the order of the index: by subject (in this order), then by name
_SUBJECTS = ("operation", "parameter", "schema", "property")
Subjects = list[tuple[str, str, bool]]  # (subject, name, deprecated) of one version
Key = tuple[str, str]  # (subject, name)


@dataclass(frozen=True, slots=True)
class Presence:
    """What the versions' subjects alone say: in which versions each subject is (with its
    deprecated flag), and the subjects whose presence or deprecation is an event."""

    labels: tuple[str, ...]
    present: tuple[dict[Key, bool], ...]  # per version, oldest first
    # a plain pair's subjects in one version only or deprecated in either (None: a history,
    # where every subject is in the index)
    eventful: set[Key] | None


def presence(labels: Sequence[str], subjects: Sequence[Subjects], *,
             eventful_only: bool = False) -> Presence:
    """The first step of `lifecycle`: needs only the versions' subjects, no sections."""
    present = tuple({(subject, name): dep for subject, name, dep in found} for found in subjects)
    eventful: set[Key] | None = None
    if eventful_only and present:
        first, last = present[0], present[-1]
        # added after the first version or gone before the last (else in every version):
        # of a pair, the keys in one of the two (one set operation)
        eventful = (first.keys() ^ last.keys() if len(present) == 2
                    else set().union(*present) - (first.keys() & last.keys()))
        for version in present:
            eventful.update(compress(version, version.values()))  # deprecated in one
    return Presence(tuple(labels), present, eventful)


def lifecycle(labels: Sequence[str], subjects: Sequence[Subjects], sections: Sequence[Section],
              *, eventful_only: bool = False, known: Presence | None = None
              ) -> tuple[LifecycleRecord, ...]:
    """The lifecycle index of a history (versions' `labels` and `version_subjects` oldest
    first, sections oldest pair first, as judged); with `eventful_only`, only the records of
    subjects that were added, changed, deprecated or removed (a plain OLD NEW pair: the rest
    would only say "in both"). `known` is `presence` of the same versions, worked out before."""
    found = known if known is not None else presence(labels, subjects,
                                                     eventful_only=eventful_only)
    if found.eventful is not None and len(found.present) == 2:
        return _pair(found, sections[0] if sections else None)
    return _history(found, sections)


def _pair(found: Presence, section: Section | None) -> tuple[LifecycleRecord, ...]:
    """A plain pair's index: only the subjects something happened to, each looked up in
    the two versions directly (the versions' thousands of other subjects are not walked)."""
    old, new = found.present
    new_label = found.labels[1]
    changed: dict[Key, set[str]] = {}
    for entry in section.entries if section is not None else ():
        for key in _touched(entry.area, entry.origin, entry.params, entry.reach):
            if key in old or key in new:
                changed.setdefault(key, set()).add(entry.kind)
    keys = set(changed)
    keys.update(found.eventful or ())
    events = {key: (LifecycleEvent(version=new_label, kinds=tuple(sorted(kinds))),)
              for key, kinds in changed.items()}
    make, old_label = LifecycleRecord.of, found.labels[0]
    return tuple([
        make(key[0], key[1], None if key in old else new_label, events.get(key, ()),
             old_label if old.get(key) else new_label if new.get(key) else None,
             None if key in new else new_label)
        for key in _ordered(keys)])


def _history(found: Presence, sections: Sequence[Section]) -> tuple[LifecycleRecord, ...]:
    """The index of a history: every subject of every version (of a pair: `eventful`)."""
    # Thousands of subjects a version, most of them in every version: worked out with whole-
    # dict operations (the version a subject came in, the one it was gone in, the first
    # that deprecated it: labels, by the dict written last) rather than a step per subject.
    labels, present = found.labels, found.present
    introduced: dict[Key, str | None] = {}
    deprecated: dict[Key, str] = {}
    for i in reversed(range(len(present))):
        introduced.update(dict.fromkeys(present[i], labels[i] if i else None))
        deprecated.update(dict.fromkeys([k for k, dep in present[i].items() if dep], labels[i]))
    removed: dict[Key, str | None] = {}
    for i, gone_in in enumerate([*labels[1:len(present)], None]):
        removed.update(dict.fromkeys(present[i], gone_in))
    changed = _changes(sections, introduced)
    keys = introduced if found.eventful is None else found.eventful | changed.keys()
    return tuple(
        LifecycleRecord(subject=key[0], name=key[1], introduced=introduced[key],
                        changed=_events(changed[key], labels) if key in changed else (),
                        deprecated=deprecated.get(key), removed=removed[key])
        for key in _ordered(keys))


def _ordered(keys: Iterator[Key] | set[Key] | Mapping[Key, object]) -> list[Key]:
    """The keys by subject (in `_SUBJECTS` order), then by name: sorted as names, a subject
    at a time (no key function to call per key)."""
    names: dict[str, list[str]] = {subject: [] for subject in _SUBJECTS}
    for subject, name in keys:
        names[subject].append(name)
    return [(subject, name) for subject in _SUBJECTS for name in sorted(names[subject])]


def _events(changed: dict[int, set[str]], labels: Sequence[str]) -> tuple[LifecycleEvent, ...]:
    return tuple(LifecycleEvent(version=labels[i], kinds=tuple(sorted(kinds)))
                 for i, kinds in sorted(changed.items()))


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
