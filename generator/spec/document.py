"""The loaded spec: its root file, the files it references (read on demand) and $ref resolution.

Every file is known by a *key*: its POSIX path relative to the root file's folder ("" for the
root itself). A node anywhere in the spec is addressed by (key, JSON pointer); the IR uses
`node_id(key, pointer)` -> "#/components/schemas/Pet" or "schemas/pet.yaml#/Pet" as its stable id.

Resolution lives in `spec.refs` (one hop: `resolve`; chains: `deref`; a `$ref` where a string
belongs: `resolve_string`); referenced files are read through `spec.load`, which keeps them
inside the root file's folder tree.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.diagnostics import Diagnostic, Location
from generator.spec.pointer import unescape

_MAX_MOUNTS = 64  # splices nested in splices, followed at most this deep
FileKind = Literal["yaml", "json", "text"]
Dialect = Literal["3.0", "3.1"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """Safety limits on what one spec may read: they stop runaway or hostile input, and are
    sized so that real specs (thousands of files, tens of MB) stay well inside them.
    A project raises them in `[tool.specloom.limits]` (keys `files`, `bytes`, `file-depth`)."""

    files: int = 20_000  # files of one spec, the root included
    bytes: int = 512 * 1024 * 1024  # the root file and every referenced file together
    file_depth: int = 64  # root -> a.yaml -> b.yaml -> ... hops of file nesting


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True, kw_only=True)
class SpecFile:
    """One parsed file of a spec (kind "text": a non-YAML/JSON file, `data` is its text)."""

    key: str  # POSIX path relative to the root file's folder; "" for the root
    display: str  # the path printed in diagnostics
    path: Path | None  # absolute path on disk; None for stdin
    data: Any  # JSON-compatible data (dict/list/str/int/float/bool/None)
    raw: bytes  # the file's bytes
    kind: FileKind
    # The decoded source, for positions and the exact parser; None until first needed (the
    # fast path parses the bytes, so a spec without findings is never decoded).
    source_text: str | None = field(default=None, compare=False, repr=False)
    # Every `$ref` stands where every OpenAPI document allows one and leads into
    # `#/components/` (learnt while parsing; False when unknown): spec.inline has nothing to do.
    plain_refs: bool = field(default=False, compare=False)
    # No mapping in it has an `$id` key (learnt while parsing; False when unknown): its
    # fragments are plain JSON pointers (spec.refs.may_declare_id).
    id_free: bool = field(default=False, compare=False)

    @property
    def text(self) -> str:
        """The decoded source (UTF-8, a BOM dropped), decoded on first use."""
        if self.source_text is None:
            raw = self.raw[3:] if self.raw.startswith(b"\xef\xbb\xbf") else self.raw
            object.__setattr__(self, "source_text", raw.decode("utf-8", "replace"))
        assert self.source_text is not None
        return self.source_text

    @property
    def digest(self) -> str:
        """sha256 (hex) of the bytes: computed when asked (the IR cache does), not on load."""
        return hashlib.sha256(self.raw).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """Where a $ref leads: the file key, the pointer in that file, and the node there."""

    key: str
    pointer: str
    node: Any

    @property
    def id(self) -> str:
        """The target's stable node id (see `node_id`)."""
        return node_id(self.key, self.pointer)

    @property
    def component(self) -> tuple[str, str] | None:
        """("schemas", "Pet") when the target is a named component of the root file, else None."""
        return component_of(self.key, self.pointer)


def node_id(key: str, pointer: str) -> str:
    """Stable id of a node: "#/a/b" in the root file, "other.yaml#/a/b" elsewhere."""
    return f"{key}#{pointer}"


def component_of(key: str, pointer: str) -> tuple[str, str] | None:
    """(section, name) for "/components/<section>/<name>" in the root file; None otherwise."""
    if key or not pointer.startswith("/components/"):
        return None
    parts = pointer.split("/")
    if len(parts) != 4:
        return None
    return unescape(parts[2]), unescape(parts[3])


