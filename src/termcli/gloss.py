"""Spot every glossary term in free text: the pure core of ``term gloss``.

A pasted chat log can be megabytes, so the text is folded once (the folding lookup
uses, :func:`termcli.normalize.fold`) and scanned by compiled regular expressions, one
pass each. The names are compiled as a trie, so at each position the engine follows
one path instead of trying hundreds of names, and greedy branches give the longest
name that fits. Folding can change lengths (NFKC turns ``ﾃﾞ`` into ``デ``, ``ﬁ`` into
``fi``), so when the text is not already aligned a map from folded offsets back to
the original is kept: spans always point into the text the user gave.

Match rules: Latin names match whole words only, and may carry a plural or possessive
ending; Japanese ones match anywhere; an abbreviation written in capitals in the
glossary ("AU", "NTR") matches only in capitals; the leftmost, then longest, name wins.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Container, Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from termcli.model import Glossary
from termcli.normalize import fold
from termcli.record import Record


class Span(Record):
    """One name found: ``text == original[start:end]``."""

    __slots__ = ("end", "id", "start", "text")

    def __init__(self, start: int, end: int, id: str, text: str) -> None:
        self.start = start
        self.end = end
        self.id = id
        self.text = text


class Found(Record):
    """One entry found in a text, with how many times it appeared."""

    __slots__ = ("count", "id", "summary", "term")

    def __init__(self, id: str, term: str, summary: str, count: int) -> None:
        self.id = id
        self.term = term
        self.summary = summary
        self.count = count


# A name is a sequence of units: its folded characters, plus two wildcards for the
# spelling that varies in the wild. Before matching, the text gets the same treatment:
# curly apostrophes become ', and the odd hyphens and ・ become -, one for one.
_SEP = "\x00sep"
_APOS = "\x00apos"
_SEP_CHARS = "-_\u2010\u2011\u30fb"
_APOS_CHARS = "'\u2019\u2018"
_EXTRA_FOLDS = {0x2018: "'", 0x2019: "'", 0x2010: "-", 0x2011: "-", 0x30FB: "-"}
_SEP_RE = r"[\s\-_]+"
# Latin names must not touch a letter or digit at either end, but may touch Japanese,
# which is written without spaces. ASCII is enough after folding (é is e), and a class
# reaching past Latin-1 costs a millisecond to compile wherever it appears.
_LEFT = "(?<![0-9a-z])"
_RIGHT = "(?![0-9a-z])"

_SEP_RUN = re.compile(_SEP_RE)
CAPS_SUFFIX = re.compile(f"(?:[{_APOS_CHARS}]?s|es)$")
_CUT = re.compile("[\x00-\x7f\u3041-\u3096\u30a1-\u30fa]")
_NEEDS_TABLE = re.compile("[\u0080-\u024f\u2010\u2011\u2018\u2019\u30a1-\u30fb]+")

# Which name wins when one spelling belongs to several entries.
KIND_RANK = {"term": 0, "abbreviation": 1, "alias": 2, "native": 3, "reading": 4}
_MEMO_MAX = 20_000
# Longer names are not looked for: the trie is compiled recursively, and no real term
# is this long.
_LONGEST = 200

# A match being resolved: folded start and end, entry id, original start and end.
_Hit = tuple[int, int, str, int, int]
# The entries a name leads to, best first, each with whether it wants capitals.
_Owners = tuple[tuple[str, bool], ...]
# What a matched string names: the entry when no case rule applies (else ""), the
# owners, whether it had a plural ending, and the key it was found under.
_Named = tuple[str, _Owners, bool, str]


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
    return _SEP_RUN.sub(" ", folded.replace("'", ""))


# English plural and possessive endings: "tsunderes", "AUs", "NTR's", "kisses" (after
# any h, not only ch and sh: one lookbehind is cheaper than a rule per name).
_SUFFIX = "(?:'?s|(?<=[sxzh])es)?"


def _suffix_re(last: str, prev: str) -> str:
    if not last.isalpha():
        return ""
    if last in "sxz" or (last == "h" and prev in ("c", "s")):
        return "(?:'?s|es)?"
    return "(?:'?s)?"


class _Trie:
    __slots__ = ("children", "prev", "terminal")

    def __init__(self, prev: str = "") -> None:
        self.children: dict[str, _Trie] = {}
        self.prev = prev
        self.terminal = False


def _compile(keys: Iterable[tuple[str, ...]], words: bool) -> re.Pattern[str] | None:
    """One regex for ``keys``, shaped as a trie: at each position the engine follows one
    path instead of trying every name in turn.

    ``words``: every key starts and ends with a letter or digit, so the boundaries and
    the plural ending are written once around the whole trie instead of at each end;
    the engine backtracks into the trie when they fail. Parsing is pure Python, and
    that is what keeps construction within a few milliseconds.
    """
    root = _Trie()
    for units in keys:
        node = root
        prev = ""
        for unit in units:
            node = node.children.setdefault(unit, _Trie(prev))
            prev = unit
        node.terminal = True
    if not root.children:
        return None
    if words:
        return re.compile(f"{_LEFT}{_branches(root, '', False)}{_SUFFIX}{_RIGHT}")
    return re.compile(_branches(root, "", True))


def _unit_re(unit: str) -> str:
    if unit == _SEP:
        return _SEP_RE
    if unit == _APOS:
        return "'?"
    return re.escape(unit)


def _branches(node: _Trie, unit: str, bounds: bool, first: bool = True) -> str:
    alts = []
    for child_unit, child in node.children.items():
        head = _unit_re(child_unit)
        if bounds and first and _wordy(child_unit):
            head += "(?<![0-9a-z].)"
        while len(child.children) == 1 and not child.terminal:
            ((child_unit, child),) = child.children.items()
            head += _unit_re(child_unit)
        alts.append(head + _branches(child, child_unit, bounds, False))
    if node.terminal:
        # Last, so that the engine tries every longer name first.
        alts.append(_suffix_re(unit, node.prev) + _RIGHT if bounds and _wordy(unit) else "")
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


class _Scanner:
    """Names alike at their ends, scanned together.

    Names that begin and end with a letter or digit (nearly all) share their word
    boundaries; a boundary test that comes first lets the engine drop a position inside
    a word at once, which is most of the speed. The rest (Japanese, or punctuation at
    an end) carry their own tests.
    """

    __slots__ = ("_keys", "_lenient", "ascii", "pattern", "words")

    def __init__(self, keys: list[tuple[str, ...]], words: bool) -> None:
        self._keys = keys
        self.words = words
        self.ascii = any(units[0].isascii() for units in keys)
        pattern = _compile(keys, words)
        assert pattern is not None
        self.pattern = pattern
        self._lenient: re.Pattern[str] | None = None

    def lenient(self, owners: dict[str, _Owners]) -> re.Pattern[str]:
        """Only the names that match in any case; compiled on first need."""
        if self._lenient is None:
            keys = [k for k in self._keys if any(not caps for _, caps in owners[_canon(k)])]
            self._lenient = _compile(keys, self.words) or re.compile("(?!)")
        return self._lenient


class Glosser:
    """Finds the names of a fixed set of entries in any number of texts.

    Build it once per glossary: construction compiles the names (about 10 ms for the
    bundled glossary), after which :meth:`spans` is one regex pass over the text, two
    when the text is not plain ASCII.
    """

    def __init__(self, names: Iterable[tuple[str, str, str]]) -> None:
        owners: dict[str, dict[str, tuple[int, int, bool]]] = {}
        paths: dict[tuple[str, ...], None] = {}
        for order, (entry_id, kind, name) in enumerate(names):
            if kind not in KIND_RANK:
                # Ids are slugs: multiword ones already match through their term, since
                # separators fold, and single-word ones ("ooc", "erp") would bypass the
                # capitals rule of their abbreviation; "op-ed" is an English word.
                continue
            units = _units(name)
            if not 2 <= sum(u not in (_SEP, _APOS) for u in units) <= _LONGEST:
                continue
            caps = kind == "abbreviation" and name.isupper()
            held = owners.setdefault(_canon(units), {})
            old = held.get(entry_id)
            rank = (KIND_RANK[kind], order, caps)
            held[entry_id] = rank if old is None else (*min(old[:2], rank[:2]), old[2] and caps)
            paths[units] = None
        self._owners = {
            key: tuple((eid, r[2]) for eid, r in sorted(held.items(), key=lambda kv: kv[1]))
            for key, held in owners.items()
        }
        words = [units for units in paths if _wordy(units[0]) and _wordy(units[-1])]
        other = [units for units in paths if not (_wordy(units[0]) and _wordy(units[-1]))]
        self._scanners = [
            _Scanner(keys, kind) for keys, kind in ((words, True), (other, False)) if keys
        ]
        # A capitals-only name found in lower case is dropped; only when a shorter name
        # that matches in any case begins it can something else start there.
        lenient = {key for key, held in self._owners.items() if any(not c for _, c in held)}
        self._rescue = {
            key
            for key in self._owners.keys() - lenient
            if any(key[:i] in lenient for i in range(2, len(key)))
        }
        self._memo: dict[str, _Named] = {}

    @classmethod
    def from_glossary(cls, glossary: Glossary, hide: Container[str] = ()) -> Glosser:
        """Names of every entry not in ``hide`` (the mature filter)."""
        return cls(
            (entry.id, kind, name)
            for entry in glossary.entries.values()
            if entry.id not in hide
            for kind, name in entry.name_kinds()
        )

    def spans(self, text: str) -> list[Span]:
        """Leftmost-longest, non-overlapping occurrences of the names, in text order."""
        if not text:
            return []
        folded, where = _fold_with_map(text)
        plain = folded.isascii()
        scanners = [s for s in self._scanners if s.ascii or not plain]
        if not scanners:
            return []
        hits = self._scan(scanners[0], folded, text, where)
        if len(scanners) == 2:
            hits += self._scan(scanners[1], folded, text, where)
            hits.sort()
            if not all(a[1] <= b[0] for a, b in pairwise(hits)):
                hits = self._merge(scanners, folded, text, where)
        return [Span(h[3], h[4], h[2], text[h[3] : h[4]]) for h in hits]

    def _merge(
        self, scanners: list[_Scanner], folded: str, text: str, where: _OffsetMap | None
    ) -> list[_Hit]:
        """Leftmost-longest over both scanners when their hits overlap.

        That takes a name mixing scripts ("BL漫画"); then the hit a chosen one overlaps
        is looked for again after it, as one scanner alone would.
        """
        pending = [self._scan(s, folded, text, where, 0, 1) for s in scanners]
        out: list[_Hit] = []
        pos = 0
        while True:
            best: _Hit | None = None
            for i, found in enumerate(pending):
                if found and found[0][0] < pos:
                    found = pending[i] = self._scan(scanners[i], folded, text, where, pos, 1)
                if found and (
                    best is None
                    or found[0][0] < best[0]
                    or (found[0][0] == best[0] and found[0][1] > best[1])
                ):
                    best = found[0]
            if best is None:
                return out
            out.append(best)
            pos = best[1]

    def _scan(
        self,
        scanner: _Scanner,
        folded: str,
        text: str,
        where: _OffsetMap | None,
        pos: int = 0,
        limit: int = -1,
    ) -> list[_Hit]:
        out: list[_Hit] = []
        memo = self._memo
        while True:
            restart = -1
            for m in scanner.pattern.finditer(folded, pos):
                matched = m.group()
                named = memo.get(matched) or self._named(matched)
                start, end = m.span()
                if named[0]:
                    if where is None:
                        out.append((start, end, named[0], start, end))
                    else:
                        out.append((start, end, named[0], where.start(start), where.end(end)))
                else:
                    hit = self._capitals(m, text, where, named)
                    if hit is None and named[3] in self._rescue:
                        # Lower case for a capitals-only name: a shorter name that
                        # matches in any case may still start here.
                        lenient = scanner.lenient(self._owners).match(folded, start)
                        if lenient is not None:
                            named = self._named(lenient.group())
                            hit = self._capitals(lenient, text, where, named)
                    if hit is None:
                        restart = start + 1
                        break
                    out.append(hit)
                    if hit[1] != end:
                        restart = hit[1]
                        break
                if len(out) == limit:
                    return out
            if restart < 0:
                return out
            pos = restart

    def _named(self, matched: str) -> _Named:
        key = _canon_text(matched)
        named: _Named = ("", (), False, key)
        if key in self._owners:
            named = ("", self._owners[key], False, key)
        else:
            for cut in ("es", "s"):
                stem = key[: -len(cut)]
                if key.endswith(cut) and stem in self._owners:
                    named = ("", self._owners[stem], True, stem)
                    break
        owners = named[1]
        if owners and not owners[0][1]:
            named = (owners[0][0], *named[1:])
        if len(self._memo) < _MEMO_MAX:
            self._memo[matched] = named
        return named

    def _capitals(
        self, m: re.Match[str], text: str, where: _OffsetMap | None, named: _Named
    ) -> _Hit | None:
        """The first owner whose case rule the original text meets."""
        _, owners, suffixed, _ = named
        if where is None:
            start, end = m.span()
        else:
            start, end = where.start(m.start()), where.end(m.end())
        caps_ok: bool | None = None
        for entry_id, caps in owners:
            if caps:
                if caps_ok is None:
                    core = unicodedata.normalize("NFKC", text[start:end])
                    if suffixed:
                        core = CAPS_SUFFIX.sub("", core)
                    caps_ok = core.isupper()
                if not caps_ok:
                    continue
            return m.start(), m.end(), entry_id, start, end
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
    out: dict[int, str] = dict(_EXTRA_FOLDS)
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
    # str.translate looks every character up in a dict; only the runs that need it.
    return _NEEDS_TABLE.sub(_translate, lowered)


def _translate(m: re.Match[str]) -> str:
    return m.group().translate(_table())


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

    def chunks(part: str, size: int) -> None:
        # Cut only before ASCII or kana: NFKC never merges such a character with the one
        # before it, so the chunks fold exactly as the whole would. Chunks that keep
        # every character in place are folded at once; the others are cut finer, and
        # at the finest, folded a character (with its marks) at a time.
        pos = 0
        while pos < len(part):
            cut = _CUT.search(part, pos + size) if pos + size < len(part) else None
            end = cut.start() if cut else len(part)
            chunk = part[pos:end]
            aligned = _fold_aligned(chunk)
            if aligned is not None:
                emit(aligned, len(chunk), True)
            elif size > 16:
                chunks(chunk, size // 16)
            else:
                i = 0
                while i < len(chunk):
                    j = i + 1
                    while j < len(chunk) and _attaches(chunk[j]):
                        j += 1
                    emit(fold(chunk[i:j]).translate(_table()), j - i, False)
                    i = j
            pos = end

    chunks(text, 4096)
    return "".join(pieces), where
