"""What each command shows, as plain data, and the JSON form of each.

Commands compute one of these views; :mod:`termcli.output` prints it once, as JSON
(from ``to_json``) or as text laid out by :mod:`termcli.layout`. Every JSON shape of
the ``--json`` contract is spelled out here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

from termcli.model import Distinction, Entry, Faq, Glossary, entry_to_dict
from termcli.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol

    from termcli.fulltext import TextHit
    from termcli.search import Match, Outcome

    class NoteLike(Protocol):
        @property
        def id(self) -> int: ...
        @property
        def entry_id(self) -> str: ...
        @property
        def term(self) -> str: ...
        @property
        def text(self) -> str: ...
        @property
        def created(self) -> str: ...
        @property
        def updated(self) -> str: ...


OK, NOT_FOUND, BAD_INPUT = 0, 1, 2


class View(Record):
    """Base of every view: ``code`` is the exit status the view stands for."""

    __slots__ = ()

    @property
    def code(self) -> int:
        return OK

    def to_json(self) -> Any:
        raise NotImplementedError


def note_json(n: NoteLike) -> dict[str, object]:
    return {
        "id": n.id,
        "entry_id": n.entry_id,
        "term": n.term,
        "text": n.text,
        "created": n.created,
        "updated": n.updated,
    }


def match_json(m: Match) -> dict[str, object]:
    return {
        "id": m.id,
        "term": m.term,
        "score": round(m.score, 1),
        "matched": m.matched,
        "kind": m.kind,
    }


def entry_brief(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "term": entry.term,
        "summary": entry.short,
        "rating": entry.rating,
        "categories": list(entry.categories),
        "tags": list(entry.tags),
    }


class RelatedView(Record):
    __slots__ = ("id", "mature", "note", "term", "type")

    def __init__(self, id: str, term: str, type: str, note: str, mature: bool = False) -> None:
        self.id = id
        self.term = term
        self.type = type
        self.note = note
        self.mature = mature


class EntryView(View):
    """An entry's card: the entry and everything shown beside it."""

    __slots__ = ("distinctions", "entry", "faq", "notes", "related", "terms")

    def __init__(
        self,
        entry: Entry,
        related: list[RelatedView],
        distinctions: list[Distinction],
        faq: list[Faq],
        notes: Sequence[NoteLike] = (),
        terms: dict[str, str] | None = None,
    ) -> None:
        self.entry = entry
        self.related = related
        self.distinctions = distinctions
        self.faq = faq
        self.notes = notes
        self.terms = dict() if terms is None else terms

    def to_json(self) -> dict[str, Any]:
        out = entry_to_dict(self.entry)
        out["relations"] = [
            {"id": r.id, "term": r.term, "type": r.type, **({"note": r.note} if r.note else {})}
            for r in self.related
        ]
        out["distinctions"] = [d.id for d in self.distinctions]
        out["faq"] = [q.id for q in self.faq]
        out["notes"] = [note_json(n) for n in self.notes]
        return out


def entry_view(glossary: Glossary, entry: Entry, notes: Sequence[NoteLike] = ()) -> EntryView:
    related = [
        RelatedView(
            r.id, glossary.entries[r.id].term, r.type, r.note, glossary.entries[r.id].mature
        )
        for r in glossary.relations(entry.id)
        if r.id in glossary.entries
    ]
    distinctions = list(glossary.distinctions_for(entry.id))
    terms = {
        i: glossary.entries[i].term
        for d in distinctions
        for i in d.entries
        if i in glossary.entries
    }
    return EntryView(entry, related, distinctions, list(glossary.faq_for(entry.id)), notes, terms)


class Candidate(Record):
    """A possible answer listed instead of a guess, with what identifies it."""

    __slots__ = ("id", "matched", "mature", "summary", "term")

    def __init__(self, id: str, term: str, summary: str, matched: str, mature: bool) -> None:
        self.id = id
        self.term = term
        self.summary = summary
        self.matched = matched
        self.mature = mature


class LookupView(View):
    """A lookup's outcome: the card when found, else candidates or suggestions.
    ``blocking`` says a block list was in force (so a hidden result may be its doing)."""

    __slots__ = ("blocking", "candidates", "entry", "outcome")

    def __init__(
        self,
        outcome: Outcome,
        entry: EntryView | None,
        candidates: Sequence[Candidate] = (),
        blocking: bool = False,
    ) -> None:
        self.outcome = outcome
        self.entry = entry
        self.candidates = candidates
        self.blocking = blocking

    @property
    def code(self) -> int:
        return OK if self.outcome.status in ("found", "described", "ambiguous") else NOT_FOUND

    def to_json(self) -> dict[str, Any]:
        o = self.outcome
        return {
            "query": o.query,
            "status": o.status,
            "entry": self.entry.to_json() if self.entry else None,
            "matches": [match_json(m) for m in o.matches],
            "hidden": o.hidden,
        }


