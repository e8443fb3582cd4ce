"""The IR cache: the only module that reads or writes the cache folder.

An entry holds a spec's API model and the diagnostics found while building it, so a warm
run reports the same warnings. It is keyed by the sha256 of the root file, the specloom
version and the entry format; inside, it lists the sha256 of every other file the spec
read and the names of referenced files that did not exist, and a change to any of them (or
one of those files appearing) makes the entry stale. The version label is not part of
an entry: it comes from the file name at load time, so a renamed file is not stale.

Format (chosen by measurement, see docs in `generator.ir.codec`): a header (magic, format,
head and payload lengths, checksums of both) and a `marshal` payload of plain tuples: a head
(format and dependencies, all `ir_key` reads) and a body; each schema root is a blob of its
own, decoded only when looked up. A corrupt, truncated or
stale entry is rebuilt; writes go through `write.atomic_write_bytes` (temporary name +
rename), so two processes filling the cache at once leave one whole entry.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import marshal
import os
import struct
from dataclasses import replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.diagnostics import Diagnostic, Location, Severity

if TYPE_CHECKING:  # the IR's types are imported where one is built or decoded, not to key one
    from generator.ir.model import Api
    from generator.spec.document import SpecDocument

# 3: origins of $ref'd parameters, bodies, responses and headers; 5: digests; 6: a head of
# its own (format and dependencies), read without the rest
FORMAT = 6
MAGIC = b"SPLMIR\x00\x01"
# magic, format, head length, payload length (head + body), blake2b-64 of the head,
# blake2b-128 of the payload
_HEADER = struct.Struct(">8sIIQ8s16s")
_SEVERITIES = {s.value: s for s in Severity}
_SHAPING = ("ir/**/*.py", "spec/*.py", "cache.py", "versions.py")


def cache_dir() -> Path:
    """Where entries live: $SPECLOOM_CACHE_DIR, else the user cache folder (platformdirs)."""
    override = os.environ.get("SPECLOOM_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("specloom"))


def entry_path(root_digest: str) -> Path:
    """The entry for a root file with this sha256 (hex)."""
    salt = f"{__version__}\0{FORMAT}\0{code_fingerprint()}\0{root_digest}"
    key = hashlib.sha256(salt.encode()).hexdigest()
    return cache_dir() / "ir" / f"{key[:40]}.bin"


@functools.cache
def code_fingerprint(patterns: tuple[str, ...] = _SHAPING) -> str:
    """Size and mtime of the modules that shape an entry (by default the IR's): a change to
    them (during development, between two equal version numbers) leaves older entries
    unused."""
    package = Path(__file__).resolve().parent
    found = []
    for pattern in patterns:
        for path in sorted(package.glob(pattern)):
            stat = path.stat()
            found.append(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(found).encode()).hexdigest()[:16]


def load_api(path: str | Path, *, use_cache: bool = True) -> tuple[Api, tuple[Diagnostic, ...]]:
    """Load a spec's API model and its build diagnostics, through the cache.

    Raises SpecError (from `spec.load`) when the spec cannot be used at all. `-` reads stdin
    and is never cached; `use_cache=False` neither reads nor writes the cache.
    """
    if not use_cache or str(path) == "-":
        api, found, _ = _build(path)
        return api, found
    root = Path(path)
    entry = _entry_for(root)
    if entry is None:
        api, found, _ = _build(path)  # load_spec reports why the file cannot be read
        return api, found
    hit = read_entry(entry, root)
    if hit is not None:
        return hit
    api, found, doc = _build(path)
    write_entry(doc, api, found)
    return api, found


def ir_key(path: str | Path) -> str | None:
    """The identity of a spec's IR as the cache holds it (the checksum of a fresh entry's
    payload), read from the entry's header and head alone; None when there is no such entry.
    Two specs with equal keys have equal IRs, whatever their file names."""
    if str(path) == "-":
        return None
    root = Path(path)
    entry = _entry_for(root)
    if entry is None:
        return None
    try:
        with entry.open("rb") as stream:
            found = _header(stream.read(_HEADER.size))
            if found is None:
                return None
            head = stream.read(found[0])
    except OSError:
        return None
    if _checksum(head, 8) != found[2]:
        return None
    try:
        return found[3].hex() if _fresh_head(head, root) else None
    except (EOFError, ValueError, TypeError):
        return None


def has_entry(path: str | Path) -> bool:
    """Whether the cache holds an entry for this root file's bytes (a hint: `load_api` still
    checks that it is valid and fresh)."""
    entry = _entry_for(Path(path))
    return entry is not None and entry.is_file()


def _entry_for(root: Path) -> Path | None:
    """Where the cache keeps the entry for this root file's bytes; None when they cannot be
    read."""
    try:
        return entry_path(hashlib.sha256(root.read_bytes()).hexdigest())
    except OSError:
        return None


def _build(path: str | Path) -> tuple[Api, tuple[Diagnostic, ...], SpecDocument]:
    from generator.ir.build import build_api
    from generator.spec.load import load_spec

    doc = load_spec(path)
    api = build_api(doc)
    return api, doc.diagnostics, doc


# -- entries ---------------------------------------------------------------------------------
def write_entry(doc: SpecDocument, api: Api, found: tuple[Diagnostic, ...]) -> bool:
    """Store a built API; False when it cannot be stored (never raises for that)."""
    if doc.root.path is None:
        return False
    from generator.ir.codec import encode_api
    from generator.write import atomic_write_bytes

    deps = tuple((k, d) for k, d in doc.digests() if k != "")
    deps += tuple((key, "") for key in doc.absent())  # "": must still not exist
    keys = {f.display: f.key for f in doc.all_files()}
    try:
        head = marshal.dumps((FORMAT, deps))
        body = marshal.dumps(
            (_encode_diagnostics(found, keys), encode_api(replace(api, label="")),
             api.nodes.summary())
        )
    except (ValueError, TypeError, RecursionError):
        return False  # a value marshal cannot hold (not plain JSON data): not cached
    payload = head + body
    header = _HEADER.pack(MAGIC, FORMAT, len(head), len(payload), _checksum(head, 8),
                          _checksum(payload))
    try:
        atomic_write_bytes(entry_path(doc.root.digest), header + payload)
    except OSError:
        return False
    return True


def read_entry(entry: Path, root: Path) -> tuple[Api, tuple[Diagnostic, ...]] | None:
    """A valid, fresh entry's API (labelled from `root`'s name) and diagnostics, else None."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    found = _payload(data)
    if found is None:
        return None
    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of containers, none cyclic
    try:
        return _decode_entry(*found, root)
    except Exception:  # any malformed entry is rebuilt, never a crash
        return None
    finally:
        if enabled:
            gc.enable()


