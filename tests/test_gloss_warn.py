"""gloss --warn and character cards: what a script checks before anyone opens a story."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import term
from tests.test_cardfile import png, text_chunk

STORY = "Sweet romance at first, then the NTR arc starts and there is some guro later."


def test_warn_lists_content_tags_and_exits_0_when_none_blocked() -> None:
    r = term("gloss", "--warn", STORY, "--json")
    assert r.exit_code == 0, r.stderr
    warnings = {w["id"]: w for w in json.loads(r.stdout)["warnings"]}
    assert {"netorare", "guro"} <= set(warnings)
    assert not any(w["blocked"] for w in warnings.values())
    assert warnings["netorare"]["avoid"]


def test_warn_exits_3_when_a_blocked_term_is_present() -> None:
    term("hide", "ntr")
    r = term("gloss", "--warn", STORY)
    assert r.exit_code == 3
    assert "Content warnings" in r.stdout and "[blocked]" in r.stdout
    assert term("gloss", "--warn", "a wholesome slice of life story").exit_code == 0


def test_character_card_png_is_glossed_field_by_field(tmp_path: Path) -> None:
    card = {
        "spec": "chara_card_v2",
        "spec_version": "2.0",
        "data": {
            "name": "Aiko",
            "description": "A tsundere classmate.",
            "personality": "Acts cold, secretly kind.",
            "scenario": "A school festival; warning: NTR route.",
            "first_mes": "Hmph. It's not like I waited for you.",
            "tags": ["romance", "yandere"],
        },
    }
    path = tmp_path / "aiko.png"
    path.write_bytes(png(text_chunk("chara", card)))
    r = term("gloss", "--warn", "--file", str(path), "--json")
    data = json.loads(r.stdout)
    assert data["card"] == {"name": "Aiko", "spec": "v2"}
    ids = {e["id"] for e in data["entries"]}
    assert {"tsundere", "yandere", "netorare"} <= ids
    assert "netorare" in {w["id"] for w in data["warnings"]}


def test_bad_card_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 10)
    r = term("gloss", "--file", str(path))
    assert r.exit_code == 2 and r.stderr.startswith("term: ") and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
