"""The notes store: personal notes, the only data the tool keeps that exists nowhere else.

Every choice here favours keeping notes over convenience. A database that looks wrong
is reported with its path and left exactly as found: never repaired, reset or
replaced. The first write publishes a complete, migrated database in one atomic step,
so no reader ever meets a half-made file. Reading never creates anything, so the tool
records nothing the user did not write.

``sqlite3`` is imported only when a store is used: the CLI imports this module for
commands that never touch notes. Export and import files are :mod:`termcli.notes_io`.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from termcli import atomic
from termcli.errors import TermError
from termcli.record import Record
from termcli.sanitize import is_control

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3
    from typing import Any, TypeVar

__all__ = ["Note", "NoteStore", "NotesError", "note_problems"]

SCHEMA_VERSION = 2
MAX_NOTE_ID = 2**63 - 1
MAX_LOG_BYTES = 64 * 1024 * 1024
BUSY_TIMEOUT = 10.0
STAMP_EXAMPLE = "2024-05-01T12:00:00Z"

# Index i takes user_version i to i + 1. AUTOINCREMENT: a removed note's id is never
# handed to a new note, so a repeated `rm 7` cannot delete a different note.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE notes ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " entry_id TEXT NOT NULL,"
        " term TEXT NOT NULL,"
        " text TEXT NOT NULL,"
        " created TEXT NOT NULL,"
        " updated TEXT NOT NULL)",
        "CREATE INDEX notes_entry_id ON notes (entry_id)",
    ),
    # The database's identity, rewritten by every write so that each commit in a
    # write-ahead log carries it: a log without it belongs to another database.
    (
        "CREATE TABLE meta (id TEXT NOT NULL, writes INTEGER NOT NULL)",
        "INSERT INTO meta (id, writes) VALUES (lower(hex(randomblob(16))), 0)",
    ),
)
assert len(_MIGRATIONS) == SCHEMA_VERSION

_COLUMNS = "id, entry_id, term, text, created, updated"
_SQLITE_MAGIC = b"SQLite format 3\x00"
NOTE_FIELDS = ("entry_id", "term", "text", "created", "updated")

if TYPE_CHECKING:
    T = TypeVar("T")


class NotesError(TermError):
    """A notes problem the user can act on; ``str()`` is one sentence naming the file."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class Note(Record):
    __slots__ = ("created", "entry_id", "id", "term", "text", "updated")

    def __init__(
        self, id: int, entry_id: str, term: str, text: str, created: str, updated: str
    ) -> None:
        self.id = id
        self.entry_id = entry_id
        self.term = term
        self.text = text
        self.created = created
        self.updated = updated

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "entry_id": self.entry_id,
            "term": self.term,
            "text": self.text,
            "created": self.created,
            "updated": self.updated,
        }


