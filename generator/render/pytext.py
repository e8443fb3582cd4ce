"""Spec text -> safe, black-stable Python text: literals, docstrings, comments, type layout.

Every string from a spec reaches generated code through one of these functions. Literals are
`repr`-grade (black's quote preference applied, so black leaves them alone); docstrings cannot
be closed early or hold escapes that mean anything; comments are one line with control
characters removed. Type expressions are laid out the way black leaves them: on one line when
they fit in 88 columns, else exploded with a trailing comma after each argument (black keeps
such "magic trailing comma" explosions as they are).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

LINE: Final = 88  # black's default line length, the house style of generated code
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_MARKUP = re.compile(r"([-*+>#|]|\d+[.)])(\s|$)|<")  # list items, quotes, headings, tables, HTML
# C0/C1 controls, zero-width marks and the bidi overrides that make code read other than it
# runs (ruff PLE2502): dropped from comments and docstrings.
_CONTROL = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def py_str(text: str) -> str:
    """A Python string literal for `text`, quoted as black prefers (double unless worse)."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    if text.isprintable() and quote not in text and "\\" not in text:
        return quote + text + quote  # the common case: nothing to escape
    out = []
    for char in text:
        if char == "\\" or char == quote:
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            out.append(repr(char)[1:-1])  # \n, \x00, \u2028: as repr spells them
    return quote + "".join(out) + quote


