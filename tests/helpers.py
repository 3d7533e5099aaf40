"""Shared test helpers: invoking the CLI as a user would."""

from __future__ import annotations

from dataclasses import dataclass

from typer.testing import CliRunner

from termcli.cli import app
from termcli.commandline import with_shorthand


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def term(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run `term ARGS...` through the Typer app (shorthand included), stdout and stderr apart."""
    runner = CliRunner()
    result = runner.invoke(
        app, with_shorthand(list(args)), input=input, env=env, catch_exceptions=False
    )
    return Result(result.exit_code, result.stdout, result.stderr)
