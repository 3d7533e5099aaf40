from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from termcli import csvcells, export, safefiles
from termcli.errors import ExportError
from termcli.glossary import load, load_file, merge, parse
from termcli.model import Aspect, Distinction, Entry, Faq, Glossary, Relation
from termcli.sanitize import strip_controls

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.json"
GOLDEN = ROOT / "tests" / "golden" / "export"
ANCHOR = re.compile(r'<a id="([a-z0-9-]+)">|</a>')
PORTABLE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.md")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{i}" for p in ("com", "lpt") for i in range(10)
}

MD = MarkdownIt("commonmark").enable("table")

HOSTILE = (
    "# heading\n"
    "<img src=x onerror=alert(1)>\n"
    "<!-- open comment\n"
    "a | b | c\n"
    "[x](javascript:alert(1)) ![i](http://x/i.png) <http://auto.link>\n"
    "```\nfenced\n```\n"
    "- item\n"
    "1. ordered\n"
    "> quote\n"
    "    indented code\n"
    "---\n"
    "Setext\n"
    "===\n"
    "*em* _em_ **strong** `code` ~~strike~~ $math$ &amp; &#60;\n"
    "[ref]: http://example.com\n"
    "trailing backslash \\\n"
    "\x1b[31mred\x1b[0m \u202egnp.exe \x85 \x7f \x00 \u2066iso\u2069 end"
)
LABELS = {"Summary.", "Definition.", "Origin.", "Examples.", "Related.", "Compare.", "FAQ."}
LABELS |= {"Sources.", "Notes.", "Takeaway."}
CONTROLS = ["\x1b", "\u202e", "\x85", "\x7f", "\x00", "\u2066", "\u2069"]


@dataclass(frozen=True)
class Note:
    text: str
    created: str


@pytest.fixture
def mini() -> Glossary:
    return merge([load_file(MINI)])


# --------------------------------------------------------------------------- helpers


def flat(text: str) -> list[Token]:
    out: list[Token] = []
    for tok in MD.parse(text):
        out.append(tok)
        out.extend(tok.children or [])
    return out


def anchors(text: str) -> list[str]:
    found: list[str] = []
    for tok in flat(text):
        if tok.type in ("html_inline", "html_block"):
            m = ANCHOR.fullmatch(tok.content.strip())
            assert m, f"HTML that the exporter did not write: {tok.content!r}"
            if m.group(1):
                found.append(m.group(1))
    assert len(found) == len(set(found)), "duplicate anchors"
    return found


def headings(text: str) -> list[tuple[int, str]]:
    toks = MD.parse(text)
    out = []
    for i, tok in enumerate(toks):
        if tok.type == "heading_open":
            inline = toks[i + 1]
            assert all(c.type == "text" for c in inline.children or []), inline.children
            out.append((int(tok.tag[1]), "".join(c.content for c in inline.children or [])))
    return out


def links(text: str) -> list[str]:
    return [str(t.attrGet("href")) for t in flat(text) if t.type == "link_open"]


def assert_internal_links_resolve(text: str) -> None:
    ids = set(anchors(text))
    for href in links(text):
        if href.startswith("#"):
            assert href[1:] in ids, f"{href} has no anchor"
        else:
            assert re.match(r"https?://[^\s/?#]", href), href


def one_line(text: str) -> str:
    return re.sub(r"[ \t\n]+", " ", strip_controls(text)).strip()


def glossary_of(entries: list[Entry], **kw: Any) -> Glossary:
    return Glossary(title=kw.pop("title", "T"), entries={e.id: e for e in entries}, **kw)


