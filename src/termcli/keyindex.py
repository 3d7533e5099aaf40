"""The key index: names of a glossary by normalized key, and what keys an entry gets.

:class:`KeyIndex` is what ranking asks of an index; :class:`MemoryIndex` holds one in
memory (the bundled glossary and small ones), :class:`LayeredIndex` searches several
as one. The compiled on-disk index of a large user glossary is
:class:`termcli.index.DiskIndex`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from termcli.normalize import loose_key, one_word, query_text, strict_key
from termcli.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol

    from termcli.model import Entry


class Hit(Record):
    """An indexed name: the entry it leads to and what kind of name it is."""

    __slots__ = ("id", "kind", "name")

    def __init__(self, id: str, kind: str, name: str) -> None:
        self.id = id
        self.kind = kind
        self.name = name


if TYPE_CHECKING:

    class KeyIndex(Protocol):
        """Names of a glossary by normalized key; in memory or compiled on disk."""

        def exact(self, key: str, loose: bool) -> Sequence[Hit]: ...

        def fuzzy(self, key: str, limit: int, cutoff: float) -> Iterable[tuple[float, Hit]]: ...

        def word(self, key: str) -> Sequence[Hit]: ...

        def known_word(self, word: str) -> bool: ...

        def present(self, keys: Iterable[str]) -> set[str]: ...

        def prefixed(self, key: str, limit: int) -> Sequence[tuple[str, Hit]]: ...

        def has(self, entry_id: str) -> bool: ...

        def term(self, entry_id: str) -> str: ...

        def is_mature(self, entry_id: str) -> bool: ...


class MemoryIndex:
    """A :class:`KeyIndex` over entries held in memory (the bundled glossary and small ones).

    Names are kept as plain ``(id, kind, name)`` triples, which the JSON cache of the
    bundled glossary restores in C (:meth:`to_plain`); a :class:`Hit` is made only for
    what a query returns.
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

    def to_plain(self) -> list[Any]:
        """The index as JSON-ready lists and dicts, for :meth:`from_plain`."""
        return [
            self._strict,
            self._loose,
            self._terms,
            sorted(self._mature),
            self._words,
            sorted(self._vocab),
        ]

    @classmethod
    def from_plain(cls, data: Any) -> MemoryIndex:
        """Undo :meth:`to_plain`, checking every type: ValueError when anything is off."""
        strict, loose, terms, mature, words, vocab = data
        self = cls.__new__(cls)
        self._strict = _hit_table(strict)
        self._loose = _hit_table(loose)
        self._words = _hit_table(words)
        if type(terms) is not dict:
            raise ValueError("expected an object")
        "".join(terms.values())
        self._terms = terms
        self._mature = set(_strs(mature))
        self._vocab = frozenset(_strs(vocab))
        self._loose_keys = list(self._loose)
        self._sorted_strict = sorted(self._strict)
        return self

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

    def present(self, keys: Iterable[str]) -> set[str]:
        """The strict keys among ``keys`` that name something."""
        return {k for k in keys if k in self._strict}

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


def _strs(value: Any) -> list[str]:
    if type(value) is not list:
        raise ValueError("expected a list")
    "".join(value)  # a TypeError unless every item is a string
    return value


def _hit_table(value: Any) -> dict[str, list[tuple[str, str, str]]]:
    """A table of hits decoded from JSON (its triples arrive as lists and stay lists),
    checked with C-level passes: this runs on every start-up."""
    from itertools import chain

    if type(value) is not dict or not set(map(type, value.values())) <= {list}:
        raise ValueError("expected an object of lists")
    hits = list(chain.from_iterable(value.values()))
    if not set(map(type, hits)) <= {list} or not set(map(len, hits)) <= {3}:
        raise ValueError("expected hits")
    "".join(chain.from_iterable(hits))  # a TypeError unless every field is a string
    return value


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

    def present(self, keys: Iterable[str]) -> set[str]:
        wanted = set(keys)
        return set().union(*(layer.present(wanted) for layer in self.layers))

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
    if one_word(name):
        return []
    return text_runs(query_text(name))


def text_runs(text: str) -> list[str]:
    """:func:`word_runs` of a name already folded by :func:`query_text`."""
    words = text.split()
    if len(words) < 2 or not all(w.isascii() for w in words):
        return []
    keys = [strict_key(w) for w in words]  # a run's key is its words' keys joined
    runs = []
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            if j - i == len(words):
                continue
            run = words[i:j]
            if all(w in _RUN_STOPWORDS for w in run) or len("".join(run)) < 3:
                continue
            runs.append("".join(keys[i:j]))
    return runs
