"""``term gloss`` core: which names are found in pasted text, and where."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termcli.gloss import Found, Glosser, Span, summarize
from termcli.glossary import merge, parse
from termcli.model import Glossary

DATA = Path(__file__).parent / "data"


def _entry(entry_id: str, term: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": entry_id,
        "term": term,
        "summary": f"Summary of {term}.",
        "definition": f"What {term} means. More about it.",
        **fields,
    }


EXTRA = [
    _entry("sub", "Sub", aliases=["subbed"]),
    _entry("dub", "Dub", aliases=["dubbed"]),
    _entry("alternate-universe", "Alternate universe", abbreviations=["AU"]),
    _entry("light-novel", "Light novel", abbreviations=["LN"], aliases=["ranobe"]),
    _entry("harem", "Harem"),
    _entry("reverse-harem", "Reverse harem", aliases=["gyaku harem"]),
    _entry("slow-burn", "Slow burn"),
    _entry(
        "tsundere",
        "Tsundere",
        native={"text": "ツンデレ", "reading": "つんでれ", "language": "ja"},
    ),
    _entry("isekai", "Isekai", native={"text": "異世界", "reading": "いせかい", "language": "ja"}),
    _entry("vtuber", "VTuber", abbreviations=["VTuber"], aliases=["virtual YouTuber"]),
    _entry("boys-love", "Boys' Love", abbreviations=["BL"]),
    _entry("waifu", "Waifu"),
    _entry("kiss", "Kiss"),
]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    raw = json.loads((DATA / "mini.json").read_text(encoding="utf-8"))
    raw["entries"] += EXTRA
    return merge([parse(raw, "test glossary")])


@pytest.fixture(scope="module")
def glosser(glossary: Glossary) -> Glosser:
    return Glosser.from_glossary(glossary)


def found(glosser: Glosser, text: str) -> list[tuple[str, str]]:
    spans = glosser.spans(text)
    for span in spans:
        assert text[span.start : span.end] == span.text
    return [(s.text, s.id) for s in spans]


def test_a_chat_message(glosser: Glosser) -> None:
    text = (
        "ok so the LN is way better than the anime, the dub butchered it. "
        "Tsundere MC, slow-burn romance, and it's an isekai AU of the original. 10/10"
    )
    assert found(glosser, text) == [
        ("LN", "light-novel"),
        ("dub", "dub"),
        ("Tsundere", "tsundere"),
        ("slow-burn", "slow-burn"),
        ("isekai", "isekai"),
        ("AU", "alternate-universe"),
    ]


def test_spans_are_ordered_and_disjoint(glosser: Glosser) -> None:
    spans = glosser.spans("sub, dub, harem. Sub/dub? HAREM!")
    assert [s.id for s in spans] == ["sub", "dub", "harem", "sub", "dub", "harem"]
    assert all(a.end <= b.start for a, b in pairwise(spans))
    assert spans[0] == Span(0, 3, "sub", "sub")


@pytest.mark.parametrize(
    "text",
    [
        "took the subway to work",
        "a yellow submarine",
        "subtitles were off",
        "that's dubious",
        "every entry in the log",
        "learn it by heart",
        "haremlike",
        "isekaiish",
        "AUTHOR notes",
        "LNK file",
    ],
)
def test_latin_names_match_whole_words_only(glosser: Glosser, text: str) -> None:
    assert found(glosser, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this AU is great", [("AU", "alternate-universe")]),
        ("au revoir, mon ami", []),
        ("in August we read it", []),
        ("Au revoir. Au fait.", []),
        ("it's an au where", []),
        ("the AUs people write", [("AUs", "alternate-universe")]),
        ("the AU's premise", [("AU's", "alternate-universe")]),
        ("the AU’s premise", [("AU’s", "alternate-universe")]),
        ("read the LN first", [("LN", "light-novel")]),
        ("ln(x) is the natural log", []),
        ("Ln 3 col 5", []),
        ("NTR tag", [("NTR", "netorare")]),
        ("ntr tag", []),
        ("NTR's the worst", [("NTR's", "netorare")]),
        ("BL manga", [("BL", "boys-love")]),
        ("bl manga", []),
    ],
)
def test_all_caps_abbreviations_need_capitals(
    glosser: Glosser, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(glosser, text) == expected


def test_other_names_ignore_case(glosser: Glosser) -> None:
    assert found(glosser, "NETORARE, netorare, NeToRaRe") == [
        ("NETORARE", "netorare"),
        ("netorare", "netorare"),
        ("NeToRaRe", "netorare"),
    ]
    # "VTuber" is an abbreviation but not all capitals: any case goes.
    assert found(glosser, "my fave vtuber and VTUBER") == [
        ("vtuber", "vtuber"),
        ("VTUBER", "vtuber"),
    ]


def test_japanese_and_english_mixed(glosser: Glosser) -> None:
    text = "彼女はツンデレだよ, such a tsundere"
    spans = glosser.spans(text)
    assert [(s.text, s.id) for s in spans] == [("ツンデレ", "tsundere"), ("tsundere", "tsundere")]
    assert spans[0].start == 3 and spans[0].end == 7


def test_japanese_names_match_inside_words(glosser: Glosser) -> None:
    assert found(glosser, "異世界転生もの、つんでれ系") == [
        ("異世界", "isekai"),
        ("つんでれ", "tsundere"),
    ]


def test_latin_names_may_touch_japanese(glosser: Glosser) -> None:
    assert found(glosser, "NTRものはちょっと、tsundereだよね") == [
        ("NTR", "netorare"),
        ("tsundere", "tsundere"),
    ]


def test_katakana_and_hiragana_fold_together(glosser: Glosser) -> None:
    assert found(glosser, "ネトラレ と ねとられ") == [
        ("ネトラレ", "netorare"),
        ("ねとられ", "netorare"),
    ]


def test_longest_match_wins(glosser: Glosser) -> None:
    assert found(glosser, "a reverse harem, then a plain harem") == [
        ("reverse harem", "reverse-harem"),
        ("harem", "harem"),
    ]
    assert found(glosser, "reverse-harem") == [("reverse-harem", "reverse-harem")]
    assert found(glosser, "寝取られ and 寝取り") == [("寝取られ", "netorare"), ("寝取り", "netori")]


@pytest.mark.parametrize(
    "text", ["slow burn", "slow-burn", "slow  burn", "slow_burn", "slow - burn", "Slow\nBurn"]
)
def test_separators_are_equivalent(glosser: Glosser, text: str) -> None:
    assert found(glosser, f"such a {text}!") == [(text, "slow-burn")]


def test_an_underscore_separates_words(glosser: Glosser) -> None:
    assert found(glosser, "#NTR_tag #isekai_anime") == [("NTR", "netorare"), ("isekai", "isekai")]


@pytest.mark.parametrize(
    "text", ["shounen", "shōnen", "shonen", "sho\u0304nen", "SHŌNEN", "Shônen"]
)
def test_long_vowels_and_diacritics(glosser: Glosser, text: str) -> None:
    assert found(glosser, f"a {text} series") == [(text, "shounen")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("all the tsunderes", "tsunderes"),
        ("two waifus", "waifus"),
        ("my waifu's hair", "waifu's"),
        ("dubs and subs", "dubs"),
        ("so many kisses", "kisses"),
        ("the LNs", "LNs"),
    ],
)
def test_plurals_and_possessives(glosser: Glosser, text: str, expected: str) -> None:
    assert found(glosser, text)[0][0] == expected


def test_plural_needs_a_plural_ending(glosser: Glosser) -> None:
    assert found(glosser, "waifuses tsunderess harems") == [("harems", "harem")]


def test_apostrophes_in_names_are_optional(glosser: Glosser) -> None:
    assert found(glosser, "boys' love, boys love, Boys’ Love") == [
        ("boys' love", "boys-love"),
        ("boys love", "boys-love"),
        ("Boys’ Love", "boys-love"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＮＴＲ展開", [("ＮＴＲ", "netorare")]),
        ("the ＡＵ version", [("ＡＵ", "alternate-universe")]),
        ("ｓｌｏｗ　ｂｕｒｎ", [("ｓｌｏｗ　ｂｕｒｎ", "slow-burn")]),
        ("ﾂﾝﾃﾞﾚだ", [("ﾂﾝﾃﾞﾚ", "tsundere")]),
        ("ツンテ\u3099レ", [("ツンテ\u3099レ", "tsundere")]),
        ("㍿ ﬁne café then NTR", [("NTR", "netorare")]),
        ("e\u0301\u0301\u0301 ＬＮ", [("ＬＮ", "light-novel")]),
    ],
)
def test_offsets_point_into_the_original(
    glosser: Glosser, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(glosser, text) == expected


def test_offsets_after_length_changing_text_on_many_lines(glosser: Glosser) -> None:
    lines = ["plain line with a dub", "㍿㍿ ＮＴＲ and ﬁ", "ｗｗｗ tsundere", "sho\u0304nen jump"]
    text = "\n".join(lines * 50)
    spans = glosser.spans(text)
    assert [s.id for s in spans[:4]] == ["dub", "netorare", "tsundere", "shounen"]
    assert len(spans) == 200
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_offsets_in_a_long_line_with_one_wide_letter(glosser: Glosser) -> None:
    text = "word " * 3000 + "ｄｕｂ e\u0301 AU " + "sub " * 2000 + "ツンデレ" * 900
    spans = glosser.spans(text)
    assert [s.text for s in spans[:3]] == ["ｄｕｂ", "AU", "sub"]
    assert len(spans) == 2 + 2000 + 900
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_hidden_entries_are_not_reported(glossary: Glossary) -> None:
    text = "NTR and netori, plus a dub"
    shown = Glosser.from_glossary(glossary)
    assert [s.id for s in shown.spans(text)] == ["netorare", "netori", "dub"]
    mature = {e.id for e in glossary.entries.values() if e.mature}
    hidden = Glosser.from_glossary(glossary, hide=mature)
    assert [s.id for s in hidden.spans(text)] == ["dub"]


def test_summarize_orders_by_first_appearance(glossary: Glossary, glosser: Glosser) -> None:
    text = "The dub is fine, the LN is better; dub vs sub again: sub, sub, and one more dub."
    assert summarize(glossary, glosser.spans(text)) == [
        Found("dub", "Dub", "Summary of Dub.", 3),
        Found("light-novel", "Light novel", "Summary of Light novel.", 1),
        Found("sub", "Sub", "Summary of Sub.", 3),
    ]


def test_summarize_skips_unknown_entries(glossary: Glossary) -> None:
    spans = [Span(0, 3, "gone", "abc"), Span(4, 7, "dub", "dub")]
    assert [f.id for f in summarize(glossary, spans)] == ["dub"]


def test_ids_one_letter_names_and_ties() -> None:
    glosser = Glosser(
        [
            ("ooc", "id", "ooc"),
            ("ooc", "abbreviation", "OOC"),
            ("x", "term", "X"),
            ("first", "alias", "shared name"),
            ("second", "term", "Shared name"),
        ]
    )
    assert found(glosser, "ooc x OOC") == [("OOC", "ooc")]
    assert found(glosser, "a shared name") == [("shared name", "second")]


def test_a_lower_case_capitals_name_leaves_room_for_a_shorter_one() -> None:
    glosser = Glosser([("big", "abbreviation", "AB CD"), ("small", "alias", "ab")])
    assert found(glosser, "AB CD") == [("AB CD", "big")]
    assert found(glosser, "ab cd") == [("ab", "small")]


def test_same_spelling_in_capitals_and_not() -> None:
    glosser = Glosser([("a", "abbreviation", "SOL"), ("a", "term", "Sol")])
    assert found(glosser, "sol SOL") == [("sol", "a"), ("SOL", "a")]


def test_names_mixing_scripts() -> None:
    glosser = Glosser(
        [
            ("bl-manga", "term", "BL漫画"),
            ("bl", "abbreviation", "BL"),
            ("manga", "native", "漫画"),
            ("ntr-mono", "alias", "NTRもの"),
            ("ntr", "abbreviation", "NTR"),
        ]
    )
    assert found(glosser, "BL漫画とBL 漫画") == [
        ("BL漫画", "bl-manga"),
        ("BL", "bl"),
        ("漫画", "manga"),
    ]
    assert found(glosser, "NTRもの、ntrもの、NTR、XBL漫画") == [
        ("NTRもの", "ntr-mono"),
        ("ntrもの", "ntr-mono"),
        ("NTR", "ntr"),
        ("漫画", "manga"),
    ]


def test_nothing_to_find() -> None:
    assert Glosser([]).spans("anything") == []
    assert Glosser([("a", "term", "word")]).spans("") == []
    assert Glosser([("manga", "native", "漫画")]).spans("plain ASCII text") == []


WORDS = st.sampled_from(
    [
        "AU",
        "au",
        "LN",
        "sub",
        "subway",
        "ＮＴＲ",
        "ﾂﾝﾃﾞﾚ",
        "異世界",
        "slow",
        "burn",
        "㍿",
        "ﬁ",
        "e\u0301",
    ]
)


@settings(deadline=None)
@given(
    st.lists(st.one_of(WORDS, st.text(max_size=4)), max_size=12),
    st.sampled_from([" ", "-", "", "\n"]),
)
def test_spans_always_slice_the_original(glosser: Glosser, words: list[str], sep: str) -> None:
    text = sep.join(words)
    ends = 0
    for span in glosser.spans(text):
        assert ends <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        ends = span.end


def test_undecodable_bytes_from_stdin(glosser: Glosser) -> None:
    text = b"the \xff AU \xfe\xfd dub".decode("utf-8", "surrogateescape")
    assert found(glosser, text) == [("AU", "alternate-universe"), ("dub", "dub")]
