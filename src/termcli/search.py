"""Lookup ranking: which entry a query means. Pure functions over a key index.

A query is read several ways (as typed, without its question framing, singular), then
each reading is tried against exact keys (strict, then loose), and only when no key
matches exactly, against every key by edit distance. The scores of all readings meet on
one 0-100 scale (every score and threshold is in :mod:`termcli.scores`), and
:func:`decide` turns them into found, ambiguous or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from termcli.normalize import STOPWORDS, loose_key, peel, query_text, strict_key, variants
from termcli.record import Record
from termcli.scores import (
    CANDIDATE_WINDOW,
    CANDIDATES_SHOWN,
    CLOSE,
    CONFIDENT,
    DERIVED_PENALTY,
    EXACT,
    LONE,
    LONE_MARGIN,
    LOOSE_PENALTY,
    MARGIN,
    MEDIUM_KEY,
    MEDIUM_TYPO_PENALTY,
    PREFIX_BASE,
    PREFIX_MIN,
    PREFIX_MIN_COVERAGE,
    PREFIX_SPAN,
    SHORT_KEY,
    SHORT_TYPO_CAP,
    SPAN_BASE,
    SPAN_FOREIGN_WORD,
    SPAN_KNOWN_WORD,
    SUGGEST,
    SUGGESTIONS_SHOWN,
    WORD_SCORE,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from termcli.keyindex import Hit, KeyIndex


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


def rank(index: KeyIndex, query: str, limit: int = 10, exact: bool = False) -> list[Match]:
    """Every plausible entry for ``query``, best first, one match per entry; with
    ``exact``, names only (no span, word, prefix or typo stage)."""
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
            hits, penalty = index.exact(loose_key(reading), True), LOOSE_PENALTY
        for hit in hits:
            offer(EXACT[how] - penalty, hit)
        if hits:
            break  # the most literal reading that names something is what was meant
    if not best and not exact:
        for score, hit in _spans(index, peel(query_text(query))[-1]):
            offer(score, hit)
        for reading, how in readings:
            strict = strict_key(reading)
            for hit in index.word(strict):
                offer(WORD_SCORE - DERIVED_PENALTY[how], hit)
            if len(strict) >= PREFIX_MIN:
                for name_key, hit in index.prefixed(strict, limit * 3):
                    coverage = len(strict) / len(name_key)
                    if coverage >= PREFIX_MIN_COVERAGE:
                        offer(PREFIX_BASE + PREFIX_SPAN * coverage - DERIVED_PENALTY[how], hit)
            key = loose_key(reading)
            if not key:
                continue
            for score, hit in index.fuzzy(key, limit * 3, SUGGEST):
                offer(_fuzzy_score(score, strict_key(reading)) - DERIVED_PENALTY[how], hit)
    ordered = sorted(best.values(), key=lambda m: (-m.score, m.term.casefold()))
    return ordered[:limit]


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
        extra = [w for w in (*words[:i], *words[j:]) if w not in STOPWORDS]
        known = [w for w in extra if index.known_word(strict_key(w))]
        foreign = len(extra) - len(known)
        covered = len("".join(words[i:j])) + len("".join(known))
        if covered * 2 < covered + sum(len(w) for w in extra if w not in known):
            continue
        score = SPAN_BASE - SPAN_KNOWN_WORD * len(known) - SPAN_FOREIGN_WORD * foreign
        for hit in hits:
            yield score, hit


def _fuzzy_score(score: float, key: str) -> float:
    """Short keys have too little room for a typo to be told from another word."""
    if len(key) <= SHORT_KEY:
        return min(score, SHORT_TYPO_CAP)
    if len(key) <= MEDIUM_KEY:
        return score - MEDIUM_TYPO_PENALTY
    return score


def decide(query: str, matches: list[Match], hide: set[str] | None = None) -> Outcome:
    """Turn ranked matches into one answer, honouring the mature filter ``hide``."""
    hidden = [m for m in matches if hide and m.id in hide]
    shown = [m for m in matches if not (hide and m.id in hide)]
    top = matches[0] if matches else None
    if top is None or top.score < CLOSE:
        suggestions = [m for m in shown if m.score >= SUGGEST][:SUGGESTIONS_SHOWN]
        if top is not None and hide and top.id in hide and top.score >= CLOSE:
            return Outcome(query, "hidden", [], len(hidden))
        return Outcome(query, "none", suggestions, len(hidden))
    if hide and top.id in hide:
        return Outcome(query, "hidden", [], len(hidden))
    rivals = [m for m in shown[1:] if m.score >= CLOSE and top.score - m.score < MARGIN]
    near = [m for m in shown[1:] if top.score - m.score < LONE_MARGIN]
    if (top.score >= CONFIDENT and not rivals) or (top.score >= LONE and not near):
        return Outcome(query, "found", shown, len(hidden))
    candidates = [m for m in shown if m.score >= CLOSE and top.score - m.score < CANDIDATE_WINDOW]
    return Outcome(query, "ambiguous", candidates[:CANDIDATES_SHOWN], len(hidden))


def lookup(
    index: KeyIndex, query: str, hide_mature: bool = False, limit: int = 10, exact: bool = False
) -> Outcome:
    matches = rank(index, query, limit, exact)
    hide = {m.id for m in matches if index.is_mature(m.id)} if hide_mature else None
    return decide(query, matches, hide)
