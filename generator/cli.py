"""The `specloom` command line.

Start-up is part of the product: this module imports only the standard library's argparse
and sys at the top; each command imports the stages it needs when it runs.
Exit codes: 0 success, 1 bad input or negative verdict, 2 a wrong command line.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from generator import __version__

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Run as the program itself (`argv` None: the console script, `python -m generator`), it
    ends the process as soon as its output is flushed: tearing down a loaded 3 MB spec object
    by object would add tens of milliseconds to every run and do nothing useful (mypy exits
    the same way). Called with `argv`, it returns the exit code like any function.
    """
    if argv is None:
        # A command's data (a loaded spec: hundreds of thousands of containers, no cycles
        # worth collecting) lives until the process ends, so the cyclic collector would only
        # walk it again and again; as the program itself, it stays off.
        import gc

        gc.disable()
        from generator import teardown

        teardown.at_exit_only()  # what commands hand to `teardown.hold` is never freed
        code = _run(sys.argv[1:])
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            pass
        os._exit(code)
    return _run(argv)


def _run(argv: Sequence[str]) -> int:
    args = list(argv)
    if args in (["--version"], ["-V"]):
        print(f"specloom {__version__}")
        return EXIT_OK
    parser = _parser(args[0] if args and args[0] in _COMMANDS else None)
    ns = parser.parse_args(args)
    if ns.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = ns.handler(ns)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only` (the command a line names), only that
    command's own parser under it: a run parses one command, and making all seven (each
    option checked through a help formatter, each title translated) is a tenth of a cold
    `changelog`'s start. Usage and errors read the same: the top level shows `COMMAND`."""
    parser = argparse.ArgumentParser(
        prog="specloom",
        description="Read versioned OpenAPI specs into one API model; validate, inspect, and "
        "generate pydantic models from them.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"specloom {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, add in _COMMANDS.items():
        if only is None or name == only:
            add(sub)
    return parser


_Subparsers = argparse._SubParsersAction  # the `add_parser` of `add_subparsers`


def _validate_parser(sub: _Subparsers[argparse.ArgumentParser]) -> None:
    val = sub.add_parser("validate", help="check specs against OpenAPI 3.0/3.1 and our rules")
    val.add_argument("specs", nargs="*", metavar="SPEC", help="spec files ('-' reads stdin)")
    val.add_argument("--strict", action="store_true", help="treat warnings as errors")
    val.add_argument(
        "--format", choices=("text", "json", "sarif", "github"), default="text", help="output"
    )
    val.add_argument("--list-rules", action="store_true", help="list rule codes and severities")
    _verbose(val)
    _common(val)
    val.set_defaults(handler=_cmd_validate)


def _inspect_parser(sub: _Subparsers[argparse.ArgumentParser]) -> None:
    ins = sub.add_parser("inspect", help="show what a spec holds: counts, servers, auth, params")
    ins.add_argument("spec", metavar="SPEC", help="spec file ('-' reads stdin)")
    ins.add_argument("--format", choices=("text", "json"), default="text", help="output")
    ins.add_argument(
        "--schemas", action="store_true", help="list every named schema and where it is defined"
    )
    _common(ins)
    ins.set_defaults(handler=_cmd_inspect)


def _diff_parser(sub: _Subparsers[argparse.ArgumentParser]) -> None:
    dif = sub.add_parser("diff", help="the neutral structural diff of two versions")
    dif.add_argument("old", metavar="OLD", help="the base version's spec file")
    dif.add_argument("new", metavar="NEW", help="the revision's spec file")
    dif.add_argument(
        "--format", choices=("json", "yaml", "text"), default="text", help="output"
    )
    _common(dif)
    dif.set_defaults(handler=_cmd_diff)


def _bundle_parser(sub: _Subparsers[argparse.ArgumentParser]) -> None:
    bun = sub.add_parser("bundle", help="write a multi-file spec as one self-contained file")
    bun.add_argument("spec", metavar="SPEC", help="the root file ('-' reads stdin)")
    bun.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    bun.add_argument(
        "--format", choices=("yaml", "json"), default=None,
        help="output format (default: from the -o suffix, else yaml)",
    )
    bun.set_defaults(handler=_cmd_bundle)


def _generate_parser(sub: _Subparsers[argparse.ArgumentParser]) -> None:
    gen = sub.add_parser("generate", help="write a client project (or models only) for one spec")
    gen.add_argument("spec", metavar="SPEC", help="spec file ('-' reads stdin)")
    gen.add_argument("-o", "--output", required=True, metavar="DIR", help="project folder")
    gen.add_argument("--package", metavar="NAME", help="import package name (default: title)")
    gen.add_argument("--models-only", action="store_true", help="models only (the vendoring mode)")
    gen.add_argument("--check", action="store_true", help="fail if DIR is stale")
    gen.add_argument("--strict", action="store_true", help="validate; stop on any finding")
    gen.add_argument("--format", choices=("none", "black"), default="none",
                     help="run black over the output (it is black-stable already)")
    _common(gen)
    gen.set_defaults(handler=_cmd_generate)


def _build_parser(sub: _Subparsers[argparse.ArgumentParser]) -> None:
    bld = sub.add_parser("build", help="everything configured in [tool.specloom]")
    bld.add_argument("--check", action="store_true", help="fail if output would change")
    bld.add_argument("--api", metavar="NAME", help="only this configured API")
    bld.add_argument("--strict", action="store_true", help="stop on any finding")
    _verbose(bld)
    _common(bld)
    bld.set_defaults(handler=_cmd_build)


def _changelog_parser(sub: _Subparsers[argparse.ArgumentParser]) -> None:
    log = sub.add_parser(
        "changelog", help="version-change notes: OLD NEW, SPEC SPEC SPEC..., or a folder"
    )
    log.add_argument("specs", nargs="+", metavar="SPEC",
                     help="OLD NEW as given; three or more specs or a DIR: by version label")
    log.add_argument("--format", choices=("markdown", "html", "json", "text"),
                     default="markdown", help="output (default: markdown)")
    log.add_argument("--fail-on", choices=("breaking", "warning"), default=None,
                     help="exit 1 when a change at or above this level is not accepted")
    log.add_argument("--ignore", metavar="FILE",
                     help="fingerprints of accepted changes, one per line")
    log.add_argument("--include-docs", action="store_true",
                     help="show documentation-only changes too")
    log.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    log.add_argument("--strict", action="store_true", help="validate; stop on any finding")
    _common(log)
    log.set_defaults(handler=_cmd_changelog)


def _verbose(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list info findings (notes) in text output"
    )


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the IR cache")


def _fail(message: str) -> int:
    from generator.reporting import clean_text

    print(f"specloom: error: {clean_text(message)}", file=sys.stderr)
    return EXIT_FAIL


def _apply_limits(limits: dict[str, int]) -> None:
    """Make `[tool.specloom.limits]` the limits of every spec this process loads."""
    if limits:
        from dataclasses import replace

        from generator.spec.load import LIMITS, set_limits

        fields = {name.replace("-", "_"): value for name, value in limits.items()}
        set_limits(replace(LIMITS, **fields))


def _rules_overrides() -> tuple[dict[str, str], str | None]:
    from generator.config import ConfigError, load_config
    from generator.spec.rules import unknown_overrides

    try:
        config = load_config()
    except ConfigError as exc:
        return {}, str(exc)
    _apply_limits(config.limits)
    unknown = unknown_overrides(config.rules)
    if unknown:
        return {}, "[tool.specloom.rules]: " + "; ".join(unknown)
    return config.rules, None


def _cmd_validate(ns: argparse.Namespace) -> int:
    from generator.spec.rules import RULES

    if ns.list_rules:
        from generator.pipeline import list_rules

        sys.stdout.write(list_rules(RULES, ns.format))
        return EXIT_OK
    if not ns.specs:
        print("specloom validate: error: give at least one SPEC", file=sys.stderr)
        return EXIT_USAGE
    overrides, problem = _rules_overrides()
    if problem:
        return _fail(problem)
    from generator.pipeline import validate_command

    text, code = validate_command(
        ns.specs, fmt=ns.format, strict=ns.strict, overrides=overrides, verbose=ns.verbose
    )
    sys.stdout.write(text)
    return code


def _cmd_inspect(ns: argparse.Namespace) -> int:
    from generator.config import ConfigError, load_config

    try:
        _apply_limits(load_config().limits)
    except ConfigError as exc:
        return _fail(str(exc))
    from generator.pipeline import inspect_command

    text, code = inspect_command(
        ns.spec, fmt=ns.format, use_cache=not ns.no_cache, schemas=ns.schemas
    )
    sys.stdout.write(text)
    return code


def _cmd_diff(ns: argparse.Namespace) -> int:
    from generator.config import ConfigError, load_config

    try:
        _apply_limits(load_config().limits)
    except ConfigError as exc:
        return _fail(str(exc))
    from generator.pipeline import diff_command

    out, err, code = diff_command(ns.old, ns.new, fmt=ns.format, use_cache=not ns.no_cache)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


def _cmd_changelog(ns: argparse.Namespace) -> int:
    from generator.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as exc:
        return _fail(str(exc))
    _apply_limits(config.limits)
    from generator.pipeline.changelog import Request, changelog_command

    # colour only for a terminal, and never when NO_COLOR is set (no-color.org)
    color = (ns.format == "text" and ns.output is None and sys.stdout.isatty()
             and not os.environ.get("NO_COLOR"))
    request = Request(
        inputs=tuple(ns.specs), fmt=ns.format, fail_on=ns.fail_on, ignore=ns.ignore,
        include_docs=ns.include_docs, output=ns.output, strict=ns.strict,
        use_cache=not ns.no_cache, color=color,
    )
    out, err, code = changelog_command(request, config=config.changelog, rules=config.rules)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


def _cmd_bundle(ns: argparse.Namespace) -> int:
    from generator.pipeline import bundle_command

    out, err, code = bundle_command(ns.spec, output=ns.output, fmt=ns.format)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


def _cmd_generate(ns: argparse.Namespace) -> int:
    from pathlib import Path

    from generator.pipeline import generate_command

    out, err, code = generate_command(
        ns.spec, out=Path(ns.output), package=ns.package, check=ns.check, strict=ns.strict,
        use_cache=not ns.no_cache, black=ns.format == "black", models_only=ns.models_only,
    )
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


def _cmd_build(ns: argparse.Namespace) -> int:
    from generator.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as exc:
        return _fail(str(exc))
    _apply_limits(config.limits)
    from generator.pipeline import build_command

    text, code = build_command(
        config, api=ns.api, strict=ns.strict, check=ns.check, verbose=ns.verbose
    )
    sys.stdout.write(text)
    return code


# Every command, in the order `specloom --help` lists them.
_COMMANDS: dict[str, Callable[[_Subparsers[argparse.ArgumentParser]], None]] = {
    "validate": _validate_parser, "inspect": _inspect_parser, "diff": _diff_parser,
    "changelog": _changelog_parser, "bundle": _bundle_parser, "generate": _generate_parser,
    "build": _build_parser,
}


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
