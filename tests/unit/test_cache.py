"""The IR cache: hits, labels after the cache, corrupt/truncated/stale entries, concurrency."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.cache import entry_path, load_api, read_entry
from generator.diagnostics import SpecError
from tests.conftest import REPO

SPEC = """\
openapi: 3.1.0
info: {title: Cached, version: 1.2.3}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, nullable: true}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: 'schemas/pet.yaml#/Pet'}
components:
  schemas:
    Local: {type: string}
"""
PET = "Pet:\n  type: object\n  properties:\n    name: {type: string}\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("SPECLOOM_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    """A spec with a referenced file and a 3.0 idiom (a warning to cache)."""
    folder = tmp_path / "api"
    (folder / "schemas").mkdir(parents=True)
    (folder / "schemas" / "pet.yaml").write_text(PET, encoding="utf-8")
    path = folder / "2024-10-21.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def _entry(path: Path) -> Path:
    return entry_path(hashlib.sha256(path.read_bytes()).hexdigest())


def _pet_properties(path: Path) -> list[str]:
    api, _ = load_api(path)
    pet = api.nodes["schemas/pet.yaml#/Pet"]
    return list(pet.properties)  # type: ignore[attr-defined]


def test_warm_load_equals_cold_and_reports_the_same_diagnostics(cache: Path, spec: Path) -> None:
    cold, cold_found = load_api(spec)
    entry = _entry(spec)
    assert entry.is_file() and entry.parent.parent == cache
    written = entry.stat().st_mtime_ns
    warm, warm_found = load_api(spec)
    assert entry.stat().st_mtime_ns == written  # a hit: nothing rebuilt or rewritten
    assert warm == cold
    assert warm_found == cold_found
    assert [d.code for d in warm_found] == ["oas30-idiom"]
    assert warm_found[0].location is not None and warm_found[0].location.file == str(spec)


def test_label_is_applied_after_the_cache(cache: Path, spec: Path) -> None:
    api, _ = load_api(spec)
    assert api.label == "2024-10-21" and not api.is_preview
    renamed = spec.with_name("2025-01-01-preview.yaml")
    renamed.write_bytes(spec.read_bytes())
    written = _entry(spec).stat().st_mtime_ns
    again, found = load_api(renamed)
    assert _entry(renamed) == _entry(spec) and _entry(spec).stat().st_mtime_ns == written
    assert again.label == "2025-01-01-preview" and again.is_preview
    assert found[0].location is not None and found[0].location.file == str(renamed)
    other = spec.with_name("spec.yaml")
    other.write_bytes(spec.read_bytes())
    assert load_api(other)[0].label == "1.2.3"  # no label in the name: info.version


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage", "header-only"])
def test_a_damaged_entry_is_rebuilt(cache: Path, spec: Path, damage: str) -> None:
    expected, found = load_api(spec)
    entry = _entry(spec)
    data = entry.read_bytes()
    broken = {
        "flip": data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:],
        "truncate": data[: len(data) // 2],
        "empty": b"",
        "garbage": os.urandom(len(data)),
        "header-only": data[:40],
    }[damage]
    entry.write_bytes(broken)
    assert read_entry(entry, spec) is None
    api, again = load_api(spec)
    assert api == expected and again == found
    assert read_entry(entry, spec) is not None  # rewritten whole


def test_a_changed_referenced_file_makes_the_entry_stale(cache: Path, spec: Path) -> None:
    assert _pet_properties(spec) == ["name"]
    pet = spec.parent / "schemas" / "pet.yaml"
    pet.write_text(PET + "    age: {type: integer}\n", encoding="utf-8")
    assert _pet_properties(spec) == ["name", "age"]


def test_a_deleted_referenced_file_makes_the_entry_stale(cache: Path, spec: Path) -> None:
    load_api(spec)
    (spec.parent / "schemas" / "pet.yaml").unlink()
    api, found = load_api(spec)
    assert "schemas/pet.yaml#/Pet" not in api.nodes
    assert any(d.code.startswith("ref-") for d in found)


def test_a_referenced_file_that_appears_makes_the_entry_stale(cache: Path, spec: Path) -> None:
    pet = spec.parent / "schemas" / "pet.yaml"
    pet.unlink()
    api, found = load_api(spec)
    assert "schemas/pet.yaml#/Pet" not in api.nodes and found
    assert load_api(spec) == (api, found)  # still missing: a hit
    pet.write_text(PET, encoding="utf-8")
    assert _pet_properties(spec) == ["name"]


def test_a_changed_root_file_is_a_different_entry(cache: Path, spec: Path) -> None:
    load_api(spec)
    spec.write_text(SPEC.replace("Local: {type: string}", "Other: {type: string}"), "utf-8")
    api, _ = load_api(spec)
    assert list(api.schemas) == ["Other", "Pet"]  # Pet: named from its file


def test_no_cache_reads_and_writes_nothing(cache: Path, spec: Path) -> None:
    api, _ = load_api(spec, use_cache=False)
    assert api.title == "Cached"
    assert not cache.exists()


def test_an_unusable_spec_still_raises(cache: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(SpecError):
        load_api(bad)
    with pytest.raises(SpecError):
        load_api(tmp_path / "missing.yaml")


def test_an_unwritable_cache_folder_is_not_fatal(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("SPECLOOM_CACHE_DIR", str(blocker))
    api, _ = load_api(spec)
    assert api.title == "Cached"


WORKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from generator.cache import load_api
    labels = []
    for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
        api, found = load_api(path)
        labels.append(api.info_version)
    print(",".join(labels))
    """
)


def test_two_processes_filling_the_cache_at_once(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):
        text = SPEC.replace("version: 1.2.3", f"version: 1.0.{i}").replace(
            "$ref: 'schemas/pet.yaml#/Pet'", "type: object"
        )
        (folder / f"spec{i:02}.yaml").write_text(text, encoding="utf-8")
    env = {**os.environ, "SPECLOOM_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(folder)],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    expected = ",".join(f"1.0.{i}" for i in range(12))
    assert [out for out, _ in outputs] == [expected + "\n"] * 2
    entries = sorted((cache / "ir").iterdir())
    assert len(entries) == 12 and all(e.suffix == ".bin" for e in entries)  # no temp files left
    for path in sorted(folder.glob("*.yaml")):
        assert read_entry(_entry(path), path) is not None
