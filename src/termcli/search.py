"""Lookup ranking: which entry a query means. Pure functions over a key index.

A query is read several ways (as typed, without its question framing, singular), then
each reading is tried against exact keys (strict, then loose), and only when no key
matches exactly, against every key by edit distance. The scores of all readings meet on
one 0-100 scale (every score and threshold is in :mod:`termcli.scores`), and
:func:`decide` turns them into found, ambiguous or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from termcli.normalize import STOPWORDS, loose_key, peel, query_text, strict_key, variants
from termcli.record import Record
from termcli.scores import (
    BAG_BASE,
    BAG_MISSING,
    CANDIDATE_WINDOW,
    CANDIDATES_SHOWN,
    CLOSE,
    CONFIDENT,
    DERIVED_PENALTY,
    EXACT,
    FUZZY_MAX_WORDS,
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
    SPAN_COMMON_WORD,
    SPAN_FOREIGN_WORD,
    SPAN_KNOWN_WORD,
    SUGGEST,
    SUGGESTIONS_SHOWN,
    WORD_SCORE,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from termcli.keyindex import Hit, KeyIndex
    from termcli.model import Glossary


class Match(Record):
    """A plausible entry: which of its names (``kind``: term, alias…) the query met,
    and how (``via``: exact, span, bag, word, prefix, fuzzy or meaning)."""

    __slots__ = ("id", "kind", "matched", "score", "term", "via")

    def __init__(
        self, id: str, term: str, score: float, matched: str, kind: str, via: str = "exact"
    ) -> None:
        self.id = id
        self.term = term
        self.score = score
        self.matched = matched
        self.kind = kind
        self.via = via

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


EntryWords = Callable[[str], "frozenset[str]"]


def rank(
    index: KeyIndex,
    query: str,
    limit: int = 10,
    entry_words: EntryWords | None = None,
    exact: bool = False,
) -> list[Match]:
    """Every plausible entry for ``query``, best first, one match per entry; with
    ``exact``, names only (no span, bag, word, prefix or typo stage).

    ``entry_words(id)`` gives the words an entry's own text uses; a word beside a
    name that the entry itself uses is context ("token limit"), not another subject
    ("token ring").
    """
    words_of = entry_words or (lambda _id: frozenset())
    best: dict[str, Match] = {}

    def offer(score: float, hit: Hit, via: str) -> None:
        current = best.get(hit.id)
        if current is None or score > current.score:
            best[hit.id] = Match(hit.id, index.term(hit.id), score, hit.name, hit.kind, via)

    readings = variants(query)
    for reading, how in readings:
        hits = index.exact(strict_key(reading), False)
        penalty = 0.0
        if not hits:
            hits, penalty = index.exact(loose_key(reading), True), LOOSE_PENALTY
        for hit in hits:
            offer(EXACT[how] - penalty, hit, "exact")
        if hits:
            break  # the most literal reading that names something is what was meant
    if not best and not exact:
        peeled = peel(query_text(query))[-1]
        for score, hit in _spans(index, peeled, words_of):
            offer(score, hit, "span")
        for score, hit in _bags(index, peeled.split(), words_of):
            offer(score, hit, "bag")
        for reading, how in readings:
            strict = strict_key(reading)
            for hit in index.word(strict):
                offer(WORD_SCORE - DERIVED_PENALTY[how], hit, "word")
            if len(strict) >= PREFIX_MIN:
                for name_key, hit in index.prefixed(strict, limit * 3):
                    coverage = len(strict) / len(name_key)
                    if coverage >= PREFIX_MIN_COVERAGE:
                        score = PREFIX_BASE + PREFIX_SPAN * coverage - DERIVED_PENALTY[how]
                        offer(score, hit, "prefix")
            key = loose_key(reading)
            if not key or len(query_text(reading).split()) > FUZZY_MAX_WORDS:
                continue
            for score, hit in index.fuzzy(key, limit * 3, SUGGEST):
                score = _fuzzy_score(score, strict_key(reading)) - DERIVED_PENALTY[how]
                offer(score, hit, "fuzzy")
    typed = query_text(query)

    def order(m: Match) -> tuple[float, bool, bool, str]:
        return (-m.score, m.kind != "term", query_text(m.matched) != typed, m.term.casefold())

    ordered = sorted(best.values(), key=order)
    return ordered[:limit]


def _spans(index: KeyIndex, text: str, words_of: EntryWords) -> Iterator[tuple[float, Hit]]:
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
        covered = len("".join(words[i:j])) + len("".join(known))
        if covered * 2 < covered + sum(len(w) for w in extra if w not in known):
            continue
        for hit in hits:
            yield SPAN_BASE - _extra_cost(index, extra, words_of(hit.id)), hit


def _extra_cost(index: KeyIndex, extra: Sequence[str], own: frozenset[str]) -> float:
    """What the words beside a name cost: little when the entry's own text uses them
    (context), most when they are everyday English it never mentions (another
    subject: "lemon juice", "12 Canon Street"), and in between otherwise."""
    from termcli import english

    cost = 0.0
    for w in extra:
        key = strict_key(w)
        if key in own:
            cost += SPAN_KNOWN_WORD
        elif english.is_common(w):
            cost += SPAN_COMMON_WORD
        elif index.known_word(key) or key.isdigit():
            cost += SPAN_KNOWN_WORD if key.isdigit() else SPAN_FOREIGN_WORD
        else:
            cost += SPAN_FOREIGN_WORD
    return cost


def _bags(
    index: KeyIndex, words: Sequence[str], words_of: EntryWords
) -> Iterator[tuple[float, Hit]]:
    """Multi-word names whose words the query holds in another order ("harem reverse"),
    or all but one of them for names of three words or more."""
    content = [w for w in dict.fromkeys(words) if w not in STOPWORDS]
    if not 2 <= len(content) <= 6:
        return
    owners: dict[Hit, set[str]] = {}
    for w in content:
        for hit in index.word(strict_key(w)):
            owners.setdefault(hit, set()).add(w)
    for hit, got in owners.items():
        name_words = [w for w in query_text(hit.name).split() if w not in STOPWORDS]
        missing = [w for w in name_words if w not in got]
        if len(got) < 2 or len(missing) > (1 if len(name_words) >= 3 else 0):
            continue
        extra = [w for w in content if w not in name_words]
        cost = _extra_cost(index, extra, words_of(hit.id))
        yield BAG_BASE - BAG_MISSING * len(missing) - cost, hit


def _fuzzy_score(score: float, key: str) -> float:
    """Short keys have too little room for a typo to be told from another word."""
    if len(key) <= SHORT_KEY:
        return min(score, SHORT_TYPO_CAP)
    if len(key) <= MEDIUM_KEY:
        return score - MEDIUM_TYPO_PENALTY
    return score


def decide(query: str, matches: list[Match], hide: set[str] | None = None) -> Outcome:
    """Turn ranked matches into one answer, honouring the mature filter ``hide``.

    An everyday English word that is no name of the glossary is never corrected into
    one ("yurt" is not yuri): its close names are only suggestions.
    """
    if matches and _another_subject(query, matches[0]):
        suggestions = [m for m in matches if not (hide and m.id in hide)]
        return Outcome(query, "none", suggestions[:SUGGESTIONS_SHOWN])
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
    rivals = [
        m
        for m in shown[1:]
        if m.score >= CLOSE and top.score - m.score < MARGIN and not _outranks(query, top, m)
    ]
    near = [m for m in shown[1:] if top.score - m.score < LONE_MARGIN]
    if (top.score >= CONFIDENT and not rivals) or (top.score >= LONE and not near):
        return Outcome(query, "found", shown, len(hidden))
    candidates = [m for m in shown if m.score >= CLOSE and top.score - m.score < CANDIDATE_WINDOW]
    return Outcome(query, "ambiguous", candidates[:CANDIDATES_SHOWN], len(hidden))


def other_senses(outcome: Outcome) -> list[Match]:
    """Of a found answer, the entries it outranked by :func:`_outranks` alone (the
    other senses of its name), for the card to name."""
    if outcome.status != "found" or not outcome.matches:
        return []
    top = outcome.matches[0]
    return [m for m in outcome.matches[1:] if m.score >= CLOSE and top.score - m.score < MARGIN]


def _outranks(query: str, top: Match, other: Match) -> bool:
    """Two names met alike, where a dictionary would still answer the first: the
    headword over an alias or abbreviation spelled the same ("reincarnation" is
    Reincarnation, not Tensei), and a name spelled as typed, spaces included, over one
    met only once spaces are dropped ("web novel", not Webnovel). Entries sharing a
    headword (declared senses) stay candidates."""
    if top.via != other.via or top.via not in ("exact", "span"):
        return False
    if top.kind == "term" and other.kind != "term":
        return top.matched.casefold() == other.matched.casefold()
    if top.via != "exact":
        return False
    typed = query_text(query)
    return query_text(top.matched) == typed and query_text(other.matched) != typed


def context_words(glossary: Glossary, entry_id: str) -> frozenset[str]:
    """The words that count as context beside an entry's name ("jailbreak prompt"): its
    own text's, and its neighbours' names and summaries, as lookup keys."""
    entry = glossary.entries.get(entry_id)
    if entry is None:
        return frozenset()
    near = [
        glossary.entries[r.id] for r in glossary.relations(entry_id) if r.id in glossary.entries
    ]
    text = " ".join(
        (
            *entry.names(),
            entry.summary,
            entry.definition,
            entry.origin,
            *entry.keywords,
            *entry.examples,
            *entry.tags,
            *entry.categories,
            *(n for e in near for n in (*e.names(), e.summary)),
        )
    )
    keys = {strict_key(w) for w in query_text(text.replace("-", " ")).split()}
    return frozenset(keys | {k[:-1] for k in keys if k.endswith("s") and len(k) > 3})


def _another_subject(query: str, top: Match) -> bool:
    """A near miss made only of everyday English is about something else: "yurt" is not
    yuri, "free shipping" not face-slapping. Exact names, and names spelled by the
    query's own words, are never near misses."""
    if top.via not in ("word", "prefix", "fuzzy"):
        return False
    from termcli import english

    name = {strict_key(w) for w in query_text(top.matched.replace("-", " ")).split()}
    words = [strict_key(w) for w in peel(query_text(query))[-1].split() if w not in STOPWORDS]

    # Once one word is the name's own, the others may be its typos or shortenings.
    lenient = any(w in name for w in words)

    def in_name(w: str) -> bool:
        if w in name or not lenient or len(w) < 4:
            return w in name
        from rapidfuzz.distance import OSA

        return any(n.startswith(w) or OSA.distance(w, n) <= 1 for n in name)

    rest = [w for w in words if not in_name(w)]
    return bool(rest) and all(english.is_common(w) for w in rest)


def lookup(
    index: KeyIndex,
    query: str,
    hide_mature: bool = False,
    limit: int = 10,
    entry_words: EntryWords | None = None,
    exact: bool = False,
    hidden: Callable[[str], bool] | None = None,
) -> Outcome:
    """``hidden(id)`` says what the person's filters hide; ``hide_mature`` alone hides
    the entries the index marks mature."""
    matches = rank(index, query, limit, entry_words, exact)
    if hidden is not None:
        hide: set[str] | None = {m.id for m in matches if hidden(m.id)}
    else:
        hide = {m.id for m in matches if index.is_mature(m.id)} if hide_mature else None
    return decide(query, matches, hide)
