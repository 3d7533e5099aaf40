"""Damaged, stale, hostile and unwritable caches: the index is a cache, never trusted.

Each probe here once gave a traceback, a hang, a stale answer or ran code; now every
one ends in a correct answer, at most with a one-line note on stderr.
"""

from __future__ import annotations

import errno
import json
import os
import pickle
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.helpers import term

from termcli import index as idx
from termcli import paths

ENTRIES: list[dict[str, object]] = [
    {"id": f"word-{i}", "term": f"Widget {i:03d}", "aliases": [f"gizmo{i:03d}"], "definition": "A."}
    for i in range(200)
] + [{"id": "frobnicator", "term": "Frobnicator", "definition": "Turns knobs."}]
QUERIES = (("gizmo007", "word-7"), ("widget 012", "word-12"), ("frobnicatro", "frobnicator"))


def write(path: Path, entries: list[dict[str, object]] = ENTRIES) -> None:
    path.write_text(json.dumps({"schema_version": 1, "entries": entries}), encoding="utf-8")


def found(g: Path, query: str) -> str | None:
    r = term("--glossary", str(g), "lookup", query, "--json")
    assert "Traceback" not in r.stderr
    entry = json.loads(r.stdout)["entry"]
    return entry["id"] if entry else None


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    g = tmp_path / "team.json"
    write(g)
    assert found(g, "gizmo007") == "word-7"
    assert idx.cache_path(g).is_file()
    return g


