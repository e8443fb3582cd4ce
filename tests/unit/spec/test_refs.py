"""$ref resolution on named fixture trees (tests/fixtures/refs/<case>/) and generated trees."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagnostics import Severity, SpecError
from generator.spec import refs
from generator.spec.document import (
    Limits,
    SpecDocument,
    SpecFile,
    Target,
    component_of,
    node_id,
)
from generator.spec.load import load_spec
from generator.spec.pointer import escape
from tests.conftest import CORPUS, CORPUS_MISSING, REPO

FIXTURES = REPO / "tests" / "fixtures" / "refs"
SENTINEL = "TOP-SECRET-SENTINEL-7f3a"

# Every file opened in this process while `recording_opens()` is active (the real `open`
# audit event, so nothing is mocked: a file that is opened at all shows up here).
_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _OPENED is not None and isinstance(args[0], (str, bytes, Path)):
        _OPENED.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)


@contextmanager
def recording_opens() -> Iterator[list[str]]:
    """Collect the real paths of every file opened inside the block (imports left out)."""
    global _OPENED
    _OPENED = []
    opened: list[str] = []
    try:
        yield opened
    finally:
        prefixes = tuple({os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)})
        code = (".py", ".pyc", ".so")
        opened += [p for p in _OPENED if not p.startswith(prefixes) and not p.endswith(code)]
        _OPENED = None


def load_case(case: str, monkeypatch: pytest.MonkeyPatch) -> SpecDocument:
    """Load a fixture case from inside its folder, so display paths are short and stable."""
    monkeypatch.chdir(FIXTURES / case)
    return load_spec("openapi.yaml")


def memory_doc(data: dict[str, Any]) -> SpecDocument:
    """A document held in memory (no files next to it)."""
    root = SpecFile(
        key="", display="mem.yaml", path=None, data=data, raw=b"", kind="yaml"
    )
    return SpecDocument(root, openapi="3.1.0", dialect="3.1", base_dir=Path("/nonexistent"))


def response_schema(doc: SpecDocument, path: str, method: str = "get", code: str = "200") -> Any:
    """The JSON response schema node of an operation."""
    response = doc.root.data["paths"][path][method]["responses"][code]
    return response["content"]["application/json"]["schema"]


def found(doc: SpecDocument) -> set[tuple[str, str, str]]:
    """Diagnostics as (code, file, pointer)."""
    out = set()
    for d in doc.diagnostics:
        assert d.location is not None
        out.add((d.code, d.location.file, d.location.pointer or ""))
    return out


def schema_at(path: str) -> str:
    """Pointer of a response schema in the fixtures' usual layout."""
    return f"/paths/{escape(path)}/get/responses/200/content/application~1json/schema"


# -- local pointers -------------------------------------------------------------------------------
def test_local_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("local_escapes", monkeypatch)
    props = schema_at("/pets/{id}") + "/properties"
    expected = {
        "tilde": "/components/schemas/a~0b",
        "slash": "/components/schemas/with~1slash",
        "space": "/components/schemas/Foo Bar",
        "percent_slash": "/components/schemas/with~1slash",
        "item": "/components/schemas/List/allOf/1",
        "param": "/components/parameters/Id",  # through /paths/~1pets~1{id}/get/parameters/0
    }
    node_props = response_schema(doc, "/pets/{id}")["properties"]
    for name, pointer in expected.items():
        target = doc.deref(node_props[name], base="", at=f"{props}/{name}")
        assert target is not None, name
        assert (target.key, target.pointer) == ("", pointer), name
    tilde = doc.resolve("#/components/schemas/a~0b", base="", at="")
    assert tilde is not None and tilde.node["description"] == "named a~b"
    refs.check_all(doc)
    assert doc.diagnostics == ()


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=12))
def test_any_component_name_round_trips_through_a_ref(name: str) -> None:
    node = {"type": "object", "title": name}
    doc = memory_doc({"components": {"schemas": {name: node}}})
    ref = "#/components/schemas/" + quote(escape(name), safe="")
    target = doc.resolve(ref, base="", at="/x")
    assert target is not None and target.node is node
    assert target.pointer == "/components/schemas/" + escape(name)
    assert target.component == ("schemas", name)


