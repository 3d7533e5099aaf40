"""The personal block list: config, $TERMCLI_HIDE, --hide, and term hide / unhide."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.helpers import term


def config(home: Path) -> Path:
    return home / "config" / "config.toml"


def test_hide_and_unhide_keep_other_settings(term_home: Path) -> None:
    path = config(term_home)
    path.parent.mkdir(parents=True)
    path.write_text('# my settings\npager = false\nglossaries = ["team.json"]\n')
    team = {"schema_version": 1, "entries": [{"id": "sla", "term": "SLA", "definition": "A. B."}]}
    (path.parent / "team.json").write_text(json.dumps(team))
    assert term("hide", "ntr", "tag:Gore").exit_code == 0
    saved = tomllib.loads(path.read_text())
    assert saved["hide"] == ["ntr", "tag:gore"]
    assert saved["pager"] is False and saved["glossaries"] == ["team.json"]
    assert "# my settings" in path.read_text()
    assert term("unhide", "ntr").exit_code == 0
    assert tomllib.loads(path.read_text())["hide"] == ["tag:gore"]
    assert term("unhide", "ntr").exit_code == 2  # not on the list: one sentence


def test_hidden_entries_vanish_from_every_command(term_home: Path) -> None:
    term("hide", "yandere", "category:vtuber")
    r = term("lookup", "yandere", "--json")
    assert r.exit_code == 1 and json.loads(r.stdout)["status"] == "hidden"
    assert "hidden by your filters" in term("yandere").stderr
    listed = {e["id"] for e in json.loads(term("list", "--json").stdout)["entries"]}
    assert "yandere" not in listed and "hololive" not in listed and "tsundere" in listed
    found = {
        h["id"] for h in json.loads(term("search", "obsessive love", "--json").stdout)["results"]
    }
    assert "yandere" not in found


def test_env_and_option_hide_for_one_run_only(term_home: Path) -> None:
    assert term("tsundere", env={"TERMCLI_HIDE": "tsundere, tag:none"}).exit_code == 1
    assert term("--hide", "tsundere", "tsundere").exit_code == 1
    assert term("tsundere").exit_code == 0
    assert not config(term_home).exists()


def test_hiding_an_unknown_name_is_refused(term_home: Path) -> None:
    r = term("hide", "kubernetes")
    assert r.exit_code == 2 and "no entry is named 'kubernetes'" in r.stderr
    assert not config(term_home).exists()


def test_usage_labels_filter_and_show() -> None:
    listed = json.loads(term("list", "--label", "offensive", "--json").stdout)["entries"]
    assert "trap" in {e["id"] for e in listed}
    assert term("list", "--label", "nonsense").exit_code == 2
    assert "[offensive]" in term("lookup", "trap", "--plain").stdout
    md = term("export", "trap", "--format", "md").stdout
    assert "**Usage.** *offensive" in md


def test_avoid_is_on_card_export_and_json() -> None:
    assert "If you avoid it" in term("ntr", "--plain").stdout
    assert "**If you avoid it.**" in term("export", "ntr", "--format", "md").stdout
    assert json.loads(term("ntr", "--json").stdout)["entry"]["avoid"]


def test_faq_never_answers_an_unrelated_question_for_a_hidden_one() -> None:
    r = term("--hide-mature", "faq", "what does ntr stand for", "--json")
    data = json.loads(r.stdout)
    assert r.exit_code == 1 and data["question"] is None and data["hidden"] is True


def test_faq_by_meaning() -> None:
    r = term("faq", "my", "bot", "keeps", "forgetting", "what", "happened", "--json")
    assert "companion-memory" in json.loads(r.stdout)["question"]["entries"]
