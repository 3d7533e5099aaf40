"""The everyday-English list: words in it are never corrected into glossary terms."""

from __future__ import annotations

from termcli import english


def test_common_words_and_typos() -> None:
    for word in ("yurt", "mole", "deer", "street", "shipping"):
        assert english.is_common(word), word
    for word in ("yandre", "tsundre", "isekia", "", "ツンデレ", "co-op"):
        assert not english.is_common(word), word
    assert not english.is_common("ee")  # no partial line matches
