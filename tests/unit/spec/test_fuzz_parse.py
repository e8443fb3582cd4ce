"""Fuzzing the parsing layer in child processes, so that a crash (SIGSEGV) fails a test.

Each child reads inputs as JSON lines and answers one JSON line per input with what both
engines made of it. A child that dies, an exception other than SpecError, data that is not
JSON, or two engines that both accept a text but read different data: each fails the test.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.spec import parse
from generator.spec.parse import parse_text

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "parse"
KNOWN_CODES = {
    "parse-encoding", "parse-syntax", "parse-duplicate-key", "parse-tag", "parse-multi-document",
    "parse-alias-limit", "parse-depth-limit", "parse-size-limit", "parse-non-json", "parse-empty",
}  # fmt: skip

CHILD = r"""
import json, sys, traceback
from generator.diagnostics import SpecError
from generator.spec.parse import parse_text

def outcome(text, name, engine):
    try:
        data = parse_text(text, name, engine=engine)
    except SpecError as exc:
        d = exc.diagnostics[0]
        loc = d.location
        return ["error", d.code, loc.line if loc else None, loc.col if loc else None]
    except BaseException:
        return ["exception", traceback.format_exc()]
    try:
        return ["data", json.dumps(data, allow_nan=False, sort_keys=True)]
    except BaseException:
        return ["exception", "not JSON data: " + traceback.format_exc()]

for line in sys.stdin:
    item = json.loads(line)
    answer = {e: outcome(item["text"], item["name"], e) for e in ("auto", "exact")}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
