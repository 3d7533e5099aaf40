from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from termcli import paths
from termcli.notes import Note, NotesError, NoteStore
from termcli.notes_io import export_json, export_markdown, read_export

SRC = Path(__file__).resolve().parents[1] / "src"
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
NASTY = "# heading\n<img src=x onerror=alert(1)>\n[/]\n\x1b]52;c;aGk=\x07"


@pytest.fixture
def db() -> Path:
    return paths.notes_db()


@pytest.fixture
def store(db: Path) -> Iterator[NoteStore]:
    s = NoteStore(db)
    yield s
    s.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def fill(path: Path, count: int = 60) -> None:
    """A real database of several pages, written in one transaction to stay fast."""
    notes = [
        {
            "entry_id": f"e{i % 7}",
            "term": f"Term {i % 7}",
            "text": f"note {i} " + "x" * 400,
            "created": f"2024-01-01T00:{i // 60:02}:{i % 60:02}Z",
            "updated": f"2024-01-01T00:{i // 60:02}:{i % 60:02}Z",
        }
        for i in range(count)
    ]
    with NoteStore(path) as s:
        assert s.import_notes(notes) == (count, 0)


def one_sentence(e: NotesError, path: Path | str) -> str:
    msg = str(e)
    assert str(path) in msg
    assert "\n" not in msg and msg.endswith(".")
    return msg


# ---------------------------------------------------------------------------- basics


def test_round_trip(store: NoteStore, db: Path) -> None:
    a = store.add("shonen", "Shōnen", "  Aimed at boys.\n\nSecond paragraph.  ")
    b = store.add("isekai", "Isekai", "Another world")
    c = store.add("shonen", "Shōnen", "see also Seinen")
    assert a.text == "Aimed at boys.\n\nSecond paragraph."
    assert a.id < b.id < c.id
    assert a.created == a.updated
    import re

    assert re.fullmatch(STAMP, a.created)

    assert store.list() == [a, b, c]
    assert store.list("shonen") == [a, c]
    assert store.list("nothing") == []
    assert store.get(b.id) == b
    assert store.get(999) is None
    assert store.for_entries(["shonen", "isekai", "nope", "shonen"]) == {
        "shonen": [a, c],
        "isekai": [b],
    }
    assert store.for_entries([]) == {}

    assert store.search("ANOTHER") == [b]
    assert store.search("shōnen") == [a, c]  # term matches too
    assert store.search("seinen") == [c]
    assert store.search("zzz") == []

    edited = store.edit(b.id, " Another world, reborn ")
    assert edited is not None
    assert edited.text == "Another world, reborn" and edited.created == b.created
    assert edited.updated >= b.created
    assert store.get(b.id) == edited
    assert store.edit(999, "x") is None

    assert store.remove(a.id) == a
    assert store.remove(a.id) is None
    assert store.list() == [edited, c]  # editing keeps a note's place
    store.close()

    again = NoteStore(db)
    assert again.list() == [edited, c]
    assert again.add("x", "X", "new").id > c.id  # ids are never reused
    again.close()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("e", "T", "   "), "empty"),
        (("e", "T", ""), "empty"),
        (("", "T", "text"), "entry id"),
        (("e", "", "text"), "term"),
        (("e", "T\x1b", "text"), "control"),
        (("e", "T", "bad \ud800 surrogate"), "Unicode"),
    ],
)
def test_add_rejects(store: NoteStore, db: Path, args: tuple[str, str, str], fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        store.add(*args)
    assert not db.exists()


def test_edit_rejects_empty(store: NoteStore) -> None:
    note = store.add("e", "T", "text")
    with pytest.raises(ValueError):
        store.edit(note.id, " \n ")
    assert store.get(note.id) == note


@pytest.mark.cold_cache
def test_reads_create_nothing(term_home: Path, db: Path) -> None:
    store = NoteStore(db)
    assert store.list() == [] and store.list("x") == []
    assert store.get(1) is None
    assert store.search("x") == []
    assert store.for_entries(["x"]) == {}
    assert store.edit(1, "text") is None
    assert store.remove(1) is None
    assert store.import_notes([]) == (0, 0)
    store.close()
    assert not term_home.exists()


def test_sqlite_is_imported_lazily(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; import termcli.notes as n;"
        "assert 'sqlite3' not in sys.modules;"
        f"s = n.NoteStore(Path({str(tmp_path / 'none.db')!r})); assert s.list() == [];"
        "assert 'sqlite3' not in sys.modules"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=30)


def test_first_write_is_private(store: NoteStore, db: Path) -> None:
    old = os.umask(0)
    try:
        store.add("e", "T", "secret")
    finally:
        os.umask(old)
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db}{suffix}")
        assert side.exists(), suffix
        assert mode(side) == 0o600, suffix
    store.close()
    assert [p.name for p in db.parent.iterdir()] == [db.name]  # no temp files left


