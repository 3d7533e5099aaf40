"""Golden files pin the exact text of a rendered card and of plain output.

Run with UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from tests.helpers import term

from termcli import layout, plain, render
from termcli.glossary import load_file, merge
from termcli.views import entry_view

GOLDEN = Path(__file__).parent / "golden"
MINI = Path(__file__).parent / "data" / "mini.json"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def mini():  # type: ignore[no-untyped-def]
    return merge([load_file(MINI)])


def test_plain_card_golden(mini) -> None:  # type: ignore[no-untyped-def]
    check_golden(
        "card_netorare.txt", plain.text(layout.card(entry_view(mini, mini.entries["netorare"])))
    )


def test_rendered_card_golden(mini) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console

    console = Console(
        file=io.StringIO(),
        width=80,
        color_system=None,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    console.print(render.group(layout.card(entry_view(mini, mini.entries["netorare"])), 80))
    check_golden("card_netorare.rich.txt", console.file.getvalue())  # type: ignore[attr-defined]


def test_plain_cli_output_golden() -> None:
    r = term("--glossary", str(MINI), "related", "netorare", "--depth", "2")
    assert r.exit_code == 0
    check_golden("related_netorare.txt", r.stdout)
    r = term("--glossary", str(MINI), "compare", "netorare", "netori")
    check_golden("compare_netorare_netori.txt", r.stdout)
