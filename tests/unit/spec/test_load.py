"""load_spec: versions, unusable input, stdin, display paths, and the whole real corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Severity, SpecError
from generator.spec import refs
from generator.spec.load import load_spec
from tests.conftest import CORPUS, REPO, corpus_params

FIXTURES = REPO / "tests" / "fixtures" / "refs"
SUPPORTED = "supported: OpenAPI 3.0.x and 3.1.x"


def refused(path: str | Path) -> tuple[str, str, str | None]:
    """(code, message, pointer) of the one diagnostic that makes a spec unusable."""
    with pytest.raises(SpecError) as raised:
        load_spec(path)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.location is not None and diagnostic.location.file == str(path)
    return diagnostic.code, diagnostic.message, diagnostic.location.pointer


def write(tmp_path: Path, text: str, name: str = "openapi.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("version", "dialect"),
    [("3.0.0", "3.0"), ("3.0.3", "3.0"), ("3.0.4", "3.0"), ("3.1.0", "3.1"), ("3.1.1", "3.1"),
     ("3.1", "3.1"), ("3.1.0-rc1", "3.1")],
)
def test_supported_versions(tmp_path: Path, version: str, dialect: str) -> None:
    doc = load_spec(write(tmp_path, f'openapi: "{version}"\ninfo: {{title: t, version: "1"}}\n'))
    assert (doc.openapi, doc.dialect) == (version, dialect)
    assert doc.diagnostics == ()


def test_swagger2_names_what_is_supported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "swagger2")
    code, message, pointer = refused("openapi.yaml")
    assert (code, pointer) == ("spec-version-unsupported", "/swagger")
    assert "Swagger 2.0" in message and SUPPORTED in message


def test_oas32_names_what_is_supported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "oas32")
    code, message, pointer = refused("openapi.yaml")
    assert (code, pointer) == ("spec-version-unsupported", "/openapi")
    assert "3.2.0" in message and SUPPORTED in message


@pytest.mark.parametrize("value", ["2.0", "4.0.0", "3.10.0", "three", "3.0.0.1"])
def test_other_version_strings_are_unsupported(tmp_path: Path, value: str) -> None:
    code, message, _ = refused(write(tmp_path, f'openapi: "{value}"\n'))
    assert code == "spec-version-unsupported" and SUPPORTED in message


@pytest.mark.parametrize(("raw", "shown"), [("3.1", "float 3.1"), ("3", "int 3"), ("null", "null"),
                                            ("true", "bool True")])
def test_non_string_versions_say_to_quote(tmp_path: Path, raw: str, shown: str) -> None:
    code, message, pointer = refused(write(tmp_path, f"openapi: {raw}\ninfo: {{}}\n"))
    assert (code, pointer) == ("spec-version-unsupported", "/openapi")
    assert shown in message and "quote" in message and SUPPORTED in message


def test_missing_openapi(tmp_path: Path) -> None:
    code, message, _ = refused(write(tmp_path, "info: {title: t, version: '1'}\npaths: {}\n"))
    assert code == "spec-version-missing" and SUPPORTED in message


@pytest.mark.parametrize(("text", "what"), [("- a\n- b\n", "a list"), ("just text\n", "a string"),
                                            ("42\n", "a number")])
def test_not_a_mapping(tmp_path: Path, text: str, what: str) -> None:
    code, message, _ = refused(write(tmp_path, text))
    assert code == "spec-not-mapping" and what in message


def test_unreadable_root(tmp_path: Path) -> None:
    assert refused(tmp_path / "absent.yaml")[0] == "io-read"
    (tmp_path / "folder.yaml").mkdir()
    assert refused(tmp_path / "folder.yaml")[0] == "io-read"


def test_display_paths_follow_the_root_display_folder() -> None:
    root = FIXTURES / "relative_files_deep" / "openapi.yaml"
    relative = os.path.relpath(root)
    doc = load_spec(relative)
    refs.check_all(doc)
    folder = os.path.dirname(relative)
    assert doc.root.display == relative
    assert doc.files["schemas/pet.yaml"].display == f"{folder}/schemas/pet.yaml"
    assert doc.location("common/types/id.yaml", "/Id").file == f"{folder}/common/types/id.yaml"
    assert doc.files["schemas/pet.yaml"].path == (root.parent / "schemas" / "pet.yaml").resolve()


STDIN_SCRIPT = """
import json, sys
from generator.spec import refs
from generator.spec.load import load_spec
doc = load_spec("-")
refs.check_all(doc)
found = [[d.code, d.location.file, d.location.pointer] for d in doc.diagnostics]
print(json.dumps({"display": doc.root.display, "files": sorted(doc.files), "found": found}))
"""


def test_stdin_resolves_against_the_working_directory() -> None:
    case = FIXTURES / "missing_target"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", STDIN_SCRIPT], input=(case / "openapi.yaml").read_bytes(),
        cwd=case, env=env, capture_output=True, check=True, timeout=60,
    )
    result = json.loads(done.stdout)
    assert result["display"] == "<stdin>"
    assert result["files"] == ["", "other.yaml"]
    one_of = "/paths/~1pets/get/responses/200/content/application~1json/schema/oneOf"
    assert {tuple(f) for f in result["found"]} == {
        *(("ref-missing", "<stdin>", f"{one_of}/{i}/$ref") for i in (1, 2, 3, 4)),
        ("ref-missing", "other.yaml", "/Broken/$ref"),  # a referenced file's display is its key
    }


# -- the real corpus ------------------------------------------------------------------------------
def naive_refs(node: Any, pointer: str = "") -> list[tuple[str, str]]:
    """Every string `$ref` as (pointer of its mapping, ref): an independent recursive count."""
    out: list[tuple[str, str]] = []
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            out.append((pointer, node["$ref"]))
        for key, value in node.items():
            out += naive_refs(value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += naive_refs(value, f"{pointer}/{i}")
    return out


AZURE_BROKEN = {"2025-03-01-preview.yaml", "2025-04-01-preview.yaml"}
STRING_REF = "/components/schemas/createResponse/allOf/2/properties/include/description/$ref"


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params(include_unsupported=True))
def test_corpus_loads_and_resolves(path: Path) -> None:
    if "3.2-" in path.name or "3.2-" in str(path.parent):
        code = refused(path)[0]
        assert code == "spec-version-unsupported"
        return
    doc = load_spec(path)
    refs.check_all(doc)
    expected = naive_refs(doc.root.data)
    listed = [(pointer, ref) for key, pointer, ref in refs.iter_refs(doc) if key == ""]
    assert sorted(listed) == sorted(expected)
    found = Counter((d.code, d.severity) for d in doc.diagnostics)
    pointers = {d.code: d.location.pointer for d in doc.diagnostics if d.location}
    extension_refs = [p for p, ref in expected if not ref.startswith("#")]
    group = path.parent.name
    if group == "azure-openai-inference":
        assert found[("ref-extension-unresolved", Severity.WARNING)] == len(extension_refs)
        assert all("/x-ms-examples/" in p for p in extension_refs)
    if path.name in AZURE_BROKEN and group == "azure-openai-inference":
        assert found[("ref-missing", Severity.ERROR)] == 1
        assert pointers["ref-missing"] == "/components/schemas/Tool/oneOf/3/$ref"
        assert found[("ref-nonstandard", Severity.WARNING)] == 1
        assert pointers["ref-nonstandard"] == STRING_REF
        assert sum(found.values()) == 2 + len(extension_refs)
    elif group == "azure-openai-inference":
        assert sum(found.values()) == len(extension_refs)
    elif group == "train-travel":
        assert [(d.code, d.location.pointer if d.location else None) for d in doc.diagnostics] == [
            ("ref-extension-unresolved", "/x-topics/0/content/$ref")
        ]
    else:
        assert doc.diagnostics == ()
    assert doc.files.keys() == {""}  # nothing in the corpus references a file that exists


def test_corpus_is_listed() -> None:
    # Guards the parametrisation above against silently testing nothing.
    if not CORPUS.is_dir():
        pytest.skip("corpus absent")
    assert len(corpus_params(include_unsupported=True)) >= 30


def test_a_plain_spec_is_parsed_from_bytes_and_decoded_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(
        "openapi: 3.1.0\ninfo: {title: caf\u00e9, version: '1'}\npaths: {}\n".encode()
    )
    doc = load_spec(path)
    assert doc.root.source_text is None  # nothing needed the text yet
    assert doc.root.data["info"]["title"] == "caf\u00e9"
    assert doc.texts() == {str(path): path.read_text(encoding="utf-8")}
    assert doc.root.source_text is not None
