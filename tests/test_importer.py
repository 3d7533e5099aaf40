from __future__ import annotations

import json
from typing import Any

import pytest

from termcli import export
from termcli.glossary import merge, parse
from termcli.importer import TableImportError, import_table, shorten
from termcli.model import SUMMARY_MAX, Entry, Glossary, Relation
from termcli.slug import slugify

TEAM_CSV = "".join(
    [
        "Term,Definition,Abbreviations,Aliases,Summary,Tags,Categories,Related\n",
        'Service level agreement,"A contract that promises a level of service, such as 99.9%'
        ' uptime, and says what happens when it is missed.",SLA,service-level agreement,'
        "A promise of service quality.,Contracts; Ops,operations,SLO|error budget\n",
        "Service level objective,The internal target a team sets to keep an SLA.,SLO,,"
        "Internal reliability target.,ops,operations,\n",
        'On-call,"The rotation of engineers who answer pages outside office hours.\n',
        "\n",
        'Handovers happen on Mondays.",,on call | pager duty,,"ops;people",operations,'
        "contrast:Service level agreement; runbook; Nonexistent thing\n",
        'Runbook,"Step-by-step instructions for a known incident, e.g. ""disk full"".",RB,,,'
        "ops,documentation,see-also:on-call\n",
        ",A definition with no term.,,,,,,\n",
        "Error budget,,,,,,,\n",
        "on-call,A second row with the same term.,,,,,,\n",
        "Error budget,The amount of unreliability an SLO allows before work stops.,,,"
        f'"{"word " * 40}",ops,operations,broader:service-level-objective\n',
    ]
)

TEAM_TSV = (
    "term\tdefinition\tabbreviations\ttags\trelated\trating\n"
    "Postmortem\tA blameless write-up after an incident.\tPM|RCA\tprocess\tincident\tgeneral\n"
    "Incident\tAn unplanned interruption of a service.\tINC\tprocess;ops\t\t\n"
    "Bus factor\tHow many people can leave before a project stalls.\t\t\tpostmortem\tnsfw\n"
    "\t\t\t\t\t\n"
    "Blast radius\tHow much breaks when one thing fails.\t\t\tBus factor\tgeneral\n"
)


def loads(raw: dict[str, Any]) -> Glossary:
    return merge([parse(json.loads(json.dumps(raw)), "imported")])


def test_team_csv() -> None:
    report = import_table(TEAM_CSV.encode(), "team.csv", title="Team jargon")
    g = loads(report.glossary)
    assert g.title == "Team jargon"
    assert list(g.entries) == [
        "service-level-agreement",
        "service-level-objective",
        "on-call",
        "runbook",
        "error-budget",
    ]
    assert report.used == 5
    sla = g.entries["service-level-agreement"]
    assert sla.abbreviations == ("SLA",)
    assert sla.tags == ("contracts", "ops")
    assert [(r.id, r.type) for r in sla.related] == [
        ("service-level-objective", "see-also"),
        ("error-budget", "see-also"),
    ]
    on_call = g.entries["on-call"]
    assert on_call.aliases == ("on call", "pager duty")
    assert on_call.tags == ("ops", "people")
    assert "\n\nHandovers" in on_call.definition
    assert [(r.id, r.type) for r in on_call.related] == [
        ("service-level-agreement", "contrast"),
        ("runbook", "see-also"),
    ]
    assert g.entries["runbook"].related == (), "the inverse of on-call -> runbook is implied"
    assert '"disk full"' in g.entries["runbook"].definition
    budget = g.entries["error-budget"]
    assert budget.related[0].type == "broader"
    assert len(budget.summary) <= SUMMARY_MAX and budget.summary.endswith("word…")
    assert report.skipped == [
        (4, "related 'Nonexistent thing' names no row; reference dropped"),
        (8, "has no term"),
        (9, "'Error budget' has no definition"),
        (10, "'on-call' repeats the term of line 4"),
    ]
    assert any(line == 11 and "shortened" in why for line, why in report.notices)


def test_team_tsv_sniffed_and_explicit() -> None:
    for delimiter in (None, "\t"):
        report = import_table(TEAM_TSV.encode(), "team.tsv", delimiter=delimiter)
        g = loads(report.glossary)
        assert list(g.entries) == ["postmortem", "incident", "blast-radius"]
        assert g.entries["postmortem"].abbreviations == ("PM", "RCA")
        assert g.entries["incident"].tags == ("process", "ops")
        assert g.entries["postmortem"].related[0].id == "incident"
        assert report.skipped == [
            (4, "rating 'nsfw' is not one of general, mature"),
            (6, "related 'Bus factor' names no row; reference dropped"),
        ]
        assert g.title == "Imported from team.tsv"


