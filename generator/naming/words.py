"""Words -> Python identifiers: PascalCase class names, snake_case field and module names.

Pure functions of one string; collisions between names are `generator.naming.space`'s job.
Every result is an ASCII identifier that is not a keyword, so it is safe to print into code.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from functools import lru_cache
from typing import Final

# Splits `fooBar`, `FOOBar`, `foo_bar`, `foo-bar.baz`, `v2Beta` into words.
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+[a-z]*")
_NON_WORD = re.compile(r"[^A-Za-z0-9]+")

# Names that generated model modules use as types; a field of the same name would shadow
# them inside the class body (for mypy and for pydantic's annotation evaluation alike).
SHADOWING_BUILTINS: Final = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "tuple", "object", "datetime"}
)

# Attributes of pydantic's BaseModel (v2, with the deprecated v1 API) that a field must not
# replace; hard-coded so naming never imports pydantic (a test compares with pydantic's own).
BASEMODEL_RESERVED: Final = frozenset(
    {
        "construct", "copy", "dict", "fields", "from_orm", "json", "parse_file", "parse_obj",
        "parse_raw", "schema", "schema_json", "update_forward_refs", "validate",
    }
)

# PascalCase names a generated module imports or defines itself (typing, pydantic, helpers)
# and capitalised builtins: a class of that name would hide them.
RESERVED_CLASS_NAMES: Final = frozenset(
    {
        "Annotated", "Any", "BaseModel", "ConfigDict", "Dict", "Field", "List", "Literal",
        "NotRequired", "Optional", "Required", "TYPE_CHECKING", "Tuple", "TypeAlias",
        "TypedDict", "Union", "OpenModel", "UnknownVariant", "UnknownStr", "UnknownInt",
        "Tag", "UUID", "Never", "Discriminator", "Ellipsis",
        "Exception", "BaseException", "False", "True", "None", "NotImplemented", "Warning",
    }
)


def words(text: str) -> list[str]:
    """The words of a name, ASCII only (accents folded, other characters dropped)."""
    folded = text if text.isascii() else (  # ASCII is the same in every normal form
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii"))
    out: list[str] = []
    for chunk in _NON_WORD.split(folded):
        out.extend(_WORDS.findall(chunk))
    return out


def _fallback(text: str) -> str:
    """A stable spelling for a name with no ASCII word in it: its code points in hex."""
    return "_".join(f"{ord(ch):x}" for ch in text) if text else ""


# pascal and snake are pure and asked again for the same names (each version of a history,
# every field of a class seen twice): remembered, a bounded number of them
@lru_cache(maxsize=8192)
def pascal(text: str) -> str:
    """`chat.completion-chunk` -> `ChatCompletionChunk` (inner capitals kept: `HTTPError`)."""
    parts = words(text)
    if not parts:
        hexed = _fallback(text)
        return f"Schema{hexed.replace('_', '')}" if hexed else "Schema"
    name = "".join(p[:1].upper() + p[1:] for p in parts)
    if name[0].isdigit():
        name = "Schema" + name
    return name


@lru_cache(maxsize=8192)
def snake(text: str) -> str:
    """`fooBar`, `Foo-Bar`, `FOOBar` -> `foo_bar`, `foo_bar`, `foo_bar`; always an identifier."""
    parts = words(text)
    if not parts:
        hexed = _fallback(text)
        return f"field_{hexed}" if hexed else "field"
    name = "_".join(p.lower() for p in parts)
    if name[0].isdigit():
        name = "field_" + name
    return name


def is_plain_field(name: str) -> bool:
    """Whether a field name needs no change: a public identifier nothing reserves."""
    return (
        name.isidentifier()
        and name.isascii()
        and not name.startswith("_")
        and not keyword.iskeyword(name)
        and name not in SHADOWING_BUILTINS
        and name not in BASEMODEL_RESERVED
        and not name.startswith("model_")
    )


def field_base(wire: str) -> str:
    """The preferred field name for a wire name: as it is when plain snake_case, else snake."""
    if is_plain_field(wire) and wire == wire.lower():
        return wire
    name = snake(wire)
    if not is_plain_field(name):
        name += "_"  # keywords, builtins the code uses, BaseModel's attributes, model_*
    return name


def class_base(raw: str) -> str:
    """The preferred class name for a schema name."""
    name = pascal(raw)
    if name in RESERVED_CLASS_NAMES or keyword.iskeyword(name):
        name += "Model"
    return name


def module_base(class_name: str) -> str:
    """A module name for a class name: snake_case, never a keyword or a private name."""
    name = snake(class_name)
    if keyword.iskeyword(name) or name in {"types", "typing"}:
        name += "_"
    return name
