"""Multi-file trees for the tests: `redocly split` of a spec, computed once and cached.

`split_tree(spec, redocly)` runs `redocly split SPEC --outDir DIR` (the pinned Redocly CLI of
tests/node, see bench/peers.py) and keeps the tree under
`build/split-cache/<sha256 of the Redocly version and the input bytes>/`, so later calls and
later runs reuse it (Stripe's split takes ~90 s). The tree is written into a temporary folder
beside the cache and renamed into place, so a cache entry that exists is complete; an flock
per entry makes two pytest-xdist workers that want the same tree split it once.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.peers import REDOCLY_ENV, Tool

REPO = Path(__file__).resolve().parent.parent
CACHE_ROOT = REPO / "build" / "split-cache"
ROOT_FILE = "openapi.yaml"  # where `redocly split` puts the root document of the tree
# Redocly reads a redocly.yaml from the working folder; the split runs in an empty one with
# this config, so nothing of the caller's leaks in and telemetry stays off.
_CONFIG = "telemetry: off\n"
_TIMEOUT = 900.0


class SplitError(RuntimeError):
    """`redocly split` failed on a spec (the message carries the end of its output)."""


def cache_key(data: bytes, redocly_version: str) -> str:
    """The cache entry's name: sha256 of the Redocly version and the input bytes."""
    digest = hashlib.sha256()
    digest.update(f"redocly {redocly_version}\0".encode())
    digest.update(data)
    return digest.hexdigest()


def split_tree(spec: Path, redocly: Tool, *, cache_root: Path = CACHE_ROOT) -> Path:
    """The folder of `redocly split SPEC`: computed on first use, then read from the cache.

    Returns the tree's folder (its root document is ROOT_FILE). Raises SplitError when Redocly
    fails, leaving no cache entry; `redocly` must be an available Tool (see bench.peers).
    """
    if redocly.path is None or redocly.version is None:
        raise ValueError(f"redocly is not available: {redocly.unavailable}")
    key = cache_key(spec.read_bytes(), redocly.version)
    tree = cache_root / key
    if (tree / ROOT_FILE).is_file():
        return tree  # renamed into place whole: present means complete
    cache_root.mkdir(parents=True, exist_ok=True)
    with _locked(cache_root / f"{key}.lock"):
        if (tree / ROOT_FILE).is_file():
            return tree  # another worker split it while this one waited
        _clear_leftovers(cache_root, key)
        work = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-", dir=cache_root))
        try:
            _run_split(redocly.path, spec.resolve(), work)
            os.rename(work / "out", tree)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return tree


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive flock on `path` (per open file, so threads exclude each other too)."""
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _clear_leftovers(cache_root: Path, key: str) -> None:
    """Remove temporary folders of this key that a killed run left (the lock is held)."""
    for stale in cache_root.glob(f".tmp-{key}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _run_split(redocly: Path, spec: Path, work: Path) -> None:
    """`redocly split SPEC --outDir work/out`, run in `work`; SplitError when it fails."""
    config = work / "redocly.yaml"
    config.write_text(_CONFIG, encoding="utf-8")
    argv = [str(redocly), "split", str(spec), "--outDir", "out", "--config", str(config)]
    env = {**os.environ, **REDOCLY_ENV}
    try:
        done = subprocess.run(
            argv,
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise SplitError(f"redocly split {spec}: {exc}") from exc
    if done.returncode != 0 or not (work / "out" / ROOT_FILE).is_file():
        tail = (done.stderr + done.stdout).strip()[-600:]
        raise SplitError(f"redocly split {spec} exited {done.returncode}: {tail}")


def trimmed_spec(spec: Path, out: Path, *, max_paths: int) -> Path:
    """A copy of `spec` (as JSON) with its first `max_paths` paths and the components they reach.

    For a bounded stand-in of a spec whose split is slow: the same shapes and idioms, fewer of
    them. Local `$ref`s ("#/components/<section>/<name>...") are followed transitively; other
    top-level keys are kept. Written once (the output depends only on the input and max_paths).
    """
    import json

    import yaml_rs

    data = yaml_rs.loads(spec.read_text(encoding="utf-8"), parse_datetime=False)
    paths = dict(list((data.get("paths") or {}).items())[:max_paths])
    components = data.get("components") or {}
    kept: dict[str, dict[str, object]] = {}
    rest = {k: v for k, v in data.items() if k not in ("paths", "components")}
    pending: list[object] = [paths, rest]
    while pending:
        for ref in _local_refs(pending.pop()):
            parts = ref.split("/")
            if len(parts) < 4 or parts[1] != "components":
                continue
            section, name = parts[2], parts[3].replace("~1", "/").replace("~0", "~")
            if name in kept.setdefault(section, {}) or name not in components.get(section, {}):
                continue
            kept[section][name] = components[section][name]
            pending.append(components[section][name])
    # Sections without references (securitySchemes) are kept whole.
    for section, items in components.items():
        if section not in kept:
            kept[section] = items
    trimmed = {**data, "paths": paths, "components": {k: v for k, v in kept.items() if v}}
    text = json.dumps(trimmed, indent=1, ensure_ascii=False) + "\n"
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
    return out


def _local_refs(value: object) -> Iterator[str]:
    """Every local `$ref` ("#/...") in raw JSON data."""
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            yield ref
        for inner in value.values():
            yield from _local_refs(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _local_refs(inner)
