"""The full-text index: SQLite FTS5 over every entry of one glossary file.

Built once per glossary file in the cache, beside the lookup index and stamped the
same way, so ``term search``, the meaning fallback of a lookup and ``term faq`` rank
with BM25 instead of scanning every entry. English words are stemmed (Porter); text in
Japanese or Chinese script is indexed as character pairs as well, so part of a word
(``寝取``) finds the whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

from termcli.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3
    from typing import Any

    from termcli.model import Distinction, Entry, Faq

FORMAT = 2
# Terms FTS5 holds in memory before writing a segment. Its default (1 MiB) makes a
# million-entry build write many small segments and merge them again and again; with
# a few large ones the build took about an eighth less time, measured side by side.
PENDING_BYTES = 32 << 20
# Column order of the docs table; COLUMN_WEIGHTS gives BM25's weight for each, names
# first, then the describe phrases, summary, definition, and the rest.
COLUMNS = ("names", "keywords", "summary", "definition", "examples", "context", "grams")
COLUMN_WEIGHTS = (10.0, 6.0, 4.0, 2.0, 1.0, 1.0, 3.0)
SHOWN_COLUMNS = ("definition", "summary", "keywords", "examples", "context", "names")

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
HIT_START, HIT_END = "\x02", "\x03"


@lru_cache(maxsize=1)
def cjk_runs() -> re.Pattern[str]:
    """Runs of Japanese, Chinese or Korean script; compiled on first use, as compiling
    costs a few milliseconds that an ASCII query should not pay."""
    return re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")


_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE ids (rowid INTEGER PRIMARY KEY, id TEXT, mature INTEGER);
CREATE VIRTUAL TABLE docs USING fts5(
    {", ".join(COLUMNS)},
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3'
);
"""


def grams(text: str) -> str:
    """Overlapping character pairs of every CJK run (one character alone stays itself)."""
    out: list[str] = []
    if text.isascii():
        return ""
    for run in cjk_runs().findall(text):
        out.extend(run[i : i + 2] for i in range(max(len(run) - 1, 1)))
    return " ".join(out)


def _doc(entry: Entry, context: Sequence[str]) -> tuple[str, ...]:
    names = " ".join(
        dict.fromkeys((*entry.names(), entry.id.replace("-", " "), entry.sense))
    ).strip()
    examples = " ".join((entry.literal, entry.origin, *entry.examples))
    context_text = " ".join((*context, entry.avoid, " ".join(entry.tags).replace("-", " ")))
    cjk = grams(" ".join((names, entry.summary, entry.definition)))
    return (
        names,
        " ; ".join(entry.keywords),
        entry.summary,
        entry.definition,
        examples,
        context_text,
        cjk,
    )


def contexts(distinctions: Iterable[Distinction], faq: Iterable[Faq]) -> dict[str, list[str]]:
    """What a glossary says of each entry outside it: distinction cells and FAQ answers."""
    out: dict[str, list[str]] = {}
    for d in distinctions:
        for aspect in d.aspects:
            for entry_id, value in aspect.values.items():
                out.setdefault(entry_id, []).append(value)
    for q in faq:
        for entry_id in q.entries:
            out.setdefault(entry_id, []).append(q.question + " " + q.answer)
    return out


def cache_path(source: Path) -> Path:
    from termcli.index import cache_path as lookup_path

    path = lookup_path(source)
    return path.with_name(path.stem + ".text.sqlite3")


def _stamp(source: Path) -> dict[str, str]:
    from termcli.index import stamp

    return {**stamp(source), "text_format": str(FORMAT)}


def build(
    target: Path, source: Path, entries: Iterable[Entry], context: dict[str, list[str]]
) -> None:
    """Write the index for ``source`` to ``target`` atomically."""
    writer = _Writer(target, _stamp(source))
    try:
        for batch in _batches(entries, 2000):
            writer.add(batch, context)
        writer.finish({})
    except BaseException:
        writer.abandon()
        raise


