"""Fixtures for the end-to-end client tests: the shared fault server and Prism servers.

Prism for the corpus OpenAI spec takes ~40 s to load: as soon as a test that uses it is
collected, it starts in the background, so its load overlaps the other tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CORPUS, CORPUS_MISSING
from tests.servers import prism
from tests.servers.rig import FaultHandle, fault_server

OPENAI_SPEC = CORPUS / "openai" / "2026-08-21.yaml"
PRISM_MARK = "prism_specs"


def tool_missing(reason: str) -> None:
    """Skip for a missing tool, saying why; under CI=true a missing tool fails instead."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the tools must be installed)")
    pytest.skip(reason)


def openai_spec() -> Path:
    """The corpus OpenAI spec; skips when the corpus is absent."""
    if not OPENAI_SPEC.is_file():
        pytest.skip(CORPUS_MISSING)
    return OPENAI_SPEC


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start Prism early for the specs that collected tests name with @prism_specs(...)."""
    specs: set[Path] = set()
    for item in items:
        for mark in item.iter_markers(PRISM_MARK):
            specs.update(Path(s) for s in mark.args)
    for spec in sorted(specs):
        if spec.is_file():
            prism.start_soon(spec)


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker that names the specs a test needs Prism for."""
    config.addinivalue_line("markers", f"{PRISM_MARK}(*specs): Prism servers this test uses")


@pytest.fixture
def fault() -> FaultHandle:
    """This test's own id on the run's shared fault server (started on first use)."""
    return FaultHandle(fault_server())


@pytest.fixture(scope="session")
def prism_url() -> Callable[[Path], str]:
    """A function giving the base URL of the run's Prism for a spec (skips without node)."""

    def url(spec: Path) -> str:
        """The base URL of the run's Prism for `spec`."""
        why = prism.unavailable()
        if why is not None:
            tool_missing(f"Prism unavailable: {why}")
        return f"http://127.0.0.1:{prism.prism_server(spec).port}"

    return url
