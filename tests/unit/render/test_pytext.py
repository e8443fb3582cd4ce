"""render/pytext.py: spec text reaches code only as safe literals, docstrings and comments."""

from __future__ import annotations

import ast

import pytest

from generator.render.pytext import (
    LINE,
    atom,
    call,
    comment,
    docstring,
    optional,
    py_literal,
    py_str,
    sub,
    union,
)

NASTY = [
    "",
    "plain",
    'say "hi"',
    "it's",
    "both ' and \"",
    '"""',
    "'''",
    "back\\slash\\",
    "new\nline\r\n\x0b\x0c\u2028end",
    "{{ jinja }} {% if %}",
    "\"); __import__('os').system('touch pwned') #",
    "\x00\x1b[31m",
    "emoji 😀 and é",
    "\\'",
    '\\"',
    "tab\there",
]


@pytest.mark.parametrize("text", NASTY)
def test_py_str_round_trips_and_prefers_double_quotes(text: str) -> None:
    literal = py_str(text)
    assert ast.literal_eval(literal) == text
    if text.count('"') <= text.count("'"):
        assert literal.startswith('"')


@pytest.mark.parametrize("text", NASTY)
def test_docstring_is_one_string_expression(text: str) -> None:
    lines = docstring(text, 4)
    if not lines:
        return
    source = "class A:\n" + "\n".join(lines) + "\n"
    tree = ast.parse(source)
    body = tree.body[0].body  # type: ignore[attr-defined]
    assert len(body) == 1 and isinstance(body[0].value, ast.Constant)
    assert all(line == line.rstrip() for line in lines)


@pytest.mark.parametrize("text", NASTY)
def test_comment_is_one_line(text: str) -> None:
    out = comment(text)
    assert "\n" not in out and "\r" not in out and out == out.strip()
    compile(f"# {out}\n", "<c>", "exec")


def test_literals() -> None:
    assert py_literal(None) == "None" and py_literal(True) == "True"
    assert py_literal([1, "a", {"k": 2.5}]) == '[1, "a", {"k": 2.5}]'
    assert py_literal(float("inf")) == "None"


def test_union_and_optional() -> None:
    assert union([atom("A"), atom("None"), atom("B"), atom("A")]).flat() == "A | B | None"
    assert optional(atom("A")).flat() == "A | None"
    assert optional(atom("Any")).flat() == "Any"
    assert union([atom("A")]).flat() == "A"


def test_layout_fits_or_explodes_with_trailing_commas() -> None:
    short = sub("list", atom("str"))
    assert short.layout(4, 10, 0) == "list[str]"
    names = [atom("N" * 30 + str(i)) for i in range(3)]
    tall = sub("Annotated", union(names), call("Field", atom('alias="x"')))
    text = tall.layout(0, 20, 0, top=True)
    assert text.splitlines()[0] == "Annotated["
    assert text.splitlines()[-1] == "]"
    assert all(len(line) <= LINE for line in text.splitlines())
    top_or = union(names).layout(4, 30, 7, top=True)
    assert top_or.startswith("(\n") and top_or.endswith("\n    )")


SHAPES = [' "starts quoted', "  indented\n    more\n  less", "x " * 60]


@pytest.mark.parametrize("text", [*NASTY, *SHAPES])
def test_docstring_is_black_stable(text: str) -> None:
    import black

    source = "class A:\n" + "\n".join(docstring(text, 4) or ["    pass"]) + "\n"
    try:
        black.format_file_contents(source, fast=False, mode=black.Mode())
    except black.NothingChanged:
        return
    raise AssertionError(source)


def test_docstrings_and_comments_drop_bidi_overrides_and_c1_controls() -> None:
    # U+202E reverses what a reader sees (the trojan-source trick); C1 controls are invisible.
    text = "safe\u202e;)(lave\u2066 \x9b31m done"
    for line in [*docstring(text, 4), comment(text)]:
        assert not any(ch in line for ch in "\u202e\u2066\x9b"), line
    assert "safe;)(lave" in comment(text)
