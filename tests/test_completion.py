"""Shell completion: what a Tab offers, through the installed script and before Typer."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from termcli import completion
from termcli.commandline import Options
from termcli.entry import main
from termcli.session import Session

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.json"


def term_exe() -> str | None:
    return shutil.which("term", path=str(Path(sys.executable).parent))


def ask(monkeypatch: pytest.MonkeyPatch, **env: str) -> tuple[str, int]:
    """Run a completion request through the console script's entry point, in process."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main([])
    return buf.getvalue(), code


def bash_words(monkeypatch: pytest.MonkeyPatch, line: str, cword: int | None = None) -> list[str]:
    words = line.split(" ")
    out, code = ask(
        monkeypatch,
        _TERM_COMPLETE="complete_bash",
        COMP_WORDS=line,
        COMP_CWORD=str(len(words) - 1 if cword is None else cword),
    )
    assert code == 0
    return out.splitlines()


def values(args: list[str], incomplete: str) -> list[str]:
    found = completion.answer(args, incomplete)
    assert found is not None
    return [v for v, _ in found]


def test_the_installed_bash_function_offers_tsundere(tmp_path: Path) -> None:
    bash, exe = shutil.which("bash"), term_exe()
    if bash is None or exe is None:
        pytest.skip("needs bash and the installed `term` script")
    env = {
        **os.environ,
        "PATH": f"{Path(exe).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    script = subprocess.run(
        [exe, "--show-completion", "bash"], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert "complete -o default -F _term_completion term" in script
    (tmp_path / "term.bash").write_text(script)
    probe = (
        f"source {tmp_path / 'term.bash'}\n"
        "COMP_WORDS=(term lookup tsu); COMP_CWORD=2\n"
        "COMP_LINE='term lookup tsu'; COMP_POINT=${#COMP_LINE}\n"
        "_term_completion term tsu lookup\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    r = subprocess.run([bash, "--norc", "-c", probe], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "tsundere" in r.stdout.splitlines(), r.stdout


def test_entry_names_complete_every_naming_command(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "tsundere" in bash_words(monkeypatch, "term lookup tsu")
    assert "tsundere" in bash_words(monkeypatch, "term tsu")  # the lookup shorthand
    assert "tsundere" in bash_words(monkeypatch, "term related tsu")
    assert "netori" in bash_words(monkeypatch, "term compare ntr neto")
    assert "netori" in bash_words(monkeypatch, "term note add neto")
    assert "netori" in bash_words(monkeypatch, "term export --format md ntr neto")
    assert bash_words(monkeypatch, "term note add ntr neto") == []  # the note's text


def test_names_keep_the_typed_case_and_escape_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    words = bash_words(monkeypatch, "term lookup context\\ w", 2)
    assert "context\\ window" in words, words
    assert "Yandere" in bash_words(monkeypatch, "term lookup Yan")
    assert completion.render("bash", [("'cest", ""), ("a&b", "")], {}) == ("\\'cest\na\\&b", 0)


def user_glossary(tmp_path: Path) -> Path:
    path = tmp_path / "team.json"
    entry = {
        "id": "zorblax",
        "term": "Zorblax",
        "aliases": ["zorb protocol"],
        "categories": ["team-only"],
        "tags": ["in-house"],
        "definition": "A word only this team uses. It names the weekly sync.",
    }
    path.write_text(json.dumps({"schema_version": 1, "entries": [entry]}))
    return path


def test_user_glossary_names_come_from_the_compiled_index(tmp_path: Path) -> None:
    session = Session(Options(glossaries=[user_glossary(tmp_path)]))
    assert completion.entry_names(session, "zor") == ["zorb protocol", "zorblax"]
    assert "glossary" not in session.__dict__  # the JSON was never loaded as a glossary
    assert completion.facet_values(session, "categories", "team") == ["team-only"]
    assert completion.facet_values(session, "tags", "in-") == ["in-house"]
    session.close()


def test_a_glossary_option_on_the_line_is_honoured(tmp_path: Path) -> None:
    path = str(user_glossary(tmp_path))
    assert values(["lookup"], "zorbl") == []
    assert values(["--glossary", path, "lookup"], "zorbl") == ["zorblax"]
    assert values(["lookup", "-g", path], "zorbl") == ["zorblax"]
    assert values([f"--glossary={path}", "compare", "ntr"], "zorbl") == ["zorblax"]


def test_option_values(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "archetype" in bash_words(monkeypatch, "term list --category arc")
    assert "archetype" in bash_words(monkeypatch, "term export -c arc")
    tags = bash_words(monkeypatch, "term list --tag ")
    assert tags and tags == sorted(tags, key=str.casefold)
    assert bash_words(monkeypatch, "term export --format ") == ["md", "json", "csv"]
    assert bash_words(monkeypatch, "term note export -f ") == ["md", "json"]
    assert bash_words(monkeypatch, "term list --rating m") == ["mature"]
    assert bash_words(monkeypatch, "term export --out ") == []  # files: the shell's own


def test_note_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bash_words(monkeypatch, "term note rm ") == []
    session = Session(Options())
    session.notes.add("netorare", "Netorare", "seen on a forum")
    session.notes.add("tsundere", "Tsundere", "classic")
    session.close()
    assert bash_words(monkeypatch, "term note rm ") == ["1", "2"]
    assert bash_words(monkeypatch, "term note edit 2") == ["2"]
    found = completion.answer(["note", "rm"], "")
    assert found is not None and found[0][1].startswith("Netorare: seen on a forum")


def test_commands_and_option_values_are_left_to_typer() -> None:
    assert completion.answer([], "lo") is None
    assert completion.answer(["note"], "") is None
    assert completion.answer(["list"], "--category=arc") is None
    assert completion.answer(["lookup", "--", "x"], "--") is None


def _option_lines() -> list[str]:
    """Command lines ending in an option prefix: every command, with options given
    before, values, positional words and the lookup shorthand."""
    from termcli.optionnames import options_table

    lines = []
    for path in options_table():
        head = f"term {path}".strip()
        lines += [f"{head} --", f"{head} -", f"{head} --h", f"{head} --json --"]
    lines += [
        "term lookup ntr --j",
        "term ntr --",
        "term --hide-mature ntr --",
        "term --json lookup --",
        "term --glossary x.json lookup --",
        "term lookup --glossary x.json --",
        "term lookup --hide a --hide b --",
        "term list --category archetype --",
        "term list --category=archetype --",
        "term list --tag",
        "term search betrayal -n 5 --",
        "term note add ntr --",
        "term export --format json --o",
        "term lookup --plain --show-mature --",
    ]
    return lines


def test_option_names_are_offered_as_typer_offers_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Served from the cached table without Typer; the same words, help and order."""
    from typer.testing import CliRunner

    from termcli.cli import app

    served = 0
    for line in _option_lines():
        words = line.split(" ")
        for shell, env in (
            ("bash", {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}),
            ("zsh", {"_TYPER_COMPLETE_ARGS": line}),
            ("fish", {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}),
        ):
            env = {"_TERM_COMPLETE": f"complete_{shell}", **env}
            ours = completion.serve(env)
            if ours is None:
                continue  # Typer answers this one itself
            served += 1
            typer = CliRunner().invoke(app, [], prog_name="term", env=env).stdout
            if shell == "bash":
                assert ours[0] + ("\n" if ours[0] else "") == typer, line
            else:  # Typer passes help through Rich, which wraps it at the console's width
                assert ours[0].split() == typer.split(), (shell, line)
    assert served >= 3 * (len(_option_lines()) - 4), "most option lines are served without Typer"


def test_option_help_holds_no_rich_markup() -> None:
    """Typer renders help with Rich at completion time; without markup that changes
    only where lines wrap, so the table's plain help says the same."""
    from termcli.optionnames import options_table

    assert not any("[" in help_ for rows in options_table().values() for _, help_, *_ in rows)


def test_the_option_table_is_cached_and_a_damaged_cache_is_rebuilt() -> None:
    from termcli import optionnames, paths

    table = optionnames.options_table()
    cache = paths.index_dir() / optionnames.CACHE
    assert cache.is_file()
    cache.write_bytes(cache.read_bytes()[:-20])
    assert optionnames.options_table() == table
    cache.write_text('[0]\n{"": [[["--x"], "", false, 1, false]]}')
    assert optionnames.options_table() == table


def test_zsh_and_fish_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    out, code = ask(monkeypatch, _TERM_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="term yan")
    assert code == 0 and out.startswith("_arguments '*: :((") and '"yandere"' in out
    monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    out, code = ask(monkeypatch, _TERM_COMPLETE="complete_fish", _TYPER_COMPLETE_ARGS="term tsu")
    assert code == 0 and "tsundere" in out.splitlines()
    monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "is-args")
    out, code = ask(monkeypatch, _TERM_COMPLETE="complete_fish", _TYPER_COMPLETE_ARGS="term qqqz")
    assert (out, code) == ("", 1)


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _term_completion term"),
        ("zsh", "#compdef term"),
        ("fish", "complete --command term"),
        ("powershell", "Register-ArgumentCompleter"),
    ],
)
def test_show_completion_honours_the_shell(shell: str, marker: str) -> None:
    for args in (["--show-completion", shell], [f"--show-completion={shell}"]):
        buf = io.StringIO()
        with redirect_stdout(buf):
            code = main(args)
        assert code == 0 and marker in buf.getvalue(), (args, buf.getvalue()[:80])


def test_typer_callbacks_give_the_same_values() -> None:
    from typer.testing import CliRunner

    from termcli.cli import app

    r = CliRunner().invoke(
        app,
        [],
        prog_name="term",
        env={
            "_TERM_COMPLETE": "complete_bash",
            "COMP_WORDS": "term list --category=arc",
            "COMP_CWORD": "2",
        },
    )
    assert "archetype" in r.stdout.split() or "--category=archetype" in r.stdout, r.stdout


def test_a_broken_glossary_gives_no_names_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": 1, "entries": [{"id": 3}]}))
    assert completion.serve(
        {"_TERM_COMPLETE": "complete_bash", "COMP_WORDS": f"term -g {bad} tsu", "COMP_CWORD": "3"}
    ) == ("", 0)


@pytest.mark.parametrize("line", ["term lookup tsu", "term lookup --"])
def test_a_name_or_option_request_never_imports_typer(line: str) -> None:
    """The latency budget rests on this: Typer's import alone costs more than a lookup.
    Option names come from the cached table (written here first, as a first Tab would)."""
    from termcli import optionnames

    optionnames.options_table()
    probe = (
        "import io, json, sys, contextlib\n"
        "from termcli.entry import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main([])\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    env = {**os.environ, "_TERM_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": "2"}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    loaded = {m.split(".")[0] for m in json.loads(out.stdout)}
    assert not loaded & {"typer", "click", "rich", "rapidfuzz"}, loaded


def test_install_completion_honours_the_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main(["--install-completion", "fish"])
    installed = tmp_path / ".config" / "fish" / "completions" / "term.fish"
    assert code == 0 and "fish completion installed" in buf.getvalue()
    assert installed.read_text().startswith("complete --command term")