class NoteStore:
    """One notes database, opened lazily and checked before anything is written to it.

    A store holds at most one connection; :meth:`close` releases it (and the store
    reopens, re-checking the file, if used again).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            import sqlite3

            try:
                conn.close()
            except sqlite3.Error as e:
                raise _db_error(self.path, e) from e

    # ------------------------------------------------------------------ writes

    def add(self, entry_id: str, term: str, text: str) -> Note:
        entry_id, term, text = _clean(entry_id, term, text)
        stamp = _now()

        def work(conn: sqlite3.Connection) -> Note:
            _check_ids_left(conn, self.path, 1)
            cur = conn.execute(
                "INSERT INTO notes (entry_id, term, text, created, updated) VALUES (?, ?, ?, ?, ?)",
                (entry_id, term, text, stamp, stamp),
            )
            assert cur.lastrowid is not None
            return Note(cur.lastrowid, entry_id, term, text, stamp, stamp)

        return self._write(work)

    def edit(self, note_id: int, text: str) -> Note | None:
        text = _clean_text(text)
        if not _valid_id(note_id) or not self._exists():
            return None

        def work(conn: sqlite3.Connection) -> Note | None:
            old = _get(conn, note_id)
            if old is None or old.text == text:
                return old
            # max(): a clock set back must not make a note edited before it was written
            stamp = max(_now(), old.created)
            conn.execute(
                "UPDATE notes SET text = ?, updated = ? WHERE id = ?", (text, stamp, note_id)
            )
            return Note(old.id, old.entry_id, old.term, text, old.created, stamp)

        return self._write(work)

    def remove(self, note_id: int) -> Note | None:
        if not _valid_id(note_id) or not self._exists():
            return None

        def work(conn: sqlite3.Connection) -> Note | None:
            old = _get(conn, note_id)
            if old is not None:
                conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
            return old

        return self._write(work)

    def import_notes(self, notes: Iterable[dict[str, object]]) -> tuple[int, int]:
        """Add notes from an export, all or nothing, skipping ones already here.

        A note counts as already here when its entry id, text and creation time match:
        importing the same file twice, or a file exported from this very store, adds
        nothing. Ids in the file are ignored; the store assigns its own.
        """
        rows: builtins.list[tuple[str, str, str, str, str]] = []
        for i, raw in enumerate(notes):
            problems = note_problems(raw, f"note {i + 1}")
            if problems:
                raise ValueError(problems[0])
            entry_id, term, text = _clean(str(raw["entry_id"]), str(raw["term"]), str(raw["text"]))
            rows.append((entry_id, term, text, str(raw["created"]), str(raw["updated"])))
        if not rows:
            return 0, 0

        def work(conn: sqlite3.Connection) -> tuple[int, int]:
            seen = set(conn.execute("SELECT entry_id, text, created FROM notes"))
            new = []
            for row in rows:
                key = (row[0], row[2], row[3])
                if key not in seen:
                    seen.add(key)
                    new.append(row)
            _check_ids_left(conn, self.path, len(new))
            conn.executemany(
                "INSERT INTO notes (entry_id, term, text, created, updated) VALUES (?, ?, ?, ?, ?)",
                new,
            )
            return len(new), len(rows) - len(new)

        return self._write(work)

    # ------------------------------------------------------------------- reads

    def list(self, entry_id: str | None = None) -> builtins.list[Note]:
        args: tuple[str, ...] = ()
        if entry_id is None:
            sql = f"SELECT {_COLUMNS} FROM notes ORDER BY created, id"
        else:
            sql = f"SELECT {_COLUMNS} FROM notes WHERE entry_id = ? ORDER BY created, id"
            args = (entry_id,)
        return self._read(lambda conn: [_note(r) for r in conn.execute(sql, args)], [])

    def for_entries(self, ids: Iterable[str]) -> dict[str, builtins.list[Note]]:
        """Notes of many entries in one go; only entries that have notes get a key."""
        wanted = builtins.list(dict.fromkeys(ids))

        def work(conn: sqlite3.Connection) -> dict[str, builtins.list[Note]]:
            found: builtins.list[Note] = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                found += map(
                    _note,
                    conn.execute(
                        f"SELECT {_COLUMNS} FROM notes WHERE entry_id IN ({marks})", chunk
                    ),
                )
            out: dict[str, builtins.list[Note]] = {}
            for note in sorted(found, key=lambda n: (n.created, n.id)):
                out.setdefault(note.entry_id, []).append(note)
            return out

        if not wanted:
            return {}
        return self._read(work, {})

    def get(self, note_id: int) -> Note | None:
        if not _valid_id(note_id):
            return None
        return self._read(lambda conn: _get(conn, note_id), None)

    def search(self, text: str) -> builtins.list[Note]:
        """Notes whose text or term contains ``text``, ignoring case; oldest first.

        Done in Python rather than SQL: ``LIKE`` folds ASCII case only, and one
        person's notes are few enough to scan.
        """
        needle = text.strip().casefold()
        return [
            n for n in self.list() if needle in n.text.casefold() or needle in n.term.casefold()
        ]

    # ---------------------------------------------------------------- plumbing

    def _exists(self) -> bool:
        # lexists: a dangling symlink (notes on an unmounted disk) must be an error on
        # use, not an empty notebook.
        return self._conn is not None or os.path.lexists(self.path)

    def _read(self, work: Callable[[sqlite3.Connection], T], empty: T) -> T:
        if self._conn is not None:
            return self._transaction(work, "BEGIN")
        if not self._exists():
            return empty
        return self._guard(lambda: _read_only(self.path, work, empty))

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        if not self._exists():
            self._guard(self._create)
        return self._transaction(work, "BEGIN IMMEDIATE")

    def _transaction(self, work: Callable[[sqlite3.Connection], T], begin: str) -> T:
        def run() -> T:
            conn = self._connection()
            conn.execute(begin)
            try:
                changes = conn.total_changes
                result = work(conn)
                if conn.total_changes != changes:
                    conn.execute("UPDATE meta SET writes = writes + 1")
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                raise
            if begin != "BEGIN":
                _checkpoint(conn)
            return result

        return self._guard(run)

    def _guard(self, run: Callable[[], T]) -> T:
        import sqlite3

        try:
            return run()
        except sqlite3.Error as e:
            raise _db_error(self.path, e) from e
        except OSError as e:
            why = e.strerror or str(e)
            raise NotesError(
                f"The notes database {self.path} could not be used ({why}).", str(self.path)
            ) from e

    def _connection(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        import sqlite3

        _inspect(self.path)
        # mode=rw: if the file vanished since the check, fail rather than create one
        conn = sqlite3.connect(
            _uri(self.path, "rw"), uri=True, timeout=BUSY_TIMEOUT, isolation_level=None
        )
        try:
            _configure(conn)
            _migrate(conn, self.path)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _create(self) -> None:
        """Build a complete database beside the target, then link it into place.

        ``os.link`` fails rather than replace, so when several first runs race exactly
        one database wins and the others use it; no process ever sees an empty or
        half-migrated file at the real path.
        """
        import sqlite3

        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = Path(atomic.temp_path(path))
        # 0600 exactly: SQLite gives -wal, -shm and -journal files the main file's mode
        atomic.create_new(tmp, mode=0o600)
        try:
            conn = sqlite3.connect(tmp, timeout=BUSY_TIMEOUT, isolation_level=None)
            try:
                conn.execute("PRAGMA synchronous = FULL")
                _migrate(conn, path)
                conn.execute("PRAGMA journal_mode = WAL")
            finally:
                conn.close()
            atomic.publish(tmp, path, replace=False)
        finally:
            for name in (str(tmp), f"{tmp}-journal", f"{tmp}-wal", f"{tmp}-shm"):
                with suppress(FileNotFoundError):
                    os.unlink(name)


# ------------------------------------------------------------------- database helpers


def _uri(path: Path, mode: str) -> str:
    return f"{path.absolute().as_uri()}?mode={mode}"


def _damaged(path: Path, why: str) -> NotesError:
    return NotesError(
        f"The notes database {path} is damaged ({why}); it was left untouched.", str(path)
    )


def _check_file(path: Path) -> None:
    """Read the header by hand: SQLite must not be the first to meet a file that is not ours."""
    import stat

    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not os.path.islink(path):
            raise
        raise NotesError(
            f"The notes database {path} is a symbolic link to {os.readlink(path)},"
            " which does not exist; it was left untouched.",
            str(path),
        ) from None
    if not stat.S_ISREG(st.st_mode):
        raise NotesError(
            f"The notes database {path} is not a regular file; it was left untouched.",
            str(path),
        )
    with open(path, "rb") as f:
        head = f.read(100)
    if not head:
        raise _damaged(path, "the file is empty")
    if not head.startswith(_SQLITE_MAGIC):
        raise _damaged(path, "file is not a database")
    if len(head) < 100:
        raise _damaged(path, "the file is truncated")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise _damaged(path, "its header is invalid")
    if st.st_size < page_size:
        raise _damaged(path, "the file is truncated")


def _inspect(path: Path) -> None:
    """Prove the file is a sound database of ours before anything may write to it.

    Opening read-write can write by itself (journal recovery, journal mode, our own
    migration), so the file is first read by hand, then through a read-only
    connection. A plain read-only open of a WAL database still creates ``-wal`` and
    ``-shm`` files, so while there is no write-ahead log to read the file is opened
    ``immutable`` (no locks, no side files). That verdict stands only if no writer
    touched the file meanwhile; otherwise, and whenever a log exists, the log is
    proved to be this database's and the check runs again through a normal read-only
    connection that honours other writers' locks.
    """
    _check_file(path)
    before = _quiet_state(path)
    if before is not None:
        problem = _verdict(path, "ro&immutable=1")
        if problem is None:
            return
        if _quiet_state(path) == before:
            raise problem
    _check_log(path)
    problem = _verdict(path, "ro")
    if problem is not None:
        raise problem


def _read_only(path: Path, work: Callable[[sqlite3.Connection], T], empty: T) -> T:
    """Run ``work`` on a connection that cannot write, lock or create anything.

    Reads work in a read-only folder, on a full disk and on a 0444 file, and leave
    no side files: while no log holds anything the file is read ``immutable``, and
    the answer counts only if no writer touched the file meanwhile. Otherwise the log
    is proved to be this database's before SQLite may read it.
    """
    _check_file(path)
    for _attempt in range(3):
        before = _quiet_state(path)
        if before is None:
            break
        try:
            result: T | None = _read_with(path, "ro&immutable=1", work, empty)
            problem = None
        except NotesError as e:
            result, problem = None, e
        if _quiet_state(path) == before:
            if problem is not None:
                raise problem
            return result  # type: ignore[return-value]
    _check_log(path)
    return _read_with(path, "ro", work, empty)


def _read_with(path: Path, mode: str, work: Callable[[sqlite3.Connection], T], empty: T) -> T:
    import sqlite3

    conn = sqlite3.connect(_uri(path, mode), uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA cell_size_check = ON")
        conn.execute("BEGIN")
        # version 0: an empty SQLite file with no notes yet; reading writes no schema
        if _check_schema(conn, path) == 0:
            return empty
        return work(conn)
    except sqlite3.Error as e:
        raise _db_error(path, e) from e
    finally:
        conn.close()


def _quiet_state(path: Path) -> tuple[int, ...] | None:
    """The file's and its log's identity and times if no journal holds anything, else None."""
    if os.path.lexists(f"{path}-journal"):
        return None
    try:
        log = os.stat(f"{path}-wal")
    except FileNotFoundError:
        log_state: tuple[int, ...] = ()
    else:
        if log.st_size:
            return None
        log_state = (log.st_ino, log.st_mtime_ns, log.st_ctime_ns)
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, *log_state)


def _check_log(path: Path) -> None:
    """Refuse a write-ahead log that does not belong to this database, before SQLite replays it.

    SQLite replays any ``-wal`` beside the file, and a log names no database: one
    copied from another computer would replace these notes with that database's.
    Every write of ours rewrites the ``meta`` row holding this database's random id,
    so every commit in our logs carries it; a log whose committed frames do not is
    someone else's and is left, with the database, exactly as found.
    """
    import stat

    from termcli.notes_wal import committed_pages

    log = f"{path}-wal"
    try:
        fd = os.open(log, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise NotesError(
                f"The file {log} beside the notes database {path} is not a regular file;"
                " nothing was changed.",
                str(path),
            )
        data = f.read(MAX_LOG_BYTES + 1)
    if len(data) > MAX_LOG_BYTES:
        raise NotesError(
            f"The file {log} beside the notes database {path} is larger than"
            f" {MAX_LOG_BYTES // (1024 * 1024)} MiB, too large to be its log;"
            " nothing was changed.",
            str(path),
        )
    frames = committed_pages(data)
    if not frames:
        return  # nothing SQLite would replay
    identity = _identity(path)
    if identity is None:
        return  # a database from before identities: its log cannot be told apart
    root, token = identity
    pages = [page for number, page in frames if number == root]
    if pages and all(token in page for page in pages):
        return
    raise NotesError(
        f"The file {log} holds changes from another database, not from the notes database"
        f" {path}; nothing was changed (move {log} away to use your notes).",
        str(path),
    )


def _identity(path: Path) -> tuple[int, bytes] | None:
    """The meta table's page and this database's id, as the main file alone has them."""
    import sqlite3

    try:
        conn = sqlite3.connect(_uri(path, "ro&immutable=1"), uri=True, isolation_level=None)
        try:
            row = conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone()
            ident = conn.execute("SELECT id FROM meta").fetchone() if row else None
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    if row is None or ident is None or not isinstance(ident[0], str) or len(ident[0]) < 16:
        return None
    return int(row[0]), ident[0].encode("ascii", "replace")


def _verdict(path: Path, mode: str) -> NotesError | None:
    import sqlite3

    conn = sqlite3.connect(_uri(path, mode), uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        _check_schema(conn, path)
    except NotesError as e:
        return e
    except sqlite3.Error as e:
        return _db_error(path, e)
    finally:
        conn.close()
    return None


def _check_schema(conn: sqlite3.Connection, path: Path) -> int:
    """The schema version of a sound database of ours; NotesError for anything else."""
    # the version first: a newer schema may be one this SQLite cannot parse
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise _newer(path, version)
    checks = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
    tables = {
        str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if checks != ["ok"]:
        raise _damaged(path, checks[0] if checks else "integrity check failed")
    if version == 0 and {t for t in tables if not t.startswith("sqlite_")}:
        raise NotesError(
            f"The file {path} is not a termcli notes database (it holds other tables);"
            " it was left untouched.",
            str(path),
        )
    if version > 0 and "notes" not in tables:
        raise _damaged(path, "its notes table is missing")
    return version


def _checkpoint(conn: sqlite3.Connection) -> None:
    """Move the log into the file and empty it, so at rest no log waits to be replayed.

    Best effort and without waiting: a busy checkpoint is left to the next writer,
    and the note is already committed either way.
    """
    import sqlite3

    with suppress(sqlite3.Error):
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")


def _valid_id(note_id: int) -> bool:
    """SQLite ids are 64-bit: a larger number names no note and must not reach a query."""
    return 1 <= note_id <= MAX_NOTE_ID


def _check_ids_left(conn: sqlite3.Connection, path: Path, count: int) -> None:
    if not count:
        return
    last = conn.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'notes'), 0),"
        " coalesce((SELECT max(id) FROM notes), 0))"
    ).fetchone()[0]
    if int(last) > MAX_NOTE_ID - count:
        raise NotesError(
            f"The notes database {path} has no note numbers left (the highest, {MAX_NOTE_ID},"
            " is taken); nothing was changed.",
            str(path),
        )


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a note the CLI said it saved is on disk, even after a power cut.
    conn.execute("PRAGMA synchronous = FULL")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION` inside one write transaction.

    The version is read again once the write lock is held, so of several processes
    starting at once exactly one migrates and the rest find the work done.
    """
    if _user_version(conn, path) == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = _user_version(conn, path)
        for steps in _MIGRATIONS[version:]:
            for sql in steps:
                conn.execute(sql)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise


