"""spec.inline's shortcut: a file whose `$ref`s are all plain is not walked, and that is exact."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.diagnostics import SpecError
from generator.spec import inline as inline_module
from generator.spec._yaml_fast import load_fast
from generator.spec.load import load_spec
from generator.spec.parse import MAX_ALIAS_EVENTS, MAX_DEPTH
from tests.conftest import CORPUS, REPO, corpus_files

SHIPPED = sorted((REPO / "specs" / "azure-openai").glob("*.yaml"))
MULTIFILE = sorted((REPO / "tests" / "fixtures" / "multifile").glob("*/openapi.yaml"))


def _plain(text: str) -> bool:
    facts: dict[str, bool] = {}
    load_fast(text, max_depth=MAX_DEPTH, max_replay=MAX_ALIAS_EVENTS, facts=facts)
    return facts["plain_refs"]


HEAD = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"


@pytest.mark.parametrize(
    ("body", "plain"),
    [
        # standard places, refs into components
        ("components:\n  schemas:\n"
         "    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}\n"
         "    B:\n      allOf: [{$ref: '#/components/schemas/A'}]\n"
         "      items: {$ref: '#/components/schemas/A'}\n",
         True),
        # a property *named* description or type holding a schema ref is standard
        ("components:\n  schemas:\n    A:\n      properties:\n"
         "        description: {$ref: '#/components/schemas/B'}\n"
         "        type: {$ref: '#/components/schemas/B'}\n", True),
        ("paths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/P'}]\n"
         "      requestBody: {$ref: '#/components/requestBodies/R'}\n"
         "      responses: {'200': {$ref: '#/components/responses/R'}}\n", True),
        # nonstandard places
        ("info2: x\ncomponents:\n  schemas:\n    A: {description: {$ref: '#/x'}}\n", False),
        ("paths:\n  /a:\n    get: {$ref: '#/components/x-ops/get'}\n", False),
        ("components:\n  schemas:\n    A: {properties: {$ref: '#/components/x-props'}}\n", False),
        ("components:\n  schemas:\n    A: {type: object, example: {$ref: '#/components/x'}}\n",
         False),
        # refs that lead elsewhere: another file, or outside components
        ("components:\n  schemas:\n    A: {$ref: 'other.yaml'}\n", False),
        ("components:\n  schemas:\n    A: {$ref: '#/paths/~1a'}\n", False),
        # unknown places (callbacks, extensions) are judged not plain: the walk decides
        ("x-ext:\n  thing: {$ref: '#/components/schemas/A'}\n", False),
    ],
)
def test_plain_refs_fact(body: str, plain: bool) -> None:
    assert _plain(HEAD + body) is plain


def _specs() -> list[Path]:
    return [*corpus_files(), *SHIPPED, *MULTIFILE]


def test_the_shortcut_changes_nothing() -> None:
    """Where the parse says the refs are plain, the full walk finds nothing to do either."""
    plain = 0
    for path in _specs():
        try:
            quick = load_spec(path)
        except SpecError:  # unsupported versions and the like: nothing to compare
            continue
        if not quick.root.plain_refs:
            continue  # walked anyway
        plain += 1
        slow = load_spec(path)
        slow.root = dataclasses.replace(slow.root, plain_refs=False)
        slow.files[""] = slow.root
        inline_module.inline(slow)
        assert slow.mounts == {} and slow.diagnostics == quick.diagnostics, path
        assert slow.root.data == quick.root.data, path
        assert list(slow.files) == [""], path
    assert plain >= 5  # the shipped specs at least


def test_big_real_specs_take_the_shortcut() -> None:
    assert load_spec(REPO / "specs" / "azure-openai" / "v1.yaml").root.plain_refs
    openai = CORPUS / "openai" / "2026-08-21.yaml"
    if openai.is_file():
        assert load_spec(openai).root.plain_refs