"""


def _no_core_dumps() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_child(items: list[tuple[str, str]], timeout: float = 60) -> list[dict[str, Any]]:
    """Parse `(text, name)` items in a child process; fail the test if the child dies."""
    payload = "".join(json.dumps({"text": t, "name": n}) + "\n" for t, n in items)
    proc = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=payload,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        preexec_fn=_no_core_dumps,
    )
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    if proc.returncode != 0:
        crashed = items[len(answers)][0] if len(answers) < len(items) else None
        shown = repr(crashed[:300]) if crashed is not None else "?"
        where = f"child died with {proc.returncode} on input {len(answers)}: {shown}"
        pytest.fail(f"{where}\n{proc.stderr[-2000:]}")
    assert len(answers) == len(items)
    return answers


def check(answer: dict[str, Any], text: str) -> None:
    """Every outcome is data or a known diagnostic; when both engines accept, they agree."""
    for engine, result in answer.items():
        assert result[0] in ("data", "error"), f"{engine} on {text[:200]!r}:\n{result[1]}"
        if result[0] == "error":
            assert result[1] in KNOWN_CODES, result
    auto, exact = answer["auto"], answer["exact"]
    if auto[0] == exact[0] == "data":
        assert auto[1] == exact[1], f"engines disagree on {text[:300]!r}"


# -- deep nesting -------------------------------------------------------------------------------
def _indented(levels: int) -> str:
    return "".join(" " * i + "k:\n" for i in range(levels)) + " " * levels + "v\n"


DEEP = {
    "block-seq-30000": "- " * 30_000 + "x\n",
    "block-map-in-seq-25000": "".join("  " * i + "- k:\n" for i in range(2))
    + "- " * 25_000
    + "k: v\n",
    "block-indented-3000": _indented(3000),
    "complex-keys-30000": "? " * 30_000 + "x\n",
    "flow-seq-100000": "[" * 100_000 + "]" * 100_000,
    "flow-map-50000": "{a: " * 50_000 + "1" + "}" * 50_000,
    "flow-unclosed-100000": "a: " + "[" * 100_000,
    "block-then-flow": _indented(150).replace(
        " " * 150 + "v\n", " " * 150 + "[" * 200 + "]" * 200 + "\n"
    ),
    "alias-of-deep": "a: &x "
    + "[" * 200
    + "]" * 200
    + "\nb: "
    + "[" * 100
    + "*x"
    + "]" * 100
    + "\n",
}


def test_deep_nesting_is_refused_without_crashing() -> None:
    items = [(text, f"{name}.yaml") for name, text in DEEP.items()]
    items.append(("[" * 100_000 + "]" * 100_000, "deep.json"))
    items.append(('{"a": ' * 50_000 + "1" + "}" * 50_000, "deep.json"))
    for (text, name), answer in zip(items, run_child(items), strict=True):
        check(answer, text)
        for engine in ("auto", "exact"):
            assert answer[engine][0] == "error", (name, engine)
            assert answer[engine][2] is not None, (name, "the error must be located")
        expected = {"complex-keys-30000.yaml": "parse-non-json"}
        assert answer["auto"][1] == answer["exact"][1] == expected.get(name, "parse-depth-limit"), (
            name
        )


def test_the_harness_sees_a_real_crash() -> None:
    """yaml-rs itself dies on deep block nesting: the guard is needed and the harness notices."""
    code = "import yaml_rs; yaml_rs.loads('- ' * 200_000 + 'x')"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=60, preexec_fn=_no_core_dumps
    )
    assert proc.returncode == -signal.SIGSEGV
    assert run_child([("- " * 200_000 + "x", "same.yaml")])[0]["auto"][1] == "parse-depth-limit"


# -- mutation fuzzing ---------------------------------------------------------------------------
SEEDS = [
    (FIXTURES / "code-samples.yaml").read_text(encoding="utf-8"),
    (FIXTURES / "anchors.yaml").read_text(encoding="utf-8"),
    "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
    "        200: {description: ok}\n        '404': {description: \"no\"}\n",
    "a: &a {x: 1, y: [1, 2]}\nb:\n  <<: *a\n  z: !!str 3\nc: [*a, *a]\n"
    "d: |\n  text\n  more\ne: >-\n  folded\n",
    '{"openapi": "3.0.0", "paths": {"/x": {"get": {"responses": {"200": {"description": "ok"}}}}},'
    ' "n": [1, 2.5, -3e4, true, null]}',
    "- a\n- [b, {c: d}]\n- ? e\n  : f\n- 'g''h'\n- \"i\\tj\"\n",
]
ALPHABET = [
    *"!&*[]{}:,-?|>#'\"%@`\t\n \\<=~.0123456789aeEnuxy",
    *("\u2028", "\x85", "é", "\ufeff", ": ", "- ", "<<: ", "!!", "---\n", "\n  "),
]


def _mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        spot = rng.randrange(len(text) + 1)
        action = rng.random()
        if action < 0.45:
            text = text[:spot] + rng.choice(ALPHABET) + text[spot:]
        elif action < 0.7:
            text = text[:spot] + text[spot + rng.randint(1, 3) :]
        elif action < 0.85:
            text = text[:spot] + rng.choice(ALPHABET) + text[spot + 1 :]
        else:
            lines = text.split("\n")
            line = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines) + 1), lines[line])
            text = "\n".join(lines)
    return text


def test_mutated_documents_never_crash_and_engines_agree() -> None:
    rng = random.Random(20240601)
    items = []
    for number in range(1600):
        seed = SEEDS[number % len(SEEDS)]
        name = "fuzz.json" if seed.startswith("{") and number % 2 else "fuzz.yaml"
        items.append((_mutate(seed, rng), name))
    answers = run_child(items, timeout=120)
    for (text, _name), answer in zip(items, answers, strict=True):
        check(answer, text)
    accepted = sum(a["auto"][0] == "data" for a in answers)
    assert 100 < accepted < len(items)  # the fuzzer reaches both outcomes


# -- generated data round trips ------------------------------------------------------------------
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(st.text(max_size=8), documents, max_size=5), ascii_only=st.booleans())
def test_json_text_reads_the_same_through_every_path(
    data: dict[str, Any], ascii_only: bool
) -> None:
    text = json.dumps(data, ensure_ascii=ascii_only, indent=1 if ascii_only else None)
    assert parse_text(text, "g.json") == data
    for engine in ("auto", "exact"):  # JSON is YAML: both YAML engines must read the same data
        from generator.spec import _yaml_exact, _yaml_fast

        exact = _yaml_exact.load_exact(
            text, "g.yaml", max_depth=parse.MAX_DEPTH, max_replay=parse.MAX_ALIAS_EVENTS
        )
        assert exact == data, engine
        try:
            fast = _yaml_fast.load_fast(
                text, max_depth=parse.MAX_DEPTH, max_replay=parse.MAX_ALIAS_EVENTS
            )
        except _yaml_fast.Reroute:
            continue
        assert fast == data


@settings(max_examples=100, deadline=None)
@given(
    data=st.dictionaries(st.text(max_size=8), documents, max_size=5),
    flow=st.sampled_from([False, True, None]),
)
@example(data={": 0": None}, flow=True)  # ruamel writes `{: 0: null}`, which is not YAML
def test_yaml_emitted_text_reads_the_same_in_both_engines(
    data: dict[str, Any], flow: bool | None
) -> None:
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    try:
        fast = parse_text(text, "g.yaml")  # yaml-rs reads what ruamel writes...
    except parse.SpecError as exc:
        # ... except where ruamel's emitter writes what is not YAML (`{: 0: null}` for the
        # key ": 0"): then both engines refuse it, alike.
        assert exc.diagnostics[0].code == "parse-syntax", text
        with pytest.raises(parse.SpecError) as exact_error:
            parse_text(text, "g.yaml", engine="exact")
        assert exact_error.value.diagnostics[0].code == "parse-syntax", text
        return
    try:
        exact = parse_text(text, "g.yaml", engine="exact")
    except parse.SpecError as exc:
        # libyaml is stricter in corners YAML 1.2 itself forbids (a multi-line flow key)
        assert exc.diagnostics[0].code == "parse-syntax", text
    else:
        assert exact == fast, text
