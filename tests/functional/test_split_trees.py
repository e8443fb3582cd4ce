"""A spec split into many files by `redocly split` reads as the single file it came from.

Issue 14, "How to know it works": on the split trees of the shipped specs and of corpus specs
(OpenAI, an Azure file, Stripe), `inspect` counts the same operations and webhooks and as many
named schemas as the single file reaches from them (the split drops the others); `validate`
finds the same problems outside the unreachable schemas; the IR's operations and reachable
schemas are equal, node ids aside (see tests/canonical.py). The trees are made once and
cached by tests/splits.py. Stripe's full split takes ~90 s, so it is marked `slow` (`make
test-slow`); `make test` runs its first 30 paths with every component they reach instead.
"""

from __future__ import annotations

import collections
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench.peers import Tool
from generator.diagnostics import SpecError
from generator.ir.model import Api
from generator.pipeline import build_ir, bundle_text
from tests.canonical import Canonical, canonical, differences, reachable_schemas
from tests.conftest import CORPUS, CORPUS_MISSING, REPO
from tests.splits import ROOT_FILE, split_tree, trimmed_spec

SAMPLE_DIR = REPO / "build" / "split-inputs"


@dataclass(frozen=True, slots=True)
class Case:
    """One spec to split: shipped (repo-relative) or in the corpus, maybe trimmed."""

    path: str
    in_corpus: bool = False
    first_paths: int | None = None  # a bounded stand-in: only the first N paths

    def single(self) -> Path:
        """The single-file spec (trimmed ones are written under build/split-inputs)."""
        if not self.in_corpus:
            return REPO / self.path
        if not CORPUS.is_dir():
            pytest.skip(CORPUS_MISSING)
        source = CORPUS / self.path
        if self.first_paths is None:
            return source
        name = f"{source.parent.name}-{source.stem}-first{self.first_paths}.yaml"
        return trimmed_spec(source, SAMPLE_DIR / name, max_paths=self.first_paths)


def _cases() -> list[Any]:
    shipped = sorted((REPO / "specs" / "azure-openai").glob("*.yaml"))
    cases = [pytest.param(Case(p.relative_to(REPO).as_posix()), id=p.name) for p in shipped]
    corpus = [
        ("openai/2026-08-21.yaml", None, ()),
        ("azure-openai-inference/2025-04-01-preview.yaml", None, ()),
        ("stripe/2023-09-12.yaml", 30, ()),
        ("stripe/2023-09-12.yaml", None, (pytest.mark.slow,)),
    ]
    for path, first, marks in corpus:
        ident = path if first is None else f"{path}[first {first} paths]"
        case = Case(path, in_corpus=True, first_paths=first)
        cases.append(pytest.param(case, id=ident, marks=(pytest.mark.corpus, *marks)))
    return cases


CASES = _cases()


@dataclass(frozen=True, slots=True)
class Pair:
    """A single-file spec, its split tree's root, and both IRs."""

    single: Path
    tree: Path
    single_api: Api
    tree_api: Api


_PAIRS: dict[Case, Pair] = {}


@pytest.fixture
def pair(request: pytest.FixtureRequest, redocly: Tool) -> Pair:
    """The case's spec, split (cached on disk), with both IRs (cached in this worker)."""
    case: Case = request.param
    if case not in _PAIRS:
        single = case.single()
        root = split_tree(single, redocly) / ROOT_FILE
        _PAIRS[case] = Pair(
            single=single,
            tree=root,
            single_api=build_ir(single, use_cache=False)[0],
            tree_api=build_ir(root, use_cache=False)[0],
        )
    return _PAIRS[case]


def specloom(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )


def inspect_json(spec: Path) -> dict[str, Any]:
    """`specloom inspect --format json --no-cache SPEC`, parsed."""
    result = specloom("inspect", "--format", "json", "--no-cache", str(spec))
    assert result.returncode == 0, result.stdout + result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


parametrized = pytest.mark.parametrize("pair", CASES, indirect=True)


@parametrized
def test_inspect_counts_the_same_operations_and_webhooks(pair: Pair) -> None:
    single, tree = inspect_json(pair.single), inspect_json(pair.tree)
    assert single["operations"] > 0
    assert (tree["operations"], tree["webhooks"]) == (single["operations"], single["webhooks"])


@parametrized
def test_inspect_counts_the_schemas_the_operations_reach(pair: Pair) -> None:
    reached = reachable_schemas(pair.single_api)
    assert reached, "the single file names no schema its operations reach"
    assert inspect_json(pair.tree)["schemas"] == len(reached)


def test_reachable_schemas_of_the_openai_spec(corpus: Path) -> None:
    """The figure issue 14 quotes, from the IR walk the tests rely on."""
    api = build_ir(corpus / "openai" / "2026-08-21.yaml", use_cache=False)[0]
    assert (len(reachable_schemas(api)), len(api.schemas)) == (1221, 1422)


# --- validate --------------------------------------------------------------------------

# Where `redocly split` itself changes the document, the tree differs for a reason that is not
# specloom's: Redocly rewrites `$ref`s only where OpenAPI allows one, so a `$ref` standing in a
# description is copied verbatim into the schema's own file, where "#/components/..." points
# into that file and resolves no more. Each entry is checked to still be so.


@dataclass(frozen=True, slots=True)
class SplitBreak:
    """A `$ref` the split broke, and the named schema whose file it was copied into."""

    ref: str
    schema: str


