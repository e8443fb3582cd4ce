"""`[tool.specloom.changelog]`: per-kind level overrides, accepted fingerprints, preview rule.

    [tool.specloom.changelog]
    levels = { "response-property-enum-value-added" = "info", "api-tag-added" = "off" }
    ignore = ["3f1c0a9b2e7d4c51"]          # fingerprints a team has accepted
    preview-segments = ["alpha", "beta"]     # path segments that mark a stage (default: IR's)
    preview-paths = ["/v1/experimental/*"]   # globs: always preview
    stable-paths = ["/v1/credit_notes/*"]    # globs: never preview

Unknown kind ids, level words and keys are reported as diagnostics (like
`[tool.specloom.rules]`), and the settings that could be read still apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from generator.changelog.model import Level
from generator.diagnostics import Diagnostic, Location, Severity


class Override(str, Enum):
    """A level word of `levels`: a `Level`, or `off` to drop the kind's entries."""

    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"
    OFF = "off"

    def level(self) -> Level | None:
        """The level it sets (None for off)."""
        return None if self is Override.OFF else Level(self.value)


@dataclass(frozen=True, slots=True, kw_only=True)
class PreviewRule:
    """Which operations count as previews, on top of (or instead of) the IR's marker."""

    segments: tuple[str, ...] | None = None  # None: the IR's own rule (alpha, preview)
    preview_paths: tuple[str, ...] = ()  # fnmatch globs over the path template
    stable_paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangelogSettings:
    """How a project judges its changes."""

    levels: Mapping[str, Override] = field(default_factory=dict)
    ignored: frozenset[str] = frozenset()  # fingerprints
    preview: PreviewRule = field(default_factory=PreviewRule)

    def level_of(self, kind: str, default: Level) -> Level | None:
        """The level for an entry of `kind` (None: the project turned the kind off)."""
        override = self.levels.get(kind)
        return default if override is None else override.level()


_KEYS = ("levels", "ignore", "preview-segments", "preview-paths", "stable-paths")


def load_settings(table: Mapping[str, Any]) -> tuple[ChangelogSettings, list[Diagnostic]]:
    """Read a `[tool.specloom.changelog]` table; problems are diagnostics, never exceptions."""
    problems: list[str] = [f"unknown key {k!r} ({', '.join(_KEYS)})" for k in table
                           if k not in _KEYS]
    levels: dict[str, Override] = {}
    raw_levels = table.get("levels", {})
    if not isinstance(raw_levels, Mapping):
        problems.append("`levels` must be a table of kind id = level")
        raw_levels = {}
    words = ", ".join(o.value for o in Override)
    if raw_levels:  # the registry is imported only to check kind ids that were given
        from generator.changelog.registry import KINDS
    for kind, word in sorted(raw_levels.items()):
        if kind not in KINDS:
            problems.append(f"unknown change kind {kind!r}")
        elif word not in {o.value for o in Override}:
            problems.append(f"kind {kind!r}: level must be one of {words}, not {word!r}")
        else:
            levels[kind] = Override(word)
    ignored = _strings(table, "ignore", problems)
    preview = PreviewRule(
        segments=_strings(table, "preview-segments", problems)
        if "preview-segments" in table else None,
        preview_paths=_strings(table, "preview-paths", problems),
        stable_paths=_strings(table, "stable-paths", problems),
    )
    settings = ChangelogSettings(levels=levels, ignored=frozenset(ignored), preview=preview)
    return settings, [_diagnostic(p) for p in problems]


def _strings(table: Mapping[str, Any], key: str, problems: list[str]) -> tuple[str, ...]:
    value = table.get(key, ())
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        problems.append(f"`{key}` must be a list of strings")
        return ()
    return tuple(value)


def _diagnostic(problem: str) -> Diagnostic:
    return Diagnostic(severity=Severity.ERROR, code="config-changelog",
                      message=f"[tool.specloom.changelog]: {problem}",
                      location=Location(file="pyproject.toml"))
