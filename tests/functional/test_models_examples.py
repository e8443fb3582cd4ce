"""Every schema example validates against its model and dumps back to itself.

Examples the spec itself gets wrong (the foundation's `example-invalid` warnings) are allowed
to fail; the counts checked per spec are in docs/models.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.write import write_tree
from tests.conftest import CORPUS, REPO
from tests.models_support import render

SPECS = [
    *sorted((REPO / "specs" / "azure-openai").glob("*.yaml")),
    CORPUS / "openai" / "2026-08-21.yaml",
]

CHILD = textwrap.dedent(
    """
    import json, sys, warnings
    from pydantic import BaseModel, TypeAdapter
    package = __import__(sys.argv[1])
    cases = json.load(sys.stdin)
    out = []
    for name, pointer, index, example in cases:
        obj = getattr(package, name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if isinstance(obj, type) and issubclass(obj, BaseModel):
                    value = obj.model_validate(example)
                    back = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
                else:
                    adapter = TypeAdapter(obj)
                    value = adapter.validate_python(example)
                    back = adapter.dump_python(value, mode="json", by_alias=True,
                                               exclude_unset=True)
        except Exception as exc:
            out.append([pointer, index, "invalid: " + str(exc).splitlines()[0][:200]])
            continue
        if back != example:
            out.append([pointer, index, "changed on the way back"])
    print(json.dumps({"checked": len(cases), "failed": out}))
    """
)


def _media_examples(api: Any, names: dict[str, str]) -> list[list[Any]]:
    """Request and response examples whose schema is a named or inline model."""
    out: list[list[Any]] = []
    for op in api.operations:
        bodies = [op.request_body] if op.request_body else []
        for media_map in [b.content for b in bodies] + [r.content for r in op.responses.values()]:
            for media in media_map.values():
                node = api.node(media.schema_id)
                target = getattr(node, "target", media.schema_id)
                name = names.get(target) if isinstance(target, str) else None
                if name is None:
                    continue
                values = [] if media.example is ... else [media.example]
                values += [e["value"] for e in media.examples.values()
                           if isinstance(e, dict) and "value" in e]
                where = (media.schema_id or "").partition("#")[2].removesuffix("/schema")
                out += [[name, where, i, v] for i, v in enumerate(values)]
    return out


def _flagged(path: Path) -> set[str]:
    """Schema pointers whose example the foundation reports as invalid under the spec."""
    from generator.pipeline import check_spec

    found = set()
    for d in check_spec(path).diagnostics:
        if d.code == "example-invalid" and d.location and d.location.pointer:
            pointer = d.location.pointer
            found.add(pointer.rsplit("/example", 1)[0])
    return found


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_examples_validate_and_round_trip(path: Path, tmp_path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} not found (set SPECLOOM_CORPUS)")
    from generator.pipeline import build_ir

    files = render(path, "m")
    write_tree(tmp_path / "p", files)
    api, _ = build_ir(path, use_cache=True)
    names = json.loads(files["specloom.lock.json"])["classes"]
    cases = [
        [names[ptr], ptr.partition("#")[2], index, example]
        for ptr in api.schemas.values()
        for index, example in enumerate(api.nodes[ptr].examples)
    ]
    cases += _media_examples(api, names)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "p")}
    result = subprocess.run([sys.executable, "-c", CHILD, "m"], input=json.dumps(cases),
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    flagged = _flagged(path)
    unexpected = [f for f in report["failed"] if f[0] not in flagged]
    for failure in report["failed"]:
        print(path.name, *failure)
    print(f"{path.name}: {report['checked']} examples checked, {len(report['failed'])} failed")
    assert unexpected == [], f"{report['checked']} examples checked"
