"""What `changelog/` produces: judged, worded entries over one pair or a whole history.

This module is the contract between the judge (`changelog/` itself: the kind registry, the
rules that turn an `ApiDiff` into entries, folding, the lifecycle index) and everything that
shows the notes (`render/changelog/`: markdown, html, json, text). Renderers read only these
types; they never look at `ApiDiff` records or the IR.

Spec text never sits inside `Entry.template`: the template is specloom's own words with
`{placeholders}`, and every value that came from a spec (names, paths, descriptions, enum
values) is in `Entry.params`, so each format escapes it for itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeAlias

JsonValue: TypeAlias = Any


class Level(str, Enum):
    """How much a change matters to the API's users, from the kind's default or the project."""

    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: breaking 2, warning 1, info 0."""
        return _LEVEL_RANKS[self.value]


_LEVEL_RANKS = {"breaking": 2, "warning": 1, "info": 0}  # a sort key of every entry: made once


class Side(str, Enum):
    """Which half of an exchange a change reaches an operation through."""

    REQUEST = "request"
    RESPONSE = "response"
    BOTH = "both"
    NONE = "none"  # API-wide things: servers, security schemes, tags


@dataclass(frozen=True, slots=True, kw_only=True)
class Reach:
    """One operation a change reaches, and through which side."""

    operation: str  # `POST /chat/completions` (the new side's, else the old side's)
    operation_id: str | None
    # who sends what the change is in: REQUEST the API's user, RESPONSE the API; for a
    # webhook (`webhook`) RESPONSE is its payload (the API sends it), REQUEST the reply
    side: Side
    webhook: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SdkImpact:
    """What one change does to the generated client (filled in by the client issue)."""

    kind: str  # e.g. `method-added`, `argument-became-required`, `field-retyped`
    level: Level
    template: str
    params: dict[str, JsonValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Detail:
    """A folded sub-point of an entry, worded like one."""

    template: str
    params: dict[str, JsonValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One note: one change (or a folded group of changes) at its origin."""

    kind: str  # a registry id, stable: `request-property-became-required`
    level: Level  # after `[tool.specloom.changelog]` overrides
    # the heading it is grouped under: `POST /chat/completions`, `schema CreateResponse`, `API`
    area: str
    template: str  # specloom's words with `{name}` placeholders
    params: dict[str, JsonValue]  # spec-derived values for the placeholders (unescaped)
    origin: str  # node id / pointer where the change happens (new side, else old side)
    old_at: str | None = None
    new_at: str | None = None
    reach: tuple[Reach, ...] = ()  # operations it reaches, sorted
    docs_only: bool = False  # descriptions, summaries, examples: hidden unless --include-docs
    fingerprint: str = ""  # stable id for --ignore files: kind + origin + values, hashed
    ignored: bool = False  # listed in the --ignore file: shown marked, never fails the gate
    details: tuple[Detail, ...] = ()  # folded sub-points ("`max_attempts` added", ...)
    sdk: tuple[SdkImpact, ...] = ()
    # labels of the operation the entry is about: `preview` (needs a preview header or sits
    # under an alpha/preview path, by the project's preview rule)
    labels: tuple[str, ...] = ()
    # the heading it is shown under with the entries it belongs with (`changelog.groups`):
    # its area (`schema CreateResponse`), a feature (`property retry_policy`: a property new
    # on the request and the response side), or `API <level>`; "" reads as its area
    group: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """The notes for one consecutive pair: `Changes between OLD and NEW`."""

    old_label: str
    new_label: str
    entries: tuple[Entry, ...]  # sorted: breaking first, then by area, then by kind

    def count(self, level: Level, *, docs: bool = True) -> int:
        """How many entries of that level (docs-only ones too unless `docs=False`)."""
        return sum(1 for e in self.entries if e.level is level and (docs or not e.docs_only))


@dataclass(frozen=True, slots=True, kw_only=True)
class LifecycleEvent:
    """One thing that happened to a subject in one version."""

    version: str
    kinds: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class LifecycleRecord:
    """The life of one operation, parameter, named schema or property across a history."""

    subject: str  # `operation`, `parameter`, `schema`, `property`
    # `POST /chat/completions`, `POST /chat/completions query/api-version`, `CreateResponse`,
    # `CreateResponse.model`
    name: str
    introduced: str | None  # None: present in the first version of the history
    changed: tuple[LifecycleEvent, ...] = ()
    deprecated: str | None = None
    removed: str | None = None

    @classmethod
    def of(cls, subject: str, name: str, introduced: str | None,
           changed: tuple[LifecycleEvent, ...], deprecated: str | None,
           removed: str | None) -> LifecycleRecord:
        """The record `LifecycleRecord(subject=..., ...)` makes, from its fields in order:
        a big pair's index makes thousands, and the frozen `__init__` with keywords costs
        twice as much as setting the slots directly."""
        record = object.__new__(cls)
        _SET_SUBJECT(record, subject)
        _SET_NAME(record, name)
        _SET_INTRODUCED(record, introduced)
        _SET_CHANGED(record, changed)
        _SET_DEPRECATED(record, deprecated)
        _SET_REMOVED(record, removed)
        return record


# The slots' own setters (what the frozen `__init__` sets through too), for `of`.
_SET_SUBJECT, _SET_NAME, _SET_INTRODUCED, _SET_CHANGED, _SET_DEPRECATED, _SET_REMOVED = (
    vars(LifecycleRecord)[name].__set__
    for name in ("subject", "name", "introduced", "changed", "deprecated", "removed"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Changelog:
    """A whole history, newest section first (one section for a plain OLD NEW pair)."""

    title: str  # the API's title (spec text: escape it)
    versions: tuple[str, ...]  # oldest first, as ordered
    sections: tuple[Section, ...]  # newest first
    lifecycle: tuple[LifecycleRecord, ...] = ()
