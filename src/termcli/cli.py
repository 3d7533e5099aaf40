"""The Typer app: the full command line, for everything the fast path declines.

Global options come from :data:`termcli.commandline.GLOBAL_OPTIONS` and are added to
every command and group by :func:`with_globals`, so they work before or after any
command (``term --json list``, ``term list --json``, ``term note list --plain``).
Each command hands its work to :mod:`termcli.commands` and the view it returns to
:func:`termcli.output.deliver`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from termcli import __version__, commands, completion
from termcli.commandline import GLOBAL_OPTIONS, SEARCH_LIMIT, Options
from termcli.output import deliver
from termcli.session import Session

app = typer.Typer(
    name="term",
    help="An offline glossary of anime, manga and AI-companion jargon, or of your own"
    " glossaries.\n\nRun `term QUERY` to look a word up; `term COMMAND --help` for each command.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _options_of(ctx: typer.Context) -> Options:
    """The global options typed so far, read from a completion request's contexts."""
    opts = Options()
    chain: list[Any] = []
    level: Any = ctx
    while level is not None:
        chain.insert(0, level)
        level = level.parent
    for level in chain:
        for path in level.params.get("global_glossaries") or []:
            opts.glossaries.append(Path(path))
        if level.params.get("global_hide_mature") is not None:
            opts.hide_mature = level.params["global_hide_mature"]
    return opts


