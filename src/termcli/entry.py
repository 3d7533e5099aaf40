"""The ``term`` console script: a lookup fast path in front of the Typer app.

Importing Typer costs more than a whole lookup's budget, so a plain lookup
(``term ntr``, ``term lookup yandre --json``) is parsed by
:func:`termcli.commandline.parse_fast`, from the same option table the Typer app is
built from, and served directly. Everything else goes to :mod:`termcli.cli`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130


def _dispatch(args: list[str]) -> int:
    from termcli.commandline import parse_fast, with_shorthand

    if not any(k.endswith("_COMPLETE") for k in os.environ):
        fast = parse_fast(args)
        if fast is not None:
            from termcli import commands
            from termcli.output import deliver
            from termcli.session import Session

            opts, query = fast
            session = Session(opts)
            return deliver(session.output, lambda: commands.lookup(session, query))
    from termcli.cli import run

    return run(with_shorthand(args))
