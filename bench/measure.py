"""One measured process, and the statistics over repeated ones.

Each run is a fresh process: the wall time is taken around spawn and reap, the peak memory
comes from the kernel's rusage of that child (os.wait4, so no /usr/bin/time is needed), and
an in-process child reports its own timing on stdout as one JSON line.
"""

from __future__ import annotations

import enum
import json
import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# Exit codes that mean "the tool ran": 0 clean, 1 it found problems in the spec.
RAN_CODES: frozenset[int] = frozenset({0, 1})
CHILD_MARKER = "bench-result:"
TRACEBACK = b"Traceback (most recent call last):"
_TAIL = 400


@dataclass(frozen=True, slots=True, kw_only=True)
class Sample:
    """One run of one contender."""

    wall: float
    inner: float | None
    max_rss_kib: int
    returncode: int
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the run counts (it ran to an accepted exit code)."""
        return self.error is None


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    """Median, minimum and maximum of a set of measurements."""

    median: float
    low: float
    high: float
    count: int


class Verdict(enum.Enum):
    """How a ratio compares with its target."""

    PASS = "PASS"
    MISS = "MISS"
    NONE = ""


def summarize(values: Sequence[float]) -> Summary | None:
    """Median/min/max of `values`, or None when there are none."""
    if not values:
        return None
    return Summary(
        median=statistics.median(values), low=min(values), high=max(values), count=len(values)
    )


def ratio(value: float | None, baseline: float | None) -> float | None:
    """value / baseline, or None when either is missing or the baseline is not positive."""
    if value is None or baseline is None or baseline <= 0:
        return None
    return value / baseline


def verdict(value: float | None, target: float | None) -> Verdict:
    """PASS when `value` is at most `target`, MISS above it, NONE when either is unknown."""
    if value is None or target is None:
        return Verdict.NONE
    return Verdict.PASS if value <= target else Verdict.MISS


def parse_child_output(text: str) -> float | None:
    """The in-process seconds a bench child reported on its stdout, if any."""
    for line in reversed(text.splitlines()):
        if line.startswith(CHILD_MARKER):
            payload = json.loads(line[len(CHILD_MARKER) :])
            seconds = payload.get("inner")
            return float(seconds) if isinstance(seconds, (int, float)) else None
    return None


def _last_line(data: bytes) -> str:
    lines = data.decode("utf-8", errors="replace").strip().splitlines()
    return lines[-1][-_TAIL:] if lines else ""


def _tail(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace").strip()
    return text[-_TAIL:]


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, int, bool]:
    """Reap `proc` with os.wait4, killing it after `timeout`: (exit code, RSS KiB, timed out)."""
    fired = threading.Event()

    def kill() -> None:
        fired.set()
        proc.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped here, so Popen must not try again
    return code, int(usage.ru_maxrss), fired.is_set()


def run_once(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    timeout: float,
    ran_codes: Collection[int] = RAN_CODES,
    expect_inner: bool = False,
) -> Sample:
    """Run `argv` once in a fresh process and measure it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=dict(env), cwd=cwd
            )
        except OSError as exc:
            return Sample(wall=0.0, inner=None, max_rss_kib=0, returncode=-1, error=str(exc))
        code, rss, timed_out = _wait(proc, timeout)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    inner = parse_child_output(stdout.decode("utf-8", errors="replace")) if expect_inner else None
    error = None
    if timed_out:
        error = f"timed out after {timeout:g} s"
    elif code not in ran_codes:
        error = f"exit {code}: {_tail(stderr) or _tail(stdout)}"
    elif TRACEBACK in stderr:
        # A Python tool that died of an exception did not "run", whatever its exit code.
        error = f"exit {code} with a traceback: {_last_line(stderr)}"
    elif expect_inner and inner is None:
        error = f"no timing reported: {_tail(stderr) or _tail(stdout)}"
    return Sample(wall=wall, inner=inner, max_rss_kib=rss, returncode=code, error=error)
