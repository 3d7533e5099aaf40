"""The matcher against realistic queries of every kind, on the bundled glossary.

Each row is a query a person might type and the entry it must reach (None: nothing,
exit 1). The kinds mirror the ones the matcher is judged on: exact names,
abbreviations, native script, kana, romanization variants, typos, question phrasing,
plurals, and unrelated words.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from termcli.glossary import load
from termcli.keyindex import MemoryIndex
from termcli.model import Glossary
from termcli.search import Outcome, context_words
from termcli.search import lookup as search_lookup

GLOSSARY: Glossary = load()


@pytest.fixture(scope="module")
def index() -> MemoryIndex:
    return MemoryIndex.from_glossary(GLOSSARY)


def lookup(index: MemoryIndex, query: str, hide_mature: bool = False) -> Outcome:
    """As the tool looks up: with each entry's context words."""
    return search_lookup(
        index, query, hide_mature, entry_words=lambda i: context_words(GLOSSARY, i)
    )


FOUND = [
    # exact names and abbreviations
    ("NTR", "netorare"),
    ("ntr", "netorare"),
    ("netorare", "netorare"),
    ("Netori", "netori"),
    ("netorase", "netorase"),
    ("cuckold", "cuckold"),
    ("BL", "boys-love"),
    ("OTP", "otp"),
    ("LN", "light-novel"),
    ("VN", "visual-novel"),
    ("OOC", "ooc"),
    ("AU", "alternate-universe"),
    ("ERP", "erp"),
    ("SoL", "slice-of-life"),
    ("OVA", "ova"),
    ("character card", "character-card"),
    ("character-card", "character-card"),
    ("lorebook", "lorebook"),
    ("vampire gf", "vampire-girlfriend"),
    ("context window", "context-window"),
    ("system prompt", "system-prompt"),
    ("ai companion", "ai-companion"),
    ("companion memory", "companion-memory"),
    ("fan service", "fan-service"),
    ("fanservice", "fan-service"),
    ("weeb", "weeaboo"),
    # native script, full width and kana
    ("寝取られ", "netorare"),
    ("ネトラレ", "netorare"),
    ("ねとられ", "netorare"),
    ("ＮＴＲ", "netorare"),
    ("ツンデレ", "tsundere"),
    ("つんでれ", "tsundere"),
    ("ヤンデレ", "yandere"),
    ("異世界", "isekai"),
    ("少年", "shounen"),
    ("声優", "seiyuu"),
    ("中二病", "chuunibyou"),
    ("同人誌", "doujinshi"),
    # romanization variants
    ("shōnen", "shounen"),
    ("shonen", "shounen"),
    ("Shounen", "shounen"),
    ("shojo", "shoujo"),
    ("shōjo", "shoujo"),
    ("chunibyo", "chuunibyou"),
    ("seiyu", "seiyuu"),
    ("kohai", "kouhai"),
    ("bishonen", "bishounen"),
    ("ojousama", "ojou-sama"),
    ("tankobon", "tankoubon"),
    ("shonen ai", "shounen-ai"),
    # typos
    ("yandre", "yandere"),
    ("tsundre", "tsundere"),
    ("tsunderre", "tsundere"),
    ("kuudree", "kuudere"),
    ("netorrae", "netorare"),
    ("hentia", "hentai"),
    ("isekia", "isekai"),
    ("lorebok", "lorebook"),
    ("charcter card", "character-card"),
    ("scanlaiton", "scanlation"),
    ("doujinsi", "doujinshi"),
    ("waifuu", "waifu"),
    ("chuunibyo", "chuunibyou"),
    ("halucination", "hallucination"),
    ("metagameing", "metagaming"),
    # question framing
    ("what does ntr mean", "netorare"),
    ("What does NTR mean?", "netorare"),
    ("what is a yandere", "yandere"),
    ("what's a tsundere?", "tsundere"),
    ("define isekai", "isekai"),
    ("meaning of moe", "moe"),
    ("ntr meaning", "netorare"),
    ("what is a lorebook", "lorebook"),
    ("what does OOC mean in roleplay", "ooc"),
    ("what is the meaning of waifu", "waifu"),
    ("what does senpai mean", "senpai"),
    # plurals
    ("tsunderes", "tsundere"),
    ("yanderes", "yandere"),
    ("waifus", "waifu"),
    ("lorebooks", "lorebook"),
    ("character cards", "character-card"),
    ("catgirls", "catgirl"),
    ("tokens", "token"),
    ("vtubers", "vtuber"),
    ("OCs", "original-character"),
    ("AUs", "alternate-universe"),
    # one typo in a short name, with nothing else close
    ("iskai", "isekai"),
    ("hetai", "hentai"),
    ("kawii", "kawaii"),
    # a name inside a longer query, the other words being the domain's own
    ("token limit", "token"),
    ("otaku culture", "otaku"),
    ("jailbreak prompt", "jailbreak"),
    # questions that judge rather than ask for a meaning
    ("is ntr bad", "netorare"),
    ("what is meant by headcanon", "headcanon"),
    ("what is a cat girl", "catgirl"),
    ("ツンデレとは", "tsundere"),
    ("ヤンデレの意味", "yandere"),
    # two names compared: the first is the answer (`term compare` shows both)
    ("tsundere vs yandere", "tsundere"),
    ("difference between dub and sub", "dub"),
    ("is ecchi the same as hentai", "ecchi"),
    # requests around a name
    ("yuri manga recs", "yuri"),
    ("best isekai manga 2024", "isekai"),
    ("lemon fanfic", "lemon"),
    ("persona drift in long chats", "persona-drift"),
]


