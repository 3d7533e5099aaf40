"""Notes export and import: the JSON export read back losslessly, and a Markdown copy.

The JSON export is the notes' backup and carries every field exactly; the Markdown
export is for reading and is never imported.
"""

from __future__ import annotations

from collections.abc import Sequence

from termcli import markdown
from termcli.notes import NOTE_FIELDS, Note, NotesError, note_problems
from termcli.sanitize import clean, json_escape

EXPORT_FORMAT = "termcli-notes"
EXPORT_VERSION = 1
MAX_IMPORT_BYTES = 64 * 1024 * 1024

# ---------------------------------------------------------------------------- export


def export_json(notes: Sequence[Note]) -> str:
    """The lossless export, the one :func:`read_export` reads back."""
    import json

    doc = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "notes": [n.to_json() for n in notes],
    }
    return json_escape(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def _inline(text: str) -> str:
    return markdown.inline(text, controls=clean)


def export_markdown(notes: Sequence[Note]) -> str:
    """A readable copy grouped by term; one way only (:func:`read_export` reads JSON).

    Note text is escaped by :mod:`termcli.markdown`, so a note can add no heading,
    link, image, HTML or code block to the document; control characters show as
    visible stand-ins, as on the terminal.
    """
    groups: dict[str, list[Note]] = {}
    for note in sorted(notes, key=lambda n: (n.created, n.id)):
        groups.setdefault(note.entry_id, []).append(note)
    lines = ["# termcli notes", ""]
    if not groups:
        lines.append("No notes.")
    else:
        count = len(notes)
        lines.append(
            f"{count} note{'s' * (count != 1)} on {len(groups)} term"
            f"{'s' * (len(groups) != 1)}, oldest first within each term."
        )
    ordered = sorted(groups.items(), key=lambda kv: (kv[1][-1].term.casefold(), kv[0]))
    for entry_id, group in ordered:
        term, ident = _inline(group[-1].term), _inline(entry_id)
        lines += ["", f"## {term}", "", f"Entry: {ident}"]
        for note in group:
            stamp = note.created
            if note.updated != note.created:
                stamp += f", edited {note.updated}"
            lines += ["", f"- Note {note.id}, {stamp}", ""]
            body = markdown.block(note.text, "  ", controls=clean)
            if body:
                lines.append("  " + body)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- import


def read_export(data: bytes, source: str) -> list[dict[str, object]]:
    """The notes of a JSON export, every field checked, ready for ``import_notes``.

    Markdown exports are not read back: Markdown cannot carry a note's exact text
    (spacing, line breaks, control characters), and an import must not alter notes.
    """
    import json

    from termcli.jsonread import pairs_hook

    def fail(why: str) -> NotesError:
        return NotesError(f"The file {source} cannot be imported: {why}.", source)

    if len(data) > MAX_IMPORT_BYTES:
        raise fail(f"it is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise fail(f"it is not UTF-8 text (bad byte at offset {e.start})") from None
    head = text.lstrip()
    if head.startswith("#"):
        raise fail(
            "it looks like a Markdown export, and only JSON exports can be imported"
            " (export the notes as JSON)"
        )

    def constant(name: str) -> None:
        raise ValueError(f"{name} is not a number JSON allows")

    try:
        doc = json.loads(text, object_pairs_hook=pairs_hook(), parse_constant=constant)
    except json.JSONDecodeError as e:
        raise fail(f"it is not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})") from None
    except (ValueError, RecursionError) as e:
        why = str(e) if isinstance(e, ValueError) else "it is nested too deeply"
        raise fail(why) from None

    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise fail('it is not a termcli notes export (no "format": "termcli-notes")')
    version = doc.get("version")
    if type(version) is not int:
        raise fail("its version is missing or not a whole number")
    if version > EXPORT_VERSION:
        raise fail(f"it was written by a newer termcli (export version {version})")
    if version != EXPORT_VERSION:
        raise fail(f"its export version {version} is unknown")
    extra = sorted(set(doc) - {"format", "version", "notes"})
    if extra:
        raise fail(f"it has an unknown field {extra[0]!r}")
    raw_notes = doc.get("notes")
    if not isinstance(raw_notes, list):
        raise fail("its notes are missing or not a list")

    problems: list[str] = []
    out: list[dict[str, object]] = []
    for i, raw in enumerate(raw_notes):
        found = note_problems(raw, f"note {i + 1}")
        if found:
            problems += found
            continue
        out.append({key: raw[key] for key in NOTE_FIELDS})
    if problems:
        more = len(problems) - 1
        tail = f" (and {more} more problem{'s' * (more != 1)})" if more else ""
        raise fail(problems[0] + tail)
    return out
