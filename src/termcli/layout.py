"""One layout per kind of view: what is said, in which order, with which roles.

Plain text and Rich both render these blocks, so the two can differ only in
decoration, never in content or order. Every sentence a command prints to a person
is written here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from termcli import views as v
from termcli.blocks import (
    Block,
    Frame,
    Gap,
    Heading,
    Line,
    Marked,
    Prose,
    Span,
    Table,
    Tree,
    TreeItem,
)
from termcli.model import Entry

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def count(n: int, one: str, many: str = "") -> str:
    """``1 entry``, ``2 entries``: counts that read as English."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def badge(mature: bool) -> list[Span]:
    return [(" ", ""), ("mature", "badge")] if mature else []


def heading(entry: Entry) -> list[Span]:
    spans: list[Span] = [(entry.term, "term")]
    if entry.abbreviations:
        spans.append((f" ({', '.join(entry.abbreviations)})", "name"))
    if entry.sense:
        spans.append((f" ({entry.sense})", "dim"))
    if entry.native is not None:
        spans += [(" · ", "dim"), (entry.native.text, "strong")]
        if entry.native.reading:
            spans.append((f" ({entry.native.reading})", "dim"))
    if entry.mature:
        spans += [(" · ", "dim"), ("mature", "badge")]
    return spans


def _section(title: str) -> list[Block]:
    return [Gap(), Heading([(title, "label")])]


def card(view: v.EntryView) -> list[Block]:
    e = view.entry
    body: list[Block] = []
    if e.literal:
        body.append(Line([("literally: ", "dim"), (e.literal, "em")]))
    if e.summary:
        body.append(Line([(e.summary, "strong")]))
    if e.usage is not None:
        spans: list[Span] = []
        for label in e.usage.labels:
            spans += [(label, "badge"), (" ", "")]
        if e.usage.note:
            spans.append((e.usage.note, "em"))
        body.append(Line(spans))
    body += [Gap(), Heading([("Definition", "label")]), Prose(e.definition, 1)]
    if e.avoid:
        body += [*_section("If you avoid it"), Prose(e.avoid, 1)]
    if e.origin:
        body += [*_section("Origin"), Prose(e.origin, 1)]
    if e.examples:
        body += _section("Examples")
        body += [Line([(x, "em")], 1, bullet=True) for x in e.examples]
    if e.aliases:
        body += [Gap(), Line([("Also called: ", "label"), (", ".join(e.aliases), "")])]
    facets = []
    if e.categories:
        facets.append("categories: " + ", ".join(e.categories))
    if e.tags:
        facets.append("tags: " + ", ".join(e.tags))
    if facets:
        body.append(Line([("; ".join(facets).capitalize(), "dim")]))
    for d in view.distinctions:
        others = [view.terms.get(i, i) for i in d.entries if i != e.id]
        body += [
            Gap(),
            Heading(
                [
                    ("Distinction: ", "label"),
                    (d.title, "strong"),
                    (f" (vs {', '.join(others)})", "dim"),
                ]
            ),
        ]
        body += [
            Line([(a.name + ": ", "strong"), (a.values[e.id], "")], 1)
            for a in d.aspects
            if a.values.get(e.id)
        ]
        if d.takeaway:
            body.append(Line([("Takeaway: ", "good"), (d.takeaway, "")], 1))
        body.append(Line([("Compare: term compare " + " ".join(d.entries), "dim")], 1))
    if view.faq:
        body += _section("Questions")
        for q in view.faq:
            body.append(Line([("Q: ", "key"), (q.question, "strong")], 1))
            body.append(Line([("A: ", "key"), (q.answer, "")], 1))
    if view.related:
        body += _section("Related")
        for r in view.related:
            note = f": {r.note}" if r.note else ""
            body.append(
                Line(
                    [
                        (r.term, "name"),
                        (f" [{r.id}]", "id"),
                        *badge(r.mature),
                        (f" ({r.type}{note})", "dim"),
                    ],
                    1,
                )
            )
    if e.sources:
        body += _section("Sources")
        for s in e.sources:
            spans = [(s.title, "")]
            if s.url:
                spans.append((f" <{s.url}>", f"link:{s.url}"))
            body.append(Line(spans, 1))
    if view.notes:
        body += _section("Your notes")
        for n in view.notes:
            body.append(Line([(f"#{n.id} {n.created[:10]}  ", "dim"), (n.text, "")], 1))
    return [Frame(heading(e), body)]


