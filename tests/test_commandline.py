"""The command line is declared once: the fast path and Typer agree on every argv."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import term
from typer.testing import CliRunner

from termcli import commands, views
from termcli.cli import app
from termcli.commandline import (
    GLOBAL_OPTIONS,
    SEARCH_LIMIT,
    parse_fast,
    parse_fast_command,
    with_shorthand,
)

MINI = Path(__file__).parent / "data" / "mini.json"

VOCABULARY = [
    "ntr",
    "tsundere",
    "what",
    "is",
    "lookup",
    "search",
    "--limit",
    "3",
    "list",
    "-",
    "--",
    "--json",
    "--plain",
    "--hide-mature",
    "--show-mature",
    "--no-pager",
    "--hide",
    "tsundere",
    "--exact",
    "help",
    "-g",
    "--glossary",
    f"--glossary={MINI}",
    "--glossary=",
    str(MINI),
    "--batch",
    "--nope",
    "-x",
    "-h",
]


def typer_meaning(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...] | None:
    """What the Typer app does with ``args``: the command, options and query a lookup or
    a search (at its default limit) gets, or None."""
    seen: list[tuple[object, ...]] = []

    def record(command: str, session: object, query: str) -> views.View:
        o = session.options  # type: ignore[attr-defined]
        seen.append(
            (
                command,
                o.json,
                o.plain,
                o.hide_mature,
                o.no_pager,
                o.exact,
                [str(p) for p in o.glossaries],
                list(o.hide),
                query,
            )
        )
        return views.TextView("")

    def fake_search(session: object, query: str, limit: int) -> views.View:
        if limit != SEARCH_LIMIT:
            return views.TextView("")  # an option of its own: not the fast path's
        return record("search", session, query)

    monkeypatch.setattr(commands, "lookup", lambda s, q: record("lookup", s, q))
    monkeypatch.setattr(commands, "search", fake_search)
    CliRunner().invoke(app, with_shorthand(list(args)))
    return seen[0] if seen else None


@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(args=st.lists(st.sampled_from(VOCABULARY), max_size=7))
def test_fast_path_and_typer_agree(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = parse_fast_command(args)
    slow = typer_meaning(args, monkeypatch)
    if fast is None:
        assert slow is None, f"the fast path declined {args!r}, which Typer reads as {slow!r}"
        return
    command, opts, query = fast
    globs = [str(p) for p in opts.glossaries]
    hide = list(opts.hide)
    mine = (
        command,
        *(opts.json, opts.plain, opts.hide_mature, opts.no_pager, opts.exact, globs, hide, query),
    )
    assert slow == mine, args
    assert (parse_fast(args) is not None) == (command == "lookup")


def test_the_option_table_builds_every_command() -> None:
    """Each global option is accepted by every command and group, before or after it."""
    flags = [flag for opt in GLOBAL_OPTIONS for flag in opt.flags if opt.kind == "flag"]
    for command in (["paths"], ["list"], ["note", "list"], ["check", str(MINI)]):
        for flag in flags:
            for args in ([*command, flag], [flag, *command]):
                r = term(*args)
                assert r.exit_code in (0, 1), (args, r.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["paths", "--plain"],
        ["list", "--json"],
        ["note", "list", "--plain"],
        ["note", "--json", "list"],
    ],
)
def test_global_options_after_any_command(args: list[str]) -> None:
    r = term(*args)
    assert r.exit_code in (0, 1), r.stderr
    assert "No such option" not in r.stderr


def test_a_dash_is_never_a_query() -> None:
    assert parse_fast(["-", "ntr"]) is None
    assert term("-", "ntr").exit_code == 2


def test_a_mistyped_command_is_never_a_silent_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    from termcli.entry import main

    for args, command in (
        (["notes", "add", "ntr", "seen", "on", "a", "forum"], "note"),
        (["comapre", "ntr", "netori"], "compare"),
        (["serch", "betrayal"], "search"),
        (["lokup", "ntr"], "lookup"),
    ):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert f"Unknown command {args[0]!r}. Did you mean {command!r}?" in err
    assert main(["ntr"]) == 0  # a real lookup is untouched
    capsys.readouterr()


def test_an_entry_named_like_a_command_still_resolves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from termcli.entry import main

    own = tmp_path / "own.json"
    own.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "entries": [{"id": "serch", "term": "Serch", "definition": "A team word. Really."}],
            }
        )
    )
    assert main(["-g", str(own), "serch", "--plain"]) == 0
    assert capsys.readouterr().out.startswith("Serch")


def test_help_word_shows_help() -> None:
    assert "Usage: term [OPTIONS] COMMAND" in term("help").stdout
    assert "Usage: term lookup" in term("help", "lookup").stdout
