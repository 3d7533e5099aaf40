"""A compiled lookup index for user glossaries, cached on disk.

Parsing a 100k-entry JSON file costs more than a whole lookup should, so each user
glossary is compiled once into an SQLite file in the cache folder: names by strict and
loose key, the word runs of multi-word names, each entry's record, and the loose keys
packed into buckets by (length, first letter) for typo search. A lookup then touches a
few B-tree pages and two or three buckets; it never parses the JSON again.

The cache is keyed by the glossary's path and stamped with its size, mtime, ctime,
inode and the tool's version; a stale or damaged cache is rebuilt, never trusted, and
when no index can be written or read the glossary is read directly (:class:`FileLayer`). A build writes a
temporary file and renames it into place (:mod:`termcli.atomic`), so a crash or a
second process never sees half an index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from pathlib import Path

from termcli import __version__, atomic, paths
from termcli import keyindex as keyindex_module
from termcli import model as model_module
from termcli import normalize as normalize_module
from termcli.keyindex import Hit, MemoryIndex, name_kinds, text_runs
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
    distinction_to_dict,
    entry_to_dict,
    faq_to_dict,
)
from termcli.normalize import loosened, one_word, query_text, strict_key
from termcli.scores import FIRST_LETTER_ENOUGH

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3
    from typing import Any

    from termcli.glossary import GlossaryFile, Problem

FORMAT = 4  # 2: synonyms kept with the extras; 3: entries in file order, the description;
# 4: one names row for a key both strict and loose
MAX_BUCKET_LENGTH = 48
# A names row holds a strict key, a loose key or, most often, a key that is both.
STRICT, LOOSE, BOTH = 1, 2, 3


def cache_path(source: Path) -> Path:
    try:
        from _sha256 import sha256  # type: ignore[import-not-found]  # hashlib without OpenSSL's start-up
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import sha256

    digest = sha256(str(source.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return paths.index_dir() / f"{digest}.sqlite3"


def stamp(source: Path) -> dict[str, str]:
    """What must not change for an index to stay current.

    Size and mtime alone miss an edit that keeps both (``sed -i`` then ``touch -d``)
    or a file renamed into place with its old mtime; the inode and the ctime, which
    no user call can set back, catch both, as git's index does. It is one ``stat``.
    """
    st = source.stat()
    return {
        "source": str(source.resolve()),
        "size": str(st.st_size),
        "mtime_ns": str(st.st_mtime_ns),
        "ctime_ns": str(st.st_ctime_ns),
        "inode": f"{st.st_dev}:{st.st_ino}",
        "version": __version__,
        "format": str(FORMAT),
    }


class IndexDamaged(Exception):
    """The compiled index cannot be trusted (not a file, a missing table, a bad row)."""


def _damage() -> tuple[type[BaseException], ...]:
    """What reading a damaged index can raise; every one means rebuild, never a traceback."""
    import sqlite3

    from termcli.glossary import GlossaryError

    return (
        IndexDamaged,
        sqlite3.Error,
        OSError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        GlossaryError,
    )


def _why(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


class DiskIndex:
    """A :class:`termcli.keyindex.KeyIndex` over one compiled glossary file.

    An index is a cache, so it is never trusted: any error while reading it means one
    rebuild, and when that fails too (or the cache cannot be written: a read-only
    folder, a full disk), the glossary is read directly into memory, each time with
    a one-line note through ``note``.
    """

    def __init__(
        self,
        source: Path,
        known_ids: Callable[[], set[str]],
        progress: Callable[[int, int], Any] | None = None,
        note: Callable[[str], None] | None = None,
    ) -> None:
        self.source = source
        self.path = cache_path(source)
        self.title = ""
        self.description = ""
        self.size = 0  # entries in the file
        self._known_ids = known_ids
        self._progress = progress
        self._note = note or (lambda _: None)
        self._db: sqlite3.Connection | None = None
        self._fallback: FileLayer | None = None
        self._rebuilt = False
        self._terms: dict[str, tuple[str, bool]] = {}
        self._has_extras = False

    def _connect(self, current: dict[str, str] | None) -> bool:
        """Open the index; False when it is missing or stale, IndexDamaged-like errors
        when it is there but unreadable."""
        import os
        import sqlite3
        import stat

        try:
            st = os.stat(self.path)
        except OSError:
            return False  # missing, or no cache folder: building says why if it must
        if not stat.S_ISREG(st.st_mode):  # a FIFO would block the open, a folder fail it
            raise IndexDamaged("not a regular file")
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("complete") != "1":
                raise IndexDamaged("incomplete")
            if current is not None and any(meta.get(k) != v for k, v in current.items()):
                db.close()
                return False
            title, description = meta.get("title", ""), meta.get("description", "")
            if type(title) is not str or type(description) is not str:
                raise IndexDamaged("bad title")
        except BaseException:
            db.close()
            raise
        self._db, self.title, self.description = db, title, description
        self.size = int(meta.get("entries", "0") or 0)
        self._has_extras = meta.get("extras", "0") == "1"
        self._terms.clear()
        return True

    def start(self) -> None:
        """Use the index when current; build it when missing, stale or damaged."""
        try:
            current = stamp(self.source)
        except OSError as exc:
            from termcli.glossary import unreadable  # the validator, only on this error path

            raise unreadable(str(self.source), exc) from None
        try:
            if self._connect(current):
                return
            damage = ""
        except _damage() as exc:
            damage = _why(exc)
        self._rebuild(current, damage)

    def _rebuild(self, current: dict[str, str] | None, damage: str) -> None:
        """Build the index again, or read the JSON when that fails; one line on stderr
        says what happened, and nothing when a missing or stale index is just built."""
        import sqlite3

        self.close()
        name = self.source.name
        said = f"the index of {name} was damaged ({damage})" if damage else ""
        if self._rebuilt:
            self._fall_back(f"{said}, again after a rebuild")
            return
        self._rebuilt = True
        try:
            if current is None:
                current = stamp(self.source)
            if damage:
                _remove_damaged(self.path)
            build(self.source, self.path, current, self._known_ids(), self._progress)
        except (OSError, sqlite3.Error) as exc:
            why = f"cannot write the index of {name} ({_why(exc)})"
            self._fall_back(f"{said}; {why}" if said else why)
            return
        try:
            if not self._connect(None):
                raise IndexDamaged("missing after the build")
        except _damage() as exc:
            self._fall_back(f"cannot read the new index of {name} ({_why(exc)})")
            return
        if said:
            self._note(f"{said}; rebuilt it")

    def _fall_back(self, why: str) -> None:
        self.close()
        self._fallback = FileLayer(self.source, self._known_ids())
        self.title = self._fallback.title
        self.description = self._fallback.description
        self.size = len(self._fallback.entries())
        self._note(f"{why}; reading {self.source.name} directly")

    def _run(self, method: str, *args: Any) -> Any:
        """Call ``_<method>`` on the database, recovering once from any damage."""
        while True:
            if self._fallback is not None:
                return getattr(self._fallback, method)(*args)
            try:
                if self._db is None:
                    raise IndexDamaged("closed")
                return getattr(self, "_" + method)(*args)
            except _damage() as exc:
                self._rebuild(None, _why(exc))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _sql(self, query: str, params: tuple[Any, ...] = ()) -> list[Any]:
        assert self._db is not None
        return self._db.execute(query, params).fetchall()

    def _checked(self, hits: list[Hit]) -> list[Hit]:
        """Hits whose entry the index holds: a name row without its entry is damage."""
        for hit in hits:
            if type(hit.id) is not str or not self._term(hit.id)[0]:
                raise IndexDamaged(f"no entry {hit.id!r}")
        return hits

    def exact(self, key: str, loose: bool) -> list[Hit]:
        return self._run("exact", key, loose)  # type: ignore[no-any-return]

    def _exact(self, key: str, loose: bool) -> list[Hit]:
        rows = self._sql(
            "SELECT id, kind, name FROM names WHERE key = ? AND level IN (?, ?) ORDER BY rowid",
            (key, LOOSE if loose else STRICT, BOTH),
        )
        return self._checked([Hit(*row) for row in rows])

    def known_word(self, word: str) -> bool:
        return self._run("known_word", word)  # type: ignore[no-any-return]

    def present(self, keys: Iterable[str]) -> set[str]:
        return self._run("present", list(keys))  # type: ignore[no-any-return]

    def _present(self, keys: list[str]) -> set[str]:
        """The strict keys among ``keys`` that name something, 500 to a query."""
        out: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._sql(
                f"SELECT DISTINCT key FROM names WHERE level != {LOOSE} AND key IN ({marks})",
                tuple(chunk),
            )
            out.update(str(key) for (key,) in rows)
        return out

    def _known_word(self, word: str) -> bool:
        return bool(
            self._sql(
                "SELECT 1 FROM words WHERE run = ? UNION ALL"
                " SELECT 1 FROM names WHERE key = ? LIMIT 1",
                (word, word),
            )
        )

    def word(self, key: str) -> list[Hit]:
        return self._run("word", key)  # type: ignore[no-any-return]

    def _word(self, key: str) -> list[Hit]:
        rows = self._sql("SELECT id, kind, name FROM words WHERE run = ?", (key,))
        return self._checked([Hit(*row) for row in rows])

    def prefixed(self, key: str, limit: int) -> list[tuple[str, Hit]]:
        return self._run("prefixed", key, limit)  # type: ignore[no-any-return]

    def _prefixed(self, key: str, limit: int) -> list[tuple[str, Hit]]:
        rows = self._sql(
            f"SELECT key, id, kind, name FROM names WHERE level != {LOOSE}"
            " AND key >= ? AND key < ? LIMIT ?",
            (key, key + "\U0010ffff", limit),
        )
        out = [(row[0], Hit(row[1], row[2], row[3])) for row in rows]
        self._checked([hit for _, hit in out])
        return out

    def fuzzy(self, key: str, limit: int, cutoff: float) -> list[tuple[float, Hit]]:
        return self._run("fuzzy", key, limit, cutoff)  # type: ignore[no-any-return]

    def _fuzzy(self, key: str, limit: int, cutoff: float) -> list[tuple[float, Hit]]:
        """Two stages: the buckets that share the key's first letter, and only when they
        hold nothing good, every bucket of a near length (a typo in the first letter)."""
        length = len(key)
        near = range(max(1, length - 2), min(length + 2, MAX_BUCKET_LENGTH) + 1)
        marks = ",".join("?" * len(near))
        best: list[tuple[str, float]] = []
        for stage in (0, 1):
            if stage == 1 and best and 100.0 * best[0][1] >= FIRST_LETTER_ENOUGH:
                break
            op = "=" if stage == 0 else "!="
            rows = self._sql(
                f"SELECT keys FROM buckets WHERE first {op} ? AND length IN ({marks})",
                (key[:1], *near),
            )
            for (blob,) in rows:
                if type(blob) is not str:
                    raise IndexDamaged("a typo bucket is not text")
                from rapidfuzz import process  # only with keys to compare: it costs ~1.5× the floor
                from rapidfuzz.distance import OSA

                found = process.extract(
                    key,
                    blob.split("\n"),
                    scorer=OSA.normalized_similarity,
                    limit=limit,
                    score_cutoff=cutoff / 100.0,
                )
                best.extend((choice, score) for choice, score, _ in found)
            best.sort(key=lambda cs: -cs[1])
            del best[limit:]
        return [(100.0 * score, hit) for choice, score in best for hit in self._exact(choice, True)]

    def _term(self, entry_id: str) -> tuple[str, bool]:
        cached = self._terms.get(entry_id)
        if cached is None:
            rows = self._sql("SELECT term, mature FROM entries WHERE id = ?", (entry_id,))
            cached = (str(rows[0][0]), bool(rows[0][1])) if rows else ("", False)
            self._terms[entry_id] = cached
        return cached

    def has(self, entry_id: str) -> bool:
        return bool(self._run("term_of", entry_id)[0])

    def _term_of(self, entry_id: str) -> tuple[str, bool]:
        return self._term(entry_id)

    def term(self, entry_id: str) -> str:
        return self._run("term_of", entry_id)[0]  # type: ignore[no-any-return]

    def is_mature(self, entry_id: str) -> bool:
        return self._run("term_of", entry_id)[1]  # type: ignore[no-any-return]

    def entry(self, entry_id: str) -> Entry | None:
        return self._run("entry", entry_id)  # type: ignore[no-any-return]

    def _entry(self, entry_id: str) -> Entry | None:
        rows = self._sql("SELECT data FROM entries WHERE id = ?", (entry_id,))
        if not rows:
            return None
        import json

        from termcli.model import entry_from_dict

        return entry_from_dict(json.loads(rows[0][0]))  # this tool's own row: validated once

    def ids(self) -> set[str]:
        return self._run("ids")  # type: ignore[no-any-return]

    def _ids(self) -> set[str]:
        return {str(row[0]) for row in self._sql("SELECT id FROM entries")}

    def entries(self) -> list[Entry]:
        """Every entry, in file order, from this tool's own rows (not validated again)."""
        return self._run("entries")  # type: ignore[no-any-return]

    def _entries(self) -> list[Entry]:
        import json

        from termcli.model import entry_from_dict

        return [
            entry_from_dict(json.loads(data))
            for (data,) in self._sql("SELECT data FROM entries ORDER BY pos")
        ]

    def relations_to(self, entry_id: str) -> list[tuple[str, str, str]]:
        """(source id, type, note) of relations written on other entries pointing here."""
        return self._run("relations_to", entry_id)  # type: ignore[no-any-return]

    def _relations_to(self, entry_id: str) -> list[tuple[str, str, str]]:
        rows = self._sql("SELECT src, type, note FROM relations WHERE dst = ?", (entry_id,))
        for row in rows:
            "".join(row)
        return [tuple(row) for row in rows]

    def extras(self) -> tuple[list[Distinction], list[Faq]]:
        return self._run("extras")  # type: ignore[no-any-return]

    def _extras(self) -> tuple[list[Distinction], list[Faq]]:
        if not self._has_extras:
            return [], []
        rows = self._sql("SELECT value FROM meta WHERE key = 'extras_json'")
        import json

        from termcli.model import distinction_from_dict, faq_from_dict

        raw = json.loads(rows[0][0])
        return (
            [distinction_from_dict(d) for d in raw.get("distinctions", [])],
            [faq_from_dict(q) for q in raw.get("faq", [])],
        )

    def synonyms(self) -> dict[str, tuple[str, ...]]:
        return self._run("synonyms")  # type: ignore[no-any-return]

    def _synonyms(self) -> dict[str, tuple[str, ...]]:
        if not self._has_extras:
            return {}
        rows = self._sql("SELECT value FROM meta WHERE key = 'extras_json'")
        import json

        raw = json.loads(rows[0][0]).get("synonyms", {})
        return {str(key): _strs(words) for key, words in raw.items()}


