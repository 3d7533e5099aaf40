"""The Typer app: parse the command line, call :mod:`termcli.actions`, exit with its code.

Global options work before the command (``term --json lookup ntr``) and after it
(``term lookup ntr --json``). ``term QUERY...`` is short for ``term lookup QUERY...``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from termcli import __version__, actions
from termcli.session import Options, Session

app = typer.Typer(
    name="term",
    help="An offline glossary of anime, manga and AI-companion jargon, or of your own glossaries.\n\n"
    "Run `term QUERY` to look a word up; `term COMMAND --help` for each command.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object (see README).")]
PlainOpt = Annotated[bool, typer.Option("--plain", help="Plain text, no colour or boxes.")]
MatureOpt = Annotated[
    bool | None,
    typer.Option(
        "--hide-mature/--show-mature",
        help="Hide entries rated mature (also $TERMCLI_HIDE_MATURE=1 or hide_mature in config).",
        show_default=False,
    ),
]
GlossaryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary",
        "-g",
        help="A glossary file layered over the bundled one (repeatable).",
        show_default=False,
    ),
]
QueryArg = Annotated[
    list[str], typer.Argument(help="Words of the query; no quotes needed.", show_default=False)
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"term {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
    hide_mature: MatureOpt = None,
    glossary: GlossaryOpt = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """An offline glossary: anime, manga and AI-companion jargon, or your own."""
    ctx.obj = Options(json_, plain, hide_mature, list(glossary or []))


def _session(
    ctx: typer.Context, json_: bool, plain: bool, hide: bool | None, glossary: list[Path] | None
) -> Session:
    base = ctx.obj if isinstance(ctx.obj, Options) else Options()
    return Session(base.merged(Options(json_, plain, hide, list(glossary or []))))


def _finish(session: Session, work: Callable[[], int]) -> None:
    code = actions.guarded(session, work)
    if code:
        raise typer.Exit(code)


@app.command()
def lookup(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None,
        typer.Argument(help="Words of the query; no quotes needed.", show_default=False),
    ] = None,
    batch: Annotated[
        bool, typer.Option("--batch", help="Read one query per line from stdin; write JSON Lines.")
    ] = False,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
    hide_mature: MatureOpt = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Show the entry a query means: a name, abbreviation, native word, typo or question.

    Exits 1 when nothing is close enough, after suggesting what is.
    """
    import sys

    session = _session(ctx, json_, plain, hide_mature, glossary)
    if batch:
        _finish(session, lambda: actions.lookup_batch(session, sys.stdin))
        return
    text = " ".join(query or []).strip()
    if not text:
        session.output.error("lookup needs a query, for example: term lookup ntr")
        raise typer.Exit(2)
    _finish(session, lambda: actions.lookup(session, text))


