"""The request oracle (openapi-core in its own venv) reads recorded requests back against a spec."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml_rs

from tests.conftest import REPO
from tests.e2e.conftest import tool_missing
from tests.servers import oracle
from tests.servers.rig import FaultHandle

V1 = REPO / "specs" / "azure-openai" / "v1.yaml"
AZURE_HOST = "https://your-resource-name.openai.azure.com"


@pytest.fixture(autouse=True)
def _oracle_installed() -> None:
    why = oracle.unavailable()
    if why is not None:
        tool_missing(f"openapi-core unavailable: {why}")


def test_recorded_requests_unmarshal_into_what_was_sent(fault: FaultHandle) -> None:
    fault.script({"status": 200, "json": {}})
    base = fault.url("/openai/v1")
    headers = {"api-key": "k"}
    httpx.post(f"{base}/responses", headers=headers,
               json={"model": "gpt-4.1-nano", "input": "This is a test."})
    httpx.get(f"{base}/fine_tuning/jobs", headers=headers,
              params={"after": "ftjob-1", "limit": 7, "api-version": "v1"})
    httpx.get(f"{base}/fine_tuning/jobs/ftjob-9", headers=headers)
    created, listed, retrieved = oracle.unmarshal(V1, AZURE_HOST, fault.requests())
    assert created.errors == ()
    sent = {"model": "gpt-4.1-nano", "input": "This is a test."}
    # openapi-core fills in the schema's defaults for what was not sent (docs/testing.md).
    assert created.body == {**_defaults(V1, "CreateResponseRequest"), **sent}
    assert listed.errors == ()
    assert listed.query == {"after": "ftjob-1", "limit": 7, "api-version": "v1"}
    assert retrieved.errors == ()
    assert retrieved.path == {"fine_tuning_job_id": "ftjob-9"}


def _defaults(spec: Path, schema: str) -> dict[str, object]:
    document = yaml_rs.loads(spec.read_text(encoding="utf-8"), parse_datetime=False)
    properties = document["components"]["schemas"][schema]["properties"]
    return {k: p["default"] for k, p in properties.items() if "default" in p}


def test_the_oracle_reports_what_the_spec_refuses(fault: FaultHandle) -> None:
    fault.script({"status": 200, "json": {}})
    base = fault.url("/openai/v1")
    httpx.post(f"{base}/responses", headers={"api-key": "k"}, json={"model": 42})
    httpx.get(f"{base}/fine_tuning/jobs", headers={"api-key": "k"}, params={"limit": "many"})
    wrong_body, wrong_query = oracle.unmarshal(V1, AZURE_HOST, fault.requests())
    assert any("model" in e for e in wrong_body.errors), wrong_body.errors
    assert any("limit" in e for e in wrong_query.errors), wrong_query.errors
