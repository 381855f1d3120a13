"""Who published an article, what it republished, who wrote it, and in what language."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from extract import patterns as pat
from extract.sources import SourceNames

__all__ = ["Byline", "byline", "language", "text_sha256"]

_WORD: Final = re.compile(r"[^\W\d_]+")
_ARABIC: Final = re.compile(r"[\u0600-\u06FF]")
# A text shorter than this many words is too short to tell its language by function words.
_MIN_WORDS: Final = 25
_ENGLISH_SHARE: Final = 0.12
# Characters of the sample whose words are counted at a time (see _plainly_english).
_COUNT_PIECE: Final = 800
_ASCII_LETTERS: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass(slots=True, frozen=True)
class Byline:
    """Publisher, original outlet of a republished piece, and author (``None`` when unknown)."""

    publisher: str | None
    original_source: str | None
    author: str | None


def _outlet(text: str, names: SourceNames) -> str | None:
    found = [name for _, _, name, kind in names.mentions(text) if kind in ("outlet", "agency")]
    return found[0] if found else None


def byline(
    *,
    header: Iterable[str],
    furniture: Iterable[str],
    names: SourceNames,
    record_publisher: str | None = None,
    record_author: str | None = None,
    url: str | None = None,
) -> Byline:
    """Publisher, original source and author from a record's fields, the page's web address,
    the lines above the article and the page furniture around it.

    The publisher is the outlet the furniture names most ("Join SOFREP", "Al-Monitor's Terms"),
    the outlet of a "Name, date" line above the article winning ties; an outlet named in a
    "The original source of this article is ..." line is the original source.
    """
    header, furniture = list(header), list(furniture)
    original = None
    original_line = None
    for line in furniture:
        match = pat.ORIGINAL_SOURCE.search(line)
        if match:
            original_line = line
            original = _outlet(match.group("name"), names) or _clean_name(match.group("name"))
            break
    author = record_author
    for line in header + furniture:
        if author:
            break
        by = pat.BYLINE.match(line) or re.match(r"^articles by:\s*(?P<name>.+)$", line, re.I)
        bio = pat.AUTHOR_BIO.match(line)
        author = (by.group("name") if by else None) or (bio.group("name") if bio else None)
    known = names.lookup(record_publisher) if record_publisher else None
    publisher = known.name if known else record_publisher
    if publisher is None and url:
        publisher = names.by_domain(url)
    if publisher is None:
        votes: Counter[str] = Counter()
        for weight, lines in ((3, header), (1, furniture)):
            for line in lines:
                if line is original_line:
                    continue  # "The original source of this article is X" does not vote for X
                # In order of mention (not a set): a tie goes to the first outlet named, the
                # same way on every run.
                for name in dict.fromkeys(
                    n for _, _, n, kind in names.mentions(line) if kind in ("outlet", "agency")
                ):
                    votes[name] += weight
                bio = pat.AUTHOR_BIO.match(line)
                if bio and bio.group("outlet"):
                    outlet = _outlet(bio.group("outlet"), names)
                    if outlet:
                        votes[outlet] += 2
        if votes:
            publisher = votes.most_common(1)[0][0]
    if original == publisher:
        original = None
    return Byline(publisher, original, author)


def _clean_name(text: str) -> str | None:
    text = re.sub(r"\s*(click here|here)\W*$", "", text, flags=re.I).strip(" .:;,")
    return text or None


def language(text: str) -> str:
    """ISO 639-1 code of the text's language (``"en"`` for English).

    English is recognised by its function words, which is fast; other texts are identified by
    ``py3langid``.
    """
    sample = text[:4000]
    if _plainly_english(sample):
        return "en"
    words = _WORD.findall(sample.lower())
    if len(_ARABIC.findall(sample)) > len(sample) * 0.3:
        return "ar"
    if len(words) >= _MIN_WORDS:
        share = sum(1 for w in words if w in pat.ENGLISH_FUNCTION_WORDS) / len(words)
        if share >= _ENGLISH_SHARE:
            return "en"
    elif not words:
        return "und"
    import py3langid

    code, _ = py3langid.classify(sample)
    return str(code)


def _plainly_english(sample: str) -> bool:
    """Whether :func:`language` finds ``sample`` English by its function words, told from
    bounds that are cheap to reckon.

    Function words between white space are some of the function words the rule counts; there
    is at most one word more than there are UTF-8 bytes other than ASCII letters (a character
    that is not a letter follows every word but the last): so the share from the two is at most
    the true share. Arabic letters take two bytes each in UTF-8.
    """
    encoded = sample.encode("utf-8", "surrogatepass")
    if len(encoded) - len(sample) > len(sample) * 0.3:
        return False
    most_words = 1 + len(encoded.translate(None, _ASCII_LETTERS))
    needed = max(_MIN_WORDS, _ENGLISH_SHARE * most_words)
    # Counted a piece at a time, cut at spaces (the pieces split into the sample's words): an
    # English text has enough function words long before its end, and counting is what costs.
    function_words = 0
    start = 0
    while start < len(sample):
        cut = sample.find(" ", start + _COUNT_PIECE)
        end = len(sample) if cut == -1 else cut
        for word in sample[start:end].split():  # a plain loop: compiled, the fastest count
            if word in pat.ENGLISH_FUNCTION_WORDS:
                function_words += 1
        if function_words >= needed:
            return True
        start = end
    return False


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the cleaned text, with white space collapsed (a de-duplication key)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
