"""Turn a team's spreadsheet (CSV or TSV) into a schema-v1 glossary.

Spreadsheets are written by hand, so a bad row is reported by its line number
and skipped rather than failing the whole import; only a file that cannot be read
as a table at all (invalid UTF-8, no header, no ``term`` or ``definition`` column)
raises :class:`TableImportError`. The result is the raw dict a glossary file
holds, built to pass :func:`termcli.glossary.parse` and ``merge`` on its own.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from termcli.csvcells import CSV_COLUMNS, split_cell, split_source, unguard_cell
from termcli.errors import TermError
from termcli.glossary import MAX_BYTES
from termcli.model import RATINGS, RELATION_TYPES, SCHEMA_VERSION, SUMMARY_MAX
from termcli.slug import slugify

REQUIRED = ("term", "definition")
OPTIONAL = tuple(c for c in CSV_COLUMNS if c not in REQUIRED)
_RELATION = re.compile(rf"^({'|'.join(map(re.escape, RELATION_TYPES))})\s*:\s*(.+)$", re.I)


class TableImportError(TermError):
    """The file cannot be read as a glossary table; the message is one sentence."""


@dataclass(slots=True)
class ImportReport:
    """The glossary built, and what was left out of it and why.

    ``skipped`` lists rows and references that were dropped as ``(line, reason)``;
    ``notices`` lists changes that kept the row (a shortened summary, an ignored
    column), so the user can check them.
    """

    glossary: dict[str, Any]
    used: int
    skipped: list[tuple[int, str]] = field(default_factory=list)
    notices: list[tuple[int, str]] = field(default_factory=list)


def shorten(text: str, limit: int = SUMMARY_MAX) -> str:
    """Cut at the last word boundary that fits, with an ellipsis, to meet the schema."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _name_key(text: str) -> str:
    return _one_line(unicodedata.normalize("NFKC", text)).casefold()