def hostile_glossary() -> Glossary:
    raw = {
        "schema_version": 1,
        "title": "# Evil <b>title</b>",
        "entries": [
            {
                "id": "evil",
                "term": "Evil # term <script>alert(1)</script> |",
                "abbreviations": ["[A](javascript:x)"],
                "native": {"text": "<i>悪</i>", "reading": "`あく`"},
                "summary": "- starts like a list | pipe",
                "definition": HOSTILE,
                "origin": "1. looks ordered",
                "examples": ["> quoted\n\n# not a heading"],
                "related": [
                    {"id": "plain", "type": "contrast", "note": "<b>note</b>"},
                    {"id": "hidden", "type": "see-also"},
                ],
                "sources": [
                    {"title": "js", "url": "javascript:alert(1)"},
                    {"title": "ok", "url": "https://example.com/a_(b)?q=<x>&y=1 2"},
                ],
            },
            {"id": "plain", "term": "Plain", "definition": "A plain entry."},
            {"id": "hidden", "term": "Hidden # x", "definition": "Not exported."},
        ],
        "distinctions": [
            {
                "id": "d1",
                "title": "## Evil | table",
                "entries": ["evil", "plain", "hidden"],
                "aspects": [
                    {"name": "a|b", "values": {"evil": "x | y\nz", "plain": "`|`"}},
                    {"name": "only hidden", "values": {"hidden": "gone"}},
                ],
                "takeaway": "<!-- never closed",
            }
        ],
        "faq": [
            {"id": "q1", "question": "# Why <b>?", "answer": HOSTILE, "entries": ["evil"]},
            {"id": "q2", "question": "Hidden only?", "answer": "x", "entries": ["hidden"]},
        ],
    }
    return merge([parse(raw, "hostile")])


# --------------------------------------------------------------------------- select


def test_select_filters_combine_and_keep_glossary_order(mini: Glossary) -> None:
    ids = [e.id for e in export.select(mini, all_=True)]
    assert ids == list(mini.entries)
    picked = export.select(mini, ["character-card", "netorare"])
    assert [e.id for e in picked] == ["netorare", "character-card"]
    assert [e.id for e in export.select(mini, category="relationship-trope")] == [
        "netorare",
        "netori",
    ]
    both = export.select(mini, category="relationship-trope", tag="genre-tag")
    assert [e.id for e in both] == ["netorare"]
    assert export.select(mini, ["shounen"], category="relationship-trope") == []
    with pytest.raises(ExportError, match="no entry"):
        export.select(mini, ["nope"])
    with pytest.raises(ExportError, match="Nothing to export"):
        export.select(mini)


# --------------------------------------------------------------------------- markdown


def test_markdown_golden(mini: Glossary) -> None:
    notes = {"netorare": [Note("Seen in a tag list.\n\n- not a list", "2024-05-01")]}
    text = export.to_markdown(mini, list(mini.entries.values()), notes)
    golden = GOLDEN / "mini.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert text == golden.read_text(encoding="utf-8")


def test_markdown_structure_of_mini(mini: Glossary) -> None:
    text = export.to_markdown(mini, list(mini.entries.values()))
    assert_internal_links_resolve(text)
    assert headings(text) == [
        (1, "Mini test glossary"),
        (2, "Contents"),
        (2, "Netorare"),
        (2, "Netori"),
        (2, "Shounen"),
        (2, "Character card"),
        (2, "Distinctions"),
        (3, "Netorare and netori"),
        (2, "FAQ"),
        (3, "What does NTR stand for?"),
    ]
    assert "entry-netorare" in anchors(text)


def test_bundled_glossary_exports_cleanly() -> None:
    g = load()
    entries = export.select(g, all_=True)
    text = export.to_markdown(g, entries)
    assert_internal_links_resolve(text)
    assert [h for h in headings(text) if h[0] == 2][1 : 1 + len(entries)] == [
        (2, one_line(e.term)) for e in entries
    ]
    back = loads(export.to_json(g, entries))
    assert back.entries == g.entries and back.distinctions == g.distinctions


def test_markdown_partial_export_links_only_exported(mini: Glossary) -> None:
    text = export.to_markdown(mini, [mini.entries["shounen"]], title="Just one")
    assert_internal_links_resolve(text)
    assert headings(text) == [(1, "Just one"), (2, "Contents"), (2, "Shounen")]
    assert "Netori" in text and "#entry-netori" not in text
    assert "Distinctions" not in text and "FAQ" not in text


