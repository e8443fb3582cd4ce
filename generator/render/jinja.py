"""The one Jinja environment setup every template folder uses (strict, layout only)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from generator.resources import templates_dir

if TYPE_CHECKING:
    from jinja2 import Environment


@lru_cache(maxsize=8)
def template_environment(folder: str, *, autoescape: bool = False) -> Environment:
    """The environment of `templates/<folder>/`: a missing value is an error, blocks leave no
    blank lines, files keep their last newline; `autoescape` for HTML."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(templates_dir() / folder)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=autoescape,
    )