class _Writer:
    """A new text index filled batch by batch, published in one rename when finished."""

    def __init__(self, target: Path, meta: dict[str, str]) -> None:
        import sqlite3

        from termcli import atomic
        from termcli.index import private_dir

        private_dir(target.parent)
        self.target = target
        self.tmp = Path(atomic.temp_path(target))
        self.rowid = 0
        atomic.create_new(self.tmp)  # SQLite fills the empty file; 0600 like every cache
        try:
            self.db = sqlite3.connect(self.tmp)
        except BaseException:
            self.tmp.unlink(missing_ok=True)
            raise
        try:
            self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
            self.db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            with suppress(sqlite3.OperationalError):  # an SQLite without it is only slower
                self.db.execute(
                    "INSERT INTO docs (docs, rank) VALUES ('hashsize', ?)", (PENDING_BYTES,)
                )
        except BaseException:
            self.abandon()
            raise

    def add(self, entries: Sequence[Entry], context: dict[str, list[str]]) -> None:
        ids, docs = [], []
        for entry in entries:
            self.rowid += 1
            ids.append((self.rowid, entry.id, int(entry.mature)))
            docs.append((self.rowid, *_doc(entry, context.get(entry.id, ()))))
        self.db.executemany("INSERT INTO ids VALUES (?, ?, ?)", ids)
        marks = ", ".join("?" * (len(COLUMNS) + 1))
        self.db.executemany(
            f"INSERT INTO docs (rowid, {', '.join(COLUMNS)}) VALUES ({marks})", docs
        )

    def finish(self, late: dict[str, list[str]]) -> None:
        """Add ``late`` context (known only once the whole file is read), then publish."""
        from termcli import atomic

        if late:
            rows = [(r, i) for r, i in self.db.execute("SELECT rowid, id FROM ids") if i in late]
            for rowid, entry_id in rows:
                (old,) = self.db.execute(
                    "SELECT context FROM docs WHERE rowid = ?", (rowid,)
                ).fetchone()
                self.db.execute(
                    "UPDATE docs SET context = ? WHERE rowid = ?",
                    (" ".join((*late[entry_id], old)), rowid),
                )
        self.db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        self.db.commit()
        self.db.close()
        atomic.publish(self.tmp, self.target)

    def abandon(self) -> None:
        self.db.close()
        self.tmp.unlink(missing_ok=True)


# A glossary file this large has its text index built by a second process while the
# lookup index is built, so the two builds share the machine's cores.
BESIDE_BYTES = 2_000_000