def test_markdown_data_cannot_inject_structure() -> None:
    g = hostile_glossary()
    entries = [g.entries["evil"], g.entries["plain"]]
    notes = {"evil": [Note(HOSTILE, "# 2024 <b>")]}
    text = export.to_markdown(g, entries, notes)
    assert_internal_links_resolve(text)
    assert headings(text) == [
        (1, "# Evil <b>title</b>"),
        (2, "Contents"),
        (2, "Evil # term <script>alert(1)</script> |"),
        (2, "Plain"),
        (2, "Distinctions"),
        (3, "## Evil | table"),
        (2, "FAQ"),
        (3, "# Why <b>?"),
    ]
    toks = flat(text)
    kinds = {t.type for t in toks}
    assert not kinds & {"fence", "code_block", "code_inline", "blockquote_open", "hr", "image"}
    assert "em_open" not in kinds
    strong = [toks[i + 1].content for i, t in enumerate(toks) if t.type == "strong_open"]
    assert set(strong) <= LABELS
    assert "<img" not in MD.render(text) and "<script" not in MD.render(text)
    for ch in CONTROLS:
        assert ch not in text
    hrefs = links(text)
    assert all(h.startswith("#") or h.startswith("https://example.com/") for h in hrefs), hrefs
    lists = [t for t in toks if t.type in ("bullet_list_open", "ordered_list_open")]
    assert all(t.type == "bullet_list_open" for t in lists)
    rendered = MD.render(text)
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert "[x](javascript:alert(1))" in rendered


def test_markdown_tables_keep_their_columns() -> None:
    g = hostile_glossary()
    text = export.to_markdown(g, [g.entries["evil"], g.entries["plain"]])
    toks = MD.parse(text)
    rows: list[list[str]] = []
    for i, tok in enumerate(toks):
        if tok.type == "tr_open":
            rows.append([])
        if tok.type in ("th_open", "td_open"):
            rows[-1].append("".join(c.content for c in toks[i + 1].children or []))
    assert rows == [
        ["Aspect", "Evil # term <script>alert(1)</script> |", "Plain"],
        ["a|b", "x | y z", "`|`"],
    ]


def test_markdown_unexported_relations_and_distinction_members() -> None:
    g = hostile_glossary()
    text = export.to_markdown(g, [g.entries["evil"]])
    assert "Hidden \\# x" in text and "#entry-hidden" not in text
    assert "Distinctions" not in text, "one exported member is no distinction"
    assert "Hidden only?" not in text


def test_markdown_property_fixed_example() -> None:
    check_markdown_safety("#\n=", "---\n- x", "1) y")


def check_markdown_safety(term: str, definition: str, note: str) -> None:
    entry = Entry(id="e", term=term, definition=definition, summary=term, origin=definition)
    other = Entry(
        id="f", term=definition, definition=term, related=(Relation("e", "see-also", note),)
    )
    g = glossary_of(
        [entry, other],
        title=term,
        distinctions=(
            Distinction("d", term, ("e", "f"), (Aspect(term, {"e": definition, "f": note}),)),
        ),
        faq=(Faq("q", term, definition, ("e",)),),
    )
    text = export.to_markdown(g, [entry, other], {"e": [Note(note, term)]})
    name = one_line(term) or "e"
    title = one_line(term) or "Glossary"
    assert headings(text) == [
        (1, title),
        (2, "Contents"),
        (2, name),
        (2, one_line(definition) or "f"),
        (2, "Distinctions"),
        (3, one_line(term)),
        (2, "FAQ"),
        (3, one_line(term)),
    ]
    assert_internal_links_resolve(text)
    kinds = {t.type for t in flat(text)}
    assert not kinds & {"fence", "code_block", "code_inline", "blockquote_open", "hr", "image"}
    assert not kinds & {"em_open", "ordered_list_open", "html_block"}
    assert faq_answer(text) == expected_block(definition)


