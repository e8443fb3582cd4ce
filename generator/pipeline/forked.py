"""Work done in a forked child while this process goes on: the one way specloom uses a second
core (validation's second half, a history's second IR, a history's diffs).

The child runs `work`, writes the bytes it returns through a pipe and leaves with `os._exit`,
so nothing of the parent (buffers, atexit handlers) runs twice. Anything that goes wrong there
(an exception, a signal, a short write) makes `join` return None, and the caller does that
work itself: a second process may make a command faster, never different.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable


class Forked:
    """A forked child producing bytes; `join` gives them back (or None)."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid, self._fd = pid, fd

    @classmethod
    def start(cls, work: Callable[[], bytes]) -> Forked | None:
        """Fork a child that runs `work`; None when the fork itself fails (the caller then
        decides by `pipeline._parallel_wanted` whether to ask at all)."""
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return None
        if pid == 0:  # the child: never returns
            os.close(read_fd)
            status = 1
            try:
                data = memoryview(work())
                while data:
                    data = data[os.write(write_fd, data) :]
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

    def abandon(self) -> None:
        """Stop the child and reap it (the parent is failing or being interrupted)."""
        os.close(self._fd)
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
