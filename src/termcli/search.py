"""Ranking: which entry a query means. Pure functions over a key index.

A query is read several ways (as typed, without its question framing, singular), then
each reading is tried against exact keys (strict, then loose), and only when no key
matches exactly, against every key by edit distance. The scores of all readings meet on
one 0-100 scale, and :func:`decide` turns them into found, ambiguous or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from termcli.model import Entry, Faq
from termcli.normalize import loose_key, peel, query_text, strict_key, variants
from termcli.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

CONFIDENT = 80.0
LONE = 70.0  # a weaker match still wins when nothing else comes within LONE_MARGIN
LONE_MARGIN = 15.0
CLOSE = 62.0
MARGIN = 8.0
SUGGEST = 45.0

# Score of an exact hit, by how the query was read and which key level matched.
_EXACT = {"query": 100.0, "question": 99.0, "plural": 97.0}
_LOOSE_PENALTY = 2.0
_DERIVED_PENALTY = {"query": 0.0, "question": 0.0, "plural": 4.0}


class Hit(Record):
    """An indexed name: the entry it leads to and what kind of name it is."""

    __slots__ = ("id", "kind", "name")

    def __init__(self, id: str, kind: str, name: str) -> None:
        self.id = id
        self.kind = kind
        self.name = name


class Match(Record):
    __slots__ = ("id", "kind", "matched", "score", "term")

    def __init__(self, id: str, term: str, score: float, matched: str, kind: str) -> None:
        self.id = id
        self.term = term
        self.score = score
        self.matched = matched
        self.kind = kind

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "term": self.term,
            "score": round(self.score, 1),
            "matched": self.matched,
            "kind": self.kind,
        }


class Outcome(Record):
    """What a lookup decided: ``status`` is found, ambiguous, hidden or none."""

    __slots__ = ("hidden", "matches", "query", "status")

    def __init__(
        self,
        query: str,
        status: str,
        matches: list[Match] | None = None,
        hidden: int = 0,
    ) -> None:
        self.query = query
        self.status = status
        self.matches = list() if matches is None else matches
        self.hidden = hidden

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


if TYPE_CHECKING:

    class KeyIndex(Protocol):
        """Names of a glossary by normalized key; in memory or compiled on disk."""

        def exact(self, key: str, loose: bool) -> Sequence[Hit]: ...

        def fuzzy(self, key: str, limit: int, cutoff: float) -> Iterable[tuple[float, Hit]]: ...

        def word(self, key: str) -> Sequence[Hit]: ...

        def known_word(self, word: str) -> bool: ...

        def prefixed(self, key: str, limit: int) -> Sequence[tuple[str, Hit]]: ...

        def has(self, entry_id: str) -> bool: ...

        def term(self, entry_id: str) -> str: ...

        def is_mature(self, entry_id: str) -> bool: ...


def similarity(query: str, key: str) -> float:
    """Edit similarity 0-100 where a swap of two letters counts as one edit."""
    from rapidfuzz.distance import OSA

    return 100.0 * OSA.normalized_similarity(query, key)


class MemoryIndex:
    """A :class:`KeyIndex` over entries held in memory (the bundled glossary and small ones).

    Names are kept as plain ``(id, kind, name)`` tuples, which the pickled cache of the
    bundled glossary restores in C; a :class:`Hit` is made only for what a query returns.
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, str, bool, Sequence[tuple[str, str]]]],
        texts: Iterable[str] = (),
    ) -> None:
        self._strict: dict[str, list[tuple[str, str, str]]] = {}
        self._loose: dict[str, list[tuple[str, str, str]]] = {}
        self._terms: dict[str, str] = {}
        self._mature: set[str] = set()
        for entry_id, term, mature, names in entries:
            self._terms[entry_id] = term
            if mature:
                self._mature.add(entry_id)
            for kind, name in names:
                for table, key in (
                    (self._strict, strict_key(name)),
                    (self._loose, loose_key(name)),
                ):
                    if key and not any(h[0] == entry_id for h in table.get(key, ())):
                        table.setdefault(key, []).append((entry_id, kind, name))
        self._words: dict[str, list[tuple[str, str, str]]] = {}
        for hits in self._strict.values():
            for hit in hits:
                for run in word_runs(hit[2]):
                    bucket = self._words.setdefault(run, [])
                    if not any(h[0] == hit[0] for h in bucket):
                        bucket.append(hit)
        self._loose_keys = list(self._loose)
        self._sorted_strict = sorted(self._strict)
        vocab = {run for run in self._words if run.isalnum()}
        vocab.update(self._strict)
        for text in texts:
            vocab.update(strict_key(w) for w in query_text(text).split())
        self._vocab = frozenset(vocab)

    @classmethod
    def from_glossary(cls, glossary: object) -> MemoryIndex:
        from termcli.model import Glossary

        assert isinstance(glossary, Glossary)
        entries = list(glossary.entries.values())
        return cls(
            ((e.id, e.term, e.mature, name_kinds(e)) for e in entries),
            (text for e in entries for text in (e.summary, e.definition)),
        )

    def exact(self, key: str, loose: bool) -> Sequence[Hit]:
        return [Hit(*h) for h in (self._loose if loose else self._strict).get(key, ())]

    def fuzzy(self, key: str, limit: int, cutoff: float) -> Iterator[tuple[float, Hit]]:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        found = process.extract(
            key,
            self._loose_keys,
            scorer=OSA.normalized_similarity,
            limit=limit,
            score_cutoff=cutoff / 100.0,
        )
        for choice, score, _ in found:
            for hit in self._loose[choice]:
                yield 100.0 * score, Hit(*hit)

    def word(self, key: str) -> Sequence[Hit]:
        return [Hit(*h) for h in self._words.get(key, ())]

    def known_word(self, word: str) -> bool:
        return word in self._vocab

    def prefixed(self, key: str, limit: int) -> list[tuple[str, Hit]]:
        from bisect import bisect_left

        out: list[tuple[str, Hit]] = []
        i = bisect_left(self._sorted_strict, key)
        while i < len(self._sorted_strict) and len(out) < limit:
            name_key = self._sorted_strict[i]
            if not name_key.startswith(key):
                break
            out += [(name_key, Hit(*hit)) for hit in self._strict[name_key]]
            i += 1
        return out

    def has(self, entry_id: str) -> bool:
        return entry_id in self._terms

    def term(self, entry_id: str) -> str:
        return self._terms[entry_id]

    def is_mature(self, entry_id: str) -> bool:
        return entry_id in self._mature


