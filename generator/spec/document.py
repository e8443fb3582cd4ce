"""The loaded spec: its root file, the files it references (read on demand) and $ref resolution.

Every file is known by a *key*: its POSIX path relative to the root file's folder ("" for the
root itself). A node anywhere in the spec is addressed by (key, JSON pointer); the IR uses
`node_id(key, pointer)` -> "#/components/schemas/Pet" or "schemas/pet.yaml#/Pet" as its stable id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.diagnostics import Diagnostic, Location

FileKind = Literal["yaml", "json", "text"]
Dialect = Literal["3.0", "3.1"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SpecFile:
    """One parsed file of a spec."""

    key: str  # POSIX path relative to the root file's folder; "" for the root
    display: str  # the path printed in diagnostics
    path: Path | None  # absolute path on disk; None for stdin
    data: Any  # JSON-compatible data (dict/list/str/int/float/bool/None)
    text: str  # decoded source, kept so positions can be computed when needed
    digest: str  # sha256 hex of the file's bytes
    kind: FileKind


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """Where a $ref leads: the file key, the pointer in that file, and the node there."""

    key: str
    pointer: str
    node: Any


def node_id(key: str, pointer: str) -> str:
    """Stable id of a node: "#/a/b" in the root file, "other.yaml#/a/b" elsewhere."""
    return f"{key}#{pointer}"


class SpecDocument:
    """A spec and everything reachable from it through $ref.

    Referenced files are read on first use (only `spec/` reads files). Problems found while
    resolving are kept as diagnostics, each once, located at the `$ref` that caused them.
    """

    def __init__(self, root: SpecFile, *, openapi: str, dialect: Dialect) -> None:
        self.root = root
        self.openapi = openapi
        self.dialect: Dialect = dialect
        self.files: dict[str, SpecFile] = {"": root}
        self._diagnostics: dict[tuple[str, str, str], Diagnostic] = {}
        self._resolver: Any = None  # set by spec.refs.attach(); holds caches and anchor indexes

    # -- diagnostics ----------------------------------------------------------------------
    def report(self, diagnostic: Diagnostic) -> None:
        """Record a diagnostic once per (code, file, pointer)."""
        loc = diagnostic.location
        ident = (diagnostic.code, loc.file if loc else "", loc.pointer or "" if loc else "")
        self._diagnostics.setdefault(ident, diagnostic)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Diagnostics recorded so far (load and resolution problems), in a stable order."""
        return tuple(sorted(self._diagnostics.values(), key=Diagnostic.sort_key))

    def location(self, key: str, pointer: str) -> Location:
        """A Location for a node of the file `key` (positions are filled in when printed)."""
        spec_file = self.files.get(key)
        return Location(file=spec_file.display if spec_file else key, pointer=pointer)

    # -- resolution -----------------------------------------------------------------------
    def resolve(self, ref: str, *, base: str, at: str) -> Target | None:
        """Follow one `$ref` string found in file `base` at pointer `at` (the `$ref`'s parent).

        Returns None, with a diagnostic recorded, when the target is missing, outside the
        spec's folder tree, remote, or unreadable.
        """
        from generator.spec import refs

        return refs.resolve(self, ref, base=base, at=at)

    def deref(self, node: Any, *, base: str, at: str) -> Target | None:
        """Follow a chain of pure `$ref` objects to the first non-`$ref` node.

        A node that is not a `$ref` object comes back as itself. A pure alias cycle
        (A -> B -> A) is reported and gives None.
        """
        from generator.spec import refs

        return refs.deref(self, node, base=base, at=at)

    def texts(self) -> dict[str, str]:
        """Source text of every file read so far, by display path (for positions)."""
        return {f.display: f.text for f in self.files.values()}

    def digests(self) -> tuple[tuple[str, str], ...]:
        """(key, sha256) of every file read so far, sorted: the IR cache key."""
        return tuple(sorted((f.key, f.digest) for f in self.files.values()))

    def all_files(self) -> Iterable[SpecFile]:
        """Every file read so far, root first."""
        return self.files.values()
