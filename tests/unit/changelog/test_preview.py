"""The preview rule: the IR's marker by default, a project's own segments and globs, the
lifecycle kinds it drives, and the rule on the whole corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.changelog import judge_pair, load_settings
from generator.changelog.preview import preview_rule
from generator.changelog.settings import ChangelogSettings, PreviewRule
from generator.ir.model import Api
from generator.pipeline import build_ir
from tests.conftest import CORPUS, CORPUS_MISSING, corpus_files
from tests.unit.changelog.helpers import api_from_text, kinds
from tests.unit.changelog.kind_cases import operation, spec

GET = operation()
PATHS = {"/beta/widgets": {"get": GET}, "/alpha/gadgets": {"get": GET},
         "/v1/things": {"get": GET}, "/v1/things/preview": {"get": GET}}


def _api(tmp: Path) -> Api:
    return api_from_text(tmp, "api", spec(PATHS))


def _previews(api: Api, rule: PreviewRule) -> set[str]:
    is_preview = preview_rule(rule)
    return {op.path for op in api.operations if is_preview(op, api)}


def test_default_is_the_irs_marker(tmp_path: Path) -> None:
    api = _api(tmp_path)
    assert _previews(api, PreviewRule()) == {op.path for op in api.operations if op.preview}
    assert _previews(api, PreviewRule()) == {"/alpha/gadgets"}


def test_a_project_names_its_own_stage_segments(tmp_path: Path) -> None:
    settings, problems = load_settings({"preview-segments": ["beta"]})
    assert problems == []
    assert _previews(_api(tmp_path), settings.preview) == {"/beta/widgets"}


def test_globs_force_either_way_and_stable_wins(tmp_path: Path) -> None:
    rule = PreviewRule(preview_paths=("/v1/*",), stable_paths=("/v1/things/*",))
    assert _previews(_api(tmp_path), rule) == {"/alpha/gadgets", "/v1/things"}


def test_promotion_by_the_projects_rule(tmp_path: Path) -> None:
    old = api_from_text(tmp_path, "old", spec({"/beta/widgets": {"get": GET}}))
    new = api_from_text(tmp_path, "new", spec({"/beta/widgets": {"get": GET}}))
    before = ChangelogSettings(preview=PreviewRule(segments=("beta",)))
    section = judge_pair(old, new, old_label="a", new_label="b", settings=before)
    assert kinds(section) == set()  # the same rule on both sides: nothing changed
    moved = api_from_text(tmp_path, "moved", spec({"/widgets": {"get": operation(
        operationId="w")}}))
    old_id = api_from_text(tmp_path, "old_id", spec({"/beta/widgets": {"get": operation(
        operationId="w")}}))
    section = judge_pair(old_id, moved, old_label="a", new_label="b", settings=before)
    assert {"endpoint-promoted-to-ga", "endpoint-moved"} <= kinds(section)
    [promoted] = [e for e in section.entries if e.kind == "endpoint-promoted-to-ga"]
    assert promoted.labels == ()  # GA now: no preview label


def _corpus_apis() -> list[object]:
    files = corpus_files()
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=CORPUS_MISSING))]
    return [pytest.param(p, id=str(p.relative_to(CORPUS))) for p in files
            if "stripe" not in p.parts]


@pytest.mark.corpus
@pytest.mark.parametrize("path", _corpus_apis())
def test_the_rule_restated_agrees_with_the_ir_on_the_corpus(path: Path) -> None:
    api = build_ir(path)[0]
    restated = _previews(api, PreviewRule(segments=("alpha", "preview")))
    assert restated == {op.path for op in api.operations if op.preview}


@pytest.mark.corpus
def test_the_corpus_previews_are_the_right_ones() -> None:
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    openai = build_ir(CORPUS / "openai" / "2026-08-21.yaml")[0]
    graders = {op.path for op in openai.operations if "/alpha/graders" in op.path}
    assert graders and graders <= _previews(openai, PreviewRule())
    azure = build_ir(CORPUS / "azure-openai-inference" / "v1-preview.yaml")[0]
    evals = {op.path for op in azure.operations if op.path.startswith("/evals")}
    assert evals and evals <= _previews(azure, PreviewRule())
    assert not any("/evals" not in p and "alpha" not in p and "checkpoints" not in p
                   for p in _previews(azure, PreviewRule())), _previews(azure, PreviewRule())


@pytest.mark.corpus
@pytest.mark.slow
def test_stripe_preview_actions_are_not_stages() -> None:
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    stripe = build_ir(CORPUS / "stripe" / "2023-09-12.yaml")[0]
    actions = {op.path for op in stripe.operations if "/preview" in op.path}
    assert "/v1/credit_notes/preview/lines" in actions
    assert not actions & _previews(stripe, PreviewRule())
    assert _previews(stripe, PreviewRule(segments=("alpha", "preview"))) == {
        op.path for op in stripe.operations if op.preview}
