"""Property-based differential test: instances of each schema that jsonschema-rs finds valid are
accepted by the generated model and dump back unchanged; ones it finds invalid are rejected,
unless the difference is a deliberate opening. The same instances through datamodel-code-
generator's models: where the two disagree is recorded in docs/models-differential.md.

The oracle judges the normalised spec (tests/models_differential.py), so 3.0 specs and the 3.0
idioms of 3.1 files are judged as the foundation reads them. Runs are derandomized: the same
instances every time (the slow suite draws more of them).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CORPUS, REPO, corpus_files
from tests.models_differential import REJECTED, Case, dumped, error_kind, sample, setup
from tests.models_strategies import mutated
from tests.models_support import FIXTURES

SHIPPED = sorted((REPO / "specs" / "azure-openai").glob("*.yaml"))
OPENAI = CORPUS / "openai" / "2026-08-21.yaml"
# In `make test`: the shipped specs, both kitchen sinks, OpenAI, and corpus samples (3.0 and
# 3.1); the slow suite takes a sample of every 3.0/3.1 corpus spec.
SPECS = {
    **{f"azure-{p.stem}": p for p in SHIPPED},
    "kitchen-30": FIXTURES / "kitchen-30.yaml",
    "kitchen-31": FIXTURES / "kitchen-31.yaml",
    "openai": OPENAI,
    "stripe-sample": CORPUS / "stripe" / "2023-09-12.yaml",
    "museum": CORPUS / "museum" / "2024-11-20.yaml",
    "train-travel": CORPUS / "train-travel" / "2025-03-12.yaml",
}
SAMPLE = 120  # schemas per big corpus spec (Stripe here, every corpus spec in the slow suite)

# What the models accept on purpose although the schema does not (docs/models.md).
OPENINGS = {"AdditionalProperties", "Enum", "UnevaluatedProperties", "UniqueItems", "Format",
            "Not", "PropertyNames", "MinProperties", "MaxProperties", "raw keyword",
            "DependentRequired", "FalseSchema", "OneOfMultipleValid",
            # pydantic's lax mode converts (false -> 0, "1" -> 1) rather than reject; the
            # dumped value then differs from the input, which is how it is recognised here
            "lax coercion",
            # a discriminated union given an unknown value returns the raw object
            "OneOfNotValid", "AnyOf",
            # patternProperties: a key that matches no pattern takes any value (a typed map
            # cannot check keys against patterns)
            "PatternProperties",
            # an optional property is `T | None = None` (as openai-python types them), so an
            # explicit null where the schema allows no null is read as "not given"
            "optional null"}


def _differ(before: Any, after: Any) -> bool:
    """Whether two JSON values differ as JSON values: 7 and 7.0 are one number, `false` and
    0 are not (Python's == says they are)."""
    if isinstance(before, bool) or isinstance(after, bool):
        return type(before) is not type(after) or before != after
    if isinstance(before, dict) and isinstance(after, dict):
        return before.keys() != after.keys() or any(_differ(v, after[k])
                                                    for k, v in before.items())
    if isinstance(before, list) and isinstance(after, list):
        return len(before) != len(after) or any(map(_differ, before, after))
    if isinstance(before, int | float) and isinstance(after, int | float):
        return bool(before != after)
    return type(before) is not type(after) or bool(before != after)


def _check(cases: dict[str, Case], examples: int, seen: dict[str, Any]) -> None:
    """Draw instances of the cases' schemas and hold the models to the oracle."""

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(cases)))
        case = cases[name]
        value = data.draw(mutated(case.strategy))
        back = dumped(case, value)
        if case.checker.is_valid(value):
            if back is REJECTED and not case.formats.is_valid(value):
                seen["format"] += 1  # a typed format (date, uuid, ...) is asserted
                return
            seen["valid"] += 1
            assert back is not REJECTED, (name, value, "a valid instance was rejected")
            assert not _differ(back, value), (name, value, back)
            return
        seen["invalid"] += 1
        if back is REJECTED:
            seen["rejected"] += 1
            return
        kinds = {error_kind(e) for e in case.checker.iter_errors(value)}
        if "Type" in kinds and _differ(back, value):
            kinds = (kinds - {"Type"}) | {"lax coercion"}  # `false` taken as 0
        seen["opened"].update(kinds)
        assert kinds <= OPENINGS, (name, value, kinds)

    check()


