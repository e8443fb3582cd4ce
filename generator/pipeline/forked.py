"""Work done in a forked child while this process goes on: the one way specloom uses a second
core (validation's second half, a history's second IR, a history's diffs, a pair's newer IR
and its diff).

The child runs `work`, writes what it makes through a pipe and leaves with `os._exit`, so
nothing of the parent (buffers, atexit handlers) runs twice. Anything that goes wrong there
(an exception, a signal, a short write) makes `join` (or `receive`) return None, and the
caller does that work itself: a second process may make a command faster, never different.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
from collections.abc import Callable

FRAME = struct.Struct("<Q")  # a frame's length, before its bytes
Send = Callable[[bytes], None]


class Forked:
    """A forked child producing bytes; `join` gives them back (or None)."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid, self._fd = pid, fd

    @classmethod
    def start(cls, work: Callable[[], bytes]) -> Forked | None:
        """Fork a child that runs `work`; None when the fork itself fails (the caller then
        decides by `pipeline._parallel_wanted` whether to ask at all)."""
        return cls._fork(lambda fd: write_all(fd, work()), ())

    @classmethod
    def start_framed(cls, work: Callable[[Send], None],
                     close_in_child: tuple[int, ...] = ()) -> Forked | None:
        """Fork a child that runs `work(send)`: each `send(data)` is one frame, which the
        parent reads with `receive` as soon as it is sent. The child first closes the
        descriptors in `close_in_child` (the parent's ends of other channels)."""
        def frames(fd: int) -> None:
            work(lambda data: write_all(fd, FRAME.pack(len(data)) + data))

        return cls._fork(frames, close_in_child)

    @classmethod
    def _fork(cls, body: Callable[[int], None], close_in_child: tuple[int, ...]) -> Forked | None:
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return None
        if pid == 0:  # the child: never returns
            status = 1
            try:
                for fd in (read_fd, *close_in_child):
                    os.close(fd)
                body(write_fd)
                status = 0
            except BaseException:  # any failure: the parent does the work itself
                status = 1
            finally:
                os._exit(status)
        os.close(write_fd)
        return cls(pid, read_fd)

    def join(self) -> bytes | None:
        """Everything the child wrote, or None when it did not finish its work."""
        chunks = []
        try:
            while chunk := os.read(self._fd, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self._fd)
            _, status = os.waitpid(self._pid, 0)
        return b"".join(chunks) if status == 0 else None

    def receive(self) -> bytes | None:
        """The next frame of a `start_framed` child, or None when it sends no more (it
        finished, failed or died; `reap` or `abandon` then waits for it)."""
        head = read_exact(self._fd, FRAME.size)
        if head is None:
            return None
        return read_exact(self._fd, FRAME.unpack(head)[0])

    def release(self) -> None:
        """Let go of a `start_framed` child that has sent all it will (its status does not
        matter: every frame received was whole). It is reaped by `reap_released`, not here:
        a child that built a big IR takes ~10 ms to end (the kernel frees its memory), and
        nothing needs to wait for that."""
        os.close(self._fd)
        _released.append(self._pid)

    def abandon(self) -> None:
        """Stop the child and reap it (the parent is failing or being interrupted)."""
        os.close(self._fd)
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)


_released: list[int] = []


def reap_released() -> None:
    """Wait for the children `release` let go of (by now they have ended, or soon will)."""
    while _released:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_released.pop(), 0)


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd` (a pipe takes it in pieces)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def read_exact(fd: int, size: int, at: int | None = None) -> bytes | None:
    """`size` bytes from `fd` (from offset `at` of a file, when given), or None when it
    ends first."""
    chunks, left = [], size
    while left:
        step = min(left, 1 << 20)
        chunk = os.read(fd, step) if at is None else os.pread(fd, step, at + size - left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
