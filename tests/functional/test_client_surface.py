"""The call surface type checkers see (tests/fixtures/client/surface.yaml): deprecated
arguments flagged by pyright and mypy through `@deprecated` overloads, a required or
true-only stream flag with its one right signature, and a multipart body's own fields."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO
from tests.functional.client_support import SPECS, Seen, generate_client, json_reply, serve

SURFACE = REPO / "tests" / "fixtures" / "client" / "surface.yaml"
PYRIGHT = REPO / "tests" / "node" / "node_modules" / ".bin" / "pyright"
BIN = Path(sys.executable).parent
MARK = "# DEPRECATED"  # the lines a checker must flag, and only those

SURFACE_CALLS = f"""\
from typing_extensions import assert_type

from surface import AsyncClient, AsyncStream, Client, Stream, SyncPage
from surface.types import Reply

client = Client(api_key="k")
flag = bool(len("x"))
assert_type(client.answers.create(prompt="p"), Reply)
assert_type(client.answers.create(prompt="p", stream=False), Reply)
assert_type(client.answers.create(prompt="p", stream=True), Stream[Reply])
assert_type(client.answers.create(prompt="p", stream=flag), Reply | Stream[Reply])
assert_type(client.answers.create(prompt="p", max_tokens=3), Reply)  {MARK}
assert_type(client.answers.create(prompt="p", stream=True, user="u"), Stream[Reply])  {MARK}
both = Reply | Stream[Reply]
assert_type(client.answers.create(prompt="p", stream=flag, trace=True), both)  {MARK}
assert_type(client.tunes.create(model="m"), Reply)
assert_type(client.tunes.create(model="m", hyper={{"a": 1}}), Reply)  {MARK}
assert_type(client.olds.create(legacy="x"), Reply)  {MARK}
assert_type(client.chats.create(prompt="p", stream=False), Reply)
assert_type(client.chats.create(prompt="p", stream=True), Stream[Reply])
assert_type(client.chats.create(prompt="p", stream=flag), Reply | Stream[Reply])
assert_type(client.feeds.create(prompt="p", stream=True), Stream[Reply])
assert_type(client.echoes.create(prompt="p"), Reply)
assert_type(client.echoes.create(prompt="p", stream=True), Stream[Reply])
assert_type(client.uploads.create(file=b"x", purpose="p", note="n"), Reply)
assert_type(client.searches.create(query="q"), SyncPage[Reply])


async def main() -> None:
    aclient = AsyncClient(api_key="k")
    assert_type(await aclient.answers.create(prompt="p"), Reply)
    assert_type(await aclient.answers.create(prompt="p", stream=True), AsyncStream[Reply])
    assert_type(await aclient.answers.create(prompt="p", max_tokens=1), Reply)  {MARK}
    assert_type(await aclient.feeds.create(prompt="p", stream=True), AsyncStream[Reply])
"""

V1_CALLS = f"""\
from azure_openai import Client