SPLIT_BREAKS: dict[str, tuple[SplitBreak, ...]] = {
    "azure-openai-inference/2025-04-01-preview.yaml": (
        SplitBreak("#/components/schemas/includable/description", "createResponse"),
    ),
}


def split_breaks(request: pytest.FixtureRequest) -> tuple[SplitBreak, ...]:
    """The known split breaks of the test's case."""
    case: Case = request.node.callspec.params["pair"]
    return SPLIT_BREAKS.get(case.path, ()) if case.in_corpus else ()


def validate_json(spec: Path) -> list[dict[str, Any]]:
    """`specloom validate --format json --no-cache SPEC`'s findings."""
    result = specloom("validate", "--format", "json", "--no-cache", str(spec))
    assert result.returncode in (0, 1), result.stdout + result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    return findings


def finding_key(finding: dict[str, Any], tree: Path) -> tuple[str, str, str]:
    """(code, severity, message) with file paths out of the message.

    Where a missing `$ref` was looked for depends on the file it stands in, so a
    `ref-missing` message is kept up to the `$ref` it names.
    """
    message = finding["message"].replace(str(tree.parent) + "/", "")
    message = re.sub(r"( not found):.*", r"\1", message)
    return finding["code"], finding["severity"], message


def _inside(pointer: str, names: set[str]) -> bool:
    """Whether a root-file pointer lies in one of the named component schemas."""
    parts = pointer.split("/")
    if len(parts) < 4 or parts[1:3] != ["components", "schemas"]:
        return False
    return parts[3].replace("~1", "/").replace("~0", "~") in names


def _mentions(finding: dict[str, Any], refs: tuple[str, ...]) -> bool:
    return any(f"$ref '{ref}'" in finding["message"] for ref in refs)


@parametrized
def test_validate_finds_the_same_outside_unreachable_schemas(
    pair: Pair, request: pytest.FixtureRequest
) -> None:
    unreachable = set(pair.single_api.schemas) - reachable_schemas(pair.single_api)
    breaks = tuple(b.ref for b in split_breaks(request))
    single = [f for f in validate_json(pair.single) if not _inside(f["pointer"], unreachable)]
    tree = validate_json(pair.tree)
    for ref in breaks:  # the split broke it: a finding of its own in the tree
        assert any(f["code"] == "ref-missing" and _mentions(f, (ref,)) for f in tree), ref
    single = [f for f in single if not _mentions(f, breaks)]
    tree = [f for f in tree if not _mentions(f, breaks)]
    expected = collections.Counter(finding_key(f, pair.tree) for f in single)
    found = collections.Counter(finding_key(f, pair.tree) for f in tree)
    assert found == expected, (
        f"only in the single file: {sorted((expected - found).elements())[:5]}; "
        f"only in the tree: {sorted((found - expected).elements())[:5]}"
    )


# --- the IR ----------------------------------------------------------------------------


@parametrized
def test_ir_operations_are_equal_node_ids_aside(pair: Pair) -> None:
    single, tree = Canonical(pair.single_api), Canonical(pair.tree_api)
    ops = [(op.method, op.path) for op in pair.single_api.operations]
    assert [(op.method, op.path) for op in pair.tree_api.operations] == ops
    pairs = zip(
        (*pair.single_api.operations, *pair.single_api.webhooks),
        (*pair.tree_api.operations, *pair.tree_api.webhooks),
        strict=True,
    )
    differ = [
        f"{a.method.value} {a.path}" for a, b in pairs if single.operation(a) != tree.operation(b)
    ]
    assert not differ, f"{len(differ)} operations differ, first: {differ[:3]}"


@parametrized
def test_ir_reachable_schemas_are_equal_node_ids_aside(
    pair: Pair, request: pytest.FixtureRequest
) -> None:
    reached = reachable_schemas(pair.single_api)
    assert set(pair.tree_api.schemas) == reached
    single, tree = Canonical(pair.single_api), Canonical(pair.tree_api)
    differ = [n for n in sorted(reached) if single.named_schema(n) != tree.named_schema(n)]
    broken = sorted({b.schema for b in split_breaks(request)})
    assert [n for n in differ if n not in broken] == [], (
        f"{len(differ)} schemas differ, first: {differ[:3]}"
    )
    assert [n for n in broken if n in differ] == broken, "a known split break no longer shows"


@parametrized
def test_bundle_of_the_tree_has_the_model_of_the_tree(
    pair: Pair, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`specloom bundle` of each split tree: one file whose IR equals the tree's (names and
    content), or, where the tree has a dangling `$ref`, a located refusal."""
    out = tmp_path_factory.mktemp("bundle") / "openapi.yaml"
    try:
        out.write_text(bundle_text(pair.tree), encoding="utf-8")
    except SpecError as exc:
        # Only a tree with unresolvable refs is refused (Redocly's split breaks a few).
        assert {d.code for d in exc.diagnostics} <= {"ref-missing", "ref-unreadable"}
        assert any(d.code.startswith("ref-") for d in pair_findings(pair.tree))
        return
    bundled = canonical(build_ir(out, use_cache=False)[0])
    tree = canonical(pair.tree_api)
    assert sorted(bundled["schemas"]) == sorted(tree["schemas"])
    assert differences(tree, bundled) == []


def pair_findings(root: Path) -> list[Any]:
    """Every finding of `validate` on a tree."""
    from generator.pipeline import check_spec

    return list(check_spec(root).diagnostics)
