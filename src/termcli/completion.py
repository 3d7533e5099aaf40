"""Shell completion: entry names, categories, tags, formats and note ids.

Asking Typer costs more than a whole lookup (importing it is most of that), and a
shell waits on every Tab, so :func:`serve` answers the requests it understands before
Typer is imported: the scripts Typer installs set ``_TERM_COMPLETE`` and describe the
command line in the environment. Option names come from a table read off the Typer app
once and cached (:mod:`termcli.optionnames`). It declines (None) what only the full
parser knows, such as command names; the Typer app then answers, with the same value
functions as its completion callbacks. Imports stay light: this runs on every Tab.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from termcli.commandline import COMMANDS, Options, _apply

TYPE_CHECKING = False
if TYPE_CHECKING:
    from termcli.session import Session

COMPLETE_VAR = "_TERM_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
NAMES_SHOWN = 100

# Options that take a value, per command (global --glossary is in commandline).
_VALUED = {
    "related": ("--depth", "-d"),
    "search": ("--limit", "-n"),
    "list": ("--category", "-c", "--tag", "-t", "--rating", "-r"),
    "export": ("--category", "-c", "--tag", "-t", "--format", "-f", "--out", "-o"),
    "note export": ("--format", "-f", "--out", "-o"),
    "note edit": ("--text",),
    "gloss": ("--file",),
    "import": ("--out", "-o", "--title"),
}
# Commands whose positional arguments are entry names, and how many of them are.
_NAMED = {"lookup": None, "related": 1, "compare": None, "export": None, "note add": 1}
_NOTE_ID = ("note edit", "note rm")
_FORMATS = {"export": ("md", "json", "csv"), "note export": ("md", "json")}


# -- values ------------------------------------------------------------------------


def entry_names(session: Session, incomplete: str, limit: int = NAMES_SHOWN) -> list[str]:
    """Names (terms, abbreviations, aliases, native words, ids) that ``incomplete`` starts,
    from every layer's index: user glossaries answer from their compiled index."""
    from termcli.normalize import strict_key

    key = strict_key(incomplete)
    if incomplete and not key:
        return []
    index = session.index
    hide = session.hide_mature
    chosen: dict[str, str] = {}
    for _, hit in index.prefixed(key, limit * 3):
        if hide and index.is_mature(hit.id):
            continue
        name = hit.name
        if name.casefold().startswith(incomplete.casefold()):
            name = incomplete + name[len(incomplete) :]  # shells keep what was typed
        chosen.setdefault(name.casefold(), name)
    return sorted(chosen.values(), key=str.casefold)[:limit]


def facet_values(session: Session, facet: str, incomplete: str) -> list[str]:
    """Categories or tags in use (``facet`` is "categories" or "tags") starting ``incomplete``."""
    values: set[str] = set()
    for entry in session.bundled.entries.values():
        values.update(entry.categories if facet == "categories" else entry.tags)
    if session.glossary_files():
        for layer in session.disk_indexes:
            db = layer._db
            if db is None:  # read around a damaged index: no values from it
                continue
            try:
                rows = db.execute(
                    "SELECT DISTINCT j.value FROM entries, json_each(entries.data, ?) AS j",
                    (f"$.{facet}",),
                )
                values.update(str(row[0]) for row in rows)
            except Exception:  # an SQLite without JSON functions: bundled values only
                continue
    prefix = incomplete.casefold()
    return sorted((v for v in values if v.casefold().startswith(prefix)), key=str.casefold)


def note_ids(session: Session, incomplete: str) -> list[tuple[str, str]]:
    """(id, what the note is about) of each note whose id starts ``incomplete``."""
    from termcli import paths

    if not paths.notes_db().exists():
        return []
    out = []
    for note in session.notes.list():
        number = str(note.id)
        if number.startswith(incomplete):
            out.append((number, f"{note.term}: {' '.join(note.text.split())[:50]}"))
    return out


def formats(command: str, incomplete: str) -> list[str]:
    return [f for f in _FORMATS.get(command, ()) if f.startswith(incomplete)]


# -- what a command line asks for ----------------------------------------------------


def answer(args: Sequence[str], incomplete: str) -> list[tuple[str, str]] | None:
    """(value, help) pairs completing ``incomplete`` after ``args`` (the words after
    ``term``), or None when Typer must answer (the command itself, odd lines)."""
    if incomplete.startswith("-"):
        if "=" in incomplete:
            return None  # --format=j: Typer's value callbacks answer
        from termcli.optionnames import complete

        return complete(args, incomplete)
    opts = Options()
    i = 0
    while i < len(args) and args[i] != "--":  # global options before the command
        after = _apply(args, i, opts)
        if after is None or after < 0:
            break
        i = after
    if i < len(args) and args[i] == "--":
        i += 1
    if i >= len(args):
        if any(c.startswith(incomplete) for c in COMMANDS):
            return None
        command, rest = "lookup", []  # `term WORD`: the lookup shorthand
    elif args[i] in COMMANDS:
        command, rest = args[i], list(args[i + 1 :])
        if command == "note":
            if not rest:
                return None
            command, rest = f"note {rest[0]}", rest[1:]
    else:
        command, rest = "lookup", list(args[i:])
    valued = _VALUED.get(command, ())
    positional: list[str] = []
    pending: str | None = None
    j = 0
    while j < len(rest):
        word = rest[j]
        after = _apply(rest, j, opts)
        if after is not None and after >= 0:
            j = after
            continue
        if after is not None:  # a global option missing its value: a path
            return []
        if word in valued:
            if j + 1 >= len(rest):
                pending = word
            j += 2
            continue
        if not word.startswith("-") or word == "-":
            positional.append(word)
        j += 1
    if pending is not None:
        return _option_value(command, pending, incomplete, opts)
    if command in _NAMED:
        most = _NAMED[command]
        if most is not None and len(positional) >= most:
            return []
        return [(name, "") for name in entry_names(_session(opts), incomplete)]
    if command in _NOTE_ID and not positional:
        return note_ids(_session(opts), incomplete)
    return None


