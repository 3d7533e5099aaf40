"""`term gloss` on realistic messages: words, stdin, --file, --json and the mature filter."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import term

MESSAGE = (
    "ok so the LN is way better than the anime, the tsundere childhood friend is peak. "
    "took the subway home and read the scanlation; in August I'll try the AU fic. "
    "彼女はツンデレだよ. no NTR please, vanilla only."
)


def test_gloss_json_entries_and_spans() -> None:
    r = term("gloss", "--json", *MESSAGE.split(" "))
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    ids = [e["id"] for e in data["entries"]]
    assert ids[:3] == ["light-novel", "anime", "tsundere"]
    assert {"osananajimi", "scanlation", "alternate-universe", "netorare", "vanilla"} <= set(ids)
    assert "sub" not in ids  # not inside "subway"
    tsundere = next(e for e in data["entries"] if e["id"] == "tsundere")
    assert tsundere["count"] == 2  # tsundere and ツンデレ
    text = " ".join(MESSAGE.split(" "))
    for span in data["spans"]:
        assert text[span["start"] : span["end"]] == span["text"]
    au = [s for s in data["spans"] if s["id"] == "alternate-universe"]
    assert [s["text"] for s in au] == ["AU"]


def test_gloss_stdin_and_file(tmp_path: Path) -> None:
    r = term("gloss", "-", input="my AI companion forgot again; the context window is tiny\n")
    assert r.exit_code == 0
    assert "AI companion" in r.stdout and "Context window" in r.stdout
    log = tmp_path / "chat.log"
    log.write_text("user: swipe until the yandere stops\n", encoding="utf-8")
    r = term("gloss", "--file", str(log), "--json")
    assert [e["id"] for e in json.loads(r.stdout)["entries"]] == ["swipe", "yandere"]


def test_gloss_hides_mature_and_exits_1_on_nothing() -> None:
    r = term("gloss", "--json", "--hide-mature", "no", "NTR", "please,", "only", "vanilla")
    ids = [e["id"] for e in json.loads(r.stdout)["entries"]]
    assert ids == ["vanilla"]
    assert term("gloss", "the", "weather", "is", "nice").exit_code == 1
    assert term("gloss").exit_code == 2