def _hidden(count_hidden: int, blocking: bool = False) -> Line:
    what = "your filters" if blocking else "the mature filter"
    undo = "--show-mature or `term unhide`" if blocking else "--show-mature"
    if count_hidden == 1:
        text = f"One result was hidden by {what} (use {undo} to see it)."
    else:
        text = f"{count_hidden} results were hidden by {what} (use {undo} to see them)."
    return Line([(text, "")], err=True)


def lookup(view: v.LookupView) -> list[Block]:
    o = view.outcome
    if view.entry is not None and o.status == "described":
        e = view.entry.entry
        head = Line(
            [
                ("No term is named that. By meaning: ", "dim"),
                (e.term, "term"),
                (" — " + e.short, ""),
            ]
        )
        shown: list[Block] = [head, *card(view.entry)]
        others = [m for m in o.matches if m.id != e.id]
        if others:
            close = ", ".join(f"{m.term} [{m.id}]" for m in others)
            shown.append(Line([("Also close: ", "dim"), (close, "")]))
        return shown
    if view.entry is not None:
        if not view.candidates:
            return card(view.entry)
        also = ", ".join(f"{c.term} [{c.id}]: {c.summary}" for c in view.candidates)
        return [Line([(f"{o.query!r} also names ", "dim"), (also, "")]), *card(view.entry)]
    if o.status == "ambiguous":
        return candidates(o.query, view.candidates)
    if o.status == "hidden":
        return [_hidden(max(o.hidden, 1), view.blocking)]
    out: list[Block] = [Line([(f"no entry for {o.query!r}", "")], err=True)]
    if o.matches:
        names = ", ".join(m.term for m in o.matches)
        out.append(Line([(f"Did you mean: {names}?", "")], err=True))
    if o.hidden:
        out.append(_hidden(o.hidden, view.blocking))
    return out


def candidates(query: str, found: Sequence[v.Candidate], err: bool = False) -> list[Block]:
    """Entries a query could mean; one alone is offered as a question."""
    if len(found) == 1:
        c = found[0]
        return [
            Line([("Did you mean ", ""), (c.term, "term"), *badge(c.mature), ("?", "")], err=err),
            Line([(c.summary, "")], 1, err=err),
        ]
    rows = [
        [[(c.term, "term"), *badge(c.mature)], [(f"[{c.id}]", "id")], [(c.summary, "")]]
        for c in found
    ]
    hint = "Run `term lookup` with one of these names to see it."
    if err:
        lines: list[Block] = [Line([(f"Several entries could match {query!r}:", "")], err=True)]
        lines += [Line([(f"{c.term} [{c.id}]", "")], 1, err=True) for c in found]
        return [*lines, Line([(hint, "")], err=True)]
    return [
        Line([("Several entries could match ", ""), (repr(query), "strong"), (":", "")]),
        Table(rows),
        Line([(hint, "dim")]),
    ]


def unresolved(view: v.LookupView) -> list[Block]:
    """A command's term argument that did not lead to one entry: said on stderr."""
    if view.outcome.status == "ambiguous":
        return candidates(view.outcome.query, view.candidates, err=True)
    return lookup(view)


def _tree_item(node: v.TreeNode, root: bool = False) -> TreeItem:
    if root:
        spans: list[Span] = [(node.term, "term"), (f" [{node.id}]", "id"), *badge(node.mature)]
    else:
        note = f": {node.note}" if node.note else ""
        spans = [
            (node.term, "name"),
            (f" [{node.id}]", "id"),
            *badge(node.mature),
            (f" ({node.type}{note})", "dim"),
        ]
    return TreeItem(spans, [_tree_item(c) for c in node.children])


def tree(view: v.TreeView) -> list[Block]:
    return [Tree(_tree_item(view.root, root=True))]


def compare(view: v.CompareView) -> list[Block]:
    d = view.distinction
    if d is None:
        out: list[Block] = [
            Line([("No curated distinction covers these terms; their summaries:", "")])
        ]
        for e in view.entries:
            out += [Gap(), Line(heading(e)), Line([(e.short, "")], 1)]
        return out
    header = [[("", "")], *([(e.term, "term")] for e in view.entries)]
    rows = [
        [[(a.name, "strong")], *([(a.values.get(e.id, "-"), "")] for e in view.entries)]
        for a in d.aspects
    ]
    out = [Line([(d.title, "strong")]), Table(rows, header, stack=True)]
    if d.takeaway:
        out += [Gap(), Line([("Takeaway: ", "good"), (d.takeaway, "")])]
    return out


