"""Each command's work, independent of how its arguments were parsed.

``cli.py`` (Typer) and ``entry.py`` (the start-up fast path for lookups) both call
these, so a lookup behaves the same whichever door it came in by. Every function
returns the exit code: 0 found or done, 1 nothing found, 2 bad usage or bad input.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from termcli import paths, plain, render
from termcli.sanitize import clean, clean_line
from termcli.session import ConfigError, Session

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from termcli.views import EntryView, LookupView

OK, NOT_FOUND, BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """A bad argument: one sentence, exit 2."""


def guarded(session: Session, work: Callable[[], int]) -> int:
    """Run a command, turning every expected failure into one sentence and exit 2."""
    from termcli.glossary import GlossaryError

    try:
        return work()
    except GlossaryError as exc:
        session.output.error(exc.sentence())
        if len(exc.problems) > 1:
            session.output.notice(
                f"Run `term check {exc.problems[0].source}` to see every problem."
            )
        return BAD_INPUT
    except (ConfigError, UsageError) as exc:
        session.output.error(_sentence(str(exc)))
        return BAD_INPUT
    except BrokenPipeError:
        _silence_stdout()
        return OK
    except Exception as exc:
        if _is_notes_error(exc):
            session.output.error(_sentence(str(exc)))
            return BAD_INPUT
        raise


def _is_notes_error(exc: Exception) -> bool:
    mod = sys.modules.get("termcli.notes")
    return mod is not None and isinstance(exc, mod.NotesError)


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _candidate_rows(session: Session, matches: Sequence[Any]) -> list[tuple[str, str, str]]:
    rows = []
    for m in matches:
        g = session.entry_glossary(m.id)
        rows.append((m.term, m.id, g.entries[m.id].short if m.id in g.entries else ""))
    return rows


def _entry_view(session: Session, entry_id: str) -> EntryView:
    from termcli.views import entry_view

    g = session.entry_glossary(entry_id)
    return entry_view(g, g.entries[entry_id], session.notes_for(entry_id))


def show_entry(session: Session, entry_id: str) -> None:
    view = _entry_view(session, entry_id)
    session.output.show(lambda: plain.card(view), lambda: render.card(view))


def _lookup_view(session: Session, query: str) -> LookupView:
    from termcli.views import LookupView

    outcome = session.resolve(query)
    view = None
    if outcome.status == "found" and outcome.best is not None:
        view = _entry_view(session, outcome.best.id)
    return LookupView(outcome, view)


def lookup(session: Session, query: str) -> int:
    found = _lookup_view(session, query)
    outcome, view = found.outcome, found.entry
    out = session.output
    if out.json:
        out.emit_json(found.to_json())
    elif view is not None:
        out.show(lambda: plain.card(view), lambda: render.card(view))
    elif outcome.status == "ambiguous":
        rows = _candidate_rows(session, outcome.matches)
        out.show(lambda: plain.candidates(outcome), lambda: render.candidates(query, rows))
    elif outcome.status == "hidden":
        out.notice(plain.hidden(outcome))
    else:
        out.notice(plain.no_entry(outcome))
    return OK if outcome.status in ("found", "ambiguous") else NOT_FOUND


def lookup_batch(session: Session, lines: Any) -> int:
    """One query per input line, one JSON object per output line (JSON Lines)."""
    found_any = False
    write = sys.stdout.write
    for raw in lines:
        query = raw.strip()
        if not query:
            continue
        found = _lookup_view(session, query)
        found_any = found_any or found.entry is not None
        write(render.json_text(found.to_json()) + "\n")
    return OK if found_any else NOT_FOUND


def resolve_entry(session: Session, query: str) -> str | None:
    """The entry id a command argument names, or None after saying why (exit 1 follows)."""
    outcome = session.resolve(query)
    if outcome.status == "found" and outcome.best is not None:
        return outcome.best.id
    out = session.output
    if outcome.status == "ambiguous":
        out.notice(plain.candidates(outcome))
    elif outcome.status == "hidden":
        out.notice(plain.hidden(outcome))
    else:
        out.notice(plain.no_entry(outcome))
    return None


def related(session: Session, query: str, depth: int) -> int:
    from termcli.views import related_tree

    if depth < 1:
        raise UsageError("--depth must be at least 1")
    entry_id = resolve_entry(session, query)
    if entry_id is None:
        return NOT_FOUND
    node = related_tree(
        session.glossary, session.glossary.entries[entry_id], depth, session.hidden()
    )
    if session.output.json:
        session.output.emit_json(node.to_json())
    else:
        session.output.show(lambda: plain.tree(node), lambda: render.tree(node))
    return OK


def compare(session: Session, queries: Sequence[str]) -> int:
    from termcli.views import CompareView, best_distinction

    if len(queries) < 2:
        raise UsageError("compare needs at least two terms, for example: term compare ntr netori")
    ids: list[str] = []
    for query in queries:
        entry_id = resolve_entry(session, query)
        if entry_id is None:
            return NOT_FOUND
        if entry_id not in ids:
            ids.append(entry_id)
    if len(ids) < 2:
        raise UsageError("those names all lead to the same entry; name two different terms")
    g = session.glossary
    view = CompareView([g.entries[i] for i in ids], best_distinction(g, ids))
    if session.output.json:
        session.output.emit_json(view.to_json())
    else:
        session.output.show(lambda: plain.compare(view), lambda: render.compare(view))
    return OK


def faq(session: Session, query: str) -> int:
    from termcli.faqrank import rank_questions

    g = session.glossary
    hidden = session.hidden()
    questions = [q for q in g.faq if not (q.entries and set(q.entries) <= hidden)]
    out = session.output
    if not query:
        if out.json:
            out.emit_json(
                {
                    "questions": [
                        {"id": q.id, "question": q.question, "entries": list(q.entries)}
                        for q in questions
                    ]
                }
            )
        else:
            rows = [(q.question, q.id) for q in questions]
            out.show(lambda: plain.faq_list(questions), lambda: render.rows(rows, ("bold", "dim")))
        return OK
    outcome = session.resolve(query)
    about = {outcome.best.id} if outcome.status == "found" and outcome.best else set()
    ranked = [(s, q) for s, q in rank_questions(questions, query, about) if s >= 60.0]
    if not ranked:
        if out.json:
            out.emit_json({"query": query, "question": None, "others": []})
        else:
            out.notice(f"no question matches {query!r}; `term faq` lists them all")
        return NOT_FOUND
    best = ranked[0][1]
    others = [q for _, q in ranked[1:4]]
    terms = [g.entries[i].term for i in best.entries if i in g.entries]
    if out.json:
        out.emit_json(
            {
                "query": query,
                "question": {
                    "id": best.id,
                    "question": best.question,
                    "answer": best.answer,
                    "entries": list(best.entries),
                },
                "others": [{"id": q.id, "question": q.question} for q in others],
            }
        )
        return OK
    footer = ("About: " + ", ".join(terms)) if terms else ""
    out.show(
        lambda: plain.faq_answer(best, terms),
        lambda: render.paragraphs(best.question, best.answer, footer),
    )
    if others:
        out.notice("Related questions:\n" + "".join(f"  - {q.question}\n" for q in others))
    return OK


def search(session: Session, query: str, limit: int) -> int:
    from termcli.fulltext import fulltext

    notes: dict[str, list[str]] = {}
    for note in session.notes.list():
        notes.setdefault(note.entry_id, []).append(note.text)
    context: dict[str, list[str]] = {}
    g = session.glossary
    for d in g.distinctions:
        for aspect in d.aspects:
            for entry_id, value in aspect.values.items():
                context.setdefault(entry_id, []).append(value)
    for q in g.faq:
        for entry_id in q.entries:
            context.setdefault(entry_id, []).append(q.question + " " + q.answer)
    hits = fulltext(session.visible(), query, notes, limit, context)
    out = session.output
    if out.json:
        out.emit_json({"query": query, "results": [h.to_json() for h in hits]})
    elif hits:
        rows = [(h.entry.term, h.entry.id, h.snippet or h.entry.short) for h in hits]
        out.show(
            lambda: plain.search_hits(hits), lambda: render.rows(rows, ("bold cyan", "dim", ""))
        )
    else:
        out.notice(f"nothing mentions {query!r}")
    return OK if hits else NOT_FOUND


def list_entries(
    session: Session, category: str | None, tag: str | None, rating: str | None
) -> int:
    from termcli.model import RATINGS
    from termcli.views import entry_brief

    if rating is not None and rating not in RATINGS:
        raise UsageError(f"--rating must be one of {', '.join(RATINGS)}, not {rating!r}")
    entries = [
        e
        for e in session.visible()
        if (category is None or category in e.categories)
        and (tag is None or tag in e.tags)
        and (rating is None or e.rating == rating)
    ]
    entries.sort(key=lambda e: e.term.casefold())
    out = session.output
    if out.json:
        out.emit_json({"entries": [entry_brief(e) for e in entries]})
    elif entries:
        rows = [(e.id, e.term + (" [mature]" if e.mature else ""), e.short) for e in entries]
        out.show(
            lambda: plain.entry_lines(entries), lambda: render.rows(rows, ("dim", "bold cyan", ""))
        )
    else:
        out.notice("no entries match those filters")
    return OK if entries else NOT_FOUND


def random_entry(session: Session) -> int:
    import random

    from termcli.views import LookupView, entry_view

    entries = session.visible()
    if not entries:
        session.output.notice("no entries to choose from")
        return NOT_FOUND
    entry = random.choice(entries)
    if session.output.json:
        from termcli.search import Match, Outcome

        view = entry_view(session.glossary, entry, session.notes_for(entry.id))
        outcome = Outcome("", "found", [Match(entry.id, entry.term, 100.0, entry.term, "random")])
        session.output.emit_json(LookupView(outcome, view).to_json())
        return OK
    show_entry(session, entry.id)
    return OK


def check(session: Session, path: Path, standalone: bool, strict: bool) -> int:
    """Validate a glossary file as it would be loaded: layered over the bundled one."""
    from termcli.glossary import (
        BUNDLED_NAME,
        GlossaryError,
        collisions,
        load_file,
        merge,
    )

    out = session.output
    problems: list[Any] = []
    warnings: list[Any] = []
    summary: dict[str, int] = {}
    try:
        is_bundled = path.resolve() == paths.bundled_glossary().resolve()
        target = load_file(path)
        base = (
            [] if standalone or is_bundled else [load_file(paths.bundled_glossary(), BUNDLED_NAME)]
        )
        glossary = merge([*base, target])
        own = {e.id for e in target.entries}
        warnings = collisions(glossary, among=own)
        summary = {
            "entries": len(target.entries),
            "distinctions": len(target.distinctions),
            "faq": len(target.faq),
        }
    except GlossaryError as exc:
        problems = list(exc.problems)
    failed = bool(problems) or (strict and bool(warnings))
    if out.json:
        out.emit_json(
            {
                "file": str(path),
                "ok": not failed,
                "problems": [
                    {"file": p.source, "path": p.path, "message": p.message} for p in problems
                ],
                "warnings": [{"file": str(path), "message": w.message} for w in warnings],
                **summary,
            }
        )
        return BAD_INPUT if failed else OK
    for p in problems:
        sys.stdout.write(f"{p}\n")
    for w in warnings:
        sys.stdout.write(f"{path}: warning: {w.message}\n")
    if problems:
        n = len(problems)
        out.error(f"{path} has {n} problem{'s' if n > 1 else ''}")
        return BAD_INPUT
    sys.stdout.write(
        f"{path}: OK, {summary['entries']} entries, {summary['distinctions']} distinctions, {summary['faq']} FAQ\n"
    )
    return BAD_INPUT if failed else OK


def show_paths(session: Session) -> int:
    places = paths.places()
    files = session.glossary_files()
    out = session.output
    if out.json:
        out.emit_json(
            {
                "places": [
                    {"name": p.name, "path": str(p.path), "why": p.why, "exists": p.path.exists()}
                    for p in places
                ],
                "glossaries": [str(paths.bundled_glossary()), *map(str, files)],
            }
        )
        return OK
    rows = [(p.name, str(p.path), p.why) for p in places]
    rows.append(("bundled", str(paths.bundled_glossary()), "the glossary that ships with term"))
    rows += [
        ("glossary", str(f), "layered over the bundled glossary, in this order") for f in files
    ]
    text = "".join(f"{name:<11} {path}\n{'':<11} ({why})\n" for name, path, why in rows)
    out.show(lambda: text, lambda: render.rows(rows, ("bold", "cyan", "dim")))
    return OK


def note_add(session: Session, query: str, text: str) -> int:
    entry_id = resolve_entry(session, query)
    if entry_id is None:
        return NOT_FOUND
    term_name = session.index.term(entry_id)
    try:
        note = session.notes.add(entry_id, term_name, text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if session.output.json:
        session.output.emit_json(note.to_json())
    else:
        session.output.text(f"Added note #{note.id} to {clean_line(term_name)}.\n")
    return OK


def _note_rows(notes: Sequence[Any]) -> list[tuple[str, str, str, str]]:
    return [(f"#{n.id}", n.created[:10], n.term, n.text) for n in notes]


def note_list(session: Session, query: str | None) -> int:
    entry_id = None
    if query:
        entry_id = resolve_entry(session, query)
        if entry_id is None:
            return NOT_FOUND
    notes = session.notes.list(entry_id)
    out = session.output
    if out.json:
        out.emit_json({"notes": [n.to_json() for n in notes]})
    elif notes:
        rows = _note_rows(notes)
        text = "".join(
            f"{i} {date}  {clean_line(t)}: {clean_line(body)}\n" for i, date, t, body in rows
        )
        out.show(lambda: text, lambda: render.rows(rows, ("dim", "dim", "bold cyan", "")))
    else:
        out.notice("no notes yet; add one with: term note add TERM TEXT...")
    return OK if notes else NOT_FOUND


def _edit_in_editor(text: str) -> str:
    import os
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError("set $EDITOR (or $VISUAL), or pass the new text with --text")
    fd, name = tempfile.mkstemp(prefix="term-note-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        try:
            code = subprocess.call([*shlex.split(editor), name])
        except OSError as exc:
            raise UsageError(f"cannot run the editor {editor!r} ({exc.strerror})") from None
        if code != 0:
            raise UsageError(f"the editor exited with status {code}; the note is unchanged")
        with open(name, encoding="utf-8") as fh:
            return fh.read()
    finally:
        os.unlink(name)


def note_edit(session: Session, note_id: int, text: str | None) -> int:
    note = session.notes.get(note_id)
    if note is None:
        session.output.notice(f"no note #{note_id}; `term note list` shows them")
        return NOT_FOUND
    new_text = text if text is not None else _edit_in_editor(note.text)
    if not new_text.strip():
        raise UsageError("the new text is empty; use `term note rm` to delete a note")
    if new_text.strip() == note.text:
        session.output.notice(f"note #{note_id} is unchanged")
        return OK
    try:
        edited = session.notes.edit(note_id, new_text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if edited is None:
        return NOT_FOUND
    if session.output.json:
        session.output.emit_json(edited.to_json())
    else:
        session.output.text(f"Updated note #{note_id}.\n")
    return OK


def note_rm(session: Session, note_id: int) -> int:
    removed = session.notes.remove(note_id)
    if removed is None:
        session.output.notice(f"no note #{note_id}; `term note list` shows them")
        return NOT_FOUND
    if session.output.json:
        session.output.emit_json(removed.to_json())
    else:
        session.output.text(f"Removed note #{note_id} from {clean_line(removed.term)}.\n")
    return OK


def note_export(session: Session, fmt: str, out_path: Path | None, force: bool) -> int:
    from termcli.notes_io import export_json, export_markdown

    if fmt not in ("md", "json"):
        raise UsageError(f"--format must be md or json, not {fmt!r}")
    notes = session.notes.list()
    text = export_markdown(notes) if fmt == "md" else export_json(notes)
    if out_path is None:
        session.output.text(text)
        return OK
    _write_output(out_path, text, force)
    session.output.notice(f"Wrote {len(notes)} note{'s' if len(notes) != 1 else ''} to {out_path}.")
    return OK


def note_import(session: Session, path: Path) -> int:
    from termcli.notes_io import MAX_IMPORT_BYTES, read_export

    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise UsageError(f"{path} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path} ({exc.strerror or exc})") from None
    added, skipped = session.notes.import_notes(read_export(data, str(path)))
    if session.output.json:
        session.output.emit_json({"added": added, "skipped": skipped})
    else:
        session.output.text(
            f"Imported {added} note{'s' if added != 1 else ''}; {skipped} already present.\n"
        )
    return OK


def _write_output(path: Path, text: str, force: bool) -> None:
    from termcli.export import ExportError, write_file

    try:
        write_file(path, text, force=force)
    except ExportError as exc:
        raise UsageError(str(exc)) from None


def export(
    session: Session,
    queries: Sequence[str],
    *,
    all_: bool,
    category: str | None,
    tag: str | None,
    fmt: str,
    out_path: Path | None,
    split: bool,
    force: bool,
    with_notes: bool,
) -> int:
    from termcli import export as ex
    from termcli.model import Glossary

    if fmt not in ("md", "json", "csv"):
        raise UsageError(f"--format must be md, json or csv, not {fmt!r}")
    if split and (fmt != "md" or out_path is None):
        raise UsageError(
            "--split writes Markdown files into a folder: use it with --format md --out FOLDER"
        )
    ids: list[str] = []
    for query in queries:
        entry_id = resolve_entry(session, query)
        if entry_id is None:
            return NOT_FOUND
        ids.append(entry_id)
    g = session.glossary
    hidden = session.hidden()
    if hidden:
        g = Glossary(
            g.title,
            {k: e for k, e in g.entries.items() if k not in hidden},
            g.distinctions,
            g.faq,
            g.sources,
            g.description,
        )
    try:
        entries = ex.select(g, ids, all_=all_, category=category, tag=tag)
        if not entries:
            session.output.notice("no entries match; nothing was exported")
            return NOT_FOUND
        notes = session.notes.for_entries(e.id for e in entries) if with_notes else None
        if split:
            assert out_path is not None
            files = ex.split_markdown(g, entries, notes)
            written = ex.write_files(out_path, files, force=force)
            session.output.notice(f"Wrote {len(written)} files to {out_path}.")
            return OK
        if fmt == "md":
            text = ex.to_markdown(g, entries, notes)
        elif fmt == "json":
            text = ex.to_json(g, entries)
        else:
            text = ex.to_csv(entries)
        if out_path is None:
            session.output.text(clean(text) if sys.stdout.isatty() else text)
            return OK
        ex.write_file(out_path, text, force=force)
    except ex.ExportError as exc:
        raise UsageError(str(exc)) from None
    session.output.notice(
        f"Wrote {len(entries)} entr{'ies' if len(entries) != 1 else 'y'} to {out_path}."
    )
    return OK


def import_table(
    session: Session, source: Path, out_path: Path, force: bool, title: str | None
) -> int:
    import json

    from termcli.export import ExportError, write_file
    from termcli.importer import TableImportError
    from termcli.importer import import_table as build

    try:
        data = source.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {source} ({exc.strerror or exc})") from None
    delimiter = "\t" if source.suffix.lower() == ".tsv" else None
    try:
        report = build(data, str(source), delimiter=delimiter, title=title)
    except TableImportError as exc:
        raise UsageError(str(exc)) from None
    for line, reason in report.skipped:
        session.output.notice(f"{source}:{line}: skipped: {reason}")
    for line, reason in report.notices:
        session.output.notice(f"{source}:{line}: note: {reason}")
    if not report.used:
        raise UsageError(f"no row of {source} could be used; nothing was written")
    text = json.dumps(report.glossary, ensure_ascii=False, indent=2) + "\n"
    try:
        write_file(out_path, text, force=force)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    if session.output.json:
        session.output.emit_json(
            {
                "out": str(out_path),
                "entries": report.used,
                "skipped": [{"line": n, "reason": r} for n, r in report.skipped],
            }
        )
    else:
        session.output.text(
            f"Wrote {report.used} entries to {out_path}; {len(report.skipped)} row(s) skipped.\n"
            f"Use it with: term --glossary {out_path} lookup TERM\n"
        )
    return OK


def gloss(session: Session, text: str) -> int:
    from termcli.gloss import Glosser, summarize

    g = session.glossary
    glosser = Glosser.from_glossary(g, hide=session.hidden())
    spans = glosser.spans(text)
    found = summarize(g, spans)
    out = session.output
    if out.json:
        out.emit_json(
            {
                "entries": [
                    {"id": f.id, "term": f.term, "summary": f.summary, "count": f.count}
                    for f in found
                ],
                "spans": [
                    {"start": s.start, "end": s.end, "id": s.id, "text": s.text} for s in spans
                ],
            }
        )
        return OK if found else NOT_FOUND
    if not found:
        out.notice("no glossary terms found in that text")
        return NOT_FOUND
    rows = [(f.term, f"×{f.count}", f.summary) for f in found]
    if out.rich:
        from rich.console import Group
        from rich.text import Text

        out.console().print(
            Group(
                render.highlighted(text.rstrip("\n"), [(s.start, s.end) for s in spans]),
                Text(),
                render.rows(rows, ("bold cyan", "dim", "")),
            )
        )
    else:
        out.text("".join(f"{clean_line(t)} ({c}) - {clean_line(s)}\n" for t, c, s in rows))
    return OK
