"""Query and key normalization, shared by lookup, the compiled index and gloss.

Two levels: :func:`strict_key` folds what never changes meaning (Unicode width and
compatibility forms, case, katakana vs hiragana, Latin diacritics, punctuation and
spacing); :func:`loose_key` also folds the spellings romanization leaves open (long
vowels as ō, ou, oo or o; kana as Hepburn romaji), so shōnen, shounen and shonen meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_HIRA_START, _HIRA_END = 0x3041, 0x3096
_KATA_START, _KATA_END = 0x30A1, 0x30F6
_KATA_SHIFT = _KATA_START - _HIRA_START


def _is_kana(ch: str) -> bool:
    o = ord(ch)
    return _HIRA_START <= o <= _HIRA_END or _KATA_START <= o <= 0x30FC


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Katakana to hiragana, and Latin letters with diacritics to their base letter."""
    table = {o: chr(o - _KATA_SHIFT) for o in range(_KATA_START, _KATA_END + 1)}
    for o in range(0x80, 0x250):
        base = unicodedata.normalize("NFD", chr(o))[0]
        if base.isascii():
            table[o] = base
    return table


def fold(text: str) -> str:
    """NFKC, case folding, katakana to hiragana and Latin diacritics, keeping separators."""
    if text.isascii():
        return text.lower()  # NFKC leaves ASCII as it is, and casefold is lower there
    return unicodedata.normalize("NFKC", text).casefold().translate(_fold_table())


def _keep(ch: str) -> bool:
    return ch.isalnum() or ch == "ー" or unicodedata.category(ch) == "Mn"


_ASCII_DROP = re.compile(r"[^0-9a-z]+")


def strict_key(text: str) -> str:
    """The exact-match key: :func:`fold` without punctuation, spaces or hyphens."""
    if text.isascii():
        lower = text.lower()
        return lower if lower.isalnum() else _ASCII_DROP.sub("", lower)
    return "".join(ch for ch in fold(text) if _keep(ch))


_KANA = (
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
    "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽぁぃぅぇぉゃゅょゎゔ"
)
_HEPBURN = (
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no "
    "ha hi fu he ho ma mi mu me mo ya yu yo ra ri ru re ro wa o n "
    "ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po "
    "a i u e o ya yu yo wa vu"
)
_ROMAJI = dict(zip(_KANA, _HEPBURN.split(), strict=True))

_YOON = {"ゃ": "a", "ゅ": "u", "ょ": "o", "ぇ": "e"}
_SMALL_VOWEL = {"ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o"}


def _extended_stem(prev: str, small: str) -> str | None:
    """The consonant a small vowel joins in loanword kana (ファ fa, ティ ti, ウィ wi, チェ che)."""
    if prev in ("fu", "vu", "tsu"):
        return prev[:-1]
    if (prev in ("te", "de") and small == "ぃ") or (prev in ("to", "do") and small == "ぅ"):
        return prev[0]
    if prev == "u" and small in "ぃぇぉ":
        return "w"
    if prev in ("shi", "chi", "ji") and small == "ぇ":
        return prev[:-1]
    return None


def kana_to_romaji(text: str) -> str:
    """Hepburn romanization of hiragana (after :func:`fold`); other characters pass through."""
    out: list[str] = []
    geminate = False
    for ch in text:
        if ch == "っ":
            geminate = True
            continue
        if ch in _SMALL_VOWEL and out and (stem := _extended_stem(out[-1], ch)) is not None:
            out[-1] = stem + _SMALL_VOWEL[ch]
            continue
        if ch in _YOON and out and out[-1].endswith("i") and len(out[-1]) >= 2:
            prev = out.pop()
            stem = prev[:-1] if prev[:-1] in ("sh", "ch", "j") else prev[:-1] + "y"
            out.append(stem + _YOON[ch])
            continue
        roman = _ROMAJI.get(ch)
        if roman is None:
            out.append(ch)
            geminate = False
            continue
        if geminate and roman[0] not in "aiueon":
            roman = ("t" if roman.startswith("ch") else roman[0]) + roman
        geminate = False
        out.append(roman)
    return "".join(out)


_LONG_VOWELS = re.compile(r"ou|oo|uu|aa|ii|ee|oh(?![aeiouy])")


def loose_key(text: str) -> str:
    """The forgiving key: :func:`strict_key`, kana romanized, long vowels folded."""
    return loosened(strict_key(text))


def loosened(key: str) -> str:
    """:func:`loose_key` of a text whose :func:`strict_key` is ``key``."""
    if not key.isascii() and any(_is_kana(ch) for ch in key):
        key = kana_to_romaji(key.replace("ー", ""))
    if _LONG_VOWELS.search(key) is None:
        return key  # most keys: no callback to set up
    return _LONG_VOWELS.sub(lambda m: m.group(0)[0], key)