def test_semicolon_delimited_file_is_sniffed() -> None:
    data = 'term;definition;aliases\nSLA;"A promise; with a semicolon.";"a|b"\n'
    g = loads(import_table(data.encode(), "eu.csv").glossary)
    assert g.entries["sla"].definition == "A promise; with a semicolon."
    assert g.entries["sla"].aliases == ("a", "b")


def test_header_names_are_case_and_space_insensitive_and_unknown_columns_noticed() -> None:
    data = "\ufeff  TERM , Definition ,Owner,,\nSLA,A promise.,ops team,,\n"
    report = import_table(data.encode(), "x.csv")
    assert loads(report.glossary).entries["sla"].term == "SLA"
    assert report.notices == [(1, "column 3 ('owner') is not a known column; ignored")]


def test_ids_are_unique_slugs_and_explicit_ids_win() -> None:
    data = (
        "id,term,definition\n"
        ",C++,A language.\n"
        ",C,Another language.\n"
        "c,C#,Explicit id c.\n"
        ",ねとられ,Kana romanized.\n"
        ",寝取られ,Kanji has no faithful slug.\n"
        ",Привет,Neither has Cyrillic.\n"
        "Bad Id!,Bad,An id that needs slugifying.\n"
    )
    report = import_table(data.encode(), "ids.csv")
    g = loads(report.glossary)
    assert {e.term: e.id for e in g.entries.values()} == {
        "C++": "c-2",
        "C": "c-3",
        "C#": "c",
        "ねとられ": "netorare",
        "寝取られ": "entry",
        "Привет": "entry-2",
        "Bad": "bad-id",
    }


def test_rows_with_extra_cells_and_self_references() -> None:
    data = "term,definition,related\nA,First.,A\nB,Second.,a,surplus\n"
    report = import_table(data.encode(), "x.csv")
    assert report.skipped == [
        (2, "'A' cannot be related to itself; reference dropped"),
        (3, "has 4 cells but the header names 3"),
    ]
    assert report.used == 1


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"term,definition\nbad \xff byte,x\n", "not valid UTF-8"),
        (b"term,summary\nx,y\n", "no 'definition' column"),
        (b"definition\nx\n", "no 'term' column"),
        (b"", "empty"),
        (b"term,definition,term\nx,y,z\n", "twice"),
    ],
)
def test_unreadable_tables(data: bytes, match: str) -> None:
    with pytest.raises(TableImportError, match=match) as info:
        import_table(data, "bad.csv")
    assert str(info.value).startswith("bad.csv ") and str(info.value).endswith(".")


def test_export_csv_imports_back() -> None:
    nasty = ["semi;colon", "pipe|bar", "back\\slash", 'quote "q"', "comma, here"]
    entries = [
        Entry(
            id=f"e{i}",
            term=f"Term {i} {v}",
            definition=f"Definition {v}\nsecond line",
            summary=v,
            abbreviations=(v, f"X{i}"),
            aliases=(f"{v} alias",),
            tags=("ops",),
            rating="mature" if i % 2 else "general",
        )
        for i, v in enumerate(nasty)
    ]
    entries[0] = entries[0].replace(related=(Relation("e1", "contrast"),))
    report = import_table(export.to_csv(entries).encode(), "export.csv", delimiter=",")
    assert report.skipped == []
    back = loads(report.glossary)
    for e in entries:
        b = back.entries[e.id]
        assert (b.term, b.definition, b.summary, b.abbreviations, b.aliases, b.rating) == (
            e.term,
            e.definition,
            e.summary,
            e.abbreviations,
            e.aliases,
            e.rating,
        )
    assert back.entries["e0"].related == (Relation("e1", "contrast"),)


def test_slugify_and_shorten() -> None:
    assert slugify("Service Level Agreement") == "service-level-agreement"
    assert slugify("Smørrebrød") == "smorrebrod"
    assert slugify("寝取られ") == ""
    text = "alpha " * 30
    cut = shorten(text.strip())
    assert len(cut) <= SUMMARY_MAX and cut.endswith("alpha…")
    assert shorten("x" * 200) == "x" * (SUMMARY_MAX - 1) + "…"
