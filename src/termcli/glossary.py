"""Load, validate and layer glossary files.

A glossary file is read once into the typed records of :mod:`termcli.model`. Every
problem is collected, each with its file and JSON path, so an author fixes a file in
one pass; only then is :class:`GlossaryError` raised. Later files are layered over
earlier ones (see :func:`merge`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from termcli.canonical import canonical_entry
from termcli.errors import TermError
from termcli.layering import layer_by_id, merge_entry
from termcli.model import (
    ENTRY_OPTIONAL,
    ENTRY_REQUIRED,
    LONG_TEXT,
    RATINGS,
    RELATION_TYPES,
    SCHEMA_VERSION,
    SUMMARY_MAX,
    USAGE_LABELS,
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
from termcli.record import Record
from termcli.sanitize import banned, unsafe_text
from termcli.slug import is_slug

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


MAX_BYTES = 1 << 30
BUNDLED_NAME = "bundled glossary"
# Bounds of a file's synonym map: each expansion is added to every query holding its key.
SYNONYM_KEYS_MAX = 5000
SYNONYM_KEY_MAX = 40
SYNONYM_WORDS_MAX = 10
SYNONYM_MAX = 50


class Problem(Record):
    __slots__ = ("column", "line", "message", "path", "source")

    def __init__(
        self, source: str, path: str, message: str, line: int = 0, column: int = 0
    ) -> None:
        self.source = source
        self.path = path
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.source}: {self.path}: {self.message}"


class GlossaryError(TermError):
    """A glossary could not be used; ``problems`` lists every reason at once."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.sentence())

    def sentence(self) -> str:
        first = self.problems[0]
        more = len(self.problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        return f"{first.source} is not a valid glossary: {first.path}: {first.message}{tail}."

    def hints(self) -> list[str]:
        if len(self.problems) > 1:
            return [f"Run `term check {self.problems[0].source}` to see every problem."]
        return []


class GlossaryFile(Record):
    """One file's records, before layering."""

    __slots__ = (
        "description",
        "distinctions",
        "entries",
        "entry_paths",
        "faq",
        "source",
        "synonyms",
        "title",
    )

    def __init__(
        self,
        source: str,
        title: str,
        description: str,
        entries: list[Entry],
        distinctions: list[Distinction],
        faq: list[Faq],
        entry_paths: dict[str, str] | None = None,
        synonyms: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.source = source
        self.title = title
        self.description = description
        self.entries = entries
        self.distinctions = distinctions
        self.faq = faq
        self.entry_paths = dict() if entry_paths is None else entry_paths
        self.synonyms = dict() if synonyms is None else synonyms


def unreadable(source: str, exc: OSError) -> GlossaryError:
    return GlossaryError([Problem(source, "$", f"cannot be read ({exc.strerror or exc})")])


def checked_size(path: Path, source: str) -> int:
    """The file's size; GlossaryError when it cannot be read or is over the limit."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise unreadable(source, exc) from None
    if size > MAX_BYTES:
        raise GlossaryError(
            [Problem(source, "$", f"the file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit")]
        )
    return size


def read_json(path: Path, source: str | None = None) -> Any:
    """Decode a JSON file strictly: size limit, UTF-8, syntax, no duplicate keys."""
    from termcli.readfile import TooLarge, read_limited

    name = source or str(path)
    try:
        data = read_limited(path, MAX_BYTES)
    except TooLarge:
        raise GlossaryError([Problem(name, "$", f"over the {MAX_BYTES:,}-byte limit")]) from None
    except OSError as exc:
        raise unreadable(name, exc) from None
    return decode_json(data, name)


def decode_json(data: bytes, source: str) -> Any:
    if len(data) > MAX_BYTES:
        raise GlossaryError([Problem(source, "$", f"over the {MAX_BYTES:,}-byte limit")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError([Problem(source, "$", f"invalid UTF-8 at byte {exc.start}")]) from None
    import json

    from termcli.jsonread import NumberTooLong, pairs_hook, parse_int

    dupes: list[str] = []
    try:
        raw = json.loads(text, object_pairs_hook=pairs_hook(dupes), parse_int=parse_int)
    except NumberTooLong as exc:
        raise GlossaryError([Problem(source, "$", str(exc))]) from None
    except json.JSONDecodeError as exc:
        raise GlossaryError(
            [
                Problem(
                    source,
                    "$",
                    f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                )
            ]
        ) from None
    except RecursionError:
        raise GlossaryError([Problem(source, "$", "JSON nested too deeply")]) from None
    if dupes:
        raise GlossaryError(
            [Problem(source, "$", f"duplicate key {_quote(key)} in an object") for key in dupes]
        )
    return raw


class _Reader:
    """Typed field access that records a problem instead of raising."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.source, path, message))

    def object(
        self, value: Any, path: str, required: Iterable[str], optional: Iterable[str]
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, f"expected an object, found {_kind(value)}")
            return None
        required = tuple(required)
        allowed = _allowed(required, tuple(optional))
        if not allowed.issuperset(value):
            for key in value:
                if key not in allowed:
                    self.problem(
                        key_path(path, key), f"unknown field {_quote(key)}{_guess(key, allowed)}"
                    )
        for key in required:
            if key not in value:
                self.problem(path, f"missing required field {key!r}")
        return value

    def checked(self, value: str, where: str, *, multiline: bool = False) -> bool:
        """False (and a problem) for text no glossary should hold."""
        why = unsafe_text(value, multiline=multiline)
        if why:
            self.problem(where, why)
            return False
        return True

    def text(self, obj: dict[str, Any], key: str, path: str, *, required: bool = False) -> str:
        value: object = obj.get(key)
        if type(value) is str and banned(key in LONG_TEXT)(value) is None:
            clean = value.strip()
            if clean or not required:
                return clean
        if value is None and key not in obj:
            return ""
        if not isinstance(value, str):
            self.problem(f"{path}.{key}", f"expected a string, found {_kind(value)}")
            return ""
        if not self.checked(value, f"{path}.{key}", multiline=key in LONG_TEXT):
            return ""
        value = value.strip()
        if required and not value:
            self.problem(f"{path}.{key}", "must not be empty")
        return value

    def texts(self, obj: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = obj.get(key)
        if value is None:
            if key not in obj:
                return ()
        elif type(value) is list and all(type(v) is str for v in value):
            fast = _plain_texts(value, key in LONG_TEXT)
            if fast is not None:
                return fast
        where = f"{path}.{key}"
        if not isinstance(value, list):
            self.problem(where, f"expected a list of strings, found {_kind(value)}")
            return ()
        out: dict[str, None] = {}
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem(f"{where}[{i}]", f"expected a non-empty string, found {_kind(item)}")
                continue
            if not self.checked(item, f"{where}[{i}]", multiline=key in LONG_TEXT):
                continue
            if item.strip() in out:
                self.problem(f"{where}[{i}]", f"{_quote(item)} is listed twice")
                continue
            out[item.strip()] = None
        return tuple(out)

    def items(self, obj: dict[str, Any], key: str, path: str) -> list[tuple[str, Any]]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.problem(f"{path}.{key}", f"expected a list, found {_kind(value)}")
            return []
        return [(f"{path}.{key}[{i}]", item) for i, item in enumerate(value)]


@lru_cache(maxsize=64)
def _allowed(required: tuple[str, ...], optional: tuple[str, ...]) -> frozenset[str]:
    return frozenset(required + optional)


def _plain_texts(values: list[str], multiline: bool) -> tuple[str, ...] | None:
    """The common case of :meth:`_Reader.texts` in one pass: every item a clean,
    distinct, non-empty string; None sends the list through the checks that say why."""
    out = tuple(v.strip() for v in values)
    if not all(out) or len(set(out)) != len(out):
        return None
    if any(unsafe_text(v, multiline=multiline) for v in values):
        return None
    return out


_SIMPLE_KEY = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def _quote(text: str) -> str:
    """``repr`` for messages, with surrogates and controls escaped (they are printed)."""
    import json

    return json.dumps(text) if unsafe_text(text) else repr(text)


def key_path(path: str, key: str) -> str:
    """``path.key``, or ``path["k\u001b"]`` when the key is not plain: a path is printed,
    and a key is data."""
    if key and all(ch in _SIMPLE_KEY for ch in key):
        return f"{path}.{key}"
    import json

    return f"{path}[{json.dumps(key)}]"


def _guess(key: str, allowed: Iterable[str]) -> str:
    import difflib

    if len(key) > 64:
        return ""
    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _slug(r: _Reader, obj: dict[str, Any], key: str, path: str) -> str:
    value = r.text(obj, key, path, required=True)
    if value and not is_slug(value):
        r.problem(f"{path}.{key}", f"{value!r} is not a lowercase slug such as 'character-card'")
    return value


def _entry(r: _Reader, raw: Any, path: str) -> Entry | None:
    obj = r.object(raw, path, ENTRY_REQUIRED, ENTRY_OPTIONAL)
    if obj is None:
        return None
    entry_id = _slug(r, obj, "id", path)
    summary = r.text(obj, "summary", path)
    if len(summary) > SUMMARY_MAX:
        r.problem(
            f"{path}.summary", f"is {len(summary)} characters, over the {SUMMARY_MAX} allowed"
        )
    rating = r.text(obj, "rating", path) or "general"
    if rating not in RATINGS:
        r.problem(f"{path}.rating", f"{rating!r} is not one of {', '.join(RATINGS)}")
    native = None
    if "native" in obj:
        npath = f"{path}.native"
        nobj = r.object(obj["native"], npath, ("text",), ("reading", "language"))
        if nobj is not None:
            native = Native(
                r.text(nobj, "text", npath, required=True),
                r.text(nobj, "reading", npath),
                r.text(nobj, "language", npath),
            )
    related: list[Relation] = []
    related_ids: set[str] = set()
    for rpath, item in r.items(obj, "related", path):
        robj = r.object(item, rpath, ("id", "type"), ("note",))
        if robj is None:
            continue
        rel = Relation(
            r.text(robj, "id", rpath, required=True),
            r.text(robj, "type", rpath),
            r.text(robj, "note", rpath),
        )
        if rel.type not in RELATION_TYPES:
            r.problem(f"{rpath}.type", f"{rel.type!r} is not one of {', '.join(RELATION_TYPES)}")
            continue
        if rel.id == entry_id:
            r.problem(f"{rpath}.id", "an entry cannot be related to itself")
            continue
        if rel.id in related_ids:
            r.problem(f"{rpath}.id", f"{rel.id!r} is related twice")
            continue
        related_ids.add(rel.id)
        related.append(rel)
    sources: list[Source] = []
    for spath, item in r.items(obj, "sources", path):
        sobj = r.object(item, spath, ("title",), ("url",))
        if sobj is not None:
            sources.append(
                Source(r.text(sobj, "title", spath, required=True), r.text(sobj, "url", spath))
            )
    usage = None
    if "usage" in obj:
        upath = f"{path}.usage"
        uobj = r.object(obj["usage"], upath, ("labels",), ("note",))
        if uobj is not None:
            labels = r.texts(uobj, "labels", upath)
            for i, label in enumerate(labels):
                if label not in USAGE_LABELS:
                    r.problem(
                        f"{upath}.labels[{i}]",
                        f"{label!r} is not one of {', '.join(USAGE_LABELS)}",
                    )
            if not labels:
                r.problem(f"{upath}.labels", "give at least one label")
            usage = Usage(labels, r.text(uobj, "note", upath))
    categories = r.texts(obj, "categories", path)
    tags = r.texts(obj, "tags", path)
    for key, values in (("categories", categories), ("tags", tags)):
        for i, value in enumerate(values):
            if not is_slug(value):
                r.problem(f"{path}.{key}[{i}]", f"{value!r} is not a lowercase slug")
    return Entry(
        id=entry_id,
        term=r.text(obj, "term", path, required=True),
        definition=r.text(obj, "definition", path, required=True),
        summary=summary,
        abbreviations=r.texts(obj, "abbreviations", path),
        aliases=r.texts(obj, "aliases", path),
        native=native,
        literal=r.text(obj, "literal", path),
        categories=categories,
        tags=tags,
        rating=rating,
        origin=r.text(obj, "origin", path),
        examples=r.texts(obj, "examples", path),
        related=tuple(related),
        sources=tuple(sources),
        keywords=r.texts(obj, "keywords", path),
        avoid=r.text(obj, "avoid", path),
        usage=usage,
        sense=r.text(obj, "sense", path),
    )


def _any_entry(r: _Reader, raw: Any, path: str) -> Entry | None:
    return canonical_entry(raw) or _entry(r, raw, path)


def _distinction(r: _Reader, raw: Any, path: str) -> Distinction | None:
    obj = r.object(raw, path, ("id", "title", "entries", "aspects"), ("takeaway",))
    if obj is None:
        return None
    entries = r.texts(obj, "entries", path)
    if len(entries) < 2:
        r.problem(f"{path}.entries", "a distinction needs at least two entries")
    aspects: list[Aspect] = []
    for apath, item in r.items(obj, "aspects", path):
        aobj = r.object(item, apath, ("name", "values"), ())
        if aobj is None:
            continue
        values_raw = aobj.get("values")
        values: dict[str, str] = {}
        if not isinstance(values_raw, dict):
            r.problem(f"{apath}.values", f"expected an object, found {_kind(values_raw)}")
        else:
            members = set(entries)
            for key, text in values_raw.items():
                vpath = key_path(f"{apath}.values", key)
                if key not in members:
                    r.problem(vpath, f"{_quote(key)} is not one of this distinction's entries")
                elif not isinstance(text, str) or not text.strip():
                    r.problem(vpath, f"expected a non-empty string, found {_kind(text)}")
                elif r.checked(text, vpath, multiline=True):
                    values[key] = text.strip()
        aspects.append(Aspect(r.text(aobj, "name", apath, required=True), values))
    if not aspects and isinstance(obj.get("aspects"), list):
        r.problem(f"{path}.aspects", "a distinction needs at least one aspect")
    return Distinction(
        id=_slug(r, obj, "id", path),
        title=r.text(obj, "title", path, required=True),
        entries=entries,
        aspects=tuple(aspects),
        takeaway=r.text(obj, "takeaway", path),
    )


def _faq(r: _Reader, raw: Any, path: str) -> Faq | None:
    obj = r.object(raw, path, ("id", "question", "answer"), ("entries",))
    if obj is None:
        return None
    return Faq(
        id=_slug(r, obj, "id", path),
        question=r.text(obj, "question", path, required=True),
        answer=r.text(obj, "answer", path, required=True),
        entries=r.texts(obj, "entries", path),
    )


def parse(raw: Any, source: str) -> GlossaryFile:
    """Turn decoded JSON into records; raise GlossaryError listing every problem."""
    out, problems = parse_all(raw, source)
    if problems:
        raise GlossaryError(problems)
    return out


def parse_all(raw: Any, source: str) -> tuple[GlossaryFile, list[Problem]]:
    """The records that are sound, and every problem of the others, in one pass."""
    r = _Reader(source)
    top = r.object(
        raw,
        "$",
        ("schema_version", "entries"),
        ("title", "description", "distinctions", "faq", "synonyms"),
    )
    if top is None:
        return GlossaryFile(source, "", "", [], [], []), r.problems
    version = top.get("schema_version")
    if "schema_version" in top and (version != SCHEMA_VERSION or isinstance(version, bool)):
        r.problem("$.schema_version", f"expected {SCHEMA_VERSION}, found {version!r}")
    out = GlossaryFile(
        source=source,
        title=r.text(top, "title", "$"),
        description=r.text(top, "description", "$"),
        entries=[],
        distinctions=[],
        faq=[],
    )
    sections: tuple[tuple[str, Callable[[_Reader, Any, str], Any], list[Any]], ...] = (
        ("entries", _any_entry, out.entries),
        ("distinctions", _distinction, out.distinctions),
        ("faq", _faq, out.faq),
    )
    for key, reader, sink in sections:
        seen: dict[str, str] = {}
        for path, item in r.items(top, key, "$"):
            record = reader(r, item, path)
            if record is None or not record.id:
                continue
            if record.id in seen:
                r.problems.append(duplicate_id(source, path, record.id, seen[record.id]))
                continue
            seen[record.id] = path
            sink.append(record)
        if key == "entries":
            out.entry_paths = seen
    if "synonyms" in top:
        out.synonyms = _synonyms(r, top["synonyms"])
    return out, r.problems


def _synonyms(r: _Reader, raw: Any) -> dict[str, tuple[str, ...]]:
    """A file's synonym map, keys and expansions folded as a query folds its words, so
    a key is exactly a word :meth:`termcli.textindex.Query.parse` looks up."""
    path = "$.synonyms"
    if not isinstance(raw, dict):
        r.problem(
            path, f"expected an object mapping each word to its expansions, found {_kind(raw)}"
        )
        return {}
    if len(raw) > SYNONYM_KEYS_MAX:
        r.problem(path, f"has {len(raw):,} keys, over the {SYNONYM_KEYS_MAX:,} allowed")
        return {}
    out: dict[str, tuple[str, ...]] = {}
    first: dict[str, str] = {}
    for key, value in raw.items():
        where = key_path(path, key)
        folded = _synonym_key(r, key, where)
        words = _expansions(r, value, where)
        if not folded or not words:
            continue
        if folded in first:
            r.problem(
                where, f"duplicate key {folded!r} once folded (first as {_quote(first[folded])})"
            )
            continue
        first[folded] = key
        out[folded] = words
    return out


def _synonym_key(r: _Reader, key: str, where: str) -> str:
    """The folded key, or '' and a problem when no query would ever look it up."""
    from termcli.normalize import STOPWORDS, fold
    from termcli.textindex import _WORD, cjk_runs

    if not r.checked(key, where):
        return ""
    if len(key) > SYNONYM_KEY_MAX:
        r.problem(where, f"the key is {len(key)} characters, over the {SYNONYM_KEY_MAX} allowed")
        return ""
    folded = fold(key)
    if _WORD.findall(folded) != [folded]:
        r.problem(
            where, f"the key {_quote(key)} must be one word: letters and digits, no space or mark"
        )
    elif cjk_runs().fullmatch(folded):
        r.problem(
            where,
            f"the key {_quote(key)} is Japanese, Chinese or Korean script, which search"
            " matches by its characters, never through a synonym",
        )
    elif len(folded) < 2 or folded in STOPWORDS:
        r.problem(where, f"the key {_quote(key)} is a word search skips (one letter or a stopword)")
    else:
        return folded
    return ""


def _expansions(r: _Reader, value: Any, where: str) -> tuple[str, ...]:
    from termcli.normalize import fold
    from termcli.textindex import _WORD

    if not isinstance(value, list):
        r.problem(where, f"expected a list of words or phrases, found {_kind(value)}")
        return ()
    if not value:
        r.problem(where, "give at least one word or phrase")
        return ()
    if len(value) > SYNONYM_WORDS_MAX:
        r.problem(where, f"lists {len(value)} expansions, over the {SYNONYM_WORDS_MAX} allowed")
        return ()
    out: dict[str, None] = {}
    sound = True
    for i, item in enumerate(value):
        ipath = f"{where}[{i}]"
        if not isinstance(item, str) or not item.strip():
            r.problem(ipath, f"expected a non-empty string, found {_kind(item)}")
        elif not r.checked(item, ipath):
            pass
        elif len(item) > SYNONYM_MAX:
            r.problem(ipath, f"is {len(item)} characters, over the {SYNONYM_MAX} allowed")
        elif not _WORD.search(fold(item)):
            r.problem(ipath, f"{_quote(item)} holds no word a search could use")
        elif fold(item.strip()) in out:
            r.problem(ipath, f"{_quote(item)} is listed twice")
        else:
            out[fold(item.strip())] = None
            continue
        sound = False
    return tuple(out) if sound else ()


def merge(files: Sequence[GlossaryFile], *, references: bool = True) -> Glossary:
    """Layer files in order and check that every reference resolves across the layers.

    An entry whose id exists in an earlier file is merged into it by
    :func:`merge_entry`; a distinction or FAQ with an existing id replaces it.
    Without ``references``, dangling references are left for the caller to report.
    """
    entries: dict[str, Entry] = {}
    for f in files:
        for entry in f.entries:
            prior = entries.get(entry.id)
            entries[entry.id] = merge_entry(prior, entry) if prior else entry
    problems: list[Problem] = []
    for f in files if references else ():
        problems.extend(_reference_problems(f, entries))
    if problems:
        raise GlossaryError(problems)
    titles = [f.title for f in files if f.title]
    return Glossary(
        title=titles[-1] if titles else "Glossary",
        entries=entries,
        distinctions=layer_by_id(f.distinctions for f in files),
        faq=layer_by_id(f.faq for f in files),
        sources=tuple(f.source for f in files),
        description=next((f.description for f in reversed(files) if f.description), ""),
    )


def _reference_problems(f: GlossaryFile, entries: Mapping[str, object]) -> list[Problem]:
    return reference_problems(f, entries.__contains__)


def reference_problems(f: GlossaryFile, exists: Callable[[str], bool]) -> list[Problem]:
    """Dangling and doubled relations, and sections naming an unknown entry."""
    relations = (
        (entry.id, rel.id, f"{f.entry_paths.get(entry.id, f'$.entries[{i}]')}.related[{j}].id")
        for i, entry in enumerate(f.entries)
        for j, rel in enumerate(entry.related)
    )
    return relation_problems(f.source, relations, exists) + section_problems(f, exists)


def relation_problems(
    source: str, relations: Iterable[tuple[str, str, str]], exists: Callable[[str], bool]
) -> list[Problem]:
    """Dangling relations and relations written twice, from (entry id, target id, JSON path)."""
    out: list[Problem] = []
    written: dict[tuple[str, str], str] = {}
    for entry_id, target, rpath in relations:
        if not exists(target):
            out.append(Problem(source, rpath, f"unknown entry {target!r}"))
        pair = (min(entry_id, target), max(entry_id, target))
        if pair in written:
            out.append(
                Problem(
                    source,
                    rpath,
                    f"{entry_id!r} and {target!r} are already related at {written[pair]};"
                    " write a relation once, its inverse is implied",
                )
            )
        written.setdefault(pair, rpath)
    return out


def section_problems(f: GlossaryFile, exists: Callable[[str], bool]) -> list[Problem]:
    """Distinctions and FAQ items that name an entry no layer has."""
    out: list[Problem] = []
    for i, d in enumerate(f.distinctions):
        for j, ref in enumerate(d.entries):
            if not exists(ref):
                out.append(
                    Problem(f.source, f"$.distinctions[{i}].entries[{j}]", f"unknown entry {ref!r}")
                )
    for i, q in enumerate(f.faq):
        for j, ref in enumerate(q.entries):
            if not exists(ref):
                out.append(Problem(f.source, f"$.faq[{i}].entries[{j}]", f"unknown entry {ref!r}"))
    return out


def duplicate_id(source: str, path: str, entry_id: str, first: str | int) -> Problem:
    """``path`` repeats the id of the entry at ``first`` (its path, or its position)."""
    where = f"$.entries[{first}]" if isinstance(first, int) else first
    return Problem(source, f"{path}.id", f"duplicate id {entry_id!r} (first at {where})")


class EntryValidator:
    """The checks :func:`parse` makes on each entry alone, one entry at a time.

    Used when a file is too large to hold at once; problems are collected and raised
    together by :meth:`finish`, as :func:`parse` does (at most ``limit`` of them).
    What involves other entries (duplicate ids, references) the caller asks of the
    entries it has written, and passes to :meth:`finish`.
    """

    def __init__(self, source: str, limit: int = 500) -> None:
        self.reader = _Reader(source)
        self.limit = limit

    def entry(self, index: int, raw: Any) -> tuple[Entry, bool] | None:
        """The entry, and whether ``raw`` is canonical (its own stored form); None when
        it has problems."""
        path = f"$.entries[{index}]"
        before = len(self.reader.problems)
        entry = canonical_entry(raw)
        canonical = entry is not None
        if entry is None:
            entry = _entry(self.reader, raw, path)
        if len(self.reader.problems) >= self.limit:
            raise GlossaryError(self.reader.problems)
        if entry is None or len(self.reader.problems) != before:
            return None
        return entry, canonical

    def finish(self, more: Sequence[Problem] = ()) -> None:
        problems = [*self.reader.problems, *more]
        if problems:
            raise GlossaryError(problems)


def load_file(path: Path, source: str | None = None) -> GlossaryFile:
    return parse(read_json(path, source), source or str(path))


def load(paths: Sequence[Path] = ()) -> Glossary:
    """The bundled glossary with ``paths`` layered over it, in order."""
    from termcli.paths import bundled_glossary

    files = [load_file(bundled_glossary(), BUNDLED_NAME)]
    files.extend(load_file(p) for p in paths)
    return merge(files)


def collisions(glossary: Glossary, among: Iterable[str] | None = None) -> list[Problem]:
    """Names that lead to more than one entry: legal, but lookups then show candidates.

    Entries that all declare a ``sense`` share a name on purpose and are not reported.

    With ``among``, only the names shared by at least one of those entry ids.
    """
    wanted = set(among) if among is not None else None
    from termcli.normalize import strict_key

    owners: dict[str, dict[str, str]] = {}
    for entry in glossary.entries.values():
        for name in dict.fromkeys(entry.names()):
            key = strict_key(name)
            if key:
                owners.setdefault(key, {}).setdefault(entry.id, name)
    out = []
    for key, owned in owners.items():
        if len(owned) < 2 or all(glossary.entries[eid].sense for eid in owned):
            continue  # declared senses of one word: lookups list them by design
        if wanted is None or any(eid in wanted for eid in owned):
            shown = list(owned.items())
            who = ", ".join(f"{eid} ({name!r})" for eid, name in shown[:20])
            if len(shown) > 20:
                who += f" and {len(shown) - 20:,} more"
            out.append(
                Problem(
                    glossary.sources[-1] if glossary.sources else "",
                    "$",
                    f"the name {key!r} belongs to several entries: {who}",
                )
            )
    return out