client = Client(api_key="k")
client.chat.completions.create(model="m", messages=[])
client.chat.completions.create(model="m", messages=[], stream=True)
client.chat.completions.create(model="m", messages=[], max_tokens=5)  {MARK}
client.chat.completions.create(model="m", messages=[], stream=True, max_tokens=5)  {MARK}
client.fine_tuning.jobs.create(model="m", training_file="f")
client.fine_tuning.jobs.create(model="m", training_file="f", hyperparameters={{}})  {MARK}
"""


@pytest.fixture(scope="module")
def surface(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_client(SURFACE, tmp_path_factory.mktemp("surface"), "surface")


def _project(spec: Path, package: str, calls: str, folder: Path) -> Path:
    """The client of `spec` under `folder/client`, and `folder/use.py` calling it."""
    generate_client(spec, folder / "client", package)
    (folder / "use.py").write_text(calls, encoding="utf-8")
    return folder / "use.py"


def _expected(use: Path) -> set[int]:
    lines = use.read_text(encoding="utf-8").splitlines()
    return {n for n, line in enumerate(lines, 1) if line.endswith(MARK)}


def _pyright(use: Path) -> list[tuple[int, str | None]]:
    """pyright's (line, rule) diagnostics on `use`, with `reportDeprecated` an error."""
    if not PYRIGHT.is_file():
        reason = f"pyright not installed at {PYRIGHT} (make test runs npm ci in tests/node)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: the tools must be installed)")
        pytest.skip(reason)
    config = {"reportDeprecated": "error", "extraPaths": ["client"]}
    (use.parent / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run([str(PYRIGHT), "--outputjson", "--pythonpath", sys.executable,
                             use.name], cwd=use.parent, capture_output=True, text=True,
                            timeout=300)
    found = json.loads(result.stdout)["generalDiagnostics"]
    return [(d["range"]["start"]["line"] + 1, d.get("rule")) for d in found]


def _mypy(use: Path) -> list[tuple[int, str]]:
    """mypy --strict's (line, error code) on `use` (and the package it imports)."""
    result = subprocess.run(
        [str(BIN / "mypy"), "--strict", "--enable-error-code", "deprecated", "--cache-dir",
         str(use.parent / ".mypy_cache"), "--no-error-summary", "--show-error-codes", use.name],
        cwd=use.parent, capture_output=True, text=True, timeout=300,
        env={**os.environ, "MYPYPATH": str(use.parent / "client")})
    out = []
    for line in result.stdout.splitlines():
        where, _, rest = line.partition(": error: ")
        assert rest, line  # only errors
        path, number = where.split(":")[:2]
        code = rest.rpartition("[")[2].rstrip("]")
        if path == "use.py":
            out.append((int(number), code))
            continue
        # In the package, only the raw-response classes that wrap a method deprecated as a
        # whole (`self.create = raw_wrapper(resource.create)`) name it.
        source = (use.parent / path).read_text(encoding="utf-8").splitlines()
        assert code == "deprecated" and "_wrapper(resource." in source[int(number) - 1], line
    return out


@pytest.mark.parametrize("case", ["surface", "v1"])
def test_checkers_flag_exactly_the_calls_that_pass_a_deprecated_argument(
        case: str, tmp_path: Path) -> None:
    spec, package, calls = (SURFACE, "surface", SURFACE_CALLS) if case == "surface" else (
        SPECS / "v1.yaml", "azure_openai", V1_CALLS)
    use = _project(spec, package, calls, tmp_path)
    expected = _expected(use)
    assert expected
    assert sorted(_mypy(use)) == sorted((n, "deprecated") for n in expected)
    assert sorted(_pyright(use)) == sorted((n, "reportDeprecated") for n in expected)


def test_overloads_stay_bounded_however_many_arguments_are_deprecated(
        surface: ModuleType) -> None:
    # The marks are read from the source: at run time an overload's `@deprecated_overload`
    # leaves it as it is (type checkers read typing_extensions.deprecated there).
    import typing

    assert len(typing.get_overloads(type(surface.Client(api_key="k").answers).create)) == 6
    text = (Path(surface.__file__).parent / "resources" / "answers.py").read_text("utf-8")
    sync = text.split("class Answers(SyncResource):")[1].split("\nclass ")[0]
    blocks = sync.split("    @overload\n")[1:]
    assert len(blocks) == 6  # 3 flag shapes x (plain, deprecated), for 3 deprecated arguments
    message = "answers.create: the arguments 'trace', 'max_tokens', 'user' are deprecated"
    marked = [block.startswith("    @deprecated_overload(") and message in block
              for block in blocks]
    assert marked == [False, True] * 3
    plain = [b for b, m in zip(blocks, marked, strict=True) if not m]
    assert not any("max_tokens" in b or "trace" in b or "user" in b for b in plain)


def test_deprecated_arguments_warn_once_at_run_time(surface: ModuleType) -> None:
    with serve(lambda seen: json_reply(200, {"id": "r"})) as server:
        client = surface.Client(api_key="k", base_url=server.url)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            client.answers.create(prompt="p")
            client.answers.create(prompt="p", max_tokens=2)
            client.olds.create(legacy="x")
    assert [str(w.message) for w in caught] == [
        "the argument 'max_tokens' is deprecated",
        "olds.create: the argument 'legacy' is deprecated"]
    assert [json.loads(s.body) for s in server.seen] == [
        {"prompt": "p"}, {"prompt": "p", "max_tokens": 2}, {"legacy": "x"}]


def test_a_required_true_only_flag_has_one_signature_returning_the_stream(
        surface: ModuleType) -> None:
    import inspect
    import typing

    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        return 200, {"content-type": "text/event-stream"}, b'data: {"id": "e"}\n\n'

    create = type(surface.Client(api_key="k").feeds).create
    assert typing.get_overloads(create) == []
    signature = inspect.signature(create)
    assert str(signature.parameters["stream"].annotation) == "Literal[True]"
    assert signature.parameters["stream"].default is inspect.Parameter.empty
    assert str(signature.return_annotation) == "Stream[Reply]"
    chats = [inspect.signature(f) for f in typing.get_overloads(
        type(surface.Client(api_key="k").chats).create)]
    assert [(str(s.parameters["stream"].annotation), s.parameters["stream"].default is
             inspect.Parameter.empty) for s in chats] == [
        ("Literal[False]", True), ("Literal[True]", True), ("bool", True)]
    with serve(reply) as server:
        events = surface.Client(api_key="k", base_url=server.url).feeds.create(
            prompt="p", stream=True)
        assert [e.id for e in events] == ["e"]
    assert json.loads(server.seen[0].body) == {"prompt": "p", "stream": True}


def test_arguments_come_from_the_body_that_is_sent(surface: ModuleType) -> None:
    """`POST /uploads` has a JSON body (url, note: int) and a multipart one (file, purpose,
    note: str); multipart is sent (JSON cannot carry the file), so its fields are the
    arguments, for the changelog's SDK impact as for the method."""
    import inspect

    from generator.naming.client import ArgLocation, Argument, client_names, op_key
    from generator.pipeline import build_ir

    api, _ = build_ir(SURFACE, use_cache=True)
    names = client_names(api)
    by_path = {op.path: names.methods[op_key(op)] for op in api.operations}
    assert by_path["/uploads"].arguments == (
        Argument("file", "file", ArgLocation.BODY, True),
        Argument("purpose", "purpose", ArgLocation.BODY, True),
        Argument("note", "note", ArgLocation.BODY, False))
    assert [a.name for a in by_path["/forms"].arguments] == ["name", "size"]
    parameters = inspect.signature(type(surface.Client(api_key="k").uploads).create).parameters
    assert str(parameters["note"].annotation) == "str | NotGiven"
    with serve(lambda seen: json_reply(200, {"id": "u"})) as server:
        client = surface.Client(api_key="k", base_url=server.url)
        client.uploads.create(file=("a.txt", b"AAA"), purpose="p", note="n")
        client.forms.create(name="x", size=2)
    upload, form = server.seen
    assert upload.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="a.txt"' in upload.body and b"AAA" in upload.body
    assert b'name="note"\r\n\r\nn\r\n' in upload.body
    assert form.body == b"name=x&size=2"


def test_a_post_list_pages_by_resending_the_body_with_the_next_cursor(
        surface: ModuleType) -> None:
    pages = {None: (["a", "b"], True), "b": (["c"], True), "c": (["d"], False)}

    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        ids, more = pages[json.loads(seen.body).get("after")]
        return json_reply(200, {"data": [{"id": i} for i in ids], "has_more": more,
                                "last_id": ids[-1]})

    async def walk(url: str) -> list[str]:
        async with surface.AsyncClient(api_key="k", base_url=url) as client:
            return [r.id async for r in client.searches.create(query="q", limit=2)]

    with serve(reply) as server:
        client = surface.Client(api_key="k", base_url=server.url)
        first = client.searches.create(query="q", limit=2, extra_headers={"x-t": "1"})
        assert isinstance(first, surface.SyncPage) and [r.id for r in first.data] == ["a", "b"]
        assert [r.id for r in first] == ["a", "b", "c", "d"]
        import asyncio

        assert asyncio.run(walk(server.url)) == ["a", "b", "c", "d"]
    bodies = [json.loads(s.body) for s in server.seen]
    sent = [{"query": "q", "limit": 2}, {"query": "q", "limit": 2, "after": "b"},
            {"query": "q", "limit": 2, "after": "c"}]
    assert bodies == sent + sent
    assert {s.path for s in server.seen} == {"/searches"}  # the cursor is not in the query
    assert [s.headers.get("x-t") for s in server.seen[:3]] == ["1"] * 3