def _header(data: bytes) -> tuple[int, int, bytes, bytes] | None:
    """(head length, payload length, head checksum, payload checksum) of an entry of this
    format, read from its first bytes; None for anything else."""
    if len(data) < _HEADER.size:
        return None
    magic, fmt, head_length, length, head_digest, digest = _HEADER.unpack_from(data)
    if magic != MAGIC or fmt != FORMAT or head_length > length:
        return None
    return head_length, length, head_digest, digest


def _payload(data: bytes) -> tuple[bytes, bytes] | None:
    """A whole entry's (head, body), else None."""
    found = _header(data)
    if found is None:
        return None
    head_length, length, _, digest = found
    payload = data[_HEADER.size :]
    if len(payload) != length or _checksum(payload) != digest:
        return None
    return payload[:head_length], payload[head_length:]


def _fresh_head(head: bytes, root: Path) -> bool:
    """Whether an entry's head is this format's and the files it lists are unchanged."""
    fmt, deps = marshal.loads(head)
    return bool(fmt == FORMAT and _fresh(deps, root))


def _decode_entry(head: bytes, body: bytes,
                  root: Path) -> tuple[Api, tuple[Diagnostic, ...]] | None:
    from generator.ir.codec import decode_api
    from generator.versions import is_preview, version_label

    if not _fresh_head(head, root):
        return None
    diagnostics, encoded, summary = marshal.loads(body)
    api = decode_api(encoded)
    api.nodes.set_summary(summary)
    label = version_label(PurePath(root).stem, api.info_version)
    api = replace(api, label=label, is_preview=is_preview(label))
    return api, _decode_diagnostics(diagnostics, str(root))


