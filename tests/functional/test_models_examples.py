"""Every example of a spec validates against its generated type and dumps back to itself.

Every `example`/`examples` value: of schemas at any depth, and of parameters, headers and media
types (tests/models_examples.py pairs each with its type). Examples the spec itself gets wrong
(the foundation's `example-invalid` findings) may fail; any other failure fails the test. The
counts per spec are in docs/models.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.write import write_tree
from tests.conftest import CORPUS, REPO
from tests.models_examples import example_cases, flagged, payload, under
from tests.models_support import FIXTURES, render

SPECS = [
    *sorted((REPO / "specs" / "azure-openai").glob("*.yaml")),
    FIXTURES / "kitchen-31.yaml",
    FIXTURES / "kitchen-30.yaml",
    CORPUS / "openai" / "2026-08-21.yaml",
    CORPUS / "stripe" / "2023-09-12.yaml",
]

# Evaluates each type expression among the names the generated modules use, then validates
# the example and dumps it back (wire names, JSON mode, only what was set).
CHILD = textwrap.dedent(
    """
    import datetime, json, sys, typing, warnings
    from uuid import UUID
    from pydantic import Field, TypeAdapter
    package = __import__(sys.argv[1])
    base = __import__(sys.argv[1] + "._base", fromlist=["_base"])

    class Names(dict):
        def __missing__(self, name):
            for source in (base, typing):
                if hasattr(source, name):
                    return getattr(source, name)
            try:
                return getattr(package, name)
            except AttributeError:
                raise KeyError(name) from None  # a builtin: eval looks there next

    names = Names(datetime=datetime, UUID=UUID, Field=Field)
    out = []
    cases = json.load(sys.stdin)
    for at, expr, example in cases:
        try:
            adapter = TypeAdapter(eval(expr, {}, names))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = adapter.validate_python(example)
                back = adapter.dump_python(value, mode="json", by_alias=True,
                                           exclude_unset=True)
        except Exception as exc:
            out.append([at, expr, "invalid: " + str(exc).splitlines()[0][:200]])
            continue
        if back != example:
            out.append([at, expr, "changed on the way back: " + json.dumps(back)[:200]])
    print(json.dumps({"checked": len(cases), "failed": out}))
    """
)


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_every_example_validates_and_round_trips(path: Path, tmp_path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} not found (set SPECLOOM_CORPUS)")
    files = render(path, "m")
    write_tree(tmp_path / "p", files)
    cases = example_cases(path, files)
    untyped = [c.at for c in cases if c.type_expr is None]
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "p")}
    result = subprocess.run([sys.executable, "-c", CHILD, "m"], input=payload(cases),
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    bad_in_spec = flagged(path)
    unexpected = [f for f in report["failed"] if not under(f[0], bad_in_spec)]
    for failure in report["failed"]:
        print(path.name, *failure)
    print(f"{path.name}: {len(cases)} examples, {report['checked']} checked,"
          f" {len(report['failed'])} failed (all invalid under the spec: {not unexpected}),"
          f" {len(untyped)} without a generated type: {untyped}")
    assert report["checked"] == len(cases) - len(untyped)
    assert unexpected == [], unexpected