class BatchView(View):
    """``lookup --batch``: a stream of lookups, written as JSON Lines as they come."""

    __slots__ = ("found_any", "lookups")

    def __init__(self, lookups: Any) -> None:
        self.lookups = lookups
        self.found_any = False

    @property
    def code(self) -> int:
        return OK if self.found_any else NOT_FOUND

    def to_json(self) -> Any:
        for view in self.lookups:
            self.found_any = self.found_any or view.entry is not None
            yield view.to_json()


class TreeNode(Record):
    __slots__ = ("children", "id", "mature", "note", "term", "type")

    def __init__(
        self,
        id: str,
        term: str,
        type: str,
        note: str,
        children: tuple[TreeNode, ...],
        mature: bool = False,
    ) -> None:
        self.id = id
        self.term = term
        self.type = type
        self.note = note
        self.children = children
        self.mature = mature

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "term": self.term, "type": self.type}
        if self.note:
            out["note"] = self.note
        out["children"] = [c.to_json() for c in self.children]
        return out


class TreeView(View):
    __slots__ = ("root",)

    def __init__(self, root: TreeNode) -> None:
        self.root = root

    def to_json(self) -> dict[str, Any]:
        return self.root.to_json()


def related_tree(glossary: Glossary, root: Entry, depth: int, hide: set[str]) -> TreeView:
    """Relations breadth-first to ``depth``; each entry appears once, nearest first."""
    seen = {root.id}

    def children(entry_id: str, level: int) -> tuple[TreeNode, ...]:
        if level >= depth:
            return ()
        picked = []
        for rel in glossary.relations(entry_id):
            if rel.id in seen or rel.id in hide or rel.id not in glossary.entries:
                continue
            seen.add(rel.id)
            picked.append(rel)
        return tuple(
            TreeNode(
                r.id,
                glossary.entries[r.id].term,
                r.type,
                r.note,
                children(r.id, level + 1),
                glossary.entries[r.id].mature,
            )
            for r in picked
        )

    return TreeView(TreeNode(root.id, root.term, "", "", children(root.id, 0), root.mature))


class CompareView(View):
    __slots__ = ("distinction", "entries")

    def __init__(self, entries: list[Entry], distinction: Distinction | None) -> None:
        self.entries = entries
        self.distinction = distinction

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entries": [{"id": e.id, "term": e.term, "summary": e.short} for e in self.entries],
            "distinction": None,
        }
        if self.distinction:
            d = self.distinction
            out["distinction"] = {
                "id": d.id,
                "title": d.title,
                "aspects": [
                    {"name": a.name, "values": {e.id: a.values.get(e.id, "") for e in self.entries}}
                    for a in d.aspects
                ],
                "takeaway": d.takeaway,
            }
        return out


def best_distinction(glossary: Glossary, ids: Sequence[str]) -> Distinction | None:
    """The curated table covering all ``ids``, the tightest one when several do."""
    covering = [d for d in glossary.distinctions if set(ids) <= set(d.entries)]
    return min(covering, key=lambda d: len(d.entries)) if covering else None


class FaqListView(View):
    __slots__ = ("questions",)

    def __init__(self, questions: Sequence[Faq]) -> None:
        self.questions = questions

    def to_json(self) -> dict[str, Any]:
        return {
            "questions": [
                {"id": q.id, "question": q.question, "entries": list(q.entries)}
                for q in self.questions
            ]
        }


class FaqView(View):
    """The answer to a question; ``best`` is None when nothing matched."""

    __slots__ = ("best", "hidden", "others", "query", "terms")

    def __init__(
        self,
        query: str,
        best: Faq | None,
        others: Sequence[Faq],
        terms: Sequence[str],
        hidden: bool = False,
    ) -> None:
        self.query = query
        self.best = best
        self.others = others
        self.terms = terms
        self.hidden = hidden  # the best answer is about entries your filters hide

    @property
    def code(self) -> int:
        return OK if self.best else NOT_FOUND

    def to_json(self) -> dict[str, Any]:
        b = self.best
        return {
            "query": self.query,
            "question": None
            if b is None
            else {
                "id": b.id,
                "question": b.question,
                "answer": b.answer,
                "entries": list(b.entries),
            },
            "others": [{"id": q.id, "question": q.question} for q in self.others],
            "hidden": self.hidden,
        }


