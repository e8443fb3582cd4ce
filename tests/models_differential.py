"""The differential test's parts: the jsonschema-rs oracle over the normalised spec, the
generated package, and instance strategies per schema (tests/models_strategies.py).

The oracle judges the spec as the foundation reads it: every Schema Object under
`components/schemas` rewritten by `generator.spec.normalize` into its 3.1 (JSON Schema 2020-12)
form, so 3.0 idioms (`nullable`, boolean `exclusiveMinimum`, `$ref` siblings) mean what the IR
and the models take them to mean, and jsonschema-rs compiles them under Draft 2020-12.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from generator.write import write_tree
from tests.models_support import render

# Keywords the IR keeps raw: the models leave them unchecked (a comment on the model says so).
RAW = {"if", "then", "else", "dependentSchemas", "dependentRequired", "unevaluatedProperties",
       "unevaluatedItems"}
REJECTED: Any = object()


_OBJECT_WORDS = frozenset({"properties", "required", "additionalProperties"})
_TYPED_WORDS = frozenset({"type", "$ref", "allOf", "anyOf", "oneOf", "enum", "const", "not"})


def normalised(node: Any, dialect: str) -> Any:
    """A Schema Object and all its subschemas in their 3.1 form (the foundation's rules)."""
    from generator.spec.normalize import needs_normalizing, normalize_schema
    from generator.spec.validate.schemas import MANY, NAMED, ONE

    if not isinstance(node, dict):
        return node
    if needs_normalizing(node, dialect):  # type: ignore[arg-type]
        node = normalize_schema(node, dialect).node  # type: ignore[arg-type]
    if _OBJECT_WORDS & node.keys() and not _TYPED_WORDS & node.keys():
        # `properties` without `type` allows non-objects too; the IR, and so the models, take
        # such a schema to describe an object (docs/models.md): the oracle judges it so too
        node = {**node, "type": "object"}
    out: dict[str, Any] = {}
    for word, value in node.items():
        if word in ONE and isinstance(value, dict):
            out[word] = normalised(value, dialect)
        elif word in MANY and isinstance(value, list):
            out[word] = [normalised(v, dialect) for v in value]
        elif word in NAMED and isinstance(value, dict):
            out[word] = {k: normalised(v, dialect) for k, v in value.items()}
        else:
            out[word] = value
    return out


def oracle_document(path: Path) -> dict[str, Any]:
    """The spec with every named schema normalised (what the oracle's registry holds)."""
    import yaml_rs

    raw = yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False)
    dialect = "3.0" if str(raw.get("openapi", "")).startswith("3.0") else "3.1"
    schemas = (raw.get("components") or {}).get("schemas") or {}
    return {"components": {"schemas": {k: normalised(v, dialect) for k, v in schemas.items()}}}


@dataclass(frozen=True, slots=True)
class Case:
    """One named schema: its generated type, its oracle, its instance strategy."""

    target: Any
    adapter: Any  # a TypeAdapter, or None for a model class (its own methods are used)
    checker: Any
    strategy: Any
    formats: Any = None  # the oracle with formats asserted (the models type some formats)


@dataclass(frozen=True, slots=True)
class Setup:
    """A spec's generated package, imported, and the cases of the schemas checked."""

    module: Any
    api: Any
    cases: dict[str, Case]
    refused: tuple[str, ...]  # schemas jsonschema-rs will not compile (left out)


def setup(path: Path, tmp: Path, package: str, names: list[str] | None = None) -> Setup:
    """Generate and import `package` from `path`; a case per named schema (or per `names`)."""
    import jsonschema_rs
    from pydantic import BaseModel, TypeAdapter

    from generator.pipeline import build_ir
    from tests.models_strategies import instances

    files = render(path, package)
    write_tree(tmp / package, files)
    sys.path.insert(0, str(tmp / package))
    sys.modules.pop(package, None)
    module = importlib.import_module(package)
    api, _ = build_ir(path, use_cache=True)
    registry = jsonschema_rs.Registry([("urn:spec", oracle_document(path))],
                                      draft=jsonschema_rs.Draft202012)
    classes = __import__("json").loads(files["specloom.lock.json"])["classes"]
    cases, refused = {}, []
    for name in sorted(api.schemas) if names is None else names:
        ptr = api.schemas[name]
        ref = "urn:spec#" + quote(ptr.partition("#")[2], safe="/~")
        try:
            checker = jsonschema_rs.Draft202012Validator({"$ref": ref}, registry=registry)
            formats = jsonschema_rs.Draft202012Validator({"$ref": ref}, registry=registry,
                                                         validate_formats=True)
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError):
            refused.append(name)
            continue
        target = getattr(module, classes[ptr])
        model = isinstance(target, type) and issubclass(target, BaseModel)
        cases[name] = Case(target, None if model else TypeAdapter(target), checker,
                           instances(api, api.nodes[ptr]), formats)
    return Setup(module, api, cases, tuple(refused))


def dumped(case: Case, value: Any) -> Any:
    """What the model dumps for `value` (wire names, JSON mode, only what was set), or
    REJECTED."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if case.adapter is None:
                return case.target.model_validate(value).model_dump(
                    mode="json", by_alias=True, exclude_unset=True)
            return case.adapter.dump_python(case.adapter.validate_python(value), mode="json",
                                            by_alias=True, exclude_unset=True)
    except Exception:  # any rejection counts
        return REJECTED


def error_kind(error: Any) -> str:
    """The keyword an oracle error is about (`raw keyword` for what the IR keeps raw)."""
    if RAW & {str(p) for p in error.schema_path}:
        return "raw keyword"
    path = list(error.instance_path)
    if error.instance is None and path and isinstance(path[-1], str):
        return "optional null"  # an optional field is `T | None = None`: null reads as absent
    return type(error.kind).__name__


def sample(names: list[str], count: int) -> list[str]:
    """An evenly spread, deterministic sample of `count` names (all when fewer)."""
    ordered = sorted(names)
    if len(ordered) <= count:
        return ordered
    step = len(ordered) / count
    return [ordered[int(i * step)] for i in range(count)]