def _user_version(conn: sqlite3.Connection, path: Path) -> int:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise _newer(path, version)
    return version


def _newer(path: Path, version: int) -> NotesError:
    return NotesError(
        f"The notes database {path} was created by a newer termcli (schema version"
        f" {version}) and was left untouched; upgrade termcli to use it.",
        str(path),
    )


def _rollback(conn: sqlite3.Connection) -> None:
    import sqlite3

    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _db_error(path: Path, e: sqlite3.Error) -> NotesError:
    name = getattr(e, "sqlite_errorname", "") or ""
    detail = str(e).rstrip(".") or name or type(e).__name__
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return _damaged(path, detail)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        message = (
            f"The notes database {path} stayed locked by another program for"
            f" {BUSY_TIMEOUT:g} seconds; nothing was changed, try again."
        )
    elif name.startswith("SQLITE_FULL"):
        message = (
            f"The notes database {path} could not be written (the disk is full);"
            " nothing was changed."
        )
    elif name.startswith("SQLITE_READONLY"):
        message = f"The notes database {path} is read-only ({detail}); nothing was changed."
    else:
        message = f"The notes database {path} could not be used ({detail})."
    return NotesError(message, str(path))


def _note(row: Any) -> Note:
    return Note(int(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), str(row[5]))