def marked(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """A snippet's text without its hit marks, and where the marks were."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    start = 0
    pos = 0
    for ch in snippet:
        if ch == "\x02":
            start = pos
        elif ch == "\x03":
            spans.append((start, pos))
        else:
            text.append(ch)
            pos += 1
    return "".join(text), spans


class SearchView(View):
    __slots__ = ("hits", "query")

    def __init__(self, query: str, hits: Sequence[TextHit]) -> None:
        self.query = query
        self.hits = hits

    @property
    def code(self) -> int:
        return OK if self.hits else NOT_FOUND

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "results": [
                {
                    "id": h.entry.id,
                    "term": h.entry.term,
                    "score": round(h.score, 2),
                    "summary": h.entry.short,
                    "snippet": marked(h.snippet)[0],
                    "highlights": [list(span) for span in marked(h.snippet)[1]],
                    "matched_in": h.where,
                }
                for h in self.hits
            ],
        }


class EntryListView(View):
    __slots__ = ("entries",)

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = entries

    @property
    def code(self) -> int:
        return OK if self.entries else NOT_FOUND

    def to_json(self) -> dict[str, Any]:
        return {"entries": [entry_brief(e) for e in self.entries]}


class FacetView(View):
    """The categories or tags in use, each with how many entries carry it (cheat -T)."""

    __slots__ = ("counts", "facet")

    def __init__(self, facet: str, counts: Sequence[tuple[str, int]]) -> None:
        self.facet = facet
        self.counts = counts

    @property
    def code(self) -> int:
        return OK if self.counts else NOT_FOUND

    def to_json(self) -> dict[str, Any]:
        return {self.facet: [{"name": name, "entries": n} for name, n in self.counts]}


class RandomView(View):
    """One entry drawn at random: a card, with lookup's JSON shape."""

    __slots__ = ("entry",)

    def __init__(self, entry: EntryView | None) -> None:
        self.entry = entry

    @property
    def code(self) -> int:
        return OK if self.entry else NOT_FOUND

    def to_json(self) -> dict[str, Any]:
        e = self.entry
        matches = (
            [{"id": e.entry.id, "term": e.entry.term, "score": 100.0, "matched": e.entry.term}]
            if e
            else []
        )
        return {
            "query": "",
            "status": "found" if e else "none",
            "entry": e.to_json() if e else None,
            "matches": [{**m, "kind": "random"} for m in matches],
            "hidden": 0,
        }


class Spotted(Record):
    """An entry found in a glossed text, with how often it appears."""

    __slots__ = ("count", "id", "mature", "summary", "term")

    def __init__(self, id: str, term: str, summary: str, count: int, mature: bool) -> None:
        self.id = id
        self.term = term
        self.summary = summary
        self.count = count
        self.mature = mature


class ContentWarning(Record):
    """A content-warning term found in a text; ``blocked`` when the block list names it."""

    __slots__ = ("avoid", "blocked", "count", "id", "term")

    def __init__(self, id: str, term: str, count: int, blocked: bool, avoid: str) -> None:
        self.id = id
        self.term = term
        self.count = count
        self.blocked = blocked
        self.avoid = avoid


BLOCKED = 3  # gloss --warn: a term on the block list is in the text


class GlossView(View):
    """The terms spotted in a text: ``spans`` index into ``text``; ``found`` in reading
    order; ``warnings`` (with --warn) the content-warning terms among them."""

    __slots__ = ("card", "found", "spans", "text", "warnings")

    def __init__(
        self,
        text: str,
        spans: Sequence[Any],
        found: Sequence[Spotted],
        warnings: Sequence[ContentWarning] | None = None,
        card: tuple[str, str] | None = None,
    ) -> None:
        self.text = text
        self.spans = spans
        self.found = found
        self.warnings = warnings
        self.card = card  # (name, spec) when the text came from a character card

    @property
    def code(self) -> int:
        if self.warnings is not None:
            return BLOCKED if any(w.blocked for w in self.warnings) else OK
        return OK if self.found else NOT_FOUND

    def to_json(self) -> dict[str, Any]:
        out = self._json()
        if self.warnings is not None:
            out["warnings"] = [
                {
                    "id": w.id,
                    "term": w.term,
                    "count": w.count,
                    "blocked": w.blocked,
                    "avoid": w.avoid,
                }
                for w in self.warnings
            ]
        if self.card:
            out["card"] = {"name": self.card[0], "spec": self.card[1]}
        return out

    def _json(self) -> dict[str, Any]:
        return {
            "entries": [
                {"id": f.id, "term": f.term, "summary": f.summary, "count": f.count}
                for f in self.found
            ],
            "spans": [
                {"start": s.start, "end": s.end, "id": s.id, "text": s.text} for s in self.spans
            ],
        }


class NotesView(View):
    __slots__ = ("notes",)

    def __init__(self, notes: Sequence[NoteLike]) -> None:
        self.notes = notes

    @property
    def code(self) -> int:
        return OK if self.notes else NOT_FOUND

    def to_json(self) -> dict[str, Any]:
        return {"notes": [note_json(n) for n in self.notes]}


class NoteChange(View):
    """A note added, updated, removed, left unchanged, or not found (``note`` None)."""

    __slots__ = ("action", "note", "note_id")

    def __init__(self, action: str, note_id: int, note: NoteLike | None) -> None:
        self.action = action
        self.note_id = note_id
        self.note = note

    @property
    def code(self) -> int:
        return NOT_FOUND if self.action == "missing" else OK

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "id": self.note_id,
            "note": note_json(self.note) if self.note else None,
        }


