"""`specloom diff` composed: two IRs (through the IR cache), their neutral diff, its output."""

from __future__ import annotations

from generator.diagnostics import SpecError
from generator.pipeline import build_ir


def diff_command(old: str, new: str, *, fmt: str, use_cache: bool) -> tuple[str, str, int]:
    """`specloom diff`: (standard output, standard error, exit code); 0 whether or not
    anything changed, 1 with located diagnostics when a spec cannot be loaded."""
    from generator.diff import diff_apis
    from generator.diff.output import diff_data, diff_text
    from generator.reporting import format_text

    apis = []
    for path in (old, new):
        try:
            apis.append(build_ir(path, use_cache=use_cache)[0])
        except SpecError as exc:
            from generator.spec.positions import locate

            found = locate(exc.diagnostics, exc.texts) if exc.texts else list(exc.diagnostics)
            return "", format_text(found, 1), 1
    diff = diff_apis(apis[0], apis[1])
    if fmt == "text":
        return diff_text(diff), "", 0
    if fmt == "yaml":
        from generator.spec.emit import to_yaml

        return to_yaml(diff_data(diff)), "", 0
    import json

    return json.dumps(diff_data(diff), indent=2, ensure_ascii=False) + "\n", "", 0
