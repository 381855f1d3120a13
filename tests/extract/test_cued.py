"""Cued patterns find exactly what ``re`` finds: the fixtures are made to sit near the cues' reach.

The fragments are written for the test: pieces of captions, furniture, dates and attributions,
joined by ordinary and unusual white space.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

import pytest
from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from extract import patterns as pat
from extract import sources
from extract.cued import CASE_ODDITIES, Automaton, Cued, case_oddity_in

FRAGMENTS = [
    "Photo", "photo", "credit", "courtesy", ":", "/", "AFP", "via", "Reuters", "AP", "EPA", "is",
    "were", "seen", "pictured", "shown", "Getty", "images", "featured", "image", "header",
    "(photo:", "Wednesday,", "September.", "30th,", "Oct", "2017", "1999", "2017-10-13", "20",
    "during", "mid-", "in", "election", "register", "free", "trial", "$5", "/month", "terms",
    "of", "use", "accept", "all", "cookies", "©", "rights", "reserved", "join", "Syria", "for",
    "**Disclaimer", "menu", "12:30", "Sign", "up", "log", "in", "independent", "security",
    "analyst", "prime", "minister", "Col.", "Dr.", "Jane", "Smith", "has", "have", "said",
    "according", "to", "citing", "x", "İmage", "ſeen", "K", "copyrighted", "material", "fair",
    "since", "2011", "we", "by",
]  # fmt: skip
# A match of each kind away from the start of the text, its cue as far from its start as can be.
EDGES = [
    "a featured image of the port",
    "smoke over Idlib. Reuters\n\n/ Khalil Ashawi",
    "dated Wednesday,\n\nSeptember.\n\n30th,\n\n2015 in print",
    "rebuilt during\n\n2015 and",
    "the army has\n\nsaid so",
    "an independent\n\nanalyst Jane Smith said",
    "please register now",
    "start a free trial",
    "you reached the article limit",
    "get unlimited access",
    "tap to continue reading",
    "or keep reading",
    "tap to learn more.",
    "only $5 per month",
    "read the terms of use",
    "see our privacy policy",
    "note: we use cookies",
    "change cookie settings",
    "accept all cookies",
    "text © 2017",
    "all rights reserved",
    "under fair use",
    "for media inquiries",
    "become a member",
    "support our journalism",
    "comment on our facebook page",
    "join SOFREP for",
    "download the app",
    "get the app",
    "the original source of this article",
    "this story first appeared",
    "please subscribe",
    "sign up",
    "or log in",
    "copyright 2017",
    "donate",
    "click here",
    "no cookies",
    "uses copyrighted material",
    "according to him",
    "citing officials",
    "as quoted by AP",
    "as cited by AFP",
    "quoting officials",
    "a colonel\n\nJohn Smith",
    "they have\n\nreported",
    "this article was originally published",
    "video credit",
    "AFP via Getty",
]
SPACES = [" ", " ", " ", "", "  ", "   ", "\n", "\n\n", "\t", "\u2003", ", ", ". "]
CUED = {
    "BOILERPLATE": pat.BOILERPLATE,
    "WEAK_BOILERPLATE": pat.WEAK_BOILERPLATE,
    "LONG_BOILERPLATE": pat.LONG_BOILERPLATE,
    "CAPTION": pat.CAPTION,
    "FULL_DATE": pat.FULL_DATE,
    "PAST_YEAR": pat.PAST_YEAR,
    "sources._SAY": sources._SAY,
    "sources._ACCORDING": sources._ACCORDING,
    "sources._TITLED": sources._TITLED,
}


def texts(count: int) -> list[str]:
    rng = random.Random(7)
    return [f"x {edge}" for edge in EDGES] + [
        "".join(rng.choice(FRAGMENTS) + rng.choice(SPACES) for _ in range(rng.randint(1, 14)))
        for _ in range(count)
    ]


def spans(matches: Iterable[re.Match[str]]) -> list[tuple[int, int]]:
    return [match.span() for match in matches]


@pytest.mark.parametrize("name", CUED)
def test_cued_finds_what_re_finds(name: str) -> None:
    cued = CUED[name]
    found = 0
    for text in texts(3000):
        expected = spans(cued.pattern.finditer(text))
        found += len(expected)
        assert spans(cued.finditer(text)) == expected, text
        lowered = None if CASE_ODDITIES.search(text) else text.lower()
        assert spans(cued.finditer(text, lowered)) == expected, text
        pos, endpos = len(text) // 3, 2 * len(text) // 3 + 1
        window = spans(cued.pattern.finditer(text, pos, endpos))
        assert spans(cued.finditer(text, lowered, pos, endpos)) == window, text
    assert found > 30  # the fixtures do reach the pattern


def test_wide_spacing_before_a_cue_is_searched_the_plain_way() -> None:
    text = "Smoke over the city. Reuters" + " " * 12 + "/ Omar Sanadiki"
    assert pat.CAPTION.search(text) is not None
    assert pat.CAPTION.pattern.search(text) is not None


def test_letters_that_ignoring_case_reads_as_ascii_are_found() -> None:
    # "ſ" is "s" to a case-ignoring pattern, though "ſ".lower() is not "s".
    assert pat.CAPTION.search("The convoy waſ ſeen near the border") is not None


def test_a_verbose_pattern_keeps_its_groups_and_closing_comment() -> None:
    # Tried after a gap in a look-ahead, the pattern's groups keep their numbers (the back
    # reference still names the first) and its closing comment does not swallow the rest.
    pattern = re.compile(
        r"""
        \b(said|told)\ +(again)?\ *\1  # a verb said twice
        """,
        re.IGNORECASE | re.VERBOSE,
    )
    cued = Cued(pattern, cues=("said", "told"), reach=3)
    text = "He said said so; she TOLD  told them, and they said   said it, then told told."
    expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
    assert [(m.span(), m.groups()) for m in cued.finditer(text)] == expected
    assert len(expected) == 4


def test_a_match_past_a_cue_is_left_to_its_own_cue() -> None:
    # After "1 said", the second "said" has no match before it; the look-ahead from there sees
    # "2 said", which starts past that cue and is found from the next one.
    cued = Cued(re.compile(r"\d+ said"), cues=("said",), reach=6)
    text = "1 said said 2 said"
    assert spans(cued.finditer(text)) == spans(cued.pattern.finditer(text)) == [(0, 6), (12, 18)]


def test_the_quick_oddity_test_finds_what_the_pattern_finds() -> None:
    for code in range(0x110000):
        letter = chr(code)
        assert case_oddity_in(f"ab{letter}c") == bool(CASE_ODDITIES.search(letter)), hex(code)
    text = "Sultan \u0130brahim of \u0130zmir"
    assert case_oddity_in(text) and case_oddity_in(text, 6, 10)
    assert not case_oddity_in(text, 0, 6) and not case_oddity_in(text, 8, 17)


@pytest.mark.parametrize("longest", [False, True])
@pytest.mark.parametrize("overlapping", [False, True])
def test_automaton_finds_what_the_automaton_over_the_text_finds(
    longest: bool, overlapping: bool
) -> None:
    if longest and overlapping:
        return  # leftmost-longest matches never overlap (the library refuses)
    # Letters, words beyond ASCII and with "?" (the stand-in's own letter), in random texts.
    words = ["ab", "b", "abc", "h\u00fcr", "\u00fcr", "c?", "a\u2019b", "b c", "?"]
    kind = MatchKind.LeftmostLongest if longest else MatchKind.Standard
    reference = AhoCorasick(words, kind, implementation=Implementation.DFA)
    automaton = Automaton(words, longest=longest)
    rng = random.Random(7)
    alphabet = ["a", "b", "c", "h", " ", "?", "\u00fc", "\u2019", "\u00e9", "\U0001f600"]
    for _ in range(3000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 14)))
        assert automaton.find(text, overlapping=overlapping) == (
            reference.find_matches_as_indexes(text, overlapping=overlapping)
        ), text


def test_automaton_scans_each_text_as_it_is_now() -> None:
    automaton = Automaton(["said"])
    first, second = "\u201cno\u201d he said", "\u201cno\u201d he sa\u00efd, she said"
    at_first, at_second = first.index("said"), second.rindex("said")
    assert (at_first, at_second) == (8, 18)
    assert automaton.find(first) == [(0, 8, 12)]
    assert automaton.find(second) == [(0, 18, 22)]
    assert automaton.find(first) == [(0, 8, 12)]


def test_automaton_over_a_stretch_gives_offsets_in_the_text() -> None:
    words = ["ab", "b", "h\u00fcr", "c?"]
    reference = AhoCorasick(words, implementation=Implementation.DFA)
    automaton = Automaton(words)
    rng = random.Random(11)
    for _ in range(2000):
        text = "".join(rng.choices(["a", "b", "c", "h", "?", "\u00fc", "r", "\u2019"], k=12))
        start = rng.randint(0, 12)
        end = rng.randint(start, 12)
        expected = [
            (index, start + at, start + to)
            for index, at, to in reference.find_matches_as_indexes(text[start:end])
        ]
        assert automaton.find(text, start, end) == expected, (text, start, end)
