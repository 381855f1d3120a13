"""Name keys: the same place written five ways becomes one key.

Three keys per name, each coarser than the last:

``norm``
    case, diacritics, ʿayn/hamza marks, apostrophes and hyphens removed: ``"deir ez zor"``.
``fold``
    Arabic articles stripped, transliteration variants folded, spaces dropped: ``"dairzur"`` for
    Deir ez-Zor, Deir Ezzor, Deir al-Zour and Dayr az-Zawr alike.
``skeleton``
    the consonants of ``fold``: ``"drzr"``; a blocking key for fuzzy matching only.

Arabic-script names keep their script: letters are unified (alef forms, ta marbuta, alef maqsura,
Persian yeh/kaf) and diacritics dropped, so ``دير الزور`` matches GeoNames' Arabic names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from gazetteer.patterns import ARABIC_ARTICLES, FOLDS, SUN_LETTERS, VOWELS

__all__ = ["fold", "is_arabic", "keys", "norm", "skeleton"]

_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u0640\u06D6-\u06ED]")
_ARABIC_UNIFY = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",
        "ک": "ك",
        "ۀ": "ه",
        "ـ": "",
    }
)
# Marks that stand for ʿayn or hamza in romanised names, and quotes of every kind.
_MARKS = re.compile(r"[`'\u2018\u2019\u02bb\u02bc\u02bf\u02be\u02c8\u00b4\u0060\u201b\u2032]")
_NON_WORD = re.compile(r"[^0-9a-z\u0600-\u06ff]+")
_REPEAT = re.compile(r"(.)\1+")
_ASCII_MARKS = "'`"


def is_arabic(text: str) -> bool:
    """Whether ``text`` contains Arabic-script letters."""
    return bool(_ARABIC_LETTER.search(text))


# Text repeats the same words endlessly, and a key costs a Unicode normalisation, a
# transliteration and regular-expression passes.
@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Lower-case, unaccented, punctuation-free form of a name, words separated by one space.

    Examples
    --------
    >>> norm("Dayr az-Zawr")
    'dayr az zawr'
    >>> norm("Şanlıurfa")
    'sanliurfa'
    """
    if text.isascii():  # most names: NFKC, transliteration and case folding are plain here
        for mark in _ASCII_MARKS:
            if mark in text:
                text = text.replace(mark, "")
        return _NON_WORD.sub(" ", text.lower()).strip()
    text = unicodedata.normalize("NFKC", text)
    if is_arabic(text):
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_UNIFY)
    else:
        text = anyascii(_MARKS.sub("", text))
    return _NON_WORD.sub(" ", _MARKS.sub("", text.casefold())).strip()


def _strip_glued_article(word: str) -> str:
    # "ezzor" -> "zor", "arraqqa" -> "raqqa": a vowel, then a doubled sun letter.
    if len(word) > 4 and word[0] in "ae" and word[1] == word[2] and word[1] in SUN_LETTERS:
        return word[2:]
    return word


# Cached for the same reason as norm(): recognition and lookup fold the same names over again.
@lru_cache(maxsize=1 << 16)
def fold(normed: str) -> str:
    """Transliteration-folded key of a :func:`norm` form.

    Examples
    --------
    >>> fold(norm("Deir ez-Zor")) == fold(norm("Deir al-Zour")) == fold(norm("Dayr az-Zawr"))
    True
    >>> fold(norm("Albukamal")) == fold(norm("al-Bokamal"))
    True
    """
    words = normed.split()
    if not words:
        return ""
    if is_arabic(normed):
        return "".join(words).replace("ال", "")
    kept = [w for w in words if w not in ARABIC_ARTICLES]
    if sum(map(len, kept)) < 4:  # "An Man" is not "Man": keep articles when little is left
        kept = words
    key = "".join(_strip_glued_article(w) for w in kept)
    if key[:2] in ("al", "el") and len(key) > 6:
        key = key[2:]
    for old, new in FOLDS:
        key = key.replace(old, new)
    key = _single_letters(key)
    # A final "h" after a vowel: ta marbuta written out ("Raqqah").
    return key[:-1] if len(key) > 1 and key[-1] == "h" and key[-2] in VOWELS else key


def _single_letters(text: str) -> str:
    """``text`` with each run of one letter written once ("raqqa" -> "raqa"); the regular
    expression's substitution costs microseconds even where nothing repeats."""
    return _REPEAT.sub(r"\1", text) if _REPEAT.search(text) else text


def skeleton(folded: str) -> str:
    """Consonant skeleton of a :func:`fold` key (``"dairzur"`` -> ``"drzr"``)."""
    if is_arabic(folded):
        return folded
    return _single_letters("".join(c for c in folded if c not in VOWELS and not c.isdigit()))


def keys(name: str) -> tuple[str, str, str]:
    """The ``(norm, fold, skeleton)`` keys of a name."""
    n = norm(name)
    f = fold(n)
    return n, f, skeleton(f)