class CheckView(View):
    __slots__ = ("counts", "file", "problems", "strict", "warnings")

    def __init__(
        self,
        file: str,
        problems: Sequence[Any],
        warnings: Sequence[Any],
        counts: dict[str, int],
        strict: bool,
    ) -> None:
        self.file = file
        self.problems = problems
        self.warnings = warnings
        self.counts = counts
        self.strict = strict

    @property
    def ok(self) -> bool:
        return not self.problems and not (self.strict and self.warnings)

    @property
    def code(self) -> int:
        return OK if self.ok else BAD_INPUT

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "ok": self.ok,
            "problems": [
                {"file": p.source, "path": p.path, "message": p.message}
                | ({"line": p.line, "column": p.column} if getattr(p, "line", 0) else {})
                for p in self.problems
            ],
            "warnings": [{"file": self.file, "message": w.message} for w in self.warnings],
            **self.counts,
        }


class PathsView(View):
    __slots__ = ("bundled", "glossaries", "places")

    def __init__(self, places: Sequence[Any], bundled: str, glossaries: Sequence[str]) -> None:
        self.places = places
        self.bundled = bundled
        self.glossaries = glossaries

    def to_json(self) -> dict[str, Any]:
        return {
            "places": [
                {"name": p.name, "path": str(p.path), "why": p.why, "exists": p.path.exists()}
                for p in self.places
            ],
            "glossaries": [self.bundled, *self.glossaries],
        }


class TextView(View):
    """A document for stdout (an export): printed as it is, never as JSON."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def to_json(self) -> Any:
        raise NotImplementedError


class WroteView(View):
    """``count`` things of ``noun`` written to ``path`` (none: exit 1); ``skipped``
    holds (line, reason) pairs of ``source`` left out, ``hint`` what to run next."""

    __slots__ = ("count", "hint", "notices", "noun", "path", "skipped", "source")

    def __init__(
        self,
        count: int,
        noun: str,
        path: str,
        source: str = "",
        skipped: Sequence[tuple[int, str]] = (),
        hint: str = "",
        notices: Sequence[tuple[int, str]] = (),
    ) -> None:
        self.count = count
        self.noun = noun
        self.path = path
        self.source = source
        self.skipped = skipped
        self.hint = hint
        self.notices = notices

    @property
    def code(self) -> int:
        return OK if self.count else NOT_FOUND

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"out": self.path, "written": self.count}
        if self.source:
            out["entries"] = self.count
            out["skipped"] = [{"line": n, "reason": r} for n, r in self.skipped]
        return out


class BlockListView(View):
    """The block list after ``term hide``/``unhide`` (or as it is): the saved rules and
    what this run adds from $TERMCLI_HIDE and --hide."""

    __slots__ = ("changed", "extra", "path", "rules", "saved")

    def __init__(
        self,
        saved: Sequence[str],
        extra: Sequence[str],
        path: str,
        changed: str = "",
        rules: Sequence[str] = (),
    ) -> None:
        self.saved = saved
        self.extra = extra
        self.path = path
        self.changed = changed  # "hid", "unhid" or "" (only listed)
        self.rules = rules

    def to_json(self) -> dict[str, Any]:
        return {"hide": list(self.saved), "this_run": list(self.extra), "config": self.path}


class NoteImportView(View):
    __slots__ = ("added", "skipped")

    def __init__(self, added: int, skipped: int) -> None:
        self.added = added
        self.skipped = skipped

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "skipped": self.skipped}
