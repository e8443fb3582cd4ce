"""What the notes show, decided here: order, grouping, counts, wording of values.

Templates only lay these views out. A section holds its entries by level (breaking first),
then by group (`changelog.groups`: the operation or schema a change happens at, or a feature
new on both sides; a group sits under the level of its worst entry, and an entry of a lower
level says its own); each entry's message is a sequence
of parts, specloom's words and spec values (always shown as code), which every format escapes
for itself. Documentation-only entries are counted and left out unless asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.changelog.groups import API, area_group
from generator.changelog.model import Changelog, Entry, Level, Reach, Section, Side
from generator.render.changelog.escape import slug
from generator.render.changelog.messages import LEVELS, Part, message_parts, plain

LEVEL_TITLES = {Level.BREAKING: "Breaking changes", Level.WARNING: "Warnings",
                Level.INFO: "Other changes"}
_COUNT_WORDS = {Level.BREAKING: ("breaking", "breaking"), Level.WARNING: ("warning", "warnings"),
                Level.INFO: ("info", "info")}
SIDE_WORDS = {Side.REQUEST: "request", Side.RESPONSE: "response",
              Side.BOTH: "request and response", Side.NONE: ""}
# a webhook's sides: the API sends the payload (its request), the receiver the reply
WEBHOOK_SIDE_WORDS = {Side.RESPONSE: "payload", Side.REQUEST: "reply",
                      Side.BOTH: "payload and reply", Side.NONE: ""}
# An entry names at most this many operations; the JSON output lists them all.
MAX_REACH = 8


@dataclass(frozen=True, slots=True)
class ReachView:
    """One operation an entry names, and the side it is reached through ("" for none)."""

    operation: str
    side: str


@dataclass(frozen=True, slots=True)
class EntryView:
    """One note as shown."""

    level: Level
    kind: str
    parts: tuple[Part, ...]
    details: tuple[tuple[Part, ...], ...]
    reach: tuple[ReachView, ...]
    more_reach: int  # operations reached beyond those named
    ignored: bool
    # the entry's level when it differs from the heading's (a group shows under its worst)
    own_level: str
    docs_only: bool
    fingerprint: str
    labels: tuple[str, ...]  # `preview`: the operation it is about is a preview
    sdk: tuple[SdkView, ...] = ()  # what it does to the generated client


@dataclass(frozen=True, slots=True)
class SdkView:
    """One SDK impact of a note as shown: its level and its message in parts."""

    level: Level
    kind: str
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class AreaView:
    """The entries of one group (`changelog.groups`: an area such as `POST /files` or
    `schema File`, a feature, or the API-wide entries of one level), under one heading."""

    area: str  # the group id
    parts: tuple[Part, ...]  # `schema File`: the word as words, the name as code
    entries: tuple[EntryView, ...]


@dataclass(frozen=True, slots=True)
class LevelView:
    """The entries of one level in a section."""

    level: Level
    title: str
    areas: tuple[AreaView, ...]


@dataclass(frozen=True, slots=True)
class SectionView:
    """One consecutive pair: `Changes between OLD and NEW`."""

    old_label: str
    new_label: str
    anchor: str
    summary: str  # counts per level, in words (specloom's: no spec text)
    levels: tuple[LevelView, ...]
    empty: bool  # nothing shown (identical, or documentation-only changes hidden)


@dataclass(frozen=True, slots=True)
class ChangelogView:
    """A whole history, newest section first."""

    title: str
    versions: tuple[str, ...]
    sections: tuple[SectionView, ...]
    summary: str  # the whole history's counts
    history: bool  # more than one pair: the whole history's counts are worth a line


def changelog_view(changelog: Changelog, *, include_docs: bool = False) -> ChangelogView:
    """The view of a changelog; documentation-only entries only with `include_docs`."""
    sections = tuple(section_view(s, include_docs=include_docs) for s in changelog.sections)
    every = [e for s in changelog.sections for e in s.entries]
    return ChangelogView(
        title=changelog.title,
        versions=changelog.versions,
        sections=sections,
        summary=summary(every, include_docs=include_docs),
        history=len(sections) > 1,
    )


def section_view(section: Section, *, include_docs: bool) -> SectionView:
    """The view of one pair's notes."""
    shown = [e for e in section.entries if is_shown(e, include_docs=include_docs)]
    groups = _groups(shown)
    levels = tuple(
        LevelView(level=level, title=LEVEL_TITLES[level],
                  areas=tuple(view for at, view in groups if at is level))
        for level in LEVELS
        if any(at is level for at, _ in groups)
    )
    return SectionView(
        old_label=section.old_label,
        new_label=section.new_label,
        anchor=slug(f"{section.old_label}--{section.new_label}"),
        summary=summary(section.entries, include_docs=include_docs),
        levels=levels,
        empty=not shown,
    )


def _groups(entries: Sequence[Entry]) -> list[tuple[Level, AreaView]]:
    """Each group's view, at the level of its worst entry (ordered by `group_key`)."""
    by_group: dict[str, list[Entry]] = {}
    for entry in entries:
        by_group.setdefault(area_group(entry), []).append(entry)
    out = []
    for ident in sorted(by_group, key=group_key):
        members = _ordered(by_group[ident])
        level = members[0].level
        out.append((level, AreaView(
            area=ident, parts=group_parts(ident, members),
            entries=tuple(entry_view(e, under=level) for e in members))))
    return out


