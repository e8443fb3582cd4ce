"""openapi-spec-validator 0.9.0 as a located oracle, with a results cache.

openapi-spec-validator's errors carry no usable location: a Schema Object's meta-schema error
has a path relative to that schema, a default's error a path relative to the default value,
and the semantic checks (duplicate operationId, unresolved path parameter) none at all. This
module runs its real validator classes with thin subclasses that tag each error with the JSON
pointer of the node being checked, so its findings can be compared with ours as sets of
(pointer, keyword).

Schema Objects are located by object identity: openapi-spec-validator follows `$ref`s as it
walks, so the schema it checks is the referenced node itself, and a map from `id(node)` to the
node's pointer in the document it reads gives that node's real location.

It costs ~30 s of CPU over the corpus, so results are cached by (file sha256, oracle version,
backend, wrapper version) in `<repo>/build/oracle-cache/`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO / "build" / "oracle-cache"
WRAPPER_VERSION = 2  # bump when what is recorded changes


@dataclass(frozen=True, slots=True)
class OracleError:
    """One error openapi-spec-validator reported, located."""

    kind: str  # structure | meta | default | extra-required | operation-id | path-param | ...
    pointer: str  # JSON pointer in the root file
    keyword: str  # JSON Schema keyword, or the error class for the semantic checks
    message: str


@dataclass(slots=True)
class OracleResult:
    """Everything the oracle said about one file."""

    version: str
    backend: str
    errors: list[OracleError] = field(default_factory=list)
    aborted: str | None = None  # the exception that stopped it, if one did
    # When it aborts on a missing $ref target it is run again with those $refs replaced by
    # `{}`; what that second run reports (away from the patched nodes) is kept here.
    patched: list[str] = field(default_factory=list)
    patched_errors: list[OracleError] = field(default_factory=list)


def _escape(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def _join(pointer: str, parts: Any) -> str:
    return pointer + "".join("/" + _escape(p) for p in parts)


def _index(root: Any) -> dict[int, str]:
    """id(container) -> its JSON pointer, for every dict and list in the document."""
    where: dict[int, str] = {}
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        node, ptr = stack.pop()
        if id(node) in where:
            continue
        where[id(node)] = ptr
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if isinstance(value, (dict, list)):
                stack.append((value, f"{ptr}/{_escape(key)}"))
    return where


class _IdList(list[int]):
    """A list with set-speed `in` (openapi-spec-validator keeps visited ids in lists)."""

    def __init__(self) -> None:
        super().__init__()
        self._ids: set[int] = set()

    def append(self, item: int) -> None:
        self._ids.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._ids


def _keyword(err: Any) -> str:
    validator = getattr(err, "validator", None)
    if isinstance(validator, str):
        return validator
    schema_path = list(getattr(err, "schema_path", []) or [])
    for part in reversed(schema_path):
        if isinstance(part, str):
            return part
    return type(err).__name__


def _validator_classes(where: dict[int, str]) -> dict[str, type[Any]]:
    """Subclasses of openapi-spec-validator's spec validators that tag errors with pointers."""
    from openapi_spec_validator.validation import validators as vs
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    def located(base: type[Any], tag: Any, **more: Any) -> type[Any]:
        return type("Located" + base.__name__, (base,), {"__call__": tag, **more})

    def schema_init(self: Any, registry: Any) -> None:
        super(type(self), self).__init__(registry)
        # Same semantics, set-speed membership: it checks `id in list` for every schema.
        self.visited_schema_ids = _IdList()
        self.meta_checked_schema_ids = _IdList()

    def schema_call(self: Any, schema: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        value = schema.read_value()
        ptr = where.get(id(value), _join("", schema.parts))
        for err in super(type(self), self).__call__(schema, *args, **kwargs):
            if not hasattr(err, "_oracle"):
                name = type(err).__name__
                kind = "extra-required" if name == "ExtraParametersError" else "meta"
                err._oracle = (kind, _join(ptr, err.path))
            yield err

    def value_call(self: Any, schema: Any, value: Any) -> Iterator[Any]:
        ptr = where.get(id(schema.read_value()), _join("", schema.parts)) + "/default"
        for raw in super(type(self), self).__call__(schema, value):
            # Re-create it as the library's own error type here, or its error wrapper
            # re-creates it later and drops the tag.
            err = OpenAPIValidationError.create_from(raw)
            err._oracle = ("default", _join(ptr, raw.path))
            yield err

    def operation_call(
        self: Any, url: str, name: str, operation: Any, path_parameters: Any
    ) -> Iterator[Any]:
        ptr = _join("", operation.parts)
        for err in super(type(self), self).__call__(url, name, operation, path_parameters):
            if not hasattr(err, "_oracle"):
                kind = {"DuplicateOperationIDError": "operation-id"}.get(
                    type(err).__name__, "path-param"
                )
                err._oracle = (kind, ptr)
            yield err

    def parameters_call(self: Any, parameters: Any) -> Iterator[Any]:
        ptr = _join("", parameters.parts)
        for err in super(type(self), self).__call__(parameters):
            if not hasattr(err, "_oracle"):
                err._oracle = ("parameter-duplicate", ptr)
            yield err

    def tags_call(self: Any, tags: Any) -> Iterator[Any]:
        for err in super(type(self), self).__call__(tags):
            if not hasattr(err, "_oracle"):
                err._oracle = ("tag-duplicate", "/tags")
            yield err

    out: dict[str, type[Any]] = {}
    versions = (("3.0", vs.OpenAPIV30SpecValidator), ("3.1", vs.OpenAPIV31SpecValidator))
    for version, spec_cls in versions:
        registry = dict(spec_cls.keyword_validators)
        registry["schema"] = located(registry["schema"], schema_call, __init__=schema_init)
        registry["default"] = located(registry["default"], value_call)
        registry["operation"] = located(registry["operation"], operation_call)
        registry["parameters"] = located(registry["parameters"], parameters_call)
        registry["tags"] = located(registry["tags"], tags_call)
        name = "Located" + spec_cls.__name__
        out[version] = type(name, (spec_cls,), {"keyword_validators": registry})
    return out


def _run(spec: dict[str, Any], base_uri: str) -> tuple[list[OracleError], str | None]:
    """Run the oracle on parsed data; return its located errors and the abort reason, if any."""
    where = _index(spec)
    classes = _validator_classes(where)
    version = "3.1" if str(spec.get("openapi", "")).startswith("3.1") else "3.0"
    validator = classes[version](spec, base_uri=base_uri)
    errors: list[OracleError] = []
    aborted: str | None = None
    try:
        for err in validator.iter_errors():
            kind, ptr = getattr(err, "_oracle", ("structure", _join("", err.path)))
            errors.append(OracleError(kind, ptr, _keyword(err), str(err.message)[:300]))
    except Exception as exc:  # the oracle's own crash is a result to record
        aborted = f"{type(exc).__name__}: {str(exc)[:200]}"
    return errors, aborted


def _missing_local_refs(spec: Any) -> list[str]:
    """Pointers of `{"$ref": "#/..."}` objects whose target does not exist."""
    def exists(pointer: str) -> bool:
        node = spec
        for raw in pointer.split("/")[1:]:
            token = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return False
        return True

    missing = []
    for node_id, ptr in _index(spec).items():
        del node_id
        node: Any = spec
        for raw in ptr.split("/")[1:]:
            token = raw.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        ref = node.get("$ref") if isinstance(node, dict) else None
        if isinstance(ref, str) and ref.startswith("#") and not exists(ref[1:]):
            missing.append(ptr)
    return sorted(missing)


def _patch(spec: Any, pointers: list[str]) -> Any:
    patched = copy.deepcopy(spec)
    for ptr in pointers:
        node: Any = patched
        for raw in ptr.split("/")[1:]:
            token = raw.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        node.clear()
    return patched


def _read(path: Path) -> tuple[Any, str]:
    """The file's data as openapi-spec-validator's reader gives it (a JSON round trip).

    Read with yaml-rs, 13x faster than its PyYAML reader on the large specs; the data is the
    same (dates stay strings; specloom's parser tests check the two parsers agree).
    """
    import yaml_rs

    text = path.read_text(encoding="utf-8-sig")
    data = json.loads(text) if path.suffix == ".json" else yaml_rs.loads(text, parse_datetime=False)
    return json.loads(json.dumps(data)), path.resolve().as_uri()


def backend() -> str:
    """The schema backend openapi-spec-validator picks here ("jsonschema-rs" or "jsonschema")."""
    from openapi_spec_validator.schemas import get_validator_backend

    return str(get_validator_backend())


def run_oracle(path: Path, *, use_cache: bool = True) -> OracleResult:
    """What openapi-spec-validator 0.9.0 reports on `path`, located; cached by content hash."""
    import openapi_spec_validator

    version = str(openapi_spec_validator.__version__)
    chosen = backend()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    cache_file = CACHE_DIR / f"{digest}-osv{version}-{chosen}-w{WRAPPER_VERSION}.json"
    if use_cache and cache_file.is_file():
        try:
            return _from_json(json.loads(cache_file.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError):
            pass  # a damaged entry is recomputed
    spec, base_uri = _read(path)
    result = OracleResult(version=version, backend=chosen)
    result.errors, result.aborted = _run(spec, base_uri)
    if result.aborted and result.aborted.startswith("PointerToNowhere"):
        result.patched = _missing_local_refs(spec)
        result.patched_errors, _ = _run(_patch(spec, result.patched), base_uri)
    if use_cache:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")
        tmp.replace(cache_file)
    return result


def _from_json(data: dict[str, Any]) -> OracleResult:
    return OracleResult(
        version=data["version"],
        backend=data["backend"],
        errors=[OracleError(**e) for e in data["errors"]],
        aborted=data["aborted"],
        patched=list(data["patched"]),
        patched_errors=[OracleError(**e) for e in data["patched_errors"]],
    )


if __name__ == "__main__":
    import sys

    for name in [a for a in sys.argv[1:] if not a.startswith("--")]:
        res = run_oracle(Path(name), use_cache="--no-cache" not in sys.argv)
        print(name, res.backend, len(res.errors), res.aborted or "", len(res.patched_errors))
        for e in res.errors + res.patched_errors:
            print("   ", e.kind, e.pointer, e.keyword, e.message[:120])