class LayeredIndex:
    """Several indexes searched as one: the bundled glossary and each user glossary.

    An id present in several layers is one entry (the layering rule merges it); its
    term comes from the topmost layer, and it is mature when any layer says so.
    """

    def __init__(self, layers: Sequence[KeyIndex]) -> None:
        self.layers = list(layers)

    @staticmethod
    def _unique(hits: Iterable[Hit]) -> list[Hit]:
        seen: set[str] = set()
        out = []
        for hit in hits:
            if hit.id not in seen:
                seen.add(hit.id)
                out.append(hit)
        return out

    def exact(self, key: str, loose: bool) -> Sequence[Hit]:
        return self._unique(h for layer in self.layers for h in layer.exact(key, loose))

    def word(self, key: str) -> Sequence[Hit]:
        return self._unique(h for layer in self.layers for h in layer.word(key))

    def known_word(self, word: str) -> bool:
        return any(layer.known_word(word) for layer in self.layers)

    def prefixed(self, key: str, limit: int) -> Sequence[tuple[str, Hit]]:
        return [p for layer in self.layers for p in layer.prefixed(key, limit)]

    def fuzzy(self, key: str, limit: int, cutoff: float) -> Iterator[tuple[float, Hit]]:
        for layer in self.layers:
            yield from layer.fuzzy(key, limit, cutoff)

    def has(self, entry_id: str) -> bool:
        return any(layer.has(entry_id) for layer in self.layers)

    def term(self, entry_id: str) -> str:
        for layer in reversed(self.layers):
            if layer.has(entry_id):
                return layer.term(entry_id)
        raise KeyError(entry_id)

    def is_mature(self, entry_id: str) -> bool:
        return any(layer.has(entry_id) and layer.is_mature(entry_id) for layer in self.layers)