def _completing(work: Callable[[Session, str], list[Any]]) -> Callable[..., list[Any]]:
    """A Typer completion callback running ``work`` on a session (never raising)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[Any]:
        session = Session(_options_of(ctx))
        try:
            return work(session, incomplete)
        except Exception:  # a broken glossary must not break the shell's Tab
            return []
        finally:
            session.close()

    return complete


def _formats_of(command: str) -> Callable[[str], list[str]]:
    return lambda incomplete: completion.formats(command, incomplete)


complete_names = _completing(completion.entry_names)
complete_categories = _completing(lambda s, i: completion.facet_values(s, "categories", i))
complete_tags = _completing(lambda s, i: completion.facet_values(s, "tags", i))
complete_note_ids = _completing(completion.note_ids)


def complete_rating(incomplete: str) -> list[str]:
    return [r for r in ("general", "mature") if r.startswith(incomplete)]


Words = Annotated[
    list[str],
    typer.Argument(
        help="Words of the query; no quotes needed.", show_default=False, metavar="TERM"
    ),
]
Names = Annotated[
    list[str],
    typer.Argument(
        help="The term; no quotes needed.",
        show_default=False,
        metavar="TERM",
        autocompletion=complete_names,
    ),
]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="md, json or csv.",
        metavar="FORMAT",
        autocompletion=_formats_of("export"),
    ),
]
Category = Annotated[
    str | None,
    typer.Option(
        "--category",
        "-c",
        help="Only this category (any case).",
        metavar="CATEGORY",
        autocompletion=complete_categories,
    ),
]
Tag = Annotated[
    str | None,
    typer.Option(
        "--tag",
        "-t",
        help="Only entries with this tag (any case).",
        metavar="TAG",
        autocompletion=complete_tags,
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]


def _global_parameters() -> list[inspect.Parameter]:
    """The Typer parameters of :data:`GLOBAL_OPTIONS`, each named ``global_<dest>``."""
    out = []
    for opt in GLOBAL_OPTIONS:
        annotation: Any
        default: Any = None
        if opt.kind == "flag":
            annotation = Annotated[bool, typer.Option(*opt.flags, help=opt.help)]
            default = False
        elif opt.kind == "switch":
            declared = f"{opt.flags[0]}/{opt.off}"
            annotation = Annotated[
                bool | None, typer.Option(declared, help=opt.help, show_default=False)
            ]
        elif opt.kind == "text":
            annotation = Annotated[
                list[str] | None,
                typer.Option(*opt.flags, help=opt.help, show_default=False, metavar="WHAT"),
            ]
        else:
            annotation = Annotated[
                list[Path] | None,
                typer.Option(*opt.flags, help=opt.help, show_default=False, metavar="FILE"),
            ]
        out.append(
            inspect.Parameter(
                f"global_{opt.dest}",
                inspect.Parameter.KEYWORD_ONLY,
                default=default,
                annotation=annotation,
            )
        )
    return out


_current: list[Options] = []  # the run's Options, once the root callback has made them


def _apply_globals(ctx: typer.Context, given: dict[str, Any]) -> None:
    """Fold one level's global options into the run's Options, kept on the root context."""
    root = ctx.find_root()
    if not isinstance(root.obj, Options):
        root.obj = Options()
    opts: Options = root.obj
    _current[:] = [opts]
    for opt in GLOBAL_OPTIONS:
        value = given.pop(f"global_{opt.dest}")
        if opt.kind in ("path", "text"):
            for item in value or []:
                opts.set(opt, item)
        elif opt.kind == "switch":
            if value is not None:
                opts.set(opt, value)
        elif value:
            opts.set(opt, True)


def with_globals(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command or group every global option, declared once (sqlite-utils style)."""
    signature = inspect.signature(func, eval_str=True)
    extra = [
        *_global_parameters(),
        inspect.Parameter("global_ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context),
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _apply_globals(kwargs.pop("global_ctx"), kwargs)
        return func(*args, **kwargs)

    params = [*signature.parameters.values(), *extra]
    wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


def _run(work: Callable[[Session], Any], *, show_mature: bool = False) -> None:
    options = _current[0] if _current else Options()
    if show_mature:
        options.hide_mature = False
    session = Session(options)
    try:
        code = deliver(session.output, lambda: work(session))
    finally:
        session.close()
    if code:
        raise typer.Exit(code)


def _hint_if_terminal(what: str) -> None:
    """Say so when a command waits on a keyboard: a blank terminal looks like a hang."""
    import sys

    if sys.stdin.isatty():
        sys.stderr.write(
            f"Reading {what} from the terminal; end with Ctrl-D (Ctrl-Z on Windows).\n"
        )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"term {__version__}")
        raise typer.Exit()


@app.callback()
@with_globals
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """An offline glossary: anime, manga and AI-companion jargon, or your own."""


@app.command()
@with_globals
def lookup(
    query: Annotated[
        list[str] | None,
        typer.Argument(
            help="Words of the query; no quotes needed.",
            show_default=False,
            metavar="QUERY",
            autocompletion=complete_names,
        ),
    ] = None,
    batch: Annotated[
        bool, typer.Option("--batch", help="Read one query per line from stdin; write JSON Lines.")
    ] = False,
) -> None:
    """Show the entry a query means: a name, abbreviation, native word, typo or question.

    Example: term lookup ntr; term what does yandere mean

    Exits 1 when nothing is close enough, after suggesting what is.
    """
    import sys

    from termcli.errors import UsageError

    text = " ".join(query or []).strip()

    def work(session: Session) -> Any:
        if batch:
            _hint_if_terminal("one query per line")
            return commands.lookup_batch(session, sys.stdin)
        if not text:
            raise UsageError("lookup needs a query, for example: term lookup ntr")
        return commands.lookup(session, text)

    _run(work)


@app.command()
@with_globals
def related(
    query: Names,
    depth: Annotated[
        int,
        typer.Option(
            "--depth",
            "-d",
            help="How many steps of relations to follow.",
            min=1,
            max=6,
            metavar="N",
        ),
    ] = 1,
) -> None:
    """Show what a term is related to (broader, narrower, variant, contrast, see-also) as a tree.

    Example: term related ntr --depth 2
    """
    _run(lambda s: commands.related(s, " ".join(query), depth))


@app.command()
@with_globals
def compare(
    terms: Annotated[
        list[str],
        typer.Argument(
            help="Two or more terms; quote multi-word ones.",
            show_default=False,
            metavar="TERM...",
            autocompletion=complete_names,
        ),
    ],
) -> None:
    """Tell apart terms people confuse: the curated distinction table, else their summaries.

    Example: term compare ntr netori netorase
    """
    _run(lambda s: commands.compare(s, terms))


@app.command()
@with_globals
def faq(
    question: Annotated[
        list[str] | None,
        typer.Argument(
            help="A question, in your own words.", show_default=False, metavar="QUESTION"
        ),
    ] = None,
) -> None:
    """Answer the question closest to yours; with no question, list them all.

    Example: term faq is ntr the same as cheating
    """
    _run(lambda s: commands.faq(s, " ".join(question or []).strip()))


@app.command()
@with_globals
def search(
    text: Words,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="At most this many results.", min=1, metavar="N")
    ] = SEARCH_LIMIT,
) -> None:
    """Search every term, definition and note for words ("betrayal" finds netorare).

    Example: term search betrayal
    """
    _run(lambda s: commands.search(s, " ".join(text), limit))