def py_literal(value: Any) -> str:
    """A Python literal for a JSON value (str, int, float, bool, None, lists and dicts)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if text not in ("inf", "-inf", "nan") else "None"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{py_str(str(k))}: {py_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    return "None"


def clean_lines(text: str) -> list[str]:
    """Prose as lines: breaks normalised, control characters dropped, no trailing space."""
    text = _CONTROL.sub("", text.replace("\t", "    "))
    lines = [line.rstrip() for line in _LINE_BREAKS.split(text)]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def comment(text: str) -> str:
    """One line of comment text (no line breaks, no control characters)."""
    return " ".join(line.strip() for line in clean_lines(text) if line.strip())


def docstring(text: str | None, indent: int) -> list[str]:
    """A docstring as lines at `indent` spaces ([] for no text), safe against any content.

    Shaped as black leaves it: the first line without leading space, the other lines
    dedented together, a space between the text and quotes next to a quote character.
    """
    lines = clean_lines(text or "")
    if not lines:
        return []
    body = "\n".join(lines).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    first, *rest = body.split("\n")
    leads = [len(r) - len(r.lstrip(" ")) for r in rest if r.strip()]
    cut = min(leads, default=0)
    lines = [first.strip(), *(r[cut:] for r in rest)]
    pad = " " * indent
    if len(lines) > 1 or indent + len(lines[0]) + 6 > LINE:
        lines = _wrap(lines, LINE - indent)
    if lines[0].startswith('"'):
        lines[0] = " " + lines[0]
    if len(lines) == 1:  # black keeps a one-line docstring on one line, however long
        end = " " if lines[0].endswith('"') else ""
        return [f'{pad}"""{lines[0]}{end}"""']
    return [f'{pad}"""{lines[0]}', *(f"{pad}{r}" if r else "" for r in lines[1:]), f'{pad}"""']


def _wrap(lines: list[str], width: int) -> list[str]:
    """Prose paragraphs reflowed to `width` (a soft break means nothing in Markdown); code
    fences, indented lines, lists, tables, headings and quotes kept as they are."""
    out: list[str] = []
    para: list[str] = []
    fenced = False

    def flush() -> None:
        if para:
            out.extend(textwrap.wrap(" ".join(para), max(width, 40), break_long_words=False,
                                     break_on_hyphens=False))
            para.clear()

    for line in lines:
        text = line.strip()
        if text.startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or text.startswith(("```", "~~~")) or not text or line != text \
                or _MARKUP.match(text):
            flush()
            out.append(line)
        else:
            para.append(text)
    flush()
    return out


@dataclass(frozen=True, slots=True)
class Expr:
    """A type expression: an atom (`head` only), `head[...]`, `head(...)` or `a | b | ...`."""

    head: str
    args: tuple[Expr, ...] = ()
    call: bool = False
    names: frozenset[str] = frozenset()  # names it needs defined or imported (its own level)

    @property
    def is_or(self) -> bool:
        """A union written with `|`."""
        return self.head == "|"

    @property
    def is_atom(self) -> bool:
        """Nothing to split inside."""
        return not self.args and not self.call

    def flat(self) -> str:
        """The expression on one line."""
        if self.is_or:
            return " | ".join(a.flat() for a in self.args)
        if self.is_atom:
            return self.head
        inner = ", ".join(a.flat() for a in self.args)
        return f"{self.head}({inner})" if self.call else f"{self.head}[{inner}]"

    def all_names(self) -> Iterator[str]:
        """Every name the expression needs, nested ones too."""
        yield from self.names
        for arg in self.args:
            yield from arg.all_names()

    def layout(self, indent: int, before: int, after: int, *, top: bool = False) -> str:
        """The expression as black leaves it: starting `before` columns into a line indented
        `indent`, followed by `after` more characters; `top`: not inside brackets (a long
        `|` union is then wrapped in parentheses, as black does)."""
        flat = self.flat()
        if before + len(flat) + after <= LINE:
            return flat
        if self.is_atom:
            if top and indent + 4 + len(flat) <= LINE:
                # black wraps a long name in parentheses when that makes it fit
                return f"(\n{' ' * (indent + 4)}{flat}\n{' ' * indent})"
            return flat
        if self.is_or:
            if not top:
                return self._or_lines(indent, before, after)
            inner = self._or_lines(indent + 4, indent + 4, 0)
            return f"(\n{' ' * (indent + 4)}{inner}\n{' ' * indent})"
        pad = " " * (indent + 4)
        open_, close = ("(", ")") if self.call else ("[", "]")
        comma = "," if self.call or len(self.args) > 1 else ""
        lines = [f"{self.head}{open_}"]
        for arg in self.args:
            lines.append(f"{pad}{arg.layout(indent + 4, indent + 4, len(comma))}{comma}")
        lines.append(" " * indent + close)
        return "\n".join(lines)

    def _or_lines(self, indent: int, before: int, after: int) -> str:
        flat = self.flat()
        if before + len(flat) + after <= LINE:
            return flat
        last = len(self.args) - 1
        parts = [self.args[0].layout(indent, before, 0)]
        for number, arg in enumerate(self.args[1:], start=1):
            text = arg.layout(indent, indent + 2, after if number == last else 0)
            parts.append(f"\n{' ' * indent}| {text}")
        return "".join(parts)


def atom(text: str, *names: str) -> Expr:
    """An atom; `names` are the names it needs defined or imported (itself if a name)."""
    own = (text,) if text.isidentifier() else ()
    return Expr(text, names=frozenset((*names, *own)))


def sub(head: str, *args: Expr) -> Expr:
    """A subscript `head[args]`."""
    return Expr(head, tuple(args), names=frozenset((head,)))


def call(head: str, *args: Expr) -> Expr:
    """A call `head(args)` (arguments as atoms such as `alias="x"`)."""
    return Expr(head, tuple(args), call=True, names=frozenset((head,)))


def union(members: list[Expr]) -> Expr:
    """`a | b | ...` of distinct members in order, None last; one member stands alone.

    Literal members are merged into one `Literal[...]` where the first stood (ruff's PYI030).
    """
    seen: dict[str, Expr] = {}
    literals: dict[str, Expr] = {}
    for member in members:
        for inner in member.args if member.is_or else (member,):
            if inner.head == "Literal" and not inner.call:
                seen.setdefault("Literal[", inner)
                for value in inner.args:
                    literals.setdefault(value.flat(), value)
            else:
                seen.setdefault(inner.flat(), inner)
    if literals:
        seen["Literal["] = sub("Literal", *literals.values())
    none = seen.pop("None", None)
    unique = [*seen.values(), *([none] if none is not None else [])]
    if len(unique) == 1:
        return unique[0]
    return Expr("|", tuple(unique))


def optional(expr: Expr) -> Expr:
    """`expr | None`, unless `expr` already allows None."""
    if expr.head in ("None", "Any", "object") and expr.is_atom:
        return expr
    return union([expr, atom("None")])
