"""The bundled glossary: integrity and the minimum coverage the product promises."""

from __future__ import annotations

import re

import pytest

from termcli.glossary import collisions, load
from termcli.model import Glossary

REQUIRED = [
    "netorare",
    "netori",
    "netorase",
    "cuckold",
    "love-triangle",
    "harem",
    "reverse-harem",
    "yuri",
    "yaoi",
    "boys-love",
    "shounen-ai",
    "shoujo-ai",
    "ecchi",
    "hentai",
    "ahegao",
    "fan-service",
    "doujinshi",
    "eroge",
    "nsfw",
    "sfw",
    "lewd",
    "shipping",
    "otp",
    "crack-ship",
    "slow-burn",
    "enemies-to-lovers",
    "osananajimi",
    "waifu",
    "husbando",
    "best-girl",
    "oshi",
    "tsundere",
    "yandere",
    "kuudere",
    "dandere",
    "deredere",
    "himedere",
    "moe",
    "gap-moe",
    "chuunibyou",
    "genki",
    "onee-san",
    "ojou-sama",
    "imouto",
    "senpai",
    "kouhai",
    "bishounen",
    "bishoujo",
    "kemonomimi",
    "catgirl",
    "magical-girl",
    "villainess",
    "monster-girl",
    "vampire-girlfriend",
    "mary-sue",
    "self-insert",
    "honorifics",
    "anime",
    "manga",
    "otaku",
    "weeaboo",
    "kawaii",
    "cosplay",
    "fansub",
    "scanlation",
    "simulcast",
    "dub",
    "sub",
    "seiyuu",
    "mangaka",
    "tankoubon",
    "light-novel",
    "visual-novel",
    "gacha",
    "vtuber",
    "canon",
    "headcanon",
    "fanon",
    "alternate-universe",
    "fanfiction",
    "crossover",
    "filler",
    "ova",
    "ona",
    "sakuga",
    "manhwa",
    "manhua",
    "webtoon",
    "comiket",
    "imageboard",
    "booru",
    "content-warning",
    "tag-blacklist",
    "spoiler",
    "shounen",
    "shoujo",
    "seinen",
    "josei",
    "isekai",
    "mecha",
    "slice-of-life",
    "iyashikei",
    "ai-companion",
    "ai-girlfriend",
    "ai-roleplay",
    "character-card",
    "persona",
    "companion-memory",
    "context-window",
    "token",
    "system-prompt",
    "first-message",
    "lorebook",
    "example-dialogue",
    "jailbreak",
    "content-filter",
    "swipe",
    "ooc",
    "temperature",
    "persona-drift",
    "hallucination",
    "erp",
    "godmodding",
    "metagaming",
]

DISTINCTIONS = [
    {"netorare", "netori", "netorase", "cuckold", "cheating", "bss"},
    {"non-con", "dub-con", "cnc"},
    {"guro", "ryona", "gore"},
    {"swipe", "regenerate", "continue-chat-action"},
    {"tsundere", "yandere", "kuudere", "dandere"},
    {"shounen", "shoujo", "seinen", "josei"},
    {"boys-love", "yaoi", "shounen-ai"},
    {"yuri", "shoujo-ai"},
    {"ecchi", "hentai"},
    {"fansub", "scanlation", "simulcast"},
    {"dub", "sub"},
    {"manga", "manhwa", "manhua", "webtoon"},
    {"light-novel", "visual-novel"},
    {"canon", "headcanon", "fanon"},
    {"otaku", "weeaboo"},
    {"character-card", "persona", "lorebook", "system-prompt"},
    {"companion-memory", "context-window"},
    {"ova", "ona"},
    {"waifu", "husbando", "oshi"},
    {"godmodding", "metagaming"},
]


@pytest.fixture(scope="module")
def g() -> Glossary:
    return load()


def test_sizes(g: Glossary) -> None:
    assert len(g.entries) >= 450
    assert len(g.distinctions) >= 40
    assert len(g.faq) >= 120


def test_required_ids_present(g: Glossary) -> None:
    assert not set(REQUIRED) - set(g.entries)


@pytest.mark.parametrize("members", DISTINCTIONS, ids=lambda m: "-".join(sorted(m)))
def test_required_distinction_tables(g: Glossary, members: set[str]) -> None:
    tables = [d for d in g.distinctions if members <= set(d.entries)]
    assert tables, members
    for d in tables:
        assert d.takeaway and len(d.aspects) >= 2
        assert all(a.name for a in d.aspects)


def test_no_shared_names_but_declared_senses(g: Glossary) -> None:
    assert collisions(g) == []
    senses = [e for e in g.entries.values() if e.sense]
    assert len(senses) >= 10


def test_every_entry_is_complete(g: Glossary) -> None:
    for e in g.entries.values():
        assert e.summary and len(e.summary) <= 140, e.id
        sentences = len(re.findall(r"[.!?](?:\s|$)", e.definition))
        assert 2 <= sentences <= 5, (e.id, sentences)
        assert e.categories and e.rating in ("general", "mature"), e.id
        assert len(g.relations(e.id)) >= 2, e.id
        if e.native is not None and e.native.language == "ja":
            assert e.native.reading, e.id
        assert e.sources and all(src.title and src.url.startswith("http") for src in e.sources), (
            e.id
        )
        assert 3 <= len(e.keywords) <= 8, e.id
        assert not any(e.term.casefold() == k.casefold() for k in e.keywords), e.id


def test_rating_rule(g: Glossary) -> None:
    """data/GUIDE.md: mature exactly when the subject is sexual or a graphic dark theme."""
    for e in g.entries.values():
        adult = {"sexual-content", "dark-theme"} & set(e.tags)
        assert bool(adult) == e.mature, e.id
        if e.mature or "content-tag" in e.tags:
            assert e.avoid, e.id


def test_usage_labels(g: Glossary) -> None:
    trap = g.entries["trap"]
    assert trap.usage is not None and "offensive" in trap.usage.labels
    assert "otokonoko" in trap.usage.note.casefold()


def test_mature_ratings(g: Glossary) -> None:
    for entry_id in (
        "netorare",
        "netori",
        "netorase",
        "cuckold",
        "hentai",
        "ahegao",
        "eroge",
        "erp",
    ):
        assert g.entries[entry_id].rating == "mature", entry_id


def test_faq_links_entries(g: Glossary) -> None:
    for q in g.faq:
        assert q.entries and q.question.endswith("?"), q.id
    questions = {q.question for q in g.faq}
    for required in ("What does NTR stand for?", "Is NTR the same as cuckolding?"):
        assert required in questions


def test_infidelity_family_aspects(g: Glossary) -> None:
    d = next(d for d in g.distinctions if d.id == "infidelity-family")
    names = " ".join(a.name.casefold() for a in d.aspects)
    assert "taken partner consent" in names and "viewpoint character consent" in names
    assert {"cheating", "bss"} <= set(d.entries)