def test_first_write_without_hard_links(
    store: NoteStore, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    note = store.add("e", "T", "text")
    assert store.list() == [note]
    store.close()
    assert mode(db) == 0o600
    assert [p.name for p in db.parent.iterdir()] == [db.name]


def test_busy_database_is_reported(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import termcli.notes

    NoteStore(db).add("e", "T", "first")
    monkeypatch.setattr(termcli.notes, "BUSY_TIMEOUT", 0.2)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        store = NoteStore(db)
        assert len(store.list()) == 1  # readers are not blocked by a writer
        with pytest.raises(NotesError, match="locked") as info:
            store.add("e", "T", "second")
        one_sentence(info.value, db)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.add("e", "T", "second").text == "second"
    store.close()


def test_schema(store: NoteStore, db: Path) -> None:
    store.add("e", "T", "text")
    store.close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        cols = [r[1] for r in conn.execute("PRAGMA table_info(notes)")]
        assert cols == ["id", "entry_id", "term", "text", "created", "updated"]
        indexes = [r[1] for r in conn.execute("PRAGMA index_list(notes)")]
        assert "notes_entry_id" in indexes
    finally:
        conn.close()


# ----------------------------------------------------------------------- concurrency

WORKER = """
import sys, time
from pathlib import Path
from termcli.notes import NoteStore
db, sync, name, count = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
(sync / f"ready-{name}").touch()
deadline = time.monotonic() + 30
while not (sync / "go").exists():
    if time.monotonic() > deadline:
        sys.exit("never started")
    time.sleep(0.001)
store = NoteStore(db)
for i in range(count):
    store.add(f"entry-{name}", f"Term {name}", f"note {i} from {name}")
store.close()
"""


def run_together(db: Path, sync: Path, processes: int, count: int) -> None:
    """Start every worker, hold them at a line, then release them at once."""
    sync.mkdir()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db), str(sync), str(n), str(count)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(processes)
    ]
    try:
        deadline = time.monotonic() + 30
        while len(list(sync.glob("ready-*"))) < processes:
            assert time.monotonic() < deadline, "workers did not start"
            time.sleep(0.005)
        (sync / "go").touch()
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0, err.decode()
            assert err == b"" and out == b""
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()


def test_concurrent_writers_lose_nothing(db: Path, tmp_path: Path) -> None:
    NoteStore(db).add("seed", "Seed", "first").id  # noqa: B018
    run_together(db, tmp_path / "sync", processes=8, count=100)
    with NoteStore(db) as store:
        notes = store.list()
    assert len(notes) == 801
    assert len({n.id for n in notes}) == 801
    for n in range(8):
        assert sum(note.entry_id == f"entry-{n}" for note in notes) == 100


def test_concurrent_first_runs(db: Path, tmp_path: Path) -> None:
    run_together(db, tmp_path / "sync", processes=8, count=1)
    with NoteStore(db) as store:
        assert len(store.list()) == 8
    assert mode(db) == 0o600
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]


# --------------------------------------------------------------------------- damage


def truncate_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def corrupt_pages(data: bytes) -> bytes:
    page = int.from_bytes(data[16:18], "big")
    return data[:page] + b"\xa5" * (len(data) - page)


