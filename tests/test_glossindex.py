"""Glossing a glossary too large to compile: names looked up word run by word run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import term

from termcli import commands, glossindex
from termcli.commandline import Options
from termcli.glossary import load
from termcli.session import Session


def _spans(session: Session, text: str) -> set[tuple[int, int, str]]:
    return {(s.start, s.end, s.id) for s in commands.gloss(session, text).spans}


def test_lookups_find_what_the_compiled_matcher_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the bundled glossary's own prose, both ways agree on nearly every name; the
    lookups miss only names made of symbols (18+, W++), never add a wrong one."""
    g = load()
    text = "\n".join(" ".join([e.definition, *e.examples]) for e in g.entries.values())
    session = Session(Options())
    compiled = _spans(session, text)
    monkeypatch.setattr(glossindex, "COMPILED_MAX_ENTRIES", -1)
    looked_up = _spans(session, text)
    assert len(compiled & looked_up) / len(compiled) > 0.98, len(compiled - looked_up)
    assert len(looked_up - compiled) / len(compiled) < 0.01, sorted(looked_up - compiled)[:5]


def test_the_rules_hold_when_looking_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(glossindex, "COMPILED_MAX_ENTRIES", 0)
    g = tmp_path / "big.json"
    entries = [
        {"id": "glow-lamp", "term": "Glow lamp", "definition": "A lamp.", "abbreviations": ["GWL"]},
        {"id": "lamp", "term": "Lamp", "definition": "A light."},
        {"id": "ona", "term": "ONA", "definition": "An original net animation."},
    ]
    g.write_text(json.dumps({"schema_version": 1, "entries": entries}), encoding="utf-8")
    text = "Two glow lamps, a GWL's glow, gwl lowercase, a lamp, on a stage, and NTR: 寝取られ好き."
    r = json.loads(term("--glossary", str(g), "gloss", text, "--json").stdout)
    found = [(s["text"], s["id"]) for s in r["spans"]]
    assert ("glow lamps", "glow-lamp") in found  # longest, with its plural
    assert ("GWL's", "glow-lamp") in found and ("gwl", "glow-lamp") not in found  # capitals
    assert ("lamp", "lamp") in found
    assert not any(i == "ona" for _, i in found)  # "on a" is not ONA
    assert ("NTR", "netorare") in found and ("寝取られ", "netorare") in found  # bundled, Japanese
    hidden = json.loads(term("--glossary", str(g), "--hide-mature", "gloss", text, "--json").stdout)
    assert "netorare" not in {s["id"] for s in hidden["spans"]}
