"""Hostile data text prints literally and never smuggles an escape sequence out."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from tests.helpers import term

from termcli import layout, render
from termcli.glossary import load_file, merge
from termcli.views import entry_view


@pytest.fixture(autouse=True)
def _loader_lets_controls_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader refuses control characters; output sanitising is the second line of
    defence, tested here on records that get past the first."""
    monkeypatch.setattr("termcli.glossary.unsafe_text", lambda *a, **k: "")


HOSTILE = [
    "[/]",
    "[link=https://example.com]x[/link]",
    ":warning:",
    "list[int]",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "\x1bc",
    "\x1b[31mred\x1b[0m",
    "\u202eevil",
    "\x9b31m",
]


@pytest.fixture
def hostile_glossary(tmp_path: Path) -> Path:
    text = " ".join(HOSTILE)
    path = tmp_path / "hostile.json"
    path.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "entries": [
                    {
                        "id": "hostile",
                        "term": "Hostile [bold]term[/bold] \x1b[2J",
                        "aliases": ["hostile alias :smile:"],
                        "summary": text[:140],
                        "definition": text,
                        "origin": text,
                        "examples": [text],
                    }
                ],
            }
        )
    )
    return path


def _assert_literal(out: str) -> None:
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    for literal in ("[/]", "[link=https://example.com]x[/link]", ":warning:", "list[int]"):
        assert literal in out


def test_plain_output_is_literal_and_escape_free(hostile_glossary: Path) -> None:
    r = term("--glossary", str(hostile_glossary), "lookup", "hostile")
    assert r.exit_code == 0
    _assert_literal(r.stdout)
    assert "[bold]term[/bold]" in r.stdout


def test_rich_card_is_literal_and_emits_only_its_own_escapes(hostile_glossary: Path) -> None:
    from rich.console import Console

    g = merge([load_file(hostile_glossary)])
    view = entry_view(g, g.entries["hostile"])
    plain_console = Console(
        file=io.StringIO(), width=200, color_system=None, emoji=False, markup=False
    )
    plain_console.print(render.group(layout.card(view), 200))
    out = plain_console.file.getvalue()  # type: ignore[attr-defined]
    _assert_literal(out)
    colour = Console(file=io.StringIO(), width=200, force_terminal=True, color_system="truecolor")
    colour.print(render.group(layout.card(view), 200))
    styled = colour.file.getvalue()  # type: ignore[attr-defined]
    import re

    for seq in re.findall(r"\x1b[^m]*m|\x1b.", styled):
        assert re.fullmatch(r"\x1b\[[0-9;]*m", seq), repr(seq)
    assert "]52;" not in styled.replace("␛]52;", "") and "]8;;" not in styled.replace("␛]8;;", "")


def test_json_output_keeps_data_exact(hostile_glossary: Path) -> None:
    r = term("--glossary", str(hostile_glossary), "lookup", "hostile", "--json")
    data = json.loads(r.stdout)
    assert "\x1b]52;c;aGVsbG8=\x07" in data["entry"]["definition"]
    assert "\x1b" not in r.stdout  # escaped by JSON as \u001b


def test_hostile_query_is_echoed_safely() -> None:
    r = term("lookup", "\x1b]52;c;aGk=\x07zzzz")
    assert r.exit_code == 1
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
