"""Who says so: outlets and organisations under one name each, and the claims attributed to them.

Known outlets, agencies, monitors and official bodies come from ``data/sources.csv`` with their
other spellings and web domains. An organisation-like name the list does not know but spells
nearly the same ("Syrian Opposition for Human Rights") is matched to the known one by edit
similarity; people quoted by name ("according to security analyst Hisham al-Hishami") are kept as
written.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Final
from urllib.parse import urlsplit

from rapidfuzz import fuzz, process

from extract import patterns as pat
from extract.cued import Automaton, Cued, case_oddity_in

__all__ = ["Citation", "SourceNames", "cited_sources", "source_names"]

# Edit similarity (token-sorted) from which an unknown organisation name is a known one garbled.
_GARBLE_CUTOFF: Final = 84.0
_MEMO_SIZE: Final = 100_000
_SAY: Final = Cued(
    re.compile(rf"\b(?:{pat.SAY_VERBS})\b", re.IGNORECASE),
    # The last word of each verb, after "has" or "have" at most ("has said", "have reported").
    cues=tuple(sorted({verb.split(r"\s+")[-1] for verb in pat.SAY_VERBS.split("|")})),
    reach=len("have") + 2,
)
_ACCORDING: Final = Cued(
    re.compile(r"\b(?:according\s+to|citing|quoting|cited\s+by|quoted\s+by)\s+", re.I),
    cues=("according", "citing", "quoting", "cited", "quoted"),
    reach=0,
)
_NAME_WORD: Final = r"(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*|bin|ibn|abu|de|van|von)"
_NAME: Final = rf"[A-Z][\w'’-]+(?:[ ]{_NAME_WORD}){{0,3}}"
_TITLED: Final = Cued(
    re.compile(rf"\b(?i:{pat.PERSON_TITLES})[ ]+(?P<name>{_NAME})"),
    cues=tuple(f"{title} " for title in pat.TITLE_WORDS),  # a title, then the name
    reach=len("independent") + 2,
    folded=True,
)
# Verbs after a speaker's name: "Antonov said", "Lavrov also stated", "..., Justin Siberell, said";
# "Jane Smithers, a security analyst in Gaziantep, said" (the speaker is before the apposition).
_SPEECH_VERBS: Final = (
    "said",
    "says",
    "told",
    "stated",
    "added",
    "warned",
    "revealed",
    "explained",
    "stressed",
    "claimed",
)
_APPOSITION_VERBS: Final = tuple(
    verb for verb in _SPEECH_VERBS if verb not in ("revealed", "claimed")
)
# Each verb after a space, looked for with str.find (a pattern would be tried at every space;
# an automaton scan of an article cost ~20 us, the ten finds ~4 us).
_SPOKEN: Final = tuple((f" {verb}", verb) for verb in _SPEECH_VERBS)
_SPEAKER: Final = re.compile(
    rf"(?P<name>{_NAME}),?[ ](?:also[ ]|has[ ]|had[ ])?(?:{'|'.join(_SPEECH_VERBS)})\b"
)
_APPOSITION: Final = re.compile(
    rf"(?P<name>{_NAME}),[ ](?:a|an|the)[ ][^,.]{{1,80}},[ ](?:also[ ])?"
    rf"(?:{'|'.join(_APPOSITION_VERBS)})\b"
)
_ORG_LIKE: Final = re.compile(
    r"\b(?:the\s+)?(?P<name>(?:[A-Z][\w'’-]+\s+){1,4}(?:for|of|on)\s+(?:[A-Z][\w'’-]+\s*){1,4})"
)
# What stands before a name inside an apposition ("Jane Smithers, a security analyst in Gaziantep
# said"): that name is not the speaker's.
_APPOSED: Final = re.compile(r",[ ](?:a|an|the)[ ][^,.]{1,80}$")
_THE: Final = re.compile(r"^the\s+", re.I)
_POSSESSIVE: Final = re.compile(r"[’']s$")  # "Lavrov's" of "Lavrov's aide said"
# The words joining an organisation-like name's halves: every match of _ORG_LIKE holds one after
# a capitalised word. Each is looked for on its own, with the white space and capital after it,
# since a pattern that opens with letters is found fast. Then the words after it a match may take.
_ORG_JOINS: Final = tuple(
    re.compile(rf"(?P<join>{word})\s+(?=[A-Z])") for word in ("for", "of", "on")
)
_CAPITAL: Final = re.compile("[A-Z]")
_ORG_TAIL: Final = re.compile(r"(?:\s+\S+){0,4}\s*")
# Words that start a capitalised run but never a speaker's name.
_NOT_NAMES: Final = frozenset(
    [
        "The",
        "A",
        "An",
        "He",
        "She",
        "They",
        "It",
        "We",
        "I",
        "You",
        "This",
        "That",
        "These",
        "Those",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "But",
        "And",
        "Or",
        "However",
        "Meanwhile",
        "Yet",
        "Also",
        "Some",
        "Many",
        "Most",
        "Several",
        "Officials",
        "Sources",
        "Witnesses",
        "Residents",
        "Activists",
        "Today",
        "Yesterday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "With",
        "As",
        "When",
        "While",
        "After",
        "Before",
        "Similar",
        "Curiously",
    ]
)


_COMMON_NOUNS: Final = frozenset(
    [
        "caliphate",
        "government",
        "army",
        "ministry",
        "official",
        "officials",
        "source",
        "sources",
        "report",
        "statement",
        "spokesman",
        "spokeswoman",
        "observatory",
        "police",
        "military",
        "regime",
        "coalition",
        "group",
    ]
)


@dataclass(slots=True, frozen=True)
class Citation:
    """A source a claim is attributed to: ``name`` normalised, ``kind`` (``outlet``,
    ``agency``, ``monitor``, ``government``, ``armed_group`` or ``person``), ``text`` as written,
    and its offsets."""

    name: str
    kind: str
    text: str
    start: int
    end: int

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(self, name: str, kind: str, text: str, start: int, end: int) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)


@dataclass(slots=True, frozen=True)
class _Known:
    name: str
    kind: str


class SourceNames:
    """The known sources: spellings to canonical names, web domains to publishers."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self._by_alias: dict[str, _Known] = {}
        self._exact: dict[str, _Known] = {}  # case kept: acronyms ("AP", "IS") match as written
        self._by_domain: dict[str, _Known] = {}
        for row in rows:
            known = _Known(row["name"].strip(), row["kind"].strip())
            spellings = [known.name, *(a.strip() for a in row["aliases"].split("|") if a.strip())]
            for spelling in spellings:
                if spelling.isupper() or len(spelling) <= 3:
                    self._exact[spelling] = known
                else:
                    self._by_alias[spelling.casefold()] = known
            for domain in row.get("domains", "").split("|"):
                if domain.strip():
                    self._by_domain[domain.strip().lower()] = known
        # Multi-pattern automata: spellings over case-folded text, acronyms over the text as
        # written. Each finds the longest of the spellings starting leftmost, then goes on after it.
        self._alias_automaton = _automaton(self._by_alias)
        self._acronym_automaton = _automaton(self._exact)
        self._alias_known = list(self._by_alias.values())
        self._acronym_known = list(self._exact.values())
        self._garble_pool = list(self._by_alias)
        # fuzz.token_sort_ratio is fuzz.ratio of the words sorted: the pool's are sorted once.
        self._garble_sorted = [_sorted_words(spelling) for spelling in self._garble_pool]
        # Names seen before and what they stand for: organisations recur across articles.
        self._garbled: dict[str, _Known | None] = {}

    def lookup(self, text: str) -> _Known | None:
        """The known source a spelling stands for (``"SOHR"`` -> Syrian Observatory ...)."""
        text = text.strip()
        bare = _THE.sub("", text)
        return (
            self._exact.get(text)
            or self._exact.get(bare)
            or self._by_alias.get(text.casefold())
            or self._by_alias.get(bare.casefold())
        )

    def by_domain(self, url: str) -> str | None:
        """The publisher whose web site serves ``url`` (or a bare domain)."""
        host = (urlsplit(url).hostname or url).lower().removeprefix("www.")
        while host:
            known = self._by_domain.get(host)
            if known:
                return known.name
            host = host.partition(".")[2]
        return None

    def mentions(self, text: str, folded: str | None = None) -> list[tuple[int, int, str, str]]:
        """Known sources named in ``text``: ``(start, end, name, kind)``, in order (``folded``:
        ``text.casefold()``, or ``text.lower()``, if made already)."""
        found: list[tuple[int, int, _Known]] = []
        folded = text.casefold() if folded is None else folded
        for automaton, haystack, known_by_index in (
            (self._alias_automaton, folded, self._alias_known),
            (self._acronym_automaton, text, self._acronym_known),
        ):
            if len(text) != len(haystack):  # case folding changed lengths (ß -> ss): rare
                haystack = text.lower()
            for index, start, end in automaton.find(haystack):
                if _word_edge(text, start - 1) and _word_edge(text, end):
                    found.append((start, end, known_by_index[index]))
        found.sort(key=lambda f: (f[0], -f[1]))
        kept: list[tuple[int, int, str, str]] = []
        for start, end, known in found:
            if kept and start < kept[-1][1]:
                continue
            kept.append((start, end, known.name, known.kind))
        return kept

    def garbled(self, name: str) -> _Known | None:
        """The known organisation an unknown but similar name stands for, if any."""
        key = _sorted_words(name.casefold())
        if key in self._garbled:
            return self._garbled[key]
        best = process.extractOne(
            key, self._garble_sorted, scorer=fuzz.ratio, score_cutoff=_GARBLE_CUTOFF
        )
        known = self._by_alias[self._garble_pool[best[2]]] if best else None
        if len(self._garbled) >= _MEMO_SIZE:
            self._garbled.clear()
        self._garbled[key] = known
        return known


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def _automaton(table: dict[str, _Known]) -> Automaton:
    return Automaton(list(table), longest=True)