def _fresh(deps: tuple[tuple[str, str], ...], root: Path) -> bool:
    folder = Path(os.path.abspath(root)).parent
    for key, digest in deps:
        if not digest:
            if os.path.lexists(folder / key):
                return False  # a referenced file that was missing has appeared
            continue
        try:
            if hashlib.sha256((folder / key).read_bytes()).hexdigest() != digest:
                return False
        except OSError:
            return False
    return True


def _checksum(payload: bytes, size: int = 16) -> bytes:
    return hashlib.blake2b(payload, digest_size=size).digest()


# -- diagnostics: stored with file keys, shown with the display path of this load ----------
def _encode_diagnostics(found: tuple[Diagnostic, ...], keys: dict[str, str]) -> tuple[Any, ...]:
    out: list[tuple[Any, ...]] = []
    for d in found:
        loc = d.location
        if loc is None:
            out.append((d.severity.value, d.code, d.message, None))
            continue
        key = keys.get(loc.file)
        where = ("key", key) if key is not None else ("display", loc.file)
        out.append((d.severity.value, d.code, d.message, (*where, loc.pointer, loc.line, loc.col)))
    return tuple(out)


def _decode_diagnostics(stored: tuple[Any, ...], display: str) -> tuple[Diagnostic, ...]:
    out = []
    for severity, code, message, where in stored:
        location = None
        if where is not None:
            how, name, pointer, line, col = where
            file = _display_of(display, name) if how == "key" else name
            location = Location(file=file, pointer=pointer, line=line, col=col)
        sev = _SEVERITIES[severity]
        out.append(Diagnostic(severity=sev, code=code, message=message, location=location))
    return tuple(out)


def _display_of(root_display: str, key: str) -> str:
    # As SpecDocument.display_of: the root's display folder joined with the key.
    if key == "":
        return root_display
    folder = root_display.replace("\\", "/").rpartition("/")[0]
    return f"{folder}/{key}" if folder else key


# -- black's output, by content hash (`generate --format black`) ------------------------------
def _black_path(text: str, black_version: str) -> Path:
    key = hashlib.sha256(f"black {black_version}\0{text}".encode()).hexdigest()
    return cache_dir() / "black" / key[:2] / f"{key[2:40]}.py"


def black_hits(files: dict[str, str], black_version: str) -> dict[str, str]:
    """The `.py` files of `files` whose black output is cached, as black wrote them."""
    found: dict[str, str] = {}
    for rel, text in files.items():
        if not rel.endswith(".py"):
            continue
        try:
            found[rel] = _black_path(text, black_version).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return found


def store_black(pairs: list[tuple[str, str]], black_version: str) -> None:
    """Remember black's output for each (input text, output text); never raises for that."""
    from generator.write import atomic_write_bytes

    for text, formatted in pairs:
        try:
            atomic_write_bytes(_black_path(text, black_version), formatted.encode("utf-8"))
        except OSError:
            return


# -- results derived from IRs (the notes of a history), by a key the caller derives ----------
_DERIVED = struct.Struct(">8sQ16s")  # magic, payload length, blake2b-128 of payload
_DERIVED_MAGIC = b"SPLMDR\x00\x01"


def _derived_path(kind: str, key: str) -> Path:
    return cache_dir() / kind / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.bin"


def read_derived(kind: str, key: str) -> bytes | None:
    """The payload stored under (`kind`, `key`) if it is whole, else None."""
    try:
        data = _derived_path(kind, key).read_bytes()
    except OSError:
        return None
    if len(data) < _DERIVED.size:
        return None
    magic, length, digest = _DERIVED.unpack_from(data)
    payload = data[_DERIVED.size :]
    if magic != _DERIVED_MAGIC or len(payload) != length or _checksum(payload) != digest:
        return None
    return payload


def write_derived(kind: str, key: str, payload: bytes) -> bool:
    """Store `payload` under (`kind`, `key`), atomically; False when it cannot be stored."""
    from generator.write import atomic_write_bytes

    header = _DERIVED.pack(_DERIVED_MAGIC, len(payload), _checksum(payload))
    try:
        atomic_write_bytes(_derived_path(kind, key), header + payload)
    except OSError:
        return False
    return True
