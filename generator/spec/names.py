"""Names for the schemas that live in files of their own (multi-file specs).

A spec split into files (Redocly's `split` lays one out as `components/schemas/Pet.yaml` and
`paths/*.yaml`) often has no `components.schemas` map at all: each schema is a file, or a
top-level key of a file of schemas, reached by `$ref`. Those schemas are named schemas of the
API all the same, named as `redocly bundle` names them when it moves them into `components`:

- a `$ref` to a whole file (`Pet.yaml`) names its schema after the file's stem: `Pet`;
- a `$ref` with a JSON pointer (`schemas.yaml#/Pet`, `common.yaml#/components/schemas/Pet`)
  names it after the pointer's last token: `Pet`.

Characters a component name may not hold (OpenAPI: `[A-Za-z0-9._-]`) become `_`. When the name
is taken (a component of the same name always wins; between two files, the one whose path sorts
first), the file's schema gets a readable suffix from where it lives: the file's stem for a
pointer into a file, then its folders, nearest first (`Pet-v2` for `schemas/v2/Pet.yaml`,
`Pet-schemas-v2` next), and only then a number (`Pet-2`). The same files give the same names
on every run, and adding an unrelated file renames nothing.

A component that only points at a schema in another file (`Error: {$ref: schemas/Error.yaml}`,
the common hand-written layout) names that schema: it is `Error`, not a second name beside
it (when two components point at one schema, the first in the document names it).

Both the API model (`ir.build`) and `specloom bundle` name schemas here, so a bundle's
`components.schemas` and the tree's `Api.schemas` hold the same names.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Iterable
from typing import Any

from generator.spec.document import SpecDocument, Target
from generator.spec.pointer import escape, resolve, unescape

_NOT_ALLOWED = re.compile(r"_*[^A-Za-z0-9._-]+_*")


def base_name(key: str, pointer: str) -> str:
    """The name a schema at (file key, pointer) asks for: the pointer's last token, or the
    file's stem for a whole file."""
    if pointer:
        raw = unescape(pointer.rsplit("/", 1)[1])
    else:
        raw = posixpath.splitext(posixpath.basename(key))[0]
    return _clean(raw)


def _clean(raw: str) -> str:
    name = _NOT_ALLOWED.sub("_", raw).strip("_") or "_"
    return name


def _qualifiers(key: str, pointer: str) -> list[str]:
    """Where a schema lives, nearest first: the file's stem (pointer form), then its folders."""
    folder, file_name = posixpath.split(key)
    found = [_clean(posixpath.splitext(file_name)[0])] if pointer else []
    found += [_clean(part) for part in reversed(folder.split("/")) if part and part != ".."]
    return found


def file_schema_names(
    taken: Collection[str], places: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """A name for each (file key, pointer) of a schema in a file of its own, none in `taken`.

    Deterministic: places are named in sorted order, each with the first free candidate of
    `base`, `base-q1`, `base-q2-q1`, ... (qualifiers from `_qualifiers`), then `base-2`, ...
    """
    used = set(taken)
    out: dict[tuple[str, str], str] = {}
    for key, pointer in sorted(set(places)):
        base = base_name(key, pointer)
        name = base
        quals = _qualifiers(key, pointer)
        depth = 0
        number = 1
        while name in used:
            if depth < len(quals):
                depth += 1
                name = "-".join([base, *reversed(quals[:depth])])
            else:
                number += 1
                name = f"{base}-{number}"
        used.add(name)
        out[(key, pointer)] = name
    return out


def component_aliases(doc: SpecDocument) -> dict[str, Target]:
    """Root components that are only a `$ref` to a schema in another file: name -> where that
    schema is written (seen through `spec.inline`'s splices), the first name per schema."""
    data = doc.root.data
    components: Any = data.get("components") if data.__class__ is dict else None
    schemas: Any = components.get("schemas") if components.__class__ is dict else None
    if schemas.__class__ is not dict:
        return {}
    out: dict[str, Target] = {}
    seen: set[tuple[str, str]] = set()
    for name, node in schemas.items():
        if node.__class__ is not dict or len(node) != 1 or node.get("$ref").__class__ is not str:
            continue
        ptr = "/components/schemas/" + escape(str(name))
        key, at = doc.source("", ptr) if doc.mounts else ("", ptr)
        with doc.quiet():  # a broken one is the validation's and the IR's to report
            target = doc.deref(node, base=key, at=at)
        if target is None:
            continue
        key, at = target.key, target.pointer
        if doc.mounts:
            key, at = doc.source(key, at)
        if key and (key, at) not in seen:
            seen.add((key, at))
            out[str(name)] = Target(key=key, pointer=at, node=resolve(doc.files[key].data, at))
    return out
