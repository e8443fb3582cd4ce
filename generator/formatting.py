"""black on request: generated code is black-stable as rendered, so this is for teams that
want the pinned black to have had the last word (`specloom generate --format black`).

Files are formatted in worker processes when there are many (black takes ~10 ms per model
module); a file black leaves unchanged is returned as it was.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor

# Below this many Python files one process is faster than starting workers.
PARALLEL_MIN_FILES = 64


def _format_one(item: tuple[str, str]) -> tuple[str, str]:
    import black
    from black.report import NothingChanged

    rel, text = item
    try:
        return rel, black.format_file_contents(text, fast=False, mode=black.Mode())
    except NothingChanged:
        return rel, text


def format_black(files: Mapping[str, str], *, jobs: int | None = None) -> dict[str, str]:
    """`files` with every `.py` file formatted by black (pinned, default mode)."""
    out = dict(files)
    todo = sorted((rel, text) for rel, text in files.items() if rel.endswith(".py"))
    workers = jobs or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    if len(todo) < PARALLEL_MIN_FILES or workers < 2:
        out.update(_format_one(item) for item in todo)
        return out
    with ProcessPoolExecutor(max_workers=workers) as pool:
        out.update(pool.map(_format_one, todo, chunksize=32))
    return out
