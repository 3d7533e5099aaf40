"""Hostile notes files and inputs: foreign logs, huge ids, broken editors, read-only data.

Each test names the point of issue 15 it keeps fixed. Every one ends the same way: a
sentence, an exit code, and the notes exactly as they were.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.helpers import term

from termcli import paths
from termcli.notes import MAX_NOTE_ID, NotesError, NoteStore
from termcli.notes_wal import committed_pages


@pytest.fixture
def db() -> Path:
    return paths.notes_db()


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def one_sentence(text: str) -> str:
    line = text.strip()
    assert "\n" not in line and "Traceback" not in line and line.endswith("."), text
    return line


def texts(*args: str) -> list[str]:
    r = term("note", "list", "--json", *args)
    assert r.exit_code in (0, 1), r.stderr  # 1: no notes
    return [n["text"] for n in json.loads(r.stdout)["notes"]]


@pytest.fixture
def no_checkpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if killed between commit and checkpoint: the log keeps the notes."""
    import termcli.notes

    monkeypatch.setattr(termcli.notes, "_checkpoint", lambda conn: None)
    yield


def pending_log(tmp_path: Path, notes: list[str]) -> bytes:
    """The -wal of another termcli database whose writer is still running."""
    other = tmp_path / "other" / "notes.sqlite3"
    store = NoteStore(other)
    for text in notes:
        store.add("netorare", "Netorare", text)
    log = Path(f"{other}-wal").read_bytes()
    store.close()
    assert committed_pages(log), "the other database's log holds no commits"
    return log


# ---------------------------------------------------------------- 1: a foreign log


