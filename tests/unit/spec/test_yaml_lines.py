"""The line locator answers exactly as the event index does, wherever it answers."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.spec._yaml_lines import LineLocator
from generator.spec.positions import build_index
from tests.conftest import REPO, corpus_params

SHIPPED = sorted((REPO / "specs").rglob("*.yaml"))

INLINE = [
    "a:\nb: 1\n",
    "x:\n  a:\n  b: 1\n",
    "x:\n  a:   # note\n  b: 1\n",
    "l:\n  -\n  - 2\n",
    "a: [1, 2]\nb: {c: 1}\n",
    "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n",
    "list:\n- a: 1\n  b:\n    c: 2\n- 3\n",
    "k: |\n  text: not a key\n  more\nnext: 1\n",
    "q:\n  \"quoted key\": 1\n  'single''s': 2\n",
    "anyOf:\n  - additionalProperties:\n      type: string\n    type: object\n",
]


@pytest.mark.parametrize("text", INLINE)
def test_inline_documents_agree(text: str) -> None:
    index = build_index(text)
    lines = LineLocator(text)
    answered = {p: lines.find(p) for p in index}
    assert {p: v for p, v in answered.items() if v is not None and v != index[p]} == {}
    assert sum(v is not None for v in answered.values()) >= len(index) // 2


def test_block_scalar_lines_are_not_keys() -> None:
    text = "k: |\n  text: not a key\nnext: 1\n"
    assert LineLocator(text).find("/k/text") is None
    assert LineLocator(text).find("/next") == (3, 7)


def _agree(path: Path, sample: int) -> None:
    text = path.read_text(encoding="utf-8")
    index = build_index(text)
    pointers = sorted(index)
    chosen = random.Random(7).sample(pointers, min(sample, len(pointers)))
    lines = LineLocator(text)
    answers = {p: lines.find(p) for p in chosen}
    wrong = {p: (v, index[p]) for p, v in answers.items() if v is not None and v != index[p]}
    assert wrong == {}
    if len(pointers) >= 1000:  # big specs are block YAML: most answers must come fast
        assert sum(v is not None for v in answers.values()) >= 0.8 * len(chosen)


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params(include_unsupported=True))
def test_corpus_agrees_with_event_index(path: Path) -> None:
    _agree(path, 1500)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_specs_agree(path: Path) -> None:
    _agree(path, 3000)