def build_beside(source: Path) -> Any:
    """Start building ``source``'s text index in a child process, or None (small file,
    no interpreter to run). The caller waits for it, or kills it when its own build
    fails; a child that fails leaves no index, and the first search builds one."""
    import sqlite3
    import subprocess
    import sys

    try:
        if not sys.executable or source.stat().st_size < BESIDE_BYTES:
            return None
        target = cache_path(source)
        if target.is_file():
            index = TextIndex(target)
            current = index.current(source)
            index.close()
            if current:
                return None  # only the lookup index is being rebuilt
        return subprocess.Popen(
            [sys.executable, "-m", "termcli.textindex", str(source)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except (OSError, sqlite3.Error):
        return None


def build_file(source: Path) -> None:
    """The child's work: stream the file into a new text index; distinction and FAQ
    text is added once the whole file is read.

    Entries are not validated here: the parent validates the same file and stops this
    child when it finds a problem, and a text index is only ever opened after its
    file's lookup index, so one made from a file that fails validation is never used.
    """
    from termcli.glossary import parse
    from termcli.jsonstream import stream
    from termcli.model import entry_from_dict

    name = str(source)
    writer = _Writer(cache_path(source), _stamp(source))
    try:
        batch: list[Entry] = []

        def on_entry(index: int, raw: Any, text: str) -> None:
            batch.append(entry_from_dict(raw))
            if len(batch) >= 2000:
                writer.add(batch, {})
                batch.clear()

        top = stream(source, name, on_entry, lambda _: None)
        writer.add(batch, {})
        header = parse(top, name)
        writer.finish(contexts(header.distinctions, header.faq))
    except BaseException:
        writer.abandon()
        raise


def _batches(items: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    batch: list[Entry] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class TextHit(Record):
    """One entry a text query found: its BM25 score (higher is better), how many of
    the query's words it holds, and a snippet with the hits marked."""

    __slots__ = ("coverage", "id", "score", "snippet", "where")

    def __init__(self, id: str, score: float, coverage: float, snippet: str, where: str) -> None:
        self.id = id
        self.score = score
        self.coverage = coverage
        self.snippet = snippet
        self.where = where


def ranking(hit: TextHit) -> tuple[float, str]:
    """Best first: BM25 weighed by how much of the query the entry holds."""
    return (-(hit.score * (0.5 + hit.coverage)), hit.id)


class TextIndex:
    """One glossary file's full-text index, opened read-only."""

    def __init__(self, path: Path) -> None:
        import sqlite3

        self.path = path
        self._db: sqlite3.Connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, check_same_thread=False
        )

    def close(self) -> None:
        self._db.close()

    def current(self, source: Path) -> bool:
        try:
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
        except Exception:
            return False
        return meta == _stamp(source)

    def search(
        self, query: Query, limit: int, hidden: Callable[[str], bool] | None = None
    ) -> list[TextHit]:
        expression = query.expression()
        if not expression:
            return []
        weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
        shown = ", ".join(
            f"snippet(docs, {COLUMNS.index(c)}, '{HIT_START}', '{HIT_END}', '…', 18)"
            for c in SHOWN_COLUMNS
        )
        rows = self._db.execute(
            f"SELECT ids.id, -bm25(docs, {weights}), {shown}, "
            f"{', '.join('docs.' + c for c in COLUMNS[:5])} "
            "FROM docs JOIN ids ON ids.rowid = docs.rowid "
            "WHERE docs MATCH ? ORDER BY rank LIMIT ?",
            (expression, max(limit * 4, 40)),
        ).fetchall()
        hits = []
        width = len(SHOWN_COLUMNS)
        for entry_id, score, *rest in rows:
            if hidden is not None and hidden(entry_id):
                continue
            snippets, fields = rest[:width], rest[width:]
            where, snippet = next(
                (
                    (c, text)
                    for c, text in zip(SHOWN_COLUMNS, snippets, strict=True)
                    if HIT_START in text
                ),
                ("", ""),
            )
            covered = query.coverage(" ".join(fields))
            hits.append(
                TextHit(
                    entry_id,
                    score,
                    covered,
                    snippet,
                    "description" if where == "keywords" else where,
                )
            )
        hits.sort(key=ranking)
        return hits[:limit]


class Query(Record):
    """A text query made ready for FTS5: its words (synonyms added), CJK pairs, and
    the words that count when judging how much of the query an entry covers."""

    __slots__ = ("cjk", "content", "words")

    def __init__(
        self, words: tuple[str, ...], content: tuple[str, ...], cjk: tuple[str, ...]
    ) -> None:
        self.words = words
        self.content = content
        self.cjk = cjk

    @classmethod
    def parse(cls, text: str, synonyms: dict[str, tuple[str, ...]] | None = None) -> Query:
        from termcli.normalize import STOPWORDS, fold

        folded = fold(text)
        plain = folded.isascii()
        raw = [w for w in _WORD.findall(folded) if plain or not cjk_runs().fullmatch(w)]
        content = tuple(dict.fromkeys(w for w in raw if w not in STOPWORDS and len(w) > 1))
        words = list(content)
        for w in content:
            for extra in (synonyms or {}).get(w, ()):
                words.extend(_WORD.findall(extra))
        cjk = () if plain else tuple(cjk_runs().findall(folded))
        return cls(tuple(dict.fromkeys(words)), content, cjk)

    def expression(self) -> str:
        """Any of the words (BM25 ranks those holding more, and rarer, first); a word
        with a trailing ``*`` is a prefix; CJK runs match as a phrase of pairs."""
        parts = []
        for w in self.words:
            if w.endswith("*") and len(w) > 2:
                parts.append(f'"{w[:-1]}"*')
            elif w:
                parts.append(f'"{w}"')
                if len(w) >= 6 and w.isascii():  # betrayal, betrayed: Porter keeps them apart
                    parts.append(f'"{w[: max(4, len(w) - 3)]}"*')
        for run in self.cjk:
            if len(run) == 1:
                parts.append(f'grams : "{run}"*')
            else:
                parts.append(f'grams : "{grams(run)}"')
        return " OR ".join(parts)

    def coverage(self, text: str) -> float:
        """The share of the query's own words (stem-wise) that ``text`` holds."""
        if not self.content:
            return 1.0 if self.cjk else 0.0
        from termcli.normalize import fold

        folded = fold(text)
        found = sum(
            1
            for stem, words in _starts(self.content)
            if any(_stem(w) == stem for w in words.findall(folded))
        )
        return found / len(self.content)


@lru_cache(maxsize=64)
def _starts(content: tuple[str, ...]) -> list[tuple[str, re.Pattern[str]]]:
    """Each word's stem, with a pattern for the words of a text that start with it: the
    only ones that can share the stem, so a long text is not stemmed word by word."""
    stems = [_stem(w.rstrip("*")) for w in content]
    return [(s, re.compile(rf"(?<![^\W_]){re.escape(s)}[^\W_]*")) for s in stems]


def _stem(word: str) -> str:
    """A rough English stem, enough to tell whether two words are one."""
    for suffix in ("ing", "ies", "ied", "es", "ed", "ly", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def open_text_index(
    source: Path, entries: Callable[[], tuple[Iterable[Entry], dict[str, list[str]]]]
) -> TextIndex | None:
    """The current text index of ``source``, built from ``entries()`` first when missing
    or stale; None when the cache cannot be written (the caller then scans in memory)."""
    import sqlite3

    target = cache_path(source)
    try:
        if target.is_file():
            index = TextIndex(target)
            if index.current(source):
                return index
            index.close()
    except (OSError, sqlite3.Error):
        pass
    try:
        items, context = entries()
        build(target, source, items, context)
        return TextIndex(target)
    except (OSError, sqlite3.Error):
        return None


if __name__ == "__main__":
    import signal
    import sys

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped: leave no temp file
    build_file(Path(sys.argv[1]))