@app.command("list")
@with_globals
def list_(
    category: Category = None,
    tag: Tag = None,
    rating: Annotated[
        str | None,
        typer.Option(
            "--rating",
            "-r",
            help="general or mature.",
            metavar="RATING",
            autocompletion=complete_rating,
        ),
    ] = None,
    categories: Annotated[
        bool, typer.Option("--categories", help="List the categories and their entry counts.")
    ] = False,
    tags: Annotated[
        bool, typer.Option("--tags", help="List the tags and their entry counts.")
    ] = False,
    label: Annotated[
        str | None,
        typer.Option(
            "--label",
            "-l",
            help="Only entries with this usage label (offensive, slang, dated...).",
            metavar="LABEL",
        ),
    ] = None,
) -> None:
    """List entries, optionally filtered by category, tag, rating or usage label; or the
    categories or tags.

    Example: term list --category archetype; term list --label offensive; term list --tags
    """
    from termcli.errors import UsageError

    def work(session: Session) -> Any:
        if categories and tags:
            raise UsageError("--categories and --tags list one thing each; give one of them")
        facet = "categories" if categories else "tags" if tags else None
        return commands.list_entries(session, category, tag, rating, facet, label)

    _run(work)


@app.command()
@with_globals
def random() -> None:
    """Show one entry at random: a way to learn the vocabulary.

    Example: term random
    """
    _run(commands.random_entry)


@app.command()
@with_globals
def check(
    file: Annotated[
        Path,
        typer.Argument(help="The glossary file to validate.", show_default=False, metavar="FILE"),
    ],
    standalone: Annotated[
        bool,
        typer.Option(
            "--standalone", help="Check the file alone, not layered over the bundled glossary."
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings (shared names) as errors.")
    ] = False,
) -> None:
    """Validate a glossary file: every problem at once, each with its JSON path. Exits 2 if invalid.

    Example: term check team.json
    """
    _run(lambda s: commands.check(s, file, standalone, strict))


@app.command()
@with_globals
def paths() -> None:
    """Show where notes, config, user glossaries and the cache live, and why.

    Example: term paths
    """
    _run(commands.show_paths)


@app.command()
@with_globals
def gloss(
    text: Annotated[
        list[str] | None,
        typer.Argument(help="The message; `-` reads stdin.", show_default=False, metavar="TEXT"),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Read the text from this file; a .png or .json AI character card is read field by field.",
            metavar="FILE",
        ),
    ] = None,
    warn: Annotated[
        bool,
        typer.Option(
            "--warn",
            help="List the content-warning terms found; exit 3 if one is on your block list.",
        ),
    ] = False,
) -> None:
    """Explain every glossary term in a message, a post, a chat log or a character card.

    Example: term gloss "the LN was better than the anime"; term gloss --warn --file card.png
    """
    import sys

    from termcli.errors import UsageError

    def work(session: Session) -> Any:
        words = text or []
        if file is not None and words:
            raise UsageError("give the text as words, `-` or --file, not several")
        if file is not None and file.suffix.lower() in (".png", ".json"):
            return commands.gloss_card(session, file, warn)
        if file is not None:
            from termcli.readfile import GLOSS_MAX, read_limited

            try:
                body = read_limited(file, GLOSS_MAX).decode("utf-8", errors="replace")
            except OSError as exc:
                raise UsageError(f"cannot read {file} ({exc.strerror or exc})") from None
        elif words == ["-"]:
            _hint_if_terminal("the text to gloss")
            body = sys.stdin.read()
        else:
            body = " ".join(words)
        if not body.strip():
            raise UsageError("gloss needs some text: words, `-` for stdin, or --file PATH")
        return commands.gloss(session, body, warn)

    _run(work)


@app.command()
@with_globals
def export(
    terms: Annotated[
        list[str] | None,
        typer.Argument(
            help="Terms to export (quote multi-word ones).",
            show_default=False,
            metavar="TERM...",
            autocompletion=complete_names,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Export every entry.")] = False,
    category: Category = None,
    tag: Tag = None,
    fmt: Format = "md",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="A file (or, with --split, a folder); `-` or none: stdout.",
            metavar="PATH",
        ),
    ] = None,
    split: Annotated[
        bool, typer.Option("--split", help="One Markdown file per entry plus index.md, in --out.")
    ] = False,
    force: Force = False,
    with_notes: Annotated[
        bool, typer.Option("--with-notes/--no-notes", help="Include your notes.")
    ] = True,
) -> None:
    """Export entries with their relations, distinctions, FAQ and notes as Markdown, JSON or CSV.

    Example: term export --category archetype --out dere.md
    """
    _run(
        lambda s: commands.export(
            s,
            [t for t in terms or [] if t.strip()],
            all_=all_,
            category=category,
            tag=tag,
            fmt=fmt,
            out_path=out,
            split=split,
            force=force,
            with_notes=with_notes,
        )
    )


