"""The command line, declared once: global options and command names.

The Typer app (:mod:`termcli.cli`) builds every command's global options from
:data:`GLOBAL_OPTIONS`, and the start-up fast path (:func:`parse_fast`) reads argv
with the same table, so the two cannot disagree about what an argument means.
This module imports nothing heavy: the fast path runs it on every lookup.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from termcli.record import Record


class GlobalOption(Record):
    """One option every command accepts, before or after the command name.

    ``kind`` is ``flag`` (sets ``dest`` to True), ``switch`` (``flags[0]`` sets True,
    ``off`` sets False) or ``path`` (takes a value; repeatable).
    """

    __slots__ = ("dest", "flags", "help", "kind", "off")

    def __init__(
        self, dest: str, flags: tuple[str, ...], kind: str, help: str, off: str = ""
    ) -> None:
        self.dest = dest
        self.flags = flags
        self.kind = kind
        self.help = help
        self.off = off


GLOBAL_OPTIONS = (
    GlobalOption("json", ("--json",), "flag", "Print one JSON object (see README)."),
    GlobalOption("plain", ("--plain",), "flag", "Plain text: no colour, no boxes, no wrapping."),
    GlobalOption(
        "hide_mature",
        ("--hide-mature",),
        "switch",
        "Hide entries rated mature (also $TERMCLI_HIDE_MATURE=1 or hide_mature in config).",
        off="--show-mature",
    ),
    GlobalOption(
        "glossaries",
        ("--glossary", "-g"),
        "path",
        "A glossary file layered over the bundled one (repeatable).",
    ),
)

# Command names, in the order help lists them; `term WORD...` is a lookup unless WORD is one.
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


class Options(Record):
    """The global options of one run, whichever parser read them."""

    __slots__ = ("glossaries", "hide_mature", "json", "plain")

    def __init__(
        self,
        json: bool = False,
        plain: bool = False,
        hide_mature: bool | None = None,
        glossaries: list[Path] | None = None,
    ) -> None:
        self.json = json
        self.plain = plain
        self.hide_mature = hide_mature
        self.glossaries = list() if glossaries is None else glossaries

    def set(self, option: GlobalOption, value: object) -> None:
        """Apply one occurrence of ``option`` (later occurrences win; paths add up)."""
        if option.kind == "path":
            self.glossaries.append(Path(str(value)))
        else:
            setattr(self, option.dest, value)


_FLAGS: dict[str, tuple[GlobalOption, object]] = {}
for _opt in GLOBAL_OPTIONS:
    for _flag in _opt.flags:
        _FLAGS[_flag] = (_opt, True)
    if _opt.off:
        _FLAGS[_opt.off] = (_opt, False)


def _global(arg: str) -> tuple[GlobalOption, object, bool] | None:
    """(option, value, takes the next argument) for a global option, else None."""
    if arg in _FLAGS:
        opt, value = _FLAGS[arg]
        return opt, value, opt.kind == "path"
    name, eq, value = arg.partition("=")
    if eq and name.startswith("--") and name in _FLAGS and _FLAGS[name][0].kind == "path":
        return _FLAGS[name][0], value, False
    return None


def command_position(args: Sequence[str]) -> int:
    """Index of the first argument that is neither a global option nor its value."""
    i = 0
    while i < len(args):
        found = _global(args[i])
        if found is None:
            break
        i += 2 if found[2] else 1
    return i


def with_shorthand(args: list[str]) -> list[str]:
    """``term QUERY...`` means ``term lookup QUERY...`` when QUERY is not a command.

    A first word that starts with ``-`` is an option (or a mistake), never a query.
    """
    i = command_position(args)
    if i < len(args) and not args[i].startswith("-") and args[i] not in COMMANDS:
        return [*args[:i], "lookup", *args[i:]]
    return args


def parse_fast(args: Sequence[str]) -> tuple[Options, str] | None:
    """Options and query of a plain lookup, or None when the full parser must decide.

    Declines anything but ``[globals] [lookup] WORDS... [globals]``: help, another
    command, a lookup option such as ``--batch``, an unknown option, a missing value.
    """
    args = with_shorthand(list(args))
    start = command_position(args)
    if start >= len(args) or args[start] != "lookup":
        return None
    opts = Options()
    i = 0
    words: list[str] = []
    only_words = False
    while i < len(args):
        arg = args[i]
        if i == start:
            i += 1
            continue
        if only_words:
            words.append(arg)
            i += 1
            continue
        if arg == "--" and i > start:
            only_words = True
            i += 1
            continue
        found = _global(arg)
        if found is not None:
            opt, value, takes_next = found
            if takes_next:
                if i + 1 >= len(args):
                    return None
                value = args[i + 1]
                i += 1
            opts.set(opt, value)
        elif arg.startswith("-") and arg != "-":
            return None
        else:
            words.append(arg)
        i += 1
    query = " ".join(words).strip()
    if not query:
        return None
    return opts, query
