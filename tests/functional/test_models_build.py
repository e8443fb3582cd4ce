"""`specloom build` and the `models_only` key of `[[tool.specloom.api]]`, in a project."""

from __future__ import annotations

from pathlib import Path

from generator.config import ConfigError, parse_config
from tests.conftest import REPO
from tests.functional.test_cli import specloom

SPEC = """openapi: 3.1.0
info: {title: Pets, version: '2.1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
"""


def _project(root: Path, models_only: str | None) -> Path:
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "2.1.yaml").write_text(SPEC, encoding="utf-8")
    line = "" if models_only is None else f"models_only = {models_only}\n"
    (root / "pyproject.toml").write_text(
        '[[tool.specloom.api]]\nname = "pets"\nspecs = "specs"\n' + line, encoding="utf-8")
    return root / "generated" / "pets"


def test_models_only_true_writes_a_models_project_per_version(tmp_path: Path) -> None:
    out = _project(tmp_path, "true")
    result = specloom("build", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    init = out / "2.1" / "pets" / "__init__.py"
    assert init.is_file() and "class" not in init.read_text(encoding="utf-8")
    assert (out / "2.1" / "pyproject.toml").is_file()
    assert (out / "2.1" / "specloom.lock.json").is_file()
    assert not (out / "2.1" / "pets" / "_client.py").exists()
    assert specloom("build", "--check", cwd=tmp_path).returncode == 0


def test_without_models_only_build_writes_a_client_project(tmp_path: Path) -> None:
    for value in (None, "false"):
        root = tmp_path / str(value)
        out = _project(root, value)
        result = specloom("build", cwd=root)
        assert result.returncode == 0, result.stdout
        package = out / "2.1" / "pets"
        assert (package / "_client.py").is_file() and (package / "types").is_dir()
        assert specloom("build", "--check", cwd=root).returncode == 0


def test_models_only_is_read_and_must_be_a_boolean(tmp_path: Path) -> None:
    entry = {"name": "a", "specs": "s"}
    assert parse_config({"api": [entry]}, tmp_path, "p").apis[0].models_only is False
    config = parse_config({"api": [{**entry, "models_only": True}]}, tmp_path, "p")
    assert config.apis[0].models_only is True
    try:
        parse_config({"api": [{**entry, "models_only": "yes"}]}, tmp_path, "p")
    except ConfigError as exc:
        assert "models_only must be true or false" in str(exc)
    else:
        raise AssertionError("a string was taken for models_only")


def test_the_shipped_configuration_asks_for_clients() -> None:
    from generator.config import load_config

    assert [a.models_only for a in load_config(REPO).apis] == [False]
