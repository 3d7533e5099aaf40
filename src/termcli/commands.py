"""Each command's work: arguments in, a view out.

Nothing here prints, shapes JSON or chooses styles: a command returns a view from
:mod:`termcli.views` and :func:`termcli.output.deliver` prints it. Both doors into
the tool (the Typer app and the lookup fast path) call these same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from termcli import paths
from termcli import views as v
from termcli.errors import UsageError
from termcli.output import Unresolved
from termcli.session import Session

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from termcli.fulltext import TextHit
    from termcli.gloss import Span
    from termcli.glossary import Problem
    from termcli.model import Faq, Glossary
    from termcli.search import Match
    from termcli.textindex import TextHit as IndexHit


def _entry_view(session: Session, entry_id: str) -> v.EntryView:
    g = session.entry_glossary(entry_id)
    return v.entry_view(g, g.entries[entry_id], session.notes_for(entry_id))


def _candidates(session: Session, matches: Sequence[Match]) -> list[v.Candidate]:
    out = []
    for m in matches:
        entry = session.entry_glossary(m.id).entries.get(m.id)
        summary = entry.short if entry else ""
        out.append(v.Candidate(m.id, m.term, summary, m.matched, bool(entry and entry.mature)))
    return out


def _lookup_view(session: Session, query: str, candidates: bool = True) -> v.LookupView:
    outcome = session.resolve(query)
    blocking = bool(session.block_rules)
    if outcome.status == "found" and outcome.best is not None:
        from termcli.search import other_senses

        also = _candidates(session, other_senses(outcome))
        return v.LookupView(outcome, _entry_view(session, outcome.best.id), also, blocking)
    wanted = candidates and outcome.status == "ambiguous"
    found = _candidates(session, outcome.matches) if wanted else ()
    return v.LookupView(outcome, None, found, blocking)


def names_entry(session: Session, word: str) -> bool:
    """Whether ``word`` is exactly a name of some entry (any layer)."""
    from termcli.normalize import loose_key, strict_key

    index = session.index
    return bool(index.exact(strict_key(word), False) or index.exact(loose_key(word), True))


def lookup(session: Session, query: str) -> v.LookupView:
    view = _lookup_view(session, query)
    if view.outcome.status in ("none", "ambiguous") and not session.options.exact:
        return _by_meaning(session, view)
    return view


def _by_meaning(session: Session, view: v.LookupView) -> v.LookupView:
    """A described idea ("girl who is mean but secretly likes him") answered by meaning,
    when no name answered with confidence and one entry clearly stands out."""
    from termcli import scores
    from termcli.meaning import reads_as_description
    from termcli.search import Match, Outcome
    from termcli.textindex import Query

    outcome = view.outcome
    if outcome.best is not None and outcome.best.score >= scores.CONFIDENT:
        return view
    if not reads_as_description(Query.parse(outcome.query).content):
        return view
    found = _meant(session, outcome.query, scores.MEANING_SHOWN + 1)
    if found is None:
        return view
    hits, best = found
    matches = [
        Match(
            h.id,
            session.index.term(h.id),
            round(100 * h.coverage, 1),
            v.marked(h.snippet)[0],
            "meaning",
        )
        for h in hits
        if session.index.has(h.id)
    ]
    described = Outcome(outcome.query, "described", matches, outcome.hidden)
    return v.LookupView(described, _entry_view(session, best.id))


def _meant(session: Session, query: str, shown: int) -> tuple[list[IndexHit], IndexHit] | None:
    """The full-text hits for a query, and the one it clearly means, if any."""
    from termcli.meaning import best_by_meaning
    from termcli.textindex import Query

    hits = session.text_search(query, shown)
    best = best_by_meaning(hits, len(Query.parse(query).content))
    return None if best is None else (hits, best)


def lookup_batch(session: Session, lines: Iterable[str]) -> v.BatchView:
    """One query per input line; the view streams, so answers come as lines arrive."""
    session.bulk = True
    queries = (line.strip() for line in lines)
    return v.BatchView(_lookup_view(session, q, False) for q in queries if q)


def resolve_entry(session: Session, query: str) -> str:
    """The entry id a command argument names; raises Unresolved (exit 1) otherwise."""
    outcome = session.resolve(query)
    if outcome.status == "found" and outcome.best is not None:
        return outcome.best.id
    raise Unresolved(v.LookupView(outcome, None, _candidates(session, outcome.matches)))


def related(session: Session, query: str, depth: int) -> v.TreeView:
    if depth < 1:
        raise UsageError("--depth must be at least 1")
    entry_id = resolve_entry(session, query)
    g = session.glossary
    return v.related_tree(g, g.entries[entry_id], depth, session.hidden())


def compare(session: Session, queries: Sequence[str]) -> v.CompareView:
    if len(queries) < 2:
        raise UsageError("compare needs at least two terms, for example: term compare ntr netori")
    ids: list[str] = []
    for query in queries:
        entry_id = resolve_entry(session, query)
        if entry_id not in ids:
            ids.append(entry_id)
    if len(ids) < 2:
        raise UsageError("those names all lead to the same entry; name two different terms")
    g = session.glossary
    return v.CompareView([g.entries[i] for i in ids], v.best_distinction(g, ids))


def faq(session: Session, query: str) -> v.FaqView | v.FaqListView:
    from termcli.faqrank import rank_questions
    from termcli.scores import FAQ_SHOWN

    every = session.extras[1]

    def is_hidden(q: Faq) -> bool:
        return bool(q.entries) and all(session.hides_id(i) for i in q.entries)

    questions = [q for q in every if not is_hidden(q)]
    if not query:
        return v.FaqListView(questions)
    outcome = session.resolve(query)
    about = {outcome.best.id} if outcome.status == "found" and outcome.best else set()
    # Ranked among every question, so a hidden answer is said to be hidden instead of
    # being replaced by an unrelated one.
    ranked = [(s, q) for s, q in rank_questions(list(every), query, about) if s >= FAQ_SHOWN]
    if (ranked and is_hidden(ranked[0][1])) or (not ranked and outcome.status == "hidden"):
        return v.FaqView(query, None, (), (), hidden=True)
    ranked = [(s, q) for s, q in ranked if not is_hidden(q)]
    if not ranked:
        ranked = _faq_by_meaning(session, questions, query)
    if not ranked:
        return v.FaqView(query, None, (), ())
    best = ranked[0][1]
    terms = [e.term for e in map(session.entry, best.entries) if e is not None]
    return v.FaqView(query, best, [q for _, q in ranked[1:4]], terms)


def _faq_by_meaning(
    session: Session, questions: Sequence[Faq], query: str
) -> list[tuple[float, Faq]]:
    """Questions about the entry a described query means ("how do I make my bot
    remember things" → companion memory), when no question matched by its words."""
    found = _meant(session, query, 3)
    if found is None:
        return []
    return [(0.0, q) for q in questions if found[1].id in q.entries]


def search(session: Session, query: str, limit: int) -> v.SearchView:
    """Full text, BM25 over every layer's index; your notes are searched beside it."""
    from termcli.session import check_query

    check_query(query)
    hits = session.text_search(query, limit)
    if session.text_indexes is None:
        return v.SearchView(query, _scan(session, query, limit))
    from termcli.fulltext import TextHit

    found: list[TextHit] = []
    for h in hits:
        entry = session.entry_glossary(h.id).entries.get(h.id)
        if entry is not None:
            found.append(TextHit(entry, h.score, h.snippet, h.where))
    # Your notes rank as if they were part of the entry: a note holding every word of
    # the query puts its entry first.
    from termcli.textindex import Query

    q = Query.parse(query)
    top = max((h.score for h in found), default=1.0)
    by_id = {h.entry.id: h for h in found}
    for note in _matching_notes(session, q.content):
        share = q.coverage(note.text)
        hit = by_id.get(note.entry_id)
        if hit is not None:
            hit.score += share * top
            continue
        entry = session.entry_glossary(note.entry_id).entries.get(note.entry_id)
        if entry is not None and not session.hides_id(entry.id):
            by_id[entry.id] = TextHit(
                entry, share * top + (1.0 if share == 1 else 0.0), note.text, "note"
            )
    ranked = sorted(by_id.values(), key=lambda h: -h.score)
    return v.SearchView(query, ranked[:limit])


def _matching_notes(session: Session, words: Sequence[str]) -> list[Any]:
    import os

    from termcli import paths

    if not os.path.lexists(paths.notes_db()):  # a dangling link is reported by the store
        return []
    return [n for n in session.notes.list() if any(w in n.text.casefold() for w in words)]


def _scan(session: Session, query: str, limit: int) -> list[TextHit]:
    """Search without an index (the cache cannot be written): every entry, in memory."""
    from termcli.fulltext import fulltext
    from termcli.textindex import contexts

    notes: dict[str, list[str]] = {}
    for note in session.notes.list():
        notes.setdefault(note.entry_id, []).append(note.text)
    g = session.glossary
    context = contexts(g.distinctions, g.faq)
    return fulltext(session.visible(), query, notes, limit, context, session.synonyms)


def list_entries(
    session: Session,
    category: str | None,
    tag: str | None,
    rating: str | None,
    facet: str | None = None,
    label: str | None = None,
) -> v.EntryListView | v.FacetView:
    """Entries filtered (categories and tags in any case), or with ``facet`` ("categories"
    or "tags") the values in use with their counts, most used first."""
    from collections import Counter

    from termcli.model import RATINGS, USAGE_LABELS

    if rating is not None and rating not in RATINGS:
        raise UsageError(f"--rating must be one of {', '.join(RATINGS)}, not {rating!r}")
    lab = label.strip().casefold() if label is not None else None
    if lab is not None and lab not in USAGE_LABELS:
        raise UsageError(f"--label must be one of {', '.join(USAGE_LABELS)}, not {label!r}")
    cat = category.strip().casefold() if category is not None else None
    tg = tag.strip().casefold() if tag is not None else None
    entries = [
        e
        for e in session.visible()
        if (cat is None or cat in {c.casefold() for c in e.categories})
        and (tg is None or tg in {t.casefold() for t in e.tags})
        and (rating is None or e.rating == rating)
        and (lab is None or (e.usage is not None and lab in e.usage.labels))
    ]
    if facet is not None:
        counts = Counter(
            value for e in entries for value in (e.categories if facet == "categories" else e.tags)
        )
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        return v.FacetView(facet, ranked)
    entries.sort(key=lambda e: e.term.casefold())
    return v.EntryListView(entries)


def random_entry(session: Session) -> v.RandomView:
    import random

    entries = session.visible()
    if not entries:
        return v.RandomView(None)
    entry = random.choice(entries)
    return v.RandomView(v.entry_view(session.glossary, entry, session.notes_for(entry.id)))


def check(session: Session, path: Path, standalone: bool, strict: bool) -> v.CheckView:
    """Validate a glossary file as it would be loaded, layered over the bundled one, and
    report every problem at once: structure, references and shared names."""
    from termcli.glossary import (
        BUNDLED_NAME,
        GlossaryError,
        collisions,
        load_file,
        merge,
        parse_all,
        read_json,
        reference_problems,
    )

    try:
        is_bundled = path.resolve() == paths.bundled_glossary().resolve()
    except (OSError, ValueError, RuntimeError):
        is_bundled = False
    try:
        target, problems = parse_all(read_json(path), str(path))
        base = (
            [] if standalone or is_bundled else [load_file(paths.bundled_glossary(), BUNDLED_NAME)]
        )
    except GlossaryError as exc:
        return v.CheckView(str(path), exc.problems, (), {}, strict)
    glossary = merge([*base, target], references=False)
    problems += reference_problems(target, glossary.entries.__contains__)
    counts = {
        "entries": len(target.entries),
        "distinctions": len(target.distinctions),
        "faq": len(target.faq),
    }
    warnings = collisions(glossary, among={e.id for e in target.entries})
    if problems:
        problems = _placed(path, problems)
    return v.CheckView(str(path), problems, warnings, counts, strict)


def _placed(path: Path, problems: list[Problem]) -> list[Problem]:
    """The problems with the line and column of the value each names."""
    from termcli.glossary import MAX_BYTES
    from termcli.jsonstream import locate
    from termcli.readfile import read_limited

    try:
        text = read_limited(path, MAX_BYTES).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return problems
    where = locate(text, {p.path for p in problems})
    return [
        p.replace(line=where[p.path][0], column=where[p.path][1]) if p.path in where else p
        for p in problems
    ]


def show_paths(session: Session) -> v.PathsView:
    return v.PathsView(
        paths.places(),
        str(paths.bundled_glossary()),
        [str(f) for f in session.glossary_files()],
    )


def note_add(session: Session, query: str, text: str) -> v.NoteChange:
    entry_id = resolve_entry(session, query)
    try:
        note = session.notes.add(entry_id, session.index.term(entry_id), text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return v.NoteChange("added", note.id, note)


def note_list(session: Session, query: str | None) -> v.NotesView:
    entry_id = resolve_entry(session, query) if query else None
    return v.NotesView(session.notes.list(entry_id))


def _edit_in_editor(text: str) -> str:
    """The text the user saved in $VISUAL or $EDITOR; UsageError for anything else.

    The file sits alone in a private folder (note text can be private), and whatever
    the editor leaves there (nothing, a folder, a FIFO, bytes that are not UTF-8) is
    refused with one sentence before the note is touched.
    """
    import os
    import shlex
    import shutil
    import stat
    import subprocess
    import tempfile

    from termcli.notes_io import MAX_IMPORT_BYTES

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError("set $EDITOR (or $VISUAL), or pass the new text with --text")
    try:
        argv = shlex.split(editor)
    except ValueError as exc:
        raise UsageError(f"cannot read the editor command {editor!r} ({exc})") from None
    if not argv:
        raise UsageError("$EDITOR (or $VISUAL) is blank; set it, or pass the new text with --text")
    unchanged = "the note is unchanged"
    folder = tempfile.mkdtemp(prefix="term-note-")
    name = os.path.join(folder, "note.txt")
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        try:
            code = subprocess.call([*argv, name])
        except OSError as exc:
            raise UsageError(f"cannot run the editor {editor!r} ({exc.strerror})") from None
        if code != 0:
            raise UsageError(f"the editor exited with status {code}; {unchanged}")
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError as exc:
            raise UsageError(
                f"the editor did not leave the file {name} ({exc.strerror}); {unchanged}"
            ) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise UsageError(f"the editor left {name} as something other than a file; {unchanged}")
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(MAX_IMPORT_BYTES + 1)
        if len(data) > MAX_IMPORT_BYTES:
            limit = MAX_IMPORT_BYTES // (1024 * 1024)
            raise UsageError(f"the edited note is larger than {limit} MiB; {unchanged}")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UsageError(
                f"the editor saved text that is not UTF-8 (bad byte at offset {exc.start});"
                f" {unchanged}"
            ) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def note_edit(session: Session, note_id: int, text: str | None) -> v.NoteChange:
    note = session.notes.get(note_id)
    if note is None:
        return v.NoteChange("missing", note_id, None)
    new_text = text if text is not None else _edit_in_editor(note.text)
    if not new_text.strip():
        raise UsageError("the new text is empty; use `term note rm` to delete a note")
    if new_text.strip() == note.text:
        return v.NoteChange("unchanged", note_id, note)
    try:
        edited = session.notes.edit(note_id, new_text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return v.NoteChange("updated" if edited else "missing", note_id, edited)


def note_rm(session: Session, note_id: int) -> v.NoteChange:
    removed = session.notes.remove(note_id)
    return v.NoteChange("removed" if removed else "missing", note_id, removed)


def _no_json(session: Session, command: str) -> None:
    if session.output.json:
        raise UsageError(f"{command} writes a document, not JSON; use --format instead of --json")


def note_export(session: Session, fmt: str, out_path: Path | None, force: bool) -> v.View:
    from termcli.notes_io import export_json, export_markdown

    _no_json(session, "note export")
    if fmt not in ("md", "json"):
        raise UsageError(f"--format must be md or json, not {fmt!r}")
    notes = session.notes.list()
    text = export_markdown(notes) if fmt == "md" else export_json(notes)
    if out_path is None or str(out_path) == "-":
        return v.TextView(text)
    _write_output(out_path, text, force, private=True)
    return v.WroteView(len(notes), "note", str(out_path))


def note_import(session: Session, path: Path) -> v.NoteImportView:
    from termcli.notes_io import MAX_IMPORT_BYTES, read_export

    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise UsageError(f"{path} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path} ({exc.strerror or exc})") from None
    added, skipped = session.notes.import_notes(read_export(data, str(path)))
    return v.NoteImportView(added, skipped)


def _write_output(path: Path, text: str, force: bool, private: bool = False) -> None:
    from termcli.safefiles import write_file

    write_file(path, text, force=force, private=private)


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
) -> v.View:
    from termcli import export as ex
    from termcli.model import Glossary
    from termcli.safefiles import write_file, write_files

    _no_json(session, "export")
    if fmt not in ("md", "json", "csv"):
        raise UsageError(f"--format must be md, json or csv, not {fmt!r}")
    to_stdout = out_path is None or str(out_path) == "-"
    if split and (fmt != "md" or to_stdout):
        raise UsageError(
            "--split writes Markdown files into a folder: use it with --format md --out FOLDER"
        )
    ids = [resolve_entry(session, query) for query in queries]
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
    entries = ex.select(g, ids, all_=all_, category=category, tag=tag)
    if not entries:
        return v.WroteView(0, "entry", "")
    notes = session.notes.for_entries(e.id for e in entries) if with_notes else None
    if split:
        assert out_path is not None
        written = write_files(out_path, ex.split_markdown(g, entries, notes), force=force)
        return v.WroteView(len(written), "file", str(out_path))
    if fmt == "md":
        text = ex.to_markdown(g, entries, notes)
    elif fmt == "json":
        text = ex.to_json(g, entries, session.file_synonyms)
    else:
        text = ex.to_csv(entries)
    if to_stdout:
        return v.TextView(text)
    assert out_path is not None
    write_file(out_path, text, force=force)
    return v.WroteView(len(entries), "entry", str(out_path))


def import_table(
    session: Session,
    source: Path,
    out_path: Path,
    force: bool,
    title: str | None,
    encoding: str = "utf-8",
) -> v.WroteView:
    import json

    from termcli.glossary import MAX_BYTES
    from termcli.importer import import_table as build
    from termcli.readfile import read_limited

    try:
        data = read_limited(source, MAX_BYTES)
    except OSError as exc:
        raise UsageError(f"cannot read {source} ({exc.strerror or exc})") from None
    delimiter = "\t" if source.suffix.lower() == ".tsv" else None
    report = build(data, str(source), delimiter=delimiter, title=title, encoding=encoding)
    if not report.used:
        why = f" (line {report.skipped[0][0]}: {report.skipped[0][1]})" if report.skipped else ""
        raise UsageError(f"no row of {source} could be used{why}; nothing was written")
    text = json.dumps(report.glossary, ensure_ascii=False, indent=2) + "\n"
    _write_output(out_path, text, force)
    return v.WroteView(
        report.used,
        "entry",
        str(out_path),
        str(source),
        report.skipped,
        str(out_path),
        report.notices,
    )


def gloss(
    session: Session, text: str, warn: bool = False, card: tuple[str, str] | None = None
) -> v.GlossView:
    """The glossary terms in ``text``; with ``warn``, also the content warnings among them,
    block-listed ones marked (they are found, not hidden, so a script can act on them)."""
    from termcli import blocklist
    from termcli.gloss import Glosser, summarize
    from termcli.glossindex import COMPILED_MAX_ENTRIES

    if sum(layer.size for layer in session.disk_indexes) > COMPILED_MAX_ENTRIES:
        g, spans = _gloss_by_lookup(session, text, warn)
    else:
        g = session.glossary
        hide = (
            {e.id for e in g.entries.values() if session.hide_mature and e.mature}
            if warn
            else session.hidden()
        )
        spans = Glosser.from_glossary(g, hide=hide).spans(text)
    found = [
        v.Spotted(f.id, f.term, f.summary, f.count, g.entries[f.id].mature)
        for f in summarize(g, spans)
    ]
    warnings = []
    if warn:
        for f in found:
            e = g.entries[f.id]
            if e.mature or e.avoid or "content-tag" in e.tags:
                blocked = blocklist.blocks(e, session.block_rules)
                warnings.append(v.ContentWarning(e.id, e.term, f.count, blocked, e.avoid))
    return v.GlossView(text, spans, found, warnings if warn else None, card)


def _gloss_by_lookup(session: Session, text: str, warn: bool) -> tuple[Glossary, list[Span]]:
    """A large glossary's names in ``text``, looked up word run by word run in the
    indexes; with the entries found, as a glossary of their own."""
    from termcli.glossindex import spans as find
    from termcli.model import Glossary

    def hidden(entry_id: str) -> bool:
        if not warn:
            return session.hides_id(entry_id)
        entry = session.entry(entry_id)
        return session.hide_mature and entry is not None and entry.mature

    def names_of(entry_id: str) -> Sequence[tuple[str, str]]:
        entry = session.entry(entry_id)
        return entry.name_kinds() if entry is not None else ()

    found = find(text, session.index, names_of, hidden)
    entries = {i: e for i in dict.fromkeys(s.id for s in found) if (e := session.entry(i))}
    return Glossary(session.bundled_index.title, entries, (), (), ()), found


def gloss_card(session: Session, path: Path, warn: bool) -> v.GlossView:
    """An AI character card (PNG or JSON, V1-V3), glossed over the fields people read."""
    from termcli.cardfile import read_card

    card = read_card(path)
    body = "\n\n".join(f"{f.label}: {f.text}" for f in card.fields)
    return gloss(session, body, warn, (card.name, card.spec))


def hide(session: Session, rules: Sequence[str], remove: bool = False) -> v.BlockListView:
    """``term hide X`` / ``term unhide X``; with no rule, the list as it stands."""
    from termcli import blocklist

    config = paths.config_file()
    saved = [blocklist.normalized(str(r)) for r in session.config.get("hide", [])]
    wanted = [blocklist.normalized(r) for r in rules if r.strip()]
    changed = ""
    if wanted:
        if remove:
            missing = [r for r in wanted if r not in saved]
            if missing:
                raise UsageError(f"{missing[0]!r} is not on your block list; `term hide` lists it")
            saved = [r for r in saved if r not in wanted]
            changed = "unhid"
        else:
            for rule in wanted:
                if not rule.partition(":")[1] and not names_entry(session, rule):
                    raise UsageError(
                        f"no entry is named {rule!r}; hide a tag with tag:T or a category with category:C"
                    )
            saved = list(dict.fromkeys((*saved, *wanted)))
            changed = "hid"
        blocklist.write(config, saved)
    import os

    this_run = [
        *blocklist.from_env(os.environ.get(blocklist.ENV)),
        *(blocklist.normalized(r) for r in session.options.hide),
    ]
    extra = [r for r in dict.fromkeys(this_run) if r not in saved]
    return v.BlockListView(saved, extra, str(config), changed, wanted)
