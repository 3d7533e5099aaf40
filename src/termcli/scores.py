"""Every score and threshold of the matcher, in one table, with the order they must keep.

All scores are on one 0-100 scale. Ranking (:mod:`termcli.search`) gives each
plausible entry a score by how the query met one of its names; :func:`decide` then
reads the thresholds below to answer found, ambiguous or nothing. The values are
tuned on ``benchmarks/`` against the bundled glossary; change one only with the
matcher evaluation at hand, and keep the invariants at the end true.
"""

from __future__ import annotations

# ---------------------------------------------------------------- decision thresholds
CONFIDENT = 80.0  # at or above, the best match is the answer unless a rival is within MARGIN
LONE = 70.0  # a weaker match still wins when nothing else comes within LONE_MARGIN
LONE_MARGIN = 15.0
CLOSE = 62.0  # below, nothing is found; at or above, a match can be an answer or a candidate
MARGIN = 8.0  # rivals this close to the best make a confident match ambiguous
CANDIDATE_WINDOW = 2 * MARGIN  # an ambiguous answer lists candidates this close to the best
SUGGEST = 45.0  # below, a match is not even offered as "did you mean"
SUGGESTIONS_SHOWN = 5
CANDIDATES_SHOWN = 8

# ------------------------------------------------------------------------ exact names
# By how the query was read: as typed, without its question framing, made singular.
EXACT = {"query": 100.0, "question": 99.0, "plural": 97.0}
LOOSE_PENALTY = 2.0  # met only at the loose key level (romanization, long vowels)
# Taken off every inexact score of a reading derived from the query.
DERIVED_PENALTY = {"query": 0.0, "question": 0.0, "plural": 4.0}

# ----------------------------------------------------- a name inside a longer query
SPAN_BASE = 90.0  # a run of the query's words spells a name exactly ("token limit")
SPAN_KNOWN_WORD = 4.0  # off per other word the glossary uses somewhere (likely context)
SPAN_FOREIGN_WORD = 12.0  # off per other word the glossary never uses
# ... and per such word that is everyday English ("lemon juice", "12 Canon Street"):
# the query is about something else.
SPAN_COMMON_WORD = 30.0

# --------------------------------------------- a name's words in another order
BAG_BASE = 86.0  # every word of a multi-word name, reordered ("triangle love")
BAG_MISSING = 10.0  # off when one word of a name of three or more words is left out

# ---------------------------------------------------- a query inside a longer name
WORD_SCORE = CLOSE + 5.0  # a word of a longer name ("life") is a lead, never an answer
PREFIX_MIN = 4  # characters a query needs before it may stand for a longer name
PREFIX_MIN_COVERAGE = 0.6  # share of the name the query must spell
PREFIX_BASE = 70.0  # plus PREFIX_SPAN times the share covered
PREFIX_SPAN = 30.0

# ------------------------------------------------------------------------------ typos
# Edit similarity (a swap of two letters counts as one edit), capped for short keys:
# they have too little room for a typo to be told from another word.
SHORT_KEY = 3  # keys this long or shorter ...
SHORT_TYPO_CAP = CLOSE + 5.0  # ... score at most this: a candidate, never an answer alone
MEDIUM_KEY = 5  # keys this long or shorter ...
MEDIUM_TYPO_PENALTY = 4.0  # ... lose this much
# The disk index searches buckets of other first letters only when those sharing the
# query's first letter hold nothing this similar.
FIRST_LETTER_ENOUGH = 85.0
# A reading of more words than this is not read as one misspelt name: a longer name
# with one word wrong is still met by the bag stage (all its words but one).
FUZZY_MAX_WORDS = 3

# -------------------------------------------------------------------------------- FAQ
FAQ_ABOUT_BONUS = 25.0  # a question about the entry the query names ranks higher
FAQ_SHOWN = 60.0  # questions scoring below are not offered as answers

# ------------------------------------------------------------- found by meaning
# A lookup that no name answers may answer with the best full-text match when the
# query reads as a description. Coverage is the share of the query's own words the
# entry's names, describe phrases, summary and definition hold; the score is BM25.
# Measured on benchmarks/relevance (describe vs. outside queries): these keep 3 of 112
# outside queries that reach the fallback from an answer while 345 of 390 descriptions
# get the right one.
MEANING_MIN_WORDS = 2  # content words a query needs to read as a description
MEANING_COVERAGE = 0.5  # the best entry holds at least this share of them ...
MEANING_MIN_MATCHED = 3  # ... and at least this many (all, for shorter queries) ...
MEANING_MIN_SCORE = 8.0  # ... with a BM25 score at least this high
MEANING_SHOWN = 4  # the next candidates listed under the answer

# ------------------------------------------------------------------------- invariants
assert SUGGEST < CLOSE < LONE < CONFIDENT <= min(EXACT.values()) - LOOSE_PENALTY
assert WORD_SCORE < LONE, "a word match never outranks a lone confident match"
assert SHORT_TYPO_CAP < LONE, "a typo of a short key is never an answer on its own"
assert CLOSE <= WORD_SCORE, "a word of a longer name is still offered as a candidate"
assert SPAN_BASE - SPAN_FOREIGN_WORD < CONFIDENT, "a name among strange words is not confident"
assert SPAN_BASE - SPAN_COMMON_WORD < CLOSE, "a name beside an everyday word is not found"
assert BAG_BASE < SPAN_BASE, "the words of a name in order beat the same words reordered"
assert BAG_BASE - BAG_MISSING >= LONE, "a name missing one word can still answer alone"
assert PREFIX_BASE + PREFIX_SPAN * PREFIX_MIN_COVERAGE >= CLOSE, "a fair prefix is a candidate"
assert MARGIN < LONE_MARGIN < CANDIDATE_WINDOW + MARGIN
assert max(DERIVED_PENALTY.values()) < CLOSE - SUGGEST
assert 0.0 < MEANING_COVERAGE <= 1.0 and MEANING_MIN_MATCHED >= MEANING_MIN_WORDS >= 2


# The longest query a lookup or search takes, in characters: ranking grows faster
# than linearly with the words of a query, and no name or question is this long.
MAX_QUERY = 300
assert FUZZY_MAX_WORDS >= 3, "a misspelt name of up to three words is still corrected"
