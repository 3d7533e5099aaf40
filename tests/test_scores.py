"""The matcher's score table keeps its order (also checked when scores.py is imported)."""

from __future__ import annotations

from termcli import scores as s


def test_thresholds_are_ordered() -> None:
    assert s.SUGGEST < s.CLOSE < s.LONE < s.CONFIDENT
    assert min(s.EXACT.values()) - s.LOOSE_PENALTY >= s.CONFIDENT
    assert s.MARGIN < s.LONE_MARGIN


def test_leads_never_outrank_answers() -> None:
    assert s.WORD_SCORE < s.LONE, "a word match never outranks a lone confident match"
    assert s.SHORT_TYPO_CAP < s.LONE, "a typo of a short key is never an answer on its own"
    assert s.CLOSE <= s.WORD_SCORE, "a word of a longer name is still a candidate"
    assert s.SPAN_BASE - s.SPAN_FOREIGN_WORD < s.CONFIDENT


def test_exact_readings_rank_literal_first() -> None:
    assert s.EXACT["query"] > s.EXACT["question"] > s.EXACT["plural"]
