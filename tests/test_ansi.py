"""The card drawn without Rich must look exactly as Rich draws it, colour aside."""

from __future__ import annotations

import io
import re

import pytest

from termcli import ansi, commands, layout, render
from termcli.blocks import Frame, Line, Prose
from termcli.commandline import Options
from termcli.glossary import load
from termcli.session import Session
from termcli.views import entry_view

ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;;[^\x1b]*\x1b\\")


def rich_text(blocks: list, width: int) -> str:  # type: ignore[type-arg]
    from rich.console import Console

    console = Console(
        file=io.StringIO(),
        width=width,
        color_system=None,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    console.print(render.group(blocks, width))
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize("width", [40, 57, 80, 100])
def test_bundled_cards_are_drawn_as_rich_draws_them(width: int) -> None:
    """A quarter of the cards at each width, a different quarter per width (the whole
    set at all four widths agreed when ansi.py was written; it takes half a minute)."""
    g = load()
    offset = [40, 57, 80, 100].index(width)
    for entry in list(g.entries.values())[offset::4]:
        blocks = layout.card(entry_view(g, entry))
        assert ansi.drawable(blocks)
        drawn = ESCAPES.sub("", ansi.draw(blocks, width))
        assert drawn == rich_text(blocks, width), (entry.id, width)


@pytest.mark.parametrize(
    "query", ["ntr", "tsundre", "girl who is mean but secretly likes him", "zzzqx", "harem"]
)
def test_lookup_answers_are_drawn_as_rich_draws_them(query: str) -> None:
    view = commands.lookup(Session(Options()), query)
    blocks = [b for b in layout.blocks(view) if not b.err]
    assert ansi.drawable(blocks)
    for width in (50, 100):
        assert ESCAPES.sub("", ansi.draw(blocks, width)) == rich_text(blocks, width)


def test_colour_is_roles_and_no_color_keeps_only_attributes() -> None:
    blocks = [Line([("Tsundere", "term"), (" mature", "badge"), ("src", "link:https://x.example")])]
    coloured = ansi.draw(blocks, 80)
    assert "\x1b[1;36mTsundere\x1b[0m" in coloured
    assert "\x1b]8;;https://x.example\x1b\\" in coloured
    plain = ansi.draw(blocks, 80, colour=False)
    assert plain.startswith("\x1b[1mTsundere")
    assert not re.search(r"\x1b\[[0-9;]*(3[0-7]|4[0-7])[;m]", plain)


def test_hostile_text_cannot_reach_the_terminal() -> None:
    evil = "a\x1b]52;c;SGVsbG8=\x07b\x1b[2Jc\u202ed"
    blocks = [Frame([(evil, "term")], [Prose(evil), Line([(evil, "")], bullet=True)])]
    drawn = ansi.draw(blocks, 60)
    assert "\x1b]52" not in drawn and "\x1b[2J" not in drawn and "\u202e" not in drawn
    assert "\x07" not in drawn


def test_tables_and_trees_are_left_to_rich() -> None:
    view = commands.compare(Session(Options()), ["netorare", "netori"])
    assert not ansi.drawable(layout.blocks(view))


def test_wide_characters_take_two_columns() -> None:
    assert ansi.cells("寝取られ") == 8 and ansi.cells("ntr") == 3 and ansi.cells("é") == 1