def _run(path: Path, tmp: Path, key: str, names: int | None, examples: int) -> None:
    if not path.is_file():
        pytest.skip(f"{path} not found (set SPECLOOM_CORPUS)")
    from generator.pipeline import build_ir

    api, _ = build_ir(path, use_cache=True)
    chosen = None if names is None else sample(list(api.schemas), names)
    made = setup(path, tmp, "pbt_" + re.sub(r"\W", "_", key), chosen)
    assert made.cases, f"{path.name}: no schema to draw from"
    seen: dict[str, Any] = {"valid": 0, "invalid": 0, "rejected": 0, "format": 0,
                            "opened": set()}
    _check(made.cases, examples, seen)
    print(f"{key}: {len(made.cases)} schemas ({len(made.refused)} refused by jsonschema-rs),"
          f" {seen['valid']} valid instances accepted and round-tripped, {seen['invalid']}"
          f" invalid ({seen['rejected']} rejected; accepted on purpose, by keyword:"
          f" {sorted(seen['opened'])}), {seen['format']} valid only while formats are not"
          f" asserted (rejected: the models type those formats)")
    assert made.refused == () or names is not None  # the corpus samples report, not fail
    assert seen["valid"] > examples // 4 and seen["rejected"] > examples // 20, seen


@pytest.mark.parametrize("key", sorted(SPECS))
def test_models_agree_with_jsonschema(key: str, tmp_path: Path) -> None:
    big = key in ("stripe-sample",)
    _run(SPECS[key], tmp_path, key, SAMPLE if big else None, 600 if key == "openai" else 400)


def _corpus_cases() -> list[Any]:
    out = []
    for path in corpus_files():
        out.append(pytest.param(path, id=str(path.relative_to(CORPUS))))
    return out


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.parametrize("path", _corpus_cases())
def test_models_agree_with_jsonschema_on_corpus_samples(path: Path, tmp_path: Path) -> None:
    from generator.pipeline import build_ir

    api, _ = build_ir(path, use_cache=True)  # corpus_files() leaves out the 3.2 example
    if not api.schemas:  # nothing to draw from: no component may then have a class
        from tests.models_support import render

        classes = json.loads(render(path, "m")["specloom.lock.json"])["classes"]
        assert not [k for k in classes if k.startswith("#/components/schemas/")]
        return
    _run(path, tmp_path, path.stem, SAMPLE, 1000)


# -- datamodel-code-generator: a record, not an oracle ---------------------------------------

DOC = REPO / "docs" / "models-differential.md"
DMCG_SPECS = {"azure-v1": SHIPPED[-1], "kitchen-30": FIXTURES / "kitchen-30.yaml",
              "kitchen-31": FIXTURES / "kitchen-31.yaml"}


def _dmcg(path: Path, tmp: Path) -> Any:
    """datamodel-codegen's models for the same spec (its CLI, the bench's options)."""
    import importlib

    out = tmp / "dm"
    out.mkdir(parents=True)
    cli = Path(sys.executable).parent / "datamodel-codegen"
    subprocess.run([str(cli), "--input", str(path), "--input-file-type", "openapi", "--output",
                    str(out / "dmcg_models.py"), "--output-model-type", "pydantic_v2.BaseModel",
                    "--disable-timestamp"], check=True, capture_output=True, timeout=900)
    sys.path.insert(0, str(out))
    sys.modules.pop("dmcg_models", None)
    return importlib.import_module("dmcg_models")


def _same(made: Any, name: str, theirs: type) -> bool:
    """Whether DMCG's class of this name has the schema's properties (if it has any)."""
    from generator.ir import schema as s

    node = made.api.resolve(made.api.nodes[made.api.schemas[name]])
    if not isinstance(node, s.ObjectSchema) or not node.properties:
        return True
    fields = getattr(theirs, "model_fields", {})
    return {f.alias or k for k, f in fields.items()} == set(node.properties)


def _their_case(target: Any) -> Case:
    """A DMCG class (a model, a RootModel or an Enum) as a case to validate with."""
    from pydantic import BaseModel, TypeAdapter

    if isinstance(target, type) and issubclass(target, BaseModel):
        return Case(target, None, None, None)
    return Case(target, TypeAdapter(target), None, None)


