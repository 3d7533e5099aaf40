"""Spot every glossary term in free text: the pure core of ``term gloss``.

A pasted chat log can be megabytes, so the text is folded once (the same folding
lookup uses, see :func:`termcli.normalize.fold`) and scanned by one compiled regular
expression. The names are compiled as a trie, so at each position the engine follows
one path instead of trying hundreds of alternatives, and greedy optional branches give
the longest name that fits. Folding can change lengths (NFKC turns ``ﾃﾞ`` into ``デ``,
``ﬁ`` into ``fi``), so a map from folded offsets back to the original is kept whenever
the text is not already aligned; spans always point into the text the user gave.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from termcli.model import Glossary
from termcli.normalize import fold


@dataclass(frozen=True, slots=True)
class Span:
    """One name found: ``text == original[start:end]``."""

    start: int
    end: int
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Found:
    """One entry found in a text, with how many times it appeared."""

    id: str
    term: str
    summary: str
    count: int


# A name's units: literal characters, plus two wildcards standing for spelling that
# varies in the wild: separators and apostrophes.
_SEP = "\x00sep"
_APOS = "\x00apos"
_SEP_CHARS = "-_\u2010\u2011\u30fb"
_APOS_CHARS = "'\u2019\u2018`"
_SEP_RE = r"[\s\-_\u2010\u2011\u30fb]+"
_APOS_RE = "['\u2019\u2018`]?"
# Latin keys must not touch a letter or digit at either end, but may touch Japanese,
# which is written without spaces. ASCII is enough after folding (é is e); a wider class
# costs a millisecond to compile at each of the hundreds of places it appears.
_WORD = "[0-9a-z]"
_LEFT = f"(?<!{_WORD}.)"
_RIGHT = f"(?!{_WORD})"

_SEP_RUN = re.compile(_SEP_RE)
_APOS_ANY = re.compile(f"[{_APOS_CHARS}]")
_CAPS_SUFFIX = re.compile(f"(?:[{_APOS_CHARS}]?s|es)$")
_TOKENS = re.compile(r"\s+|\S+")
_NEEDS_TABLE = re.compile("[\u0080-\u024f\u30a1-\u30f6]")

# Which name wins when one spelling belongs to several entries.
_KIND_RANK = {"term": 0, "abbreviation": 1, "alias": 2, "native": 3, "reading": 4}


def _wordy(unit: str) -> bool:
    return len(unit) == 1 and unit.isascii() and unit.isalnum()


def _units(name: str) -> tuple[str, ...]:
    out: list[str] = []
    for ch in fold(name):
        if ch.isspace() or ch in _SEP_CHARS:
            unit = _SEP
        elif ch in _APOS_CHARS:
            unit = _APOS
        else:
            out.append(ch)
            continue
        if out and out[-1] != unit:
            out.append(unit)
    while out and out[-1] in (_SEP, _APOS):
        out.pop()
    return tuple(out)


def _canon(units: Iterable[str]) -> str:
    return "".join(" " if u == _SEP else "" if u == _APOS else u for u in units)


def _canon_text(folded: str) -> str:
    return _SEP_RUN.sub(" ", _APOS_ANY.sub("", folded))


def _suffix_re(last: str, prev: str) -> str:
    """English plural and possessive endings a whole-word key may carry."""
    if not (last.isascii() and last.isalpha()):
        return ""
    if last in "sxz" or (last == "h" and prev in ("c", "s")):
        return f"(?:[{_APOS_CHARS}]?s|es)?"
    return f"(?:[{_APOS_CHARS}]?s)?"


@dataclass(slots=True)
class _Trie:
    children: dict[str, _Trie]
    terminal: bool = False
    prev: str = ""


def _compile(keys: Iterable[tuple[str, ...]]) -> re.Pattern[str] | None:
    root = _Trie({})
    for units in keys:
        node = root
        prev = ""
        for unit in units:
            node = node.children.setdefault(unit, _Trie({}, prev=prev))
            prev = unit
        node.terminal = True
    if not root.children:
        return None
    return re.compile(_branches(root, "", first=True))


def _unit_re(unit: str) -> str:
    if unit == _SEP:
        return _SEP_RE
    if unit == _APOS:
        return _APOS_RE
    return re.escape(unit)


def _branches(node: _Trie, unit: str, first: bool = False) -> str:
    alts = []
    for child_unit, child in node.children.items():
        head = _unit_re(child_unit)
        if first and _wordy(child_unit):
            head += _LEFT
        alts.append(head + _branches(child, child_unit))
    if node.terminal:
        alts.append(_suffix_re(unit, node.prev) + _RIGHT if _wordy(unit) else "")
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


class Glosser:
    """Finds the names of a fixed set of entries in any number of texts.

    Build it once per glossary: construction compiles the names, after which
    :meth:`spans` is one regex scan of the text.
    """

    def __init__(self, names: Iterable[tuple[str, str, str]]) -> None:
        owners: dict[str, dict[str, tuple[int, int, bool]]] = {}
        paths: dict[tuple[str, ...], str] = {}
        for order, (entry_id, kind, name) in enumerate(names):
            if kind not in _KIND_RANK:
                # Ids are slugs: multiword ones already match through their term, since
                # separators fold, and single-word ones ("ooc", "erp") would bypass the
                # capitals rule of their abbreviation; "op-ed" is an English word.
                continue
            units = _units(name)
            if sum(u not in (_SEP, _APOS) for u in units) < 2:
                continue
            key = _canon(units)
            caps = kind == "abbreviation" and name.isupper()
            rank = (_KIND_RANK[kind], order, caps)
            held = owners.setdefault(key, {})
            old = held.get(entry_id)
            if old is None:
                held[entry_id] = rank
            else:
                held[entry_id] = (min(old[0], rank[0]), min(old[1], rank[1]), old[2] and caps)
            paths.setdefault(units, key)
        self._owners: dict[str, tuple[tuple[str, bool], ...]] = {
            key: tuple((eid, r[2]) for eid, r in sorted(held.items(), key=lambda kv: kv[1]))
            for key, held in owners.items()
        }
        self._paths = paths
        self._pattern = _compile(paths)
        self._lenient: re.Pattern[str] | None = None

    @classmethod
    def from_glossary(cls, glossary: Glossary, hide: Container[str] = ()) -> Glosser:
        """Names of every entry not in ``hide`` (the mature filter)."""
        names: list[tuple[str, str, str]] = []
        for entry in glossary.entries.values():
            if entry.id in hide:
                continue
            names.append((entry.id, "term", entry.term))
            names += [(entry.id, "abbreviation", a) for a in entry.abbreviations]
            names += [(entry.id, "alias", a) for a in entry.aliases]
            if entry.native is not None:
                names.append((entry.id, "native", entry.native.text))
                if entry.native.reading:
                    names.append((entry.id, "reading", entry.native.reading))
        return cls(names)

    def spans(self, text: str) -> list[Span]:
        """Leftmost-longest, non-overlapping occurrences of the names, in text order."""
        if self._pattern is None or not text:
            return []
        folded, where = _fold_with_map(text)
        out: list[Span] = []
        pos = 0
        search = self._pattern.search
        while (m := search(folded, pos)) is not None:
            hit = self._resolve(m, text, where)
            if hit is None:
                # Only a capitals-only abbreviation written in lower case ends up here;
                # a shorter or case-insensitive name may still start at the same place.
                lenient = self._lenient_pattern().match(folded, m.start())
                hit = self._resolve(lenient, text, where) if lenient else None
                if lenient is None or hit is None:
                    pos = m.start() + 1
                    continue
                m = lenient
            out.append(hit)
            pos = m.end()
        return out

    def _lenient_pattern(self) -> re.Pattern[str]:
        """The names that match in any case; compiled on first need only."""
        if self._lenient is None:
            keys = [
                units
                for units, key in self._paths.items()
                if any(not caps for _, caps in self._owners[key])
            ]
            self._lenient = _compile(keys) or re.compile(r"(?!)")
        return self._lenient

    def _resolve(self, m: re.Match[str], text: str, where: _OffsetMap | None) -> Span | None:
        key = _canon_text(m.group())
        owners = self._owners.get(key)
        suffixed = False
        if owners is None:
            for cut in (2, 1):
                if key.endswith("es"[2 - cut :]) and (owners := self._owners.get(key[:-cut])):
                    suffixed = True
                    break
            else:
                return None
        if where is None:
            start, end = m.start(), m.end()
        else:
            start, end = where.start(m.start()), where.end(m.end())
        original = text[start:end]
        caps_ok: bool | None = None
        for entry_id, caps in owners:
            if caps:
                if caps_ok is None:
                    core = unicodedata.normalize("NFKC", original)
                    if suffixed:
                        core = _CAPS_SUFFIX.sub("", core)
                    caps_ok = core.isupper()
                if not caps_ok:
                    continue
            return Span(start, end, entry_id, original)
        return None


def summarize(glossary: Glossary, spans: Sequence[Span]) -> list[Found]:
    """Entries in order of first appearance, so the explanation follows the reading.

    Spans whose entry is not in ``glossary`` are skipped.
    """
    counts: dict[str, int] = {}
    for span in spans:
        counts[span.id] = counts.get(span.id, 0) + 1
    out: list[Found] = []
    for entry_id, count in counts.items():
        entry = glossary.get(entry_id)
        if entry is not None:
            out.append(Found(entry_id, entry.term, entry.short, count))
    return out


# Folding with an offset map.


class _OffsetMap:
    """Folded offsets back to original ones, piecewise.

    Aligned stretches map one to one; a stretch that folding resized (a character and
    its combining marks, a full-width letter, a ligature) maps as a whole, so a span
    never splits what the user sees as one character.
    """

    __slots__ = ("_flen", "_fstart", "_linear", "_olen", "_ostart")

    def __init__(self) -> None:
        self._fstart: list[int] = []
        self._ostart: list[int] = []
        self._flen: list[int] = []
        self._olen: list[int] = []
        self._linear: list[bool] = []

    def add(self, fstart: int, ostart: int, flen: int, olen: int, linear: bool) -> None:
        if (
            linear
            and self._linear
            and self._linear[-1]
            and self._fstart[-1] + self._flen[-1] == fstart
            and self._ostart[-1] + self._olen[-1] == ostart
        ):
            self._flen[-1] += flen
            self._olen[-1] += olen
            return
        self._fstart.append(fstart)
        self._ostart.append(ostart)
        self._flen.append(flen)
        self._olen.append(olen)
        self._linear.append(linear)

    def start(self, f: int) -> int:
        i = bisect_right(self._fstart, f) - 1
        if self._linear[i]:
            return self._ostart[i] + f - self._fstart[i]
        return self._ostart[i]

    def end(self, f: int) -> int:
        i = bisect_right(self._fstart, f - 1) - 1
        if self._linear[i]:
            return self._ostart[i] + f - self._fstart[i]
        return self._ostart[i] + self._olen[i]


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """What :func:`fold` does after NFKC and casefolding, as a one-to-one table."""
    out: dict[int, str] = {}
    for o in (*range(0x80, 0x250), *range(0x30A1, 0x30F7)):
        ch = chr(o)
        if unicodedata.normalize("NFKC", ch) != ch or ch.casefold() != ch:
            continue
        folded = fold(ch)
        if folded != ch and len(folded) == 1:
            out[o] = folded
    return out


def _fold_aligned(chunk: str) -> str | None:
    """The fold of ``chunk`` when it keeps every character in place, else None."""
    if chunk.isascii():
        return chunk.lower()
    if not unicodedata.is_normalized("NFKC", chunk):
        return None
    lowered = chunk.casefold()
    if len(lowered) != len(chunk):
        return None
    if _NEEDS_TABLE.search(lowered):
        return lowered.translate(_table())
    return lowered


@lru_cache(maxsize=4096)
def _attaches(ch: str) -> bool:
    """Whether NFKC may merge ``ch`` into the character before it (marks, ﾞ, ﾟ)."""
    if unicodedata.combining(ch):
        return True
    decomposed = unicodedata.normalize("NFKD", ch)
    return bool(decomposed) and unicodedata.combining(decomposed[0]) != 0


def _fold_with_map(text: str) -> tuple[str, _OffsetMap | None]:
    whole = _fold_aligned(text)
    if whole is not None:
        return whole, None
    pieces: list[str] = []
    where = _OffsetMap()
    fpos = opos = 0

    def emit(piece: str, olen: int, linear: bool) -> None:
        nonlocal fpos, opos
        pieces.append(piece)
        where.add(fpos, opos, len(piece), olen, linear)
        fpos += len(piece)
        opos += olen

    # NFKC never merges across a line break or a space, so chunks split there fold
    # exactly as the whole would; only the chunks that move characters go slowly.
    for line in text.splitlines(keepends=True):
        aligned = _fold_aligned(line)
        if aligned is not None:
            emit(aligned, len(line), True)
            continue
        for token in _TOKENS.findall(line):
            aligned = _fold_aligned(token)
            if aligned is not None:
                emit(aligned, len(token), True)
                continue
            i = 0
            while i < len(token):
                j = i + 1
                while j < len(token) and _attaches(token[j]):
                    j += 1
                emit(fold(token[i:j]), j - i, False)
                i = j
    return "".join(pieces), where