@pytest.fixture(scope="module")
def bundled_cache(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    home = tmp_path_factory.mktemp("seed")
    with pytest.MonkeyPatch.context() as m:
        m.setenv("TERMCLI_HOME", str(home))
        idx.bundled_state()
        return (paths.cache_dir() / idx.BUNDLED_CACHE).read_bytes()


@pytest.fixture(autouse=True)
def seeded(request: pytest.FixtureRequest, bundled_cache: bytes) -> None:
    """The bundled cache built once for the module: rebuilding it costs a second a test."""
    if any(word in request.node.name for word in ("private", "plain_file", "uncreatable")):
        return  # these test the cache folder itself
    idx.private_dir(paths.cache_dir())
    (paths.cache_dir() / idx.BUNDLED_CACHE).write_bytes(bundled_cache)


class Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch " + str(Path(os.environ["TERMCLI_HOME"]) / "pwned"),))


def test_a_crafted_bundled_cache_runs_no_code(term_home: Path) -> None:
    assert term("lookup", "ntr", "--json").exit_code == 0
    cache = paths.cache_dir()
    (cache / "bundled.pickle").write_bytes(pickle.dumps(Boom()))
    assert term("lookup", "ntr", "--json").exit_code == 0
    assert not (term_home / "pwned").exists()
    head = (cache / idx.BUNDLED_CACHE).read_bytes().split(b"\n", 1)[0]
    (cache / idx.BUNDLED_CACHE).write_bytes(head + b"\n" + pickle.dumps(Boom()))
    r = term("lookup", "ntr", "--json")
    assert json.loads(r.stdout)["entry"]["id"] == "netorare"
    assert not (term_home / "pwned").exists()


@pytest.mark.parametrize(
    "body",
    [
        b"[[1, 2, 3, 4, 5, 6], 7]",
        b'[["t", "", [], [[1]], [], []], []]',
        b"[" * 100_000,
        b"\xff\xfe",
        b"",
    ],
)
def test_a_wrong_bundled_cache_with_a_right_stamp_is_rebuilt(body: bytes) -> None:
    assert term("lookup", "ntr", "--json").exit_code == 0
    cache = paths.cache_dir() / idx.BUNDLED_CACHE
    head = cache.read_bytes().split(b"\n", 1)[0]
    cache.write_bytes(head + b"\n" + body)
    r = term("lookup", "ntr", "--json")
    assert json.loads(r.stdout)["entry"]["id"] == "netorare"


def test_the_bundled_cache_round_trips_every_field() -> None:
    from termcli.glossary import load
    from termcli.keyindex import MemoryIndex
    from termcli.model import (
        Aspect,
        Distinction,
        Entry,
        Faq,
        Glossary,
        Native,
        Relation,
        Source,
        Usage,
    )

    full = Entry(
        "full",
        "Full",
        "Def.",
        "Sum.",
        ("FL",),
        ("fully",),
        Native("全", "zen", "ja"),
        "lit",
        ("cat",),
        ("tag",),
        "mature",
        "origin",
        ("ex",),
        (Relation("netorare", "see-also", "n"),),
        (Source("src", "https://example.org"),),
        ("kw",),
        "avoid",
        Usage(("slang",), "note"),
        "sense",
    )
    g = load()
    g = Glossary(
        g.title,
        {**g.entries, "full": full},
        (*g.distinctions, Distinction("d", "D", ("full",), (Aspect("a", {"full": "x"}),), "t")),
        (*g.faq, Faq("q", "Q?", "A.", ("full",))),
        ("s1",),
        "desc",
    )
    plain = json.loads(json.dumps(idx.glossary_to_plain(g)))
    assert idx.glossary_from_plain(plain) == g
    index = MemoryIndex.from_glossary(g)
    back = MemoryIndex.from_plain(json.loads(json.dumps(index.to_plain())))
    for key in ("ntr", "fl", "fully"):
        assert back.exact(key, False) == index.exact(key, False)
    assert back.known_word("netorare") and back.is_mature("full")


def test_cache_files_are_private_at_umask_022(tmp_path: Path) -> None:
    g = tmp_path / "secret.json"
    write(g)
    g.chmod(0o600)
    old = os.umask(0o022)
    try:
        assert found(g, "gizmo001") == "word-1"
    finally:
        os.umask(old)
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(idx.cache_path(g)) == 0o600
    assert mode(idx.cache_path(paths.bundled_glossary())) == 0o600
    assert mode(paths.index_dir()) == 0o700
    assert mode(paths.cache_dir()) == 0o700


def _garbage_page(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[2 * page : 3 * page] = os.urandom(page)
    db.write_bytes(bytes(data))


def _sql(statement: str) -> Callable[[Path], None]:
    def run(db: Path) -> None:
        with sqlite3.connect(db) as conn:
            conn.execute(statement)
        conn.close()

    return run


def _folder(db: Path) -> None:
    db.unlink()
    db.mkdir()


def _fifo(db: Path) -> None:
    db.unlink()
    os.mkfifo(db)


DAMAGE = {
    "garbage page": _garbage_page,
    "deleted row": _sql("DELETE FROM entries WHERE id = 'word-7'"),
    "dropped table": _sql("DROP TABLE names"),
    "dropped meta": _sql("DROP TABLE meta"),
    "null bucket": _sql("UPDATE buckets SET keys = NULL"),
    "blob bucket": _sql("UPDATE buckets SET keys = X'00ff'"),
    "bad entry data": _sql("UPDATE entries SET data = '{not json'"),
    "truncated": lambda db: db.write_bytes(db.read_bytes()[:1000]),
    "folder": _folder,
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_index_is_rebuilt_or_read_around(glossary: Path, damage: str) -> None:
    DAMAGE[damage](idx.cache_path(glossary))
    for query, expected in QUERIES:
        r = term("--glossary", str(glossary), "lookup", query, "--json")
        assert r.exit_code == 0, r.stderr
        assert json.loads(r.stdout)["entry"]["id"] == expected, (query, r.stderr)
        assert len(r.stderr.splitlines()) <= 1, r.stderr
    assert found(glossary, "gizmo003") == "word-3"


def test_a_fifo_at_the_index_path_does_not_hang(glossary: Path) -> None:
    """In a child process: a blocked open cannot be interrupted from inside."""
    import subprocess
    import sys

    _fifo(idx.cache_path(glossary))
    r = subprocess.run(
        [sys.executable, "-m", "termcli", "-g", str(glossary), "lookup", "gizmo007", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0 and json.loads(r.stdout)["entry"]["id"] == "word-7", r.stderr
    assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr


def test_a_row_damaged_between_runs_is_noted_once(glossary: Path) -> None:
    _sql("UPDATE buckets SET keys = NULL")(idx.cache_path(glossary))
    r = term("--glossary", str(glossary), "lookup", "frobnicatro", "--json")
    assert json.loads(r.stdout)["entry"]["id"] == "frobnicator"
    assert r.stderr.count("\n") == 1 and "damaged" in r.stderr
    again = term("--glossary", str(glossary), "lookup", "frobnicatro", "--json")
    assert again.stderr == ""


@pytest.mark.cold_cache
def test_cache_as_a_plain_file_reads_the_glossary_directly(tmp_path: Path) -> None:
    g = tmp_path / "team.json"
    write(g)
    paths.cache_dir().parent.mkdir(parents=True, exist_ok=True)
    paths.cache_dir().write_text("not a folder")
    r = term("--glossary", str(g), "lookup", "gizmo007", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["entry"]["id"] == "word-7"
    assert len(r.stderr.splitlines()) == 1 and "directly" in r.stderr


def test_an_uncreatable_home_reads_the_glossary_directly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = tmp_path / "team.json"
    write(g)
    blocker = tmp_path / "plain"
    blocker.write_text("x")
    with monkeypatch.context() as m:
        m.setenv("TERMCLI_HOME", str(blocker / "home"))
        r = term("--glossary", str(g), "lookup", "gizmo007", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["entry"]["id"] == "word-7", r.stderr
    assert len(r.stderr.splitlines()) == 1 and "directly" in r.stderr


@pytest.mark.cold_cache
@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC, errno.EACCES])
@pytest.mark.parametrize("step", ["create_new", "publish"])
def test_an_unwritable_cache_reads_the_glossary_directly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, step: str
) -> None:
    g = tmp_path / "team.json"
    write(g)

    def fail(*_: object, **__: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(idx.atomic, step, fail)
    r = term("--glossary", str(g), "lookup", "gizmo007", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["entry"]["id"] == "word-7"
    assert len(r.stderr.splitlines()) == 1 and "directly" in r.stderr
    assert not list(paths.index_dir().iterdir())  # no temporary file left behind


def test_a_full_disk_inside_sqlite_reads_the_glossary_directly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = tmp_path / "team.json"
    write(g)

    def full(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(idx, "_write_buckets", full)
    r = term("--glossary", str(g), "lookup", "gizmo007", "--json")
    assert json.loads(r.stdout)["entry"]["id"] == "word-7"
    assert "disk is full" in r.stderr and len(r.stderr.splitlines()) == 1


def test_an_invalid_glossary_is_still_a_sentence_when_the_cache_is_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = tmp_path / "bad.json"
    write(
        g,
        [
            {
                "id": "x",
                "term": "X",
                "definition": "D.",
                "related": [{"id": "nope", "type": "see-also"}],
            }
        ],
    )

    def fail(*_: object, **__: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(idx.atomic, "create_new", fail)
    r = term("--glossary", str(g), "lookup", "x")
    assert r.exit_code == 2 and "nope" in r.stderr and "Traceback" not in r.stderr


def _same_size_edit(g: Path, rename: bool) -> None:
    before = g.stat()
    text = g.read_text().replace("gizmo007", "gizmo707")
    if rename:  # sed -i: a new file renamed over the old one
        new = g.with_suffix(".tmp")
        new.write_text(text)
        os.replace(new, g)
    else:  # an in-place rewrite of the same inode
        with g.open("r+") as fh:
            fh.write(text)
    os.utime(g, ns=(before.st_atime_ns, before.st_mtime_ns))  # touch -d
    after = g.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.mark.parametrize("rename", [True, False], ids=["renamed", "in place"])
def test_an_edit_keeping_size_and_mtime_is_seen(glossary: Path, rename: bool) -> None:
    _same_size_edit(glossary, rename)
    assert found(glossary, "gizmo707") == "word-7"


def test_build_reports_the_end_so_the_bar_goes(tmp_path: Path) -> None:
    g = tmp_path / "team.json"
    write(g)
    calls: list[tuple[int, int]] = []
    idx.open_index(g, set, lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] > calls[-1][1]
    assert all(done <= total for done, total in calls[:-1])


def test_the_progress_bar_is_removed_when_the_build_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from termcli import render

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setenv("TERM", "xterm")
    report = render.progress_reporter("big.json")
    assert report is not None
    report(0, 1000)
    report(1000, 1000)
    report(1001, 1000)
    out = err.getvalue()
    assert "Indexing big.json" in out
    # the last thing written erases the bar's line
    tail = out[out.rindex("Indexing big.json") :]
    assert "\x1b[2K" in tail, repr(tail[-80:])
    assert not err.getvalue().endswith("%")


def test_the_full_text_index_is_private_at_umask_022() -> None:
    from termcli import textindex

    old = os.umask(0o022)
    try:
        assert term("search", "betrayal").exit_code == 0
    finally:
        os.umask(old)
    path = textindex.cache_path(paths.bundled_glossary())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
