"""Compare openapi-spec-validator's located errors with specloom's findings.

Each oracle error becomes a key; specloom's findings give a set of keys; the oracle must be a
subset. Schema-based errors match on (pointer, keyword). The semantic checks carry no
keyword, so they match on what identifies them: the operation or list they are about and the
parameter name the message names.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.spec.load import load_spec
from generator.spec.validate import Finding, collect
from tests.oracle.oracle import OracleError, OracleResult, run_oracle

Key = tuple[str, ...]
_NAME = re.compile(r"[Pp]ath parameter '([^']*)'")
_SCHEMA_KINDS = ("structure", "meta", "default")

# Cases where openapi-spec-validator is wrong, each explained in docs/rules.md
# ("Differences from openapi-spec-validator"): (corpus file, pointer, keyword).
KNOWN_WRONG: frozenset[tuple[str, str, str]] = frozenset()


def _path_of(pointer: str) -> str:
    parts = pointer.split("/")
    return parts[2] if len(parts) > 2 and parts[1] == "paths" else ""


def oracle_key(err: OracleError) -> Key:
    """The key an oracle error must find among ours."""
    if err.kind in _SCHEMA_KINDS:
        return ("schema", err.pointer, err.keyword)
    if err.kind == "extra-required":
        return ("schema", err.pointer + "/required", "required")
    if err.kind == "path-param":
        found = _NAME.search(err.message)
        return ("path-param", _path_of(err.pointer), found.group(1) if found else "")
    if err.kind == "operation-id":
        return ("operation-id", err.pointer + "/operationId")
    if err.kind == "parameter-duplicate":
        return ("parameter-duplicate", err.pointer)
    if err.kind == "tag-duplicate":
        return ("tag-duplicate",)
    return ("unknown", err.kind, err.pointer, err.keyword)


def our_keys(found: list[Finding]) -> set[Key]:
    """Every key specloom's findings provide."""
    keys: set[Key] = set()
    for item in found:
        diag = item.diagnostic
        pointer = diag.location.pointer or "" if diag.location else ""
        if item.keyword is not None:
            keys.add(("schema", pointer, item.keyword))
        if diag.code in ("path-param-undeclared", "path-param-unused"):
            name = _NAME.search(diag.message)
            keys.add(("path-param", _path_of(pointer), name.group(1) if name else ""))
        elif diag.code == "operation-id-duplicate":
            keys.add(("operation-id", pointer))
        elif diag.code == "parameter-duplicate":
            keys.add(("parameter-duplicate", pointer.rsplit("/", 1)[0]))
        elif diag.code == "oas-structure" and item.keyword == "uniqueTagNames":
            keys.add(("tag-duplicate",))
    return keys


def _patched_away(err: OracleError, patched: list[str]) -> bool:
    """Whether an error of the re-run lies at or under a `$ref` the oracle could not follow."""
    return any(err.pointer == p or err.pointer.startswith(p + "/") for p in patched)


def missing(path: Path, result: OracleResult | None = None) -> list[OracleError]:
    """Oracle errors on `path` that specloom does not report (nor are known to be wrong)."""
    result = result or run_oracle(path)
    found = collect(load_spec(path))
    ours = our_keys(found)
    wanted = list(result.errors)
    wanted += [e for e in result.patched_errors if not _patched_away(e, result.patched)]
    # A `$ref` where OpenAPI allows none is resolved (warning ref-nonstandard): the oracle's
    # complaints about the `{$ref: ...}` mapping standing there are that warning's.
    spliced = [
        d.diagnostic.location.pointer.removesuffix("/$ref")
        for d in found
        if d.diagnostic.code == "ref-nonstandard" and d.diagnostic.location is not None
        and d.diagnostic.location.pointer is not None
    ]
    return [
        e for e in wanted
        if oracle_key(e) not in ours and (path.name, e.pointer, e.keyword) not in KNOWN_WRONG
        and not _patched_away(e, spliced)
    ]
