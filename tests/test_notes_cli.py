"""`term note ...` as a user runs it: exit codes, the card, --json, damage and races."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import term

HOSTILE = (
    "seen on [link=https://example.com]x[/link] [/] :warning: \x1b]52;c;aGk=\x07 \x1bc \u202eevil"
)


def test_add_list_and_show_on_card_and_json() -> None:
    r = term("note", "add", "ntr", "my", "server", "bans", "this", "tag")
    assert r.exit_code == 0 and "Added note #1 to Netorare" in r.stdout
    card = term("lookup", "netorare")
    assert "Your notes" in card.stdout and "my server bans this tag" in card.stdout
    entry = json.loads(term("lookup", "ntr", "--json").stdout)["entry"]
    assert [n["text"] for n in entry["notes"]] == ["my server bans this tag"]
    listed = json.loads(term("note", "list", "ntr", "--json").stdout)["notes"]
    assert listed[0]["entry_id"] == "netorare"
    found = json.loads(term("search", "server", "bans", "--json").stdout)["results"]
    assert found[0]["id"] == "netorare" and found[0]["matched_in"] == "note"


def test_add_to_unknown_term_exits_1_with_suggestions(term_home: Path) -> None:
    r = term("note", "add", "kubernetes", "hello")
    assert r.exit_code == 1 and "no entry for 'kubernetes'" in r.stderr
    assert not (term_home / "data" / "notes.sqlite3").exists()


def test_edit_rm_and_missing_ids() -> None:
    term("note", "add", "yandere", "first")
    assert term("note", "edit", "1", "--text", "second").exit_code == 0
    assert json.loads(term("note", "list", "--json").stdout)["notes"][0]["text"] == "second"
    assert term("note", "edit", "9", "--text", "x").exit_code == 1
    assert term("note", "rm", "1").exit_code == 0
    assert term("note", "rm", "1").exit_code == 1
    assert term("note", "list").exit_code == 1


def test_edit_with_editor(tmp_path: Path) -> None:
    term("note", "add", "yandere", "before")
    script = tmp_path / "ed.py"
    script.write_text("import sys; open(sys.argv[1], 'w').write('after the editor\\n')")
    r = term("note", "edit", "1", env={"EDITOR": f"{sys.executable} {script}"})
    assert r.exit_code == 0
    assert (
        json.loads(term("note", "list", "--json").stdout)["notes"][0]["text"] == "after the editor"
    )


def test_export_import_round_trip_is_idempotent(tmp_path: Path, term_home: Path) -> None:
    term("note", "add", "ntr", "one")
    term("note", "add", "isekai", "two")
    out = tmp_path / "notes.json"
    assert term("note", "export", "--format", "json", "--out", str(out)).exit_code == 0
    assert term("note", "export", "--out", str(out)).exit_code == 2  # no overwrite without --force
    md = term("note", "export", "--format", "md")
    assert "# termcli notes" in md.stdout and "one" in md.stdout
    (term_home / "data" / "notes.sqlite3").unlink()
    assert "Imported 2 notes" in term("note", "import", str(out)).stdout
    assert "Imported 0 notes; 2 already present" in term("note", "import", str(out)).stdout
    assert len(json.loads(term("note", "list", "--json").stdout)["notes"]) == 2


def test_hostile_note_prints_literally() -> None:
    term("note", "add", "ntr", HOSTILE)
    for args in (("lookup", "ntr"), ("note", "list")):
        out = term(*args).stdout
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
        assert "[link=https://example.com]x[/link] [/] :warning:" in out


def test_damaged_database_exit_2_and_untouched(term_home: Path) -> None:
    db = term_home / "data" / "notes.sqlite3"
    db.parent.mkdir(parents=True)
    for content in (
        b"this is not a database at all" * 100,
        b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 90,
    ):
        db.write_bytes(content)
        for args in (("note", "list"), ("note", "add", "ntr", "x"), ("lookup", "ntr")):
            r = term(*args)
            assert r.exit_code == 2, args
            assert str(db) in r.stderr and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
            assert db.read_bytes() == content
    assert sorted(p.name for p in db.parent.iterdir()) == ["notes.sqlite3"]


def test_simultaneous_first_runs_all_succeed(term_home: Path) -> None:
    env = {**os.environ, "TERMCLI_HOME": str(term_home)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "termcli", "note", "add", "ntr", f"note {i}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(8)
    ]
    results = [(p.wait(timeout=60), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    assert all(code == 0 for code, _ in results), results
    assert len(json.loads(term("note", "list", "--json").stdout)["notes"]) == 8
    mode = (term_home / "data" / "notes.sqlite3").stat().st_mode & 0o777
    assert mode == 0o600