@app.command("import")
@with_globals
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="A .csv or .tsv file with columns term and definition.",
            show_default=False,
            metavar="FILE",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="The glossary file to write (JSON, schema v1).", metavar="FILE"
        ),
    ],
    title: Annotated[
        str | None, typer.Option("--title", help="The new glossary's title.", metavar="TITLE")
    ] = None,
    force: Force = False,
    encoding: Annotated[
        str,
        typer.Option(
            "--encoding", help="The file's text encoding (cp1252 for older Excel).", metavar="NAME"
        ),
    ] = "utf-8",
) -> None:
    """Turn a spreadsheet glossary (CSV or TSV) into a glossary file `term --glossary` can load.

    Example: term import team.csv --out team.json

    Columns: term and definition; optional abbreviations, aliases, summary, tags, categories,
    related, id, rating. Multi-valued cells are separated by ; or |. Unusable rows are
    reported by line number.
    """
    _run(lambda s: commands.import_table(s, file, out, force, title, encoding))


@app.command("hide")
@with_globals
def hide_(
    what: Annotated[
        list[str] | None,
        typer.Argument(
            help="Entries (id or name), tag:T or category:C; none: show the list.",
            show_default=False,
            metavar="WHAT",
        ),
    ] = None,
) -> None:
    """Add to your block list: hidden entries vanish from every command.

    Example: term hide ntr; term hide tag:sexual-content; term hide
    """
    _run(lambda s: commands.hide(s, what or []))


@app.command("unhide")
@with_globals
def unhide(
    what: Annotated[
        list[str],
        typer.Argument(
            help="Rules to take off the block list.", show_default=False, metavar="WHAT"
        ),
    ],
) -> None:
    """Take entries, tags or categories off your block list.

    Example: term unhide ntr
    """
    _run(lambda s: commands.hide(s, what, remove=True))


note_app = typer.Typer(
    help="Your own notes on terms, kept in a local database and shown with their entries.",
    no_args_is_help=True,
)
app.add_typer(note_app, name="note")

NoteId = Annotated[
    int,
    typer.Argument(
        metavar="ID",
        help="The note's number (see `term note list`).",
        autocompletion=complete_note_ids,
    ),
]


@note_app.callback()
@with_globals
def note_main() -> None:
    """Your own notes on terms, kept in a local database and shown with their entries."""


@note_app.command("add")
@with_globals
def note_add(
    term: Annotated[
        str,
        typer.Argument(
            help="The term the note is about (resolved like a lookup).",
            show_default=False,
            metavar="TERM",
            autocompletion=complete_names,
        ),
    ],
    text: Annotated[
        list[str],
        typer.Argument(help="The note; no quotes needed.", show_default=False, metavar="TEXT"),
    ],
) -> None:
    """Add a note to a term. Exits 1 with suggestions when the term matches no entry.

    Example: term note add ntr my server bans this tag
    """
    _run(lambda s: commands.note_add(s, term, " ".join(text)), show_mature=True)


@note_app.command("list")
@with_globals
def note_list(
    term: Annotated[
        str | None,
        typer.Argument(help="Only notes on this term.", show_default=False, metavar="TERM"),
    ] = None,
) -> None:
    """List your notes, oldest first, or only those on one term.

    Example: term note list ntr
    """
    _run(lambda s: commands.note_list(s, term), show_mature=True)


@note_app.command("edit")
@with_globals
def note_edit(
    note_id: NoteId,
    text: Annotated[
        str | None,
        typer.Option("--text", help="The new text, instead of opening $EDITOR.", metavar="TEXT"),
    ] = None,
) -> None:
    """Change a note's text in $EDITOR (or $VISUAL), or with --text.

    Example: term note edit 3 --text "seen on the forum too"
    """
    _run(lambda s: commands.note_edit(s, note_id, text))


@note_app.command("rm")
@with_globals
def note_rm(note_id: NoteId) -> None:
    """Delete one note.

    Example: term note rm 3
    """
    _run(lambda s: commands.note_rm(s, note_id))


@note_app.command("export")
@with_globals
def note_export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="md (readable) or json (can be imported back).",
            metavar="FORMAT",
            autocompletion=_formats_of("note export"),
        ),
    ] = "json",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write to this file; `-` or none: stdout.", metavar="FILE"
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Copy every note out, as Markdown or as JSON that `term note import` reads back.

    Example: term note export --out notes.json
    """
    _run(lambda s: commands.note_export(s, fmt, out, force))


@note_app.command("import")
@with_globals
def note_import(
    file: Annotated[
        Path,
        typer.Argument(
            help="A JSON file written by `term note export`.", show_default=False, metavar="FILE"
        ),
    ],
) -> None:
    """Bring notes back from a JSON export; importing the same file twice adds nothing.

    Example: term note import notes.json
    """
    _run(lambda s: commands.note_import(s, file))


def run(args: list[str]) -> int:
    asked = completion.script_request(args)
    if asked is not None:
        return completion.show_or_install(*asked)
    try:
        app(args=args, prog_name="term")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    return 0