def _sniff(text: str) -> str:
    """The delimiter, judged on the header line, whose names never contain one."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in ("\t", ",", ";")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


@dataclass(slots=True)
class _Row:
    line: int
    cells: dict[str, str]
    term: str = ""
    id: str = ""


def import_table(
    data: bytes,
    source: str,
    *,
    delimiter: str | None = None,
    title: str | None = None,
    encoding: str = "utf-8",
) -> ImportReport:
    """Read a CSV or TSV table into a glossary dict.

    The caller passes ``delimiter`` when the file name says (``","`` for .csv,
    ``"\\t"`` for .tsv); otherwise it is guessed from the header line. Both use
    standard CSV quoting: a cell that starts with ``"`` is quoted. Multi-valued
    cells split on ``;`` or ``|`` (``\\;`` and ``\\|`` keep them literal, as
    ``term export --format csv`` writes them). ``related`` names other rows by
    term, id, or an abbreviation or alias that only one row has, optionally as
    ``type:name`` (``contrast:netori``); the type is ``see-also`` otherwise.
    """
    if len(data) > MAX_BYTES:
        raise TableImportError(f"{source} is over the {MAX_BYTES:,}-byte limit.")
    import codecs

    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise TableImportError(f"{encoding!r} is not a text encoding Python knows.") from None
    try:
        text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        if codec != "utf-8":
            raise TableImportError(
                f"{source} is not valid {encoding} (at byte {exc.start})."
            ) from None
        raise TableImportError(
            f"{source} is not valid UTF-8 (at byte {exc.start}); if Excel saved it, choose"
            " 'CSV UTF-8' in Save As, or pass --encoding cp1252."
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise TableImportError(
            f"{source} is empty; it needs a header row with term and definition."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or _sniff(text))
    report = ImportReport({}, 0)
    try:
        header = [h.strip().lower() for h in next(reader)]
        rows = _read_rows(reader, header, source, report)
    except csv.Error as exc:
        raise TableImportError(
            f"{source} is not a readable table at line {reader.line_num} ({exc})."
        ) from None
    entries = _build(rows, report)
    report.glossary = {
        "schema_version": SCHEMA_VERSION,
        "title": _one_line(title)
        if title and title.strip()
        else f"Imported from {PurePath(source).name or source}",
        "entries": entries,
    }
    report.used = len(entries)
    report.skipped.sort(key=lambda item: item[0])
    report.notices.sort(key=lambda item: item[0])
    return report


def _read_rows(reader: Any, header: list[str], source: str, report: ImportReport) -> list[_Row]:
    for name in REQUIRED:
        if name not in header:
            raise TableImportError(
                f"{source} has no {name!r} column; the header row must name term and definition."
            )
    seen: set[str] = set()
    for i, name in enumerate(header):
        if not name:
            continue
        if name in seen:
            raise TableImportError(f"{source} names the column {name!r} twice in its header row.")
        seen.add(name)
        if name not in REQUIRED and name not in OPTIONAL:
            report.notices.append((1, f"column {i + 1} ({name!r}) is not a known column; ignored"))
    rows: list[_Row] = []
    line = reader.line_num + 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            report.skipped.append(
                (start, f"has {len(cells)} cells but the header names {len(header)}")
            )
            continue
        rows.append(
            _Row(start, {h: unguard_cell(c) for h, c in zip(header, cells, strict=False) if h})
        )
    return rows


def _build(rows: list[_Row], report: ImportReport) -> list[dict[str, Any]]:
    kept: list[_Row] = []
    by_term: dict[str, _Row] = {}
    explicit: dict[str, _Row] = {}
    for row in rows:
        term = _one_line(row.cells.get("term", ""))
        definition = row.cells.get("definition", "").strip()
        if not term:
            report.skipped.append((row.line, "has no term"))
            continue
        if not definition:
            report.skipped.append((row.line, f"{term!r} has no definition"))
            continue
        key = _name_key(term)
        given = slugify(row.cells.get("id", ""))
        if key in by_term and not given:  # with an id, a second sense of one word
            report.skipped.append(
                (row.line, f"{term!r} repeats the term of line {by_term[key].line}")
            )
            continue
        rating = row.cells.get("rating", "").strip().lower() or "general"
        if rating not in RATINGS:
            report.skipped.append(
                (row.line, f"rating {rating!r} is not one of {', '.join(RATINGS)}")
            )
            continue
        if given and given in explicit:
            report.skipped.append(
                (row.line, f"id {given!r} repeats the id of line {explicit[given].line}")
            )
            continue
        row.term = term
        if given:
            row.id = given
            explicit[given] = row
        by_term.setdefault(key, row)
        kept.append(row)
    used_ids = set(explicit)
    for row in kept:
        if not row.id:
            base = slugify(row.term) or "entry"
            candidate, n = base, 1
            while candidate in used_ids:
                n += 1
                candidate = f"{base}-{n}"
            row.id = candidate
            used_ids.add(candidate)
    names = _Names({row.id: row for row in kept}, by_term, _other_names(kept))
    pairs: set[tuple[str, str]] = set()
    return [_entry(row, names, pairs, report) for row in kept]


def _other_names(rows: list[_Row]) -> dict[str, _Row]:
    """Abbreviations and aliases that name exactly one row ("SLO" in a related cell)."""
    owners: dict[str, set[int]] = {}
    for i, row in enumerate(rows):
        for key in ("abbreviations", "aliases"):
            for name in split_cell(row.cells.get(key, "")):
                owners.setdefault(_name_key(name), set()).add(i)
    return {k: rows[next(iter(v))] for k, v in owners.items() if len(v) == 1}


@dataclass(slots=True)
class _Names:
    by_id: dict[str, _Row]
    by_term: dict[str, _Row]
    by_other: dict[str, _Row]

    def find(self, name: str) -> _Row | None:
        key = _name_key(name)
        return self.by_id.get(name) or self.by_term.get(key) or self.by_other.get(key)


def _entry(
    row: _Row,
    names: _Names,
    pairs: set[tuple[str, str]],
    report: ImportReport,
) -> dict[str, Any]:
    cells = row.cells
    out: dict[str, Any] = {"id": row.id, "term": row.term}
    for key in ("abbreviations", "aliases"):
        values = _unique([_one_line(v) for v in split_cell(cells.get(key, ""))])
        if values:
            out[key] = values
    for key, noun in (("categories", "category"), ("tags", "tag")):
        slugs = []
        for value in split_cell(cells.get(key, "")):
            slug = slugify(value)
            if not slug:
                report.skipped.append((row.line, f"{noun} {value!r} has no ASCII slug; dropped"))
            slugs.append(slug)
        values = _unique(slugs)
        if values:
            out[key] = values
    out["rating"] = cells.get("rating", "").strip().lower() or "general"
    summary = _one_line(cells.get("summary", ""))
    if len(summary) > SUMMARY_MAX:
        summary = shorten(summary)
        report.notices.append(
            (row.line, f"summary of {row.term!r} shortened to {SUMMARY_MAX} characters")
        )
    if summary:
        out["summary"] = summary
    out["definition"] = cells["definition"].strip()
    related: list[dict[str, str]] = []
    for item in split_cell(cells.get("related", "")):
        target, kind = _resolve(item, names)
        if target is None:
            report.skipped.append((row.line, f"related {item!r} names no row; reference dropped"))
            continue
        if target.id == row.id:
            report.skipped.append(
                (row.line, f"{row.term!r} cannot be related to itself; reference dropped")
            )
            continue
        pair = (min(row.id, target.id), max(row.id, target.id))
        if pair in pairs:
            continue
        pairs.add(pair)
        related.append({"id": target.id, "type": kind})
    if related:
        out["related"] = related
    _rest(cells, out)
    return out


def _rest(cells: dict[str, str], out: dict[str, Any]) -> None:
    """The columns ``term export --format csv`` writes beyond the basic ones."""
    native = {
        key: cells.get(f"native_{key}", "").strip() for key in ("text", "reading", "language")
    }
    if native["text"]:
        out["native"] = {k: v for k, v in native.items() if v}
    for key in ("literal", "origin", "avoid", "sense"):
        if cells.get(key, "").strip():
            out[key] = cells[key].strip()
    for key in ("examples", "keywords"):
        values = _unique(split_cell(cells.get(key, "")))
        if values:
            out[key] = values
    sources = [split_source(v) for v in _unique(split_cell(cells.get("sources", "")))]
    if sources:
        out["sources"] = [{"title": t, **({"url": u} if u else {})} for t, u in sources]
    labels = _unique(split_cell(cells.get("usage_labels", "")))
    if labels:
        usage: dict[str, Any] = {"labels": labels}
        if cells.get("usage_note", "").strip():
            usage["note"] = cells["usage_note"].strip()
        out["usage"] = usage


def _resolve(item: str, names: _Names) -> tuple[_Row | None, str]:
    """A name, id, or ``type:name``; the whole item is tried as a name first (Re:Zero)."""
    for name, kind in ((item, "see-also"), *_typed(item)):
        row = names.find(name)
        if row is not None:
            return row, kind
    return None, "see-also"


def _typed(item: str) -> list[tuple[str, str]]:
    m = _RELATION.match(item)
    return [(m.group(2).strip(), m.group(1).lower())] if m else []
