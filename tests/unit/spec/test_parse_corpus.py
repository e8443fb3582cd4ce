"""Every corpus spec: both YAML paths give the same document, and the fast path is the one taken.

ruamel.yaml's own safe loader is a third, independent reading (dates made strings) for the
files small enough to afford it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.spec import _yaml_exact, _yaml_fast, _yaml_scan, parse
from generator.spec.positions import build_index
from tests.conftest import corpus_params

LIMITS = {"max_depth": parse.MAX_DEPTH, "max_replay": parse.MAX_ALIAS_EVENTS}
HEAVY = 1_000_000  # bytes; above this the ruamel oracle costs seconds per file


def _read(path: Path) -> str:
    return parse.decode(path.read_bytes(), str(path))


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params(include_unsupported=True))
def test_fast_and_exact_paths_agree(path: Path) -> None:
    text = _read(path)
    assert _yaml_scan.route_reason(text) is None, "an ordinary spec must stay on the fast path"
    fast = _yaml_fast.load_fast(text, **LIMITS)  # raises Reroute if it could not answer
    exact = _yaml_exact.load_exact(text, str(path), **LIMITS)
    assert fast == exact
    assert _yaml_fast.load_fast(text, **LIMITS, raw=path.read_bytes()) == exact  # yaml-rs on bytes
    data, decoded = parse.parse_bytes(path.read_bytes(), str(path))  # the loader's way in
    assert data == exact and decoded is None  # ... straight from bytes, never decoded
    assert json.loads(json.dumps(fast)) == fast  # JSON data, nothing else


def _plain(node: Any) -> Any:
    """ruamel's safe-loader output as JSON data: dates as their text, keys as strings."""
    if isinstance(node, dict):
        return {(k if isinstance(k, str) else json.dumps(k)): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


def _small_corpus() -> list[object]:
    """Corpus files below HEAVY bytes (ruamel's own loader takes seconds on the big ones)."""
    params = corpus_params()
    small = [p for p in params if p.values[0] is None or p.values[0].stat().st_size <= HEAVY]  # type: ignore[attr-defined]
    return small


@pytest.mark.corpus
@pytest.mark.parametrize("path", _small_corpus())
def test_exact_path_matches_ruamels_own_loader(path: Path) -> None:
    from ruamel.yaml import YAML

    text = _read(path)
    oracle = _plain(YAML(typ="safe", pure=False).load(text))
    assert _yaml_exact.load_exact(text, str(path), **LIMITS) == oracle


def _pointers(node: Any, pointer: str = "") -> Iterator[str]:
    yield pointer
    if isinstance(node, dict):
        for key, value in node.items():
            token = key.replace("~", "~0").replace("/", "~1")
            yield from _pointers(value, f"{pointer}/{token}")
    elif isinstance(node, list):
        for number, value in enumerate(node):
            yield from _pointers(value, f"{pointer}/{number}")


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params())
def test_position_index_knows_every_pointer(path: Path) -> None:
    text = _read(path)
    data = parse.parse_text(text, str(path))
    index = build_index(text)
    lines = text.count("\n") + 1
    for pointer in _pointers(data):
        line, col = index[pointer]  # KeyError = a pointer the index does not know
        assert 1 <= line <= lines and col >= 1, pointer


def test_openai_spec_stays_on_the_fast_path(corpus: Path) -> None:
    path = corpus / "openai" / "2026-08-21.yaml"
    if not path.is_file():
        pytest.skip(f"{path} not in the corpus")
    text = _read(path)
    assert "!" in text  # `err != nil` and friends are there ...
    assert _yaml_scan.route_reason(text) is None  # ... and are not taken for tags
    data = _yaml_fast.load_fast(text, **LIMITS)
    assert data["openapi"].startswith("3.1")
