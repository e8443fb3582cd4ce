"""Judged parts of histories in the cache: read back only when nothing that decides them
changed, never trusted when damaged or planted, never a different result from judging again;
a history with one more version judges one pair."""

from __future__ import annotations

import hashlib
import os
import pickle
import struct
from pathlib import Path

import pytest

from generator.cache import cache_dir
from generator.changelog.settings import load_settings
from generator.naming.lock import NameLock
from generator.pipeline import changelog as pipeline
from generator.pipeline import notes_cache as store
from generator.pipeline.changelog import Request, changelog_command

OLD = """\
openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
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
NEW = OLD.replace("        - {name: limit, in: query, schema: {type: integer}}\n",
                  "        - {name: limit, in: query, required: true, schema: {type: integer}}\n")


@pytest.fixture
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("SPECLOOM_CACHE_DIR", str(tmp_path / "cache"))
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def _run(old: Path, new: Path, *, use_cache: bool = True, strict: bool = False,
         config: dict[str, object] | None = None) -> tuple[str, str, int]:
    request = Request(inputs=(str(old), str(new)), fmt="json", use_cache=use_cache,
                      strict=strict)
    return changelog_command(request, config=config or {}, rules={})


def _entries(kind: str = store.PAIRS) -> list[Path]:
    folder = cache_dir() / kind
    return sorted(folder.glob("*.bin")) if folder.is_dir() else []


def _no_judging(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the history was loaded and judged again")

    monkeypatch.setattr(pipeline, "load_versions", refuse)


def test_a_second_run_reads_the_judged_history_back(specs: tuple[Path, Path],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    first = _run(*specs)
    assert first[2] == 0 and "request-parameter-became-required" in first[0]
    assert len(_entries()) == 1 and len(_entries(store.VERSIONS)) == 2
    _no_judging(monkeypatch)
    assert _run(*specs) == first


def test_no_cache_neither_reads_nor_writes_notes(specs: tuple[Path, Path]) -> None:
    _run(*specs, use_cache=False)
    assert _entries() == [] and _entries(store.VERSIONS) == []


def test_strict_always_validates(specs: tuple[Path, Path],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _run(*specs)
    _no_judging(monkeypatch)
    with pytest.raises(AssertionError, match="judged again"):
        _run(*specs, strict=True)


def test_a_changed_spec_is_judged_again(specs: tuple[Path, Path]) -> None:
    old, new = specs
    before = _run(old, new)[0]
    new.write_text(NEW.replace("name: {type: string}", "name: {type: integer}"), "utf-8")
    after = _run(old, new)[0]
    assert after != before and "name" in after
    assert after == _run(old, new, use_cache=False)[0]


def test_other_settings_are_judged_again(specs: tuple[Path, Path]) -> None:
    plain = _run(*specs)[0]
    config = {"levels": {"request-parameter-became-required": "info"}}
    quiet = _run(*specs, config=config)[0]
    assert quiet != plain and '"level": "info"' in quiet
    assert quiet == _run(*specs, config=config, use_cache=False)[0]


def test_renamed_versions_are_judged_again(specs: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = specs
    _run(old, new)
    renamed = tmp_path / "v3.yaml"
    renamed.write_bytes(new.read_bytes())
    text = _run(old, renamed)[0]
    assert '"new": "v3"' in text and '"new": "v2"' not in text


def test_name_locks_are_part_of_the_key(specs: tuple[Path, Path]) -> None:
    _run(*specs)  # fills the IR cache
    pairs = [("v1", specs[0]), ("v2", specs[1])]
    bare = store.version_keys(pairs, {})
    locked = store.version_keys(pairs, {"v2": NameLock(classes={"#/x": "X"})})
    assert None not in bare and None not in locked and bare[1] != locked[1]
    assert bare[0] == locked[0] and store.version_keys(pairs, {}) == bare
    settings = load_settings({})[0]
    assert store.read(bare, settings)[1] == "Pets"  # every part kept
    assert store.read(locked, settings)[1] is None  # that pair was judged without the lock


def test_one_more_version_judges_one_pair(specs: tuple[Path, Path], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.diff

    old, new = specs
    newest = tmp_path / "v3.yaml"
    newest.write_text(NEW.replace("name: {type: string}", "name: {type: string}\n"
                                  "        age: {type: integer}"), "utf-8")
    monkeypatch.setenv("SPECLOOM_PARALLEL", "never")  # diffs counted in this process
    _run(old, new)
    diffed: list[tuple[str, str]] = []
    real = generator.diff.diff_apis

    def counting(a: object, b: object) -> object:
        diffed.append((a.label, b.label))  # type: ignore[attr-defined]
        return real(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.diff, "diff_apis", counting)
    request = Request(inputs=(str(old), str(new), str(newest)), fmt="json")
    text = changelog_command(request, config={}, rules={})[0]
    assert diffed == [("v2", "v3")]
    assert '"old": "v2", "new": "v3"' in text and '"old": "v1", "new": "v2"' in text
    fresh = Request(inputs=(str(old), str(new), str(newest)), fmt="json", use_cache=False)
    assert text == changelog_command(fresh, config={}, rules={})[0]


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_a_damaged_entry_is_judged_again(specs: tuple[Path, Path], damage: str) -> None:
    first = _run(*specs)
    (entry,) = _entries()
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2] if damage == "truncate"
                      else data[:-1] + bytes([data[-1] ^ 0xFF]))
    assert _run(*specs) == first


class _Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo planted > planted.txt",))


def test_a_planted_entry_runs_nothing(specs: tuple[Path, Path], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first = _run(*specs)
    (entry,) = _entries()
    payload = pickle.dumps(_Planted())
    digest = hashlib.blake2b(payload, digest_size=16).digest()  # a whole, valid entry
    entry.write_bytes(entry.read_bytes()[:8] + struct.pack(">Q", len(payload)) + digest
                      + payload)
    monkeypatch.chdir(tmp_path)
    assert _run(*specs) == first
    assert not (tmp_path / "planted.txt").exists()
