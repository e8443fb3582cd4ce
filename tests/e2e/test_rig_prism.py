"""Prism as the rig runs it, driven by plain httpx: it validates requests, answers from the spec."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import yaml_rs

from tests.conftest import CORPUS, REPO
from tests.e2e.conftest import OPENAI_SPEC, openai_spec
from tests.servers import prism

V1 = REPO / "specs" / "azure-openai" / "v1.yaml"
AZURE_CORPUS = CORPUS / "azure-openai-inference" / "2024-10-21.yaml"


@pytest.mark.prism_specs(V1)
def test_prism_accepts_a_valid_request_and_refuses_an_invalid_one(
    prism_url: Callable[[Path], str],
) -> None:
    base = prism_url(V1)
    good = httpx.post(f"{base}/responses", headers={"api-key": "k"},
                      json={"model": "gpt-4.1-nano", "input": "This is a test."}, timeout=30)
    assert good.status_code == 200, good.text
    assert "sl-violations" not in good.headers
    assert good.json()["object"] == "response"
    bad = httpx.post(f"{base}/responses", headers={"api-key": "k"},
                     json={"model": 42}, timeout=30)
    assert bad.status_code >= 400
    violations = json.loads(bad.headers["sl-violations"])
    assert any("model" in json.dumps(v) for v in violations)


@pytest.mark.prism_specs(V1)
def test_prism_refuses_a_request_without_credentials(prism_url: Callable[[Path], str]) -> None:
    response = httpx.get(f"{prism_url(V1)}/models", timeout=30)
    assert response.status_code == 401


def test_loadable_copy_drops_x_ms_examples_only(corpus: Path) -> None:
    if not AZURE_CORPUS.is_file():
        pytest.skip(f"{AZURE_CORPUS} not in the corpus")
    copy = prism.loadable_copy(AZURE_CORPUS)
    text = copy.read_text(encoding="utf-8")
    assert "x-ms-examples" not in text
    assert AZURE_CORPUS.read_text(encoding="utf-8").count("x-ms-examples") > 0
    document = json.loads(text)
    original = yaml_rs.loads(AZURE_CORPUS.read_text(encoding="utf-8"), parse_datetime=False)
    assert document["paths"].keys() == original["paths"].keys()
    assert document["components"].keys() == original["components"].keys()
    assert prism.loadable_copy(AZURE_CORPUS) == copy  # cached by content hash


@pytest.mark.prism_specs(AZURE_CORPUS)
def test_prism_loads_the_azure_corpus_copy(prism_url: Callable[[Path], str], corpus: Path) -> None:
    base = prism_url(AZURE_CORPUS)
    response = httpx.post(
        f"{base}/deployments/gpt-4o/embeddings",
        params={"api-version": "2024-10-21"},
        headers={"api-key": "k"},
        json={"input": "hello"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert "sl-violations" not in response.headers


@pytest.mark.prism_specs(OPENAI_SPEC)
def test_prism_serves_the_corpus_openai_spec(prism_url: Callable[[Path], str]) -> None:
    base = prism_url(openai_spec())
    response = httpx.post(
        f"{base}/embeddings",
        headers={"Authorization": "Bearer sk-test"},
        json={"model": "text-embedding-3-small", "input": "hello"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    assert "sl-violations" not in response.headers
    assert response.json()["object"] == "list"