# Words too common to tell entries apart: full-text search ignores them, and the
# matcher does not count them against a name found inside a longer query.
STOPWORDS = frozenset(
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

_APOSTROPHES = re.compile(r"['’‘`]")
_SPACES = re.compile(r"[\s\-_/.,;:!?¿¡\"“”()\[\]{}]+")

# The framing vocabulary: words around a name that ask about it rather than name
# anything. Tuned to the bundled glossary and its readers (anime, manga, fandom and
# AI-companion chat); kept as word lists, compiled below, so that a user glossary
# could later bring its own. Each item is a regex fragment (most are plain words).
QUESTION_FORMS = (  # tried first, in this order: a longer form before its own start
    r"whats? (?:is )?meant by",
    r"whats? (?:the )?(?:meaning|definition) of(?: (?:a|an|the))?",
    r"what (?:does|do|did)(?: (?:a|an|the))?(?: (?:term|word|tag|abbreviation|acronym))?",
    r"(?:what|who)(?:s| is| are| was)?(?: (?:a|an|the))?(?: (?:term|word|tag|abbreviation))?",
    r"(?:the )?(?:meaning|definition) of(?: (?:a|an|the))?",
    r"(?:is|are|was|were)(?: (?:a|an|the))?",
)
REQUEST_WORDS = (  # before a name: "define tsundere", "tell me about ntr"
    *("define", "explain", "describe", "tell me about", "look up", "lookup"),
    *("meaning", "definition", "a", "an", "the"),
    *("best", "top", "good", "popular", "favorite", "favourite", "recommended"),
)
ASKING_WORDS = (  # after a name: "ntr meaning", "jk stands for"
    *("mean", "means", "meaning", "stand for", "stands for", "short for"),
    *("definition", "defined"),
)
CONTEXT_PLACES = (  # after "in": "yandere in anime"
    *("anime", "manga", "fandom", "fanfic", "fanfiction", "roleplay", "rp", "chat"),
    *("ai", "slang", "japanese", "english"),
)
CONTEXT_NOUNS = (  # after a name: "tsundere girl", "isekai anime", "ntr tag"
    *("tag", "tags", "trope", "genre", "term", "slang", "word", "abbreviation", "acronym"),
    *("archetype", "type"),
    *("anime", "manga", "series", "show", "story", "stories", "game", "character"),
    *("girl", "boy", "chan", "kun", "san"),
    *("roleplay", "rp", "fanfic", "fanfiction", "fic", "chat", "bot", "bots"),
    *("bad", "good", "ok", "okay", "an insult", "offensive", "a slur", "real", "a thing"),
    *("allowed", "safe", "normal", "weird"),
    *("list", "lists", "tier list", "recs", "recommendations", "suggestions", "tips"),
    *("ideas", "examples", "template", "guide", r"memes?", "art", "fanart", "merch"),
    *("quotes", "moments", "explained", r"\d{2,4}"),
)

_LEADING = re.compile(r"^(?:" + "|".join((*QUESTION_FORMS, *REQUEST_WORDS)) + r")\s+")
_TRAILING = re.compile(
    r"\s+(?:"
    + "|".join((*ASKING_WORDS, "in (?:" + "|".join(CONTEXT_PLACES) + ")", *CONTEXT_NOUNS))
    + r")$"
)
# Japanese framing attaches without a space: ツンデレとは, ヤンデレの意味, NTRって何.
_TRAILING_JA = re.compile(r"\s*(?:とは(?:何|なに)?|って(?:何|なに)|の?意味(?:は)?)$")
# Two names compared: the lookup answers the first (`term compare` shows both).
_COMPARISON = re.compile(
    r"^(?:(?:whats? )?(?:the )?difference between )?(.+?)"
    r" (?:vs|versus|or|and|compared to|(?:the )?same as|different from) .+$"
)


def one_word(text: str) -> bool:
    """True when :func:`query_text` surely leaves ``text`` a single word (or none)."""
    return text.isascii() and _SPACES.search(text) is None


def query_text(query: str) -> str:
    """A query folded and with its separators reduced to single spaces."""
    return _SPACES.sub(" ", _APOSTROPHES.sub("", fold(query))).strip()


def peel(query: str) -> list[str]:
    """The query with its question framing peeled off step by step, longest first.

    ("what is a cat girl" gives "cat girl" and then "cat"); works on
    :func:`query_text` output and never strips a query down to nothing.
    """
    out = [query]
    while True:
        text = out[-1]
        for pattern in (_LEADING, _TRAILING, _TRAILING_JA):
            shorter = pattern.sub("", text, count=1).strip()
            if shorter and shorter != text:
                out.append(shorter)
                break
        else:
            return out


def framings(query: str) -> list[str]:
    """:func:`peel`, then the first of two compared names ("tsundere vs yandere")."""
    out = peel(query)
    for form in list(out):
        compared = _COMPARISON.match(form)
        if compared and compared.group(1) not in out:
            out.append(compared.group(1))
    return out


def singular_forms(query: str) -> list[str]:
    """Candidate singulars of the query's last word (tsunderes, waifus, lorebooks, catgirls)."""
    head, _, last = query.rpartition(" ")
    prefix = head + " " if head else ""
    forms: list[str] = []
    if len(last) > 2 and last.isascii():
        if last.endswith("ies"):
            forms.append(last[:-3] + "y")
        if last.endswith("es"):
            forms.append(last[:-2])
        if last.endswith("s") and not last.endswith("ss"):
            forms.append(last[:-1])
    return [prefix + f for f in forms]


def variants(query: str) -> list[tuple[str, str]]:
    """Readings of a raw query, most literal first, each with how it was derived."""
    text = query_text(query)
    out: dict[str, str] = {}
    if text:
        out[text] = "query"
    for stripped in framings(text)[1:]:
        out.setdefault(stripped, "question")
    for base in list(out):
        for form in singular_forms(base):
            out.setdefault(form, "plural")
    return [(v, how) for v, how in out.items() if v]
