"""Spot glossary terms in free text by looking them up, for glossaries too large to compile.

:class:`termcli.gloss.Glosser` compiles every name into one pattern, which costs time
and memory in proportion to the glossary (about 20 s and 400 MB for 100,000 entries).
Here the text is cut into words instead, and each run of up to :data:`MAX_WORDS` words
is looked up by its key in the glossary's compiled index, so the cost follows the text,
not the glossary. The rules are the Glosser's: leftmost, then longest, name wins; Latin
names match whole words and may carry a plural or possessive ending; an abbreviation
written in capitals in the glossary matches only in capitals; ids are not names here.
Japanese names are looked for at every position of a Japanese run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from termcli.gloss import CAPS_SUFFIX, KIND_RANK, Span
from termcli.keyindex import Hit
from termcli.normalize import query_text, strict_key
from termcli.textindex import cjk_runs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from termcli.keyindex import KeyIndex

# Above this many entries, a glossary is glossed by lookups rather than compiled.
COMPILED_MAX_ENTRIES = 20_000
MAX_WORDS = 8  # the longest run of words looked up as one name
MAX_CJK = 12  # the longest Japanese or Chinese name looked for inside a run of script
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
# What may stand between the words of one name: spaces, hyphens, slashes, a colon or a
# dot (hurt/comfort, Dead Dove: Do Not Eat, Character.AI), after an apostrophe.
_JOIN = re.compile(r"['\u2019]?[\s\-_/.:\u2010\u2011\u30fb]+")


def spans(
    text: str,
    index: KeyIndex,
    names_of: Callable[[str], Sequence[tuple[str, str]]],
    hidden: Callable[[str], bool],
) -> list[Span]:
    """The names in ``text``, leftmost-longest and not overlapping, in text order.

    Every key the text could spell is asked of ``index`` at once (``present``); only
    those it holds are looked up one by one. An index keeps one name per key and
    entry, so ``names_of(id)`` gives the entry's names as (kind, name), to tell which
    one the text spells; ``hidden(id)`` says which entries the filters hide.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    keys = [strict_key(text[a:b]) for a, b in words]
    held = index.present(_candidates(text, words, keys))
    memo: dict[str, Hit | None] = {}
    entry_names: dict[str, Sequence[tuple[str, str]]] = {}

    def best(key: str, shown: str) -> Hit | None:
        if len(key) < 2 or key not in held:
            return None
        memo_key = f"{key}\x00{shown}"
        if memo_key in memo:
            return memo[memo_key]
        typed = query_text(shown)
        options: list[tuple[int, Hit]] = []
        for entry_id in dict.fromkeys(h.id for h in index.exact(key, False)):
            if hidden(entry_id):
                continue
            if entry_id not in entry_names:
                entry_names[entry_id] = names_of(entry_id)
            for kind, name in entry_names[entry_id]:
                if (
                    kind in KIND_RANK
                    and _spelled(typed, query_text(name))
                    and not (kind == "abbreviation" and name.isupper() and not _capitals(shown))
                ):
                    options.append((KIND_RANK[kind], Hit(entry_id, kind, name)))
        found = min(options, key=lambda o: o[0])[1] if options else None
        memo[memo_key] = found
        return found

    out: list[Span] = []
    i = 0
    while i < len(words):
        found = _longest(text, words, keys, i, best)
        if found is not None:
            n, hit = found
            start, end = words[i][0], words[i + n - 1][1]
            out.append(Span(start, end, hit.id, text[start:end]))
            i += n
            continue
        out += _inside_script(text, words[i], best)
        i += 1
    return out


def _candidates(text: str, words: list[tuple[int, int]], keys: list[str]) -> set[str]:
    """Every key a run of words, or a piece of a run of script, could spell."""
    out: set[str] = set()
    for i in range(len(words)):
        for size in range(1, _run_length(text, words, i) + 1):
            out.update(_endings("".join(keys[i : i + size])))
        a, b = words[i]
        if cjk_runs().search(text, a, b):
            for pos in range(a, b):
                for size in range(2, min(MAX_CJK, b - pos) + 1):
                    out.add(strict_key(text[pos : pos + size]))
    return out


def _run_length(text: str, words: list[tuple[int, int]], i: int) -> int:
    """How many words from ``words[i]`` on are joined as one name could join them."""
    n = 1
    while (
        n < MAX_WORDS
        and i + n < len(words)
        and _JOIN.fullmatch(text[words[i + n - 1][1] : words[i + n][0]])
    ):
        n += 1
    return n


def _spelled(typed: str, name: str) -> bool:
    """The words of the text are the name's, an ending aside: keys drop spaces and
    marks, so "on a" shares a key with ONA and "18" with 18+, but is neither."""
    return typed == name or (typed.startswith(name) and typed[len(name) :] in ("s", "es"))


def _capitals(shown: str) -> bool:
    """Written in capitals, a plural or possessive ending aside ("AUs", "NTR's")."""
    return CAPS_SUFFIX.sub("", shown).isupper()


def _longest(
    text: str,
    words: list[tuple[int, int]],
    keys: list[str],
    i: int,
    best: Callable[[str, str], Hit | None],
) -> tuple[int, Hit] | None:
    """The most words from ``words[i]`` on that spell a name, with its entry."""
    for size in range(_run_length(text, words, i), 0, -1):
        key = "".join(keys[i : i + size])
        shown = text[words[i][0] : words[i + size - 1][1]]
        for candidate in _endings(key):
            hit = best(candidate, shown)
            if hit is not None:
                return size, hit
    return None


def _endings(key: str) -> list[str]:
    """The key, then without a plural or possessive ending (tsunderes, ntr's, kisses)."""
    out = [key]
    if key.endswith("es") and key[-3:-2] in ("s", "x", "z", "h"):
        out.append(key[:-2])
    if key.endswith("s"):
        out.append(key[:-1])
    return out


def _inside_script(
    text: str, word: tuple[int, int], best: Callable[[str, str], Hit | None]
) -> list[Span]:
    """Japanese or Chinese names inside a run written without spaces."""
    a, b = word
    if not cjk_runs().search(text, a, b):
        return []
    out: list[Span] = []
    pos = a
    while pos < b:
        for size in range(min(MAX_CJK, b - pos), 1, -1):
            piece = text[pos : pos + size]
            hit = best(strict_key(piece), piece)
            if hit is not None:
                out.append(Span(pos, pos + size, hit.id, piece))
                pos += size
                break
        else:
            pos += 1
    return out
