"""Version labels: which stems read as labels, their order, and which are previews."""

from __future__ import annotations

import random

import pytest

from generator.versions import is_label, is_preview, sort_labels, version_label


@pytest.mark.parametrize(
    "text", ["2024-10-21", "2025-04-01-preview", "v1", "v1-preview", "v12", "1.2.0", "2.0.0-rc.1"]
)
def test_labels(text: str) -> None:
    assert is_label(text)


@pytest.mark.parametrize(
    "text",
    ["2024-13-01", "2023-02-29", "1.2", "v", "vx", "preview", "openapi", "2024-10-21-beta", ""],
)
def test_not_labels(text: str) -> None:
    assert not is_label(text)


def test_order_dated_then_vn_then_semver() -> None:
    ordered = [
        "2024-08-01-preview",
        "2024-09-01-preview",
        "2024-10-21-preview",
        "2024-10-21",
        "2025-04-01-preview",
        "v1-preview",
        "v1",
        "v2",
        "v10",
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-beta",
        "1.0.0",
        "1.2.0",
        "1.10.0",
        "2.0.0",
        "latest",
        "zzz",
    ]
    shuffled = ordered[:]
    random.Random(7).shuffle(shuffled)
    assert sort_labels(shuffled) == ordered


def test_leap_day_is_a_date() -> None:
    assert sort_labels(["2024-03-01", "2024-02-29"]) == ["2024-02-29", "2024-03-01"]


@pytest.mark.parametrize(
    ("label", "preview"),
    [
        ("2025-04-01-preview", True),
        ("v1-preview", True),
        ("preview", True),
        ("1.0.0-beta.2", True),
        ("2024-10-21", False),
        ("v1", False),
        ("1.0.0", False),
        ("1.0.0+build.5", False),
    ],
)
def test_is_preview(label: str, preview: bool) -> None:
    assert is_preview(label) is preview


def test_version_label_prefers_a_stem_that_reads_as_one() -> None:
    assert version_label("2026-08-21", "2.3.0") == "2026-08-21"  # the OpenAI corpus
    assert version_label("openapi", "2.3.0") == "2.3.0"
    assert version_label("spec3", "2023-08-16") == "2023-08-16"