def _option_value(
    command: str, option: str, incomplete: str, opts: Options
) -> list[tuple[str, str]] | None:
    if option in ("--category", "-c"):
        return [(v, "") for v in facet_values(_session(opts), "categories", incomplete)]
    if option in ("--tag", "-t"):
        return [(v, "") for v in facet_values(_session(opts), "tags", incomplete)]
    if option in ("--format", "-f"):
        return [(v, "") for v in formats(command, incomplete)]
    if option in ("--rating", "-r"):
        return [(v, "") for v in ("general", "mature") if v.startswith(incomplete)]
    return []  # a path, a number or free text: the shell's own completion


_SESSIONS: dict[int, Session] = {}


def _session(opts: Options) -> Session:
    from termcli.session import Session

    return _SESSIONS.setdefault(id(opts), Session(opts))


# -- the shells' side ------------------------------------------------------------------


def split_words(text: str) -> list[str]:
    """Words as the shell would split them, keeping an unfinished quoted last word."""
    import shlex

    lex = shlex.shlex(text, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out: list[str] = []
    try:
        out.extend(lex)
    except ValueError:
        out.append(lex.token)
    return out


def request(env: Mapping[str, str]) -> tuple[str, list[str], str] | None:
    """(shell, words after ``term``, word being completed) from a completion script's
    environment, or None when it is not a request this module reads."""
    instruction = env.get(COMPLETE_VAR, "")
    action, _, shell = instruction.partition("_")
    if action != "complete" or shell not in SHELLS:
        return None
    if shell == "bash":
        words = split_words(env.get("COMP_WORDS", ""))
        try:
            cword = int(env.get("COMP_CWORD", ""))
        except ValueError:
            return None
        incomplete = words[cword] if cword < len(words) else ""
        return shell, words[1:cword], incomplete
    line = env.get("_TYPER_COMPLETE_ARGS", "")
    words = split_words(line)[1:]
    if shell in ("powershell", "pwsh"):
        incomplete = env.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        return shell, words[:-1] if incomplete else words, incomplete
    if words and not line.endswith(" "):
        return shell, words[:-1], words[-1]
    return shell, words, ""


def render(
    shell: str, values: Sequence[tuple[str, str]], env: Mapping[str, str]
) -> tuple[str, int]:
    """What the shell's script expects on stdout, and the exit status (fish asks twice)."""
    if shell == "bash":
        return "\n".join(_bash_escape(v) for v, _ in values), 0
    if shell == "zsh":
        if not values:
            return "_files", 0
        items = "\n".join(
            f'"{_zsh_escape(v)}":"{_zsh_escape(h)}"' if h else f'"{_zsh_escape(v)}"'
            for v, h in values
        )
        return f"_arguments '*: :(({items}))'", 0
    if shell == "fish":
        if env.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
            return "", 0 if values else 1
        return "\n".join(f"{v}\t{' '.join(h.split())}" if h else v for v, h in values), 0
    return "\n".join(f"{v}:::{h or ' '}" for v, h in values), 0


def _bash_escape(s: str) -> str:
    """Bash inserts a reply as typed, so spaces, quotes and the like get a backslash."""
    import re

    return re.sub(r"([^\w@%+=:,./-])", r"\\\1", s)


def _zsh_escape(s: str) -> str:
    return (
        s.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def serve(env: Mapping[str, str]) -> tuple[str, int] | None:
    """Output and exit status for a completion request, or None to let Typer answer."""
    asked = request(env)
    if asked is None:
        return None
    shell, args, incomplete = asked
    try:
        values = answer(args, incomplete)
    except Exception:  # a broken glossary or config must not break the shell's Tab
        values = []
    finally:
        for session in _SESSIONS.values():
            session.close()
        _SESSIONS.clear()
    if values is None:
        return None
    return render(shell, values, env)


# -- --show-completion SHELL / --install-completion SHELL ------------------------------


def script_request(args: Sequence[str]) -> tuple[str, str] | None:
    """("show" or "install", shell) when the command line names a shell explicitly.

    With shellingham installed, Typer declares ``--show-completion`` as a plain flag
    and asks shellingham which shell runs ``term``, so ``--show-completion zsh`` from
    bash printed the bash script; an explicit shell wins here.
    """
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if name not in ("--show-completion", "--install-completion"):
            continue
        if not eq:
            value = args[i + 1] if i + 1 < len(args) else ""
        if value in SHELLS:
            return name.removeprefix("--").removesuffix("-completion"), value
    return None


def show_or_install(action: str, shell: str) -> int:
    import sys

    from typer._completion_shared import get_completion_script, install

    if action == "show":
        sys.stdout.write(
            get_completion_script(prog_name="term", complete_var=COMPLETE_VAR, shell=shell) + "\n"
        )
        return 0
    shell, path = install(shell=shell, prog_name="term", complete_var=COMPLETE_VAR)
    sys.stdout.write(
        f"{shell} completion installed in {path}\n"
        "Completion will take effect once you restart the terminal\n"
    )
    return 0
