"""Full-text search: entries whose text holds every word of a query, ranked.

Names weigh most, then summaries and notes, then definitions; rarer words weigh
more (``term search``).
"""

from __future__ import annotations

from collections.abc import Iterable

from termcli.model import Entry
from termcli.normalize import STOPWORDS, query_text
from termcli.record import Record

_FIELD_WEIGHTS = {
    "name": 6.0,
    "summary": 3.0,
    "note": 3.0,
    "tag": 2.0,
    "definition": 2.0,
    "origin": 1.0,
    "context": 1.0,
}


class TextHit(Record):
    """An entry full-text search found; ``snippet`` may mark each hit between \\x02
    and \\x03 (the index's snippets do; this module's own do not)."""

    __slots__ = ("entry", "score", "snippet", "where")

    def __init__(self, entry: Entry, score: float, snippet: str, where: str) -> None:
        self.entry = entry
        self.score = score
        self.snippet = snippet
        self.where = where


def _words(text: str) -> list[str]:
    return query_text(text).split()


def fulltext(
    entries: Iterable[Entry],
    query: str,
    notes: dict[str, list[str]] | None = None,
    limit: int = 20,
    context: dict[str, list[str]] | None = None,
    synonyms: dict[str, tuple[str, ...]] | None = None,
) -> list[TextHit]:
    """Entries whose text contains every query word (as a word or word prefix), ranked.

    Names weigh most, then summaries and notes, then definitions; rarer words weigh more.
    When no entry holds every word, entries holding some of them are ranked instead.
    A word's ``synonyms`` count as the word, as they do for the full-text index.
    """
    import math

    tokens = [t for t in dict.fromkeys(_words(query)) if t not in STOPWORDS] or _words(query)
    if not tokens:
        return []
    alternatives = {
        t: (t, *(w for x in (synonyms or {}).get(t, ()) for w in _words(x))) for t in tokens
    }
    docs = []
    for entry in entries:
        fields = {
            "name": " ".join(entry.names()),
            "summary": entry.summary,
            "definition": entry.definition,
            "origin": " ".join((entry.origin, entry.literal, *entry.examples)),
            "tag": " ".join((*entry.tags, *entry.categories)).replace("-", " "),
            "note": " ".join((notes or {}).get(entry.id, ())),
            "context": " ".join((context or {}).get(entry.id, ())),
        }
        words = {name: _words(text) for name, text in fields.items() if text}
        found: dict[str, tuple[float, str]] = {}
        for token in tokens:
            total, top, where = 0.0, 0.0, ""
            for name, ws in words.items():
                if any(
                    w == a or (len(a) >= 3 and w.startswith(a))
                    for a in alternatives[token]
                    for w in ws
                ):
                    weight = _FIELD_WEIGHTS[name]
                    total += weight
                    if weight > top and name != "context":
                        top, where = weight, name
            if total:
                found[token] = (total, where or "context")
        if found:
            docs.append((entry, found, fields))
    if not docs:
        return []
    df = {t: sum(1 for _, f, _ in docs if t in f) for t in tokens}
    n = len(docs)
    complete = [d for d in docs if len(d[1]) == len(tokens)]
    pool = complete or docs
    hits = []
    for entry, found, fields in pool:
        score = sum(w * (1.0 + math.log((n + 1) / df[t])) for t, (w, _) in found.items())
        where = max(found.values())[1]
        if where == "context":
            where = "definition"
        shown = [a for t in found for a in alternatives[t]]
        hits.append(TextHit(entry, score, _snippet(fields[where], shown), where))
    hits.sort(key=lambda h: (-h.score, h.entry.term.casefold()))
    return hits[:limit]


def _snippet(text: str, tokens: list[str], width: int = 140) -> str:
    import re

    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    for sentence in sentences:
        folded = _words(sentence)
        if any(w.startswith(t) for t in tokens for w in folded):
            return sentence if len(sentence) <= width else sentence[: width - 1].rstrip() + "…"
    return ""
