"""The published JSON Schema (schema/glossary.schema.json) agrees with `term check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import term
from tests.test_loader import CASES, GOOD_ENTRY, doc

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schema" / "glossary.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# What a schema cannot say: it sees one value at a time, not the file as a whole.
CROSS_RECORD = (
    "unknown entry",
    "duplicate id",
    "already related",
    "related to itself",
    "duplicate key",
    "is not one of this distinction's entries",
)

EXTRA = [
    (doc({**GOOD_ENTRY, "term": "a\x1b[2Jb"}), "control character"),
    (doc({**GOOD_ENTRY, "aliases": ["\u202eevil"]}), "control character"),
    (doc({**GOOD_ENTRY, "summary": "two\nlines"}), "control character"),
    (doc({**GOOD_ENTRY, "definiton": "typo"}), "did you mean 'definition'"),
    (doc({**GOOD_ENTRY, "usage": {"labels": []}}), "give at least one label"),
]


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_bundled_glossary_matches_the_schema() -> None:
    data = json.loads((ROOT / "data" / "glossary.json").read_text(encoding="utf-8"))
    errors = [f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(data)]
    assert errors == []


def test_a_good_file_passes_both(tmp_path: Path) -> None:
    path = tmp_path / "good.json"
    path.write_bytes(doc(GOOD_ENTRY))
    assert VALIDATOR.is_valid(json.loads(path.read_bytes()))
    assert term("check", str(path)).exit_code == 0


@pytest.mark.parametrize(("content", "message"), CASES + EXTRA)
def test_schema_and_check_agree_on_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    r = term("--json", "check", str(path))
    assert r.exit_code == 2
    problems = json.loads(r.stdout)["problems"]
    assert any(message in f"{p['path']}: {p['message']}" for p in problems)
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return  # not JSON: no schema applies
    if all(any(word in p["message"] for word in CROSS_RECORD) for p in problems):
        assert VALIDATOR.is_valid(data), "the schema says more than it can know"
    else:
        assert not VALIDATOR.is_valid(data), message