# -- files ----------------------------------------------------------------------------------------
def test_relative_files_any_depth(monkeypatch: pytest.MonkeyPatch) -> None:
    with recording_opens() as opened:
        doc = load_case("relative_files_deep", monkeypatch)
        pet = doc.deref(response_schema(doc, "/pets"), base="", at=schema_at("/pets"))
        assert pet is not None
        assert (pet.key, pet.pointer) == ("schemas/pet.yaml", "/Pet")
        assert pet.id == "schemas/pet.yaml#/Pet"
        assert pet.component is None
        id_ref = pet.node["properties"]["id"]
        ident = doc.deref(id_ref, base=pet.key, at="/Pet/properties/id")
        assert ident is not None and (ident.key, ident.pointer) == ("common/types/id.yaml", "/Id")
        tag = doc.deref(pet.node["properties"]["tag"], base=pet.key, at="/Pet/properties/tag")
        assert tag is not None and (tag.key, tag.pointer) == ("schemas/tag.yaml", "")
        assert tag.node["type"] == "string"
        again = doc.resolve("./schemas/../schemas/./pet.yaml#/Pet", base="", at="/x")
        assert again is not None and again.node is pet.node  # one key, one read
        refs.check_all(doc)
    assert doc.diagnostics == ()
    keys = ["", "common/error.json", "common/types/id.yaml", "schemas/pet.yaml", "schemas/tag.yaml"]
    assert sorted(doc.files) == keys
    assert doc.files["common/error.json"].kind == "json"
    assert doc.files["schemas/pet.yaml"].display == "schemas/pet.yaml"
    for key in keys[1:]:
        real = os.path.realpath(FIXTURES / "relative_files_deep" / key)
        assert opened.count(real) == 1, key  # read once, however often and however spelled
    assert [k for k, _ in doc.digests()] == keys


