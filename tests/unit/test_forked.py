"""Work in a forked child: its bytes come back whole, and any failure there means the parent
does the work itself (a second process may make a command faster, never different)."""

from __future__ import annotations

import os
import sys

import pytest

from generator.pipeline.fork_diff import ForkedDiffs
from generator.pipeline.forked import Forked, Send, reap_released

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="fork is used on Linux only")


def test_the_childs_bytes_come_back_whole() -> None:
    payload = os.urandom(3 << 20)  # larger than a pipe's buffer and the parent's read size
    child = Forked.start(lambda: payload)
    assert child is not None and child.join() == payload


def _boom() -> bytes:
    raise RuntimeError("the child failed")


def test_a_failing_child_gives_nothing() -> None:
    child = Forked.start(_boom)
    assert child is not None and child.join() is None


def test_an_abandoned_child_is_reaped() -> None:
    import time

    child = Forked.start(lambda: (time.sleep(30), b"late")[1])
    assert child is not None
    child.abandon()
    with pytest.raises(ChildProcessError):  # killed and reaped: no child is left to wait for
        os.waitpid(child._pid, os.WNOHANG)


def test_unreadable_diffs_are_diffed_again() -> None:
    child = Forked.start(lambda: b"not a pickle")
    assert child is not None and ForkedDiffs(child).diffs() is None


def test_framed_sends_come_back_whole_and_in_order() -> None:
    frames = [os.urandom(3 << 20), b"", b"last"]

    def work(send: Send) -> None:
        for frame in frames:
            send(frame)

    child = Forked.start_framed(work)
    assert child is not None
    assert [child.receive() for _ in frames] == frames
    assert child.receive() is None  # nothing more: the child has ended
    child.release()
    reap_released()
    with pytest.raises(ChildProcessError):
        os.waitpid(child._pid, os.WNOHANG)


def test_a_framed_child_that_fails_keeps_what_it_sent() -> None:
    def work(send: Send) -> None:
        send(b"first")
        raise RuntimeError("the child failed")

    child = Forked.start_framed(work)
    assert child is not None
    assert (child.receive(), child.receive()) == (b"first", None)
    child.release()
    reap_released()
