"""Export: which entries to export, and the Markdown, JSON and CSV writers.

Everything here is a pure function from records to a string; writing the result to
disk is :mod:`termcli.safefiles`. Exported text is opened by other programs (GitHub,
editors, spreadsheets), so data text is treated as hostile: in Markdown it can never
become structure.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from termcli import markdown
from termcli.csvcells import CSV_COLUMNS, guard_cell, join_cell, join_source
from termcli.errors import ExportError
from termcli.model import (
    SCHEMA_VERSION,
    Aspect,
    Distinction,
    Entry,
    Faq,
    Glossary,
    distinction_to_dict,
    entry_to_dict,
    faq_to_dict,
)
from termcli.safefiles import safe_filename
from termcli.sanitize import json_escape, strip_controls
from termcli.slug import is_slug

INDEX_NAME = "index.md"


class NoteLike(Protocol):
    """What the Markdown writer needs of a note, so it does not import the notes store."""

    @property
    def text(self) -> str: ...

    @property
    def created(self) -> str: ...


# --------------------------------------------------------------------------- selection


def select(
    glossary: Glossary,
    terms: Sequence[str] = (),
    *,
    all_: bool = False,
    category: str | None = None,
    tag: str | None = None,
) -> list[Entry]:
    """The entries to export, in glossary order so exports diff cleanly between runs.

    ``terms`` are entry ids the caller already resolved; ``terms``, ``category`` and
    ``tag`` narrow each other. An empty result is returned as such: whether that is
    an error is the caller's call. Asking for nothing at all is an error, so that a
    bare ``term export`` never silently dumps the whole glossary.
    """
    if not (terms or all_ or category or tag):
        raise ExportError("Nothing to export: name terms, or use --all, --category or --tag.")
    unknown = [t for t in terms if t not in glossary.entries]
    if unknown:
        raise ExportError(f"There is no entry with the id {unknown[0]!r}.")
    wanted = set(terms)
    cat = category.strip().lower() if category else None
    tg = tag.strip().lower() if tag else None
    out: list[Entry] = []
    for entry in glossary.entries.values():
        if wanted and entry.id not in wanted:
            continue
        if cat is not None and cat not in entry.categories:
            continue
        if tg is not None and tg not in entry.tags:
            continue
        out.append(entry)
    return out


def _unique(entries: Sequence[Entry]) -> list[Entry]:
    """Each entry once, first place kept: a repeated id would repeat anchors and ids."""
    return list({e.id: e for e in entries}.values())


def _is_complete(glossary: Glossary, ids: set[str]) -> bool:
    return ids >= glossary.entries.keys()


def _kept_distinctions(
    glossary: Glossary, ids: set[str]
) -> list[tuple[Distinction, tuple[str, ...], list[Aspect]]]:
    """Distinctions that still compare two exported entries, cut down to those entries.

    Aspects with nothing to say about an exported member go, and a distinction left
    without aspects goes too, so the Markdown table and the JSON agree.
    """
    out = []
    for d in glossary.distinctions:
        members = tuple(e for e in d.entries if e in ids)
        if len(members) < 2:
            continue
        aspects = [
            Aspect(a.name, {m: v for m, v in a.values.items() if m in members})
            for a in d.aspects
            if any(m in a.values for m in members)
        ]
        if aspects:
            out.append((d, members, aspects))
    return out


def _kept_faq(glossary: Glossary, ids: set[str]) -> list[Faq]:
    """FAQ about an exported entry; questions tied to no entry only in a full export."""
    complete = _is_complete(glossary, ids)
    return [
        f for f in glossary.faq if any(e in ids for e in f.entries) or (complete and not f.entries)
    ]


# --------------------------------------------------------------------------- links and anchors


def _safe_url(url: str) -> str | None:
    """An http(s) URL fit for a link destination, or None to show the text unlinked."""
    url = strip_controls(url).strip()
    if not re.match(r"(?i)^https?://[^\s/?#]", url):
        return None
    allowed = "-._~:/?#[]@!$&'()*+,;=%"
    encoded = "".join(
        ch if (ch.isascii() and (ch.isalnum() or ch in allowed)) else _percent(ch) for ch in url
    )
    return encoded.replace("&", "\\&")


def _percent(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8"))


def _anchor(prefix: str, ident: str) -> str:
    """A fragment id that cannot be confused across kinds and is safe in an attribute."""
    if is_slug(ident):
        return f"{prefix}-{ident}"
    digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{prefix}-x{digest}"


def _anchor_line(anchor: str) -> str:
    return f'<a id="{anchor}"></a>'


# --------------------------------------------------------------------------- markdown


class _Doc:
    """What an export contains and where each target lives, worked out once.

    Targets are in one document, or (``files``) one file per entry plus the index;
    ``here`` is the file being written.
    """

    def __init__(
        self, glossary: Glossary, entries: Sequence[Entry], files: Mapping[str, str] | None = None
    ) -> None:
        self.ids = {e.id for e in entries}
        self.files = files
        self.here = INDEX_NAME
        self.distinctions = _kept_distinctions(glossary, self.ids)
        self.faqs = _kept_faq(glossary, self.ids)
        self.compared: dict[str, list[Distinction]] = {}
        for d, members, _ in self.distinctions:
            for m in members:
                self.compared.setdefault(m, []).append(d)
        self.asked: dict[str, list[Faq]] = {}
        for f in self.faqs:
            for e in f.entries:
                self.asked.setdefault(e, []).append(f)

    def _target(self, file: str, anchor: str) -> str:
        return f"#{anchor}" if file == self.here else f"{file}#{anchor}"

    def entry(self, entry_id: str) -> str | None:
        if entry_id not in self.ids:
            return None
        if self.files is None:
            return f"#{_anchor('entry', entry_id)}"
        return self._target(self.files[entry_id], _anchor("entry", entry_id))

    def distinction(self, did: str) -> str:
        anchor = _anchor("distinction", did)
        return f"#{anchor}" if self.files is None else self._target(INDEX_NAME, anchor)

    def faq(self, fid: str) -> str:
        anchor = _anchor("faq", fid)
        return f"#{anchor}" if self.files is None else self._target(INDEX_NAME, anchor)


def _link(text: str, target: str | None) -> str:
    label = markdown.inline(text)
    return f"[{label}]({target})" if target else label


def _entry_body(
    glossary: Glossary,
    entry: Entry,
    doc: _Doc,
    notes: Sequence[NoteLike],
    heading: str,
) -> list[str]:
    name = markdown.inline(entry.term) or markdown.inline(entry.id)
    out = [_anchor_line(_anchor("entry", entry.id)), f"{heading} {name}", ""]
    facts: list[str] = []
    if entry.native is not None:
        native = markdown.inline(entry.native.text)
        extra = [x for x in (entry.native.reading, entry.native.language) if x]
        if extra:
            native += " (" + ", ".join(markdown.inline(x) for x in extra) + ")"
        facts.append(f"- Native: {native}")
    if entry.literal:
        facts.append(f"- Literally: {markdown.inline(entry.literal)}")
    for label, values in (
        ("Abbreviations", entry.abbreviations),
        ("Also called", entry.aliases),
        ("Categories", entry.categories),
        ("Tags", entry.tags),
    ):
        if values:
            facts.append(f"- {label}: " + ", ".join(markdown.inline(v) for v in values))
    facts.append(f"- Rating: {markdown.inline(entry.rating)}")
    out += [*facts, ""]
    if entry.summary:
        out += [f"**Summary.** {markdown.block(entry.summary)}", ""]
    out += [f"**Definition.** {markdown.block(entry.definition)}", ""]
    if entry.usage is not None:
        labels = ", ".join(entry.usage.labels)
        said = f" {markdown.block(entry.usage.note)}" if entry.usage.note else ""
        out += [f"**Usage.** *{markdown.inline(labels)}.*{said}", ""]
    if entry.avoid:
        out += [f"**If you avoid it.** {markdown.block(entry.avoid)}", ""]
    if entry.origin:
        out += [f"**Origin.** {markdown.block(entry.origin)}", ""]
    if entry.examples:
        out += ["**Examples.**", ""]
        out += [f"- {markdown.block(x, '  ')}" for x in entry.examples]
        out.append("")
    # An implied inverse keeps no note: the note was written about the other side.
    relations = glossary.relations(entry.id)
    if relations:
        out += ["**Related.**", ""]
        for rel in relations:
            other = glossary.get(rel.id)
            name = other.term if other else rel.id
            line = f"- {markdown.inline(rel.type)}: {_link(name, doc.entry(rel.id))}"
            if rel.note and rel in entry.related:
                line += f" — {markdown.inline(rel.note)}"
            out.append(line)
        out.append("")
    compared = doc.compared.get(entry.id, [])
    if compared:
        out.append(
            "**Compare.** " + ", ".join(_link(d.title, doc.distinction(d.id)) for d in compared)
        )
        out.append("")
    asked = doc.asked.get(entry.id, [])
    if asked:
        out.append("**FAQ.** " + ", ".join(_link(f.question, doc.faq(f.id)) for f in asked))
        out.append("")
    if entry.sources:
        out += ["**Sources.**", ""]
        for src in entry.sources:
            url = _safe_url(src.url) if src.url else None
            title = markdown.inline(src.title)
            if url:
                out.append(f"- [{title}](<{url}>)")
            elif src.url:
                out.append(f"- {title}: {markdown.inline(src.url)}")
            else:
                out.append(f"- {title}")
        out.append("")
    if notes:
        out += ["**Notes.**", ""]
        for note in notes:
            when = markdown.inline(note.created)
            text = markdown.block(note.text, "  ")
            out.append(f"- {when}: {text}" if when else f"- {text}")
        out.append("")
    return out


def _table_cell(text: str) -> str:
    return markdown.inline(text) or " "


def _distinctions_section(glossary: Glossary, doc: _Doc, level: str) -> list[str]:
    out: list[str] = []
    for d, members, rows in doc.distinctions:
        out += [
            _anchor_line(_anchor("distinction", d.id)),
            f"{level} {markdown.inline(d.title)}",
            "",
        ]
        header = ["Aspect", *(_link(glossary.entries[m].term, doc.entry(m)) for m in members)]
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "---|" * len(header))
        for aspect in rows:
            cells = [
                _table_cell(aspect.name),
                *(_table_cell(aspect.values.get(m, "")) for m in members),
            ]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
        if d.takeaway:
            out += [f"**Takeaway.** {markdown.block(d.takeaway)}", ""]
    return out


def _faq_section(glossary: Glossary, doc: _Doc, level: str) -> list[str]:
    out: list[str] = []
    for f in doc.faqs:
        out += [_anchor_line(_anchor("faq", f.id)), f"{level} {markdown.inline(f.question)}", ""]
        out += [markdown.block(f.answer), ""]
        about = [e for e in f.entries if e in doc.ids]
        if about:
            out.append(
                "About: " + ", ".join(_link(glossary.entries[e].term, doc.entry(e)) for e in about)
            )
            out.append("")
    return out


def _finish(lines: list[str]) -> str:
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _header(glossary: Glossary, title: str | None) -> list[str]:
    out = [f"# {markdown.inline(title or glossary.title) or 'Glossary'}", ""]
    if glossary.description:
        out += [markdown.block(glossary.description), ""]
    return out


def _contents(
    entries: Sequence[Entry], target: Callable[[str], str | None], distinctions: bool, faq: bool
) -> list[str]:
    """The table of contents: one link per entry, then the closing sections."""
    lines = [_anchor_line("contents"), "## Contents", ""]
    for e in entries:
        mark = " (mature)" if e.mature else ""
        lines.append(f"- {_link(e.term or e.id, target(e.id))}{mark}")
    if distinctions:
        lines.append("- [Distinctions](#distinctions)")
    if faq:
        lines.append("- [FAQ](#faq)")
    lines.append("")
    return lines


def to_markdown(
    glossary: Glossary,
    entries: Sequence[Entry],
    notes: Mapping[str, Sequence[NoteLike]] | None = None,
    title: str | None = None,
) -> str:
    """One self-contained document whose links all point inside it.

    Every section carries an explicit ``<a id>`` anchor (``entry-<id>``,
    ``distinction-<id>``, ``faq-<id>``) because ids are stable slugs while
    GitHub's heading slugs change with the wording and collide between twins.
    """
    entries = _unique(entries)
    doc = _Doc(glossary, entries)
    notes = notes or {}
    distinctions = _distinctions_section(glossary, doc, "###")
    faq = _faq_section(glossary, doc, "###")
    lines = _header(glossary, title)
    lines += _contents(entries, doc.entry, bool(distinctions), bool(faq))
    for e in entries:
        lines += _entry_body(glossary, e, doc, notes.get(e.id, ()), "##")
    if distinctions:
        lines += [_anchor_line("distinctions"), "## Distinctions", "", *distinctions]
    if faq:
        lines += [_anchor_line("faq"), "## FAQ", "", *faq]
    return _finish(lines)


def split_markdown(
    glossary: Glossary,
    entries: Sequence[Entry],
    notes: Mapping[str, Sequence[NoteLike]] | None = None,
    title: str | None = None,
) -> dict[str, str]:
    """One file per entry plus ``index.md``; links between them are relative file links.

    File names come from entry ids through :func:`safe_filename`, so they are
    portable and stay the same from one export to the next.
    """
    entries = _unique(entries)
    taken = {INDEX_NAME}
    files = {e.id: safe_filename(e.id, taken) for e in entries}
    notes = notes or {}
    out: dict[str, str] = {}
    doc = _Doc(glossary, entries, files)
    distinctions = _distinctions_section(glossary, doc, "###")
    faq = _faq_section(glossary, doc, "###")
    index = _header(glossary, title)
    index += _contents(entries, files.__getitem__, bool(distinctions), bool(faq))
    if distinctions:
        index += [_anchor_line("distinctions"), "## Distinctions", "", *distinctions]
    if faq:
        index += [_anchor_line("faq"), "## FAQ", "", *faq]
    out[INDEX_NAME] = _finish(index)
    for e in entries:
        doc.here = files[e.id]
        body = _entry_body(glossary, e, doc, notes.get(e.id, ()), "#")
        body += [f"[Back to the index]({INDEX_NAME})", ""]
        out[files[e.id]] = _finish(body)
    return out


# --------------------------------------------------------------------------- json


def to_json(
    glossary: Glossary,
    entries: Sequence[Entry],
    synonyms: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """A schema-v1 glossary that loads on its own: no reference leaves the export.

    Relations to entries left out are dropped, distinctions keep their exported
    members when two or more remain, and a relation that two merged layers both
    wrote (A→B and B→A) is written once, as the loader demands. ``synonyms`` (the
    user glossaries' own map) goes with them.
    """
    entries = _unique(entries)
    ids = {e.id for e in entries}
    written: set[tuple[str, str]] = set()
    out_entries: list[dict[str, object]] = []
    for e in entries:
        raw = entry_to_dict(e)
        kept: list[dict[str, str]] = []
        for rel in e.related:
            pair = (min(e.id, rel.id), max(e.id, rel.id))
            if rel.id in ids and rel.id != e.id and pair not in written:
                written.add(pair)
                kept.append(
                    {"id": rel.id, "type": rel.type, **({"note": rel.note} if rel.note else {})}
                )
        if kept:
            raw["related"] = kept
        else:
            raw.pop("related", None)
        out_entries.append(raw)
    distinctions = []
    for d, members, aspects in _kept_distinctions(glossary, ids):
        draw = distinction_to_dict(d)
        draw["entries"] = list(members)
        draw["aspects"] = [{"name": a.name, "values": dict(a.values)} for a in aspects]
        distinctions.append(draw)
    faq = []
    for f in _kept_faq(glossary, ids):
        fraw = faq_to_dict(f)
        if f.entries:
            fraw["entries"] = [e for e in f.entries if e in ids]
        faq.append(fraw)
    doc: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "title": glossary.title or "Glossary",
    }
    if glossary.description:
        doc["description"] = glossary.description
    doc["entries"] = out_entries
    if distinctions:
        doc["distinctions"] = distinctions
    if faq:
        doc["faq"] = faq
    if synonyms:
        doc["synonyms"] = {key: list(words) for key, words in synonyms.items()}
    return json_escape(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


# --------------------------------------------------------------------------- csv


def to_csv(entries: Sequence[Entry]) -> str:
    """One row per entry with the columns of :data:`CSV_COLUMNS` (RFC 4180 quoting).

    Every entry field has a column, and ``term import`` reads each back; the one
    thing left out is a relation's ``note``. Multi-valued cells use
    :func:`join_cell`, sources are ``title <url>``, and ``related`` lists the
    relations the entry itself writes, among the exported entries, as ``type:id``.
    A cell a spreadsheet would run as a formula gets a leading ``'`` (OWASP), which
    ``term import`` removes again; control characters are dropped.
    """
    entries = _unique(entries)
    ids = {e.id for e in entries}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        native = e.native
        usage = e.usage
        cells = [
            e.id,
            e.term,
            join_cell(e.abbreviations),
            join_cell(e.aliases),
            e.summary,
            e.definition,
            join_cell(e.categories),
            join_cell(e.tags),
            e.rating,
            join_cell(f"{r.type}:{r.id}" for r in e.related if r.id in ids),
            native.text if native else "",
            native.reading if native else "",
            native.language if native else "",
            e.literal,
            e.origin,
            join_cell(e.examples),
            join_cell(join_source(s.title, s.url) for s in e.sources),
            join_cell(e.keywords),
            e.avoid,
            join_cell(usage.labels) if usage else "",
            usage.note if usage else "",
            e.sense,
        ]
        writer.writerow([guard_cell(strip_controls(c)) for c in cells])
    return buf.getvalue()
