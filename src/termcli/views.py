"""What each command shows, as plain data: built once, then handed to a renderer.

The Rich renderer, the plain-text formatter and ``--json`` all read these views, so
the three outputs cannot drift apart in what they say, only in how they say it.
"""

from __future__ import annotations

from collections.abc import Sequence

from termcli.model import Distinction, Entry, Faq, Glossary, entry_to_dict
from termcli.record import Record
from termcli.search import Outcome

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol


if TYPE_CHECKING:

    class NoteLike(Protocol):
        @property
        def id(self) -> int: ...
        @property
        def text(self) -> str: ...
        @property
        def created(self) -> str: ...
        def to_json(self) -> dict[str, object]: ...


class RelatedView(Record):
    __slots__ = ("id", "note", "term", "type")

    def __init__(self, id: str, term: str, type: str, note: str) -> None:
        self.id = id
        self.term = term
        self.type = type
        self.note = note


class EntryView(Record):
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
        out["notes"] = [n.to_json() for n in self.notes]
        return out


def entry_view(glossary: Glossary, entry: Entry, notes: Sequence[NoteLike] = ()) -> EntryView:
    related = [
        RelatedView(r.id, glossary.entries[r.id].term, r.type, r.note)
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


class LookupView(Record):
    __slots__ = ("entry", "outcome")

    def __init__(self, outcome: Outcome, entry: EntryView | None) -> None:
        self.outcome = outcome
        self.entry = entry

    def to_json(self) -> dict[str, Any]:
        o = self.outcome
        return {
            "query": o.query,
            "status": o.status,
            "entry": self.entry.to_json() if self.entry else None,
            "matches": [m.to_json() for m in o.matches],
            "hidden": o.hidden,
        }


class TreeNode(Record):
    __slots__ = ("children", "id", "note", "term", "type")

    def __init__(
        self, id: str, term: str, type: str, note: str, children: tuple[TreeNode, ...]
    ) -> None:
        self.id = id
        self.term = term
        self.type = type
        self.note = note
        self.children = children

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "term": self.term, "type": self.type}
        if self.note:
            out["note"] = self.note
        out["children"] = [c.to_json() for c in self.children]
        return out


def related_tree(glossary: Glossary, root: Entry, depth: int, hide: set[str]) -> TreeNode:
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
            TreeNode(r.id, glossary.entries[r.id].term, r.type, r.note, children(r.id, level + 1))
            for r in picked
        )

    return TreeNode(root.id, root.term, "", "", children(root.id, 0))


class CompareView(Record):
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


def entry_brief(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "term": entry.term,
        "summary": entry.short,
        "rating": entry.rating,
        "categories": list(entry.categories),
        "tags": list(entry.tags),
    }
