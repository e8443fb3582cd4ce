"""Every operation of the shipped specs and the corpus OpenAI spec, called through its generated
client with minimal schema-valid arguments, against Prism (`prism mock --errors`).

Prism validates each request against the spec (an invalid one is answered 4xx with the
violations) and answers from the spec's examples; the client must send a request Prism accepts
and parse the answer into the declared model. Where the spec's own example breaks its schema,
Prism answers 500 with violations located in the response only: the request was accepted, and
the operation is listed in SPEC_EXAMPLE_INVALID (docs/testing.md); the test fails when such an
operation starts passing, so the list stays true.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS_MISSING
from tests.e2e import sweep
from tests.e2e.clients import SPECS, client_module
from tests.e2e.conftest import OPENAI_SPEC

SHIPPED = ("2024-08-01-preview", "2024-09-01-preview", "2024-10-21", "2025-04-01-preview", "v1")
TARGETS = {label: (SPECS / f"{label}.yaml", "azure_" + label.replace("-", "_"))
           for label in SHIPPED}
TARGETS["openai"] = (OPENAI_SPEC, "openai_corpus")

# The generated client mishandles these (strict xfails: they fail the run once fixed).
CLIENT_BUGS: dict[str, str] = {}
# Operations whose example answer in the spec breaks the spec's own schema (Prism says so).
SPEC_EXAMPLE_INVALID = frozenset({
    "openai:chatkit.sessions.cancel", "openai:chatkit.sessions.create", "openai:evals.create",
    "openai:evals.list", "openai:evals.retrieve", "openai:evals.update",
    "openai:realtime.client_secrets.create", "openai:responses.cancel",
    "openai:responses.cancel_beta_true", "openai:responses.compact",
    "openai:responses.compact_beta_true", "openai:responses.create",
    "openai:responses.response_id_beta_true.list", "openai:responses.retrieve",
    "openai:responses_beta_true.create",
})

# Prism cannot answer these at all: the spec declares `Transfer-Encoding` as a response header
# and Prism sends its example value ("string"), which no HTTP client accepts.
PRISM_BROKEN_ANSWER = {"openai:audio.speech.create": "Transfer-Encoding"}


def _params() -> list[Any]:
    found: list[Any] = []
    for label, (spec, _) in TARGETS.items():
        if not spec.is_file():
            found.append(pytest.param(label, None, id=f"{label}:no-corpus",
                                      marks=pytest.mark.skip(reason=CORPUS_MISSING)))
            continue
        for case in sweep.cases(spec, label):
            reason = CLIENT_BUGS.get(case.id)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            found.append(pytest.param(label, case, id=case.id, marks=marks))
    return found


def _response_only(error: Any) -> bool:
    """Whether Prism refused its own answer only (every violation located in the response)."""
    body = getattr(error, "body", None)
    checks = body.get("validation") if isinstance(body, dict) else None
    return bool(checks) and all(v.get("location", [""])[0] == "response" for v in checks)


def _call(client: Any, api: Any, case: sweep.Case) -> Any:
    positional, keywords = sweep.minimal_call(api, case)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # deprecated operations still run
        result = sweep.method(client, case.method.dotted)(*positional, **keywords)
    read = getattr(result, "read", None)
    return read() if callable(read) else result


@pytest.mark.prism_specs(*(spec for spec, _ in TARGETS.values()))
@pytest.mark.parametrize(("label", "case"), _params())
def test_prism_accepts_the_call_and_the_client_parses_the_answer(
    label: str, case: sweep.Case, prism_url: Callable[[Path], str]
) -> None:
    spec, package = TARGETS[label]
    module = client_module(spec, package)
    client = module.Client(api_key="sk-test", base_url=prism_url(spec), max_retries=0)
    try:
        _call(client, sweep.api_of(spec), case)
    except module.APIConnectionError as error:
        broken = PRISM_BROKEN_ANSWER.get(case.id)
        if broken is None or broken not in str(error.__cause__):
            raise
        return  # documented above: the request was sent, Prism's answer is not HTTP
    except module.APIStatusError as error:
        if case.id in SPEC_EXAMPLE_INVALID and error.status_code == 500 and _response_only(
                error):
            return  # the request passed Prism's validation; its example answer did not
        pytest.fail(f"{case.operation.method.value.upper()} {case.operation.path}: "
                    f"{error.status_code} {error.body}")
    assert case.id not in SPEC_EXAMPLE_INVALID, "its example is valid now: drop it from the list"
    assert case.id not in PRISM_BROKEN_ANSWER, "Prism answers it now: drop it from the list"
