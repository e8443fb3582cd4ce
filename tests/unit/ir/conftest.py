"""Helpers for IR tests: build an Api from inline YAML or a fixture file."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.ir.build import build_api
from generator.ir.model import Api
from generator.spec.document import SpecDocument
from generator.spec.load import load_spec

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

Loader = Callable[..., tuple[Api, SpecDocument]]


def load_fixture(path: Path) -> tuple[Api, SpecDocument]:
    """Load and build one spec file."""
    doc = load_spec(path)
    return build_api(doc), doc


@pytest.fixture
def from_yaml(tmp_path: Path) -> Loader:
    """Write inline YAML to `<name>.yaml` in a temp folder, then load and build it."""

    def make(text: str, name: str = "spec") -> tuple[Api, SpecDocument]:
        path = tmp_path / f"{name}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return load_fixture(path)

    return make