def _get(conn: sqlite3.Connection, note_id: int) -> Note | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM notes WHERE id = ?", (int(note_id),)).fetchone()
    return None if row is None else _note(row)


def _now() -> str:
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# ------------------------------------------------------------------------- validation


def _string_problem(value: object, name: str, *, one_line: bool) -> str | None:
    if value is None:
        return f"{name} is missing"
    if not isinstance(value, str):
        return f"{name} is not a string"
    if not value.strip():
        return f"{name} is empty"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"{name} is not valid Unicode"
    if one_line and any(is_control(ch) for ch in value):
        return f"{name} contains control characters"
    return None


def _is_stamp(value: object) -> bool:
    import re
    from datetime import datetime

    if not isinstance(value, str):
        return False
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z", value)
    if m is None:
        return False
    year, month, day, hour, minute, second = map(int, m.groups())
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return False
    return True


def note_problems(raw: object, where: str) -> builtins.list[str]:
    if not isinstance(raw, dict):
        return [f"{where} is not an object"]
    problems: builtins.list[str] = []
    unknown = sorted(str(k) for k in raw if k not in NOTE_FIELDS and k != "id")
    if unknown:
        problems.append(f"{where} has an unknown field {unknown[0]!r}")
    for key, one_line in (("entry_id", True), ("term", True), ("text", False)):
        problem = _string_problem(raw.get(key), f"{where} {key}", one_line=one_line)
        if problem:
            problems.append(problem)
    for key in ("created", "updated"):
        if key not in raw:
            problems.append(f"{where} {key} is missing")
        elif not _is_stamp(raw[key]):
            problems.append(f"{where} {key} is not a UTC time like {STAMP_EXAMPLE}")
    note_id = raw.get("id", 1)
    if type(note_id) is not int or note_id < 1:
        problems.append(f"{where} id is not a positive whole number")
    return problems


def _clean_text(text: str) -> str:
    problem = _string_problem(text, "note text", one_line=False)
    if problem:
        raise ValueError(problem)
    return text.strip()


def _clean(entry_id: str, term: str, text: str) -> tuple[str, str, str]:
    """The values as stored; ValueError for anything an export could not carry back."""
    for value, name in ((entry_id, "entry id"), (term, "term")):
        problem = _string_problem(value, name, one_line=True)
        if problem:
            raise ValueError(problem)
    return entry_id.strip(), term.strip(), _clean_text(text)
