"""`specloom generate` (clients) end to end: the project, --check, the lock keeping method
names, and `--models-only` still writing the models project."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO
from tests.functional.test_cli import specloom

KITCHEN = REPO / "tests" / "fixtures" / "client" / "kitchen.yaml"


def test_generate_writes_a_client_project_and_check_agrees(tmp_path: Path) -> None:
    out = tmp_path / "proj"
    result = specloom("generate", str(KITCHEN), "-o", str(out), "--package", "kitchen")
    assert result.returncode == 0, result.stderr
    for rel in ("pyproject.toml", "README.md", "specloom.lock.json", "kitchen/__init__.py",
                "kitchen/_client.py", "kitchen/_runtime/_client.py", "kitchen/types/_base.py",
                "kitchen/resources/items.py", "kitchen/py.typed"):
        assert (out / rel).is_file(), rel
    assert "httpx" in (out / "pyproject.toml").read_text(encoding="utf-8")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "client.items.create(id=" in readme and "client.numbered.list()" in readme
    check = specloom("generate", str(KITCHEN), "-o", str(out), "--package", "kitchen",
                     "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    (out / "kitchen" / "_client.py").write_text("# edited\n", encoding="utf-8")
    stale = specloom("generate", str(KITCHEN), "-o", str(out), "--package", "kitchen",
                     "--check")
    assert stale.returncode == 1 and "stale:" in stale.stdout + stale.stderr


def test_the_lock_keeps_a_renamed_method(tmp_path: Path) -> None:
    out = tmp_path / "proj"
    assert specloom("generate", str(KITCHEN), "-o", str(out), "--package", "k").returncode == 0
    lock_path = out / "specloom.lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    key = next(k for k, v in lock["methods"].items() if v == "numbered.list")
    lock["methods"][key] = "numbered.list_pages"
    lock_path.write_text(json.dumps(lock), encoding="utf-8")
    assert specloom("generate", str(KITCHEN), "-o", str(out), "--package", "k").returncode == 0
    text = (out / "k" / "resources" / "numbered.py").read_text(encoding="utf-8")
    assert "def list_pages(" in text and "def list(" not in text
    assert json.loads(lock_path.read_text(encoding="utf-8"))["methods"][key] == \
        "numbered.list_pages"


def test_models_only_still_writes_the_models_project(tmp_path: Path) -> None:
    out = tmp_path / "models"
    result = specloom("generate", str(KITCHEN), "-o", str(out), "--models-only",
                      "--package", "kitchen")
    assert result.returncode == 0, result.stderr
    assert (out / "kitchen" / "_base.py").is_file()
    assert not (out / "kitchen" / "_client.py").exists()
    assert "methods" not in json.loads((out / "specloom.lock.json").read_text(encoding="utf-8"))
