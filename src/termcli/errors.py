"""The error base class: every problem a user can act on is a :class:`TermError`.

:func:`termcli.output.deliver` catches this one class, prints :meth:`TermError.sentence`
on stderr and exits with :attr:`TermError.exit_code`; so it can do that without
importing the feature modules, this module imports nothing.
"""

from __future__ import annotations


class TermError(Exception):
    """A problem the user can act on, told in one sentence (naming the file if any)."""

    exit_code = 2

    def sentence(self) -> str:
        """The one-sentence message for stderr."""
        return str(self)

    def hints(self) -> list[str]:
        """Further lines for stderr: what to run next."""
        return []


class UsageError(TermError):
    """A bad argument or a bad combination of arguments."""


class ExportError(TermError):
    """An export (or another file the user named) could not be written; the message is one sentence naming the file."""
