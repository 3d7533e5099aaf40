"""FAQ ranking: which questions of a glossary's FAQ are most like a query."""

from __future__ import annotations

from collections.abc import Sequence

from termcli.model import Faq
from termcli.normalize import query_text
from termcli.scores import FAQ_ABOUT_BONUS


def rank_questions(
    questions: Sequence[Faq], query: str, about: set[str]
) -> list[tuple[float, Faq]]:
    """FAQ questions by likeness to ``query``; questions about ``about`` entries rank higher."""
    from rapidfuzz import fuzz

    q = query_text(query)
    scored = []
    for item in questions:
        text = query_text(item.question)
        score = max(fuzz.token_set_ratio(q, text), fuzz.ratio(q, text))
        if about & set(item.entries):
            score = min(100.0, score + FAQ_ABOUT_BONUS)
        scored.append((float(score), item))
    scored.sort(key=lambda s: -s[0])
    return scored