class SpecDocument:
    """A spec and everything reachable from it through $ref.

    Referenced files are read on first use (only `spec/` reads files). Problems found while
    resolving are kept as diagnostics, each once, located at the `$ref` that caused them.
    `base_dir` is the folder the root file's key-space starts in (the root file's folder, or
    the working directory for stdin); no file outside it is ever read.
    """

    def __init__(
        self,
        root: SpecFile,
        *,
        openapi: str,
        dialect: Dialect,
        base_dir: Path | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.root = root
        self.limits = limits
        self.openapi = openapi
        self.dialect: Dialect = dialect
        if base_dir is None:
            base_dir = root.path.parent if root.path is not None else Path.cwd()
        self.base_dir: Path = Path(os.path.abspath(base_dir))  # absolute, ".." collapsed
        self.files: dict[str, SpecFile] = {"": root}
        self._diagnostics: dict[tuple[str, str, str], Diagnostic] = {}
        self._resolver: Any = None  # spec.refs state: file store, caches and anchor indexes
        # Content spliced in place of a `$ref` where OpenAPI allows none (spec.inline):
        # host file key -> {host pointer: (source file key, source pointer)}.
        self.mounts: dict[str, dict[str, tuple[str, str]]] = {}
        # `$ref`s where OpenAPI allows none that could not be resolved: (key, pointer). Their
        # `ref-*` error says it all; what the passes would add about the place is left out.
        self.unspliced: set[tuple[str, str]] = set()
        self.muted = 0  # > 0: `report` records nothing (a look-ahead that later passes repeat)

    # -- diagnostics ----------------------------------------------------------------------
    def report(self, diagnostic: Diagnostic) -> None:
        """Record a diagnostic once per (code, file, pointer)."""
        if self.muted:
            return
        loc = diagnostic.location
        ident = (diagnostic.code, loc.file if loc else "", loc.pointer or "" if loc else "")
        self._diagnostics.setdefault(ident, diagnostic)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Record nothing inside: a look-ahead whose problems a later pass reports anyway."""
        self.muted += 1
        try:
            yield
        finally:
            self.muted -= 1

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Diagnostics recorded so far (load and resolution problems), in a stable order."""
        return tuple(sorted(self._diagnostics.values(), key=Diagnostic.sort_key))

    def mount(self, key: str, pointer: str, source_key: str, source_pointer: str) -> None:
        """Record that the node at (key, pointer) is content spliced from another place."""
        self.mounts.setdefault(key, {})[pointer] = (source_key, source_pointer)

    def source(self, key: str, pointer: str) -> tuple[str, str]:
        """Where the node at (key, pointer) was written: through every splice above it."""
        for _ in range(_MAX_MOUNTS):
            table = self.mounts.get(key)
            if not table:
                break
            probe = pointer
            while probe not in table:
                if not probe:
                    return key, pointer
                probe = probe[: probe.rfind("/")]
            key, base = table[probe]
            pointer = base + pointer[len(probe) :]
        return key, pointer

    def location(self, key: str, pointer: str) -> Location:
        """A Location for a node of the file `key` (positions are filled in when printed)."""
        if self.mounts:
            key, pointer = self.source(key, pointer)
        spec_file = self.files.get(key)
        display = spec_file.display if spec_file else self.display_of(key)
        return Location(file=display, pointer=pointer)

    def display_of(self, key: str) -> str:
        """The display path of file `key`: the root's display folder joined with the key."""
        if key == "":
            return self.root.display
        if self.root.path is None:
            return key
        folder = self.root.display.replace("\\", "/").rpartition("/")[0]
        return f"{folder}/{key}" if folder else key

    # -- resolution -----------------------------------------------------------------------
    def resolve(
        self, ref: str, *, base: str, at: str, lenient: bool | None = None
    ) -> Target | None:
        """Follow one `$ref` string found in file `base` at pointer `at` (the `$ref`'s parent).

        Returns None, with a diagnostic recorded, when the target is missing, outside the
        spec's folder tree, remote, or unreadable. `lenient` (default: whether `at` lies in
        an `x-` extension) turns any failure into a ref-extension-unresolved warning.
        """
        from generator.spec import refs

        return refs.resolve(self, ref, base=base, at=at, lenient=lenient)

    def deref(
        self, node: Any, *, base: str, at: str, lenient: bool | None = None
    ) -> Target | None:
        """Follow a chain of pure `$ref` objects to the first non-`$ref` node.

        A node that is not a `$ref` object comes back as itself. A pure alias cycle
        (A -> B -> A) is reported and gives None.
        """
        from generator.spec import refs

        return refs.deref(self, node, base=base, at=at, lenient=lenient)

    def resolve_string(self, node: Any, *, base: str, at: str) -> str | None:
        """A string field's value: the string itself, or the string a `$ref` there leads to."""
        from generator.spec import refs

        return refs.resolve_string(self, node, base=base, at=at)

    def texts(self) -> dict[str, str]:
        """Source text of every file read so far, by display path (for positions)."""
        return {f.display: f.text for f in self.files.values()}

    def digests(self) -> tuple[tuple[str, str], ...]:
        """(key, sha256) of every file read so far, sorted: the IR cache key."""
        return tuple(sorted((f.key, f.digest) for f in self.files.values()))

    def absent(self) -> tuple[str, ...]:
        """Keys of referenced files looked for so far that do not exist (a cache must notice
        when one appears)."""
        state = self._resolver
        return () if state is None else tuple(state.store.absent())

    def all_files(self) -> Iterable[SpecFile]:
        """Every file read so far, root first."""
        return self.files.values()
