"""OLD NEW: one version's IR built in a forked child, which then diffs the pair too.

For a plain pair (the usual `changelog OLD NEW`, the CI gate) the child builds one version's
IR while this process builds the other's; each hands its IR to the other through a memfd of
its own (writing into memory never blocks, so neither process waits on the other's reading)
and says its length in a small frame (child to parent through the child's pipe, parent to
child through a pipe of its own). The child then diffs the pair at once and sends the diff as
its last frame, while the parent decodes the child's IR, names the clients and indexes the
versions. The child's path is the critical one (it starts later, and diffs after building),
so it builds the smaller spec. As with every forked child, any failure gives None and the
parent does that part itself: a second process may make the notes faster, never different.
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
    """A child building one version's IR and diffing OLD -> NEW; see the module."""

    def __init__(self, child: Forked, memfds: tuple[int, int], signal_fd: int,
                 child_builds_old: bool) -> None:
        self._child, self._memfds, self._signal_fd = child, memfds, signal_fd
        self.child_builds_old = child_builds_old
        self._over = False  # the child was released or abandoned: its descriptors are closed

    @classmethod
    def start(cls, old: Path, new: Path, *, use_cache: bool) -> ForkedPair | None:
        """Fork the child; None when one process is the better choice (small specs, one
        CPU, threads, SPECLOOM_PARALLEL=never, an IR in the cache already) or no memfd."""
        from generator.pipeline import _parallel_wanted, _size

        sizes = _size(old), _size(new)
        if (not _parallel_wanted(sum(sizes)) or "-" in (str(old), str(new))
                or not hasattr(os, "memfd_create")):
            return None
        if use_cache:
            from generator.cache import has_entry

            if has_entry(old) or has_entry(new):
                return None  # read in milliseconds: the usual diff child is enough
        child_builds_old = sizes[0] < sizes[1]
        theirs = old if child_builds_old else new
        memfds = (os.memfd_create("specloom-parent-ir", os.MFD_CLOEXEC),
                  os.memfd_create("specloom-child-ir", os.MFD_CLOEXEC))
        signal_r, signal_w = os.pipe()
        child = Forked.start_framed(
            lambda send: _child(theirs, child_builds_old, use_cache, memfds, signal_r, send),
            close_in_child=(signal_w,))
        os.close(signal_r)
        if child is None:
            for fd in (*memfds, signal_w):
                os.close(fd)
            return None
        return cls(child, memfds, signal_w, child_builds_old)

    def hand_over(self, api: Api) -> None:
        """Give the child this process's IR (with its schema digests), for the diff."""
        data = encode_ir(api)
        try:
            write_all(self._memfds[0], data)
            os.write(self._signal_fd, FRAME.pack(len(data)))
        except OSError:
            pass  # the child has ended (it could not build its spec): no diff will come
        self._close_signal()

    def child_api(self) -> Api | None:
        """The child's IR, or None (the caller builds it, for its diagnostics)."""
        head = self._child.receive()
        if head is None or len(head) != FRAME.size:
            return None
        return _take(self._memfds[1], head)

    def diffs(self) -> list[ApiDiff] | None:
        """[the pair's diff], or None when the child did not deliver it."""
        from generator.pipeline.fork_diff import unpickle_diffs

        if self._over:
            return None
        self._close_signal()  # nothing handed over: the child stops waiting for it
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


def _child(path: Path, is_old: bool, use_cache: bool, memfds: tuple[int, int],
           signal_fd: int, send: Send) -> None:
    """In the child: build `path`, hand it over, wait for the parent's IR, send the diff."""
    from generator.pipeline import build_ir

    mine = build_ir(path, use_cache=use_cache)[0]
    data = encode_ir(mine)
    write_all(memfds[1], data)  # into memory: this process goes on at once
    send(FRAME.pack(len(data)))
    import pickle  # imported while the parent is still building its spec, not after

    from generator.diff import diff_apis

    head = read_exact(signal_fd, FRAME.size)
    if head is None:
        return  # the parent wants no diff (its spec could not be loaded)
    theirs = _take(memfds[0], head)
    if theirs is None:
        return
    old, new = (mine, theirs) if is_old else (theirs, mine)
    send(pickle.dumps([diff_apis(old, new)], protocol=5))


def _take(memfd: int, head: bytes) -> Api | None:
    """The IR handed over in `memfd`, whose length frame is `head` (None if unreadable)."""
    data = read_exact(memfd, FRAME.unpack(head)[0], at=0)
    return decode_ir(data) if data is not None else None


def load_pair(
    specs: list[tuple[str, Path]], pair: ForkedPair, *,
    load: Callable[[Path], tuple[Api | None, list[Diagnostic]]], prepare: Callable[[], None],
) -> tuple[list[tuple[str, Api]] | None, list[Diagnostic]]:
    """Both IRs of OLD NEW: one built here (`load`) and handed to the child, the other from
    the child (or built here when it did not deliver), as `pipeline.changelog.load_versions`
    gives them; the diagnostics of OLD first."""
    here, there = (1, 0) if pair.child_builds_old else (0, 1)
    try:
        ours, found = load(specs[here][1])
        if ours is not None:
            pair.hand_over(ours)
        prepare()
        theirs = pair.child_api()
    except BaseException:
        pair.abandon()
        raise
    more: list[Diagnostic] = []
    if theirs is None:
        theirs, more = load(specs[there][1])
    if ours is None or theirs is None:
        pair.abandon()
        return None, [*found, *more] if here == 0 else [*more, *found]
    apis = {here: ours, there: theirs}
    return [(specs[0][0], apis[0]), (specs[1][0], apis[1])], []
