"""A real headless Chromium, driven over the DevTools protocol on a pipe (no extra packages).

`--remote-debugging-pipe` makes Chromium read protocol commands from file descriptor 3 and
write replies and events to descriptor 4, each message JSON ended by a NUL byte. That is
enough to open a page, wait for it to load and evaluate an expression in it: what a person
would see is then asked of the layout engine itself (`innerText`, `checkVisibility`, boxes).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--remote-debugging-pipe",
)


def chromium() -> str | None:
    """The Chromium binary, or None when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One Chromium process with a fresh profile; `evaluate` runs JavaScript in a page."""

    def __init__(self, binary: str) -> None:
        self._profile = tempfile.mkdtemp(prefix="specloom-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        self._proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=_wire(to_child_r, from_child_w),
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next = 0

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._proc.kill()
        self._proc.wait()
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, method: str, params: dict[str, Any] | None = None,
              session: str | None = None) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result

    def _read(self, deadline: float = 30.0) -> dict[str, Any]:
        end = time.monotonic() + deadline
        while b"\0" not in self._buffer:
            if time.monotonic() > end:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        data: dict[str, Any] = json.loads(message)
        return data

    def evaluate(self, page: Path, expression: str, *, width: int = 1200) -> Any:
        """Open `page` (a file) at `width` CSS pixels, wait for its load, evaluate
        `expression` there and return its value."""
        target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._send("Target.attachToTarget",
                             {"targetId": target, "flatten": True})["sessionId"]
        self._send("Emulation.setDeviceMetricsOverride",
                   {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                   session)
        self._send("Page.enable", {}, session)
        self._send("Page.navigate", {"url": page.resolve().as_uri()}, session)
        self._wait_for("Page.loadEventFired", session)
        result = self._send("Runtime.evaluate",
                            {"expression": expression, "returnByValue": True}, session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def _wait_for(self, event: str, session: str) -> None:
        while True:
            message = self._read()
            if message.get("method") == event and message.get("sessionId") == session:
                return


def _wire(commands: int, replies: int) -> Any:
    def run() -> None:  # in the child, before exec: descriptors 3 and 4 are the pipes
        import fcntl

        # copies above 4 first, so neither dup2 can close the other's source
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands, replies)]
        os.dup2(high[0], 3)
        os.dup2(high[1], 4)

    return run
