"""Patterns tried only near their cues: the matches ``re`` finds, found faster.

``re`` tries a pattern at every character of a text unless the pattern starts with a literal, and
trying patterns of many alternatives (page furniture, captions, dates, titles) at every character
made reading an article slow. A :class:`Cued` pattern names words that every match holds, close
to its start; those are found fast (``str.find``, or one pass of an Aho-Corasick automaton), and
the pattern is tried only just before them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation, MatchKind

__all__ = ["CASE_ODDITIES", "Automaton", "Cued", "case_oddity_in"]

# Letters that a case-ignoring pattern takes for an ASCII letter though lower-casing does not
# make them one (dotted and dotless i, long s, Kelvin sign).
_ODDITY_LETTERS: Final = "\u0130\u0131\u017f\u212a"
CASE_ODDITIES: Final = re.compile(f"[{_ODDITY_LETTERS}]")


def case_oddity_in(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds one of ``CASE_ODDITIES``: str.find looks for each
    letter much faster than the pattern searches text beyond Latin-1."""
    stop = len(text) if end is None else end
    return any(text.find(letter, start, stop) != -1 for letter in _ODDITY_LETTERS)


class Automaton:
    """Many words found in one pass of an Aho-Corasick DFA: ``find`` gives what
    ``AhoCorasick(words).find_matches_as_indexes(text)`` gives, ``(word index, start, end)``.

    Scanning a ``str`` costs the automaton a UTF-8 copy of the text and a count of characters to
    turn byte offsets back into string ones; most news text holds a character beyond ASCII (a
    curly quote), and those two steps cost as much as the scan. The scan therefore runs over an
    ASCII stand-in of the text, every other character replaced by "?", where byte offsets are
    string offsets. Words that are not ASCII or hold "?" cannot match there: a text where one of
    them stands is scanned as it is.
    """

    __slots__ = ("_ascii", "_indexes", "_marks", "_others", "_whole")

    def __init__(self, words: list[str], *, longest: bool = False) -> None:
        # Longest: the longest word starting leftmost, then on after it.
        kind = MatchKind.LeftmostLongest if longest else MatchKind.Standard
        # Words the stand-in hides: beyond ASCII, or holding its "?".
        hidden = [not word.isascii() or "?" in word for word in words]
        self._indexes = [i for i, hides in enumerate(hidden) if not hides]
        self._ascii = BytesAhoCorasick(
            [words[i].encode("ascii") for i in self._indexes], kind, Implementation.DFA
        )
        self._others = tuple(word for word, hides in zip(words, hidden, strict=True) if hides)
        # A letter of each such word that the stand-in hides (its first beyond ASCII, or "?"):
        # a text holding none of them holds none of the words, and looking for one letter is
        # much faster than looking for a word.
        self._marks = tuple(
            {next(c for c in word if c == "?" or not c.isascii()) for word in self._others}
        )
        self._whole = (
            AhoCorasick(words, kind, implementation=Implementation.DFA) if self._others else None
        )

    def find(
        self, text: str, start: int = 0, end: int | None = None, *, overlapping: bool = False
    ) -> list[tuple[int, int, int]]:
        """``(word index, start, end)`` of the words in ``text[start:end]``, in order (offsets
        in ``text``)."""
        stop = len(text) if end is None else end
        if (
            self._whole is not None
            and any(text.find(mark, start, stop) != -1 for mark in self._marks)
            and any(text.find(word, start, stop) != -1 for word in self._others)
        ):
            found = self._whole.find_matches_as_indexes(text[start:stop], overlapping=overlapping)
            return [(index, start + at, start + to) for index, at, to in found]
        # A view of the whole text's stand-in: the one made for it serves every stretch of it.
        stretch = memoryview(_ascii_stand_in(text))[start:stop]
        indexes = self._indexes
        return [
            (indexes[index], start + at, start + to)
            for index, at, to in self._ascii.find_matches_as_indexes(
                stretch, overlapping=overlapping
            )
        ]


def _ascii_stand_in(text: str) -> bytes:
    """``text`` as ASCII bytes, one for each character, "?" for those beyond ASCII. The last
    two are kept: an article's text and its lower-cased form are scanned several times each."""
    for made, stand_in in _STAND_INS:
        if made is text:  # the same object (held here, so its id is not reused)
            return stand_in
    stand_in = text.encode("ascii", "replace")
    _STAND_INS.insert(0, (text, stand_in))
    del _STAND_INS[2:]
    return stand_in


