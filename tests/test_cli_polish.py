"""Small promises of issue 11: --exact, filters in any case, facet lists, summaries, kana."""

from __future__ import annotations

import json

import pytest

from helpers import term
from termcli.commandline import parse_fast
from termcli.keyindex import MemoryIndex
from termcli.model import Entry
from termcli.normalize import fold, kana_to_romaji, loose_key
from termcli.search import lookup


def test_exact_turns_fuzzy_matching_off() -> None:
    assert term("lookup", "tsundre", "--plain").exit_code == 0
    r = term("--exact", "lookup", "tsundre", "--plain")
    assert r.exit_code == 1 and "no entry for 'tsundre'" in r.stderr
    r = term("lookup", "TSUNDERE", "--exact", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["entry"]["id"] == "tsundere"


def test_exact_is_read_by_the_fast_path_too() -> None:
    fast = parse_fast(["tsundre", "--exact"])
    assert fast is not None and fast[0].exact and fast[1] == "tsundre"


def test_exact_skips_prefix_and_word_matches() -> None:
    index = MemoryIndex([("doujinshi", "Doujinshi", False, [("term", "Doujinshi")])])
    assert lookup(index, "doujin").status != "none"
    assert lookup(index, "doujin", exact=True).status == "none"
    assert lookup(index, "doujinshi", exact=True).status == "found"


def test_category_and_tag_ignore_case() -> None:
    lower = term("list", "--category", "archetype", "--json")
    upper = term("list", "--category", "ARCHETYPE", "--json")
    assert lower.exit_code == upper.exit_code == 0
    assert json.loads(upper.stdout) == json.loads(lower.stdout)
    tag = term("list", "--tags", "--json")
    name = json.loads(tag.stdout)["tags"][0]["name"]
    shouted = json.loads(term("list", "--tag", name.upper(), "--json").stdout)["entries"]
    assert (
        shouted and shouted == json.loads(term("list", "--tag", name, "--json").stdout)["entries"]
    )


def test_list_categories_and_tags_with_counts() -> None:
    r = term("list", "--categories", "--json")
    assert r.exit_code == 0
    cats = json.loads(r.stdout)["categories"]
    by_name = {c["name"]: c["entries"] for c in cats}
    archetypes = json.loads(term("list", "--category", "archetype", "--json").stdout)["entries"]
    assert by_name["archetype"] == len(archetypes)
    assert [c["entries"] for c in cats] == sorted((c["entries"] for c in cats), reverse=True)
    plain = term("list", "--tags", "--plain")
    assert plain.exit_code == 0 and " entries" in plain.stdout
    both = term("list", "--tags", "--categories")
    assert both.exit_code == 2 and "one of them" in both.stderr


def test_facets_follow_the_filters() -> None:
    r = term("list", "--category", "archetype", "--tags", "--json")
    tags = json.loads(r.stdout)["tags"]
    assert tags and sum(t["entries"] for t in tags) >= 1
    everything = {
        t["name"]: t["entries"] for t in json.loads(term("list", "--tags", "--json").stdout)["tags"]
    }
    assert all(t["entries"] <= everything[t["name"]] for t in tags)


def entry(definition: str) -> Entry:
    return Entry(id="x", term="X", definition=definition)


@pytest.mark.parametrize(
    ("definition", "short"),
    [
        (
            "A trope, e.g. a childhood friend who loses. It is common.",
            "A trope, e.g. a childhood friend who loses.",
        ),
        ("Say i.e. the same thing. Then more.", "Say i.e. the same thing."),
        ("Maids, butlers etc. are staff. More.", "Maids, butlers etc. are staff."),
        ("Cats vs. dogs, the eternal fight. More.", "Cats vs. dogs, the eternal fight."),
        ("Named after Mr. Tanaka of the studio. More.", "Named after Mr. Tanaka of the studio."),
        ("Version 2.5 changed the rules. More.", "Version 2.5 changed the rules."),
        ("Only one sentence", "Only one sentence."),
    ],
)
def test_fallback_summary_does_not_cut_at_abbreviations(definition: str, short: str) -> None:
    assert entry(definition).short == short


@pytest.mark.parametrize(
    ("kana", "romaji"),
    [
        ("ファ", "fa"),
        ("ティ", "ti"),
        ("ディ", "di"),
        ("ヴァ", "va"),
        ("ヴ", "vu"),
        ("フィ", "fi"),
        ("ウィ", "wi"),
        ("チェ", "che"),
        ("シェ", "she"),
        ("ジェ", "je"),
        ("マッチ", "matchi"),
        ("っち", "tchi"),
        ("ファン", "fan"),
        ("パーティ", "pa-ti".replace("-", "ー")),
        ("きょう", "kyou"),
    ],
)
def test_kana_digraphs_romanize(kana: str, romaji: str) -> None:
    assert kana_to_romaji(fold(kana)) == romaji


def test_loanword_kana_meet_their_romaji() -> None:
    assert loose_key("ファン") == loose_key("fan")
    assert loose_key("パーティー") == loose_key("pati")