def name_kinds(entry: Entry) -> list[tuple[str, str]]:
    """The keys an index holds for an entry: its names (:meth:`Entry.name_kinds`), with
    its id right after the term, in the order a tie is broken."""
    first, *rest = entry.name_kinds()
    return [first, ("id", entry.id), *rest]


_RUN_STOPWORDS = frozenset(
    ["a", "an", "and", "of", "the", "to", "in", "on", "for", "with", "my", "your", "ai"]
)


def word_runs(name: str) -> list[str]:
    """Strict keys of the word runs inside a multi-word Latin name ("memory" in
    "companion memory"), so a query naming part of a name still finds it."""
    from termcli.normalize import query_text

    words = query_text(name).split()
    if len(words) < 2 or not all(w.isascii() for w in words):
        return []
    runs = []
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            if j - i == len(words):
                continue
            run = words[i:j]
            if all(w in _RUN_STOPWORDS for w in run) or len("".join(run)) < 3:
                continue
            runs.append(strict_key(" ".join(run)))
    return runs


WORD_SCORE = CLOSE + 5.0  # a word of a longer name ("life") is a lead, never an answer
PREFIX_BASE = 70.0
PREFIX_MIN = 4


def rank(index: KeyIndex, query: str, limit: int = 10) -> list[Match]:
    """Every plausible entry for ``query``, best first, one match per entry."""
    best: dict[str, Match] = {}

    def offer(score: float, hit: Hit) -> None:
        current = best.get(hit.id)
        if current is None or score > current.score:
            best[hit.id] = Match(hit.id, index.term(hit.id), score, hit.name, hit.kind)

    readings = variants(query)
    for reading, how in readings:
        hits = index.exact(strict_key(reading), False)
        penalty = 0.0
        if not hits:
            hits, penalty = index.exact(loose_key(reading), True), _LOOSE_PENALTY
        for hit in hits:
            offer(_EXACT[how] - penalty, hit)
        if hits:
            break  # the most literal reading that names something is what was meant
    if not best:
        for score, hit in _spans(index, peel(query_text(query))[-1]):
            offer(score, hit)
        for reading, how in readings:
            strict = strict_key(reading)
            for hit in index.word(strict):
                offer(WORD_SCORE - _DERIVED_PENALTY[how], hit)
            if len(strict) >= PREFIX_MIN:
                for name_key, hit in index.prefixed(strict, limit * 3):
                    coverage = len(strict) / len(name_key)
                    if coverage >= 0.6:
                        offer(PREFIX_BASE + 30.0 * coverage - _DERIVED_PENALTY[how], hit)
            key = loose_key(reading)
            if not key:
                continue
            for score, hit in index.fuzzy(key, limit * 3, SUGGEST):
                offer(_fuzzy_score(score, strict_key(reading)) - _DERIVED_PENALTY[how], hit)
    ordered = sorted(best.values(), key=lambda m: (-m.score, m.term.casefold()))
    return ordered[:limit]


SPAN_BASE = 90.0


def _spans(index: KeyIndex, text: str) -> Iterator[tuple[float, Hit]]:
    """Names that a run of the query's words spells exactly ("token limit" → token).

    A run inside a longer matching run is dropped (the longest name wins). Each other
    word costs a little when the glossary uses it anywhere (likely context, "tag",
    "prompt") and more when it does not ("recs", "ao3"); and the name together with
    the glossary's own words must make up at least half of the query, so a street
    address is not about "canon".
    """
    words = text.split()
    found: list[tuple[int, int, Sequence[Hit]]] = []
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            if j - i == len(words):
                continue
            run = " ".join(words[i:j])
            hits = index.exact(strict_key(run), False) or index.exact(loose_key(run), True)
            if hits:
                found.append((i, j, hits))
    for i, j, hits in found:
        if any(a <= i and j <= b and (a, b) != (i, j) for a, b, _ in found):
            continue
        extra = [w for w in (*words[:i], *words[j:]) if w not in _STOPWORDS]
        known = [w for w in extra if index.known_word(strict_key(w))]
        foreign = len(extra) - len(known)
        covered = len("".join(words[i:j])) + len("".join(known))
        if covered * 2 < covered + sum(len(w) for w in extra if w not in known):
            continue
        score = SPAN_BASE - 4.0 * len(known) - 12.0 * foreign
        for hit in hits:
            yield score, hit


