"""The command line's parser: a run builds only the command it names, and says the same."""

from __future__ import annotations

import argparse

import pytest

from generator import cli

COMMANDS = ("validate", "inspect", "diff", "changelog", "bundle", "generate", "build")


def _help(parser: argparse.ArgumentParser, command: str) -> str:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return str(sub.choices[command].format_help())


def test_every_command_is_listed_in_order() -> None:
    assert tuple(cli._COMMANDS) == COMMANDS
    text = cli._parser().format_help()
    assert [c for c in COMMANDS if f"    {c} " in text] == list(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_built_alone_reads_as_among_all(command: str) -> None:
    assert _help(cli._parser(command), command) == _help(cli._parser(), command)


def test_a_command_line_parses_with_its_command_only(capsys: pytest.CaptureFixture[str]) -> None:
    ns = cli._parser("changelog").parse_args(["changelog", "a.yaml", "b.yaml", "--format", "json"])
    assert (ns.specs, ns.format, ns.handler) == (["a.yaml", "b.yaml"], "json", cli._cmd_changelog)
    with pytest.raises(SystemExit) as exc:
        cli.main(["changelog"])
    assert exc.value.code == 2
    assert "usage: specloom changelog" in capsys.readouterr().err


def test_an_unknown_command_lists_them_all(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["nope"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'nope'" in err
    assert all(repr(c) in err for c in COMMANDS)
