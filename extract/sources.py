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
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

import ahocorasick
from rapidfuzz import fuzz, process

from extract import patterns as pat

__all__ = ["Citation", "SourceNames", "cited_sources", "source_names"]

# Edit similarity (token-sorted) from which an unknown organisation name is a known one garbled.
_GARBLE_CUTOFF = 84.0
_SAY = re.compile(rf"\b(?:{pat.SAY_VERBS})\b", re.IGNORECASE)
_ACCORDING = re.compile(r"\b(?:according\s+to|citing|quoting|cited\s+by|quoted\s+by)\s+", re.I)
_NAME_WORD = r"(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*|bin|ibn|abu|de|van|von)"
_NAME = rf"[A-Z][\w'’-]+(?:[ ]{_NAME_WORD}){{0,3}}"
_TITLED = re.compile(rf"\b(?i:{pat.PERSON_TITLES})[ ]+(?P<name>{_NAME})")
_ORG_LIKE = re.compile(
    r"\b(?:the\s+)?(?P<name>(?:[A-Z][\w'’-]+\s+){1,4}(?:for|of|on)\s+(?:[A-Z][\w'’-]+\s*){1,4})"
)
# Words that start a capitalised run but never a speaker's name.
_NOT_NAMES = frozenset(
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


_COMMON_NOUNS = frozenset(
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
        # Multi-pattern automata (pyahocorasick): spellings over case-folded text, acronyms
        # over the text as written.
        self._alias_automaton = _automaton(self._by_alias)
        self._acronym_automaton = _automaton(self._exact)
        self._garble_pool = list(self._by_alias)

    def lookup(self, text: str) -> _Known | None:
        """The known source a spelling stands for (``"SOHR"`` -> Syrian Observatory ...)."""
        text = text.strip()
        bare = re.sub(r"^the\s+", "", text, flags=re.I)
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

    def mentions(self, text: str) -> list[tuple[int, int, str, str]]:
        """Known sources named in ``text``: ``(start, end, name, kind)``, in order."""
        found: list[tuple[int, int, _Known]] = []
        for automaton, haystack, table in (
            (self._alias_automaton, text.casefold(), self._by_alias),
            (self._acronym_automaton, text, self._exact),
        ):
            if len(text) != len(haystack):  # case folding changed lengths (ß -> ss): rare
                haystack = text.lower()
            for last, key in automaton.iter_long(haystack):
                start, end = last - len(key) + 1, last + 1
                if _word_edge(text, start - 1) and _word_edge(text, end):
                    found.append((start, end, table[key]))
        found.sort(key=lambda f: (f[0], -f[1]))
        kept: list[tuple[int, int, str, str]] = []
        for start, end, known in found:
            if kept and start < kept[-1][1]:
                continue
            kept.append((start, end, known.name, known.kind))
        return kept

    def garbled(self, name: str) -> _Known | None:
        """The known organisation an unknown but similar name stands for, if any."""
        best = process.extractOne(
            name.casefold(),
            self._garble_pool,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=_GARBLE_CUTOFF,
        )
        return self._by_alias[best[0]] if best else None


def _automaton(table: dict[str, _Known]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key in table:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


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
    text: str, names: SourceNames, *, skip: list[tuple[int, int]] | None = None
) -> list[Citation]:
    """Sources that claims in ``text`` are attributed to, in order of appearance.

    A known source counts when a verb of saying or "according to" stands in its sentence; a
    person counts when named next to a verb of saying or after a title ("analyst", "Col.");
    ranges in ``skip`` (captions) are ignored.
    """
    skip = skip or []
    found: list[Citation] = []

    def keep(citation: Citation) -> None:
        if any(s <= citation.start < e for s, e in skip):
            return
        if any(c.start < citation.end and citation.start < c.end for c in found):
            return
        found.append(citation)

    for start, end, name, kind in names.mentions(text):
        left, right = _sentence_bounds(text, start, end)
        if _SAY.search(text, left, right) or _ACCORDING.search(text, left, right):
            keep(Citation(name, kind, text[start:end], start, end))
    for match in _ORG_LIKE.finditer(text):
        phrase = match.group("name").strip()
        if names.lookup(phrase) is not None:
            continue
        known = names.garbled(phrase)
        left, right = _sentence_bounds(text, match.start(), match.end())
        if known and _SAY.search(text, left, right):
            keep(Citation(known.name, known.kind, phrase, match.start("name"), match.end("name")))
    for citation in _people(text):
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


def _people(text: str) -> list[Citation]:
    people = []
    for match in _TITLED.finditer(text):
        left, right = _sentence_bounds(text, match.start(), match.end())
        if _SAY.search(text, left, right) or _ACCORDING.search(text, left, right):
            people.append(_person(match.group("name"), match.start("name")))
    # "Jane Smithers, a security analyst in Gaziantep, said": the speaker is before the apposition.
    for match in re.finditer(
        rf"(?P<name>{_NAME}),[ ](?:a|an|the)[ ][^,.]{{1,80}},[ ](?:also[ ])?"
        rf"(?:said|says|told|stated|added|warned|explained|stressed)\b",
        text,
    ):
        people.append(_person(match.group("name"), match.start("name")))
    # "Antonov said", "Lavrov also stated", "..., Justin Siberell, said"
    for match in re.finditer(
        rf"(?P<name>{_NAME}),?[ ](?:also[ ]|has[ ]|had[ ])?"
        rf"(?:said|says|told|stated|added|warned|revealed|explained|stressed|claimed)\b",
        text,
    ):
        people.append(_person(match.group("name"), match.start("name")))
    return [
        p
        for p in people
        if p.text.split()[0] not in _NOT_NAMES
        and len(p.text) > 2
        and not _sentence_initial_common(text, p)
        and not _inside_a_name(text, p.start)
        and not re.search(r",[ ](?:a|an|the)[ ][^,.]{1,80}$", text[max(0, p.start - 90) : p.start])
    ]


def _inside_a_name(text: str, start: int) -> bool:
    # "Observatory for Human Rights said": the words end an organisation's name.
    before = text[max(0, start - 40) : start].split()
    return bool(before) and before[-1] in ("for", "of", "and", "on")


def _sentence_initial_common(text: str, person: Citation) -> bool:
    # "Caliphate, told" is a word, not a person: one capitalised word that is not a name.
    return " " not in person.text and person.text.lower() in _COMMON_NOUNS


def _person(name: str, start: int) -> Citation:
    name = re.sub(r"[’']s$", "", name.strip())
    return Citation(name, "person", name, start, start + len(name))