DAMAGE = {
    "half": truncate_half,
    "100 bytes": lambda d: d[:100],
    "one page": lambda d: d[:4096],
    "pages overwritten": corrupt_pages,
    "garbage": lambda d: b"these are not the notes you are looking for\n" * 100,
    "empty": lambda d: b"",
    "almost empty": lambda d: d[:10],
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_database_is_left_alone(db: Path, damage: object) -> None:
    fill(db)
    assert callable(damage)
    db.write_bytes(damage(db.read_bytes()))
    before = listing(db.parent)

    store = NoteStore(db)
    calls = [
        store.list,
        lambda: store.get(1),
        lambda: store.search("x"),
        lambda: store.for_entries(["e1"]),
        lambda: store.add("e", "T", "new note"),
        lambda: store.edit(1, "changed"),
        lambda: store.remove(1),
        lambda: store.import_notes([{**store_note(), "text": "imported"}]),
    ]
    for call in calls:
        with pytest.raises(NotesError) as info:
            call()
        msg = one_sentence(info.value, db)
        assert "damaged" in msg and "left untouched" in msg
        assert info.value.path == str(db)
    store.close()
    assert listing(db.parent) == before


def store_note() -> dict[str, object]:
    return {
        "entry_id": "e",
        "term": "T",
        "text": "t",
        "created": "2024-01-01T00:00:00Z",
        "updated": "2024-01-01T00:00:00Z",
    }


def test_newer_schema_is_refused(db: Path) -> None:
    fill(db, 3)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    before = listing(db.parent)
    with pytest.raises(NotesError, match="newer termcli") as info:
        NoteStore(db).add("e", "T", "text")
    one_sentence(info.value, db)
    assert listing(db.parent) == before


def test_foreign_database_is_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.commit()
    conn.close()
    before = listing(db.parent)
    with pytest.raises(NotesError, match="not a termcli notes database") as info:
        NoteStore(db).list()
    one_sentence(info.value, db)
    assert listing(db.parent) == before


def test_notes_in_an_uncheckpointed_log_are_read(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash can leave committed notes only in the -wal file; they must not be lost."""
    import termcli.notes

    monkeypatch.setattr(termcli.notes, "_checkpoint", lambda conn: None)  # killed before it
    store = NoteStore(db)
    added = [store.add("e", "T", f"note {i}") for i in range(5)]
    wal = Path(f"{db}-wal")
    assert wal.stat().st_size > 0
    crashed = tmp_path / "crashed" / db.name
    crashed.parent.mkdir()
    crashed.write_bytes(db.read_bytes())  # as a power cut would leave them: no -shm
    Path(f"{crashed}-wal").write_bytes(wal.read_bytes())
    store.close()
    with NoteStore(crashed) as recovered:
        assert recovered.list() == added


def test_damaged_database_with_an_empty_log_is_left_alone(db: Path) -> None:
    fill(db)
    db.write_bytes(truncate_half(db.read_bytes()))
    Path(f"{db}-wal").write_bytes(b"")
    before = listing(db.parent)
    with pytest.raises(NotesError, match="damaged"):
        NoteStore(db).add("e", "T", "text")
    assert listing(db.parent) == before


def test_odd_characters_in_the_path(tmp_path: Path) -> None:
    path = tmp_path / "we?ird #dir %41 ü" / "notes.sqlite3"
    with NoteStore(path) as store:
        note = store.add("e", "T", "text")
        assert store.list() == [note]
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(NotesError, match="damaged"):
        NoteStore(path).list()


def test_folder_in_the_way(db: Path) -> None:
    db.mkdir(parents=True)
    with pytest.raises(NotesError, match="not a regular file"):
        NoteStore(db).list()


# --------------------------------------------------------------------- export/import

TEXTS = [
    "plain",
    "multi\nline\r\nwith\ttabs and  double  spaces",
    NASTY,
    "bidi \u202egnp.exe C1 \x9b31m DEL \x7f NUL \x00 sep \u2028 end",
    "日本語のメモ 🎌",
    '{"format": "termcli-notes"} \\ " quotes',
]


def populate(store: NoteStore) -> list[Note]:
    return [store.add(f"e{i % 3}", f"Term {i % 3}", text) for i, text in enumerate(TEXTS)]


def test_json_round_trip(store: NoteStore, tmp_path: Path) -> None:
    notes = populate(store)
    exported = export_json(store.list())
    for raw in ("\x1b", "\x9b", "\u202e", "\x7f", "\u2028"):
        assert raw not in exported
    doc = json.loads(exported)
    assert doc["format"] == "termcli-notes" and doc["version"] == 1
    assert doc["notes"][0] == notes[0].to_json()

    data = read_export(exported.encode(), "notes.json")
    fresh = NoteStore(tmp_path / "other" / "notes.sqlite3")
    assert fresh.import_notes(data) == (len(notes), 0)
    assert fresh.import_notes(data) == (0, len(notes))
    assert fresh.import_notes(read_export(export_json(fresh.list()).encode(), "x")) == (
        0,
        len(notes),
    )

    def key(n: Note) -> tuple[str, ...]:
        return (n.entry_id, n.term, n.text, n.created, n.updated)

    assert [key(n) for n in fresh.list()] == [key(n) for n in notes]
    fresh.close()
    # into the original store: everything is already there
    assert store.import_notes(data) == (0, len(notes))


def test_import_is_all_or_nothing(store: NoteStore) -> None:
    with pytest.raises(ValueError):
        store.import_notes([store_note(), {**store_note(), "created": "yesterday"}])
    assert store.list() == []


def good_export(**changes: object) -> bytes:
    note = {"id": 1, **store_note()}
    note.update(changes)
    return json.dumps({"format": "termcli-notes", "version": 1, "notes": [note]}).encode()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "not valid JSON"),
        (b"{", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[]", "not a termcli notes export"),
        (b'{"format": "other", "version": 1, "notes": []}', "not a termcli notes export"),
        (b'{"format": "termcli-notes", "version": 2, "notes": []}', "newer termcli"),
        (b'{"format": "termcli-notes", "version": "1", "notes": []}', "version"),
        (b'{"format": "termcli-notes", "version": 1, "notes": {}}', "not a list"),
        (b'{"format": "termcli-notes", "version": 1, "notes": [], "x": 1}', "unknown field"),
        (b'{"format": "termcli-notes", "format": "termcli-notes"}', "appears twice"),
        (b'{"format": "termcli-notes", "version": NaN}', "NaN"),
        (b"[" * 100_000, "nested too deeply"),
        (good_export(created="2024-13-01T00:00:00Z"), "note 1 created is not a UTC time"),
        (good_export(updated="2024-01-01 00:00:00"), "note 1 updated is not a UTC time"),
        (good_export(text="   "), "note 1 text is empty"),
        (good_export(text=5), "note 1 text is not a string"),
        (good_export(term="a\nb"), "control characters"),
        (good_export(entry_id=None), "note 1 entry_id is missing"),
        (good_export(id=True), "id is not a positive whole number"),
        (good_export(colour="red"), "unknown field 'colour'"),
        (good_export(text="\ud800"), "not valid Unicode"),
        (export_markdown([]).encode(), "Markdown export"),
    ],
)
def test_read_export_rejects(data: bytes, fragment: str) -> None:
    with pytest.raises(NotesError) as info:
        read_export(data, "/some/where/notes.json")
    msg = one_sentence(info.value, "/some/where/notes.json")
    assert fragment in msg


def test_read_export_counts_problems() -> None:
    note = store_note()
    doc = {
        "format": "termcli-notes",
        "version": 1,
        "notes": [{**note, "text": ""}, {**note, "term": 3}, note],
    }
    with pytest.raises(NotesError, match=r"\(and 1 more problem\)"):
        read_export(json.dumps(doc).encode(), "f.json")


# ------------------------------------------------------------------------- markdown

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
SAFE_INLINE = {"text", "softbreak", "hardbreak"}


def only_our_structure(md: str, groups: int) -> None:
    """Only our headings and list; note text renders as plain text and line breaks."""
    tokens = MD.parse(md)
    headings = [t.tag for t in tokens if t.type == "heading_open"]
    assert headings == ["h1"] + ["h2"] * groups
    for t in tokens:
        assert t.type.split("_")[0] in {
            "heading",
            "paragraph",
            "inline",
            "bullet",
            "list",
        }, t.type
        for child in t.children or ():
            assert child.type in SAFE_INLINE, child.type


def test_markdown_is_inert() -> None:
    note = Note(
        1,
        "evil",
        "Evil # <b>term</b>",
        NASTY + "\n1. one\n- two\n> quote\n```\n    code",
        "2024-01-01T00:00:00Z",
        "2024-01-02T00:00:00Z",
    )
    md = export_markdown([note])
    lines = md.splitlines()
    assert [line for line in lines if line.lstrip().startswith("#")] == [
        "# termcli notes",
        "## Evil \\# &lt;b&gt;term&lt;/b&gt;",
    ]
    assert "<" not in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "\\[/\\]" in md
    assert "\x1b" not in md and "\x07" not in md and "\u241b\\]52;c;aGk=\u2407" in md
    assert "edited 2024-01-02T00:00:00Z" in md
    only_our_structure(md, 1)
    html = MD.render(md)
    assert "<img" not in html and "<b>" not in html and "<code>" not in html


def test_markdown_groups_by_term() -> None:
    notes = [
        Note(3, "b", "Beta", "later beta", "2024-01-03T00:00:00Z", "2024-01-03T00:00:00Z"),
        Note(1, "b", "Beta", "early beta", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
        Note(
            2,
            "a",
            "alpha",
            "line one\nline two\n\npara",
            "2024-01-02T00:00:00Z",
            "2024-01-02T00:00:00Z",
        ),
    ]
    md = export_markdown(notes)
    assert md.index("## alpha") < md.index("## Beta")
    assert md.index("early beta") < md.index("later beta")
    assert "  line one\\\n  line two\n\n  para\n" in md
    assert "3 notes on 2 terms" in md
    only_our_structure(md, 2)
    assert "No notes." in export_markdown([])


@settings(deadline=None)
@given(st.text(min_size=1), st.text(min_size=1))
def test_markdown_escaping_holds_for_any_text(term: str, text: str) -> None:
    note = Note(1, "e", term, text, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")
    only_our_structure(export_markdown([note]), 1)
