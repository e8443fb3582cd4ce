"""Property-based differential test: instances of each schema that jsonschema-rs finds valid
are accepted by the generated model and dump back unchanged (3.1 specs; see docs/models.md)."""

from __future__ import annotations

import importlib
import json
import sys
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema_rs
import pytest
import yaml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.write import write_tree
from tests.conftest import REPO
from tests.models_strategies import instances
from tests.models_support import FIXTURES, render

SPECS = [REPO / "specs" / "azure-openai" / "v1.yaml",
         REPO / "specs" / "azure-openai" / "2025-04-01-preview.yaml",
         FIXTURES / "kitchen-31.yaml"]


def _setup(path: Path, tmp: Path) -> tuple[Any, Any, dict[str, tuple[Any, Any, Any]]]:
    from generator.pipeline import build_ir

    package = "pbt_" + path.stem.replace("-", "_")
    files = render(path, package)
    write_tree(tmp / "p", files)
    sys.path.insert(0, str(tmp / "p"))
    module = importlib.import_module(package)
    api, _ = build_ir(path, use_cache=True)
    raw = yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False)
    registry = jsonschema_rs.Registry([("urn:spec", raw)], draft=jsonschema_rs.Draft202012)
    import json

    names = json.loads(files["specloom.lock.json"])["classes"]
    cases = {}
    for name, ptr in sorted(api.schemas.items()):
        pointer = ptr.partition("#")[2]
        ref = "urn:spec#" + quote(pointer, safe="/~")
        checker = jsonschema_rs.Draft202012Validator({"$ref": ref},
                                                     registry=registry)
        cases[name] = (getattr(module, names[ptr]), checker, instances(api, api.nodes[ptr]))
    return module, api, cases


# What the models accept on purpose although the schema does not (docs/models.md).
OPENINGS = {"AdditionalProperties", "Enum", "UnevaluatedProperties", "UniqueItems", "Format",
            "Not", "PropertyNames", "MinProperties", "MaxProperties", "raw keyword",
            "DependentRequired", "FalseSchema", "OneOfMultipleValid",
            # pydantic's lax mode converts (false -> 0, "1" -> 1) rather than reject; the
            # dumped value then differs from the input, which is how it is recognised here
            "lax coercion",
            # a discriminated union given an unknown value returns the raw object
            "OneOfNotValid", "AnyOf"}


_RAW = {"if", "then", "else", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems"}


def _keyword(error: Any) -> str:
    if _RAW & {str(p) for p in error.schema_path}:
        return "raw keyword"  # kept raw by the IR: the model leaves it unchecked
    return type(error.kind).__name__


def _accepts(target: Any, adapter: Any, value: Any) -> bool:
    return _dumped(target, adapter, value) is not _REJECTED


_REJECTED: Any = object()


def _dumped(target: Any, adapter: Any, value: Any) -> Any:
    """What the model dumps for `value` (wire names, JSON mode), or _REJECTED."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if adapter is None:
                return target.model_validate(value).model_dump(
                    mode="json", by_alias=True, exclude_unset=True)
            return adapter.dump_python(adapter.validate_python(value), mode="json",
                                       by_alias=True, exclude_unset=True)
    except Exception:  # any rejection counts
        return _REJECTED


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_valid_instances_are_accepted_and_round_trip(path: Path, tmp_path: Path) -> None:
    from pydantic import BaseModel, TypeAdapter

    _, _, cases = _setup(path, tmp_path)
    adapters = {n: (None if isinstance(t, type) and issubclass(t, BaseModel) else TypeAdapter(t))
                for n, (t, _, _) in cases.items()}
    seen = {"valid": 0, "invalid": 0}
    opened: set[str] = set()

    @settings(max_examples=1000, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(cases)))
        target, checker, strategy = cases[name]
        value = data.draw(strategy)
        if not checker.is_valid(value):
            seen["invalid"] += 1
            back = _dumped(target, adapters[name], value)
            if back is not _REJECTED:
                kinds = {_keyword(e) for e in checker.iter_errors(value)}
                if "Type" in kinds and json.dumps(back, sort_keys=True) != json.dumps(
                        value, sort_keys=True):
                    kinds = (kinds - {"Type"}) | {"lax coercion"}  # `false` taken as 0
                opened.update(kinds)
                assert kinds <= OPENINGS, (name, value, kinds)
            return
        seen["valid"] += 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            adapter = adapters[name]
            if adapter is None:
                back = target.model_validate(value).model_dump(
                    mode="json", by_alias=True, exclude_unset=True)
            else:
                back = adapter.dump_python(adapter.validate_python(value), mode="json",
                                           by_alias=True, exclude_unset=True)
        assert back == value, (name, value, back)

    check()
    print(f"{path.name}: {seen['valid']} valid instances checked, {seen['invalid']} invalid;"
          f" accepted though invalid, by keyword: {sorted(opened)}")
    assert seen["valid"] > 500


def _dmcg(path: Path, tmp: Path) -> Any:
    """datamodel-codegen's models for the same spec (its CLI, default options)."""
    import subprocess

    out = tmp / "dm"
    out.mkdir()
    cli = Path(sys.executable).parent / "datamodel-codegen"
    subprocess.run([str(cli), "--input", str(path), "--input-file-type", "openapi", "--output",
                    str(out / "dmcg_models.py"), "--output-model-type", "pydantic_v2.BaseModel",
                    "--disable-timestamp"], check=True, capture_output=True, timeout=300)
    sys.path.insert(0, str(out))
    sys.modules.pop("dmcg_models", None)
    return importlib.import_module("dmcg_models")


def test_record_where_datamodel_codegen_disagrees(tmp_path: Path) -> None:
    """The same instances through DMCG's models: not a pass/fail oracle, a record (printed;
    summarised in docs/models.md)."""
    from pydantic import BaseModel, TypeAdapter

    path = SPECS[0]
    _, _, cases = _setup(path, tmp_path)
    dmcg = _dmcg(path, tmp_path)
    theirs = {n: getattr(dmcg, n) for n in cases if isinstance(getattr(dmcg, n, None), type)}
    ours = {n: (None if isinstance(t, type) and issubclass(t, BaseModel) else TypeAdapter(t))
            for n, (t, _, _) in cases.items()}
    tally: dict[str, int] = {}
    samples: dict[str, Any] = {}

    @settings(max_examples=1000, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(theirs)))
        target, checker, strategy = cases[name]
        value = data.draw(strategy)
        valid = checker.is_valid(value)
        mine = _accepts(target, ours[name], value)
        other = _accepts(theirs[name], TypeAdapter(theirs[name]), value)
        if mine != other:
            kinds = sorted({_keyword(e) for e in checker.iter_errors(value)}) or ["valid"]
            key = f"{name}: {'valid' if valid else '/'.join(kinds)}, specloom {mine}, dmcg {other}"
            tally[key] = tally.get(key, 0) + 1
            samples.setdefault(key, value)

    check()
    for key, count in sorted(tally.items()):
        print(f"{count:4d}  {key}  e.g. {json.dumps(samples[key])[:300]}")
    assert theirs
