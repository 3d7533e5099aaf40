"""The one output step: any view, printed once, as JSON, plain text or Rich.

:func:`deliver` runs a command, turns every expected failure into one sentence on
stderr with its exit code, and prints the view the command returned. Commands never
print; this is the only place that writes a command's result.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from termcli import layout, plain
from termcli.blocks import Block
from termcli.sanitize import clean, clean_line, json_escape
from termcli.views import BAD_INPUT, OK, BatchView, LookupView, TextView, View

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

    from rich.console import Console

# Prose is hard to read wider than this, however wide the terminal.
MAX_WIDTH = 100


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON that keeps non-ASCII text readable but escapes C1 controls and bidi overrides.

    The JSON encoder already escapes C0 controls (ESC among them); these are the
    characters it would otherwise pass raw to a terminal.
    """
    import json

    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    ascii_only = not encoding.startswith("utf")  # a legacy console: \u escapes keep the data
    return json_escape(json.dumps(data, ensure_ascii=ascii_only, indent=indent))


def wants_rich(stream: TextIO, plain_flag: bool) -> bool:
    """Rich layout in a terminal; ``NO_COLOR`` only removes colour (no-color.org)."""
    if plain_flag or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return stream.isatty()


def pager_command() -> list[str] | None:
    """$TERMCLI_PAGER, else $PAGER, else ``less -FIRX``; None when none can run."""
    import shlex
    import shutil

    for choice in (os.environ.get("TERMCLI_PAGER"), os.environ.get("PAGER"), "less -FIRX"):
        if choice is None:
            continue
        try:
            words = shlex.split(choice)
        except ValueError:
            continue
        if not words or words[0] == "cat":
            return None
        if shutil.which(words[0]):
            return words
    return None


def _run_pager(command: list[str], text: str) -> bool:
    """Show ``text`` in the pager; False when it could not start (then print it instead)."""
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FIRX")
    env.setdefault("LV", "-c")
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", errors="replace"))
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass
    while True:
        try:
            proc.wait()
            return True
        except KeyboardInterrupt:
            continue  # the pager handles Ctrl-C itself, as git's does


def ansi_drawable(blocks: list[Block]) -> bool:
    from termcli.ansi import drawable

    return drawable(blocks)


class Unresolved(Exception):
    """A command's term argument led to no single entry; its lookup view says why."""

    def __init__(self, view: LookupView) -> None:
        super().__init__(view.outcome.query)
        self.view = view


class Output:
    """Where a run's result and messages go, and in which form."""

    def __init__(
        self,
        *,
        json_mode: bool = False,
        plain_mode: bool = False,
        pager: Callable[[], bool] = lambda: False,
    ) -> None:
        self.json = json_mode
        self.rich = not json_mode and wants_rich(sys.stdout, plain_mode)
        self._pager_allowed = pager
        self._console: Console | None = None

    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            console = Console(highlight=False, emoji=False, markup=False, soft_wrap=False)
            if console.width > MAX_WIDTH:
                console.width = MAX_WIDTH
            self._console = console
        return self._console

    def emit(self, view: View) -> int:
        if isinstance(view, TextView):
            sys.stdout.write(clean(view.text) if sys.stdout.isatty() else view.text)
        elif isinstance(view, BatchView):
            for item in view.to_json():
                sys.stdout.write(json_text(item) + "\n")
        elif self.json:
            sys.stdout.write(json_text(view.to_json(), indent=2) + "\n")
        else:
            self.blocks(layout.blocks(view))
        return view.code

    def blocks(self, blocks: list[Block]) -> None:
        out = [b for b in blocks if not b.err]
        err = [b for b in blocks if b.err]
        if out:
            self._stdout(out)
        if err:
            sys.stdout.flush()  # the answer first, then the side remarks, in a terminal too
            sys.stderr.write(plain.text(err))
            sys.stderr.flush()

    def _stdout(self, out: list[Block]) -> None:
        if self._paging():
            text, rows = self._text_for_terminal(out)
            command = pager_command()
            if command and text.count("\n") >= rows and _run_pager(command, text):
                return
            sys.stdout.write(text)
        elif self.rich and ansi_drawable(out):
            sys.stdout.write(self._ansi(out))
        elif self.rich:
            from termcli.render import group

            console = self.console()
            console.print(group(out, console.width))
        else:
            sys.stdout.write(plain.text(out))

    def _paging(self) -> bool:
        """A pager only for a person at a terminal, never for a pipe or a script."""
        return (
            not self.json and sys.stdout.isatty() and sys.stdin.isatty() and self._pager_allowed()
        )

    def _text_for_terminal(self, blocks: list[Block]) -> tuple[str, int]:
        """The output as it would appear, and the terminal's height."""
        import shutil

        rows = shutil.get_terminal_size().lines
        if not self.rich:
            return plain.text(blocks), rows
        if ansi_drawable(blocks):
            return self._ansi(blocks), rows
        from rich.console import Console

        from termcli.render import group

        shown = self.console()
        import io

        capture = Console(
            file=io.StringIO(),
            width=shown.width,
            color_system=shown.color_system,  # type: ignore[arg-type]
            force_terminal=True,
            no_color=shown.no_color,
            highlight=False,
            emoji=False,
            markup=False,
        )
        capture.print(group(blocks, shown.width))
        return capture.file.getvalue(), shown.height  # type: ignore[attr-defined]

    def _ansi(self, blocks: list[Block]) -> str:
        """A card drawn without importing Rich, at the width Rich would use."""
        import shutil

        from termcli import ansi

        width = min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH)
        return ansi.draw(blocks, width, colour=not os.environ.get("NO_COLOR"))

    def error(self, sentence: str) -> None:
        sys.stderr.write(f"term: {clean_line(sentence)}\n")

    def notice(self, sentence: str) -> None:
        sys.stderr.write(clean_line(sentence) + "\n")


def sentence(text: str) -> str:
    """A message as one sentence: ends with a stop; its first letter is left as written."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def deliver(output: Output, work: Callable[[], View]) -> int:
    """Run a command and print its view; expected failures become one sentence and exit 2."""
    from termcli.errors import TermError

    try:
        view = work()
    except Unresolved as exc:
        if output.json:
            return output.emit(exc.view)
        output.blocks(layout.unresolved(exc.view))
        return exc.view.code
    except TermError as exc:
        output.error(sentence(exc.sentence()))
        for hint in exc.hints():
            output.notice(hint)
        return exc.exit_code
    except BrokenPipeError:
        _silence_stdout()
        return OK
    try:
        return output.emit(view)
    except BrokenPipeError:
        _silence_stdout()
        return OK
    except TermError as exc:  # a streamed view (--batch) meets a bad line
        output.error(sentence(exc.sentence()))
        return exc.exit_code


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


__all__ = ["BAD_INPUT", "Output", "Unresolved", "deliver", "json_text"]