@pytest.mark.parametrize(("query", "expected"), FOUND)
def test_query_finds_entry(index: MemoryIndex, query: str, expected: str) -> None:
    outcome = lookup(index, query)
    assert outcome.status == "found", (query, outcome.status, outcome.matches[:3])
    assert outcome.best is not None and outcome.best.id == expected


NOTHING = [
    "kubernetes",
    "photosynthesis",
    "221B Baker Street",
    "1600 Pennsylvania Avenue NW",
    "sourdough starter",
    "quarterly tax return",
    "mitochondria",
    "javascript promise",
    "xyzzy",
    "the",
    "carburetor",
    "spreadsheet",
    "12 Canon Street",
    "42 Token Road, Springfield",
]


@pytest.mark.parametrize("query", NOTHING)
def test_unrelated_words_find_nothing(index: MemoryIndex, query: str) -> None:
    outcome = lookup(index, query)
    assert outcome.status == "none", (query, outcome.matches[:3])
    assert len(outcome.matches) <= 5


def test_short_typo_is_a_close_call_not_a_guess(index: MemoryIndex) -> None:
    outcome = lookup(index, "ovn")
    assert outcome.status in ("ambiguous", "none")


def test_mature_best_match_is_hidden_not_replaced(index: MemoryIndex) -> None:
    outcome = lookup(index, "ntr", hide_mature=True)
    assert outcome.status == "hidden"
    assert outcome.matches == []


@pytest.mark.parametrize(
    "query", ["canon street", "sensei", "kimono", "meaning of life", "opening hours", "message"]
)
def test_near_misses_are_never_a_confident_answer(index: MemoryIndex, query: str) -> None:
    assert lookup(index, query).status != "found"


def _glossary_of(tmp_path: Path, entries: list[dict[str, object]]) -> str:
    path = tmp_path / "words.json"
    path.write_text(json.dumps({"schema_version": 1, "entries": entries}), encoding="utf-8")
    return str(path)


def test_a_headword_answers_before_an_alias_spelled_the_same(tmp_path: Path) -> None:
    from tests.helpers import term

    g = _glossary_of(
        tmp_path,
        [
            {"id": "zz-glimmer", "term": "Glimmerlamp", "definition": "A lamp."},
            {
                "id": "aa-other",
                "term": "Brightwick",
                "aliases": ["glimmerlamp"],
                "definition": "A wick.",
            },
        ],
    )
    r = json.loads(term("--glossary", g, "glimmerlamp", "--json").stdout)
    assert r["status"] == "found" and r["entry"]["id"] == "zz-glimmer"
    shown = term("--glossary", g, "glimmerlamp", "--plain").stdout
    assert shown.startswith("'glimmerlamp' also names Brightwick [aa-other]")


def test_a_name_spelled_as_typed_answers_before_one_met_without_spaces(tmp_path: Path) -> None:
    from tests.helpers import term

    g = _glossary_of(
        tmp_path,
        [
            {"id": "a-joined", "term": "Paperlamp", "definition": "A brand."},
            {"id": "b-spaced", "term": "Paper lamp", "definition": "A lamp of paper."},
        ],
    )
    spaced = json.loads(term("--glossary", g, "paper lamp", "--json").stdout)
    joined = json.loads(term("--glossary", g, "paperlamp", "--json").stdout)
    assert spaced["entry"]["id"] == "b-spaced"
    assert joined["entry"]["id"] == "a-joined"


def test_declared_senses_of_one_headword_stay_candidates(tmp_path: Path) -> None:
    from tests.helpers import term

    g = _glossary_of(
        tmp_path,
        [
            {"id": "glim-a", "term": "Glimmer", "sense": "the lamp", "definition": "A lamp."},
            {"id": "glim-b", "term": "Glimmer", "sense": "the fish", "definition": "A fish."},
        ],
    )
    r = json.loads(term("--glossary", g, "glimmer", "--json").stdout)
    assert r["status"] == "ambiguous"
    assert {m["id"] for m in r["matches"]} >= {"glim-a", "glim-b"}
