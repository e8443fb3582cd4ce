"""The client rows' local server: every request answered at once with one canned JSON body.

`python -m bench.local_server PORT WATCH_PID` (a contender's setup) returns once a server
listens on 127.0.0.1:PORT, starting a detached one if none does; that server stops when
WATCH_PID (the bench) ends. asyncio with keep-alive and no parsing beyond what HTTP/1.1
framing needs, so the server's own cost per request stays small beside the clients'.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time

# A chat completion as the OpenAI API answers one (the models rows parse the same body).
BODY = (
    b'{"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000,'
    b' "model": "gpt-4o", "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,'
    b' "message": {"role": "assistant", "content": "Hello there", "refusal": null}}],'
    b' "usage": {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12}}'
)
RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
    + f"content-length: {len(BODY)}\r\n\r\n".encode()
    + BODY
)


async def _connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.lower().split(b"\r\n"):
                if line.startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            writer.write(RESPONSE)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def _serve(port: int, watch: int) -> None:
    server = await asyncio.start_server(_connection, "127.0.0.1", port, reuse_address=True)
    async with server:
        while True:
            await asyncio.sleep(0.5)
            try:
                os.kill(watch, 0)
            except ProcessLookupError:
                return


def listening(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def ensure(port: int, watch: int) -> int:
    """Start the server on `port` (watching `watch`) unless one listens; 0 once it does."""
    if listening(port):
        return 0
    argv = [sys.executable, "-m", "bench.local_server", "--serve", str(port), str(watch)]
    subprocess.Popen(argv, start_new_session=True, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not listening(port):
        if time.monotonic() > deadline:
            print(f"local server did not start on port {port}", file=sys.stderr)
            return 1
        time.sleep(0.05)
    return 0


def free_port() -> int:
    """A loopback port free now (the server binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        asyncio.run(_serve(int(sys.argv[2]), int(sys.argv[3])))
        raise SystemExit(0)
    status = ensure(int(sys.argv[1]), int(sys.argv[2]))
    # As a setup step of an in-process row, the harness expects a timing line: nothing to time.
    print('bench-result: {"inner": 0.0}')
    raise SystemExit(status)
