"""`specloom validate`'s checks: structure, dialects, examples and the semantic rules.

    validate(doc, overrides=...) -> every finding about a loaded spec, sorted, de-duplicated

Passes, in order (each a module of this package):

1. refs: every `$ref` resolved once (spec.refs.check_all): ref-* diagnostics on the document.
2. structural: the root file against the OpenAPI meta-schema of its version (oas-structure).
3. model + schemas: one walk over the OpenAPI structure; every Schema Object root and node.
4. dialect: each schema root against its JSON Schema dialect (schema-dialect).
5. examples: defaults and examples against their schemas (default-invalid, example-invalid).
6. semantic, schema_rules, usage: our own rules.

Positions (line:col) are not computed here: the caller locates what it prints.

`part` splits the passes in two halves of similar cost that can run in two processes on one
loaded document (the pipeline forks for big specs): "values" is dialect and examples; "main"
is everything else. Both halves build the model walk; "all" runs every pass.
The union of the halves' findings is exactly the findings of "all" (a corpus test).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from generator.diagnostics import Diagnostic
from generator.spec.document import SpecDocument
from generator.spec.rules import apply_overrides
from generator.spec.validate import model, schemas
from generator.spec.validate.base import Finding

if TYPE_CHECKING:
    from generator.spec.validate.dialect import Broken

__all__ = ["Finding", "Part", "Timings", "collect", "validate"]

Part = Literal["all", "main", "values"]


@dataclass(slots=True)
class Timings:
    """Seconds spent per pass, for benchmarks and `--verbose` style reports."""

    passes: dict[str, float] = field(default_factory=dict)
    _last: float = field(default_factory=time.perf_counter)

    def lap(self, name: str) -> None:
        """Charge the time since the previous lap to `name`."""
        now = time.perf_counter()
        self.passes[name] = self.passes.get(name, 0.0) + now - self._last
        self._last = now


def collect(
    doc: SpecDocument, *, timings: Timings | None = None, part: Part = "all"
) -> list[Finding]:
    """Every finding of the passes of `part`, unsorted, each with the keyword that raised it."""
    clock = timings or Timings()
    main, values = part != "values", part != "main"
    found: list[Finding] = []
    if main:
        from generator.spec import refs
        from generator.spec.validate import idioms, schema_rules, semantic, structural, usage

        refs.check_all(doc)
        clock.lap("refs")
        found += structural.check(doc)
        clock.lap("structure")
    walked = model.build(doc)
    every = schemas.collect(doc, walked)
    clock.lap("model")
    if values:
        from generator.spec.validate import dialect, examples

        broken: list[Broken] = []
        found += dialect.check(doc, every, broken)
        clock.lap("dialect")
        found += examples.check(doc, walked, every, broken)
        clock.lap("examples")
    if main:
        found += structural.check_external(doc, walked)
        found += semantic.check(doc, walked)
        found += schema_rules.check(doc, every)
        clock.lap("semantic")
        found += usage.check(doc, walked, every)
        found += idioms.check(doc, every)
        clock.lap("usage")
    # Last: resolving during the passes may have recorded more load diagnostics.
    found += [Finding(d) for d in doc.diagnostics]
    return _past_broken_refs(doc, found) if doc.unspliced else found


def _past_broken_refs(doc: SpecDocument, found: list[Finding]) -> list[Finding]:
    """Leave out what the passes say about a place whose nonstandard `$ref` is broken (an
    operation given as `{$ref: missing.yaml}` has no responses): its ref-* error says it."""
    places = [doc.location(key, pointer) for key, pointer in doc.unspliced]
    broken = {(loc.file, loc.pointer or "") for loc in places}

    def keep(item: Finding) -> bool:
        loc = item.diagnostic.location
        if item.diagnostic.code.startswith("ref-") or loc is None or loc.pointer is None:
            return True
        pointer = loc.pointer
        while True:
            if (loc.file, pointer) in broken:
                return False
            if not pointer:
                return True
            pointer = pointer[: pointer.rfind("/")]

    return [item for item in found if keep(item)]


def validate(
    doc: SpecDocument,
    *,
    overrides: Mapping[str, str] | None = None,
    timings: Timings | None = None,
    part: Part = "all",
) -> tuple[Diagnostic, ...]:
    """Every finding about `doc` (load diagnostics included), sorted and de-duplicated.

    `overrides` re-levels findings by code ("off" drops them), as `[tool.specloom.rules]`;
    `part` runs half of the passes (see the module docstring).
    """
    unique = {f.diagnostic for f in collect(doc, timings=timings, part=part)}
    ordered = sorted(unique, key=Diagnostic.sort_key)
    return apply_overrides(ordered, overrides or {})