def _word_edge(text: str, position: int) -> bool:
    # A match must not start or end inside a word ("AP" in "APPLE", "Reuters" in "Reutersx").
    if position < 0 or position >= len(text):
        return True
    return not (text[position].isalnum() or text[position] in "-_")


@lru_cache(maxsize=1)
def source_names() -> SourceNames:
    """The sources list shipped with movemap (read once)."""
    text = resources.files("extract.data").joinpath("sources.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return SourceNames(list(csv.DictReader(lines)))


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return left + 1, min(right_candidates) if right_candidates else len(text)


def cited_sources(
    text: str,
    names: SourceNames,
    *,
    skip: list[tuple[int, int]] | None = None,
    lowered: str | None = None,
) -> list[Citation]:
    """Sources that claims in ``text`` are attributed to, in order of appearance.

    A known source counts when a verb of saying or "according to" stands in its sentence; a
    person counts when named next to a verb of saying or after a title ("analyst", "Col.");
    ranges in ``skip`` (captions) are ignored; ``lowered`` is ``text.lower()``, if made already.
    """
    skip = skip or []
    found: list[Citation] = []
    # Source names are found in the lower-cased text: it differs from the case-folded one only
    # in letters no source name holds (ß, µ, long s, final sigma), and the article's other
    # readers share it, where case folding would be a second, slower pass over the text.
    folded = text.lower() if lowered is None else lowered
    # The cues of case-ignoring patterns are looked for in it when it matches the text letter
    # for letter (see extract.cued).
    cues_in = folded if not case_oddity_in(text) else None
    attributions: dict[tuple[int, int], bool] = {}

    def attributed(left: int, right: int) -> bool:
        if (left, right) not in attributions:
            attributions[left, right] = bool(
                _SAY.search(text, cues_in, left, right)
                or _ACCORDING.search(text, cues_in, left, right)
            )
        return attributions[left, right]

    def keep(citation: Citation) -> None:
        if any(s <= citation.start < e for s, e in skip):
            return
        if any(c.start < citation.end and citation.start < c.end for c in found):
            return
        found.append(citation)

    for start, end, name, kind in names.mentions(text, folded):
        if attributed(*_sentence_bounds(text, start, end)):
            keep(Citation(name, kind, text[start:end], start, end))
    for match in _org_like(text):
        phrase = match.group("name").strip()
        if names.lookup(phrase) is not None:
            continue
        left, right = _sentence_bounds(text, match.start(), match.end())
        known = names.garbled(phrase) if _SAY.search(text, cues_in, left, right) else None
        if known:
            keep(Citation(known.name, known.kind, phrase, match.start("name"), match.end("name")))
    for citation in _people(text, cues_in, attributed):
        if names.lookup(citation.text) is None:
            keep(citation)
    found.sort(key=lambda c: c.start)
    full_names = [c.name for c in found if c.kind == "person" and " " in c.name]
    return [_full_name(c, full_names) for c in found]


def _full_name(citation: Citation, full_names: list[str]) -> Citation:
    # "Antonov said" after "Anatoly Antonov revealed": the same person.
    if citation.kind != "person" or " " in citation.name:
        return citation
    full = next((n for n in full_names if n.endswith(" " + citation.name)), None)
    return replace(citation, name=full) if full else citation


def _people(
    text: str, lowered: str | None, attributed: Callable[[int, int], bool]
) -> list[Citation]:
    people = []
    for match in _TITLED.finditer(text, lowered):
        if attributed(*_sentence_bounds(text, match.start(), match.end())):
            people.append(_person(match.group("name"), match.start("name")))
    verbs = _speech_verbs(text)
    appositions = [verb for verb in verbs if verb[2] in _APPOSITION_VERBS]
    for match in _ending_at(_APPOSITION, text, appositions, lambda at: _apposition_start(text, at)):
        people.append(_person(match.group("name"), match.start("name")))
    for match in _ending_at(_SPEAKER, text, verbs, lambda at: _after_spaces(text, at, 6)):
        people.append(_person(match.group("name"), match.start("name")))
    return [
        p
        for p in people
        if p.text.split()[0] not in _NOT_NAMES
        and len(p.text) > 2
        and not _sentence_initial_common(text, p)
        and not _inside_a_name(text, p.start)
        and not _APPOSED.search(text, max(0, p.start - 90), p.start)
    ]


def _speech_verbs(text: str) -> list[tuple[int, int, str]]:
    """Start, end and word of each speech verb after a space and before a word boundary, in
    order (the verbs hold no space, so no two overlap)."""
    verbs = []
    size = len(text)
    for spoken, verb in _SPOKEN:
        space = text.find(spoken)
        while space != -1:
            end = space + len(spoken)
            if end == size or not (text[end].isalnum() or text[end] == "_"):  # as ``\b``
                verbs.append((space + 1, end, verb))
            space = text.find(spoken, end)
    verbs.sort()
    return verbs


def _ending_at(
    pattern: re.Pattern[str],
    text: str,
    verbs: list[tuple[int, int, str]],
    window_start: Callable[[int], int | None],
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches end at one of ``verbs`` (start,
    end, verb), each searched for only from ``window_start(verb start)``, where the name before
    it can begin (the verbs were found with the boundary the pattern ends at)."""
    pos = 0
    for start, end, _ in verbs:
        window = window_start(start) if start >= pos else None
        found = None if window is None else pattern.search(text, max(pos, window), end)
        if found:
            yield found
            pos = found.end()


def _apposition_start(text: str, at: int) -> int | None:
    # "Name, a description, (also) said": the name ends at the comma before the description.
    if at >= 2 and text[at - 2 : at] == ", ":
        comma = at - 2
    elif at >= 7 and text[at - 7 : at] == ", also ":
        comma = at - 7
    else:
        return None
    before = text.rfind(",", 0, comma)
    return None if before == -1 else _after_spaces(text, before, 4)


def _after_spaces(text: str, at: int, count: int) -> int:
    """Where the text after the ``count``-th run of white space holding a space before ``at``
    begins (0 if there are fewer): a span that ends at ``at`` and holds fewer such runs starts
    there or later."""
    after = 0
    for _ in range(count):
        space = text.rfind(" ", 0, at)
        if space == -1:
            return 0
        after, at = space + 1, space
        while at > 0 and text[at - 1].isspace():
            at -= 1
    return after


def _org_like(text: str) -> Iterator[re.Match[str]]:
    """``_ORG_LIKE.finditer(text)``, searched for only around the words joining a name's halves:
    a match holds at most five runs of white space before that word, four words after it."""
    pos = 0
    for join, join_end in _org_joins(text):
        if join < pos:
            continue
        window = max(pos, _after_spaces(text, join, 6))
        tail = _ORG_TAIL.match(text, join_end)
        found = _ORG_LIKE.search(text, window, tail.end() if tail else len(text))
        if found:
            # The window may cut off the words after another joining word; the whole match.
            whole = _ORG_LIKE.match(text, found.start())
            if whole:
                yield whole
                pos = whole.end()


def _org_joins(text: str) -> list[tuple[int, int]]:
    """Start and end of each joining word ("for", "of", "on") between a word with a capital in
    it (not as its last character) and a capital, with white space on both sides ("Observatory
    for Human Rights"), in order; found from the joining words, then checked backwards."""
    found = []
    for pattern in _ORG_JOINS:
        for match in pattern.finditer(text):
            join = match.start()
            space = join
            while space and text[space - 1].isspace():
                space -= 1
            word = space
            while word and (text[word - 1].isalnum() or text[word - 1] in "_'’-"):
                word -= 1
            # A capital with at least one more character of the word after it.
            if space < join and _CAPITAL.search(text, word, space - 1):
                found.append((join, match.end("join")))
    return sorted(found)


def _inside_a_name(text: str, start: int) -> bool:
    # "Observatory for Human Rights said": the words end an organisation's name.
    before = text[max(0, start - 40) : start].split()
    return bool(before) and before[-1] in ("for", "of", "and", "on")


def _sentence_initial_common(text: str, person: Citation) -> bool:
    # "Caliphate, told" is a word, not a person: one capitalised word that is not a name.
    return " " not in person.text and person.text.lower() in _COMMON_NOUNS


def _person(name: str, start: int) -> Citation:
    name = _POSSESSIVE.sub("", name.strip())
    return Citation(name, "person", name, start, start + len(name))
