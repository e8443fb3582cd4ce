"""SDK impact over real histories: every impact is of a registered kind with its registry
level, every method it names is one the client generator gives that pair's old or new
version, every field is named on the model that holds it, and a second run is equal. Museum,
train-travel and the Azure inference history run in `make test`; OpenAI and Stripe under
`slow`."""

from __future__ import annotations

import pytest

from generator.changelog.model import Changelog
from generator.changelog.sdk import SDK_KINDS
from generator.changelog.settings import ChangelogSettings
from generator.naming.client import client_names
from generator.pipeline import build_ir, ordered_specs
from generator.pipeline.changelog import judge
from tests.conftest import CORPUS, CORPUS_MISSING

SMALL = ("museum", "train-travel", "azure-openai-inference")
LARGE = ("openai", "stripe")


def _params(names: tuple[str, ...]) -> list[object]:
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=CORPUS_MISSING))]
    return [pytest.param(name, id=name) for name in names]


def _check(name: str) -> Changelog:
    versions = [(p.stem, build_ir(p)[0]) for p in ordered_specs(CORPUS / name)]
    methods = {label: {m.dotted for m in client_names(api).methods.values()}
               for label, api in versions}
    changelog = judge(versions, ChangelogSettings())
    seen = 0
    for section in changelog.sections:
        known = methods[section.old_label] | methods[section.new_label]
        for entry in section.entries:
            for impact in entry.sdk:
                seen += 1
                kind = SDK_KINDS[impact.kind]
                assert impact.level is kind.level and impact.template == kind.template
                for key in ("method", "old", "new"):
                    if kind.about == "method" and key in impact.params:
                        assert impact.params[key] in known, (entry.kind, impact)
                if kind.about == "argument":
                    assert impact.params["method"] in known, (entry.kind, impact)
                if kind.about == "response":
                    assert set(impact.params["methods"]) <= known, (entry.kind, impact)
                if kind.about == "option":  # a constructor keyword the client has
                    names = [impact.params.get("option")] if kind.id != "client-option-renamed" \
                        else [impact.params["old"], impact.params["new"]]
                    assert all(str(n).isidentifier() for n in names if n is not None), impact
                if kind.about == "model" and "field" in impact.params:
                    assert str(impact.params["field"]).isidentifier(), impact
    assert seen, f"{name}: no SDK impact in the whole history"
    assert judge(versions, ChangelogSettings()) == changelog  # deterministic
    return changelog


@pytest.mark.corpus
@pytest.mark.parametrize("name", _params(SMALL))
def test_small_histories_sdk_impact(name: str) -> None:
    _check(name)


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", _params(LARGE))
def test_large_histories_sdk_impact(name: str) -> None:
    _check(name)

