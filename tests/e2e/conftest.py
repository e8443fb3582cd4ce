"""Fixtures for the end-to-end client tests: the shared fault server, one handle per test."""

from __future__ import annotations

import pytest

from tests.servers.rig import FaultHandle, fault_server


@pytest.fixture
def fault() -> FaultHandle:
    """This test's own id on the run's shared fault server (started on first use)."""
    return FaultHandle(fault_server())
