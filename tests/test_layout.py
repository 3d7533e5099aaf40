"""One layout per view: plain text and Rich say the same words in the same order,
and every view's JSON has the documented shape."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from termcli import commands, layout, plain, render
from termcli import views as v
from termcli.blocks import Block, Table
from termcli.commandline import Options
from termcli.session import Session

MINI = Path(__file__).parent / "data" / "mini.json"


def session(**kw: object) -> Session:
    return Session(Options(**kw))  # type: ignore[arg-type]


_made: dict[str, dict[str, v.View]] = {}


def sample_views() -> dict[str, v.View]:
    """Every kind of view, made once (inside a test, so under its TERMCLI_HOME)."""
    if "views" in _made:
        return _made["views"]
    s = session()
    s.notes.add("tsundere", "Tsundere", "seen in a [bold] forum :warning:")
    _made["views"] = {
        "card": commands.lookup(s, "ntr"),
        "candidates": commands.lookup(s, "love"),
        "tree": commands.related(s, "ntr", 2),
        "compare": commands.compare(s, ["ntr", "netori"]),
        "compare-summaries": commands.compare(s, ["tsundere", "mecha"]),
        "faq": commands.faq(s, "what does ntr stand for"),
        "faq-list": commands.faq(s, ""),
        "search": commands.search(s, "betrayal", 5),
        "list": commands.list_entries(s, "archetype", None, None),
        "gloss": commands.gloss(s, "the LN was better, no NTR please"),
        "notes": commands.note_list(s, None),
        "check": commands.check(s, MINI, True, False),
        "paths": commands.show_paths(s),
        "random": commands.random_entry(s),
    }
    return _made["views"]


def words(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"\w+", text)]


def stdout_blocks(view: v.View) -> list[Block]:
    return [b for b in layout.blocks(view) if not b.err]


def rich_text(blocks: list[Block], width: int) -> str:
    from rich.console import Console

    console = Console(file=io.StringIO(), width=width, color_system=None, emoji=False, markup=False)
    console.print(render.group(blocks, width))
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


VIEWS = ("card", "candidates", "tree", "compare", "compare-summaries", "faq", "faq-list")
VIEWS += ("search", "list", "gloss", "notes", "check", "paths", "random")


@pytest.mark.parametrize("name", VIEWS)
def test_plain_and_rich_say_the_same_words_in_order(name: str) -> None:
    blocks = stdout_blocks(sample_views()[name])
    assert blocks, name
    # A compare grid is stacked below GRID_COLUMN_MIN columns a term, as in plain text.
    width = 60 if name == "compare" else 300
    assert words(rich_text(blocks, width)) == words(plain.text(blocks))


def test_wide_compare_grid_holds_the_same_cells() -> None:
    blocks = stdout_blocks(sample_views()["compare"])
    assert any(isinstance(b, Table) and b.header for b in blocks)
    # The grid names each term once in its header; stacked, before every cell.
    assert set(words(rich_text(blocks, 200))) == set(words(plain.text(blocks)))


SHAPES = {
    "card": {"query", "status", "entry", "matches", "hidden"},
    "candidates": {"query", "status", "entry", "matches", "hidden"},
    "tree": {"id", "term", "type", "children"},
    "compare": {"entries", "distinction"},
    "faq": {"query", "question", "others", "hidden"},
    "faq-list": {"questions"},
    "search": {"query", "results"},
    "list": {"entries"},
    "gloss": {"entries", "spans"},
    "notes": {"notes"},
    "check": {"file", "ok", "problems", "warnings", "entries", "distinctions", "faq"},
    "paths": {"places", "glossaries"},
    "random": {"query", "status", "entry", "matches", "hidden"},
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_json_shape_of_each_view(name: str) -> None:
    data = sample_views()[name].to_json()
    assert set(data) == SHAPES[name]


def test_json_details() -> None:
    views = sample_views()
    card = views["card"].to_json()
    assert card["status"] == "found" and card["entry"]["id"] == "netorare"
    assert {"relations", "distinctions", "faq", "notes"} <= set(card["entry"])
    assert views["candidates"].to_json()["status"] == "ambiguous"
    tree = views["tree"].to_json()
    assert tree["id"] == "netorare" and tree["children"][0].keys() >= {"id", "term", "type"}
    spans = views["gloss"].to_json()["spans"]
    assert {s["id"] for s in spans} >= {"netorare", "light-novel"}
    note = views["notes"].to_json()["notes"][0]
    assert note["text"] == "seen in a [bold] forum :warning:"
    assert views["check"].to_json()["ok"] is True


def test_one_candidate_is_asked_about_plainly() -> None:
    found = [v.Candidate("tsundere", "Tsundere", "Cold outside, warm inside.", "tsundere", False)]
    text = plain.text(layout.candidates("tsundre", found))
    assert text.startswith("Did you mean Tsundere?")
    assert "Cold outside" in text and "Several" not in text


def test_mature_entries_are_marked_wherever_listed() -> None:
    views = sample_views()
    for name in ("tree", "gloss", "card"):
        assert "[mature]" in plain.text(stdout_blocks(views[name])), name
    found = [v.Candidate(i, i.title(), "x", i, i == "netori") for i in ("netori", "nsfw")]
    assert "Netori [mature]" in plain.text(layout.candidates("net", found))