def _fuzzy_score(score: float, key: str) -> float:
    """Short keys have too little room for a typo to be told from another word."""
    if len(key) <= 3:
        return min(score, CLOSE + 5.0)
    if len(key) <= 5:
        return score - 4.0
    return score


def decide(query: str, matches: list[Match], hide: set[str] | None = None) -> Outcome:
    """Turn ranked matches into one answer, honouring the mature filter ``hide``."""
    hidden = [m for m in matches if hide and m.id in hide]
    shown = [m for m in matches if not (hide and m.id in hide)]
    top = matches[0] if matches else None
    if top is None or top.score < CLOSE:
        suggestions = [m for m in shown if m.score >= SUGGEST][:5]
        if top is not None and hide and top.id in hide and top.score >= CLOSE:
            return Outcome(query, "hidden", [], len(hidden))
        return Outcome(query, "none", suggestions, len(hidden))
    if hide and top.id in hide:
        return Outcome(query, "hidden", [], len(hidden))
    rivals = [m for m in shown[1:] if m.score >= CLOSE and top.score - m.score < MARGIN]
    near = [m for m in shown[1:] if top.score - m.score < LONE_MARGIN]
    if (top.score >= CONFIDENT and not rivals) or (top.score >= LONE and not near):
        return Outcome(query, "found", shown, len(hidden))
    candidates = [m for m in shown if m.score >= CLOSE and top.score - m.score < 2 * MARGIN]
    return Outcome(query, "ambiguous", candidates[:8], len(hidden))


def lookup(index: KeyIndex, query: str, hide_mature: bool = False, limit: int = 10) -> Outcome:
    matches = rank(index, query, limit)
    hide = {m.id for m in matches if index.is_mature(m.id)} if hide_mature else None
    return decide(query, matches, hide)


_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "you",
        "your",
    ]
)
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
    __slots__ = ("entry", "score", "snippet", "where")

    def __init__(self, entry: Entry, score: float, snippet: str, where: str) -> None:
        self.entry = entry
        self.score = score
        self.snippet = snippet
        self.where = where

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.entry.id,
            "term": self.entry.term,
            "score": round(self.score, 2),
            "summary": self.entry.short,
            "snippet": self.snippet,
            "matched_in": self.where,
        }


def _words(text: str) -> list[str]:
    from termcli.normalize import query_text

    return query_text(text).split()


def fulltext(
    entries: Iterable[Entry],
    query: str,
    notes: dict[str, list[str]] | None = None,
    limit: int = 20,
    context: dict[str, list[str]] | None = None,
) -> list[TextHit]:
    """Entries whose text contains every query word (as a word or word prefix), ranked.

    Names weigh most, then summaries and notes, then definitions; rarer words weigh more.
    When no entry holds every word, entries holding some of them are ranked instead.
    """
    import math

    tokens = [t for t in dict.fromkeys(_words(query)) if t not in _STOPWORDS] or _words(query)
    if not tokens:
        return []
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
                if any(w == token or (len(token) >= 3 and w.startswith(token)) for w in ws):
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
        hits.append(TextHit(entry, score, _snippet(fields[where], list(found)), where))
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


def rank_questions(
    questions: Sequence[Faq], query: str, about: set[str]
) -> list[tuple[float, Faq]]:
    """FAQ questions by likeness to ``query``; questions about ``about`` entries rank higher."""
    from rapidfuzz import fuzz

    from termcli.normalize import query_text

    q = query_text(query)
    scored = []
    for item in questions:
        text = query_text(item.question)
        score = max(fuzz.token_set_ratio(q, text), fuzz.ratio(q, text))
        if about & set(item.entries):
            score = min(100.0, score + 25.0)
        scored.append((float(score), item))
    scored.sort(key=lambda s: -s[0])
    return scored
