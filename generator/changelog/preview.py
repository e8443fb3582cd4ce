"""The preview rule: which operations are previews, by the IR's marker or the project's rule.

By default an operation is a preview when the IR marks it so: it needs a required header of
one fixed value (Azure's `aoai-evals: preview`), or it sits under an `alpha`/`preview` path
segment that is not itself an endpoint. A project may name its own stage segments
(`preview-segments`), and force paths either way with globs (`preview-paths`,
`stable-paths`, the latter winning).
"""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatchcase

from generator.changelog.settings import PreviewRule
from generator.ir.model import Api, Operation, ParameterLocation
from generator.ir.schema import NO_VALUE

IsPreview = Callable[[Operation, Api], bool]


def preview_rule(rule: PreviewRule) -> IsPreview:
    """A function telling whether an operation of an API is a preview under `rule`."""
    paths: dict[int, frozenset[str]] = {}

    def known(api: Api) -> frozenset[str]:
        """The API's path templates (once per API)."""
        found = paths.get(id(api))
        if found is None:
            found = paths[id(api)] = frozenset(op.path for op in api.operations)
        return found

    def is_preview(op: Operation, api: Api) -> bool:
        """Whether `op` of `api` is a preview."""
        if any(fnmatchcase(op.path, glob) for glob in rule.stable_paths):
            return False
        if any(fnmatchcase(op.path, glob) for glob in rule.preview_paths):
            return True
        if rule.segments is None:
            return op.preview
        return _under_stage(op.path, rule.segments, known(api)) or _fixed_header(op, api)

    return is_preview


def _under_stage(path: str, segments: tuple[str, ...], known: frozenset[str]) -> bool:
    # As the IR's rule: a stage segment that is itself an endpoint is a resource or an action.
    parts = path.split("/")
    return any(
        part in segments and "/".join(parts[: i + 1]) not in known
        for i, part in enumerate(parts[:-1])
    )


def _fixed_header(op: Operation, api: Api) -> bool:
    for p in op.parameters:
        if p.location is not ParameterLocation.HEADER or not p.required:
            continue
        schema = api.resolve(p.schema_id)
        if schema is not None and (
            schema.const is not NO_VALUE or (schema.enum is not None and len(schema.enum) == 1)
        ):
            return True
    return False
