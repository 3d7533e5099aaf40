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
    ``off`` sets False), ``path`` or ``text`` (take a value; repeatable, adding up).
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
        "no_pager",
        ("--no-pager",),
        "flag",
        "Never page long output (also pager = false in config).",
    ),
    GlobalOption(
        "exact",
        ("--exact",),
        "flag",
        "Exact names only: no typo, prefix or partial matching (like sdcv -e).",
    ),
    GlobalOption(
        "glossaries",
        ("--glossary", "-g"),
        "path",
        "A glossary file layered over the bundled one (repeatable).",
    ),
    GlobalOption(
        "hide",
        ("--hide",),
        "text",
        "Hide an entry (id or name), tag:T or category:C, for this run (repeatable;"
        " also $TERMCLI_HIDE and `term hide`).",
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
    "hide",
    "unhide",
)


class Options(Record):
    """The global options of one run, whichever parser read them."""

    __slots__ = ("exact", "glossaries", "hide", "hide_mature", "json", "no_pager", "plain")

    def __init__(
        self,
        json: bool = False,
        plain: bool = False,
        hide_mature: bool | None = None,
        glossaries: list[Path] | None = None,
        no_pager: bool = False,
        exact: bool = False,
        hide: list[str] | None = None,
    ) -> None:
        self.json = json
        self.plain = plain
        self.hide_mature = hide_mature
        self.glossaries = list() if glossaries is None else glossaries
        self.no_pager = no_pager
        self.exact = exact
        self.hide = list() if hide is None else hide

    def set(self, option: GlobalOption, value: object) -> None:
        """Apply one occurrence of ``option`` (later occurrences win; paths add up)."""
        if option.kind == "path":
            self.glossaries.append(Path(str(value)))
        elif option.kind == "text":
            self.hide.append(str(value))
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
        return opt, value, opt.kind in ("path", "text")
    name, eq, value = arg.partition("=")
    if eq and name.startswith("--") and name in _FLAGS and _FLAGS[name][0].kind in ("path", "text"):
        return _FLAGS[name][0], value, False
    return None


def command_position(args: Sequence[str]) -> int:
    """Index of the first argument that is neither a global option nor its value."""
    i = 0
    while i < len(args):
        if args[i] == "--":
            return i + 1  # the root parser stops reading options; the command follows
        found = _global(args[i])
        if found is None:
            break
        i += 2 if found[2] else 1
    return i


def with_shorthand(args: list[str]) -> list[str]:
    """``term QUERY...`` means ``term lookup QUERY...`` when QUERY is not a command.

    A first word that starts with ``-`` is an option (or a mistake), never a query;
    ``term help [COMMAND]`` is ``term [COMMAND] --help``.
    """
    i = command_position(args)
    if i < len(args) and args[i] == "help":
        rest = [a for a in args[i + 1 :] if a in COMMANDS][:1]
        return [*args[:i], *rest, "--help"]
    if i < len(args) and not args[i].startswith("-") and args[i] not in COMMANDS:
        return [*args[:i], "lookup", *args[i:]]
    return args


def implied_command_word(args: Sequence[str]) -> str | None:
    """The first word when ``term WORD...`` is read as a lookup, else None."""
    i = command_position(args)
    if i < len(args) and not args[i].startswith("-") and args[i] not in COMMANDS:
        return args[i]
    return None


def near_command(word: str) -> str | None:
    """The command ``word`` is a slip for (notes, comapre, serch, lokup), if any.

    Damerau-Levenshtein distance: 1 for words of up to five letters, 2 above, so
    ``term rated r`` stays a lookup while ``term comapre`` is caught.
    """
    word = word.casefold()
    if word in COMMANDS or not word.isalpha():
        return None
    limit = 1 if len(word) <= 5 else 2
    best = min(COMMANDS, key=lambda c: _distance(word, c))
    return best if _distance(word, best) <= limit else None


def _distance(a: str, b: str) -> int:
    """Edit distance where swapping two neighbours counts as one edit."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


# The commands the fast path serves, with their words and global options only; the
# default of ``search --limit`` is declared here, once, for both parsers.
FAST_COMMANDS = ("lookup", "search")
SEARCH_LIMIT = 20


def parse_fast_command(args: Sequence[str]) -> tuple[str, Options, str] | None:
    """Command, options and query of a plain lookup or search, or None when the full
    parser must decide.

    Declines anything but ``[globals] [lookup|search] WORDS... [globals]``: help,
    another command, an option of the command such as ``--batch`` or ``--limit``, an
    unknown option, a missing value.
    """
    args = with_shorthand(list(args))
    start = command_position(args)
    if start >= len(args) or args[start] not in FAST_COMMANDS:
        return None
    opts = Options()
    words: list[str] = []
    if not _read_globals(args[:start], opts) or not _read_lookup(args[start + 1 :], opts, words):
        return None
    query = " ".join(words).strip()
    if not query:
        return None
    return args[start], opts, query


def parse_fast(args: Sequence[str]) -> tuple[Options, str] | None:
    """Options and query of a plain lookup (:func:`parse_fast_command`), or None."""
    found = parse_fast_command(args)
    return (found[1], found[2]) if found is not None and found[0] == "lookup" else None


_MISSING = -1


def _apply(args: Sequence[str], i: int, opts: Options) -> int | None:
    """Apply the global option at ``args[i]``: the next index, None if it is not one,
    or _MISSING when its value is missing."""
    found = _global(args[i])
    if found is None:
        return None
    opt, value, takes_next = found
    if takes_next:
        if i + 1 >= len(args):
            return _MISSING
        value = args[i + 1]
        i += 1
    opts.set(opt, value)
    return i + 1


def _read_globals(args: Sequence[str], opts: Options) -> bool:
    """Global options before the command (a final ``--`` ends them)."""
    i = 0
    while i < len(args) and args[i] != "--":
        after = _apply(args, i, opts)
        if after is None or after == _MISSING:
            return False
        i = after
    return True


def _read_lookup(args: Sequence[str], opts: Options, words: list[str]) -> bool:
    """A lookup's words and global options; False for anything the full parser must see."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            words.extend(args[i + 1 :])
            return True
        after = _apply(args, i, opts)
        if after == _MISSING or (after is None and arg.startswith("-") and arg != "-"):
            return False
        if after is None:
            words.append(arg)
            i += 1
        else:
            i = after
    return True
