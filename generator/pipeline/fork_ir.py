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
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.ir.model import Api


class ForkedIR:
    """A child building one spec's IR; `join` gives it back (or None)."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid, self._fd = pid, fd

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

        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return None
        if pid == 0:  # the child: never returns
            os.close(read_fd)
            _child(path, use_cache, write_fd)
        os.close(write_fd)
        return cls(pid, read_fd)

    def join(self) -> Api | None:
        """The child's IR, or None when it did not deliver one (or, through the cache, when
        the caller is to read it from there)."""
        chunks = []
        try:
            while chunk := os.read(self._fd, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self._fd)
            _, status = os.waitpid(self._pid, 0)
        if status != 0 or not chunks:
            return None
        from generator.ir.codec import decode_api

        try:
            encoded, summary = marshal.loads(b"".join(chunks))
            api = decode_api(encoded)
        except (EOFError, ValueError, TypeError, AssertionError):
            return None
        api.nodes.set_summary(summary)
        return api


def _child(path: Path, use_cache: bool, fd: int) -> None:
    status = 1
    try:
        from generator.ir.codec import encode_api
        from generator.pipeline import build_ir

        api = build_ir(path, use_cache=use_cache)[0]
        # through the cache, the IR is there now for the parent to read (an IR read from the
        # cache decodes its schemas lazily and is not encoded again); without, it is sent
        # with the schema digests and references (computed here, in parallel)
        sent = b"" if use_cache else marshal.dumps((encode_api(api), api.nodes.summary()))
        data = memoryview(sent)
        while data:
            data = data[os.write(fd, data) :]
        status = 0
    except BaseException:  # any failure: the parent builds it itself
        status = 1
    finally:
        os._exit(status)