class FileLayer:
    """A user glossary read straight from its JSON, for when its index cannot be used."""

    def __init__(self, source: Path, known_ids: set[str]) -> None:
        from termcli.glossary import (
            GlossaryError,
            load_file,
            relation_problems,
            section_problems,
        )

        f = load_file(source)
        entries = {e.id: e for e in f.entries}

        def exists(entry_id: str) -> bool:
            return entry_id in entries or entry_id in known_ids

        relations = (
            (e.id, r.id, f"{f.entry_paths.get(e.id, '$')}.related[{j}].id")
            for e in f.entries
            for j, r in enumerate(e.related)
        )
        problems = relation_problems(f.source, relations, exists) + section_problems(f, exists)
        if problems:
            raise GlossaryError(problems)
        self.title = f.title
        self.description = f.description
        self._entries = entries
        self._extras = (list(f.distinctions), list(f.faq))
        self._synonyms = f.synonyms
        self._index = MemoryIndex((e.id, e.term, e.mature, name_kinds(e)) for e in f.entries)
        self._inverse: dict[str, list[tuple[str, str, str]]] = {}
        for e in f.entries:
            for r in e.related:
                self._inverse.setdefault(r.id, []).append((e.id, r.type, r.note))

    def entries(self) -> list[Entry]:
        return list(self._entries.values())

    def exact(self, key: str, loose: bool) -> list[Hit]:
        return list(self._index.exact(key, loose))

    def known_word(self, word: str) -> bool:
        return self._index.known_word(word)

    def present(self, keys: Iterable[str]) -> set[str]:
        return self._index.present(keys)

    def word(self, key: str) -> list[Hit]:
        return list(self._index.word(key))

    def prefixed(self, key: str, limit: int) -> list[tuple[str, Hit]]:
        return self._index.prefixed(key, limit)

    def fuzzy(self, key: str, limit: int, cutoff: float) -> list[tuple[float, Hit]]:
        return list(self._index.fuzzy(key, limit, cutoff))

    def term_of(self, entry_id: str) -> tuple[str, bool]:
        e = self._entries.get(entry_id)
        return (e.term, e.mature) if e else ("", False)

    def entry(self, entry_id: str) -> Entry | None:
        return self._entries.get(entry_id)

    def ids(self) -> set[str]:
        return set(self._entries)

    def relations_to(self, entry_id: str) -> list[tuple[str, str, str]]:
        return list(self._inverse.get(entry_id, ()))

    def extras(self) -> tuple[list[Distinction], list[Faq]]:
        return self._extras

    def synonyms(self) -> dict[str, tuple[str, ...]]:
        return self._synonyms


