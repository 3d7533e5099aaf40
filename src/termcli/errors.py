"""The one base class of every failure a user can act on.

Each is reported as one sentence on stderr with its exit code, never a traceback;
:func:`termcli.output.deliver` catches this class and nothing more specific, so the
fast path need not import the modules that raise them.
"""

from __future__ import annotations


class TermError(Exception):
    """A failure the user can act on; ``exit_code`` 2 means bad usage or bad input."""

    exit_code = 2

    def sentence(self) -> str:
        return str(self)

    def hints(self) -> list[str]:
        """Further lines for stderr: what to run next."""
        return []


class UsageError(TermError):
    """A bad argument or a bad combination of arguments."""