def faq_answer(text: str) -> str:
    """The last FAQ answer as rendered: the paragraphs between its question and About line."""
    toks = MD.parse(text)
    start = max(i for i, t in enumerate(toks) if t.type == "heading_close") + 1
    inlines = [t for t in toks[start:] if t.type == "inline"]
    assert inlines[-1].content.startswith("About: ")
    paragraphs = []
    for tok in inlines[:-1]:
        parts = []
        for child in tok.children or []:
            assert child.type in ("text", "hardbreak"), child
            parts.append(child.content if child.type == "text" else "\n")
        paragraphs.append("".join(parts))
    return "\n\n".join(paragraphs)


def expected_block(text: str) -> str:
    paragraphs: list[list[str]] = [[]]
    for line in strip_controls(text).split("\n"):
        line = line.strip()
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


@pytest.fixture(autouse=True)
def _loader_lets_controls_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader refuses control characters; output sanitising is the second line of
    defence, tested here on records that get past the first."""
    monkeypatch.setattr("termcli.glossary.unsafe_text", lambda *a, **k: "")


MARKDOWNISH = st.text(alphabet=st.sampled_from(list("#*_-+=>|`~[]()<>!&\\$: \n\t1.)aZé\x1b\u202e")))
TEXT = st.one_of(st.text(), MARKDOWNISH)


@settings(deadline=None)
@given(TEXT, TEXT, TEXT)
def test_markdown_never_takes_structure_from_data(term: str, definition: str, note: str) -> None:
    check_markdown_safety(term, definition, note)


# --------------------------------------------------------------------------- json


def loads(text: str) -> Glossary:
    return merge([parse(json.loads(text), "export")])


def test_json_full_export_round_trips(mini: Glossary) -> None:
    back = loads(export.to_json(mini, list(mini.entries.values())))
    assert back.entries == mini.entries
    assert back.distinctions == mini.distinctions
    assert back.faq == mini.faq
    assert back.title == mini.title


def test_json_partial_export_is_a_valid_glossary(mini: Glossary) -> None:
    back = loads(export.to_json(mini, [mini.entries["netorare"], mini.entries["shounen"]]))
    assert list(back.entries) == ["netorare", "shounen"]
    assert back.entries["netorare"].related == ()
    assert back.distinctions == ()
    assert [f.id for f in back.faq] == ["what-does-ntr-stand-for"]
    assert loads(export.to_json(mini, [mini.entries["shounen"]])).faq == ()


def test_json_reduces_distinctions_and_dedupes_layered_relations() -> None:
    g = hostile_glossary()
    back = loads(export.to_json(g, [g.entries["evil"], g.entries["plain"]]))
    (d,) = back.distinctions
    assert d.entries == ("evil", "plain")
    assert [a.name for a in d.aspects] == ["a|b"]
    assert [r.id for r in back.entries["evil"].related] == ["plain"]
    layer = {
        "schema_version": 1,
        "entries": [
            {
                "id": "plain",
                "term": "Plain",
                "definition": "Again.",
                "related": [{"id": "evil", "type": "contrast"}],
            }
        ],
    }
    base = parse(json.loads(export.to_json(g, list(g.entries.values()))), "base")
    layered = merge([base, parse(layer, "layer")])
    assert layered.entries["plain"].related and layered.entries["evil"].related
    loads(export.to_json(layered, list(layered.entries.values())))


# --------------------------------------------------------------------------- csv

NASTY = ["semi;colon", "comma, here", 'quote "q"', "new\nline", "pipe|bar", "back\\slash\\;", " "]


def test_csv_round_trip() -> None:
    entries = [
        Entry(
            id=f"e{i}",
            term=f"T{i} {v}",
            definition=f"D {v}\r\nsecond line",
            summary=v.strip(),
            abbreviations=(v.strip() or "x", "AB;C"),
            aliases=(f"{v} alias", "plain"),
            tags=("a", "b"),
        )
        for i, v in enumerate(NASTY)
    ]
    text = export.to_csv(entries)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(export.CSV_COLUMNS)
    for e, row in zip(entries, rows, strict=True):
        assert csvcells.unguard_cell(row["term"]) == e.term
        assert row["definition"] == e.definition.replace("\r\n", "\n")  # controls dropped
        assert csvcells.unguard_cell(row["summary"]) == e.summary
        assert csvcells.split_cell(row["abbreviations"]) == [a.strip() for a in e.abbreviations]
        assert csvcells.split_cell(row["aliases"]) == [a.strip() for a in e.aliases]
        assert row["tags"] == "a; b"


def test_csv_related_names_exported_entries(mini: Glossary) -> None:
    rows = list(csv.DictReader(io.StringIO(export.to_csv([mini.entries["netorare"]]))))
    assert rows[0]["related"] == ""
    rows = list(csv.DictReader(io.StringIO(export.to_csv(list(mini.entries.values())))))
    assert rows[0]["related"] == "contrast:netori"


# --------------------------------------------------------------------------- file names

HOSTILE_NAMES = [
    "../x",
    "/abs",
    "a/b",
    "a\\b",
    "CON",
    "nul.txt",
    "com1",
    "trailing. ",
    "trailing...",
    "x" * 300,
    "é" * 150,
    unicodedata.normalize("NFC", "café"),
    unicodedata.normalize("NFD", "café"),
    "API",
    "api",
    "esc\x1b]52;c;aGk=\x07name",
    "",
    ".",
    "..",
    "index",
    "x",
    "寝取られ",
]


def test_safe_filename_is_portable_and_unique() -> None:
    taken: set[str] = set()
    names = [safefiles.safe_filename(n, taken) for n in HOSTILE_NAMES]
    assert len({n.casefold() for n in names}) == len(names)
    for n in names:
        assert PORTABLE.fullmatch(n), n
        assert len(n.encode()) <= 103
        assert n[:-3] not in WINDOWS_RESERVED
    assert names[4] != "con.md" and names[5] != "nul.md"


def hostile_entries() -> list[Entry]:
    return [
        Entry(
            id=name,
            term=name or "empty",
            definition="d",
            related=(Relation(HOSTILE_NAMES[0], "see-also"),),
        )
        for name in HOSTILE_NAMES
    ]


@pytest.mark.cold_cache
def test_split_and_write_hostile_names(tmp_path: Path) -> None:
    entries = hostile_entries()
    g = glossary_of(entries)
    files = export.split_markdown(g, entries)
    assert len(files) == len(entries) + 1 and "index.md" in files
    out = tmp_path / "out"
    written = safefiles.write_files(out, files, force=False)
    assert sorted(os.listdir(tmp_path)) == ["out"]
    assert sorted(os.listdir(out)) == sorted(files)
    assert all(p.parent == out and p.is_file() for p in written)
    for name, text in files.items():
        assert (out / name).read_text(encoding="utf-8") == text
        ids = set(anchors(text))
        for href in links(text):
            target, _, frag = href.partition("#")
            if target:
                assert target in files, href
                if frag:
                    assert frag in anchors(files[target])
            else:
                assert frag in ids


def test_split_links_between_entry_files(mini: Glossary) -> None:
    files = export.split_markdown(mini, list(mini.entries.values()))
    assert set(files) == {"index.md", "netorare.md", "netori.md", "shounen.md", "character-card.md"}
    assert "[Netori](netori.md#entry-netori)" in files["netorare.md"]
    assert "(index.md#distinction-ntr-pair)" in files["netorare.md"]
    assert "[Shounen](shounen.md)" in files["index.md"]
    assert headings(files["netori.md"])[0] == (1, "Netori")


@pytest.mark.parametrize(
    "name",
    [
        "../x.md",
        "/abs.md",
        "a/b.md",
        "a\\b.md",
        "CON",
        "nul.txt",
        "com1.md",
        "x.md.",
        "x.md ",
        "",
        ".",
        "..",
        "é.md",
        "e\x1b.md",
        "x" * 300,
    ],
)
@pytest.mark.cold_cache
def test_write_files_refuses_unsafe_names(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(ExportError):
        safefiles.write_files(out, {"ok.md": "ok", name: "bad"}, force=True)
    assert not out.exists() or os.listdir(out) == []
    assert sorted(os.listdir(tmp_path)) in ([], ["out"])


def test_write_files_refuses_case_twins(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="same file"):
        safefiles.write_files(tmp_path / "o", {"API.md": "a", "api.md": "b"}, force=False)


@pytest.fixture
def elsewhere() -> Any:
    with tempfile.TemporaryDirectory() as d:
        target = Path(d) / "elsewhere"
        target.write_text("precious", encoding="utf-8")
        yield target


@pytest.mark.parametrize("force", [False, True])
def test_planted_symlink_is_not_followed(tmp_path: Path, elsewhere: Path, force: bool) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.md").symlink_to(elsewhere)
    with pytest.raises(ExportError, match=r"x\.md"):
        safefiles.write_files(out, {"a.md": "a", "x.md": "pwned"}, force=force)
    assert elsewhere.read_text(encoding="utf-8") == "precious"
    assert (out / "x.md").is_symlink()
    assert not (out / "a.md").exists(), "a refused export writes nothing"


def test_hard_link_is_replaced_not_written_through(tmp_path: Path, elsewhere: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    try:
        os.link(elsewhere, out / "x.md")
    except OSError:
        pytest.skip("no hard links across these folders")
    safefiles.write_files(out, {"x.md": "new"}, force=True)
    assert elsewhere.read_text(encoding="utf-8") == "precious"
    assert (out / "x.md").read_text(encoding="utf-8") == "new"


def test_symlinked_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    with pytest.raises(ExportError, match="symbolic link"):
        safefiles.write_files(tmp_path / "link", {"a.md": "a"}, force=True)
    assert os.listdir(real) == []


def test_existing_file_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_text("old", encoding="utf-8")
    with pytest.raises(ExportError, match=r"a\.md already exists; use --force"):
        safefiles.write_files(out, {"b.md": "b", "a.md": "new"}, force=False)
    assert (out / "a.md").read_text(encoding="utf-8") == "old"
    assert not (out / "b.md").exists()
    safefiles.write_files(out, {"b.md": "b", "a.md": "new"}, force=True)
    assert (out / "a.md").read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(out)) == ["a.md", "b.md"], "no temporary file is left behind"


def test_write_file(tmp_path: Path, elsewhere: Path) -> None:
    path = tmp_path / "export.md"
    safefiles.write_file(path, "one\n", force=False)
    assert path.read_bytes() == b"one\n"
    with pytest.raises(ExportError, match="already exists"):
        safefiles.write_file(path, "two\n", force=False)
    safefiles.write_file(path, "two\n", force=True)
    assert path.read_text(encoding="utf-8") == "two\n"
    link = tmp_path / "link.md"
    link.symlink_to(elsewhere)
    for force in (False, True):
        with pytest.raises(ExportError, match="symbolic link"):
            safefiles.write_file(link, "pwned", force=force)
    assert elsewhere.read_text(encoding="utf-8") == "precious"
    with pytest.raises(ExportError, match="does not exist"):
        safefiles.write_file(tmp_path / "missing" / "x.md", "x", force=False)


def test_write_file_follows_symlinked_parent(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "via").symlink_to(real, target_is_directory=True)
    safefiles.write_file(tmp_path / "via" / "x.json", "{}", force=False)
    assert (real / "x.json").read_text(encoding="utf-8") == "{}"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(), max_size=8))
def test_safe_filename_property(names: list[str]) -> None:
    taken = {"index.md"}
    out = [safefiles.safe_filename(n, taken) for n in names]
    assert len({unicodedata.normalize("NFC", n).casefold() for n in out}) == len(out)
    assert "index.md" not in out
    for n in out:
        assert PORTABLE.fullmatch(n), n
        assert len(n.encode()) <= safefiles.NAME_MAX + 3
        assert n.split(".")[0] not in WINDOWS_RESERVED
        assert (Path("/folder") / n).parent == Path("/folder")


@settings(deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=4))
def test_written_files_stay_in_folder(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        taken: set[str] = set()
        files = {safefiles.safe_filename(n, taken): n for n in names}
        safefiles.write_files(root / "out", files, force=False)
        assert os.listdir(root) == ["out"]
        assert sorted(os.listdir(root / "out")) == sorted(files)
