"""Pointer -> line:col from the C parser's events (YAML) or the JSON scanner; locate()."""

from __future__ import annotations

import pytest

from generator.diagnostics import Diagnostic, Location, error
from generator.spec import _yaml_events, positions
from generator.spec.positions import build_index, locate

SPEC = """\
openapi: 3.1.0
info:
  title: T
  version: '1'
paths:
  /pets/{id}:
    get:
      responses:
        200:
          description: ok
        "a~b": {description: tilde}
tags: [x, {name: y}]
list:
  - one
  -
    k: v
"""


def test_scalars_sit_at_their_value_collections_at_their_key() -> None:
    index = build_index(SPEC)
    assert index[""] == (1, 1)
    assert index["/openapi"] == (1, 10)
    assert index["/info"] == (2, 1)  # a block mapping member: its key's line
    assert index["/info/version"] == (4, 12)
    assert index["/paths/~1pets~1{id}/get"] == (7, 5)
    assert index["/paths/~1pets~1{id}/get/responses/200"] == (9, 9)  # `200:` is the key "200"
    assert index["/paths/~1pets~1{id}/get/responses/200/description"] == (10, 24)
    assert index["/paths/~1pets~1{id}/get/responses/a~0b"] == (11, 16)  # a flow mapping: its brace
    assert index["/tags"] == (12, 7)
    assert index["/tags/1/name"] == (12, 18)
    assert index["/list/0"] == (14, 5)
    assert index["/list/1"] == (16, 5)
    assert index["/list/1/k"] == (16, 8)
    assert "/nope" not in index


def test_aliases_and_merge_keys_lead_to_the_anchor() -> None:
    text = (
        "base: &b\n  deep:\n    leaf: 1\n  other: 2\n"
        "copy: *b\n"
        "merged:\n  <<: *b\n  own: 3\n"
        "many:\n  <<: [*b, {extra: 4}]\n"
    )
    index = build_index(text)
    assert index["/copy"] == (5, 7)  # the alias itself
    assert index["/copy/deep/leaf"] == index["/base/deep/leaf"] == (3, 11)
    assert index["/merged/other"] == (4, 10)
    assert index["/merged/own"] == (8, 8)
    assert index["/many/deep/leaf"] == (3, 11)
    assert index["/many/extra"] == (10, 20)


def test_json_text_uses_the_json_scanner() -> None:
    long_key = "k" * 2000  # libyaml refuses implicit keys this long; JSON allows them
    text = '{\n  "a/b": {"c": [1, {"d": null}]},\n  "\\u0041": 2,\n  "' + long_key + '": 3\n}\n'
    index = build_index(text)
    assert index["/a~1b"] == (2, 3)
    assert index["/a~1b/c"] == (2, 11)
    assert index["/a~1b/c/1/d"] == (2, 26)
    assert index["/A"] == (3, 13)
    assert index["/" + long_key] == (4, 2007)


def test_yaml_flow_text_that_is_not_json_uses_events() -> None:
    assert dict(build_index("{a: 1, b: [x]}")) == {
        "": (1, 1),
        "/a": (1, 5),
        "/b": (1, 11),
        "/b/0": (1, 12),
    }


def test_positions_stay_exact_around_yaml_11_line_breaks() -> None:
    index = build_index("a: x\u2028y\nb: 1\n")
    assert index["/b"] == (2, 4)


def test_crlf_and_broken_text() -> None:
    assert build_index("a: 1\r\nb:\r\n  c: 2\r\n")["/b/c"] == (3, 6)
    partial = build_index("a: 1\nb: [1, 2\nc: 3\n")
    assert partial["/a"] == (1, 4)


def test_nearest_walks_up_to_an_existing_parent() -> None:
    index = build_index(SPEC)
    assert index.nearest("/info/title/not/there") == (3, 10)
    assert index.nearest("/zzz") == (1, 1)
    assert index.nearest("#/info/title") == (3, 10)
    assert index.nearest("not a pointer") is None


def _diag(pointer: str | None, file: str = "spec.yaml", line: int | None = None) -> Diagnostic:
    return error(
        "oas-structure",
        "m",
        Location(file=file, pointer=pointer, line=line, col=1 if line else None),
    )


def test_locate_fills_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = positions.build_index

    def counting(text: str) -> positions.PositionIndex:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(positions, "build_index", counting)
    positions._CACHE.clear()
    found = locate(
        [
            _diag("/info/title"),
            _diag("/paths/~1pets~1{id}/get/nothing"),
            _diag(None),
            _diag("/a", "other.yaml"),
            _diag("/info", line=9),
        ],
        {"spec.yaml": SPEC},
    )
    locs = [d.location for d in found]
    assert [(loc.line, loc.col) for loc in locs if loc] == [
        (3, 10),
        (7, 5),
        (None, None),
        (None, None),
        (9, 1),
    ]
    assert len(calls) == 1  # one index per file, and none for a file without text
    locate([_diag("/openapi")], {"spec.yaml": SPEC})
    assert len(calls) == 1  # the same text is not indexed twice


def test_locate_is_free_when_nothing_needs_locating(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(text: str) -> positions.PositionIndex:
        raise AssertionError("no index should be built")

    monkeypatch.setattr(positions, "build_index", boom)
    positions._CACHE.clear()
    diagnostics = [_diag(None), _diag("/a", line=3), _diag("/a", "unknown.yaml")]
    assert locate(diagnostics, {"spec.yaml": "a: 1\n"}) == diagnostics
    assert locate([], {}) == []


def test_the_c_parser_is_used() -> None:
    assert _yaml_events.parser_kind() == "clib"
    get_event, dispose = _yaml_events.open_events("a: 1\n")
    try:
        assert "_ruamel_yaml" in type(get_event.__self__).__module__  # type: ignore[attr-defined]
    finally:
        dispose()