def test_a_foreign_log_is_never_replayed(
    db: Path, tmp_path: Path, no_checkpoint: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert term("note", "add", "ntr", "mine, from A").exit_code == 0
    assert not Path(f"{db}-wal").exists()  # at rest the log is gone
    foreign = pending_log(tmp_path, ["theirs, from B", "also B"])
    log = Path(f"{db}-wal")
    log.write_bytes(foreign)  # as a file-sync tool would
    before = listing(db.parent)

    for args in (
        ("note", "list"),
        ("search", "theirs"),
        ("lookup", "ntr"),
        ("note", "export", "--format", "json"),
        ("note", "add", "ntr", "another of mine"),
        ("note", "rm", "1"),
    ):
        r = term(*args)
        assert r.exit_code == 2, (args, r.stdout, r.stderr)
        msg = one_sentence(r.stderr)
        assert str(db) in msg and str(log) in msg and "another database" in msg
        assert "theirs" not in r.stdout
        assert listing(db.parent) == before, args

    log.unlink()  # the user moves it away: their notes are all there
    assert texts() == ["mine, from A"]


def test_our_own_pending_log_is_still_replayed(db: Path, no_checkpoint: None) -> None:
    """The check must not cost a note: a crash can leave committed notes only in the log."""
    store = NoteStore(db)
    for i in range(3):
        store.add("netorare", "Netorare", f"note {i}")
    crashed = db.parent.parent / "crashed" / db.name
    crashed.parent.mkdir()
    shutil.copyfile(db, crashed)
    shutil.copyfile(f"{db}-wal", f"{crashed}-wal")
    store.close()
    with NoteStore(crashed) as recovered:
        assert [n.text for n in recovered.list()] == ["note 0", "note 1", "note 2"]
        recovered.add("netorare", "Netorare", "after recovery")
    with NoteStore(crashed) as again:
        assert len(again.list()) == 4


def test_a_log_of_another_database_of_the_same_shape_is_refused_by_the_store(
    db: Path, tmp_path: Path, no_checkpoint: None
) -> None:
    NoteStore(db).add("netorare", "Netorare", "A")
    Path(f"{db}-wal").write_bytes(pending_log(tmp_path, ["B"]))
    main = db.read_bytes()
    for call in (lambda s: s.list(), lambda s: s.get(1), lambda s: s.add("e", "T", "x")):
        with NoteStore(db) as store, pytest.raises(NotesError, match="another database"):
            call(store)
        assert db.read_bytes() == main


def test_torn_and_garbage_logs_replay_nothing(tmp_path: Path, no_checkpoint: None) -> None:
    log = pending_log(tmp_path, ["one", "two"])
    pages = committed_pages(log)
    assert committed_pages(log[:-1]) == pages[: len(pages) // 2] or len(
        committed_pages(log[:-1])
    ) < len(pages)
    assert committed_pages(b"") == [] and committed_pages(b"\0" * 5000) == []
    flipped = bytearray(log)
    flipped[40] ^= 0xFF
    assert committed_pages(bytes(flipped)) == []


# ------------------------------------------------------------- 14: ids beyond SQLite


@pytest.mark.parametrize("command", ["rm", "edit"])
@pytest.mark.parametrize("number", ["99999999999999999999", str(2**63), "0"])
def test_ids_beyond_sqlite_are_no_note(command: str, number: str) -> None:
    term("note", "add", "ntr", "keep me")
    extra = ("--text", "new") if command == "edit" else ()
    r = term("note", command, number, *extra)
    assert r.exit_code == 1, r.stderr
    assert f"#{number}" in r.stderr and "Traceback" not in r.stderr
    assert texts() == ["keep me"]


def test_store_bounds_ids(db: Path) -> None:
    with NoteStore(db) as store:
        store.add("e", "T", "x")
        for bad in (2**63, 10**30, -1, 0):
            assert store.get(bad) is None
            assert store.edit(bad, "y") is None
            assert store.remove(bad) is None
        assert [n.text for n in store.list()] == ["x"]


# ------------------------------------------------------------- 15: hostile editors

EDITORS = {
    "invalid UTF-8": "open(sys.argv[1], 'wb').write(b'caf\\xe9 \\xff\\n')",
    "deletes the file": "os.unlink(sys.argv[1])",
    "leaves a folder": "os.unlink(sys.argv[1]); os.mkdir(sys.argv[1])",
    "leaves a FIFO": "os.unlink(sys.argv[1]); os.mkfifo(sys.argv[1])",
    "leaves a symlink": "os.unlink(sys.argv[1]); os.symlink('/etc/hostname', sys.argv[1])",
    "saves a control-only text": "open(sys.argv[1], 'w').write(' \\n\\t ')",
}


@pytest.mark.parametrize("body", EDITORS.values(), ids=EDITORS.keys())
def test_a_broken_editor_leaves_the_note_intact(tmp_path: Path, body: str) -> None:
    term("note", "add", "ntr", "the original")
    script = tmp_path / "editor"
    script.write_text(f"#!{sys.executable}\nimport os, sys\n{body}\n")
    script.chmod(0o755)
    r = term("note", "edit", "1", env={"EDITOR": str(script)})
    assert r.exit_code == 2, (r.stdout, r.stderr)
    one_sentence(r.stderr)
    assert texts() == ["the original"]


@pytest.mark.parametrize("editor", ["vim 'unbalanced", "   ", 'ed "x'])
def test_an_unusable_editor_command_is_a_sentence(editor: str) -> None:
    term("note", "add", "ntr", "the original")
    r = term("note", "edit", "1", env={"EDITOR": editor})
    assert r.exit_code == 2, r.stderr
    one_sentence(r.stderr)
    assert texts() == ["the original"]


def test_the_editor_file_is_private_and_removed(tmp_path: Path) -> None:
    term("note", "add", "ntr", "secret")
    seen = tmp_path / "seen.json"
    script = tmp_path / "editor"
    script.write_text(
        f"#!{sys.executable}\nimport json, os, sys\n"
        "st = os.stat(sys.argv[1]); folder = os.stat(os.path.dirname(sys.argv[1]))\n"
        f"json.dump([sys.argv[1], st.st_mode & 0o777, folder.st_mode & 0o777],"
        f" open({str(seen)!r}, 'w'))\n"
        "open(sys.argv[1], 'w').write('edited')\n"
    )
    script.chmod(0o755)
    assert term("note", "edit", "1", env={"EDITOR": str(script)}).exit_code == 0
    name, file_mode, folder_mode = json.loads(seen.read_text())
    assert file_mode == 0o600 and folder_mode == 0o700
    assert not os.path.lexists(name) and not os.path.lexists(os.path.dirname(name))
    assert texts() == ["edited"]


# ---------------------------------------------------------- 21: reading needs nothing


def spy_connections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []
    real = sqlite3.connect

    def connect(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(str(database))
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", connect)
    return opened


def test_reads_work_read_only_and_leave_nothing(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert term("note", "add", "ntr", "a note to read").exit_code == 0
    folder = db.parent
    db.chmod(0o444)
    folder.chmod(0o555)
    before = listing(folder)
    opened = spy_connections(monkeypatch)
    try:
        for args in (
            ("note", "list"),
            ("note", "export", "--format", "json"),
            ("note", "export", "--format", "md"),
            ("search", "read"),
            ("lookup", "ntr"),
            ("lookup", "ntr", "--json"),
        ):
            r = term(*args)
            assert r.exit_code == 0, (args, r.stderr)
            assert "a note to read" in r.stdout, args
            assert listing(folder) == before, args  # no -wal, no -shm, no journal
    finally:
        folder.chmod(0o700)
    # as root chmod stops nothing, so prove too that no read could have written
    notes = [uri for uri in opened if "notes.sqlite3" in uri]  # the cache may be written
    assert notes and all("mode=ro" in uri for uri in notes), notes


def test_a_read_does_not_create_log_files_next_to_a_live_database(db: Path) -> None:
    with NoteStore(db) as writer:
        writer.add("netorare", "Netorare", "one")
        side = sorted(p.name for p in db.parent.iterdir())
        assert NoteStore(db).list()[0].text == "one"
        assert sorted(p.name for p in db.parent.iterdir()) == side
    assert [p.name for p in db.parent.iterdir()] == [db.name]


# ------------------------------------------------------------------ 24: smaller ones


def test_running_out_of_ids_is_not_disk_full(db: Path) -> None:
    with NoteStore(db) as store:
        store.add("e", "T", "first")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'notes'", (MAX_NOTE_ID,))
    conn.commit()
    conn.close()
    with NoteStore(db) as store:
        with pytest.raises(NotesError) as info:
            store.add("e", "T", "one too many")
        assert "no note numbers left" in str(info.value) and "disk" not in str(info.value)
        with pytest.raises(NotesError, match="no note numbers left"):
            store.import_notes(
                [
                    {
                        "entry_id": "e",
                        "term": "T",
                        "text": "imported",
                        "created": "2024-01-01T00:00:00Z",
                        "updated": "2024-01-01T00:00:00Z",
                    }
                ]
            )
        assert [n.text for n in store.list()] == ["first"]


def test_a_dangling_symlink_is_reported(db: Path, tmp_path: Path) -> None:
    db.parent.mkdir(parents=True)
    target = tmp_path / "unmounted" / "notes.sqlite3"
    db.symlink_to(target)
    for args in (("note", "list"), ("search", "x"), ("note", "add", "ntr", "x"), ("lookup", "ntr")):
        r = term(*args)
        assert r.exit_code == 2, (args, r.stdout, r.stderr)
        msg = one_sentence(r.stderr)
        assert str(db) in msg and str(target) in msg and "does not exist" in msg
    assert not target.parent.exists()
    assert db.is_symlink()


def test_an_empty_sqlite_file_is_read_without_writing(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute("VACUUM")  # a valid database with no tables, user_version 0
    conn.close()
    assert db.stat().st_size > 0
    before = listing(db.parent)
    assert texts() == []
    assert term("search", "x").exit_code in (0, 1)
    assert listing(db.parent) == before
    assert term("note", "add", "ntr", "first").exit_code == 0  # a write may set it up
    assert texts() == ["first"]


def test_the_database_is_private_and_at_rest_after_writes(db: Path) -> None:
    term("note", "add", "ntr", "one")
    term("note", "edit", "1", "--text", "two")
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
