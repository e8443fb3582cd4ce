"""Every example of a spec, paired with the Python type the generated package gives its schema.

The examples come from the foundation's own list (`generator.spec.validate.examples.sites`, the
one the `example-invalid` rule checks): `example`/`examples` of every schema at any depth, and
the `example`/`examples[*].value` of every parameter, header and media type. The type of each
schema is the expression the models renderer wrote for it (recorded while it renders with the
package's own name lock); a schema the renderer never reached (a parameter's, a member merged
into an allOf model) is mapped afresh, and one that would need a class the package does not
have is reported as such rather than checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.ir import schema as s
from generator.render.models.typemap import Expr, TypeMapper, Where


@dataclass(frozen=True, slots=True)
class ExampleCase:
    """One example: where it is, the schema it illustrates, its Python type, the value."""

    at: str  # JSON pointer of the example itself
    schema: str  # IR node id of its schema
    type_expr: str | None  # None: the package has no type for this schema
    value: Any


class _Recorder(TypeMapper):
    """A TypeMapper that remembers the type it gave each schema (response side only)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.seen: dict[str, str] = {}

    def expr(self, schema: s.Schema | None, where: Where) -> Expr:
        """As TypeMapper.expr, recording the first type given to each pointer."""
        result = super().expr(schema, where)
        if not where.params:
            self.seen.setdefault(where.pointer, result.flat())
        return result


def _types(api: Any, lock_text: str) -> _Recorder:
    """Render the views again under the package's lock, recording every schema's type."""
    from generator.naming import Namer, loads
    from generator.render.models import _bodies
    from generator.render.models.views import ViewBuilder

    namer = Namer(loads(lock_text))
    namer.components(api.schemas)
    mapper = _Recorder(api, namer)
    for ptr in sorted(api.schemas.values()):
        mapper.component(ptr)
    for operation in sorted(api.operations, key=lambda o: (o.path, o.method.value)):
        _bodies(mapper, operation)
    ViewBuilder(mapper).drain()
    return mapper


def _fresh(mapper: _Recorder, api: Any, node_id: str) -> str | None:
    """The type of a schema the renderer did not reach, if it needs no new class."""
    node = api.node(node_id)
    if node is None:
        return None
    before = len(mapper.defs)
    text = mapper.expr(node, Where(None, ("example",), node_id)).flat()
    if len(mapper.defs) != before:  # an inline object nobody renders: no class to check
        mapper.queue.clear()
        return None
    return text


def example_cases(path: Path, files: dict[str, str]) -> list[ExampleCase]:
    """Every example of the spec at `path`, with its type in the rendered `files`."""
    from generator.pipeline import build_ir
    from generator.spec.load import load_spec
    from generator.spec.validate import model, schemas
    from generator.spec.validate.examples import sites

    doc = load_spec(path)
    walked = model.build(doc)
    found = [x for x in sites(doc, walked, schemas.collect(doc, walked))
             if x.code == "example-invalid"]
    api, _ = build_ir(path, use_cache=True)
    mapper = _types(api, files["specloom.lock.json"])
    out = []
    for site in found:
        node_id = f"{site.schema.key}#{site.schema.pointer}"
        text = mapper.seen.get(node_id) or _fresh(mapper, api, node_id)
        out.append(ExampleCase(site.at.pointer, node_id, text, site.value))
    return out


def flagged(path: Path) -> set[str]:
    """Pointers of the examples the foundation reports as invalid under the spec."""
    from generator.pipeline import check_spec

    out = set()
    for d in check_spec(path).diagnostics:
        if d.code == "example-invalid" and d.location and d.location.pointer:
            out.add(d.location.pointer)
    return out


def under(pointer: str, prefixes: set[str]) -> bool:
    """Whether a finding in `prefixes` is at `pointer` or inside it (into the value)."""
    return any(p == pointer or p.startswith(pointer + "/") for p in prefixes)


def payload(cases: list[ExampleCase]) -> str:
    """The cases a child process checks, as JSON."""
    return json.dumps([[c.at, c.type_expr, c.value] for c in cases if c.type_expr])
