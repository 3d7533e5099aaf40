"""Plain-text formatting of the views: what a pipe, ``--plain`` and ``NO_COLOR`` get.

Pure functions from views to strings, with no terminal library, so the fast path
stays light and golden files pin the exact text. Every data string passes through
:func:`termcli.sanitize.clean` here.
"""

from __future__ import annotations

from collections.abc import Sequence

from termcli.fulltext import TextHit
from termcli.model import Entry, Faq
from termcli.sanitize import clean, clean_line
from termcli.search import Match, Outcome
from termcli.views import CompareView, EntryView, TreeNode

INDENT = "  "


def heading(entry: Entry) -> str:
    parts = [clean_line(entry.term)]
    if entry.abbreviations:
        parts[0] += f" ({', '.join(clean_line(a) for a in entry.abbreviations)})"
    if entry.native is not None:
        native = clean_line(entry.native.text)
        if entry.native.reading:
            native += f" ({clean_line(entry.native.reading)})"
        parts.append(native)
    if entry.mature:
        parts.append("[mature]")
    return " · ".join(parts)


def _block(title: str, body: str) -> list[str]:
    lines = [title]
    lines += [INDENT + line if line else "" for line in clean(body).splitlines()]
    return lines


def card(view: EntryView) -> str:
    e = view.entry
    lines = [heading(e)]
    if e.literal:
        lines.append(f"literally: {clean_line(e.literal)}")
    if e.summary:
        lines.append(clean_line(e.summary))
    lines.append("")
    lines += _block("Definition", e.definition)
    if e.origin:
        lines += ["", *_block("Origin", e.origin)]
    if e.examples:
        lines += ["", "Examples"] + [f"{INDENT}- {clean_line(x)}" for x in e.examples]
    if e.aliases:
        lines += ["", f"Also called: {', '.join(clean_line(a) for a in e.aliases)}"]
    facets = []
    if e.categories:
        facets.append("categories: " + ", ".join(e.categories))
    if e.tags:
        facets.append("tags: " + ", ".join(e.tags))
    if facets:
        lines.append("; ".join(facets).capitalize())
    for d in view.distinctions:
        others = [view.terms.get(i, i) for i in d.entries if i != e.id]
        lines += [
            "",
            f"Distinction: {clean_line(d.title)} (vs {', '.join(clean_line(o) for o in others)})",
        ]
        for aspect in d.aspects:
            value = aspect.values.get(e.id)
            if value:
                lines.append(f"{INDENT}{clean_line(aspect.name)}: {clean_line(value)}")
        if d.takeaway:
            lines.append(f"{INDENT}Takeaway: {clean_line(d.takeaway)}")
        lines.append(f"{INDENT}Compare: term compare {' '.join(d.entries)}")
    if view.faq:
        lines += ["", "Questions"]
        for q in view.faq:
            lines.append(f"{INDENT}Q: {clean_line(q.question)}")
            lines.append(f"{INDENT}A: {clean_line(q.answer)}")
    if view.related:
        lines += ["", "Related"]
        for r in view.related:
            note = f": {clean_line(r.note)}" if r.note else ""
            lines.append(f"{INDENT}{clean_line(r.term)} [{r.id}] ({r.type}{note})")
    if view.notes:
        lines += ["", "Your notes"]
        for n in view.notes:
            lines.append(f"{INDENT}#{n.id} {n.created[:10]}  {clean_line(n.text)}")
    return "\n".join(lines) + "\n"


def candidates(outcome: Outcome) -> str:
    lines = [f"Several entries could match {clean_line(outcome.query)!r}:"]
    lines += [f"{INDENT}{_match(m)}" for m in outcome.matches]
    lines.append("Run `term lookup` with one of these names to see it.")
    return "\n".join(lines) + "\n"


def _match(m: Match) -> str:
    shown = clean_line(m.term)
    via = "" if m.matched == m.term else f" (via {clean_line(m.matched)!r})"
    return f"{shown} [{m.id}]{via}"


def no_entry(outcome: Outcome) -> str:
    lines = [f"no entry for {clean_line(outcome.query)!r}"]
    if outcome.matches:
        lines.append(
            "Did you mean: " + ", ".join(clean_line(m.term) for m in outcome.matches) + "?"
        )
    if outcome.hidden:
        lines.append(_hidden_sentence(outcome.hidden))
    return "\n".join(lines) + "\n"


def hidden(outcome: Outcome) -> str:
    return _hidden_sentence(max(outcome.hidden, 1)) + "\n"


def _hidden_sentence(count: int) -> str:
    if count == 1:
        return "One result was hidden by the mature filter (use --show-mature to see it)."
    return f"{count} results were hidden by the mature filter (use --show-mature to see them)."


def tree(node: TreeNode) -> str:
    lines = [f"{clean_line(node.term)} [{node.id}]"]

    def walk(n: TreeNode, prefix: str) -> None:
        for i, child in enumerate(n.children):
            last = i == len(n.children) - 1
            note = f": {clean_line(child.note)}" if child.note else ""
            branch = "`-- " if last else "|-- "
            lines.append(
                f"{prefix}{branch}{clean_line(child.term)} [{child.id}] ({child.type}{note})"
            )
            walk(child, prefix + ("    " if last else "|   "))

    walk(node, "")
    return "\n".join(lines) + "\n"


def compare(view: CompareView) -> str:
    lines: list[str] = []
    d = view.distinction
    if d is not None:
        lines.append(clean_line(d.title))
        for aspect in d.aspects:
            lines += ["", clean_line(aspect.name)]
            for e in view.entries:
                lines.append(
                    f"{INDENT}{clean_line(e.term)}: {clean_line(aspect.values.get(e.id, '-'))}"
                )
        if d.takeaway:
            lines += ["", f"Takeaway: {clean_line(d.takeaway)}"]
    else:
        lines.append("No curated distinction covers these terms; their summaries:")
        for e in view.entries:
            lines += ["", heading(e), INDENT + clean_line(e.short)]
    return "\n".join(lines) + "\n"


def faq_answer(q: Faq, terms: Sequence[str]) -> str:
    lines = [f"Q: {clean_line(q.question)}", "", *clean(q.answer).splitlines()]
    if terms:
        lines += ["", "About: " + ", ".join(clean_line(t) for t in terms)]
    return "\n".join(lines) + "\n"


def faq_list(questions: Sequence[Faq]) -> str:
    return "".join(f"- {clean_line(q.question)} [{q.id}]\n" for q in questions)


def search_hits(hits: Sequence[TextHit]) -> str:
    lines = []
    for h in hits:
        lines.append(f"{clean_line(h.entry.term)} [{h.entry.id}] - {clean_line(h.entry.short)}")
        if h.snippet:
            lines.append(f"{INDENT}{h.where}: {clean_line(h.snippet)}")
    return "\n".join(lines) + "\n"


def entry_lines(entries: Sequence[Entry]) -> str:
    width = max((len(e.id) for e in entries), default=0)
    out = []
    for e in entries:
        badge = " [mature]" if e.mature else ""
        out.append(f"{e.id:<{width}}  {clean_line(e.term)}{badge} - {clean_line(e.short)}")
    return "\n".join(out) + "\n"
