"""The client rows' measured side: `python -m bench.client_child TASK SDK BASE_URL`.

TASK `first` makes a client and one chat completion (the row measures the whole process);
`sync` and `async` make one request to warm up and then time REQUESTS more, printing the
in-process seconds. SDK is `openai` (openai-python) or `ours` (the package specloom generated
from the same spec, importable as `openai_client` on PYTHONPATH). Both clients get the same
call, no retries, and parse the same answer into their models.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

CHILD_MARKER = "bench-result:"
REQUESTS = 1000
MESSAGES = [{"role": "user", "content": "Say hello."}]


def _client(sdk: str, base_url: str, *, asynchronous: bool) -> Any:
    if sdk == "openai":
        import openai

        cls: Any = openai.AsyncOpenAI if asynchronous else openai.OpenAI
    else:
        import openai_client  # type: ignore[import-not-found]

        cls = openai_client.AsyncClient if asynchronous else openai_client.Client
    return cls(api_key="sk-bench", base_url=base_url, max_retries=0)


def _sync(sdk: str, base_url: str) -> float:
    client = _client(sdk, base_url, asynchronous=False)
    client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    start = time.perf_counter()
    for _ in range(REQUESTS):
        client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    return time.perf_counter() - start


async def _async_run(sdk: str, base_url: str) -> float:
    client = _client(sdk, base_url, asynchronous=True)
    await client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    start = time.perf_counter()
    for _ in range(REQUESTS):
        await client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    """Run one task; 2 on a bad command line."""
    if len(argv) != 3 or argv[0] not in ("first", "sync", "async") or argv[1] not in (
        "openai", "ours"
    ):
        print("usage: python -m bench.client_child {first,sync,async} {openai,ours} URL",
              file=sys.stderr)
        return 2
    task, sdk, base_url = argv
    if task == "first":
        completion = _client(sdk, base_url, asynchronous=False).chat.completions.create(
            model="gpt-4o", messages=MESSAGES
        )
        return 0 if completion.choices[0].message.content == "Hello there" else 1
    if task == "sync":
        seconds = _sync(sdk, base_url)
    else:
        import asyncio  # only here: the `first` task measures what each SDK imports itself

        seconds = asyncio.run(_async_run(sdk, base_url))
    print(CHILD_MARKER + json.dumps({"inner": seconds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
