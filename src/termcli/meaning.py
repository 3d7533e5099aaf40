"""Finding an entry by what it means: the lookup fallback for described ideas.

When no name answers a query such as "girl who is mean but secretly likes him", the
full-text index (:mod:`termcli.textindex`) is asked instead, and its best entry is
the answer only when it clearly stands out (thresholds in :mod:`termcli.scores`).
The synonym map widens a query with the domain's shorthand; it is tuned to the
bundled glossary's subjects, and a user glossary's top-level ``synonyms`` extends it,
layer by layer (:attr:`termcli.session.Session.synonyms`), for search and this fallback.
"""

from __future__ import annotations

from collections.abc import Sequence

from termcli import scores

TYPE_CHECKING = False
if TYPE_CHECKING:
    from termcli.textindex import TextHit

# Shorthand people type -> the words a glossary writes. Each key is one folded word.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "gf": ("girlfriend",),
    "bf": ("boyfriend",),
    "waifu": ("wife",),
    "mc": ("main character", "protagonist"),
    "protag": ("protagonist",),
    "ml": ("male lead",),
    "fl": ("female lead",),
    "oc": ("original character",),
    "pov": ("viewpoint", "point of view"),
    "bot": ("character", "chatbot"),
    "bots": ("character", "chatbot"),
    "chatbot": ("bot", "ai"),
    "ai": ("bot",),
    "llm": ("model", "language"),
    "rp": ("roleplay",),
    "fic": ("fanfiction", "story"),
    "fanfic": ("fanfiction", "story"),
    "ship": ("pairing", "couple"),
    "tl": ("translation", "translator"),
    "mtl": ("machine", "translation"),
    "vn": ("visual", "novel"),
    "ln": ("light", "novel"),
    "stolen": ("taken", "steal"),
    "steals": ("takes", "steal"),
    "cheats": ("unfaithful", "cheating"),
    "cheated": ("unfaithful", "cheating"),
    "mean": ("cold", "hostile"),
    "rude": ("cold", "hostile"),
    "crazy": ("obsessive", "unstable"),
    "obsessed": ("obsessive",),
    "cute": ("kawaii", "adorable"),
    "shy": ("quiet", "timid"),
    "rich": ("wealthy", "noble"),
    "rewind": ("regression", "back"),
    "reborn": ("reincarnated", "reincarnation"),
    "random": ("randomness", "temperature"),
    "repeats": ("repetition", "repeating"),
    "repeating": ("repetition",),
    "remember": ("memory",),
    "forgets": ("memory", "forget"),
    "gpu": ("vram", "graphics"),
    "clip": ("clips", "highlight"),
    "streamer": ("vtuber", "stream"),
    "illustrator": ("artist",),
    "drawn": ("drawing", "art"),
}


def reads_as_description(content_words: Sequence[str]) -> bool:
    return len(content_words) >= scores.MEANING_MIN_WORDS


def best_by_meaning(hits: Sequence[TextHit], content_words: int) -> TextHit | None:
    """The hit that answers a described query, or None when none clearly stands out."""
    if not hits:
        return None
    top = hits[0]
    matched = round(top.coverage * content_words)
    if (
        top.coverage < scores.MEANING_COVERAGE
        or matched < min(scores.MEANING_MIN_MATCHED, content_words)
        or top.score < scores.MEANING_MIN_SCORE
    ):
        return None
    return top
