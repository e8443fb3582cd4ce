"""Issue 13's two programs, word for word (the generated `Client` in place of the SDK class),
against clients generated from the shipped 2025-04-01-preview and v1 specs.

They name the real host, so each runs in a fresh interpreter whose HTTPS_PROXY routes that
host to the fault server (which answers TLS with the run's certificate, trusted through
SSL_CERT_FILE); the server answers 400 unless the URL, the `api-key` header and the
`api-version` query are what the program means, and the program prints the parsed response.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.clients import SPECS, client_project
from tests.servers.rig import FaultHandle

HOST = "YOUR-RESOURCE-NAME.openai.azure.com"
KEY = "test-key-4b1d"
PREVIEW_PROGRAM = '''\
client = Client(api_key=os.getenv("AZURE_OPENAI_API_KEY"), api_version="2025-04-01-preview",
                endpoint="https://YOUR-RESOURCE-NAME.openai.azure.com")          # 2025-04-01-preview
response = client.responses.create(model="gpt-4.1-nano", input="This is a test.")
print(response.model_dump_json(indent=2))
'''  # noqa: E501 - the issue's program, word for word
V1_PROGRAM = '''\
client = Client(api_key=os.getenv("AZURE_OPENAI_API_KEY"),
                base_url="https://YOUR-RESOURCE-NAME.openai.azure.com/openai/v1/")  # v1
response = client.responses.create(model="gpt-4.1-nano", input="This is a test.")
print(response.model_dump_json(indent=2))
'''
RESPONSE = {
    "id": "resp_1", "object": "response", "created_at": 1741476542, "model": "gpt-4.1-nano",
    "status": "completed", "error": None, "incomplete_details": None, "instructions": None,
    "previous_response_id": None,
    "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                "content": [{"type": "output_text", "text": "A test, received."}]}],
    "usage": {"input_tokens": 5, "output_tokens": 4, "total_tokens": 9},
}
CASES = [
    pytest.param("2025-04-01-preview", PREVIEW_PROGRAM, "/openai/responses",
                 {"api-version": "2025-04-01-preview"}, id="2025-04-01-preview"),
    pytest.param("v1", V1_PROGRAM, "/openai/v1/responses", {}, id="v1"),
]


def _run(
    project: Path, package: str, program: str, fault: FaultHandle
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "all_proxy")}
    env.update(AZURE_OPENAI_API_KEY=KEY, HTTPS_PROXY=fault.proxy, SSL_CERT_FILE=str(fault.cert),
               PYTHONPATH=str(project))
    header = f"import os\nfrom {package} import Client\n"
    return subprocess.run([sys.executable, "-c", header + program], env=env, cwd=project,
                          capture_output=True, text=True, timeout=120)


# The programs name the real host: only an HTTPS proxy brings them to the loopback server.
@pytest.mark.parametrize(("label", "program", "path", "query"), CASES)
def test_issue_program_runs_unchanged(
    label: str, program: str, path: str, query: dict[str, str], fault: FaultHandle
) -> None:
    package = "azure_" + label.replace("-", "_")
    project = client_project(SPECS / f"{label}.yaml", package)
    expect = {"host": HOST, "path": path, "query": query, "headers": {"api-key": KEY}}
    fault.script({"status": 200, "json": RESPONSE, "expect": expect})
    done = _run(project, package, program, fault)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["id"] == "resp_1"
    assert printed["output"][0]["content"][0]["text"] == "A test, received."
    (seen,) = fault.requests()
    assert (seen.method, seen.scheme, seen.path) == ("POST", "https", path)
    assert seen.params() == {k: [v] for k, v in query.items()}
    assert seen.json() == {"model": "gpt-4.1-nano", "input": "This is a test."}
    assert seen.header("authorization") is None  # the key goes in api-key, nowhere else
