"""parse_text and decode: two YAML parsers with one meaning, JSON by the json module."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostic, SpecError
from generator.spec import _yaml_scan, parse
from generator.spec.parse import decode, parse_text

ENGINES = ["auto", "exact"]


def fail(text: str, display: str = "spec.yaml", **kwargs: Any) -> Diagnostic:
    """The one diagnostic parse_text raises for `text`."""
    with pytest.raises(SpecError) as caught:
        parse_text(text, display, **kwargs)
    assert len(caught.value.diagnostics) == 1
    return caught.value.diagnostics[0]


def where(diagnostic: Diagnostic) -> tuple[int | None, int | None]:
    assert diagnostic.location is not None
    return diagnostic.location.line, diagnostic.location.col


# -- meaning ------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
def test_yaml_12_scalars(engine: str) -> None:
    text = (
        "a: yes\nb: on\nc: off\nd: y\ne: True\nf: null\ng: ~\nh:\ni: 0x1F\nj: 0o17\nk: 017\n"
        "l: 1_000\nm: 1e3\nn: .5\no: '1'\np: \"true\"\nq: 0b101\nr: -0\ns: +1\n"
    )
    assert parse_text(text, "s.yaml", engine=engine) == {
        "a": "yes", "b": "on", "c": "off", "d": "y", "e": True, "f": None, "g": None,
        "h": None, "i": 31, "j": 15, "k": 17, "l": 1000, "m": 1000.0, "n": 0.5, "o": "1",
        "p": "true", "q": 5, "r": 0, "s": 1,
    }  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_dates_stay_strings(engine: str) -> None:
    text = "a: 2024-06-01\nb: 2024-06-01T10:00:00Z\nc: 2001-12-14 21:59:43.10 -5\nd: 12:30:00\n"
    data = parse_text(text, "s.yaml", engine=engine)
    assert data == {
        "a": "2024-06-01",
        "b": "2024-06-01T10:00:00Z",
        "c": "2001-12-14 21:59:43.10 -5",
        "d": "12:30:00",
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_big_integers_survive(engine: str) -> None:
    big = 12345678901234567890123456789012345678901234567890
    data = parse_text(f"a: {big}\nb: -{big}\nc: 0x{big:x}\n", "s.yaml", engine=engine)
    assert data == {"a": big, "b": -big, "c": big}


@pytest.mark.parametrize("engine", ENGINES)
def test_keys_become_strings(engine: str) -> None:
    text = "200: ok\n404: gone\ntrue: t\nfalse: f\n~: n\n1.5: x\n0x10: hex\n"
    data = parse_text(text, "s.yaml", engine=engine)
    assert data == {
        "200": "ok",
        "404": "gone",
        "true": "t",
        "false": "f",
        "null": "n",
        "1.5": "x",
        "16": "hex",
    }
    assert all(type(key) is str for key in data)


@pytest.mark.parametrize("engine", ENGINES)
def test_nested_int_keys_become_strings(engine: str) -> None:
    text = "paths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n"
    text += "        default: {}\n"
    data = parse_text(text, "s.yaml", engine=engine)
    assert list(data["paths"]["/a"]["get"]["responses"]) == ["200", "default"]


@pytest.mark.parametrize("engine", ENGINES)
def test_keys_that_collide_as_strings_are_duplicates(engine: str) -> None:
    found = fail("1: a\n'1': b\n", engine=engine)
    assert (found.code, where(found)) == ("parse-duplicate-key", (2, 1))


@pytest.mark.parametrize("engine", ENGINES)
def test_aliases_are_expanded_into_independent_copies(engine: str) -> None:
    data = parse_text("a: &x {k: [1]}\nb: *x\nc: [*x, *x]\n", "s.yaml", engine=engine)
    assert data == {"a": {"k": [1]}, "b": {"k": [1]}, "c": [{"k": [1]}, {"k": [1]}]}
    assert data["a"] is not data["b"] and data["c"][0] is not data["c"][1]
    assert data["a"]["k"] is not data["b"]["k"]


@pytest.mark.parametrize("engine", ENGINES)
def test_merge_keys_are_merged(engine: str) -> None:
    text = (
        "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\n"
        "c:\n  <<: [*a, *b]\n  z: 3\n"
        "d:\n  w: 0\n  <<: *a\n  x: 5\n"
        "e: {'<<': literal}\n"
    )
    data = parse_text(text, "s.yaml", engine=engine)
    assert data["c"] == {"x": 1, "y": 1, "z": 3}  # own keys win, earlier sources win
    assert list(data["c"]) == ["x", "y", "z"]
    assert data["d"] == {"w": 0, "x": 5, "y": 1}
    assert data["e"] == {"<<": "literal"}  # a quoted << is an ordinary key


def test_merge_keys_take_the_exact_path() -> None:
    from generator.spec import _yaml_fast

    text = "a: &a {x: 1}\nb:\n  <<: *a\n"
    with pytest.raises(_yaml_fast.Reroute):
        _yaml_fast.load_fast(text, max_depth=parse.MAX_DEPTH, max_replay=parse.MAX_ALIAS_EVENTS)
    assert parse_text(text, "s.yaml") == {"a": {"x": 1}, "b": {"x": 1}}


@pytest.mark.parametrize("engine", ENGINES)
def test_merge_value_must_be_mappings(engine: str) -> None:
    found = fail("a:\n  <<: 1\n", engine=engine)
    assert (found.code, where(found)) == ("parse-syntax", (2, 3))
    assert "merge" in found.message


@pytest.mark.parametrize("engine", ENGINES)
def test_standard_tags_are_read(engine: str) -> None:
    text = "a: !!str 1\nb: !!int '7'\nc: !!float 1\nd: !!bool 'true'\ne: !!null ''\n"
    text += "f: !!map {k: v}\ng: !!seq [1]\nh: ! 5\n"
    data = parse_text(text, "s.yaml", engine=engine)
    assert data == {
        "a": "1",
        "b": 7,
        "c": 1.0,
        "d": True,
        "e": None,
        "f": {"k": "v"},
        "g": [1],
        "h": "5",
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_yaml_12_line_breaks_are_content(engine: str) -> None:
    # libyaml (YAML 1.1) breaks lines at U+2028/U+2029/U+0085; YAML 1.2 does not.
    text = 'a: x\u2028y\nb: "p\u2029q"\nc: |\n  r\x85s\nd: t\x9fu\n'
    data = parse_text(text, "s.yaml", engine=engine)
    assert data == {"a": "x\u2028y", "b": "p\u2029q", "c": "r\x85s\n", "d": "t\x9fu"}


@pytest.mark.parametrize("engine", ENGINES)
def test_surrogate_pair_escape_and_separating_tab(engine: str) -> None:
    data = parse_text('a: "\\ud83d\\ude00"\nb:\n  - \tx\n', "s.yaml", engine=engine)
    assert data == {"a": "\U0001f600", "b": ["x"]}


# -- refused input ------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("text", "code", "line_col"),
    [
        ("a: !!python/object/apply:os.system ['echo hi']\n", "parse-tag", (1, 4)),
        ("a: !!python/name:os.system\n", "parse-tag", (1, 4)),
        ("a:\n  b: !local thing\n", "parse-tag", (2, 6)),
        ("a: !<tag:example.com,2024:x> y\n", "parse-tag", (1, 4)),
        ("a: !!int nope\n", "parse-tag", (1, 4)),
        ("a: !!set {x, y}\n", "parse-non-json", (1, 4)),
        ("a: !!binary aGk=\n", "parse-non-json", (1, 4)),
        ("a: !!timestamp 2024-01-01\n", "parse-non-json", (1, 4)),
        ("a: !!omap [{x: 1}]\n", "parse-non-json", (1, 4)),
        ("a: .nan\n", "parse-non-json", (1, 4)),
        ("a: [1, -.inf]\n", "parse-non-json", (1, 8)),
        ("a: 1e400\n", "parse-non-json", (1, 4)),
        (".inf: x\n", "parse-non-json", (1, 1)),
        ("? [a, b]\n: c\n", "parse-non-json", (1, 3)),
        ("? {a: 1}\n: c\n", "parse-non-json", (1, 3)),
        ("a: 1" + "0" * 4400 + "\n", "parse-non-json", (1, 4)),
        ("a: 1\n---\nb: 2\n", "parse-multi-document", (2, 1)),
        ("--- a\n--- b\n", "parse-multi-document", (2, 1)),
        ("a: b\n...\n---\n", "parse-multi-document", (3, 1)),
        ("a: 1\nb: 2\na: 3\n", "parse-duplicate-key", (3, 1)),
        ("x: {a: 1, a: 2}\n", "parse-duplicate-key", (1, 11)),
        ("a: &x 1\nb: {<<: {x: 1}, <<: {y: 2}}\n", "parse-duplicate-key", (2, 17)),
        ("a:\n\tb: 1\n", "parse-syntax", (2, 1)),
        ("a: [1, 2\nb: 3\n", "parse-syntax", (2, 2)),
        ("a: b: c\n", "parse-syntax", (1, 5)),
        ("- a\nb: c\n", "parse-syntax", (2, 1)),
        ("a: *nowhere\n", "parse-syntax", (1, 4)),
        ("a: &x [1, *x]\n", "parse-syntax", (1, 11)),
        ('a: "\\ud800"\n', "parse-syntax", (1, 5)),
    ],
)
def test_refused_with_location(
    engine: str, text: str, code: str, line_col: tuple[int, int]
) -> None:
    found = fail(text, engine=engine)
    assert (found.code, where(found)) == (code, line_col), found.message
    assert found.location is not None and found.location.file == "spec.yaml"


@pytest.mark.parametrize("engine", ENGINES)
def test_errors_carry_the_pointer(engine: str) -> None:
    found = fail("paths:\n  /a:\n    get: {x: .nan}\n", engine=engine)
    assert found.location is not None and found.location.pointer == "/paths/~1a/get/x"
    found = fail("a:\n  - 1\n  - {b: 1, b: 2}\n", engine=engine)
    assert found.location is not None and found.location.pointer == "/a/1/b"


def test_python_tags_construct_nothing(tmp_path: Any) -> None:
    marker = tmp_path / "constructed"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    text += f"b: !!python/object/new:os.system ['touch {marker}']\n"
    for engine in ENGINES:
        assert fail(text, engine=engine).code == "parse-tag"
    assert not marker.exists()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "# only a comment\n# and another\n",
        "---\n",
        "--- # c\n...\n",
        "%YAML 1.2\n---\n",
    ],
)
def test_empty(engine: str, text: str) -> None:
    assert fail(text, engine=engine).code == "parse-empty"


@pytest.mark.parametrize("engine", ENGINES)
def test_null_document_is_not_empty(engine: str) -> None:
    assert parse_text("null\n", "s.yaml", engine=engine) is None
    assert parse_text("# c\nhello\n", "s.yaml", engine=engine) == "hello"


@pytest.mark.parametrize("engine", ENGINES)
def test_billion_laughs_stops_at_the_alias_limit(engine: str) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    found = fail("\n".join(lines) + "\n", engine=engine)
    assert found.code == "parse-alias-limit"
    assert found.location is not None and found.location.line is not None


@pytest.mark.parametrize("engine", ENGINES)
def test_depth_limit_block_and_flow(engine: str) -> None:
    depth = parse.MAX_DEPTH + 5
    block = "".join(" " * i + "k:\n" for i in range(depth)) + " " * depth + "v\n"
    found = fail(block, engine=engine)
    assert (found.code, where(found)) == (
        "parse-depth-limit",
        (parse.MAX_DEPTH + 1, parse.MAX_DEPTH + 1),
    )
    found = fail("a: " + "[" * depth + "]" * depth + "\n", engine=engine)
    assert (found.code, where(found)) == ("parse-depth-limit", (1, 4 + parse.MAX_DEPTH - 1))
    ok = "a: " + "[" * (parse.MAX_DEPTH - 1) + "]" * (parse.MAX_DEPTH - 1) + "\n"
    assert isinstance(parse_text(ok, "s.yaml", engine=engine), dict)


@pytest.mark.parametrize("engine", ENGINES)
def test_depth_through_aliases_counts(engine: str) -> None:
    inner = "[" * 200 + "]" * 200
    text = f"a: &x {inner}\nb: " + "[" * 60 + "*x" + "]" * 60 + "\n"
    assert fail(text, engine=engine).code == "parse-depth-limit"


def test_max_depth_is_a_parameter() -> None:
    assert fail("a: [[[1]]]\n", max_depth=3).code == "parse-depth-limit"
    assert parse_text("a: [[1]]\n", "s.yaml", max_depth=3) == {"a": [[1]]}


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "MAX_BYTES", 100)
    assert fail("a: " + "x" * 200 + "\n").code == "parse-size-limit"
    with pytest.raises(SpecError) as caught:
        decode(b"a: " + b"x" * 200, "big.yaml")
    assert caught.value.diagnostics[0].code == "parse-size-limit"


@pytest.mark.parametrize(("char", "col"), [("\x00", 6), ("\x01", 6), ("\x1b", 6), ("\x0c", 6)])
def test_control_characters_are_refused(char: str, col: int) -> None:
    found = fail(f"a: b\nc: 'x{char}'\n")
    assert (found.code, where(found)) == ("parse-encoding", (2, col))


# -- JSON ---------------------------------------------------------------------------------------
def test_json_is_read_by_the_json_module() -> None:
    text = '{"openapi": "3.1.0", "n": 1.5, "big": 123456789012345678901234567890,'
    text += ' "s": "\\u00e9\\ud83d\\ude00"}'
    assert parse_text(text, "spec.json") == {
        "openapi": "3.1.0",
        "n": 1.5,
        "big": 123456789012345678901234567890,
        "s": "é😀",
    }
    assert parse_text("\ufeff" + text, "spec.json")["openapi"] == "3.1.0"


@pytest.mark.parametrize(
    ("text", "code", "line_col"),
    [
        ('{\n  "a": 1,\n  "a": 2\n}', "parse-duplicate-key", (3, 3)),
        ('{"x": {"a": 1, "b": {}, "a": 2}}', "parse-duplicate-key", (1, 25)),
        ('{"a": NaN}', "parse-non-json", (1, 7)),
        ('{"a": -Infinity}', "parse-non-json", (1, 7)),
        ('{"a": 1e999}', "parse-non-json", (1, 7)),
        ('{"a": [1, 2', "parse-syntax", (1, 12)),
        ('{\n  "a": 1,\n}', "parse-syntax", (3, 1)),
        ('{"a": "\\ud800"}', "parse-encoding", (1, 8)),
        ("", "parse-empty", None),
        ("  \n", "parse-empty", None),
    ],
)
def test_json_refused(text: str, code: str, line_col: tuple[int, int] | None) -> None:
    found = fail(text, "spec.json")
    assert found.code == code, found.message
    if line_col is not None:
        assert where(found) == line_col


def test_json_duplicate_key_carries_pointer() -> None:
    found = fail('{"paths": {"/a": {"get": {}, "get": {}}}}', "spec.json")
    assert found.location is not None and found.location.pointer == "/paths/~1a/get"


def test_json_depth_limit_is_located() -> None:
    depth = 5000  # beyond the json module's recursion limit
    found = fail("[" * depth + "]" * depth, "spec.json")
    assert (found.code, where(found)) == ("parse-depth-limit", (1, parse.MAX_DEPTH + 1))
    found = fail('{"a": ' + "[" * 300 + "]" * 300 + "}", "spec.json")
    assert found.code == "parse-depth-limit"


def test_json_looking_yaml_is_yaml() -> None:
    assert parse_text("{a: 1, b: [x, y]}", "spec.yaml") == {"a": 1, "b": ["x", "y"]}
    assert parse_text("{a: 1}", "<stdin>") == {"a": 1}
    found = fail('{"a": 1', "<stdin>")  # neither: the JSON error is the one that helps
    assert (found.code, where(found)) == ("parse-syntax", (1, 8))
    assert "JSON" in found.message


def test_kind_hint_overrides_the_name() -> None:
    assert fail("a: 1\n", "spec.json").code == "parse-syntax"
    assert parse_text("a: 1\n", "spec.json", kind="yaml") == {"a": 1}
    assert fail('{"a": 1, "a": 2}', "x", kind="json").code == "parse-duplicate-key"


# -- decode -------------------------------------------------------------------------------------
def test_decode_accepts_utf8_and_bom() -> None:
    assert decode("a: é\n".encode(), "s.yaml") == "a: é\n"
    assert decode(b"\xef\xbb\xbfa: 1\n", "s.yaml") == "a: 1\n"


def test_decode_locates_the_first_bad_byte() -> None:
    with pytest.raises(SpecError) as caught:
        decode(
            "a: 1\nbé: \xff\n".encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff"),
            "s.yaml",
        )
    found = caught.value.diagnostics[0]
    assert (found.code, where(found)) == ("parse-encoding", (2, 5))
    assert "0xff" in found.message


@pytest.mark.parametrize(
    ("data", "word"), [("a: 1\n".encode("utf-16"), "UTF-16"), ("a: 1\n".encode("utf-32"), "UTF-32")]
)
def test_decode_names_utf16_and_utf32(data: bytes, word: str) -> None:
    with pytest.raises(SpecError) as caught:
        decode(data, "s.yaml")
    assert caught.value.diagnostics[0].code == "parse-encoding"
    assert word in caught.value.diagnostics[0].message


def test_binary_garbage_is_a_clear_error() -> None:
    garbage = bytes(range(256)) * 4
    with pytest.raises(SpecError) as caught:
        parse_text(decode(garbage, "blob.yaml"), "blob.yaml")
    assert caught.value.diagnostics[0].code == "parse-encoding"
    assert fail("\x00\x01\x02binary", "blob.yaml").code == "parse-encoding"


def test_lone_surrogate_in_text_is_refused() -> None:
    assert fail("a: \udc80\n").code == "parse-encoding"


# -- routing: what the fast parser cannot judge goes to the exact path --------------------------
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "parse"


@pytest.mark.parametrize(
    "text",
    [
        "a: !foo x\n",
        "- !foo x\n",
        "a: [1, !foo x]\n",
        "a: {b: !foo x}\n",
        "? !foo x\n: y\n",
        "--- !foo\na: 1\n",
        "a: &x !foo y\n",
        "!foo\na: 1\n",
        "a:\n  b: |\n    text\n  c: !!python/name:os.system\n",
        "a: wow! b != c, d!\ne: [x!, !foo y]\n",
        "a: {b: 'x!', c: !foo y}\n",
    ],
)
def test_tags_are_routed_to_the_exact_path(text: str) -> None:
    assert _yaml_scan.route_reason(text) == "tag"


@pytest.mark.parametrize(
    "text",
    [
        "a: b != c\n",
        "a: |\n  x: !y\n  - !z\n  [![badge](u)]\n",
        "a: >-\n  if !ok { [!x] }\nb: 1\n",
        'a: "x: !y, [!z]"\n',
        "a: 'it''s: !y'\n",
        "a: x # a comment: !y\n",
        "# !tag in a comment\na: 1\n",
        "a: x!y\n",
        "a: " + "wow! " * 50 + "\n",
        "a: 'x, !y' # and, !z\n",
    ],
)
def test_bangs_that_are_not_tags_stay_on_the_fast_path(text: str) -> None:
    assert _yaml_scan.route_reason(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a: &x [1, *x]\n", "alias"),
        ("a: &x\n  b: *x\n", "alias"),
        ("a: &x 1\nb: *x\n", None),
        ("- " * 150 + "x\n", "deep"),
        ("a: |\n", "empty block scalar at the end"),
        ("a: |\n  x\n", None),
    ],
)
def test_other_fast_parser_gaps_are_routed(text: str, reason: str | None) -> None:
    assert _yaml_scan.route_reason(text) == reason


def test_code_samples_stay_fast_and_mean_the_same() -> None:
    text = (FIXTURES / "code-samples.yaml").read_text(encoding="utf-8")
    assert _yaml_scan.route_reason(text) is None
    data = parse_text(text, "code-samples.yaml")
    assert data == parse_text(text, "code-samples.yaml", engine="exact")
    assert "err != nil" in data["paths"]["/check"]["get"]["x-codeSamples"][0]["source"]


def test_a_tag_hidden_after_a_block_scalar_is_found() -> None:
    text = (FIXTURES / "hidden-tag.yaml").read_text(encoding="utf-8")
    for engine in ENGINES:
        found = fail(text, "hidden-tag.yaml", engine=engine)
        assert (found.code, where(found)) == ("parse-tag", (6, 12))
        assert found.location is not None and found.location.pointer == "/info/version"


@pytest.mark.parametrize("engine", ENGINES)
def test_anchors_fixture(engine: str) -> None:
    text = (FIXTURES / "anchors.yaml").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / "anchors.expected.json").read_text(encoding="utf-8"))
    assert parse_text(text, "anchors.yaml", engine=engine) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_flow_plain_scalars_read_as_yaml_12(engine: str) -> None:
    # libyaml takes these `:` and `?` for indicators; YAML 1.2 (and yaml-rs) do not
    text = "servers: [{url: 'https://a'}, {url: http://b.example/x?y=1}]\n"
    text += "t: {at: 12:30}\nq: [?x, a?b]\n"
    assert parse_text(text, "s.yaml", engine=engine) == {
        "servers": [{"url": "https://a"}, {"url": "http://b.example/x?y=1"}],
        "t": {"at": "12:30"},
        "q": ["?x", "a?b"],
    }


def test_an_anchor_name_libyaml_cannot_read_is_refused_not_guessed() -> None:
    found = fail("get:\n  &responses:\n    200: x\n", engine="exact")
    assert found.code == "parse-syntax" and "anchor" in found.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a:b": "c:d", "e": ["f:", {"g": ":"}]}', {"a:b": "c:d", "e": ["f:", {"g": ":"}]}),
        ('{"a\\u003a": 1, "b": "\\u003A"}', {"a:": 1, "b": ":"}),  # colons the text does not show
        ('{"k": "\\\\u003a"}', {"k": "\\u003a"}),
        ('"just: a string"', "just: a string"),
    ],
)
def test_json_colons_in_strings_are_not_keys(text: str, expected: Any) -> None:
    assert parse_text(text, "spec.json") == expected


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ('{"a": "x:y", "b": {"c:d": 1, "c:d": 2}}', "/b/c:d"),
        ('{"a": "\\u003a", "a": 2}', "/a"),
        ('[{"k": 1}, {"k": 2, "k": 3}]', "/1/k"),
    ],
)
def test_json_duplicates_are_found_among_colons(text: str, pointer: str) -> None:
    found = fail(text, "spec.json")
    assert found.code == "parse-duplicate-key"
    assert found.location is not None and found.location.pointer == pointer


@pytest.mark.parametrize(
    ("text", "col"),
    [
        ('{"a": "\\udc00"}', 8),
        ('{"a": "\\ud83d x"}', 8),
        ('{"a": "\\ud83d\\ude00\\ud800"}', 20),
        ('["\\udc00\\ud800"]', 3),
    ],
)
def test_json_lone_surrogate_escapes_are_refused(text: str, col: int) -> None:
    found = fail(text, "spec.json")
    assert (found.code, where(found)) == ("parse-encoding", (1, col))
    assert parse_text('{"a": "\\\\ud800 \\ud83d\\ude00"}', "spec.json") == {"a": "\\ud800 😀"}


def test_the_fast_path_reads_the_bytes_the_text_came_from() -> None:
    raw = b"\xef\xbb\xbfa: [1, caf\xc3\xa9]\n200: ok\n"
    text = decode(raw, "s.yaml")
    assert parse_text(text, "s.yaml", raw=raw) == {"a": [1, "café"], "200": "ok"}
    assert parse_text(text, "s.yaml", raw=raw) == parse_text(text, "s.yaml")


@pytest.mark.parametrize(
    "raw",
    [
        b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\n",
        b"\xef\xbb\xbfa: caf\xc3\xa9\n",
        b"\xe3\x80\x80\n",  # only an ideographic space: empty, as the text path says
        b"a: 1\nb: caf\xff\n",  # not UTF-8
        b'{"a": 1}',  # JSON
        b"- a\n- b\n",  # not a mapping
        b"a: !!python/object/apply:os.system [x]\n",
        b"a: x\n---\nb: y\n",
        b"a: 1\x07\n",  # a control character
        b"a: |   # " + "\u00e9".encode() * 150,  # empty block scalar last, long comment
    ],
)
def test_parse_bytes_answers_as_the_text_path(raw: bytes) -> None:
    def outcome(call: Callable[[], Any]) -> Any:
        try:
            return ("data", call())
        except SpecError as exc:
            return ("error", [(d.code, d.location) for d in exc.diagnostics])

    from generator.spec.parse import parse_bytes

    def via_text() -> Any:
        return parse_text(decode(raw, "s.yaml"), "s.yaml")

    assert outcome(lambda: parse_bytes(raw, "s.yaml")[0]) == outcome(via_text)


def test_parse_bytes_leaves_an_ordinary_spec_undecoded() -> None:
    from generator.spec.parse import parse_bytes

    data, text = parse_bytes("a: caf\u00e9\n".encode(), "s.yaml")
    assert data == {"a": "caf\u00e9"} and text is None
    data, text = parse_bytes(b"a: |\n", "s.yaml")  # the exact path needs the text
    assert data == {"a": ""} and text == "a: |\n"


def test_a_yaml_spec_is_read_without_the_json_module(tmp_path: Path) -> None:
    import subprocess
    import sys

    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    code = (
        "import sys\nfrom generator.spec.load import load_spec\n"
        f"load_spec({str(spec)!r})\nprint(sorted(m for m in sys.modules if m.startswith('json')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"  # the json module is imported for JSON input only


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n",
        "a: 1\x07\n",
        "\x1b[31m: x\n",
        "a:\tb\r\n",
        "\n" + " " * 200 + "a: 1\n",
        " " * 200 + "a: 1\n",
        "a:\n" + "- " * 100 + "x\n",
        "a:\n" + "- " * 99 + "x\n",
        "a:\n" + " " * 199 + "b: 1\n",
        "x" * 300 + "\n",
    ],
)
def test_scan_bytes_agrees_with_the_text_checks(text: str) -> None:
    control, deep = _yaml_scan.scan_bytes(text.encode())
    assert control == bool(parse._CONTROL.search(text))
    assert deep == (_yaml_scan.route_reason(text) == "deep")
