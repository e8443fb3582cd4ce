"""One spec's IR built in a forked child while this process builds another.

A history's versions are independent until they are diffed, and building the IR of a big spec
is mostly parsing: two at a time on two cores halves that part of `specloom changelog`. The
child builds the IR: through the IR cache when allowed (the parent then reads it from there,
in milliseconds), else it encodes it with the cache's codec and sends it through a pipe.
Anything that goes wrong there makes `join` return None, and the caller builds that spec
itself (and reports its diagnostics). As
with validation's helper, a second process may make the command faster, never different.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import TYPE_CHECKING

from generator.pipeline.forked import Forked

if TYPE_CHECKING:
    from generator.ir.model import Api


class ForkedIR:
    """A child building one spec's IR; `join` gives it back (or None)."""

    def __init__(self, child: Forked) -> None:
        self._child = child

    @classmethod
    def start(cls, path: Path, *, use_cache: bool) -> ForkedIR | None:
        """Fork a child that builds `path`'s IR; None when building it here is the better
        choice (one CPU, a small spec, threads, SPECLOOM_PARALLEL=never)."""
        from generator.pipeline import _parallel_wanted, _size

        if not _parallel_wanted(_size(path)) or str(path) == "-":
            return None
        if use_cache:
            from generator.cache import has_entry

            if has_entry(path):
                return None  # read from the cache in milliseconds: a child would only cost
        child = Forked.start(lambda: _build(path, use_cache))
        return cls(child) if child is not None else None

    def join(self) -> Api | None:
        """The child's IR, or None when it did not deliver one (or, through the cache, when
        the caller is to read it from there)."""
        data = self._child.join()
        return decode_ir(data) if data else None


def encode_ir(api: Api) -> bytes:
    """An IR with its schema digests, as bytes for another process (`decode_ir`)."""
    from generator.ir.codec import encode_api

    return marshal.dumps((encode_api(api), api.nodes.summary()))


def decode_ir(data: bytes) -> Api | None:
    """The IR `encode_ir` made in a child, or None when `data` is not one."""
    from generator.ir.codec import decode_api

    try:
        encoded, summary = marshal.loads(data)
        api = decode_api(encoded)
    except (EOFError, ValueError, TypeError, AssertionError):
        return None
    api.nodes.set_summary(summary)
    return api


def _build(path: Path, use_cache: bool) -> bytes:
    from generator.pipeline import build_ir

    api = build_ir(path, use_cache=use_cache)[0]
    # through the cache, the IR is there now for the parent to read (an IR read from the
    # cache decodes its schemas lazily and is not encoded again); without, it is sent
    # with the schema digests and references (computed here, in parallel)
    return b"" if use_cache else encode_ir(api)
