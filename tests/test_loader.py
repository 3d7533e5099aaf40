"""Bad glossary files and the messages they earn: every problem, with file and JSON path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import term

from termcli import glossary as gl
from termcli.glossary import GlossaryError, load_file, merge

GOOD_ENTRY = {"id": "sla", "term": "SLA", "definition": "A promise. It is measured."}


def doc(*entries: object, **extra: object) -> bytes:
    return json.dumps({"schema_version": 1, "entries": list(entries), **extra}).encode()


CASES = [
    (b"\xff\xfe{}", "$: invalid UTF-8 at byte 0"),
    (b'{"schema_version": 1, "entries": [', "$: malformed JSON at line 1, column 35"),
    (b"[]", "$: expected an object, found a list"),
    (b'{"schema_version": 1, "entries": [], "entries": []}', "duplicate key 'entries'"),
    (doc(GOOD_ENTRY, schema_version=2), "$.schema_version: expected 1, found 2"),
    (json.dumps({"entries": []}).encode(), "$: missing required field 'schema_version'"),
    (doc({**GOOD_ENTRY, "colour": "red"}), "$.entries[0].colour: unknown field 'colour'"),
    (doc({**GOOD_ENTRY, "term": 3}), "$.entries[0].term: expected a string, found a number"),
    (doc({**GOOD_ENTRY, "aliases": "x"}), "$.entries[0].aliases: expected a list of strings"),
    (
        doc({**GOOD_ENTRY, "id": "Not A Slug"}),
        "$.entries[0].id: 'Not A Slug' is not a lowercase slug",
    ),
    (
        doc({**GOOD_ENTRY, "rating": "spicy"}),
        "$.entries[0].rating: 'spicy' is not one of general, mature",
    ),
    (doc({**GOOD_ENTRY, "summary": "x" * 141}), "$.entries[0].summary: is 141 characters"),
    (doc(GOOD_ENTRY, GOOD_ENTRY), "$.entries[1].id: duplicate id 'sla' (first at $.entries[0])"),
    (
        doc({**GOOD_ENTRY, "related": [{"id": "nope", "type": "see-also"}]}),
        "$.entries[0].related[0].id: unknown entry 'nope'",
    ),
    (
        doc({**GOOD_ENTRY, "related": [{"id": "sla", "type": "see-also"}]}),
        "$.entries[0].related[0].id: an entry cannot be related to itself",
    ),
    (
        doc({**GOOD_ENTRY, "related": [{"id": "x", "type": "cousin"}]}),
        "$.entries[0].related[0].type: 'cousin' is not one of broader",
    ),
    (
        doc(
            {**GOOD_ENTRY, "related": [{"id": "slo", "type": "see-also"}]},
            {
                "id": "slo",
                "term": "SLO",
                "definition": "A goal. Internal.",
                "related": [{"id": "sla", "type": "contrast"}],
            },
        ),
        "are already related at $.entries[0].related[0].id",
    ),
    (
        doc(
            GOOD_ENTRY,
            distinctions=[
                {
                    "id": "d",
                    "title": "T",
                    "entries": ["sla", "ghost"],
                    "aspects": [{"name": "n", "values": {"sla": "v"}}],
                }
            ],
        ),
        "$.distinctions[0].entries[1]: unknown entry 'ghost'",
    ),
    (
        doc(GOOD_ENTRY, faq=[{"id": "q", "question": "Q?", "answer": "A.", "entries": ["ghost"]}]),
        "$.faq[0].entries[0]: unknown entry 'ghost'",
    ),
    (
        doc(
            GOOD_ENTRY,
            distinctions=[
                {
                    "id": "d",
                    "title": "T",
                    "entries": ["sla"],
                    "aspects": [{"name": "n", "values": {"zzz": "v"}}],
                }
            ],
        ),
        "$.distinctions[0].aspects[0].values.zzz: 'zzz' is not one of this distinction's entries",
    ),
]


@pytest.mark.parametrize(("content", "message"), CASES)
def test_bad_file_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "team.json"
    path.write_bytes(content)
    with pytest.raises(GlossaryError) as info:
        merge([load_file(path)])
    text = "\n".join(str(p) for p in info.value.problems)
    assert message in text
    assert all(p.source == str(path) for p in info.value.problems)


def test_every_problem_reported_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_bytes(
        doc({"id": "a", "term": 1}, {"id": "B", "term": "b", "definition": "x", "zap": 1})
    )
    with pytest.raises(GlossaryError) as info:
        load_file(path)
    paths = {p.path for p in info.value.problems}
    assert {"$.entries[0].term", "$.entries[0]", "$.entries[1].id", "$.entries[1].zap"} <= paths


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(doc(GOOD_ENTRY))
    monkeypatch.setattr(gl, "MAX_BYTES", 10)
    with pytest.raises(GlossaryError, match="over the 10-byte limit"):
        load_file(path)


@pytest.mark.parametrize(
    ("content", "fragment"), [(CASES[0][0], "invalid UTF-8"), (CASES[1][0], "malformed JSON")]
)
def test_cli_bad_user_glossary_is_exit_2_one_sentence(
    tmp_path: Path, content: bytes, fragment: str
) -> None:
    path = tmp_path / "team.json"
    path.write_bytes(content)
    r = term("--glossary", str(path), "lookup", "ntr")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.startswith(f"term: {path} is not a valid glossary") and fragment in r.stderr
    assert "Traceback" not in r.stderr
    assert term("check", str(path)).exit_code == 2


def test_missing_glossary_file(tmp_path: Path) -> None:
    r = term("--glossary", str(tmp_path / "nope.json"), "ntr")
    assert r.exit_code == 2 and "cannot be read" in r.stderr


def test_user_glossary_layers_over_bundled(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    path.write_bytes(
        doc(
            {
                **GOOD_ENTRY,
                "abbreviations": ["SLA"],
                "related": [{"id": "netorare", "type": "see-also"}],
            },
            {
                "id": "tsundere",
                "term": "Tsundere",
                "definition": "Our house meaning. Short.",
                "aliases": ["spiky sweetheart"],
            },
        )
    )
    r = term("--glossary", str(path), "lookup", "SLA", "--json")
    assert r.exit_code == 0
    import json as _json

    assert _json.loads(r.stdout)["entry"]["id"] == "sla"
    merged = _json.loads(
        term("--glossary", str(path), "lookup", "spiky", "sweetheart", "--json").stdout
    )["entry"]
    assert merged["definition"] == "Our house meaning. Short."
    assert merged["native"]["text"] == "ツンデレ"


@pytest.mark.parametrize(("content", "message"), CASES)
def test_streamed_index_build_reports_the_same(
    tmp_path: Path, content: bytes, message: str
) -> None:
    """A user glossary is validated while it is streamed into its index: same messages."""
    from termcli.index import build, stamp

    path = tmp_path / "team.json"
    path.write_bytes(content)
    with pytest.raises(GlossaryError) as info:
        build(path, tmp_path / "index.sqlite3", stamp(path), set())
    assert message in "\n".join(str(p) for p in info.value.problems)
    assert not (tmp_path / "index.sqlite3").exists()


def test_stream_reads_entries_across_chunk_boundaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from termcli import jsonstream

    monkeypatch.setattr(jsonstream, "CHUNK", 7)
    entries = [
        {
            "id": f"e{i}",
            "term": f"Term é {i} 寝取られ",
            "definition": "x. " * 3,
            "aliases": [str(10**i)],
        }
        for i in range(30)
    ]
    path = tmp_path / "g.json"
    path.write_text(
        json.dumps(
            {"title": "t", "entries": entries, "schema_version": 1}, ensure_ascii=False, indent=1
        ),
        encoding="utf-8",
    )
    seen: list[tuple[int, object]] = []
    top = jsonstream.stream(path, str(path), lambda i, raw, text: seen.append((i, raw)))
    assert [raw for _, raw in seen] == entries and [i for i, _ in seen] == list(range(30))
    assert top == {"title": "t", "entries": [], "schema_version": 1}
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1,\n "entries": [\n  {"id": "a"},\n  {"id": "b",}\n ]}')
    with pytest.raises(GlossaryError, match="line 4, column 14: Expecting property name"):
        jsonstream.stream(bad, str(bad), lambda i, raw, text: None)


def test_layer_by_id_replaces_in_place_and_appends_new() -> None:
    from termcli.model import Faq

    a, b, c = Faq("a", "A?", "1"), Faq("b", "B?", "2"), Faq("c", "C?", "3")
    b2 = Faq("b", "B again?", "4")
    assert gl.layer_by_id([[a, b], [c, b2]]) == (a, b2, c)


def test_a_streamed_build_reports_duplicate_ids_by_position_and_stops_at_the_limit(
    tmp_path: Path,
) -> None:
    """Duplicates are found among the rows written, not in an id map: still each one,
    with the first position, and no more than the usual 500."""
    from termcli.index import build, stamp

    entries = [{"id": f"e{i % 3}", "term": f"T{i}", "definition": "D."} for i in range(1000)]
    path = tmp_path / "dupes.json"
    path.write_text(json.dumps({"schema_version": 1, "entries": entries}), encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        build(path, tmp_path / "index.sqlite3", stamp(path), set())
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == 500
    assert problems[0].endswith("$.entries[3].id: duplicate id 'e0' (first at $.entries[0])")
    assert problems[1].endswith("$.entries[4].id: duplicate id 'e1' (first at $.entries[1])")