def group_parts(group: str, entries: Sequence[Entry] = ()) -> tuple[Part, ...]:
    """A group's heading: its area's (`schema File`), `API-wide`, or a feature's words with
    its property names as code (`properties `name`, `namespace``)."""
    word, _, rest = group.partition(" ")
    if word == API and rest in {level.value for level in Level}:
        return (Part("API-wide", False),)
    if word in _FEATURE_WORDS and entries:
        names = sorted({str(e.params.get("name")) for e in entries})
        parts = [Part(f"{word} ", False)]
        for number, name in enumerate(names):
            parts += [Part(", ", False)] if number else []
            parts.append(Part(name, True))
        return (*parts, Part(" (request and response)", False))
    return area_parts(group)


_FEATURE_WORDS = frozenset({"property", "properties"})


def group_key(group: str) -> tuple[int, str]:
    """API-wide things first, then features (a property new on both sides), then areas."""
    word, _, rest = group.partition(" ")
    if word == API:
        return (0, rest)
    if word in _FEATURE_WORDS:
        return (1, rest.lower())
    rank, key = area_key(group)
    return (rank + 1, key)


def area_parts(area: str) -> tuple[Part, ...]:
    """`schema File` -> the word `schema` and the code `File`; an operation is all code;
    `API` (API-wide things) is a word."""
    if area == "API":
        return (Part("API-wide", False),)
    word, _, name = area.partition(" ")
    if name and word.isascii() and word.isalpha() and word.islower():  # a word, never markup
        return (Part(f"{word} ", False), Part(name, True))
    return (Part(area, True),)


def area_key(area: str) -> tuple[int, str]:
    """API-wide things first, then operations by path, then schemas by name."""
    if area == "API":
        return (0, "")
    if area.startswith("schema "):
        return (2, area.lower())
    method, _, path = area.partition(" ")
    return (1, f"{path} {method}".lower())


def _ordered(entries: Iterable[Entry]) -> list[Entry]:
    # worst first (a group may mix levels); then a stable re-sort by kind keeps related notes
    # together whatever order the judge gave
    return sorted(entries, key=lambda e: (-e.level.rank, e.ignored, e.kind))


def entry_view(entry: Entry, *, under: Level | None = None) -> EntryView:
    """One entry as shown: its message in parts, its details, the operations it names;
    `under`: the level of the heading it is shown under (a lower own level is said)."""
    reach = () if _self_reach(entry) else entry.reach
    parts = message_parts(entry.template, entry.params)
    words = plain(p for p in parts if not p.code)
    return EntryView(
        level=entry.level,
        kind=entry.kind,
        parts=parts,
        details=tuple(message_parts(d.template, d.params) for d in entry.details),
        reach=tuple(_reach_view(r) for r in reach[:MAX_REACH]),
        more_reach=max(0, len(reach) - MAX_REACH),
        ignored=entry.ignored,
        own_level=entry.level.value if under is not None and entry.level is not under else "",
        docs_only=entry.docs_only,
        fingerprint=entry.fingerprint,
        labels=tuple(label for label in entry.labels if label not in words),  # said once
        sdk=tuple(SdkView(level=i.level, kind=i.kind,
                          parts=message_parts(i.template, i.params)) for i in entry.sdk),
    )


def _self_reach(entry: Entry) -> bool:
    """Whether the only operation reached is the area itself (naming it again says nothing)."""
    return len(entry.reach) == 1 and entry.reach[0].operation == entry.area


def _reach_view(reach: Reach) -> ReachView:
    words = WEBHOOK_SIDE_WORDS if reach.webhook else SIDE_WORDS
    return ReachView(operation=reach.operation, side=words[reach.side])


def is_shown(entry: Entry, *, include_docs: bool) -> bool:
    """Whether an entry is shown: a documentation-only one only with `include_docs`, unless
    what it does to the client is a warning or worse (between dated versions, the entry
    about `api-version`'s example is the one that says the client's default `api_version`
    changes)."""
    return include_docs or not entry.docs_only or any(
        impact.level is not Level.INFO for impact in entry.sdk)


def summary(entries: Sequence[Entry], *, include_docs: bool) -> str:
    """`2 breaking, 1 warning, 5 info (3 documentation-only not shown, 1 accepted)`."""
    shown = [e for e in entries if is_shown(e, include_docs=include_docs)]
    words = []
    for level in LEVELS:
        count = sum(e.level is level for e in shown)
        one, many = _COUNT_WORDS[level]
        words.append(f"{count} {one if count == 1 else many}")
    notes = []
    hidden = len(entries) - len(shown)
    if hidden:
        notes.append(f"{hidden} documentation-only not shown")
    accepted = sum(e.ignored for e in shown)
    if accepted:
        notes.append(f"{accepted} accepted")
    return ", ".join(words) + (f" ({', '.join(notes)})" if notes else "")