def test_refs_inside_referenced_file_resolve_against_it(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("ref_inside_referenced_file", monkeypatch)
    b = doc.resolve("a/b.yaml#/B", base="", at="/x")
    assert b is not None
    props = b.node["properties"]
    local = doc.deref(props["local"], base="a/b.yaml", at="/B/properties/local")
    assert local is not None and (local.key, local.pointer) == ("a/b.yaml", "/Local")
    assert local.node["type"] == "string"  # b.yaml's Local, not the root's
    sibling = doc.deref(props["sibling"], base="a/b.yaml", at="/B/properties/sibling")
    assert sibling is not None and (sibling.key, sibling.pointer) == ("a/c.yaml", "/C")
    root = doc.deref(props["root"], base="a/b.yaml", at="/B/properties/root")
    assert root is not None and root.id == "#/components/schemas/Local"  # the root, by file name
    assert root.component == ("schemas", "Local")
    refs.check_all(doc)
    assert doc.diagnostics == ()
    assert sorted(doc.files) == ["", "a/b.yaml", "a/c.yaml"]


def test_findings_in_a_referenced_file_point_into_it() -> None:
    folder = FIXTURES / "missing_target"
    doc = load_spec(folder / "openapi.yaml")
    refs.check_all(doc)
    other = (str(folder / "other.yaml"), "/Broken/$ref")
    assert ("ref-missing", *other) in found(doc)
    assert doc.files["other.yaml"].display == str(folder / "other.yaml")
    assert str(folder / "other.yaml") in doc.texts()


def test_anchor_and_id(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("anchor_and_id", monkeypatch)
    props = schema_at("/things") + "/properties"

    def target(ref: str, at: str) -> str | None:
        hit = doc.resolve(ref, base="", at=at)
        return hit.pointer if hit else None

    assert target("#node", f"{props}/node") == "/components/schemas/Node"
    assert target("#node", "/components/schemas/Node/properties/next") == "/components/schemas/Node"
    assert target("https://example.com/schemas/pet", f"{props}/pet") == "/components/schemas/Pet"
    assert target("schemas/owner.json", f"{props}/owner") == "/components/schemas/Owner"
    pet = "/components/schemas/Pet/properties"
    assert target("tag", f"{pet}/tag") == "/components/schemas/Tag"  # against Pet's $id
    assert target("#/$defs/Kind", f"{pet}/kind") == "/components/schemas/Pet/$defs/Kind"
    assert target("#inner", f"{pet}/local") == "/components/schemas/Pet/$defs/Kind"
    refs.check_all(doc)
    assert found(doc) == {
        ("ref-missing", "openapi.yaml", f"{props}/nowhere/$ref"),
        # `other` resolves against Owner's $id (schemas/owner.json): schemas/other, not there.
        ("ref-unreadable", "openapi.yaml", "/components/schemas/Owner/properties/remote/$ref"),
    }
    assert doc.files.keys() == {""}


def test_path_item_refs(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("path_item_ref", monkeypatch)
    paths = doc.root.data["paths"]
    pets = doc.deref(paths["/pets"], base="", at="/paths/~1pets")
    assert pets is not None and pets.component == ("pathItems", "Pets")
    items = doc.deref(paths["/items"], base="", at="/paths/~1items")
    assert items is not None and (items.key, items.pointer) == ("paths/items.yaml", "")
    ok = doc.deref(items.node["get"]["responses"]["200"], base=items.key, at="/get/responses/200")
    assert ok is not None and ok.node["description"] == "ok, from items.yaml"
    refs.check_all(doc)
    assert doc.diagnostics == ()


def test_recursive_schemas_are_not_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("recursive_tree", monkeypatch)
    refs.check_all(doc)
    assert doc.diagnostics == ()
    node = doc.root.data["components"]["schemas"]["Alias"]
    alias = doc.deref(node, base="", at="/components/schemas/Alias")
    assert alias is not None and alias.component == ("schemas", "Node")


# -- errors ---------------------------------------------------------------------------------------
def test_missing_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("missing_target", monkeypatch)
    one_of = schema_at("/pets") + "/oneOf"
    assert doc.resolve("#/components/schemas/Nope", base="", at=f"{one_of}/1") is None
    refs.check_all(doc)
    assert found(doc) == {
        ("ref-missing", "openapi.yaml", f"{one_of}/1/$ref"),
        ("ref-missing", "openapi.yaml", f"{one_of}/2/$ref"),
        ("ref-missing", "openapi.yaml", f"{one_of}/3/$ref"),
        ("ref-missing", "openapi.yaml", f"{one_of}/4/$ref"),
        ("ref-missing", "other.yaml", "/Broken/$ref"),
    }
    messages = {d.location.pointer: d.message for d in doc.diagnostics if d.location}
    assert "'#/components/schemas/Nope'" in messages[f"{one_of}/1/$ref"]
    assert "no 'Nope' in '#/components/schemas'" in messages[f"{one_of}/1/$ref"]
    assert "no 'missing'" in messages[f"{one_of}/2/$ref"]
    assert "no '3'" in messages[f"{one_of}/3/$ref"]
    assert all(d.severity is Severity.ERROR for d in doc.diagnostics)


def test_alias_cycle_is_one_diagnostic_per_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("alias_cycle", monkeypatch)
    schemas = doc.root.data["components"]["schemas"]
    for name in ("Entry", "A", "B", "C"):
        assert doc.deref(schemas[name], base="", at=f"/components/schemas/{name}") is None
    refs.check_all(doc)
    assert found(doc) == {
        ("ref-cycle", "openapi.yaml", "/components/schemas/A/$ref"),
        ("ref-cycle", "openapi.yaml", "/components/schemas/Self/$ref"),
    }
    cycle = next(d for d in doc.diagnostics if d.location and "/A/" in (d.location.pointer or ""))
    assert "#/components/schemas/A -> #/components/schemas/B -> #/components/schemas/C -> " \
           "#/components/schemas/A" in cycle.message


def test_outside_root_is_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    with recording_opens() as opened:
        doc = load_case("outside_root/spec", monkeypatch)
        refs.check_all(doc)
    at = "/paths/~1secrets/get"
    schema = "content/application~1json/schema/$ref"
    assert found(doc) == {
        ("ref-outside-root", "openapi.yaml", "/info/description/$ref"),
        ("ref-outside-root", "openapi.yaml", f"{at}/description/$ref"),
        ("ref-outside-root", "openapi.yaml", f"{at}/responses/200/{schema}"),
        ("ref-outside-root", "openapi.yaml", f"{at}/responses/202/{schema}"),
    }
    assert sorted(doc.files) == ["", "inside.yaml"]  # "../spec/inside.yaml" stays inside
    spec_dir = os.path.realpath(FIXTURES / "outside_root" / "spec")
    assert opened and all(p.startswith(spec_dir + os.sep) for p in opened), opened
    assert not any(SENTINEL in d.message for d in doc.diagnostics)


def _tree(tmp_path: Path, spec: str) -> Path:
    """tmp/outer/secret.yaml (sentinel) and tmp/outer/spec/openapi.yaml (the given text)."""
    outer = tmp_path / "outer"
    (outer / "spec").mkdir(parents=True)
    (outer / "secret.yaml").write_text(f"x: {SENTINEL}\n", encoding="utf-8")
    root = outer / "spec" / "openapi.yaml"
    root.write_text(spec, encoding="utf-8")
    return root


def _ref_spec(*refs_: str) -> str:
    items = "".join(f"      - $ref: {r!r}\n" for r in refs_)
    head = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
    return head + f"components:\n  schemas:\n    U:\n      oneOf:\n{items}"


def test_symlink_and_absolute_paths_out_of_the_tree_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "outer" / "secret.yaml"
    inside = tmp_path / "outer" / "spec" / "inside.yaml"
    spec = _ref_spec("link.yaml#/x", str(secret), f"{inside}#/Inside", "linkdir/secret.yaml")
    root = _tree(tmp_path, spec)
    inside.write_text("Inside: {type: string}\n", encoding="utf-8")
    (root.parent / "link.yaml").symlink_to(secret)
    (root.parent / "linkdir").symlink_to(secret.parent, target_is_directory=True)
    with recording_opens() as opened:
        doc = load_spec(root)
        refs.check_all(doc)
    one_of = "/components/schemas/U/oneOf"
    assert found(doc) == {
        ("ref-outside-root", str(root), f"{one_of}/0/$ref"),
        ("ref-outside-root", str(root), f"{one_of}/1/$ref"),
        ("ref-outside-root", str(root), f"{one_of}/3/$ref"),
    }
    assert sorted(doc.files) == ["", "inside.yaml"]  # an absolute path inside the tree is fine
    assert os.path.realpath(secret) not in opened
    assert not any(SENTINEL in d.message for d in doc.diagnostics)


def test_remote_refs_are_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    with recording_opens() as opened:
        doc = load_case("remote_http", monkeypatch)
        refs.check_all(doc)
    one_of = schema_at("/pets") + "/oneOf"
    assert found(doc) == {("ref-remote", "openapi.yaml", f"{one_of}/{i}/$ref") for i in range(5)}
    assert opened == [os.path.realpath("openapi.yaml")]


def test_unreadable_referenced_file(monkeypatch: pytest.MonkeyPatch) -> None:
    with recording_opens() as opened:
        doc = load_case("unreadable_file", monkeypatch)
        refs.check_all(doc)
    responses = "/paths/~1pets/get/responses"
    at = "content/application~1json/schema/$ref"
    got = found(doc)
    assert {g for g in got if g[0] == "ref-unreadable"} == {
        ("ref-unreadable", "openapi.yaml", f"{responses}/{code}/{at}")
        for code in (200, 201, 404, 405)
    }
    parse = [g for g in got if g[0] != "ref-unreadable"]
    assert len(parse) == 1 and parse[0][0].startswith("parse-") and parse[0][1] == "broken.yaml"
    assert opened.count(os.path.realpath("broken.yaml")) == 1  # failures are remembered too


def test_invalid_ref_values(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("invalid_refs", monkeypatch)
    refs.check_all(doc)
    one_of = schema_at("/pets") + "/oneOf"
    assert found(doc) == {("ref-invalid", "openapi.yaml", f"{one_of}/{i}/$ref") for i in range(6)}


def test_fifo_in_the_tree_is_refused_without_blocking(tmp_path: Path) -> None:
    root = _tree(tmp_path, _ref_spec("pipe.yaml#/x"))
    os.mkfifo(root.parent / "pipe.yaml")
    doc = load_spec(root)
    refs.check_all(doc)
    assert found(doc) == {("ref-unreadable", str(root), "/components/schemas/U/oneOf/0/$ref")}
    assert "not a regular file" in doc.diagnostics[0].message


# -- text, leniency, strings ----------------------------------------------------------------------
def test_markdown_is_read_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("markdown_description", monkeypatch)
    info = doc.root.data["info"]
    text = doc.resolve_string(info["description"], base="", at="/info/description")
    intro = FIXTURES / "markdown_description" / "docs" / "intro.md"
    assert text == intro.read_text(encoding="utf-8")
    assert doc.files["docs/intro.md"].kind == "text"
    topic = doc.root.data["x-topics"][0]["content"]
    got = doc.resolve_string(topic, base="", at="/x-topics/0/content")
    assert got is not None and got.startswith("Getting started")
    refs.check_all(doc)
    assert found(doc) == {
        ("ref-nonstandard", "openapi.yaml", "/info/description/$ref"),
        ("ref-missing", "openapi.yaml", "/paths/~1pets/get/description/$ref"),
    }


def test_unresolved_refs_in_extensions_are_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("extension_missing_file", monkeypatch)
    refs.check_all(doc)
    get = "/paths/~1pets/get"
    schema = f"{get}/responses/200/content/application~1json/schema"
    assert found(doc) == {
        ("ref-extension-unresolved", "openapi.yaml", "/x-topics/0/content/$ref"),
        ("ref-extension-unresolved", "openapi.yaml", f"{get}/x-ms-examples/List pets/$ref"),
        ("ref-extension-unresolved", "openapi.yaml", f"{get}/x-ms-examples/Local missing/$ref"),
        ("ref-extension-unresolved", "openapi.yaml", "/components/x-extra/$ref"),
        # A header and a property that are *named* x-...: real spec, real errors.
        ("ref-unreadable", "openapi.yaml", f"{get}/responses/200/headers/x-request-id/$ref"),
        ("ref-unreadable", "openapi.yaml", f"{schema}/properties/x-foo/$ref"),
    }
    severity = {d.code: d.severity for d in doc.diagnostics}
    assert severity["ref-extension-unresolved"] is Severity.WARNING
    assert severity["ref-unreadable"] is Severity.ERROR


def test_lenient_can_be_forced_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("missing_target", monkeypatch)
    assert doc.resolve("#/nope", base="", at="/a", lenient=True) is None
    assert doc.resolve("#/nope", base="", at="/x-a", lenient=False) is None
    assert found(doc) == {
        ("ref-extension-unresolved", "openapi.yaml", "/a/$ref"),
        ("ref-missing", "openapi.yaml", "/x-a/$ref"),
    }


@pytest.mark.parametrize(
    ("pointer", "key", "expected"),
    [
        ("/x-topics/0/content", "", True),
        ("/paths/~1pets/get/x-ms-examples/A", "", True),
        ("/paths/x-internal", "", True),
        ("/paths/~1a/get/responses/x-foo", "", True),
        ("/components/x-extra", "", True),
        ("/components/schemas/x-named", "", False),
        ("/components/headers/x-rate", "", False),
        ("/paths/~1a/get/responses/200/headers/x-request-id", "", False),
        ("/components/schemas/A/properties/x-foo", "", False),
        ("/components/schemas/A/properties/x-foo/x-bar", "", True),
        ("/components/schemas/A/properties/properties/x-bar", "", True),
        ("/paths/~1a/get/parameters/0/x-ms-client-name", "", True),
        ("/paths/~1a/get/callbacks/x-cb/{$url}/post", "", False),
        ("/paths/~1a/get/callbacks/cb/x-ext", "", True),
        ("/components/callbacks/cb/x-ext", "", True),
        ("/x-foo", "schemas.yaml", False),  # a referenced file's root is a map of names
        ("/Pet/x-foo", "schemas.yaml", True),
        ("", "", False),
    ],
)
def test_in_extension(pointer: str, key: str, expected: bool) -> None:
    assert refs.in_extension(pointer, key=key) is expected


def test_ref_in_string_position(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_case("ref_in_string_position", monkeypatch)
    props = "/paths/~1responses/post/responses/200/content/application~1json/schema/properties"
    schema_props = response_schema(doc, "/responses", "post")["properties"]
    include = schema_props["include"]["description"]
    text = refs.resolve_string(doc, include, base="", at=f"{props}/include/description")
    assert text == "Specify additional output data to include in the model response."
    assert refs.resolve_string(doc, "plain", base="", at="/x") == "plain"
    wrong = schema_props["wrong"]["description"]
    assert refs.resolve_string(doc, wrong, base="", at=f"{props}/wrong/description") is None
    refs.check_all(doc)  # reports the same warning: still one
    assert found(doc) == {
        ("ref-nonstandard", "openapi.yaml", f"{props}/include/description/$ref"),
        ("ref-invalid", "openapi.yaml", f"{props}/wrong/description/$ref"),
    }


# -- limits ---------------------------------------------------------------------------------------
def _chain(tmp_path: Path, length: int) -> Path:
    """openapi.yaml -> f1.yaml -> f2.yaml -> ... -> f<length>.yaml, each in a deeper folder."""
    root = tmp_path / "openapi.yaml"
    root.write_text(_ref_spec("d1/f1.yaml#/S"), encoding="utf-8")
    folder = tmp_path
    for i in range(1, length + 1):
        folder = folder / f"d{i}"
        folder.mkdir()
        nxt = f"d{i + 1}/f{i + 1}.yaml#/S" if i < length else "#/T"
        text = f"S: {{$ref: {nxt!r}}}\nT: {{type: string}}\n"
        (folder / f"f{i}.yaml").write_text(text, encoding="utf-8")
    return root


def _limit_error(root: Path, limits: Limits) -> tuple[str, str, str, str]:
    """The one diagnostic a load over a limit gives: (code, file, pointer, message)."""
    with pytest.raises(SpecError) as info:
        load_spec(root, limits=limits)
    (diag,) = info.value.diagnostics
    assert diag.location is not None
    return diag.code, diag.location.file, diag.location.pointer or "", diag.message


def test_file_nesting_depth_is_bounded(tmp_path: Path) -> None:
    code, file, pointer, message = _limit_error(_chain(tmp_path, 5), Limits(file_depth=3))
    assert (code, file, pointer) == (
        "limit-exceeded", str(tmp_path / "d1/d2/d3/f3.yaml"), "/S/$ref"
    )
    assert "files nest more than 3 deep" in message
    assert "[tool.specloom.limits] file-depth = 12" in message
    (tmp_path / "ok").mkdir()
    doc = load_spec(_chain(tmp_path / "ok", 3), limits=Limits(file_depth=3))
    refs.check_all(doc)
    assert doc.diagnostics == ()


def test_total_size_counts_referenced_files(tmp_path: Path) -> None:
    root = _chain(tmp_path, 2)
    big = "T: {type: string}\nS: {$ref: '#/T'}\n" + "#" * 4000
    (tmp_path / "d1" / "d2" / "f2.yaml").write_text(big, encoding="utf-8")
    code, file, pointer, message = _limit_error(root, Limits(bytes=2000))
    assert (code, file, pointer) == ("limit-exceeded", str(tmp_path / "d1" / "f1.yaml"), "/S/$ref")
    assert "[tool.specloom.limits] bytes = 8000" in message


def test_root_file_over_the_size_limit_says_how_to_raise_it(tmp_path: Path) -> None:
    root = _chain(tmp_path, 1)
    with pytest.raises(SpecError) as info:
        load_spec(root, limits=Limits(bytes=10))
    (diag,) = info.value.diagnostics
    assert diag.code == "parse-size-limit"
    assert "[tool.specloom.limits] bytes = 40" in diag.message


def test_file_count_is_bounded_with_one_diagnostic(tmp_path: Path) -> None:
    """A tree over the file limit gives one located diagnostic and nothing else."""
    root = _fan_out(tmp_path, 30)
    code, file, pointer, message = _limit_error(root, Limits(files=10))
    assert code == "limit-exceeded" and file == str(root)
    assert pointer.startswith("/components/schemas/S") and pointer.endswith("/$ref")
    assert "the spec reads more than 10 files" in message
    assert "[tool.specloom.limits] files = 40" in message
    doc = load_spec(root, limits=Limits(files=31))
    refs.check_all(doc)
    assert doc.diagnostics == () and len(doc.files) == 31


def _fan_out(tmp_path: Path, count: int) -> Path:
    """openapi.yaml whose schemas S0..S<count-1> each live in a file of their own."""
    lines = ["openapi: 3.1.0", "info: {title: t, version: '1'}", "paths: {}",
             "components:", "  schemas:"]
    for i in range(count):
        lines.append(f"    S{i}: {{$ref: 'schemas/S{i}.yaml'}}")
        (tmp_path / "schemas").mkdir(exist_ok=True)
        (tmp_path / "schemas" / f"S{i}.yaml").write_text("type: string\n", encoding="utf-8")
    root = tmp_path / "openapi.yaml"
    root.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_deep_documents_are_walked_without_recursion() -> None:
    depth = 60_000
    node: Any = {"$ref": "#/components/schemas/T"}
    for _ in range(depth):
        node = {"a": [node]}
    data = {"openapi": "3.1.0", "components": {"schemas": {"T": {"type": "string"}}}, "deep": node}
    doc = memory_doc(data)
    found_refs = list(refs.iter_refs(doc))
    assert len(found_refs) == 1
    key, pointer, ref = found_refs[0]
    assert (key, ref) == ("", "#/components/schemas/T") and pointer == "/deep" + "/a/0" * depth
    refs.check_all(doc)
    assert doc.diagnostics == ()
    deep = doc.resolve("#" + pointer, base="", at="/x")
    assert deep is not None and deep.node == {"$ref": "#/components/schemas/T"}


# -- small contract pieces ------------------------------------------------------------------------
def test_target_component_and_node_id() -> None:
    pet = Target(key="", pointer="/components/schemas/Pet", node={})
    assert pet.component == ("schemas", "Pet")
    assert component_of("", "/components/schemas/a~1b") == ("schemas", "a/b")
    assert component_of("", "/components/schemas/Pet/properties/x") is None
    assert component_of("other.yaml", "/components/schemas/Pet") is None
    assert component_of("", "/paths/~1a") is None
    assert node_id("", "/a") == "#/a" and node_id("b.yaml", "") == "b.yaml#"


@pytest.fixture
def openai_spec() -> Path:
    path = CORPUS / "openai" / "2026-08-21.yaml"
    if not path.is_file():
        pytest.skip(CORPUS_MISSING)
    return path


def test_iter_refs_counts_every_ref_of_the_openai_spec(openai_spec: Path) -> None:
    doc = load_spec(openai_spec)
    assert sum(1 for _ in refs.iter_refs(doc)) == 2811


@pytest.mark.parametrize(
    ("body", "declares"),
    [
        ("components: {schemas: {A: {type: string}}}\n", False),
        ("components: {schemas: {A: {$id: 'https://x.test/a', type: string}}}\n", True),
        ('components: {schemas: {A: {"\\u0024id": "https://x.test/a"}}}\n', True),
        ("components: {schemas: {A: {enum: [$id, \\u0024id]}}}\n", False),  # values: no resource
    ],
)
def test_the_parse_tells_which_files_may_declare_an_id(
    tmp_path: Path, body: str, declares: bool
) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n" + body)
    doc = load_spec(spec)
    assert doc.root.id_free is not declares  # learnt by the fast path's pass over the data
    assert refs.may_declare_id(doc, "") is declares
    as_json = tmp_path / "s.json"  # the json module's data: the bytes are scanned instead
    as_json.write_text('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "x": "$id"}')
    loaded = load_spec(as_json)
    assert not loaded.root.id_free and refs.may_declare_id(loaded, "")
