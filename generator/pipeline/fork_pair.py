"""OLD NEW: the newer version's IR built in a forked child, which then diffs the pair too.

For a plain pair (the usual `changelog OLD NEW`, the CI gate) the critical path used to be:
the child builds NEW and sends it; the parent decodes it, forks a second child for the diff
and waits for it. Here the child that builds NEW also gets OLD, from the parent, as soon as
the parent has built it: the parent writes it into a memfd (writing never blocks, however
big, so neither process can wait on the other's write) and sends its length through a pipe.
The child hands NEW back the same way (a second memfd; a frame with its length through the
pipe), decodes OLD and diffs the pair at once (the diff is the second frame), while the parent
decodes NEW and names the clients. As with every forked child, any failure gives None
and the parent does that part itself: a second process may make the notes faster, never
different.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.pipeline.fork_ir import decode_ir, encode_ir
from generator.pipeline.forked import FRAME, Forked, Send, read_exact, write_all

if TYPE_CHECKING:
    from generator.diagnostics import Diagnostic
    from generator.diff.model import ApiDiff
    from generator.ir.model import Api


class ForkedPair:
    """A child building NEW's IR and diffing OLD -> NEW; see the module's docstring."""

    def __init__(self, child: Forked, memfds: tuple[int, int], signal_fd: int) -> None:
        self._child, self._memfds, self._signal_fd = child, memfds, signal_fd
        self._over = False  # the child was released or abandoned: its descriptors are closed

    @classmethod
    def start(cls, new: Path, *, use_cache: bool, spec_bytes: int) -> ForkedPair | None:
        """Fork the child; None when one process is the better choice (small specs, one
        CPU, threads, SPECLOOM_PARALLEL=never, NEW in the IR cache already) or no memfd."""
        from generator.pipeline import _parallel_wanted

        if not _parallel_wanted(spec_bytes) or str(new) == "-" or not hasattr(os, "memfd_create"):
            return None
        if use_cache:
            from generator.cache import has_entry

            if has_entry(new):
                return None  # read in milliseconds: the usual diff child is enough
        memfds = (os.memfd_create("specloom-old-ir", os.MFD_CLOEXEC),
                  os.memfd_create("specloom-new-ir", os.MFD_CLOEXEC))
        signal_r, signal_w = os.pipe()
        child = Forked.start_framed(lambda send: _child(new, use_cache, memfds, signal_r, send),
                                    close_in_child=(signal_w,))
        os.close(signal_r)
        if child is None:
            for fd in (*memfds, signal_w):
                os.close(fd)
            return None
        return cls(child, memfds, signal_w)

    def send_old(self, api: Api) -> None:
        """Hand OLD's IR (with its schema digests) to the child, for the diff."""
        data = encode_ir(api)
        try:
            write_all(self._memfds[0], data)
            os.write(self._signal_fd, FRAME.pack(len(data)))
        except OSError:
            pass  # the child has ended (it could not build NEW): no diff will come from it
        self._close_signal()

    def new_api(self) -> Api | None:
        """NEW's IR from the child, or None (the caller builds it, for its diagnostics)."""
        head = self._child.receive()
        if head is None or len(head) != FRAME.size:
            return None
        return decode_ir(_pread_all(self._memfds[1], FRAME.unpack(head)[0]))

    def diffs(self) -> list[ApiDiff] | None:
        """[the pair's diff], or None when the child did not deliver it."""
        from generator.pipeline.fork_diff import unpickle_diffs

        if self._over:
            return None
        self._close_signal()  # OLD never sent: the child stops waiting for it
        data = self._child.receive()
        self._child.release()  # reaped after judging (`forked.reap_released`)
        self._close_memfds()
        self._over = True
        return unpickle_diffs(data) if data is not None else None

    def abandon(self) -> None:
        """Stop the child (the parent is failing, or needs no diff); again, nothing."""
        if self._over:
            return
        self._over = True
        self._close_signal()
        self._child.abandon()
        self._close_memfds()

    def _close_memfds(self) -> None:
        for fd in self._memfds:
            os.close(fd)

    def _close_signal(self) -> None:
        if self._signal_fd >= 0:
            os.close(self._signal_fd)
            self._signal_fd = -1


def _child(new: Path, use_cache: bool, memfds: tuple[int, int], signal_fd: int,
           send: Send) -> None:
    """In the child: build NEW, hand it over, wait for OLD, send the diff."""
    from generator.pipeline import build_ir

    api = build_ir(new, use_cache=use_cache)[0]
    data = encode_ir(api)
    write_all(memfds[1], data)  # into memory: this process goes on at once
    send(FRAME.pack(len(data)))
    head = read_exact(signal_fd, FRAME.size)
    if head is None:
        return  # the parent wants no diff (OLD could not be loaded)
    size = FRAME.unpack(head)[0]
    old = decode_ir(_pread_all(memfds[0], size))
    if old is None:
        return
    import pickle

    from generator.diff import diff_apis

    send(pickle.dumps([diff_apis(old, api)], protocol=5))


def _pread_all(fd: int, size: int) -> bytes:
    chunks, done = [], 0
    while done < size:
        chunk = os.pread(fd, size - done, done)
        if not chunk:
            break
        chunks.append(chunk)
        done += len(chunk)
    return b"".join(chunks)


def load_pair(
    specs: list[tuple[str, Path]], pair: ForkedPair, *, use_cache: bool,
    load: Callable[[Path], tuple[Api | None, list[Diagnostic]]], prepare: Callable[[], None],
) -> tuple[list[tuple[str, Api]] | None, list[Diagnostic]]:
    """Both IRs of OLD NEW: OLD built here (`load`) and handed to the child, NEW from the
    child (or built here when it did not deliver), as `pipeline.changelog.load_versions`."""
    (old_label, old_path), (new_label, new_path) = specs
    try:
        old, found = load(old_path)
        if old is not None:
            pair.send_old(old)
        prepare()
        new = pair.new_api()
    except BaseException:
        pair.abandon()
        raise
    if new is None:
        new, more = load(new_path)
        found = [*found, *more]
    if old is None or new is None:
        pair.abandon()
        return None, found
    return [(old_label, old), (new_label, new)], found