@app.command()
def related(
    ctx: typer.Context,
    query: QueryArg,
    depth: Annotated[
        int,
        typer.Option("--depth", "-d", help="How many steps of relations to follow.", min=1, max=6),
    ] = 1,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
    hide_mature: MatureOpt = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Show what a term is related to (broader, narrower, variant, contrast, see-also) as a tree."""
    session = _session(ctx, json_, plain, hide_mature, glossary)
    _finish(session, lambda: actions.related(session, " ".join(query), depth))


@app.command()
def compare(
    ctx: typer.Context,
    terms: Annotated[
        list[str],
        typer.Argument(help="Two or more terms; quote multi-word ones.", show_default=False),
    ],
    json_: JsonOpt = False,
    plain: PlainOpt = False,
    hide_mature: MatureOpt = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Tell apart terms people confuse: the curated distinction table, else their summaries."""
    session = _session(ctx, json_, plain, hide_mature, glossary)
    _finish(session, lambda: actions.compare(session, terms))


@app.command()
def faq(
    ctx: typer.Context,
    question: Annotated[
        list[str] | None, typer.Argument(help="A question, in your own words.", show_default=False)
    ] = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
    hide_mature: MatureOpt = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Answer the question closest to yours; with no question, list them all."""
    session = _session(ctx, json_, plain, hide_mature, glossary)
    _finish(session, lambda: actions.faq(session, " ".join(question or []).strip()))


@app.command()
def search(
    ctx: typer.Context,
    text: QueryArg,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="At most this many results.", min=1)
    ] = 20,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
    hide_mature: MatureOpt = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Search every term, definition and note for words (\"betrayal\" finds netorare)."""
    session = _session(ctx, json_, plain, hide_mature, glossary)
    _finish(session, lambda: actions.search(session, " ".join(text), limit))


@app.command("list")
def list_(
    ctx: typer.Context,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only this category.")
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", help="Only entries with this tag.")
    ] = None,
    rating: Annotated[str | None, typer.Option("--rating", "-r", help="general or mature.")] = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
    hide_mature: MatureOpt = None,
    glossary: GlossaryOpt = None,
) -> None:
    """List entries, optionally filtered by category, tag or rating."""
    session = _session(ctx, json_, plain, hide_mature, glossary)
    _finish(session, lambda: actions.list_entries(session, category, tag, rating))


@app.command()
def random(
    ctx: typer.Context,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
    hide_mature: MatureOpt = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Show one entry at random: a way to learn the vocabulary."""
    session = _session(ctx, json_, plain, hide_mature, glossary)
    _finish(session, lambda: actions.random_entry(session))


@app.command()
def check(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="The glossary file to validate.", show_default=False)
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
    json_: JsonOpt = False,
) -> None:
    """Validate a glossary file: every problem at once, each with its JSON path. Exits 2 if invalid."""
    session = _session(ctx, json_, False, None, None)
    _finish(session, lambda: actions.check(session, file, standalone, strict))


@app.command()
def paths(
    ctx: typer.Context,
    json_: JsonOpt = False,
    glossary: GlossaryOpt = None,
) -> None:
    """Show where notes, config, user glossaries and the cache live, and why."""
    session = _session(ctx, json_, False, None, glossary)
    _finish(session, lambda: actions.show_paths(session))


@app.command()
def gloss(
    ctx: typer.Context,
    text: Annotated[
        list[str] | None, typer.Argument(help="The message; `-` reads stdin.", show_default=False)
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the text from this file.")
    ] = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
    hide_mature: MatureOpt = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Explain every glossary term in a message, a post or a whole chat log.

    Pass the text as words, `-` to read stdin, or --file PATH.
    """
    import sys

    session = _session(ctx, json_, plain, hide_mature, glossary)
    words = text or []
    if file is not None and words:
        session.output.error("give the text as words, `-` or --file, not several")
        raise typer.Exit(2)
    if file is not None:
        try:
            body = file.read_bytes().decode("utf-8", errors="replace")
        except OSError as exc:
            session.output.error(f"cannot read {file} ({exc.strerror or exc})")
            raise typer.Exit(2) from None
    elif words == ["-"]:
        body = sys.stdin.read()
    else:
        body = " ".join(words)
    if not body.strip():
        session.output.error("gloss needs some text: words, `-` for stdin, or --file PATH")
        raise typer.Exit(2)
    _finish(session, lambda: actions.gloss(session, body))


@app.command()
def export(
    ctx: typer.Context,
    terms: Annotated[
        list[str] | None,
        typer.Argument(help="Terms to export (quote multi-word ones).", show_default=False),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Export every entry.")] = False,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only this category.")
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", help="Only entries with this tag.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-F", help="md, json (a valid glossary) or csv.")
    ] = "md",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="A file (or, with --split, a folder); default stdout."),
    ] = None,
    split: Annotated[
        bool, typer.Option("--split", help="One Markdown file per entry plus index.md, in --out.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    with_notes: Annotated[
        bool, typer.Option("--with-notes/--no-notes", help="Include your notes.")
    ] = True,
    hide_mature: MatureOpt = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Export entries with their relations, distinctions, FAQ and notes as Markdown, JSON or CSV."""
    session = _session(ctx, False, False, hide_mature, glossary)
    _finish(
        session,
        lambda: actions.export(
            session,
            [t for t in terms or [] if t.strip()],
            all_=all_,
            category=category,
            tag=tag,
            fmt=fmt,
            out_path=out,
            split=split,
            force=force,
            with_notes=with_notes,
        ),
    )


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A .csv or .tsv file with columns term and definition.", show_default=False
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The glossary file to write (JSON, schema v1).")
    ],
    title: Annotated[str | None, typer.Option("--title", help="The new glossary's title.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Turn a spreadsheet glossary (CSV or TSV) into a glossary file `term --glossary` can load.

    Columns: term and definition; optional abbreviations, aliases, summary, tags, categories,
    related, id, rating. Multi-valued cells are separated by ; or |. Unusable rows are
    reported by line number.
    """
    session = _session(ctx, json_, False, None, None)
    _finish(session, lambda: actions.import_table(session, file, out, force, title))


note_app = typer.Typer(
    help="Your own notes on terms, kept in a local database and shown with their entries.",
    no_args_is_help=True,
)
app.add_typer(note_app, name="note")


@note_app.callback()
def note_main() -> None:
    """Your own notes on terms, kept in a local database and shown with their entries."""


@note_app.command("add")
def note_add(
    ctx: typer.Context,
    term: Annotated[
        str,
        typer.Argument(
            help="The term the note is about (resolved like a lookup).", show_default=False
        ),
    ],
    text: Annotated[
        list[str], typer.Argument(help="The note; no quotes needed.", show_default=False)
    ],
    json_: JsonOpt = False,
    glossary: GlossaryOpt = None,
) -> None:
    """Add a note to a term. Exits 1 with suggestions when the term matches no entry."""
    session = _session(ctx, json_, False, False, glossary)
    _finish(session, lambda: actions.note_add(session, term, " ".join(text)))


@note_app.command("list")
def note_list(
    ctx: typer.Context,
    term: Annotated[
        str | None, typer.Argument(help="Only notes on this term.", show_default=False)
    ] = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
    glossary: GlossaryOpt = None,
) -> None:
    """List your notes, oldest first, or only those on one term."""
    session = _session(ctx, json_, plain, False, glossary)
    _finish(session, lambda: actions.note_list(session, term))


@note_app.command("edit")
def note_edit(
    ctx: typer.Context,
    note_id: Annotated[
        int, typer.Argument(metavar="ID", help="The note's number (see `term note list`).")
    ],
    text: Annotated[
        str | None, typer.Option("--text", help="The new text, instead of opening $EDITOR.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Change a note's text in $EDITOR (or $VISUAL), or with --text."""
    session = _session(ctx, json_, False, None, None)
    _finish(session, lambda: actions.note_edit(session, note_id, text))


@note_app.command("rm")
def note_rm(
    ctx: typer.Context,
    note_id: Annotated[
        int, typer.Argument(metavar="ID", help="The note's number (see `term note list`).")
    ],
    json_: JsonOpt = False,
) -> None:
    """Delete one note."""
    session = _session(ctx, json_, False, None, None)
    _finish(session, lambda: actions.note_rm(session, note_id))


@note_app.command("export")
def note_export(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="md (readable) or json (can be imported back).")
    ] = "json",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing --out file.")
    ] = False,
) -> None:
    """Copy every note out, as Markdown or as JSON that `term note import` reads back."""
    session = _session(ctx, False, False, None, None)
    _finish(session, lambda: actions.note_export(session, fmt, out, force))


@note_app.command("import")
def note_import(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="A JSON file written by `term note export`.", show_default=False)
    ],
    json_: JsonOpt = False,
) -> None:
    """Bring notes back from a JSON export; importing the same file twice adds nothing."""
    session = _session(ctx, json_, False, None, None)
    _finish(session, lambda: actions.note_import(session, file))


def run(args: list[str]) -> int:
    try:
        app(args=args, prog_name="term")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    return 0
