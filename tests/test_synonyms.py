"""A user glossary's top-level ``synonyms`` extends the search's synonym map."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import term

from termcli import index as idx
from termcli import paths
from termcli.commandline import Options
from termcli.meaning import SYNONYMS
from termcli.normalize import STOPWORDS
from termcli.session import Session

# Two entries alike but for what hangs over the door, and filler so BM25 has a corpus.
ENTRIES: list[dict[str, Any]] = [
    {
        "id": "glowbox",
        "term": "Glowbox",
        "definition": "A paper lantern hung over the door at the summer harvest festival.",
    },
    {
        "id": "bellrope",
        "term": "Bellrope",
        "definition": "A paper pennant hung over the door at the summer harvest festival.",
    },
] + [
    {"id": f"filler-{i}", "term": f"Filler {w}", "definition": f"A {w} kept in the store room."}
    for i, w in enumerate(["kettle", "saddle", "harbor", "pepper", "marble", "cobalt"])
]
DESCRIBED = "zorp hung over the door at the harvest festival"


def write(path: Path, synonyms: object = None, **extra: Any) -> Path:
    doc: dict[str, Any] = {"schema_version": 1, "entries": ENTRIES, **extra}
    if synonyms is not None:
        doc["synonyms"] = synonyms
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def found(*args: str) -> list[str]:
    r = term("--json", *args)
    assert r.exit_code in (0, 1), r.stderr
    return [hit["id"] for hit in json.loads(r.stdout)["results"]]


def test_user_synonyms_make_search_find_the_expansion(tmp_path: Path) -> None:
    plain = write(tmp_path / "plain.json")
    assert "glowbox" not in found("--glossary", str(plain), "search", "zorp")
    g = write(tmp_path / "f.json", {"zorp": ["lantern"]})
    assert found("--glossary", str(g), "search", "zorp") == ["glowbox"]
    shown = term("--glossary", str(g), "search", "zorp")
    assert shown.exit_code == 0 and "lantern" in shown.stdout


def test_a_key_is_folded_as_a_query_is(tmp_path: Path) -> None:
    g = write(tmp_path / "f.json", {"Zorp": ["LANTERN"]})
    assert term("check", str(g)).exit_code == 0
    assert found("--glossary", str(g), "search", "ZORP") == ["glowbox"]


def test_a_described_lookup_ranks_with_user_synonyms(tmp_path: Path) -> None:
    """Both entries hold the same share of the description; only the synonym says the
    zorp is the lantern, so it alone decides between them."""

    def meant(path: Path) -> str:
        r = term("--json", "--glossary", str(path), *DESCRIBED.split())
        data = json.loads(r.stdout)
        assert r.exit_code == 0 and data["status"] == "described", r.stdout
        return str(data["entry"]["id"])

    assert meant(write(tmp_path / "plain.json")) == "bellrope"
    assert meant(write(tmp_path / "f.json", {"zorp": ["lantern"]})) == "glowbox"


def test_session_synonyms_extend_the_bundled_map_in_layer_order(tmp_path: Path) -> None:
    a = write(tmp_path / "a.json", {"gf": ["partner", "girlfriend"], "zorp": ["lantern"]})
    b = write(tmp_path / "b.json", {"zorp": ["lamp", "lantern"]})
    before = dict(SYNONYMS)
    session = Session(Options(glossaries=[str(a), str(b)]))
    merged = session.synonyms
    session.close()
    assert merged["gf"] == ("girlfriend", "partner")
    assert merged["zorp"] == ("lantern", "lamp")
    assert {k: merged[k] for k in SYNONYMS if k != "gf"} == {
        k: v for k, v in SYNONYMS.items() if k != "gf"
    }
    assert before == SYNONYMS  # the bundled map itself is never changed


def test_the_cached_index_serves_synonyms_and_a_changed_file_replaces_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = write(tmp_path / "f.json", {"zorp": ["lantern"]})
    assert found("--glossary", str(g), "search", "zorp") == ["glowbox"]
    index = idx.open_index(g, set)
    assert index._fallback is None and index.synonyms() == {"zorp": ("lantern",)}
    index.close()

    write(g, {"zorp": ["pennant"]})
    st = g.stat()
    os.utime(g, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    assert found("--glossary", str(g), "search", "zorp") == ["bellrope"]

    def no_parse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the JSON was parsed although the index is current")

    monkeypatch.setattr("termcli.jsonstream.stream", no_parse)
    monkeypatch.setattr("termcli.glossary.read_json", no_parse)
    assert found("--glossary", str(g), "search", "zorp") == ["bellrope"]


@pytest.mark.cold_cache
def test_without_a_cache_search_still_uses_user_synonyms(tmp_path: Path) -> None:
    g = write(tmp_path / "f.json", {"zorp": ["lantern"]})
    paths.cache_dir().parent.mkdir(parents=True, exist_ok=True)
    paths.cache_dir().write_text("not a folder")
    r = term("--json", "--glossary", str(g), "search", "zorp")
    assert r.exit_code == 0 and "directly" in r.stderr
    assert [hit["id"] for hit in json.loads(r.stdout)["results"]] == ["glowbox"]


BAD = [
    (["zorp"], "$.synonyms: expected an object"),
    ("zorp", "$.synonyms: expected an object"),
    ({"zorp lamp": ["lantern"]}, "synonyms[\"zorp lamp\"]: the key 'zorp lamp' must be one word"),
    ({"zorp-lamp": ["lantern"]}, "must be one word"),
    ({"zorp": []}, "$.synonyms.zorp: give at least one word or phrase"),
    ({"zorp": "lantern"}, "$.synonyms.zorp: expected a list of words or phrases, found a string"),
    ({"zorp": [3]}, "$.synonyms.zorp[0]: expected a non-empty string, found a number"),
    ({"zorp": [" "]}, "$.synonyms.zorp[0]: expected a non-empty string"),
    ({"zorp": ["lantern", "lantern"]}, "$.synonyms.zorp[1]: 'lantern' is listed twice"),
    ({"zorp": ["--"]}, "$.synonyms.zorp[0]: '--' holds no word a search could use"),
    ({"zorp": ["lan\x1btern"]}, "$.synonyms.zorp[0]: holds the control character U+001B"),
    ({"zorp": ["x" * 51]}, "$.synonyms.zorp[0]: is 51 characters, over the 50 allowed"),
    ({"zorp": [f"w{i}" for i in range(11)]}, "lists 11 expansions, over the 10 allowed"),
    ({"z" * 41: ["lantern"]}, "the key is 41 characters, over the 40 allowed"),
    ({"the": ["lantern"]}, "$.synonyms.the: the key 'the' is a word search skips"),
    ({"q": ["lantern"]}, "$.synonyms.q: the key 'q' is a word search skips"),
    ({"寝取": ["netorare"]}, "is Japanese, Chinese or Korean script"),
    ({"Zorp": ["lamp"], "zorp": ["lantern"]}, "duplicate key 'zorp' once folded (first as 'Zorp')"),
    ({f"k{i:04d}": ["x"] for i in range(5001)}, "$.synonyms: has 5,001 keys, over the 5,000"),
]


@pytest.mark.parametrize(("synonyms", "message"), BAD)
def test_check_reports_bad_synonyms_as_one_problem_as_the_schema_does(
    tmp_path: Path, synonyms: object, message: str
) -> None:
    g = write(tmp_path / "bad.json", synonyms)
    checked = term("--json", "check", str(g))
    assert checked.exit_code == 2
    problems = json.loads(checked.stdout)["problems"]
    said = [f"{p['path']}: {p['message']}" for p in problems]
    assert len(said) == 1 and message in said[0], said
    pytest.importorskip("jsonschema")
    from tests.test_schema import CROSS_RECORD, VALIDATOR

    cross_record = any(word in problems[0]["message"] for word in CROSS_RECORD)
    assert VALIDATOR.is_valid(json.loads(g.read_bytes())) == cross_record


@pytest.mark.parametrize(
    ("synonyms", "message", "args"),
    [
        (["zorp"], "$.synonyms: expected an object mapping each word to its expansions", ["ntr"]),
        ({"zorp lamp": ["lantern"]}, "the key 'zorp lamp' must be one word", ["ntr"]),
        ({"zorp lamp": ["lantern"]}, "the key 'zorp lamp' must be one word", ["search", "zorp"]),
        ({"zorp": []}, "$.synonyms.zorp: give at least one word or phrase", ["ntr"]),
        ({"zorp": [3]}, "$.synonyms.zorp[0]: expected a non-empty string", ["ntr"]),
    ],
)
def test_a_run_with_bad_synonyms_is_one_sentence_and_exit_2(
    tmp_path: Path, synonyms: object, message: str, args: list[str]
) -> None:
    g = write(tmp_path / "bad.json", synonyms)
    r = term("--glossary", str(g), *args)
    assert r.exit_code == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and message in r.stderr, r.stderr
    assert r.stderr.startswith(f"term: {g} is not a valid glossary: ")


def test_good_synonyms_pass_the_schema_and_check(tmp_path: Path) -> None:
    pytest.importorskip("jsonschema")
    from tests.test_schema import VALIDATOR

    synonyms = {"Zorp": ["lantern", "paper lamp"], "ml2": ["male lead"], "café": ["coffee"]}
    g = write(tmp_path / "good.json", synonyms)
    assert VALIDATOR.is_valid(json.loads(g.read_bytes()))
    assert term("check", str(g)).exit_code == 0


def test_the_schema_refuses_exactly_the_stopwords_search_skips() -> None:
    from tests.test_schema import SCHEMA

    names = SCHEMA["$defs"]["synonyms"]["propertyNames"]["allOf"]
    refused = next(part["not"]["enum"] for part in names if "enum" in part.get("not", {}))
    assert sorted(refused) == sorted(STOPWORDS)


def test_the_bundled_glossary_keeps_its_synonyms_in_code() -> None:
    """Session.synonyms reads the bundled map from meaning.py, never the bundled file."""
    bundled = json.loads(paths.bundled_glossary().read_text(encoding="utf-8"))
    assert "synonyms" not in bundled


def test_export_json_keeps_the_user_glossaries_synonyms(tmp_path: Path) -> None:
    """An exported glossary is one a search treats as its source: the file-level map
    goes with it (layered), the bundled map stays in code."""
    first = write(tmp_path / "a.json", {"zorp": ["lantern"]})
    second = tmp_path / "b.json"
    second.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "entries": [{"id": "quux", "term": "Quux", "definition": "A thing."}],
                "synonyms": {"zorp": ["lamp"], "blip": ["pennant"]},
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    r = term("--glossary", str(first), "--glossary", str(second), "export", "--all",
             "--format", "json", "--out", str(out))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["synonyms"] == {"zorp": ["lantern", "lamp"], "blip": ["pennant"]}
    assert term("check", str(out)).exit_code == 0
    assert "bellrope" in found("--glossary", str(out), "search", "blip")


def test_export_json_without_user_synonyms_has_no_map(tmp_path: Path) -> None:
    g = write(tmp_path / "plain.json")
    r = term("--glossary", str(g), "export", "glowbox", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert "synonyms" not in json.loads(r.stdout)
