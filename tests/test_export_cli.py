"""`term export` and `term import` from the command line, as the README shows them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.helpers import term


def test_export_json_is_a_glossary_term_check_accepts(tmp_path: Path) -> None:
    out = tmp_path / "dere.json"
    r = term("export", "--category", "archetype", "--format", "json", "--out", str(out))
    assert r.exit_code == 0
    assert term("check", str(out), "--standalone").exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"tsundere", "yandere"} <= {e["id"] for e in data["entries"]}
    assert term("export", "--all", "--format", "json", "--out", str(out)).exit_code == 2
    assert term("export", "--all", "--format", "json", "--out", str(out), "--force").exit_code == 0
    assert term("check", str(out), "--standalone").exit_code == 0


def test_export_markdown_with_notes_and_csv_to_stdout() -> None:
    term("note", "add", "ntr", "our server bans this tag")
    md = term("export", "ntr", "netori", "--format", "md")
    assert md.exit_code == 0
    assert md.stdout.startswith("# ") and '<a id="entry-netorare"></a>' in md.stdout
    assert "our server bans this tag" in md.stdout
    assert "our server bans this tag" not in term("export", "ntr", "--no-notes").stdout
    rows = list(csv.DictReader(io.StringIO(term("export", "yandere", "--format", "csv").stdout)))
    assert rows[0]["id"] == "yandere" and rows[0]["term"] == "Yandere"


def test_export_split_writes_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    r = term("export", "ntr", "netori", "--split", "--out", str(folder))
    assert r.exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["index.md", "netorare.md", "netori.md"]
    assert term("export", "ntr", "--split", "--out", str(folder)).exit_code == 2


def test_export_hidden_mature_and_unknown_terms(tmp_path: Path) -> None:
    data = json.loads(term("export", "--all", "--format", "json", "--hide-mature").stdout)
    assert all(e["rating"] == "general" for e in data["entries"])
    assert term("export", "kubernetes").exit_code == 1
    assert term("export").exit_code == 2


def test_import_table_then_lookup(tmp_path: Path) -> None:
    table = tmp_path / "team.tsv"
    table.write_text(
        "term\tdefinition\tabbreviations\trelated\n"
        "Service level agreement\tA promise about uptime. Measured monthly.\tSLA\tService level objective\n"
        "Service level objective\tAn internal target. Tighter than the SLA.\tSLO\t\n"
        "\tno term here\t\t\n",
        encoding="utf-8",
    )
    out = tmp_path / "team.json"
    r = term("import", str(table), "--out", str(out))
    assert r.exit_code == 0 and "team.tsv:4: skipped" in r.stderr
    assert term("check", str(out)).exit_code == 0
    found = json.loads(term("--glossary", str(out), "lookup", "SLA", "--json").stdout)
    assert found["entry"]["term"] == "Service level agreement"
