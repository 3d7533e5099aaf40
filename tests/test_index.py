"""The compiled index of user glossaries: built once, trusted only while current."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import term

from termcli import index as idx
from termcli.normalize import one_word, query_text, strict_key
from termcli.slug import SLUG


def write_glossary(path: Path, n: int = 50, extra: list[dict[str, object]] | None = None) -> None:
    entries: list[dict[str, object]] = [
        {
            "id": f"word-{i}",
            "term": f"Widget {i:04d} frobnicator",
            "aliases": [f"gizmo{i:04d}"],
            "definition": f"Synthetic entry {i}. For tests.",
        }
        for i in range(n)
    ]
    entries += extra or []
    path.write_text(json.dumps({"schema_version": 1, "entries": entries}), encoding="utf-8")


def test_index_built_once_then_used_without_parsing_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = tmp_path / "big.json"
    write_glossary(g)
    assert term("--glossary", str(g), "lookup", "gizmo0007", "--json").exit_code == 0
    cache = idx.cache_path(g)
    assert cache.exists()

    def no_parse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the JSON was parsed although the index is current")

    monkeypatch.setattr("termcli.jsonstream.stream", no_parse)
    monkeypatch.setattr("termcli.glossary.read_json", no_parse)
    r = term("--glossary", str(g), "lookup", "gizmo0007", "--json")
    assert json.loads(r.stdout)["entry"]["id"] == "word-7"
    typo = term("--glossary", str(g), "lookup", "gizmo0O07", "--json")
    assert typo.exit_code in (0, 1)


def test_typo_and_word_lookups_in_an_index(tmp_path: Path) -> None:
    g = tmp_path / "team.json"
    write_glossary(
        g,
        extra=[
            {
                "id": "sla",
                "term": "Service level agreement",
                "abbreviations": ["SLA"],
                "definition": "A promise. Measured.",
                "related": [{"id": "netorare", "type": "see-also"}],
            }
        ],
    )
    for query in ("SLA", "service level agreemnt", "what is an sla"):
        data = json.loads(term("--glossary", str(g), "lookup", *query.split(), "--json").stdout)
        assert data["entry"] and data["entry"]["id"] == "sla", query
    entry = json.loads(term("--glossary", str(g), "lookup", "sla", "--json").stdout)["entry"]
    assert {"id": "netorare", "term": "Netorare", "type": "see-also"} in entry["relations"]
    # the implied inverse shows on the bundled entry
    ntr = json.loads(term("--glossary", str(g), "lookup", "ntr", "--json").stdout)["entry"]
    assert "sla" in {r["id"] for r in ntr["relations"]}


def test_stale_index_is_rebuilt(tmp_path: Path) -> None:
    g = tmp_path / "team.json"
    write_glossary(g, n=5)
    assert term("--glossary", str(g), "gizmo0003").exit_code == 0
    write_glossary(g, n=8)
    st = g.stat()
    os.utime(g, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    assert (
        json.loads(term("--glossary", str(g), "gizmo0007", "--json").stdout)["entry"]["id"]
        == "word-7"
    )


@pytest.mark.parametrize("damage", [b"garbage" * 100, b""])
def test_damaged_index_is_rebuilt_not_trusted(tmp_path: Path, damage: bytes) -> None:
    g = tmp_path / "team.json"
    write_glossary(g, n=5)
    term("--glossary", str(g), "gizmo0001")
    cache = idx.cache_path(g)
    cache.write_bytes(damage)
    r = term("--glossary", str(g), "gizmo0001", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["entry"]["id"] == "word-1"
    assert cache.stat().st_size > 1000


def test_bad_user_glossary_via_index_is_exit_2(tmp_path: Path) -> None:
    g = tmp_path / "team.json"
    write_glossary(
        g,
        n=3,
        extra=[
            {
                "id": "x",
                "term": "X",
                "definition": "d. e.",
                "related": [{"id": "ghost", "type": "see-also"}],
            }
        ],
    )
    r = term("--glossary", str(g), "lookup", "ntr")
    assert r.exit_code == 2
    assert "$.entries[3].related[0].id: unknown entry 'ghost'" in r.stderr


def test_config_folder_glossaries_are_layered(term_home: Path) -> None:
    folder = term_home / "config" / "glossaries"
    folder.mkdir(parents=True)
    write_glossary(folder / "team.json", n=3)
    assert json.loads(term("lookup", "gizmo0002", "--json").stdout)["entry"]["id"] == "word-2"
    assert str(folder / "team.json") in term("paths").stdout


def test_batch_mode_writes_json_lines() -> None:
    r = term("lookup", "--batch", input="ntr\n\nyandre\nkubernetes\n")
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["ntr", "yandre", "kubernetes"]
    assert [line["entry"]["id"] if line["entry"] else None for line in lines] == [
        "netorare",
        "yandere",
        None,
    ]
    assert r.exit_code == 0


def test_config_file_lists_glossaries_relative_to_the_config_folder(
    term_home: Path, tmp_path: Path
) -> None:
    config = term_home / "config"
    config.mkdir(parents=True)
    write_glossary(config / "team.json", n=2)
    write_glossary(tmp_path / "elsewhere.json", n=4)
    (config / "config.toml").write_text(
        f'glossaries = ["team.json", "{tmp_path / "elsewhere.json"}"]\n'
    )
    assert json.loads(term("lookup", "gizmo0003", "--json").stdout)["entry"]["id"] == "word-3"
    listed = term("paths").stdout
    assert str(config / "team.json") in listed and str(tmp_path / "elsewhere.json") in listed
    (config / "config.toml").write_text("colour = 'red'\n")
    r = term("lookup", "ntr")
    assert r.exit_code == 2 and "unknown setting 'colour'" in r.stderr


@pytest.mark.parametrize("indent", [None, 2])
def test_each_stored_row_reads_as_the_checked_entry(tmp_path: Path, indent: int | None) -> None:
    """Canonical entries are stored from the file's own text and the others re-encoded;
    either way a row decodes to the entry the full checks read, and is compact."""
    import sqlite3

    from termcli.glossary import parse
    from termcli.model import entry_from_dict

    entries = [
        {"id": "plain", "term": "Plain", "definition": "Line one.\nLine two.", "aliases": ["é"]},
        {"id": "spaced", "term": "  Spaced  ", "definition": "Needs\tstripping. ", "rating": ""},
        {
            "id": "full",
            "term": "Full",
            "definition": "All of it.",
            "native": {"text": "全部", "reading": "ぜんぶ"},
            "related": [{"id": "plain", "type": "see-also", "note": "A note."}],
            "sources": [{"title": "A book"}],
            "usage": {"labels": ["slang"]},
        },
    ]
    raw = {"schema_version": 1, "entries": entries}
    g = tmp_path / "g.json"
    g.write_text(json.dumps(raw, indent=indent, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "cache" / "g.sqlite"
    idx.build(g, target, {"stamp": "x"}, set())
    expected = parse(raw, "g").entries
    db = sqlite3.connect(target)
    rows = [data for (data,) in db.execute("SELECT data FROM entries ORDER BY pos")]
    db.close()
    assert [entry_from_dict(json.loads(data)) for data in rows] == expected
    assert not any("\n" in data for data in rows)


@given(st.from_regex(SLUG, fullmatch=True))
def test_an_ids_keys_are_its_slug_without_hyphens(slug: str) -> None:
    """The index build takes an id's keys from the slug directly, without the patterns."""
    assert strict_key(slug) == slug.replace("-", "")
    assert one_word(slug) == ("-" not in slug)
    if "-" in slug:
        assert query_text(slug) == slug.replace("-", " ")


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=12))
def test_ascii_keys_take_the_quick_path_to_the_same_key(text: str) -> None:
    """An ASCII name's strict key is its lowercase letters and digits, and its loose
    key folds long vowels, whether or not the quick paths are taken."""
    import re

    from termcli.normalize import loosened

    key = strict_key(text)
    assert key == re.sub(r"[^0-9a-z]+", "", text.lower())
    assert loosened(key) == re.sub(r"ou|oo|uu|aa|ii|ee|oh(?![aeiouy])", lambda m: m[0][0], key)
