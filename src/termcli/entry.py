"""The ``term`` console script: a lookup fast path in front of the Typer app.

Importing Typer costs more than a whole lookup's budget, so a plain lookup or search
(``term ntr``, ``term lookup yandre --json``, ``term search betrayal``) is parsed by
:func:`termcli.commandline.parse_fast_command`, from the same option table the Typer
app is built from, and served directly. Everything else goes to :mod:`termcli.cli`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    _forgiving_streams()
    raw = sys.argv[1:] if argv is None else argv
    try:
        return _dispatch([_decoded(a) for a in raw])
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130


def _forgiving_streams() -> None:
    """Never a traceback for bytes a stream cannot carry: undecodable input becomes
    U+FFFD, and characters a legacy console (cp1252, ascii) cannot show become '?'."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _decoded(arg: str) -> str:
    """An argument as text: bytes that were not UTF-8 (kept as surrogates) become U+FFFD."""
    return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _dispatch(args: list[str]) -> int:
    from termcli.commandline import parse_fast_command, with_shorthand

    if "_TERM_COMPLETE" in os.environ:
        from termcli.completion import serve

        served = serve(os.environ)
        if served is not None:
            sys.stdout.write(served[0] + ("\n" if served[0] else ""))
            return served[1]
    if not any(k.endswith("_COMPLETE") for k in os.environ):
        slip = _command_slip(args)
        if slip:
            sys.stderr.write(f"term: {slip}\n")
            return 2
        fast = parse_fast_command(args)
        if fast is not None:
            from termcli import commands
            from termcli.commandline import SEARCH_LIMIT
            from termcli.output import deliver
            from termcli.session import Session

            command, opts, query = fast
            session = Session(opts)
            try:
                if command == "search":
                    return deliver(
                        session.output, lambda: commands.search(session, query, SEARCH_LIMIT)
                    )
                return deliver(session.output, lambda: commands.lookup(session, query))
            finally:
                session.close()
    from termcli.cli import run

    return run(with_shorthand(args))


def _command_slip(args: list[str]) -> str | None:
    """A sentence when ``term WORD...`` looks like a mistyped command, not a lookup.

    ``term notes add ntr …`` must not quietly print the NTR card; a real entry named
    like a command still resolves.
    """
    from termcli.commandline import Options, implied_command_word, near_command, parse_fast

    word = implied_command_word(args)
    command = near_command(word) if word else None
    if word is None or command is None:
        return None
    from termcli import commands
    from termcli.session import Session

    fast = parse_fast(args)
    if commands.names_entry(Session(fast[0] if fast else Options()), word):
        return None
    return f"Unknown command {word!r}. Did you mean {command!r}? (`term --help` lists them.)"