def faq(view: v.FaqView) -> list[Block]:
    q = view.best
    if q is None and view.hidden:
        text = "The answer is about an entry your filters hide (--show-mature or `term unhide` shows it)."
        return [Line([(text, "")], err=True)]
    if q is None:
        return [
            Line([(f"no question matches {view.query!r}; `term faq` lists them all", "")], err=True)
        ]
    out: list[Block] = [Line([("Q: ", "key"), (q.question, "strong")]), Gap(), Prose(q.answer)]
    if view.terms:
        out += [Gap(), Line([("About: " + ", ".join(view.terms), "dim")])]
    if view.others:
        out.append(Line([("Related questions:", "")], err=True))
        out += [Line([(o.question, "")], 1, bullet=True, err=True) for o in view.others]
    return out


def faq_list(view: v.FaqListView) -> list[Block]:
    return [
        Line([(q.question, "strong"), (f" [{q.id}]", "id")], bullet=True) for q in view.questions
    ]


def search(view: v.SearchView) -> list[Block]:
    if not view.hits:
        return [Line([(f"nothing mentions {view.query!r}", "")], err=True)]
    out: list[Block] = []
    for h in view.hits:
        e = h.entry
        out.append(
            Line([(e.term, "term"), (f" [{e.id}]", "id"), *badge(e.mature), (" - " + e.short, "")])
        )
        if h.snippet:
            out.append(Line([(f"{h.where}: ", "dim"), *_highlighted(h.snippet)], 1))
    return out


def _highlighted(snippet: str) -> list[Span]:
    text, spans = v.marked(snippet)
    out: list[Span] = []
    pos = 0
    for start, end in spans:
        out += [(text[pos:start], "em"), (text[start:end], "hit")]
        pos = end
    return [*out, (text[pos:], "em")]


def entry_list(view: v.EntryListView) -> list[Block]:
    if not view.entries:
        return [Line([("no entries match those filters", "")], err=True)]
    rows = [
        [[(e.id, "id")], [(e.term, "term"), *badge(e.mature)], [(e.short, "")]]
        for e in view.entries
    ]
    return [Table(rows)]


def facets(view: v.FacetView) -> list[Block]:
    if not view.counts:
        return [Line([(f"no {view.facet} in the glossary", "")], err=True)]
    rows = [[[(name, "term")], [(count(n, "entry", "entries"), "dim")]] for name, n in view.counts]
    return [Table(rows)]


def random(view: v.RandomView) -> list[Block]:
    if view.entry is None:
        return [Line([("no entries to choose from", "")], err=True)]
    return card(view.entry)


def gloss(view: v.GlossView) -> list[Block]:
    out: list[Block] = []
    if view.card:
        name, spec = view.card
        out += [
            Line([("Character card: ", "label"), (name, "strong"), (f" ({spec})", "dim")]),
            Gap(),
        ]
    if view.warnings:
        out.append(Heading([("Content warnings", "label")]))
        for w in view.warnings:
            mark: list[Span] = [(" ", ""), ("blocked", "badge")] if w.blocked else []
            out.append(Line([(w.term, "term"), (f" [{w.id}] ×{w.count}", "dim"), *mark], 1))
            if w.avoid:
                out.append(Line([(w.avoid, "dim")], 2))
        out.append(Gap())
    elif view.warnings is not None:
        out += [Line([("No content-warning terms found.", "good")]), Gap()]
    if not view.found:
        return [*out, Line([("no glossary terms found in that text", "")], err=True)]
    rows = [
        [[(f.term, "term"), *badge(f.mature)], [(f"×{f.count}", "dim")], [(f.summary, "")]]
        for f in view.found
    ]
    marks = [(s.start, s.end) for s in view.spans]
    return [*out, Marked(view.text.rstrip("\n"), marks), Gap(), Table(rows)]


def notes(view: v.NotesView) -> list[Block]:
    if not view.notes:
        return [Line([("no notes yet; add one with: term note add TERM TEXT...", "")], err=True)]
    rows = [
        [[(f"#{n.id}", "dim")], [(n.created[:10], "dim")], [(n.term, "term")], [(n.text, "")]]
        for n in view.notes
    ]
    return [Table(rows)]


def note_change(view: v.NoteChange) -> list[Block]:
    n = view.note
    if view.action == "missing" or n is None:
        return [Line([(f"no note #{view.note_id}; `term note list` shows them", "")], err=True)]
    if view.action == "unchanged":
        return [Line([(f"note #{n.id} is unchanged", "")], err=True)]
    said = {
        "added": f"Added note #{n.id} to ",
        "updated": f"Updated note #{n.id} on ",
        "removed": f"Removed note #{n.id} from ",
    }
    return [Line([(said[view.action], ""), (n.term, "term"), (".", "")])]