def _remove_damaged(path: Path) -> None:
    """Clear a damaged index out of the way of the new one: a file or FIFO is unlinked,
    an empty folder removed; anything else stays, and publishing then fails."""
    import os

    try:
        os.unlink(path)
    except IsADirectoryError:
        with suppress(OSError):
            os.rmdir(path)
    except OSError:
        pass


def open_index(
    source: Path,
    known_ids: Callable[[], set[str]],
    progress: Callable[[int, int], Any] | None = None,
    note: Callable[[str], None] | None = None,
) -> DiskIndex:
    """The compiled index of ``source``, built or rebuilt when missing, stale or damaged;
    the JSON read directly when no index can be written or read."""
    index = DiskIndex(source, known_ids, progress, note)
    index.start()
    return index


def build(
    source: Path,
    target: Path,
    current: dict[str, str],
    known_ids: set[str],
    progress: Callable[[int, int], Any] | None = None,
) -> None:
    """Validate ``source`` while streaming it into a new index, then swap the index in.

    Entries are read one at a time (:mod:`termcli.jsonstream`) and written in batches,
    and the typo buckets are grouped by SQLite, so memory stays bounded by the number
    of ids rather than by the size of the file.
    """
    import json
    import sqlite3

    from termcli.glossary import EntryValidator, checked_size, parse
    from termcli.jsonstream import stream
    from termcli.textindex import build_beside

    name = str(source)
    size = checked_size(source, name)
    private_dir(target.parent)
    tmp = Path(atomic.temp_path(target))
    atomic.create_new(tmp)  # SQLite fills the empty file; 0600 like every cache
    db = sqlite3.connect(tmp)
    beside = build_beside(source)
    try:
        db.executescript(_SCHEMA)
        validator = EntryValidator(name)
        batch: list[tuple[int, Entry, str]] = []
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

        def flush() -> None:
            _write_batch(db, batch)
            batch.clear()

        def on_entry(index: int, raw: Any, text: str) -> None:
            checked = validator.entry(index, raw)
            if checked is not None:
                entry, canonical = checked
                if not canonical:
                    text = dumps(entry_to_dict(entry))
                elif "\n" in text:
                    text = dumps(raw)  # compact, not as laid out in the file
                batch.append((index, entry, text))
            if len(batch) >= 5000:
                flush()

        def on_bytes(done: int) -> None:
            if progress is not None:
                progress(min(done, size), size)

        on_bytes(0)
        with db:
            top = stream(source, name, on_entry, on_bytes)
            flush()
        header = parse(top, name)
        with db:
            db.execute("CREATE INDEX entries_id ON entries (id)")
        validator.finish(_reference_problems(db, name, header, known_ids, validator.limit))
        with db:
            db.execute("CREATE INDEX names_key ON names (key, level)")
            _write_buckets(db)
            db.execute("CREATE INDEX words_run ON words (run)")
            db.execute("CREATE INDEX relations_dst ON relations (dst)")
            db.execute("CREATE INDEX buckets_at ON buckets (first, length)")
            extras = {
                "schema_version": 1,
                "entries": [],
                "distinctions": [distinction_to_dict(d) for d in header.distinctions],
                "faq": [faq_to_dict(q) for q in header.faq],
                "synonyms": {key: list(words) for key, words in header.synonyms.items()},
            }
            meta = {
                **current,
                "title": header.title,
                "description": header.description,
                "entries": str(db.execute("SELECT count(*) FROM entries").fetchone()[0]),
                "extras": "1" if header.distinctions or header.faq or header.synonyms else "0",
                "extras_json": json.dumps(extras, ensure_ascii=False),
                "complete": "1",
            }
            db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        if beside is not None:
            beside.terminate()
        raise
    finally:
        if beside is not None:
            beside.wait()
        if progress is not None:
            progress(size + 1, size)  # done > total: finished, the bar goes
    db.close()
    try:
        atomic.publish(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA page_size = 16384;
PRAGMA cache_size = -32768;
PRAGMA temp_store = FILE;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE entries (pos INTEGER PRIMARY KEY, id TEXT, term TEXT, mature INTEGER, data TEXT);
CREATE TABLE names (key TEXT, level INTEGER, id TEXT, kind TEXT, name TEXT);
CREATE TABLE words (run TEXT, id TEXT, kind TEXT, name TEXT);
CREATE TABLE relations (dst TEXT, src TEXT, type TEXT, note TEXT, pos INTEGER, j INTEGER);
CREATE TABLE buckets (length INTEGER, first TEXT, keys TEXT);
"""


def _reference_problems(
    db: sqlite3.Connection, name: str, header: GlossaryFile, known: set[str], limit: int
) -> list[Problem]:
    """Duplicate ids (the first ``limit``), dangling relations and sections naming no
    entry, asked of the rows written: an id map of a million entries would hold more
    than a hundred megabytes."""
    from termcli.glossary import duplicate_id, relation_problems, section_problems

    problems = []
    first: dict[str, int] = {}
    for pos, entry_id in db.execute(
        "SELECT pos, id FROM entries WHERE id IN"
        " (SELECT id FROM entries GROUP BY id HAVING count(*) > 1) ORDER BY pos"
    ):
        if entry_id in first:
            problems.append(duplicate_id(name, f"$.entries[{pos}]", entry_id, first[entry_id]))
            if len(problems) >= limit:
                return problems
        first.setdefault(entry_id, pos)
    missing = {
        dst
        for (dst,) in db.execute(
            "SELECT DISTINCT dst FROM relations WHERE dst NOT IN (SELECT id FROM entries)"
        )
    } - known

    def exists(entry_id: str) -> bool:
        return entry_id in known or bool(
            db.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone()
        )

    relations = (
        (src, dst, f"$.entries[{pos}].related[{j}].id")
        for dst, src, pos, j in db.execute("SELECT dst, src, pos, j FROM relations ORDER BY pos, j")
    )
    return (
        problems
        + relation_problems(name, relations, lambda dst: dst not in missing)
        + section_problems(header, exists)
    )


def _write_batch(db: sqlite3.Connection, batch: Sequence[tuple[int, Entry, str]]) -> None:
    """Write entries with their file positions and stored JSON."""
    db.executemany(
        "INSERT INTO entries VALUES (?, ?, ?, ?, ?)",
        ((pos, e.id, e.term, int(e.mature), data) for pos, e, data in batch),
    )
    names, words = _key_rows(e for _, e, _ in batch)
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)", names)
    db.executemany("INSERT INTO words VALUES (?, ?, ?, ?)", words)
    db.executemany(
        "INSERT INTO relations VALUES (?, ?, ?, ?, ?, ?)",
        (
            (r.id, e.id, r.type, r.note, pos, j)
            for pos, e, _ in batch
            for j, r in enumerate(e.related)
        ),
    )


def _write_buckets(db: sqlite3.Connection) -> None:
    """Pack the distinct loose keys by (length, first letter), one row per bucket.

    The keys come sorted from the names index, so one first letter's buckets are
    complete when the letter changes: memory holds one letter's keys, not all.
    """
    out = db.cursor()
    first = ""
    by_length: dict[int, list[str]] = {}

    def flush() -> None:
        out.executemany(
            "INSERT INTO buckets VALUES (?, ?, ?)",
            ((length, first, "\n".join(keys)) for length, keys in sorted(by_length.items())),
        )
        by_length.clear()

    for (key,) in db.execute(
        f"SELECT DISTINCT key FROM names WHERE level != {STRICT} ORDER BY key"
    ):
        if key[:1] != first:
            flush()
            first = key[:1]
        by_length.setdefault(min(len(key), MAX_BUCKET_LENGTH), []).append(key)
    flush()


def _key_rows(
    entries: Iterable[Entry],
) -> tuple[list[tuple[str, int, str, str, str]], list[tuple[str, str, str, str]]]:
    """The names and words rows of some entries, in one pass over their names.

    Each key is kept once per entry and level, for the first name that has it; a
    name whose loose key is its strict key makes one row (level BOTH), not two.
    """
    names: list[tuple[str, int, str, str, str]] = []
    words: list[tuple[str, str, str, str]] = []
    for e in entries:
        seen: set[tuple[str, int]] = set()
        texts: set[str] = set()
        runs: set[str] = set()
        for kind, name in name_kinds(e):
            if kind == "id":  # a slug, whose keys need no pattern (tests/test_index.py)
                strict = name.replace("-", "")
                text = name.replace("-", " ") if "-" in name else ""
            else:
                strict = strict_key(name)
                text = "" if one_word(name) else query_text(name)
            if not strict:
                continue
            loose = loosened(strict)
            new_strict = (strict, STRICT) not in seen
            new_loose = (loose, LOOSE) not in seen
            seen.update(((strict, STRICT), (loose, LOOSE)))
            if loose == strict:
                level = STRICT * new_strict | LOOSE * new_loose
                if level:
                    names.append((strict, level, e.id, kind, name))
            else:
                if new_strict:
                    names.append((strict, STRICT, e.id, kind, name))
                if new_loose:
                    names.append((loose, LOOSE, e.id, kind, name))
            if not text or text in texts:
                continue  # one word, or the id "cat-girl" after the term "Cat girl"
            texts.add(text)
            for run in text_runs(text):
                if run not in runs:
                    runs.add(run)
                    words.append((run, e.id, kind, name))
    return names, words


BUNDLED_CACHE = "bundled.json"
MAX_BUNDLED_CACHE = 64 << 20


def bundled_state() -> tuple[Glossary, MemoryIndex]:
    """The bundled glossary and its index, from a JSON cache file when it is current.

    Validating the JSON and computing every key costs more than the rest of a lookup,
    so both are cached: a first line with the stamp (the file's size, mtime and the
    tool's version and code), then plain lists and strings. JSON, never pickle: a
    crafted cache file can at worst be refused, never run code. Any doubt (missing,
    stale, unreadable, not a regular file, a wrong type anywhere) means a rebuild.
    """
    import json

    source = paths.bundled_glossary()
    st = source.stat()
    code = [
        Path(str(m.__file__)).stat().st_mtime_ns
        for m in (keyindex_module, model_module, normalize_module)
    ]
    code.append(Path(__file__).stat().st_mtime_ns)
    current = [str(source), st.st_size, st.st_mtime_ns, __version__, FORMAT, code]
    cache = paths.cache_dir() / BUNDLED_CACHE
    saved = read_stamped(cache, current, MAX_BUNDLED_CACHE)
    if saved is not None:
        try:
            return glossary_from_plain(saved[0]), MemoryIndex.from_plain(saved[1])
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
            pass
    from termcli.glossary import load

    glossary = load()
    index = MemoryIndex.from_glossary(glossary)
    try:
        text = json.dumps(
            [glossary_to_plain(glossary), index.to_plain()],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        write_stamped(cache, current, text)
        (cache.parent / "bundled.pickle").unlink(missing_ok=True)  # the old, unsafe format
    except (OSError, UnicodeError):
        pass
    return glossary, index


def read_stamped(path: Path, stamp: Any, limit: int) -> Any:
    """The JSON a cache file holds after its stamp line, or None when the file is
    missing, not regular, too large, not JSON, or stamped otherwise. JSON, never pickle:
    a crafted cache can at worst be refused, never run code."""
    import json

    data = read_regular(path, limit)
    if data is None:
        return None
    head, _, body = data.partition(b"\n")
    try:
        return json.loads(body) if json.loads(head) == stamp else None
    except (ValueError, RecursionError):
        return None


def write_stamped(path: Path, stamp: Any, text: str) -> None:
    """Write a cache file as :func:`read_stamped` reads it, atomically; may raise OSError."""
    import json

    private_dir(path.parent)
    atomic.write_atomic(path, json.dumps(stamp).encode() + b"\n" + text.encode())


def read_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes, or None: missing, not a regular file (never waits on a
    FIFO or reads a device), unreadable, or over ``limit`` bytes."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return None if len(data) > limit else data


def private_dir(folder: Path) -> None:
    """Create ``folder`` and any missing parent 0700: caches hold the glossaries' text.

    Raises OSError when it cannot be made (a plain file in the way, a read-only disk).
    """
    import os

    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for made in reversed(missing):
        try:
            os.mkdir(made, 0o700)
        except FileExistsError:
            if not made.is_dir():
                raise


def _strs(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise ValueError("expected a list")
    "".join(value)  # a TypeError unless every item is a string, checked in C
    return tuple(value)


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ValueError("expected a list")
    return value


# Records are cached as lists in the order of their constructors' parameters, so a
# decoded list is checked and passed straight to the constructor.


def _native(v: Any) -> Native:
    text, reading, language = v
    "".join((text, reading, language))
    return Native(text, reading, language)


def _relation(v: Any) -> Relation:
    id_, type_, note = v
    "".join((id_, type_, note))
    return Relation(id_, type_, note)


def _source(v: Any) -> Source:
    title, url = v
    "".join((title, url))
    return Source(title, url)


def _entry(v: Any) -> Entry:
    (id_, term, definition, summary, abbreviations, aliases, native, literal, categories,
     tags, rating, origin, examples, related, sources, keywords, avoid, usage, sense) = v  # fmt: skip
    "".join((id_, term, definition, summary, literal, rating, origin, avoid, sense))
    if rating not in model_module.RATINGS:
        raise ValueError("expected a rating")
    if usage is not None:
        labels, note = usage
        "".join((note,))
        usage = Usage(_strs(labels), note)
    return Entry(
        id_,
        term,
        definition,
        summary,
        _strs(abbreviations),
        _strs(aliases),
        None if native is None else _native(native),
        literal,
        _strs(categories),
        _strs(tags),
        rating,
        origin,
        _strs(examples),
        tuple(_relation(r) for r in _list(related)),
        tuple(_source(x) for x in _list(sources)),
        _strs(keywords),
        avoid,
        usage,
        sense,
    )


def _entry_plain(e: Entry) -> list[Any]:
    return [
        e.id,
        e.term,
        e.definition,
        e.summary,
        list(e.abbreviations),
        list(e.aliases),
        None if e.native is None else [e.native.text, e.native.reading, e.native.language],
        e.literal,
        list(e.categories),
        list(e.tags),
        e.rating,
        e.origin,
        list(e.examples),
        [[r.id, r.type, r.note] for r in e.related],
        [[x.title, x.url] for x in e.sources],
        list(e.keywords),
        e.avoid,
        None if e.usage is None else [list(e.usage.labels), e.usage.note],
        e.sense,
    ]


def _aspect(v: Any) -> Aspect:
    name, values = v
    if type(values) is not dict:
        raise ValueError("expected an object")
    "".join((name, *values.values()))
    return Aspect(name, values)


def _distinction(v: Any) -> Distinction:
    id_, title, entries, aspects, takeaway = v
    "".join((id_, title, takeaway))
    return Distinction(
        id_, title, _strs(entries), tuple(_aspect(a) for a in _list(aspects)), takeaway
    )


def _faq(v: Any) -> Faq:
    id_, question, answer, entries = v
    "".join((id_, question, answer))
    return Faq(id_, question, answer, _strs(entries))


def glossary_to_plain(glossary: Glossary) -> list[Any]:
    """A glossary as JSON-ready lists, for :func:`glossary_from_plain`."""
    return [
        glossary.title,
        glossary.description,
        list(glossary.sources),
        [_entry_plain(e) for e in glossary.entries.values()],
        [
            [
                d.id,
                d.title,
                list(d.entries),
                [[a.name, dict(a.values)] for a in d.aspects],
                d.takeaway,
            ]
            for d in glossary.distinctions
        ],
        [[f.id, f.question, f.answer, list(f.entries)] for f in glossary.faq],
    ]


def glossary_from_plain(data: Any) -> Glossary:
    """Undo :func:`glossary_to_plain`, checking every type.

    Anything off raises ValueError or TypeError (a list of the wrong length, a number
    where text belongs): the caller rebuilds.
    """
    title, description, sources, entries, distinctions, faq = data
    "".join((title, description))
    decoded = [_entry(e) for e in _list(entries)]
    return Glossary(
        title,
        {e.id: e for e in decoded},
        tuple(_distinction(d) for d in _list(distinctions)),
        tuple(_faq(f) for f in _list(faq)),
        _strs(sources),
        description,
    )
