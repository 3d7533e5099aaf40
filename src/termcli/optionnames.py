"""Option names for shell completion, without importing Typer on every Tab.

Typer answers ``term lookup --<Tab>`` by importing itself and building the whole app,
which costs more than twice a lookup. So the option table is read off the app once
(the command line stays declared in one place, :mod:`termcli.cli`), cached beside the
indexes with a stamp of the tool's version and of the files that declare options, and
later Tabs answer from the cache as Click would: every option of the command being
typed that starts with the typed prefix, less those already given once.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CACHE = "options.json"
MAX_CACHE = 1 << 20
# One option of a command: its names, help, whether it may repeat, its parameter's
# name, and whether it takes a value.
Option = tuple[list[str], str, bool, str, bool]


def complete(args: Sequence[str], incomplete: str) -> list[tuple[str, str]] | None:
    """(name, help) of the options completing ``incomplete`` after ``args``, or None
    when the line holds anything but command words, options and their values."""
    table = options_table()
    found = _command_of(table, args)
    if found is None:
        return None
    path, given = found
    used = {param for names, _, many, param, _ in table[path] if not many and given & set(names)}
    return [
        (name, help_)
        for names, help_, _, param, _ in table[path]
        if param not in used
        for name in names
        if name.startswith(incomplete)
    ]


def _command_of(table: dict[str, list[Option]], args: Sequence[str]) -> tuple[str, set[str]] | None:
    """The command whose options are being typed, and the option names given to it;
    None for a line Click would read otherwise (Typer then answers)."""
    path, given, word_seen = "", set[str](), False
    i = 0
    while i < len(args):
        word = args[i]
        takes = {name: value for names, _, _, _, value in table[path] for name in names}
        if word.startswith("-") and word not in ("-", "--"):
            name = word.partition("=")[0]
            if name not in takes or (word_seen and not path):
                return None
            if takes[name] and "=" not in word:
                i += 1
                if i >= len(args):
                    return None  # its value is what is being typed
            given.add(name)
        elif f"{path} {word}".strip() in table and not word_seen:
            path, given = f"{path} {word}".strip(), set()
        elif word == "--" or any(key.startswith(f"{path} ") for key in table if path):
            return None  # an unknown subcommand, or the end of options
        else:
            word_seen = True  # a positional word (at the top, the lookup shorthand)
        i += 1
    return path, given


def options_table() -> dict[str, list[Option]]:
    """The cached table when it is current; else read off the app and cached."""
    import json

    from termcli import paths
    from termcli.index import read_stamped, write_stamped

    cache = paths.index_dir() / CACHE
    stamp = _stamp()
    saved = read_stamped(cache, stamp, MAX_CACHE)
    if saved is not None:
        try:
            return _checked(saved)
        except (ValueError, TypeError):
            pass
    table = _from_app()
    with suppress(OSError):  # an unwritable cache: Typer is asked again next time
        write_stamped(cache, stamp, json.dumps(table))
    return table


def _stamp() -> list[Any]:
    """The tool's version and the files the table is read from, Typer's among them."""
    from importlib.util import find_spec

    from termcli import __version__

    here = Path(__file__).parent
    typer = find_spec("typer")
    files = [here / "cli.py", here / "commandline.py", here / "optionnames.py"]
    if typer is not None and typer.origin:
        files.append(Path(typer.origin))
    return [__version__, *(path.stat().st_mtime_ns for path in files)]


def _checked(raw: Any) -> dict[str, list[Option]]:
    """The cached table with every type checked: anything off is a ValueError."""
    if type(raw) is not dict or "" not in raw:
        raise ValueError("not a table")
    out: dict[str, list[Option]] = {}
    for path, options in raw.items():
        rows: list[Option] = []
        for names, help_, many, param, takes in options:
            if type(names) is not list or type(many) is not bool or type(takes) is not bool:
                raise ValueError("not an option")
            "".join((path, help_, param, *names))  # a TypeError unless all are text
            rows.append((names, help_, many, param, takes))
        out[path] = rows
    return out


def _from_app() -> dict[str, list[Option]]:
    """Every command's visible options, in the order Click offers them (Typer's own
    copy of Click, which Typer is held to in pyproject.toml)."""
    import typer.main
    from typer._click.core import Command, Context
    from typer.core import TyperOption

    from termcli.cli import app

    table: dict[str, list[Option]] = {}

    def walk(command: Command, path: str, parent: Context | None = None) -> None:
        name = path.rpartition(" ")[2] or "term"
        ctx = Context(command, info_name=name, parent=parent, **command.context_settings)
        rows: list[Option] = []
        for p in command.get_params(ctx):
            if isinstance(p, TyperOption) and not p.hidden:
                names = [*p.opts, *p.secondary_opts]
                takes = not p.is_flag and not p.count
                rows.append((names, p.help or "", p.multiple, p.name or "", takes))
        table[path] = rows
        for word, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {word}".strip(), ctx)

    walk(typer.main.get_command(app), "")
    return table