def _why(target: Any, value: Any) -> str:
    """The pydantic error types a model gives for `value`, sorted ('' if it accepts)."""
    from pydantic import BaseModel, TypeAdapter, ValidationError

    try:
        adapter = None if isinstance(target, type) and issubclass(target, BaseModel) \
            else TypeAdapter(target)
        if adapter is None:
            target.model_validate(value)
        else:
            adapter.validate_python(value)
    except ValidationError as exc:
        return ",".join(sorted({e["type"] for e in exc.errors()}))
    except Exception as exc:  # DMCG's `EmailStr` needs a package pydantic leaves optional
        return type(exc).__name__
    return ""


def disagreements(key: str, tmp: Path, examples: int) -> dict[str, tuple[int, str, str]]:
    """{category: (count, a schema, an instance)} where DMCG's models and specloom's differ."""
    path = DMCG_SPECS.get(key, OPENAI)
    made = setup(path, tmp, "dif_" + re.sub(r"\W", "_", key))
    out: dict[str, tuple[int, str, str]] = {}
    try:
        dmcg = _dmcg(path, tmp / "as-is")
    except ImportError as exc:  # `format: email` is pydantic's EmailStr, an optional extra
        out[f"datamodel-codegen's module does not import | {type(exc).__name__}"] = (
            1, "", str(exc)[:160])
        # compare the rest anyway: DMCG's models of the spec without `format: email`
        text = path.read_text(encoding="utf-8").replace("format: email", "format: x-unknown")
        (tmp / "no-email.yaml").write_text(text, encoding="utf-8")
        dmcg = _dmcg(tmp / "no-email.yaml", tmp / "no-email")
    # DMCG names a class after its schema, but on a collision another schema may hold the name:
    # a class is compared only when its fields are the schema's properties
    # (`Item` and `item` are two schemas, and which DMCG calls `Item` cannot be told by name)
    folded = [n.lower() for n in made.api.schemas]
    theirs = {n: getattr(dmcg, n) for n in made.cases
              if isinstance(getattr(dmcg, n, None), type) and _same(made, n, getattr(dmcg, n))
              and folded.count(n.lower()) == 1}

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(theirs)))
        case = made.cases[name]
        value = data.draw(mutated(case.strategy))
        mine = dumped(case, value) is not REJECTED
        other = dumped(_their_case(theirs[name]), value)
        if mine == (other is not REJECTED):
            return
        valid = case.checker.is_valid(value)
        side = "specloom" if mine else "datamodel-codegen"
        why = _why(made.cases[name].target if not mine else theirs[name], value)
        # the category, then the pydantic error types the rejecting side gave
        category = f"{'valid' if valid else 'invalid'}: only {side} accepts | {why}"
        count, first, instance = out.get(category, (0, name, json.dumps(value)[:160]))
        out[category] = (count + 1, first, instance)

    check()
    return out


def _documented() -> tuple[set[str], set[str]]:
    """The categories docs/models-differential.md explains (its table's first column), and
    every word it quotes (`url_parsing`...)."""
    text = DOC.read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| ([^|`]+?) \|", text, flags=re.MULTILINE))
    return rows, set(re.findall(r"`([^`]+)`", text))


def _record(key: str, tmp: Path, examples: int) -> None:
    """Print where the two disagree; every category and error type must be explained."""
    found = disagreements(key, tmp, examples)
    for category, (count, name, instance) in sorted(found.items()):
        print(f"{key}: {count:4d}  {category}  e.g. {name}: {instance}")
    rows, quoted = _documented()
    missing = sorted({c.partition(" | ")[0] for c in found} - rows)
    missing += sorted({w for c in found for w in c.partition(" | ")[2].split(",") if w} - quoted)
    assert missing == [], f"explain these in {DOC.name}: {missing}"


@pytest.mark.parametrize("key", sorted(DMCG_SPECS))
def test_where_datamodel_codegen_disagrees_is_documented(key: str, tmp_path: Path) -> None:
    _record(key, tmp_path, 400)


@pytest.mark.slow
@pytest.mark.corpus
def test_where_datamodel_codegen_disagrees_on_openai_is_documented(tmp_path: Path) -> None:
    if not OPENAI.is_file():
        pytest.skip(f"{OPENAI} not found (set SPECLOOM_CORPUS)")
    _record("openai", tmp_path, 1000)
