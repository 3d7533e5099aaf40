"""Every command through Typer's CliRunner: output, --json and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import term

from termcli.cli import app
from termcli.commandline import COMMANDS

ROOT = Path(__file__).resolve().parents[1]


def test_lookup_finds_entry_and_prints_card() -> None:
    r = term("lookup", "ntr")
    assert r.exit_code == 0
    assert r.stdout.startswith("Netorare (NTR) · 寝取られ (ねとられ) · [mature]")
    assert "Definition" in r.stdout and "Related" in r.stdout


def test_shorthand_and_multiword_queries_need_no_quotes() -> None:
    assert term("what", "does", "ntr", "mean").stdout.startswith("Netorare")
    assert term("vampire", "gf").stdout.startswith("Vampire girlfriend")


def test_lookup_json_contract() -> None:
    r = term("lookup", "yandre", "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert set(data) >= {"query", "entry", "matches"}
    assert data["query"] == "yandre"
    assert data["entry"]["id"] == "yandere"
    assert data["entry"]["notes"] == []
    best = data["matches"][0]
    assert best["id"] == "yandere" and set(best) >= {"id", "term", "score", "matched"}


def test_global_json_option_before_the_command() -> None:
    data = json.loads(term("--json", "lookup", "ntr").stdout)
    assert data["entry"]["id"] == "netorare"


def test_nothing_found_exits_1_with_suggestions_on_stderr() -> None:
    r = term("lookup", "kubernetes")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "no entry for 'kubernetes'" in r.stderr


def test_nothing_found_json_has_null_entry() -> None:
    r = term("lookup", "photosynthesis", "--json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert data["entry"] is None and data["status"] == "none"


def test_close_call_shows_candidates() -> None:
    r = term("lookup", "love")
    assert r.exit_code == 0
    assert "Several entries could match" in r.stdout
    assert "Boys' Love" in r.stdout or "boys-love" in r.stdout


def test_hide_mature_flag_env_and_config(term_home: Path) -> None:
    for args, env in (
        (("--hide-mature", "ntr"), None),
        (("ntr",), {"TERMCLI_HIDE_MATURE": "1"}),
    ):
        r = term(*args, env=env)
        assert r.exit_code == 1
        assert "One result was hidden by the mature filter" in r.stderr
        assert r.stdout == ""
    config = term_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("hide_mature = true\n")
    r = term("lookup", "ntr", "--json")
    assert json.loads(r.stdout)["entry"] is None
    assert term("lookup", "ntr", "--show-mature").exit_code == 0


def test_hide_mature_applies_to_list_search_random_and_related() -> None:
    listed = json.loads(term("list", "--json", "--hide-mature").stdout)["entries"]
    assert listed and all(e["rating"] == "general" for e in listed)
    found = json.loads(term("search", "betrayal", "--json", "--hide-mature").stdout)["results"]
    assert "netorare" not in {h["id"] for h in found}
    tree = json.loads(term("related", "vanilla", "--json", "--hide-mature").stdout)
    assert "netorare" not in json.dumps(tree)
    for _ in range(20):
        entry = json.loads(term("random", "--json", "--hide-mature").stdout)["entry"]
        assert entry["rating"] == "general"


def test_bad_env_value_is_one_sentence() -> None:
    r = term("ntr", env={"TERMCLI_HIDE_MATURE": "maybe"})
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "TERMCLI_HIDE_MATURE" in r.stderr


def test_related_tree_with_depth() -> None:
    one = term("related", "ntr", "--plain")
    assert one.exit_code == 0
    assert one.stdout.startswith("Netorare [netorare] [mature]\n")
    assert "Netori [netori] [mature] (contrast" in one.stdout
    two = term("related", "ntr", "--depth", "2")
    assert len(two.stdout.splitlines()) > len(one.stdout.splitlines())
    assert term("related", "kubernetes").exit_code == 1


def test_compare_uses_the_curated_table() -> None:
    r = term("compare", "ntr", "netori", "--json")
    data = json.loads(r.stdout)
    assert data["distinction"]["id"] == "infidelity-family"
    names = [a["name"] for a in data["distinction"]["aspects"]]
    assert any("consent" in n.casefold() for n in names), names
    assert set(data["distinction"]["aspects"][0]["values"]) == {"netorare", "netori"}


def test_compare_without_table_shows_summaries() -> None:
    r = term("compare", "isekai", "lorebook")
    assert r.exit_code == 0
    assert "No curated distinction" in r.stdout
    assert json.loads(term("compare", "isekai", "lorebook", "--json").stdout)["distinction"] is None


def test_compare_needs_two_terms() -> None:
    r = term("compare", "ntr")
    assert r.exit_code == 2


def test_faq_answers_and_lists() -> None:
    r = term("faq", "is", "ntr", "the", "same", "as", "cuckolding")
    assert r.exit_code == 0
    assert r.stdout.startswith("Q: Is NTR the same as cuckolding?")
    listing = term("faq")
    assert listing.exit_code == 0 and len(listing.stdout.splitlines()) >= 40
    assert term("faq", "zzzz qqqq xxxx").exit_code == 1


def test_search_ranks_full_text() -> None:
    data = json.loads(term("search", "betrayal", "--json").stdout)
    top = [r["id"] for r in data["results"][:3]]
    assert "cheating" in top and {"netorare", "cuckold"} & set(top), top
    assert term("search", "qwertyuiop").exit_code == 1


def test_list_filters() -> None:
    data = json.loads(term("list", "--category", "archetype", "--json").stdout)
    ids = {e["id"] for e in data["entries"]}
    assert {"tsundere", "yandere"} <= ids and "netorare" not in ids
    mature = json.loads(term("list", "--rating", "mature", "--json").stdout)["entries"]
    assert {"netorare", "hentai"} <= {e["id"] for e in mature}
    assert term("list", "--rating", "spicy").exit_code == 2
    assert term("list", "--tag", "no-such-tag").exit_code == 1


def test_random_prints_an_entry() -> None:
    r = term("random", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["entry"]["id"]


def test_check_passes_bundled_and_reports_bad_files(tmp_path: Path) -> None:
    ok = term("check", str(ROOT / "data" / "glossary.json"))
    assert ok.exit_code == 0 and "OK" in ok.stdout
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "entries": [{"id": "x", "term": 3}]}')
    r = term("check", str(bad))
    assert r.exit_code == 2
    assert "$.entries[0].term: expected a string" in r.stdout
    assert "$.entries[0]: missing required field 'definition'" in r.stdout


def test_paths_shows_locations(term_home: Path) -> None:
    r = term("paths")
    assert r.exit_code == 0
    assert str(term_home) in r.stdout and "notes.sqlite3" in r.stdout
    data = json.loads(term("paths", "--json").stdout)
    assert {p["name"] for p in data["places"]} >= {"notes", "config", "cache", "glossaries"}


def test_version() -> None:
    r = term("--version")
    assert r.exit_code == 0 and r.stdout.startswith("term ")


def test_unknown_option_is_usage_error() -> None:
    assert term("lookup", "ntr", "--frobnicate").exit_code == 2


def test_every_command_has_help_from_its_docstring() -> None:
    import typer.main

    group = typer.main.get_command(app)
    names = set(group.commands)  # type: ignore[attr-defined]
    assert names == set(COMMANDS)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help and len(command.help.strip()) > 20, name
        r = term(name, "--help")
        assert r.exit_code == 0 and "Usage" in r.stdout


@pytest.mark.parametrize("query", ["ntr", "yandre", "kubernetes", "love", "what does ntr mean"])
def test_fast_path_matches_typer(query: str, capsys: pytest.CaptureFixture[str]) -> None:
    from termcli.entry import main

    for extra in ([], ["--json"]):
        code = main([*query.split(), *extra])
        fast = capsys.readouterr()
        slow = term("lookup", *query.split(), *extra)
        assert (code, fast.out, fast.err) == (slow.exit_code, slow.stdout, slow.stderr)