def check(view: v.CheckView) -> list[Block]:
    from termcli.sanitize import clean_line

    def place(p: Any) -> str:
        return f"{p.source}:{p.line}:{p.column}" if getattr(p, "line", 0) else p.source

    out: list[Block] = [
        Line([(clean_line(f"{place(p)}: {p.path}: {p.message}"), "")]) for p in view.problems
    ]
    out += [
        Line([(clean_line(f"{view.file}: warning: {w.message}"), "warn")]) for w in view.warnings
    ]
    if view.problems:
        return [
            *out,
            Line(
                [(clean_line(f"{view.file} has {count(len(view.problems), 'problem')}"), "")],
                err=True,
            ),
        ]
    c = view.counts
    counts = (
        f"{count(c['entries'], 'entry', 'entries')}, {count(c['distinctions'], 'distinction')},"
        f" {count(c['faq'], 'FAQ answer')}"
    )
    if view.warnings and view.strict:
        verdict = (
            f"{view.file}: not OK under --strict: {count(len(view.warnings), 'warning')}; {counts}"
        )
        return [*out, Line([(clean_line(verdict), "")], err=True)]
    return [*out, Line([(clean_line(f"{view.file}: OK, {counts}"), "good")])]


def paths(view: v.PathsView) -> list[Block]:
    rows = [
        [[(p.name, "strong")], [(str(p.path), "name")], [(f"({p.why})", "dim")]]
        for p in view.places
    ]
    rows.append(
        [
            [("bundled", "strong")],
            [(view.bundled, "name")],
            [("(the glossary that ships with term)", "dim")],
        ]
    )
    rows += [
        [
            [("glossary", "strong")],
            [(g, "name")],
            [("(layered over the bundled glossary, in this order)", "dim")],
        ]
        for g in view.glossaries
    ]
    return [Table(rows)]


def wrote(view: v.WroteView) -> list[Block]:
    if not view.count:
        return [Line([(f"no {view.noun} matches; nothing was written", "")], err=True)]
    out: list[Block] = [
        Line([(f"{view.source}:{n}: note: {r}", "")], err=True) for n, r in view.notices
    ]
    out += [Line([(f"{view.source}:{n}: skipped: {r}", "")], err=True) for n, r in view.skipped]
    nouns = {"entry": "entries", "file": "files", "note": "notes"}
    said = f"Wrote {count(view.count, view.noun, nouns.get(view.noun, ''))} to {view.path}"
    if view.skipped:
        said += f"; {count(len(view.skipped), 'row')} skipped"
    out.append(Line([(said + ".", "")], err=True))
    if view.hint:
        out.append(Line([(f"Use it with: term --glossary {view.hint} lookup TERM", "")], err=True))
    return out


def block_list(view: v.BlockListView) -> list[Block]:
    out: list[Block] = []
    rules = ", ".join(view.rules)
    if view.changed == "hid":
        out.append(Line([(f"Hid {rules}; saved in {view.path}.", "")], err=True))
    elif view.changed == "unhid":
        out.append(Line([(f"Unhid {rules}.", "")], err=True))
    if not view.saved and not view.extra:
        return [
            *out,
            Line([("Nothing is hidden. Add with: term hide NTR (or tag:T, category:C)", "")]),
        ]
    out += [Line([(rule, "")], bullet=True) for rule in view.saved]
    out += [Line([(rule, ""), ("  (this run only)", "dim")], bullet=True) for rule in view.extra]
    return out


def note_import(view: v.NoteImportView) -> list[Block]:
    return [
        Line([(f"Imported {count(view.added, 'note')}; {view.skipped:,} already present.", "")])
    ]


LAYOUTS: dict[type[Any], Callable[[Any], list[Block]]] = {
    v.EntryView: card,
    v.LookupView: lookup,
    v.TreeView: tree,
    v.CompareView: compare,
    v.FaqView: faq,
    v.FaqListView: faq_list,
    v.SearchView: search,
    v.EntryListView: entry_list,
    v.FacetView: facets,
    v.RandomView: random,
    v.GlossView: gloss,
    v.NotesView: notes,
    v.NoteChange: note_change,
    v.CheckView: check,
    v.PathsView: paths,
    v.WroteView: wrote,
    v.NoteImportView: note_import,
    v.BlockListView: block_list,
}


def blocks(view: v.View) -> list[Block]:
    return LAYOUTS[type(view)](view)
