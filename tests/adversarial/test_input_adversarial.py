"""Hostile glossaries, config files and input files: each is a sentence and exit 2,
never a traceback, a hang or an escape sequence on the terminal."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from tests.helpers import term

from termcli.glossary import GlossaryError, load_file

ENTRY = {"id": "sla", "term": "SLA", "definition": "A promise.\nMeasured.\tTabbed."}
ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def write(tmp_path: Path, doc: object, name: str = "g.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def glossary(*entries: object, **extra: object) -> dict[str, object]:
    return {"schema_version": 1, "entries": list(entries), **extra}


def problems(path: Path) -> list[str]:
    with pytest.raises(GlossaryError) as info:
        load_file(path)
    return [str(p) for p in info.value.problems]


# ---------------------------------------------------------------- controls, bidi, surrogates

HOSTILE_TEXT = ["\x1b]52;c;aGk=\x07", "\x9b31m", "\u202eevil", "x\x85y", "\x00", "\u200fmark"]


@pytest.mark.parametrize("bad", HOSTILE_TEXT)
@pytest.mark.parametrize("field", ["term", "summary", "definition", "origin"])
def test_controls_in_a_text_field_are_problems(tmp_path: Path, field: str, bad: str) -> None:
    path = write(tmp_path, glossary({**ENTRY, field: f"ok {bad} ok"}))
    found = problems(path)
    assert any(f"$.entries[0].{field}: holds the control character" in p for p in found)


def test_newline_and_tab_only_in_long_text(tmp_path: Path) -> None:
    load_file(write(tmp_path, glossary(ENTRY)))  # definition keeps them
    found = problems(write(tmp_path, glossary({**ENTRY, "term": "S\nLA"})))
    assert any("$.entries[0].term: holds the control character U+000A" in p for p in found)


@pytest.mark.parametrize("field", ["aliases", "examples", "tags"])
def test_controls_in_list_items_are_problems(tmp_path: Path, field: str) -> None:
    path = write(tmp_path, glossary({**ENTRY, field: ["fine", "\x1b[2J"]}))
    assert any(f"$.entries[0].{field}[1]: holds the control" in p for p in problems(path))


def test_lone_surrogates_are_problems_in_values_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        '{"schema_version": 1, "entries": [{"id": "a", "term": "x\\ud800",'
        ' "definition": "d", "\\udc00key": 1}]}'
    )
    found = problems(path)
    assert any("$.entries[0].term: holds a lone surrogate U+D800" in p for p in found)
    assert any('$.entries[0]["\\udc00key"]: unknown field' in p for p in found)


def _assert_no_escapes(text: str) -> None:
    assert not ESCAPES.search(text.replace("\n", "").replace("\t", "")), repr(text)


HOSTILE_KEYS = ["\x1b]52;c;aGk=\x07", "\x1bc", "\u202ertl", "\x9b2J"]


@pytest.mark.parametrize("mode", [[], ["--plain"], ["--json"]])
def test_check_never_prints_raw_escapes(tmp_path: Path, mode: list[str]) -> None:
    doc = glossary(
        {**ENTRY, HOSTILE_KEYS[0]: 1, "term": "\x1b[2J"},
        {"id": "b", "term": "B", "definition": "d"},
        distinctions=[
            {
                "id": "d",
                "title": "T",
                "entries": ["sla", "b"],
                "aspects": [{"name": "n", "values": {HOSTILE_KEYS[1]: "v", "sla": "\u202ex"}}],
            }
        ],
        **{HOSTILE_KEYS[2]: 1, HOSTILE_KEYS[3]: 2},
    )
    path = write(tmp_path, doc, name="evil\x1b[2J.json")
    r = term(*mode, "check", str(path))
    assert r.exit_code == 2
    _assert_no_escapes(r.stdout)
    _assert_no_escapes(r.stderr)
    if mode == ["--json"]:
        data = json.loads(r.stdout)
        assert len(data["problems"]) >= 6


# ---------------------------------------------------------------- one pass, positions, hints


def test_check_reports_structure_references_and_names_in_one_pass(tmp_path: Path) -> None:
    doc = glossary(
        {"id": "a", "term": "A", "definiton": "typo"},
        {**ENTRY, "related": [{"id": "ghost", "type": "see-also"}]},
        {"id": "b", "term": "SLA", "definition": "x", "summary": "s" * 200},
    )
    path = tmp_path / "g.json"
    path.write_text(json.dumps(doc, indent=1))
    r = term("--json", "check", str(path))
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    messages = [p["message"] for p in data["problems"]]
    assert any("did you mean 'definition'?" in m for m in messages)
    assert any("unknown entry 'ghost'" in m for m in messages)
    assert any("over the 140 allowed" in m for m in messages)
    assert any("'sla'" in w["message"] for w in data["warnings"])
    typo = next(p for p in data["problems"] if "definiton" in p["path"])
    line = path.read_text().splitlines()[typo["line"] - 1]
    assert line[typo["column"] - 1 :].startswith('"definiton"')


def test_check_plain_output_gives_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps(glossary({**ENTRY, "colour": "red"}), indent=1))
    r = term("--plain", "check", str(path))
    assert re.search(r"g\.json:\d+:\d+: \$\.entries\[0\]\.colour: unknown field", r.stdout)


# ---------------------------------------------------------------- numbers, nesting, sizes


def test_huge_integer_is_a_problem_not_a_valueerror(tmp_path: Path) -> None:
    path = tmp_path / "n.json"
    path.write_text('{"schema_version": 1, "entries": [], "title": ' + "9" * 5000 + "}")
    assert any("5,000 digits" in p for p in problems(path))
    r = term("--glossary", str(path), "lookup", "ntr")
    assert r.exit_code == 2 and "5,000 digits" in r.stderr


def test_streaming_and_whole_file_readers_agree(tmp_path: Path) -> None:
    from termcli import jsonstream

    path = tmp_path / "n.json"
    path.write_text('{"schema_version": 1, "entries": [' + "9" * 5000 + "]}")
    with pytest.raises(GlossaryError, match="5,000 digits"):
        jsonstream.stream(path, "n", lambda i, raw, text: None)
    path.write_text("null")
    with pytest.raises(GlossaryError, match="found null"):
        jsonstream.stream(path, "n", lambda i, raw, text: None)
    assert any("found null" in p for p in problems(path))


def test_a_definition_longer_than_a_read_chunk_is_read_by_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from termcli import jsonstream

    monkeypatch.setattr(jsonstream, "CHUNK", 64)
    long = {**ENTRY, "definition": "word " * 5000}
    path = write(tmp_path, glossary(long))
    seen: list[object] = []
    jsonstream.stream(path, "g", lambda i, raw, text: seen.append(raw))
    assert seen == [long]
    assert load_file(path).entries[0].definition == long["definition"].strip()


def test_one_entry_with_many_aliases_and_many_shared_names_check_fast(tmp_path: Path) -> None:
    aliases = [f"alias {i}" for i in range(20_000)]
    shared = [{"id": f"e{i}", "term": "Same", "definition": "d"} for i in range(3_000)]
    path = write(tmp_path, glossary({**ENTRY, "aliases": aliases}, *shared))
    r = term("--json", "check", "--standalone", str(path))
    data = json.loads(r.stdout)
    assert data["entries"] == 3_001 and len(data["warnings"]) == 1


# ---------------------------------------------------------------- device files


DEVICES = [d for d in ("/dev/zero", "/dev/urandom") if os.path.exists(d)]


@pytest.mark.skipif(not DEVICES, reason="no /dev/zero here")
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(
    "argv",
    [
        ["check", "{}"],
        ["--glossary", "{}", "list"],
        ["--glossary", "{}", "lookup", "ntr"],
        ["import", "{}", "--out", "OUT"],
        ["gloss", "--file", "{}"],
    ],
)
def test_device_files_are_refused(tmp_path: Path, device: str, argv: list[str]) -> None:
    args = [a.replace("{}", device).replace("OUT", str(tmp_path / "o.json")) for a in argv]
    r = term(*args)
    assert r.exit_code == 2
    assert "not a regular file" in r.stdout + r.stderr


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    r = term("check", str(fifo))
    assert r.exit_code == 2 and "not a regular file" in r.stdout + r.stderr


# ---------------------------------------------------------------- config.toml and -g


def _config(text: str) -> None:
    from termcli import paths

    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


CONFIGS = {
    "unknown user": ('glossaries = ["~nosuchuser-termcli/x.json"]', "unknown user"),
    "nul byte": ('glossaries = ["a\\u0000b.json"]', "NUL byte"),
    "long path": (f'glossaries = ["{"a" * 5000}.json"]', "too long"),
    "huge integer": ("pager = " + "9" * 5000, "cannot read"),
    "deep arrays": ("x = " + "[" * 100_000 + "]" * 100_000, "over 64 KiB"),
    "deep arrays small": ("x = " + "[" * 5_000 + "]" * 5_000, "nested too deeply"),
    "dotted key": ("a" + ".a" * 100_000 + " = 1", "over 64 KiB"),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_hostile_config_is_one_sentence(name: str) -> None:
    text, fragment = CONFIGS[name]
    _config(text)
    r = term("list")
    assert r.exit_code == 2
    assert fragment in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) <= 2


@pytest.mark.parametrize("bad", ["a" * 5000, "~nosuchuser-termcli/x.json"])
def test_hostile_glossary_option_is_one_sentence(bad: str) -> None:
    r = term("--glossary", bad, "lookup", "ntr")
    assert r.exit_code == 2
    assert "--glossary" in r.stderr


# ---------------------------------------------------------------- export and import


def test_csv_export_neutralises_formulas_and_import_restores_them(tmp_path: Path) -> None:
    import csv
    import io

    risky = ['=HYPERLINK("http://x")', "+1", "-dere", "@SUM(A1)", "'=quoted", "'plain"]
    entries = [
        {"id": f"e{i}", "term": f"T{i}", "definition": "d", "aliases": [a]}
        for i, a in enumerate(risky)
    ]
    entries.append({"id": "f", "term": "=cmd|' /C calc'!A0", "definition": "-2+3"})
    src = write(tmp_path, glossary(*entries))
    r = term("--glossary", str(src), "export", "--all", "--format", "csv")
    assert r.exit_code == 0
    for row in csv.reader(io.StringIO(r.stdout)):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    table = tmp_path / "t.csv"
    table.write_text(r.stdout, encoding="utf-8")
    out = tmp_path / "back.json"
    assert term("import", str(table), "--out", str(out)).exit_code == 0
    back = {e["id"]: e for e in json.loads(out.read_text())["entries"]}
    for i, alias in enumerate(risky):
        assert back[f"e{i}"]["aliases"] == [alias]
    assert back["f"]["term"] == "=cmd|' /C calc'!A0" and back["f"]["definition"] == "-2+3"


def test_csv_export_and_import_keep_every_entry_field(tmp_path: Path) -> None:
    from termcli import export
    from termcli.glossary import load

    bundled = load()
    entries = list(bundled.entries.values())
    table = tmp_path / "all.csv"
    table.write_text(export.to_csv(entries), encoding="utf-8")
    out = tmp_path / "back.json"
    r = term("import", str(table), "--out", str(out))
    assert r.exit_code == 0, r.stderr
    back = {e.id: e for e in load_file(out).entries}
    for e in entries:
        b = back[e.id]
        for field in (
            "term",
            "definition",
            "summary",
            "aliases",
            "abbreviations",
            "native",
            "literal",
            "origin",
            "examples",
            "sources",
            "keywords",
            "avoid",
            "usage",
            "sense",
            "rating",
            "categories",
            "tags",
        ):
            assert getattr(b, field) == getattr(e, field), (e.id, field)
        assert {(r.id, r.type) for r in b.related} <= {
            *((r.id, r.type) for r in e.related),
            *((o.id, r.type) for o in entries for r in o.related if r.id == e.id),
        }


def test_cp1252_csv_gets_a_hint_and_reads_with_encoding(tmp_path: Path) -> None:
    table = tmp_path / "excel.csv"
    table.write_bytes("term,definition\r\nCafé,A place – with coffee\r\n".encode("cp1252"))
    out = tmp_path / "o.json"
    r = term("import", str(table), "--out", str(out))
    assert r.exit_code == 2 and "--encoding cp1252" in r.stderr
    r = term("import", str(table), "--out", str(out), "--encoding", "cp1252")
    assert r.exit_code == 0
    assert json.loads(out.read_text())["entries"][0]["definition"] == "A place – with coffee"


def test_export_out_name_too_long_is_one_sentence(tmp_path: Path) -> None:
    r = term("export", "ntr", "--out", str(tmp_path / ("x" * 300 + ".md")))
    assert r.exit_code == 2
    assert "over 255 bytes" in r.stderr and "Traceback" not in r.stderr


def test_json_export_escapes_c1_and_bidi(monkeypatch: pytest.MonkeyPatch) -> None:
    from termcli import export
    from termcli.model import Entry, Glossary

    e = Entry(id="x", term="X", definition="a\x9b2J \u202eb \x85c \u2028d")
    text = export.to_json(Glossary("T", {"x": e}, (), (), ()), [e])
    _assert_no_escapes(text)
    assert json.loads(text)["entries"][0]["definition"] == e.definition


def test_markdown_export_drops_bidi_marks() -> None:
    from termcli import export
    from termcli.model import Entry, Glossary

    e = Entry(id="x", term="X\u200e", definition="a\u200fb\u061cc")
    text = export.to_markdown(Glossary("T", {"x": e}, (), (), ()), [e])
    assert not re.search("[\u200e\u200f\u061c]", text)


# ---------------------------------------------------------------- long queries


@pytest.mark.parametrize(
    "argv",
    [["lookup"], ["search"], ["related"], ["faq"], ["note", "add", "{q}", "text"]],
)
def test_a_100kb_query_is_refused_with_a_sentence(argv: list[str]) -> None:
    query = "word " * 20_000
    args = [a.replace("{q}", query) for a in argv]
    if "{q}" not in argv:
        args.append(query)
    r = term(*args)
    assert r.exit_code == 2
    assert "the limit is" in r.stderr


def test_a_long_batch_line_is_refused() -> None:
    r = term("lookup", "--batch", input="ntr\n" + "word " * 20_000 + "\n")
    assert r.exit_code == 2 and "the limit is" in r.stderr


def test_export_messages_never_echo_escapes_from_the_out_path(tmp_path: Path) -> None:
    out = tmp_path / "evil\x1b]52;c;aGk=\x07\u202e.md"
    r = term("export", "ntr", "--out", str(out))
    _assert_no_escapes(r.stdout)
    _assert_no_escapes(r.stderr)


def test_guard_cell_round_trips_every_string() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from termcli.csvcells import FORMULA_START, guard_cell, unguard_cell

    @settings(max_examples=50, deadline=None)
    @given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", " "])))
    def round_trip(cell: str) -> None:
        guarded = guard_cell(cell)
        assert not guarded.startswith(FORMULA_START)
        assert unguard_cell(guarded) == cell

    round_trip()