_STAND_INS: Final[list[tuple[str, bytes]]] = []
_WIDE_SPACE: Final = re.compile(r"\s{3}")
# Cues are found one by one with str.find when they are few, else in one pass of an automaton.
_MANY_CUES: Final = 8


class Cued:
    """A pattern and its cues: words that every match of it holds.

    Every match of ``pattern`` starts where the search starts or at most ``reach`` characters
    before one of the ``cues`` (counting a run of white space as two characters at most: wider
    spacing near a cue is searched the plain way). The cues are looked for in the lower-cased
    text when ``folded``, by default when the pattern ignores case. The pattern must not match
    empty text.
    """

    __slots__ = ("_automaton", "_folded", "_near", "cues", "pattern", "reach")

    def __init__(
        self,
        pattern: re.Pattern[str],
        cues: tuple[str, ...],
        reach: int,
        *,
        folded: bool | None = None,
    ) -> None:
        self.pattern = pattern
        self.cues = cues
        self.reach = reach
        self._folded = bool(pattern.flags & re.IGNORECASE) if folded is None else folded
        self._automaton: Automaton | None = None
        # The pattern after a gap of at most ``reach`` characters, shortest gap first, in a
        # look-ahead: a match ends where the first match of the pattern in that stretch starts
        # (one call tries every start in C; the groups keep their numbers). A new line ends a
        # comment a verbose pattern may close with.
        inner = pattern.pattern + ("\n" if pattern.flags & re.VERBOSE else "")
        self._near = re.compile(f"(?s:.){{0,{reach}}}?(?=(?:{inner}))", pattern.flags)
        if len(cues) > _MANY_CUES:
            # A DFA: the fastest to scan with, and small for a few dozen short cues.
            self._automaton = Automaton(list(cues))

    def search(
        self, text: str, lowered: str | None = None, pos: int = 0, endpos: int | None = None
    ) -> re.Match[str] | None:
        """The first match, as ``pattern.search(text, pos, endpos)`` finds it (``lowered``: see
        :meth:`finditer`)."""
        return next(self.finditer(text, lowered, pos, endpos), None)

    def finditer(
        self, text: str, lowered: str | None = None, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        """The matches, as ``pattern.finditer(text, pos, endpos)`` gives them.

        ``lowered``, if the caller has made it: the text with its letters in lower case one for
        one, in which every letter the pattern takes for an ASCII one is that letter:
        ``text.lower()`` for a text holding none of ``CASE_ODDITIES``, or ``text.casefold()``
        when that is as long as the text, which holds no dotless i.
        """
        end = len(text) if endpos is None else min(endpos, len(text))
        haystack, offset = text, 0
        if self._folded:
            if lowered is not None:
                haystack = lowered
            elif case_oddity_in(text, pos, end):
                yield from self.pattern.finditer(text, pos, end)
                return
            else:
                haystack, offset = text[pos:end].lower(), pos
        match = self.pattern.match
        for cue in self._cues(haystack, pos - offset, end - offset):
            cue += offset
            while pos <= cue:  # no match starts before pos
                first = cue - self.reach
                if first > pos and _WIDE_SPACE.search(text, max(pos, first - 3), cue):
                    found = self.pattern.search(text, pos, end)
                    if found is None:
                        return
                else:
                    start = max(pos, first)
                    if start == cue:  # where the search starts, or a match ended: one try
                        found = match(text, cue, end)
                    else:
                        near = self._near.match(text, start, end)
                        # The first start the look-ahead finds may lie past the cue: none then.
                        found = match(text, near.end(), end) if near and near.end() <= cue else None
                    if found is None:
                        pos = cue + 1
                        break
                yield found
                pos = found.end()

    def _cues(self, haystack: str, start: int, end: int) -> list[int]:
        found = [start]
        if self._automaton is not None:
            matches = self._automaton.find(haystack, start, end, overlapping=True)
            found += [at for _, at, _ in matches]
        else:
            for cue in self.cues:
                at = haystack.find(cue, start, end)
                while at != -1:
                    found.append(at)
                    at = haystack.find(cue, at + 1, end)
        return sorted(found)
