"""A compiled lookup index for user glossaries, cached on disk.

Parsing a 100k-entry JSON file costs more than a whole lookup should, so each user
glossary is compiled once into an SQLite file in the cache folder: names by strict and
loose key, the word runs of multi-word names, each entry's record, and the loose keys
packed into buckets by (length, first letter) for typo search. A lookup then touches a
few B-tree pages and two or three buckets; it never parses the JSON again.

The cache is keyed by the glossary's path and stamped with its size, mtime and the
tool's version; a stale or damaged cache is rebuilt, never trusted. A build writes a
temporary file and renames it into place (:mod:`termcli.atomic`), so a crash or a
second process never sees half an index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from termcli import __version__, atomic, paths
from termcli import keyindex as keyindex_module
from termcli import model as model_module
from termcli import normalize as normalize_module
from termcli.keyindex import Hit, MemoryIndex, name_kinds, word_runs
from termcli.model import (
    Distinction,
    Entry,
    Faq,
    Glossary,
    distinction_to_dict,
    entry_to_dict,
    faq_to_dict,
)
from termcli.normalize import loose_key, strict_key
from termcli.scores import FIRST_LETTER_ENOUGH

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3
    from typing import Any

FORMAT = 1
MAX_BUCKET_LENGTH = 48


def cache_path(source: Path) -> Path:
    import hashlib

    digest = hashlib.sha256(str(source.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return paths.index_dir() / f"{digest}.sqlite3"


def stamp(source: Path) -> dict[str, str]:
    st = source.stat()
    return {
        "source": str(source.resolve()),
        "size": str(st.st_size),
        "mtime_ns": str(st.st_mtime_ns),
        "version": __version__,
        "format": str(FORMAT),
    }


class DiskIndex:
    """A :class:`termcli.keyindex.KeyIndex` over one compiled glossary file."""

    def __init__(self, path: Path, source: Path) -> None:
        import sqlite3

        self.path = path
        self.source = source
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._terms: dict[str, tuple[str, bool]] = {}
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        self.title = meta.get("title", "")
        self._has_extras = meta.get("extras", "0") == "1"

    def close(self) -> None:
        self._db.close()

    def exact(self, key: str, loose: bool) -> list[Hit]:
        rows = self._db.execute(
            "SELECT id, kind, name FROM names WHERE key = ? AND loose = ?", (key, int(loose))
        )
        return [Hit(*row) for row in rows]

    def known_word(self, word: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM words WHERE run = ? UNION ALL SELECT 1 FROM names WHERE key = ? LIMIT 1",
            (word, word),
        ).fetchone()
        return row is not None

    def word(self, key: str) -> list[Hit]:
        rows = self._db.execute("SELECT id, kind, name FROM words WHERE run = ?", (key,))
        return [Hit(*row) for row in rows]

    def prefixed(self, key: str, limit: int) -> list[tuple[str, Hit]]:
        rows = self._db.execute(
            "SELECT key, id, kind, name FROM names WHERE loose = 0 AND key >= ? AND key < ? LIMIT ?",
            (key, key + "\U0010ffff", limit),
        )
        return [(row[0], Hit(row[1], row[2], row[3])) for row in rows]

    def fuzzy(self, key: str, limit: int, cutoff: float) -> Iterator[tuple[float, Hit]]:
        """Two stages: the buckets that share the key's first letter, and only when they
        hold nothing good, every bucket of a near length (a typo in the first letter)."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        length = len(key)
        near = range(max(1, length - 2), min(length + 2, MAX_BUCKET_LENGTH) + 1)
        best: list[tuple[str, float]] = []
        for stage in (0, 1):
            if stage == 0:
                rows = self._db.execute(
                    f"SELECT keys FROM buckets WHERE first = ? AND length IN ({','.join('?' * len(near))})",
                    (key[:1], *near),
                )
            else:
                if best and 100.0 * best[0][1] >= FIRST_LETTER_ENOUGH:
                    break
                rows = self._db.execute(
                    f"SELECT keys FROM buckets WHERE first != ? AND length IN ({','.join('?' * len(near))})",
                    (key[:1], *near),
                )
            for (blob,) in rows:
                choices = blob.split("\n")
                found = process.extract(
                    key,
                    choices,
                    scorer=OSA.normalized_similarity,
                    limit=limit,
                    score_cutoff=cutoff / 100.0,
                )
                best.extend((choice, score) for choice, score, _ in found)
            best.sort(key=lambda cs: -cs[1])
            del best[limit:]
        for choice, score in best:
            for hit in self.exact(choice, True):
                yield 100.0 * score, hit

    def _term(self, entry_id: str) -> tuple[str, bool]:
        cached = self._terms.get(entry_id)
        if cached is None:
            row = self._db.execute(
                "SELECT term, mature FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
            cached = (row[0], bool(row[1])) if row else ("", False)
            self._terms[entry_id] = cached
        return cached

    def has(self, entry_id: str) -> bool:
        return bool(self._term(entry_id)[0])

    def term(self, entry_id: str) -> str:
        return self._term(entry_id)[0]

    def is_mature(self, entry_id: str) -> bool:
        return self._term(entry_id)[1]

    def entry(self, entry_id: str) -> Entry | None:
        row = self._db.execute("SELECT data FROM entries WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            return None
        import json

        from termcli.glossary import parse

        raw = json.loads(row[0])
        return parse({"schema_version": 1, "entries": [raw]}, str(self.source)).entries[0]

    def ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT id FROM entries")}

    def entries(self) -> Iterator[Entry]:
        """Every entry, in file order, from this tool's own rows (not validated again)."""
        import json

        from termcli.model import entry_from_dict

        for (data,) in self._db.execute("SELECT data FROM entries"):
            yield entry_from_dict(json.loads(data))

    def relations_to(self, entry_id: str) -> list[tuple[str, str, str]]:
        """(source id, type, note) of relations written on other entries pointing here."""
        return list(
            self._db.execute("SELECT src, type, note FROM relations WHERE dst = ?", (entry_id,))
        )

    def extras(self) -> tuple[list[Distinction], list[Faq]]:
        if not self._has_extras:
            return [], []
        row = self._db.execute("SELECT value FROM meta WHERE key = 'extras_json'").fetchone()
        import json

        from termcli.glossary import parse

        f = parse(json.loads(row[0]), str(self.source))
        return f.distinctions, f.faq


def open_index(
    source: Path,
    known_ids: Callable[[], set[str]],
    progress: Callable[[int, int], Any] | None = None,
) -> DiskIndex:
    """The compiled index of ``source``, built or rebuilt when missing, stale or damaged."""
    import sqlite3

    from termcli.glossary import unreadable

    target = cache_path(source)
    try:
        current = stamp(source)
    except OSError as exc:
        raise unreadable(str(source), exc) from None
    if target.exists():
        try:
            index = DiskIndex(target, source)
            meta = dict(index._db.execute("SELECT key, value FROM meta"))
            if all(meta.get(k) == v for k, v in current.items()) and meta.get("complete") == "1":
                return index
            index.close()
        except sqlite3.DatabaseError:
            pass
    build(source, target, current, known_ids(), progress)
    return DiskIndex(target, source)


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

    from termcli.glossary import (
        EntryValidator,
        checked_size,
        parse,
        relation_problems,
        section_problems,
    )
    from termcli.jsonstream import stream

    name = str(source)
    size = checked_size(source, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(atomic.temp_path(target))
    atomic.create_new(tmp)  # SQLite fills the empty file; 0600 like every cache
    db = sqlite3.connect(tmp)
    try:
        db.executescript(_SCHEMA)
        validator = EntryValidator(name)
        batch: list[Entry] = []
        positions: dict[str, int] = {}

        def flush() -> None:
            _write_batch(db, batch, positions)
            batch.clear()
            positions.clear()

        def on_entry(index: int, raw: Any) -> None:
            entry = validator.entry(index, raw)
            if entry is not None:
                batch.append(entry)
                positions[entry.id] = index
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
        exists = _exists(validator.seen, known_ids)
        relations = (
            (src, dst, f"$.entries[{pos}].related[{j}].id")
            for dst, src, pos, j in db.execute(
                "SELECT dst, src, pos, j FROM relations ORDER BY pos, j"
            )
        )
        validator.finish(
            relation_problems(name, relations, exists) + section_problems(header, exists)
        )
        with db:
            _write_buckets(db)
            db.execute("CREATE INDEX names_key ON names (key, loose)")
            db.execute("CREATE INDEX words_run ON words (run)")
            db.execute("CREATE INDEX relations_dst ON relations (dst)")
            db.execute("CREATE INDEX buckets_at ON buckets (first, length)")
            extras = {
                "schema_version": 1,
                "entries": [],
                "distinctions": [distinction_to_dict(d) for d in header.distinctions],
                "faq": [faq_to_dict(q) for q in header.faq],
            }
            meta = {
                **current,
                "title": header.title,
                "entries": str(len(validator.seen)),
                "extras": "1" if header.distinctions or header.faq else "0",
                "extras_json": json.dumps(extras, ensure_ascii=False),
                "complete": "1",
            }
            db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        if progress is not None:
            progress(size + 1, size + 1)
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    db.close()
    try:
        atomic.publish(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -32768;
PRAGMA temp_store = FILE;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE entries (id TEXT PRIMARY KEY, term TEXT, mature INTEGER, data TEXT) WITHOUT ROWID;
CREATE TABLE names (key TEXT, loose INTEGER, id TEXT, kind TEXT, name TEXT);
CREATE TABLE words (run TEXT, id TEXT, kind TEXT, name TEXT);
CREATE TABLE relations (dst TEXT, src TEXT, type TEXT, note TEXT, pos INTEGER, j INTEGER);
CREATE TABLE buckets (length INTEGER, first TEXT, keys TEXT);
"""


def _exists(seen: dict[str, int], known: set[str]) -> Callable[[str], bool]:
    return lambda entry_id: entry_id in seen or entry_id in known


def _write_batch(
    db: sqlite3.Connection, entries: Sequence[Entry], positions: dict[str, int]
) -> None:
    import json

    db.executemany(
        "INSERT INTO entries VALUES (?, ?, ?, ?)",
        (
            (e.id, e.term, int(e.mature), json.dumps(entry_to_dict(e), ensure_ascii=False))
            for e in entries
        ),
    )
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)", _name_rows(entries))
    db.executemany("INSERT INTO words VALUES (?, ?, ?, ?)", _word_rows(entries))
    db.executemany(
        "INSERT INTO relations VALUES (?, ?, ?, ?, ?, ?)",
        (
            (r.id, e.id, r.type, r.note, positions[e.id], j)
            for e in entries
            for j, r in enumerate(e.related)
        ),
    )


def _write_buckets(db: sqlite3.Connection) -> None:
    """Pack the distinct loose keys by (length, first letter), one row per bucket."""
    rows = db.execute(
        f"SELECT DISTINCT min(length(key), {MAX_BUCKET_LENGTH}) AS l, substr(key, 1, 1) AS f, key"
        " FROM names WHERE loose = 1 ORDER BY l, f, key"
    )
    current: tuple[int, str] | None = None
    keys: list[str] = []
    out = db.cursor()
    for length, first, key in rows:
        if (length, first) != current:
            if current is not None:
                out.execute("INSERT INTO buckets VALUES (?, ?, ?)", (*current, "\n".join(keys)))
            current, keys = (length, first), []
        keys.append(key)
    if current is not None:
        out.execute("INSERT INTO buckets VALUES (?, ?, ?)", (*current, "\n".join(keys)))


def _name_rows(entries: Iterable[Entry]) -> Iterator[tuple[str, int, str, str, str]]:
    for e in entries:
        seen: set[tuple[str, int]] = set()
        for kind, name in name_kinds(e):
            for loose, key in ((0, strict_key(name)), (1, loose_key(name))):
                if key and (key, loose) not in seen:
                    seen.add((key, loose))
                    yield key, loose, e.id, kind, name


def _word_rows(entries: Iterable[Entry]) -> Iterator[tuple[str, str, str, str]]:
    for e in entries:
        seen: set[str] = set()
        for kind, name in name_kinds(e):
            for run in word_runs(name):
                if run not in seen:
                    seen.add(run)
                    yield run, e.id, kind, name


def bundled_state() -> tuple[Glossary, MemoryIndex]:
    """The bundled glossary and its index, from a pickle in the cache when it is current.

    Validating the JSON and computing every key costs more than the rest of a lookup;
    the pickle is stamped with the file's size, mtime and the tool's version, and any
    doubt (missing, stale, unreadable) means a rebuild.
    """
    import pickle

    source = paths.bundled_glossary()
    st = source.stat()
    code = tuple(
        Path(str(m.__file__)).stat().st_mtime_ns
        for m in (keyindex_module, model_module, normalize_module)
    )
    current = (str(source), st.st_size, st.st_mtime_ns, __version__, FORMAT, code)
    cache = paths.cache_dir() / "bundled.pickle"
    try:
        with cache.open("rb") as fh:
            saved = pickle.load(fh)
        if isinstance(saved, tuple) and len(saved) == 3 and saved[0] == current:
            glossary, index = saved[1], saved[2]
            if isinstance(glossary, Glossary) and isinstance(index, MemoryIndex):
                return glossary, index
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
        IndexError,
    ):
        pass
    from termcli.glossary import load

    glossary = load()
    index = MemoryIndex.from_glossary(glossary)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((current, glossary, index), protocol=pickle.HIGHEST_PROTOCOL)
        atomic.write_atomic(cache, data)
    except OSError:
        pass
    return glossary, index
