"""Read a spec's root file and, on demand, the files it references.

The root file must be an OpenAPI 3.0.x or 3.1.x document; anything else raises SpecError.
Referenced files are read by a `FileStore`: each at most once, only inside the folder tree of
the root file (checked on the normalised path and on its real path, symlinks resolved, *before*
anything is opened), only regular files, within a total size, a file count and a nesting depth.
A referenced file that is not YAML or JSON (a Markdown description) is kept as text.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, Location, SpecError, error
from generator.spec.document import (
    DEFAULT_LIMITS,
    Dialect,
    FileKind,
    Limits,
    SpecDocument,
    SpecFile,
)
from generator.spec.parse import decode, parse_bytes

LIMITS = DEFAULT_LIMITS  # this process's limits: the CLI sets `[tool.specloom.limits]` here
SUPPORTED = "supported: OpenAPI 3.0.x and 3.1.x"

_VERSION = re.compile(r"3\.([01])(?:\.\d+)?(?:[-+][0-9A-Za-z.+-]*)?")


def file_kind(name: str) -> FileKind:
    """How a referenced file is read, by its name: JSON, YAML (also no suffix) or plain text."""
    suffix = posixpath.splitext(name)[1].lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml", ""):
        return "yaml"
    return "text"


def _read_bytes(path: Path | None, display: str, limit: int) -> bytes:
    """Read at most `limit` bytes (None = stdin); raise SpecError when unreadable or too big."""
    try:
        if path is None:
            raw = sys.stdin.buffer.read(limit + 1)
        else:
            with open(path, "rb") as stream:
                raw = stream.read(limit + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        loc = Location(file=display)
        raise SpecError(error("io-read", f"cannot read file: {reason}", loc)) from None
    if len(raw) > limit:
        message = f"file is larger than the {limit:,} bytes left for this spec"
        raise SpecError(error("parse-size-limit", message, Location(file=display)))
    return raw


def _read(
    path: Path | None, display: str, key: str, *, kind: FileKind, limit: int,
    resolved: bool = False,
) -> tuple[SpecFile, int]:
    """Read, decode and (unless text) parse one file; (SpecFile, bytes read).

    `resolved`: `path` is absolute with every link resolved already (spares a realpath).
    """
    raw = _read_bytes(path, display, limit)
    data: Any
    text: str | None
    facts: dict[str, bool] = {}
    if kind == "text":
        data = text = decode(raw, display)
    else:
        data, text = parse_bytes(raw, display, facts=facts)
    spec_file = SpecFile(
        key=key,
        display=display,
        path=None if path is None else path if resolved else path.resolve(),
        data=data,
        raw=raw,
        kind=kind,
        source_text=text,
        plain_refs=facts.get("plain_refs", False),
        id_free=facts.get("id_free", False),
    )
    return spec_file, len(raw)


def read_spec_file(path: Path | None, display: str, key: str) -> SpecFile:
    """Read and parse one YAML/JSON file (None = stdin); raise SpecError on failure."""
    kind: FileKind = "json" if display.lower().endswith(".json") else "yaml"
    return _read(path, display, key, kind=kind, limit=LIMITS.bytes)[0]


def set_limits(limits: Limits) -> None:
    """Make `limits` the default of every later `load_spec` in this process."""
    global LIMITS
    LIMITS = limits


def limit_advice(name: str, value: int) -> str:
    """How a project raises limit `name` (a `[tool.specloom.limits]` key)."""
    return (
        f"this limit (`{name}`, {value:,}) guards against runaway input; if the spec really is "
        f"this large, raise it in pyproject.toml: [tool.specloom.limits] {name} = {value * 4}"
    )


def check_version(data: dict[str, Any], display: str) -> tuple[str, Dialect]:
    """(openapi version string, dialect) of a root mapping; raise SpecError if unsupported."""
    if "openapi" not in data:
        if "swagger" in data:
            found = _short(data["swagger"])
            message = f"Swagger {found} documents are not supported ({SUPPORTED}); convert to 3.x"
            loc = Location(file=display, pointer="/swagger")
            raise SpecError(error("spec-version-unsupported", message, loc))
        message = f"no `openapi` version field: not an OpenAPI document ({SUPPORTED})"
        raise SpecError(error("spec-version-missing", message, Location(file=display, pointer="")))
    value = data["openapi"]
    loc = Location(file=display, pointer="/openapi")
    if not isinstance(value, str):
        kind = "null" if value is None else type(value).__name__
        message = (
            f"`openapi` must be a version string such as \"3.1.0\", not the {kind} "
            f"{_short(value)} (quote it in YAML; {SUPPORTED})"
        )
        raise SpecError(error("spec-version-unsupported", message, loc))
    match = _VERSION.fullmatch(value.strip())
    if match is None:
        message = f"OpenAPI version {_short(value)} is not supported ({SUPPORTED})"
        raise SpecError(error("spec-version-unsupported", message, loc))
    return value, "3.1" if match.group(1) == "1" else "3.0"


def _short(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def load_spec(path: str | Path, *, limits: Limits | None = None) -> SpecDocument:
    """Load a spec ("-" reads stdin): its root file, and every `$ref` that stands where OpenAPI
    allows none resolved (`spec.inline`, which reads the files the spec's structure reaches).

    Raises SpecError when it cannot be used: unreadable, not OpenAPI 3.0/3.1, or over a limit.
    """
    limits = limits or LIMITS
    is_stdin = str(path) == "-"
    display = "<stdin>" if is_stdin else str(path)
    file_path = None if is_stdin else Path(path)
    kind: FileKind = "json" if display.lower().endswith(".json") else "yaml"
    try:
        root, _ = _read(file_path, display, "", kind=kind, limit=limits.bytes)
    except SpecError as exc:
        _advise(exc, limits)
        raise
    try:
        openapi, dialect = _check_root(root.data, display)
    except SpecError as exc:
        exc.texts = {display: root.text}  # so the caller can locate the finding
        raise
    base_dir = Path.cwd() if file_path is None else Path(os.path.abspath(file_path)).parent
    doc = SpecDocument(root, openapi=openapi, dialect=dialect, base_dir=base_dir, limits=limits)
    from generator.spec.inline import inline  # refs, which it uses, imports this module

    inline(doc)
    store = doc._resolver.store if doc._resolver is not None else None
    if store is not None and store.exceeded is not None:
        over = SpecError(store.exceeded)
        over.texts = doc.texts()
        raise over
    return doc


def _advise(exc: SpecError, limits: Limits) -> None:
    """Say how to raise the size limit when the root file alone is over it."""
    found = exc.diagnostics
    if found and found[0].code == "parse-size-limit":
        first = found[0]
        message = f"{first.message}; {limit_advice('bytes', limits.bytes)}"
        exc.diagnostics = (replace(first, message=message), *found[1:])


def _check_root(data: object, display: str) -> tuple[str, Dialect]:
    if not isinstance(data, dict):
        found = "empty" if data is None else f"a {_type_name(data)}"
        message = f"the spec must be a mapping with an `openapi` field; this file is {found}"
        raise SpecError(error("spec-not-mapping", message, Location(file=display, pointer="")))
    return check_version(data, display)


def _type_name(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, (int, float)) else type(value).__name__


@dataclass(frozen=True, slots=True)
class Unavailable:
    """Why a referenced file cannot be used: a ref-* code, a reason, parse findings in it.

    `missing` says the file does not exist: if it appears later, what was built is stale.
    """

    code: str
    reason: str
    details: tuple[Diagnostic, ...] = ()
    missing: bool = False
    limit: bool = False  # a safety limit was hit: the load fails with one diagnostic


class FileStore:
    """The referenced files of one document: read once each, inside its folder tree only."""

    def __init__(self, doc: SpecDocument) -> None:
        self._doc = doc
        self._base = doc.base_dir.as_posix()
        self._real_base = os.path.realpath(doc.base_dir)
        root_path = doc.root.path
        self._root_real = os.path.realpath(root_path) if root_path is not None else None
        self._failed: dict[str, Unavailable] = {}
        self._alias: dict[str, str] = {}  # other spellings of the root file -> ""
        self._depth: dict[str, int] = dict.fromkeys(doc.files, 0)
        self._total = sum(len(f.raw) for f in doc.files.values())
        self.limits = doc.limits
        self._dirs: dict[str, str] = {}  # folder key -> its real path
        self.exceeded: Diagnostic | None = None  # the first limit hit, located at its `$ref`

    def absent(self) -> tuple[str, ...]:
        """Keys of the files looked for so far that do not exist, sorted."""
        return tuple(sorted(key for key, failure in self._failed.items() if failure.missing))

    def relative(self, path: str, *, base: str) -> SpecFile | Unavailable:
        """The file a (percent-decoded) path names, seen from the file `base`."""
        if "\x00" in path:
            return Unavailable("ref-invalid", "the path holds a NUL character")
        key = "" if path.startswith("/") else posixpath.normpath(
            posixpath.join(posixpath.dirname(base), path)
        )
        if not key or key.startswith(".."):
            # Absolute arithmetic, so that "../spec/x.yaml" from inside "spec/" stays inside
            # (what still starts with ".." leaves the tree: `get` refuses it).
            if not path.startswith("/"):
                path = posixpath.join(self._base, posixpath.dirname(base), path)
            key = posixpath.relpath(posixpath.normpath(path), self._base)
        return self.get(key, base=base)

    def get(self, key: str, *, base: str) -> SpecFile | Unavailable:
        """The file with this key (normalised, relative to the root folder); read on first use."""
        key = self._alias.get(key, key)
        known = self._doc.files.get(key) or self._failed.get(key)
        if known is not None:
            return known
        if key == ".." or key.startswith("../") or posixpath.isabs(key):
            reason = "the path leaves the spec's folder tree; not read"
            return Unavailable("ref-outside-root", reason)
        result = self._open(key, base)
        if isinstance(result, Unavailable):
            self._failed[key] = result
        return result

    def _realpath(self, key: str) -> str:
        """os.path.realpath of a key's path, its folder's answer cached: a tree of thousands
        of files in a few folders would otherwise stat every folder again for each file."""
        folder, name = posixpath.split(key)
        real_dir = self._dirs.get(folder)
        if real_dir is None:
            real_dir = self._dirs[folder] = os.path.realpath(os.path.join(self._base, folder))
        path = os.path.join(real_dir, name)
        try:
            if not stat.S_ISLNK(os.lstat(path).st_mode):
                return path
        except OSError:
            return path  # _check_file says why it cannot be read
        return os.path.realpath(path)

    def _open(self, key: str, base: str) -> SpecFile | Unavailable:
        real = self._realpath(key)
        if real != self._real_base and not real.startswith(self._real_base.rstrip("/") + "/"):
            reason = f"{key!r} is a link that leads outside the spec's folder tree; not read"
            return Unavailable("ref-outside-root", reason)
        if real == self._root_real:
            self._alias[key] = ""
            return self._doc.root
        depth = self._depth.get(base, 0) + 1
        if depth > self.limits.file_depth:
            reason = f"files nest more than {self.limits.file_depth} deep"
            return _over(reason, "file-depth", self.limits.file_depth)
        if len(self._doc.files) >= self.limits.files:
            reason = f"the spec reads more than {self.limits.files:,} files"
            return _over(reason, "files", self.limits.files)
        problem = self._check_file(real)
        if problem is not None:
            return problem
        display = self._doc.display_of(key)
        try:
            spec_file, size = _read(
                Path(real), display, key, kind=file_kind(key),
                limit=self.limits.bytes - self._total, resolved=True,
            )
        except SpecError as exc:
            if exc.diagnostics and exc.diagnostics[0].code == "parse-size-limit":
                return _over(exc.diagnostics[0].message, "bytes", self.limits.bytes)
            return _failure(display, exc.diagnostics)
        self._total += size
        self._depth[key] = depth
        self._doc.files[key] = spec_file
        return spec_file

    def _check_file(self, real: str) -> Unavailable | None:
        """Refuse what is not a regular file before opening it (a FIFO would block)."""
        try:
            info = os.stat(real)
        except FileNotFoundError:
            return Unavailable("ref-unreadable", "file not found", missing=True)
        except OSError as exc:
            return Unavailable("ref-unreadable", f"cannot read file: {exc.strerror}")
        if stat.S_ISDIR(info.st_mode):
            return Unavailable("ref-unreadable", "it is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            return Unavailable("ref-unreadable", "not a regular file")
        if info.st_size > self.limits.bytes - self._total:
            reason = f"the spec's files together exceed {self.limits.bytes:,} bytes"
            return _over(reason, "bytes", self.limits.bytes)
        return None


def _over(reason: str, name: str, value: int) -> Unavailable:
    return Unavailable("limit-exceeded", f"{reason}; {limit_advice(name, value)}", limit=True)


def _failure(display: str, found: tuple[Diagnostic, ...]) -> Unavailable:
    """A referenced file that was opened but cannot be used; parse findings point into it."""
    first = found[0] if found else None
    if first is None or not first.code.startswith("parse-"):
        reason = first.message if first else "cannot read file"
        return Unavailable("ref-unreadable", reason)
    return Unavailable("ref-unreadable", f"{display!r} does not parse ({first.code})", found)
