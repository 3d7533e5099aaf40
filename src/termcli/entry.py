"""The ``term`` console script: a lookup fast path in front of the Typer app.

Importing Typer costs more than a whole lookup's budget, so a plain lookup
(``term ntr``, ``term lookup yandre --json``) is parsed here and served by
:mod:`termcli.actions` directly. Anything else (help, completion, another command, an
option this parser does not know) goes to the Typer app in :mod:`termcli.cli`,
which stays the single description of the command line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

COMMANDS = (
    "lookup",
    "related",
    "compare",
    "faq",
    "search",
    "list",
    "random",
    "gloss",
    "note",
    "export",
    "import",
    "check",
    "paths",
)
FLAGS = {
    "--json": ("json", True),
    "--plain": ("plain", True),
    "--hide-mature": ("hide_mature", True),
    "--show-mature": ("hide_mature", False),
}
VALUED = ("--glossary", "-g")


def split_globals(args: Sequence[str]) -> int:
    """Index of the first argument that is not a global option (or its value)."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in VALUED:
            i += 2
        elif arg in FLAGS or arg.startswith("--glossary="):
            i += 1
        else:
            break
    return i


def with_shorthand(args: list[str]) -> list[str]:
    """``term QUERY...`` means ``term lookup QUERY...`` when QUERY is not a command."""
    i = split_globals(args)
    if i < len(args) and not args[i].startswith("-") and args[i] not in COMMANDS:
        return [*args[:i], "lookup", *args[i:]]
    return args


def parse_fast(args: Sequence[str]) -> tuple[object, str] | None:
    """Options and query of a plain lookup, or None when Typer must parse."""
    from pathlib import Path

    from termcli.session import Options

    opts = Options()
    words: list[str] = []
    seen_command = False
    only_words = False
    i = 0
    while i < len(args):
        arg = args[i]
        if only_words:
            words.append(arg)
        elif arg == "--":
            only_words = True
        elif arg in FLAGS:
            name, value = FLAGS[arg]
            setattr(opts, name, value)
        elif arg in VALUED:
            if i + 1 >= len(args):
                return None
            opts.glossaries.append(Path(args[i + 1]))
            i += 1
        elif arg.startswith("--glossary="):
            opts.glossaries.append(Path(arg.split("=", 1)[1]))
        elif arg.startswith("-") and arg != "-":
            return None
        elif not seen_command and not words:
            seen_command = True
            if arg in COMMANDS:
                if arg != "lookup":
                    return None
            else:
                words.append(arg)
        else:
            words.append(arg)
        i += 1
    query = " ".join(words).strip()
    if not query or not seen_command:
        return None
    return opts, query


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130


def _dispatch(args: list[str]) -> int:
    if not any(k.endswith("_COMPLETE") for k in os.environ):
        fast = parse_fast(args)
        if fast is not None:
            from termcli import actions
            from termcli.session import Options, Session

            opts, query = fast
            assert isinstance(opts, Options)
            session = Session(opts)
            return actions.guarded(session, lambda: actions.lookup(session, query))
    from termcli.cli import run

    return run(with_shorthand(args))
