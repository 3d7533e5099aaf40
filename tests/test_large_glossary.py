"""A user glossary is parsed once, when its index is built: every command after that
reads the indexes, so a large glossary costs what its answer needs, not its size."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import term

from termcli import index as idx
from termcli import textindex


def _entries(n: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {
            "id": f"lamp-{i}",
            "term": f"Lamp {i:03d} quibble",
            "definition": f"A paper lantern numbered {i}, hung at the harvest fair.",
            "tags": ["lighting"],
            "categories": ["things"],
        }
        for i in range(n)
    ]
    out[3]["rating"] = "mature"
    out[3]["tags"] = ["lighting", "sexual-content"]
    out[3]["avoid"] = "Comes with adult scenes."
    # Out of id order on purpose: the file's order is what exports keep.
    out.insert(0, {"id": "zither", "term": "Zither", "definition": "A stringed thing."})
    return out


def write(path: Path, n: int = 12) -> Path:
    doc = {
        "schema_version": 1,
        "title": "Fair words",
        "description": "Words of the harvest fair.",
        "entries": _entries(n),
        "faq": [
            {
                "id": "lamp-faq",
                "question": "Why are the lamps numbered?",
                "answer": "So the fair keeps count of them.",
                "entries": ["lamp-1"],
            }
        ],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A glossary whose indexes are built; from then on, reading its JSON fails the test."""
    g = write(tmp_path / "fair.json")
    assert term("--glossary", str(g), "search", "lantern", "--json").exit_code == 0

    def no_parse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the JSON was parsed although its indexes are current")

    monkeypatch.setattr("termcli.jsonstream.stream", no_parse)
    monkeypatch.setattr("termcli.glossary.read_json", no_parse)
    return g


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--tag", "lighting"],
        ["list", "--categories"],
        ["search", "lantern"],
        ["gloss", "Lamp 004 quibble at the fair"],
        ["faq", "why are the lamps numbered"],
        ["related", "lamp 1"],
        ["random"],
        ["compare", "lamp 1", "zither"],
        ["--hide-mature", "search", "lantern"],
        ["--hide", "tag:lighting", "list"],
    ],
)
def test_commands_read_the_indexes_not_the_json(built: Path, args: list[str]) -> None:
    r = term("--glossary", str(built), *args, "--plain")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip()


def test_export_keeps_the_file_order_title_and_description(built: Path) -> None:
    r = term("--glossary", str(built), "export", "--all", "--format", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    ids = [e["id"] for e in doc["entries"]]
    mine = [i for i in ids if i == "zither" or i.startswith("lamp-")]
    assert mine == ["zither", *(f"lamp-{i}" for i in range(12))]
    md = term("--glossary", str(built), "export", "--all").stdout
    assert md.startswith("# Fair words") and "Words of the harvest fair." in md


def test_filters_hold_when_reading_the_indexes(built: Path) -> None:
    shown = term("--glossary", str(built), "--hide-mature", "list", "--json", "--tag", "lighting")
    ids = {e["id"] for e in json.loads(shown.stdout)["entries"]}
    assert "lamp-3" not in ids and "lamp-4" in ids
    found = term("--glossary", str(built), "--hide-mature", "search", "lantern 3", "--json")
    assert "lamp-3" not in {h["id"] for h in json.loads(found.stdout)["results"]}
    blocked = term("--glossary", str(built), "--hide", "lamp 2", "search", "lantern", "--json")
    assert "lamp-2" not in {h["id"] for h in json.loads(blocked.stdout)["results"]}


@pytest.fixture
def beside(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as large: its text index is built by the second process."""
    monkeypatch.setattr(textindex, "BESIDE_BYTES", 0)


@pytest.fixture
def looked_up(tmp_path: Path, beside: None) -> Path:
    """A glossary after its first lookup, which built both its indexes."""
    g = write(tmp_path / "fair.json")
    assert term("--glossary", str(g), "lookup", "lamp 5", "--plain").exit_code == 0
    return g


def _temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".tmp" in p.name] if folder.is_dir() else []


def test_a_large_file_has_its_text_index_built_beside_the_lookup_index(looked_up: Path) -> None:
    g = looked_up
    text = textindex.cache_path(g)
    assert text.is_file(), "the child process built no text index"
    assert textindex.TextIndex(text).current(g)
    assert _temp_files(text.parent) == []
    r = term("--glossary", str(g), "search", "lantern", "--json")
    assert json.loads(r.stdout)["results"]


def test_a_broken_large_file_leaves_no_index_behind(tmp_path: Path, beside: None) -> None:
    g = tmp_path / "fair.json"
    entries = _entries(12)
    entries[5]["related"] = [{"id": "nowhere", "type": "see-also"}]
    g.write_text(json.dumps({"schema_version": 1, "entries": entries}), encoding="utf-8")
    r = term("--glossary", str(g), "lookup", "lamp 5", "--plain")
    assert r.exit_code == 2 and "nowhere" in r.stderr
    assert not idx.cache_path(g).exists()
    assert _temp_files(idx.cache_path(g).parent) == []


def test_a_glossary_too_large_to_compile_is_glossed_from_its_index(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from termcli import glossindex

    monkeypatch.setattr(glossindex, "COMPILED_MAX_ENTRIES", 0)
    r = term("--glossary", str(built), "gloss", "Lamp 004 quibbles and NTR at the fair", "--json")
    assert r.exit_code == 0, r.stderr
    assert {s["id"] for s in json.loads(r.stdout)["spans"]} == {"lamp-4", "netorare"}


def test_a_current_text_index_is_not_built_again_with_the_lookup_index(
    looked_up: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    g = looked_up
    idx.cache_path(g).unlink()  # only the lookup index is lost

    def no_child(*args: object, **kwargs: object) -> object:
        raise AssertionError("a second build of a current text index")

    monkeypatch.setattr(subprocess, "Popen", no_child)
    assert term("--glossary", str(g), "lookup", "lamp 5", "--plain").exit_code == 0
    assert idx.cache_path(g).is_file()
