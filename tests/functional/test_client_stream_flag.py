"""Stream overloads driven by the IR's `streaming` marker: an operation that answers JSON or
events, chosen by a boolean body flag that is not called `stream` (kitchen.yaml's
`POST /replies`, flag `stream_response`)."""

from __future__ import annotations

import inspect
import json
import typing
from types import ModuleType

import pytest

from tests.functional.client_support import SPECS, Seen, generate_client, json_reply, serve

KITCHEN = SPECS.parent.parent / "tests" / "fixtures" / "client" / "kitchen.yaml"


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_client(KITCHEN, tmp_path_factory.mktemp("kflag"), "kitchen_flag")


def _flag_and_result(function: object) -> tuple[str, str]:
    signature = inspect.signature(function)  # type: ignore[arg-type]
    flag = signature.parameters["stream_response"]
    return str(flag.annotation), str(signature.return_annotation)


def test_the_other_named_flag_gets_the_overloads(kitchen: ModuleType) -> None:
    for cls, stream in ((kitchen.Client, "Stream[Item]"), (kitchen.AsyncClient,
                                                          "AsyncStream[Item]")):
        resource = type(cls(api_key="k", base_url="http://127.0.0.1:9").replies)
        overloads = [_flag_and_result(f) for f in typing.get_overloads(resource.create)]
        assert overloads == [("Literal[False] | NotGiven", "Item"),
                             ("Literal[True]", stream),
                             ("bool", f"Item | {stream}")]


def test_the_flag_picks_a_stream_or_the_model(kitchen: ModuleType) -> None:
    events = b'data: {"id": "e1"}\n\ndata: {"id": "e2"}\n\n'

    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        if json.loads(seen.body).get("stream_response"):
            return 200, {"content-type": "text/event-stream"}, events
        return json_reply(200, {"id": "whole"})

    with serve(reply) as server:
        client = kitchen.Client(api_key="k", base_url=server.url)
        whole = client.replies.create(prompt="hi")
        streamed = client.replies.create(prompt="hi", stream_response=True)
        ids = [event.id for event in streamed]
    assert whole.id == "whole" and isinstance(whole, kitchen.types.Item)
    assert isinstance(streamed, kitchen.Stream) and ids == ["e1", "e2"]
    assert [json.loads(s.body) for s in server.seen] == [
        {"prompt": "hi"}, {"prompt": "hi", "stream_response": True}]
