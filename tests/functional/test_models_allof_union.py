"""An allOf whose first part is a union (Azure's 3.0 inference specs: `chatCompletionRequest
MessageTool: allOf [chatCompletionRequestMessage (a oneOf), {object}]` beside `required`): the
type is the union, and the other parts (their required fields and constraints) still hold."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from generator.write import write_tree
from tests.models_support import render

SPEC = """\
openapi: 3.0.3
info: {title: Messages, version: '1.0'}
paths: {}
components:
  schemas:
    Message:
      oneOf:
        - {$ref: '#/components/schemas/UserMessage'}
        - {$ref: '#/components/schemas/ToolMessage'}
    UserMessage:
      type: object
      required: [role]
      properties:
        role: {type: string, enum: [user]}
        content: {type: string}
    ToolMessage:
      type: object
      required: [role]
      properties:
        role: {type: string, enum: [tool]}
    ToolReply:
      allOf:
        - {$ref: '#/components/schemas/Message'}
        - type: object
          nullable: true
          properties:
            tool_call_id: {type: string, minLength: 3}
      required: [tool_call_id]
    Thread:
      type: object
      properties:
        replies: {type: array, items: {$ref: '#/components/schemas/ToolReply'}}
"""

CHECKS = textwrap.dedent(
    """
    from pydantic import TypeAdapter, ValidationError
    from msgs import Thread, ToolMessage, ToolReply

    reply = TypeAdapter(ToolReply).validate_python({"role": "tool", "tool_call_id": "abc"})
    assert isinstance(reply, ToolMessage) and reply.model_extra == {"tool_call_id": "abc"}
    assert reply.model_dump(by_alias=True, exclude_unset=True) == {
        "role": "tool", "tool_call_id": "abc"}
    # (a message with no role is the union's raw-object opening, kept: docs/models.md)
    for bad in ({"role": "tool"}, {"role": "tool", "tool_call_id": "x"},
                {"role": "tool", "tool_call_id": 5}):
        try:
            TypeAdapter(ToolReply).validate_python(bad)
        except ValidationError:
            pass
        else:
            raise AssertionError(f"accepted {bad}")
    thread = Thread.model_validate({"replies": [{"role": "user", "tool_call_id": "abcd"}]})
    assert thread.replies is not None and thread.replies[0].model_extra == {"tool_call_id": "abcd"}
    try:
        Thread.model_validate({"replies": [{"role": "user"}]})
    except ValidationError as exc:
        assert "tool_call_id" in str(exc)
    else:
        raise AssertionError("a reply without tool_call_id was accepted")
    print("ok")
    """
)


def test_an_allof_of_a_union_and_an_object_checks_every_part(tmp_path: Path) -> None:
    spec = tmp_path / "messages.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    files = render(spec, "msgs")
    source = "\n".join(files.values())
    assert "also_valid_as(" in source
    write_tree(tmp_path / "proj", files)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "proj")}
    result = subprocess.run([sys.executable, "-c", CHECKS], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr
