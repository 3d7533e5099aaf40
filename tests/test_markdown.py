"""The one Markdown escaper renders back to its own text, whatever the text.

Rendered with markdown-it-py (CommonMark plus GFM tables and strikethrough), an
escaped text yields only paragraphs of plain text and line breaks, and that text is
the input up to the folding :mod:`termcli.markdown` documents: controls dropped, CR
and CRLF as LF, each line stripped (``str.strip``), blank-line runs as one paragraph
break, and for :func:`inline` every run of spaces, tabs and newlines as one space.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from termcli import markdown
from termcli.sanitize import clean, strip_controls

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
PLAIN = {"text": None, "softbreak": "\n", "hardbreak": "\n"}
NASTY = [
    "# h\n===\n---\n- a\n+ b\n* c\n1. d\n2) e\n> q\n```\n~~~\n    code\n\ttab",
    "<img src=x onerror=alert(1)> &amp; &#60; [a](b) ![i](j) <http://x> `c` *e* _e_ ~~s~~",
    "| a | b |\n|---|---|\n| c | d |",
    "trailing \\\nspaces  \nend\\",
    "[x]: /url\n\n[x]",
    "\x1b]52;c;aGk=\x07\u202e\r\nline\rline",
    "1234567890. no list\n\u00a0indented\u2003\n\u2028",
]
# Mostly Markdown's own characters, so the search spends its time where it matters.
TEXT = (
    st.text(st.sampled_from(list("\\`*_[]<>&|~$#-+=.)!:(0123456789 \t\nabc\r\x00\u00a0")))
    | st.text()
)


def paragraphs(rendered: str) -> list[str]:
    """The plain text of each paragraph; fails on any other structure."""
    tokens = MD.parse(rendered)
    out: list[str] = []
    for token in tokens:
        assert token.type.split("_")[0] in {"paragraph", "inline", "bullet", "list"}, token.type
        if token.type == "inline":
            out.append("".join(_plain(child) for child in token.children or ()))
    return out


def _plain(child: Token) -> str:
    assert child.type in PLAIN, child.type
    return child.content if PLAIN[child.type] is None else str(PLAIN[child.type])


def expected_block(text: str) -> list[str]:
    lines = [line.strip() for line in strip_controls(text).split("\n")]
    paras = "\n".join(lines).split("\n\n")
    return [re.sub(r"\n\n+", "\n", p).strip("\n") for p in paras if p.strip("\n")]


@settings(deadline=None)
@given(TEXT)
@example("")
def test_inline_renders_back_to_its_text(text: str) -> None:
    for sample in (text, *NASTY):
        folded = re.sub(r"[ \t\n]+", " ", strip_controls(sample)).strip()
        assert paragraphs(markdown.inline(sample)) == ([folded] if folded else [])


@settings(deadline=None)
@given(TEXT)
def test_block_renders_back_to_its_text(text: str) -> None:
    for sample in (text, *NASTY):
        want = expected_block(sample)
        assert paragraphs(markdown.block(sample)) == want
        assert paragraphs("- " + markdown.block(sample, "  ")) == want


def test_controls_can_be_shown_instead_of_dropped() -> None:
    assert markdown.inline("a\x1bb", controls=clean) == "a\u241bb"
    assert markdown.inline("a\x1bb") == "ab"
    assert markdown.inline("<b>") == "&lt;b&gt;"
    assert markdown.block("1. one\n- two") == "1\\. one\\\n\\- two"
