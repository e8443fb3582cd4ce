"""The only writer: atomic file writes and whole-tree swaps.

A reader never sees a half-written file: content goes to a temporary name in the same
folder and is renamed over the target. A tree is built beside the old one and swapped in,
so a failed run leaves the previous output untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (temporary file + rename), creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tree(root: Path, files: Mapping[str, str]) -> None:
    """Replace the folder `root` with exactly `files` ({relative POSIX path: text}), atomically."""
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
    try:
        for rel, text in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        old = root.with_name(f".{root.name}.old")
        if old.exists():
            shutil.rmtree(old)
        if root.exists():
            os.replace(root, old)
        os.replace(staging, root)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def read_tree(root: Path) -> dict[str, str] | None:
    """The text files under an output folder this module wrote ({relative path: text}).

    For `--check` and the name lock: the writer reads back only the trees it owns. Caches
    (`__pycache__`, `.mypy_cache`, ...) are skipped; None when `root` is not a folder.
    """
    if not root.is_dir():
        return None
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            continue
        try:
            out[rel.as_posix()] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            out[rel.as_posix()] = "\0"  # unreadable: never equal to what would be written
    return out


def read_lock(root: Path, name: str) -> str | None:
    """The text of an output folder's lock file, or None."""
    try:
        return (root / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
