"""How names are compared: one normal form for labels, synonyms, slugs and what people type.

Case, accents, punctuation, hyphens and spaces, and British/American spelling ("defence",
"defense"; "mentalisation", "mentalization") do not matter. Every lookup of an entity, a type or a
relation compares names in this form, so they all agree.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# British and American spellings (and a few other variants) written one way, applied word by word.
_SPELLING = [
    (re.compile(r"(def|off|lic|pret)ence"), r"\1ense"),
    (re.compile(r"(?<=\w)is(ation|ations|e|ed|es|ing)$"), r"iz\1"),
    (re.compile(r"(?<=\w)ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"(?<=\w{3})our(s|ed|ing|ism|ist|al|ally)?$"), r"or\1"),
    (re.compile(r"fulfil(l?)(ment|s)?$"), r"fulfill\2"),
    (re.compile(r"^paed"), "ped"),
    (re.compile(r"^oed"), "ed"),
    (re.compile(r"judgement"), "judgment"),
    (re.compile(r"(?<=\w)tre$"), "ter"),
]


def normalise(text: str) -> str:
    """The form names are compared in: lower case, no accents or punctuation, one spelling.

    Examples
    --------
    >>> normalise("Defence  Mechanism")
    'defense mechanism'
    >>> normalise("analysed-by") == normalise("Analyzed by")
    True
    >>> normalise("Sándor Ferenczi")
    'sandor ferenczi'
    >>> normalise("Mentalisation") == normalise("mentalization")
    True
    >>> normalise("behaviour") == normalise("behavior")
    True
    """
    folded = text.casefold()
    if not folded.isascii():  # accents: decompose, then drop the combining marks
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(map(_spell, _NOT_WORD.sub(" ", folded).split()))


_NOT_WORD = re.compile(r"[^\w]+|_")
#: Any of the spelling patterns, tried first: most words match none, and are then left alone at once.
_ANY_SPELLING = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _SPELLING))


@lru_cache(maxsize=65536)
def _spell(word: str) -> str:
    if not _ANY_SPELLING.search(word):
        return word
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    return word
