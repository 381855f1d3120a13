"""Place mentions in clean text, found by the gazetteer's own names and resolved in context.

Recognition is driven by the gazetteer (see design.md: a statistical NER model misses the names
this project is about): every run of capitalised words, longest first, is looked up among the
folded keys of all gazetteer names; a capitalised name that the index does not know is still
taken after a place preposition ("entered Xyzabad") and resolved loosely or left unresolved.
Each mention gets a role:

``place``     a place where something is or happens;
``dateline``  where the report was filed ("JERUSALEM, Israel -"), not where events happened;
``modifier``  a name used as a modifier ("Iran-backed", "US-led");
``metonym``   a capital or country standing for its government ("Moscow and Damascus say");
``demonym``   a nationality adjective or noun ("Syrian", "Saudi Arabian"), tied to its country.

Mentions are resolved first one by one (answers are cached across documents), then again with
the document's other places: a candidate in a country the article names, or near another place
it names, is preferred.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

from extract import patterns as pat
from gazetteer import ACCEPT_SCORE, Candidate, Context, Feature, Gazetteer, Place, fold, norm
from gazetteer.patterns import DIRECTIONS, KIND_WORDS, THEATRE
from gazetteer.query import QueryError
from gazetteer.sources import km_between

__all__ = ["Mention", "PlaceFinder", "PlaceLine", "demonyms", "story_start"]

# Lower-case words allowed inside a multi-word name ("Deir ez Zor", "Gulf of Aden").
_CONNECTORS: Final = frozenset(
    [
        "al",
        "el",
        "ez",
        "es",
        "ad",
        "ed",
        "as",
        "ar",
        "ash",
        "az",
        "at",
        "an",
        "ul",
        "of",
        "de",
        "du",
        "la",
        "le",
        "bin",
        "ibn",
        "abu",
        "bani",
        "bint",
        "um",
        "umm",
    ]
)
# Upper-case letters of every script with case, and Arabic letters (Arabic has no case).
_UPPER: Final = (
    "".join(re.escape(c) for c in map(chr, range(0x250)) if c.isupper())
    + "\u0370-\u03ff\u0400-\u042f\u0600-\u06ff"
)
_CONNECTOR_WORDS: Final = "|".join(sorted(_CONNECTORS, key=len, reverse=True))
# One word of a run. An abbreviation ("U.S.") is written as two letters and any more rather than
# "{2,}": the regex engine matches that form faster, and it is tried after every word.
_WORD: Final = rf"(?:[A-Z]\.[A-Z]\.(?:[A-Z]\.)*|[{_UPPER}][^\W\d_]*(?:['’](?!s\b)[^\W\d_]+)*)"
# A run of capitalised words: the only stretches of text that can name a place. Connectors may
# sit inside ("Deir ez-Zor", "Gulf of Aden"); "St. Petersburg" keeps its abbreviation. The
# pattern opens with a character class, which lets the regex engine skip ahead quickly; the
# look-behind after it keeps runs from starting inside a word ("iPhone").
_RUN: Final = re.compile(
    rf"[{_UPPER}](?<![\w'’.].)(?:\.(?:[A-Z]\.)+|[^\W\d_]*(?:['’](?!s\b)[^\W\d_]+)*)"
    rf"(?:(?:[ -]|(?<=\b[SMFP]t)\. )(?:(?:{_CONNECTOR_WORDS})[ -])*{_WORD})*"
)
# An article joined to the front of a run ("al-Bokamal"), read backwards from the run.
_ARTICLE_BEFORE: Final = re.compile(
    "-(?:"
    + "|".join(sorted((c[::-1] for c in _CONNECTORS), key=len, reverse=True))
    + r")(?![\w'’.])"
)
# Words, hyphenated parts and abbreviations ("U.S.") inside a run.
_TOKEN: Final = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’](?!s\b)[^\W\d_]+)*")
# The word before a position and what separates them ("in Raqqa", "Col. Smith"), read in the
# reversed text.
_BEFORE: Final = re.compile(r"(\W{0,3})([^\W\d_]+)")
# The word after a position and what separates them ("Iran-backed", "Idlib province"); the
# abbreviation written out as in _WORD.
_AFTER: Final = re.compile(r"(\W{0,3})([A-Z]\.[A-Z]\.(?:[A-Z]\.)*|[^\W\d_]+)")
# "Iran-backed", "US-led": the name modifies what follows.
_MODIFIER_SUFFIXES: Final = frozenset(
    [
        "backed",
        "led",
        "based",
        "controlled",
        "held",
        "born",
        "funded",
        "allied",
        "sponsored",
        "supported",
        "run",
        "linked",
        "affiliated",
        "bound",
        "made",
        "occupied",
        "administered",
        "ruled",
        "dominated",
        "friendly",
        "aligned",
        "armed",
        "trained",
        "brokered",
        "style",
        "registered",
        "flagged",
        "bred",
    ]
)
# Particles inside a person's name ("Jan de Vries"); a run keeps them as it keeps "Gulf of Aden".
_NAME_PARTICLES: Final = frozenset(["de", "du", "la", "le", "bin", "ibn", "bint"])
# Words before a capitalised name that make it a person's name, not a place.
_PERSON_TITLES: Final = frozenset(
    [
        "president",
        "col",
        "colonel",
        "gen",
        "general",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sheikh",
        "king",
        "prince",
        "princess",
        "queen",
        "minister",
        "senator",
        "sen",
        "rep",
        "lt",
        "maj",
        "capt",
        "sgt",
        "brig",
        "pope",
        "saint",
        "imam",
        "ayatollah",
        "emir",
        "sultan",
        "judge",
        "governor",
        "mayor",
        "commander",
        "spokesman",
        "spokeswoman",
        "chairman",
    ]
)
# Words after a place name that make it the place a person or party speaks for, not part of an
# organisation's name ("Alberta Premier Jane Roe", "Ohio Democrats").
_TITLES_AFTER: Final = _PERSON_TITLES | frozenset(
    ["gov", "premier", "republicans", "democrats", "lawmakers", "legislators"]
)
# Verbs after which a capitalised name is who is spoken to ("told Rudaw"), not a place.
_TOLD: Final = frozenset(["told", "tells", "telling"])
# "They're", "I've", "we'd": ordinary words spelt like a far place once folded.
_CONTRACTION: Final = re.compile(r"['’](?:re|ve|ll|d|m|t)$")
_PLACE_PREPOSITIONS: Final = frozenset(
    [
        "in",
        "into",
        "from",
        "to",
        "via",
        "near",
        "towards",
        "toward",
        "through",
        "across",
        "outside",
        "inside",
        "around",
        "at",
    ]
)
# What the text before a run ends with when a place preposition stands right before it: a quick
# first test, before the word is read.
_PREPOSITION_ENDINGS: Final = tuple(sorted(f"{word} " for word in _PLACE_PREPOSITIONS))
_PREPOSITION_REACH: Final = max(map(len, _PREPOSITION_ENDINGS))
# The same for the direction words before a name ("eastern Idlib").
_DIRECTION_ENDINGS: Final = tuple(sorted(f"{word} " for word in DIRECTIONS))
_DIRECTION_REACH: Final = max(map(len, _DIRECTION_ENDINGS))
# "Moscow and Damascus say": a country or capital doing what only governments do.
_METONYM_VERBS: Final = re.compile(
    r"(?:\s+(?:and|or)\s+[A-Z][\w'’-]+)*\s+(?:has\s+|have\s+|had\s+|also\s+|previously\s+)*"
    r"(?:say|says|said|warned|warns|maintained|maintains|condemned|condemns|accused|accuses|"
    r"announced|announces|denied|denies|insisted|insists|demanded|demands|agreed|agrees|"
    r"refused|refuses|rejected|rejects|urged|urges|vowed|vows|threatened|threatens|"
    r"claimed|claims|confirmed|confirms|argued|argues|wants|believes|responded|responds)\b"
)
_SPEAKER: Final = re.compile(
    r",?\s+(?:also\s+|has\s+|had\s+)?(?:said|says|told|tells|stressed|added|stated|warned|"
    r"explained|insisted|wrote|argued|noted|asked|replied|recalled)\b"
)
# A name right before this speaks, with no comma between ("Marion said", not "Manbij, said").
_SPEAKS: Final = re.compile(r" (?:said|says|told|tells|added|explained|wrote|asked|replied)\b")
# The words before a name that speaks at a sentence's end ("said Marion.").
_SAID: Final = ("said", "says")
# Where a report was filed: capitals opening a paragraph or a sentence (wire copy runs stories
# together), an optional region and date, then a dash or an agency in brackets ("BEIRUT, Lebanon
# -", "DALLAS (AP) Two men", "WASHINGTON, May 3 (Reuters) -", "ANKARA, June 10, 2019 -",
# "FRESNO, Calif.--"); at a paragraph's start the capitals may run straight into the first words
# ("LONDON The talks").
_DATELINE_DATE: Final = (
    rf",\s*(?:{'|'.join(m.title() for m in pat.MONTH_ABBREVIATIONS)}|May)[a-z]*\.?\s*\d{{1,2}}"
    r"(?:,\s*\d{4})?"
)
_DATELINE: Final = re.compile(
    r"(?P<head>[A-Z][A-Z.'’ -]{1,40}[A-Z]"
    rf"(?:(?!{_DATELINE_DATE}),\s*[A-Z][\w.'’ -]{{1,30}}?)?)(?:{_DATELINE_DATE})?"
    r"(?:\s*\([^)]{1,40}\)|\s*[-–—:]{1,2}(?=[\s(]|$))"
    r"|(?P<opening>[A-Z]{3,}(?: [A-Z]{3,})?) (?=[A-Z][a-z])"
)
# Between a dateline and its story: spaces, and the dash after an agency ("(AP) - ").
_STORY_GAP: Final = re.compile(r"[ \t]*(?:[-–—]{1,2}[ \t]*)?")
_KIND_FRAME_BEFORE: Final = re.compile(
    r"\b(?P<kind>city|town|village|province|governorate|district|region|camp)\s+of\s+$",
    re.IGNORECASE,
)
# The last word of a county's name that writers keep when they mean the county ("Clark County").
_COUNTY_WORDS: Final = (" county", " parish", " borough")
# Kinds that name an area rather than a town: never a person's name, rarely a namesake.
_AREA_KINDS: Final = ("country", "admin1", "region")
_MEMO_SIZE: Final = 200_000
# A town this big is not taken for a person's surname ("Greater Damascus" is no first name).
_BIG_TOWN: Final = 100_000
# A city this big keeps its name against small namesakes near the article's other places.
_FAMOUS: Final = 1_000_000
_MAX_WORDS: Final = 5
_CONTEXT_RADIUS_KM: Final = 150.0
_CONTEXT_DEGREES: Final = _CONTEXT_RADIUS_KM / 110.0  # of latitude: a cheap first test of nearness
# Settled mentions at or above this score are the document context of the others.
_CONTEXT_SCORE: Final = 0.6
# Document context re-ranks candidates only when the first leads the next by less than this.
_CONTEXT_DECIDES: Final = 0.2


@dataclass(slots=True, frozen=True)
class Mention:
    """One mention of a place: its offsets, the words, and its role."""

    start: int
    end: int
    text: str
    role: str

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(self, start: int, end: int, text: str, role: str) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "role", role)


@dataclass(slots=True, frozen=True)
class PlaceLine:
    """A distinct place of a document, every mention of it, and the place object."""

    place: Place
    mentions: tuple[Mention, ...]
    reason: str

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(self, place: Place, mentions: tuple[Mention, ...], reason: str) -> None:
        object.__setattr__(self, "place", place)
        object.__setattr__(self, "mentions", mentions)
        object.__setattr__(self, "reason", reason)

    @property
    def role(self) -> str:
        """The place's role in the document: ``place`` if any mention is one, else the role of
        its first mention."""
        roles = [m.role for m in self.mentions]
        return "place" if "place" in roles else roles[0]

    @property
    def spans(self) -> list[list[int]]:
        """Offsets of the mentions that name the place (demonyms are not its name)."""
        return [[m.start, m.end] for m in self.mentions if m.role != "demonym"]


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Nationality words to ISO country codes ("" for peoples without a state)."""
    text = resources.files("extract.data").joinpath("demonyms.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    return {row["demonym"].strip(): row["country"].strip() for row in rows}


@dataclass(slots=True, frozen=True)
class _Run:
    """What a run of capitalised words says on its own, wherever it stands (judged once)."""

    words: tuple[tuple[int, int, str], ...]  # (start, end, text), offsets within the run
    # (start, end) within the run of each gazetteer name, whether its words are never a place
    # outside a dateline ("Minister", "Centre"), whether they are one there only when other
    # words frame them ("He" has no plausible candidate, "He province" may), and the word
    # joined to them by a hyphen ("Diaz" of "Diaz-Sutton", "Paris" of "Paris-Chartres")
    names: tuple[tuple[int, int, bool, bool, str | None], ...]
    # (start, end, demonym, its country as the one candidate, or none for a people without a
    # state)
    demonyms: tuple[tuple[int, int, str, list[Candidate]], ...]
    surname: str | None  # "Bryant" of "Jane Bryant"
    one_name: bool  # a single word that names a gazetteer entry ("Marion")
    capitals: bool  # opens in capitals, as a dateline does ("BEIRUT, Lebanon -")
    unknown: bool  # could name a place the index lacks ("entered Xyzabad")
    reports: bool  # names, demonyms or unknown: may hold a mention


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    text: str
    query: str
    role: str
    candidates: list[Candidate]

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(
        self, start: int, end: int, text: str, query: str, role: str, candidates: list[Candidate]
    ) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.query = query
        self.role = role
        self.candidates = candidates


def _capitalised(word: str) -> bool:
    first = word[0]
    return first.isupper() or ("\u0600" <= first <= "\u06ff")


def _before(backwards: str, position: int) -> tuple[str, str, str]:
    """The word before ``position`` of a text, the characters between, and the word in lower
    case (word lists are), given the text reversed (a match forwards in it is cheap);
    ``("", "", "")`` when there is none."""
    match = _BEFORE.match(backwards, len(backwards) - position)
    if match is None:
        return ("", "", "")
    gap, word = match.groups()  # one call for both: cheaper than two to group()
    word = word[::-1]
    return (word, gap[::-1], word.lower())


def _after(text: str, position: int) -> tuple[str, str, str, int]:
    """The characters after ``position`` up to the next word, the word, the word in lower case,
    and where it ends."""
    match = _AFTER.match(text, position)
    if match is None:
        return ("", "", "", position)
    gap, word = match.groups()  # one call for both, and the end follows from them
    return (gap, word, word.lower(), position + len(gap) + len(word))


class PlaceFinder:
    """Finds and resolves the places of documents with one gazetteer (share it; it caches)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gaz = gazetteer
        self._exact_keys, self._loose_keys = gazetteer.name_keys()
        self._folded: dict[str, tuple[str, str]] = {}
        self._runs: dict[str, _Run] = {}
        self._judged: dict[tuple[str, str, bool, bool], list[Candidate]] = {}
        # Accepted candidates for runs the index lacks, taken after a place preposition.
        self._unknowns: dict[str, list[Candidate]] = {}
        # Place objects by the identity of their candidate (hashing a candidate hashes its
        # whole feature) and words; each entry keeps its candidate, so the id stays its own.
        self._place_objects: dict[tuple[int, str], tuple[Candidate, Place]] = {}
        # The gazetteer's answers on ordinary words: asked often, and not compiled with this.
        self._common_words: dict[str, bool] = {}
        self._demonyms = demonyms()

    # -- recognition --------------------------------------------------------------------------

    def _keys(self, words: str) -> tuple[str, str]:
        keys = self._folded.get(words)
        if keys is None:
            normed = norm(words)
            keys = (normed, fold(normed))
            if len(self._folded) > _MEMO_SIZE:
                self._folded.clear()
            self._folded[words] = keys
        return keys

    def _is_common_word(self, word: str) -> bool:
        common = self._common_words.get(word)
        if common is None:
            common = self._gaz.is_common_word(word)
            if len(self._common_words) > _MEMO_SIZE:
                self._common_words.clear()
            self._common_words[word] = common
        return common

    def _is_key(self, words: str) -> bool:
        normed, folded = self._keys(words)
        return normed in self._exact_keys or folded in self._loose_keys

    def _run(self, run: str) -> _Run:
        """The names, demonyms and surname in a run of capitalised words (memoised: runs
        repeat across documents)."""
        judged = self._runs.get(run)
        if judged is None:
            words = tuple((m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(run))
            names = []
            for i, j in self._names(run, words):
                start, end = words[i][0], words[j - 1][1]
                name = run[start:end]
                never = _not_a_place(name)
                # After a preposition is where the most candidates are plausible.
                framed_only = never or not self._candidates(name, name, False, True)
                names.append((start, end, never, framed_only, _hyphen_partner(run, start, end)))
            demonym_words = tuple(
                (start, end, word, self._demonym_candidates(word, code))
                for start, end, word, code in self._demonym_words(run, words)
            )
            unknown = self._could_be_unknown(run, words)
            judged = _Run(
                words,
                tuple(names),
                demonym_words,
                self._surname(run, words),
                len(words) == 1 and bool(names),
                run[:3].isupper(),
                unknown,
                bool(names or demonym_words or unknown),
            )
            if len(self._runs) > _MEMO_SIZE:
                self._runs.clear()
            self._runs[run] = judged
        return judged

    def _names(
        self, run: str, words: tuple[tuple[int, int, str], ...]
    ) -> Iterable[tuple[int, int]]:
        """Word ranges ``[i, j)`` naming a gazetteer entry, longest first, left to right."""
        i, n = 0, len(words)
        while i < n:
            word = words[i][2]
            # An article opens a name only when joined to it ("al-Bokamal").
            opens = word.lower() in _CONNECTORS and i + 1 < n and run[words[i][1]] == "-"
            if (not _capitalised(word) or word.lower() in pat.ENGLISH_FUNCTION_WORDS) and not opens:
                i += 1
                continue
            for j in range(min(n, i + _MAX_WORDS), i, -1):
                if not _capitalised(words[j - 1][2]):
                    continue
                name = run[words[i][0] : words[j - 1][1]]
                if len(name) > 1 and self._is_key(name):
                    yield i, j
                    i = j
                    break
            else:
                i += 1

    def _demonym_words(
        self, run: str, words: tuple[tuple[int, int, str], ...]
    ) -> Iterable[tuple[int, int, str, str]]:
        """Nationality words ("Saudi Arabian", "Iraqis") with their country codes."""
        k, n = 0, len(words)
        while k < n:
            start, end, word = words[k]
            if k + 1 < n and run[end] == " ":
                pair = f"{word} {words[k + 1][2]}"
                code = self._demonyms.get(pair) or self._demonyms.get(pair[:-1])
                if code is not None:
                    yield start, words[k + 1][1], pair, code
                    k += 2
                    continue
            code = self._demonyms.get(word)
            if code is None and word.endswith("s"):
                word = word[:-1]
                code = self._demonyms.get(word)
            if code is not None and _capitalised(word):
                yield start, end, word, code
            k += 1

    def _demonym_candidates(self, word: str, code: str) -> list[Candidate]:
        feature = self._gaz.country(code) if code else None
        return [Candidate(feature, 1.0, "demonym", word)] if feature else []

    def _surname(self, run: str, words: tuple[tuple[int, int, str], ...]) -> str | None:
        """The last word of a run ending in a person's full name ("Jane Bryant" gives "Bryant")."""
        if len(words) < 2:
            return None
        (_, first_end, first), (last_start, _, last) = words[-2], words[-1]
        if first in _NAME_PARTICLES and len(words) > 2 and run[first_end:last_start] == " ":
            (_, first_end, first), last_start = words[-3], words[-2][0]  # "Jan de Vries"
        if (
            run[first_end:last_start] == " "
            and _capitalised(first)
            and not first.isupper()
            and first.lower() not in pat.ENGLISH_FUNCTION_WORDS
            and first.lower() not in DIRECTIONS
            and first not in self._demonyms
            and not self._is_key(f"{first} {last}")
        ):
            return last
        return None

    def find(self, text: str) -> list[_Found]:
        """Place mentions in ``text`` with their ranked candidates (before document context)."""
        backwards = text[::-1]
        runs: list[tuple[int, _Run]] = []
        surnames = set()
        datelines: list[tuple[int, int]] = []
        judged = self._runs
        last_start = last_end = -1
        for match in _RUN.finditer(text):
            start, end = match.span()
            if start and text[start - 1] == "-":
                article = _ARTICLE_BEFORE.match(backwards, len(text) - start)
                if article:
                    start -= len(article.group(0))
            elif (
                start == last_end + 5
                and text[last_end:start] == " and "
                and self._is_key(text[last_start:end])
            ):
                if runs and runs[-1][0] == last_start:  # "Trinidad and Tobago"
                    runs.pop()
                start = last_start
            last_start, last_end = start, end
            words = text[start:end]
            run = judged.get(words) or self._run(words)
            if run.capitals:
                dateline = self._dateline(text, start)
                if dateline is not None:
                    datelines.append(dateline)
            if run.surname:
                surnames.add(run.surname)
            elif run.one_name and self._speaks(text, backwards, start, end):
                surnames.add(words)  # "Marion said", "said Marion.": a person, everywhere here
            if run.reports:
                runs.append((start, run))
        found: list[_Found] = []
        for offset, run in runs:
            in_run: list[_Found] = []
            for start, end, word, candidates in run.demonyms:
                start, end = offset + start, offset + end
                in_run.append(_Found(start, end, text[start:end], word, "demonym", candidates))
            for start, end, never, framed_only, partner in run.names:
                start, end = offset + start, offset + end
                if in_run:
                    overlapping = [d for d in in_run if d.start < end and start < d.end]
                    if any(end - start <= d.end - d.start for d in overlapping):
                        continue  # "Saudi Arabian": the demonym, not the name "Saudi"
                    for d in overlapping:  # "Saudi Arabia": the name, not the demonym "Saudi"
                        in_run.remove(d)
                in_dateline = bool(datelines) and any(s <= start < e for s, e in datelines)
                if not in_dateline and never:
                    continue  # what _mention() would find: no plausible candidate
                after = _after(text, end)
                if not in_dateline and framed_only and not _maybe_framed(text, start, after):
                    continue  # the same
                mention = self._mention(
                    text, backwards, start, end, after, in_dateline, surnames, partner
                )
                if mention is not None:
                    in_run.append(mention)
            if not in_run and run.unknown:
                unknown = self._framed_unknown(text, backwards, offset, run)
                if unknown is not None:
                    in_run.append(unknown)
            found.extend(in_run)
        found.sort(key=lambda f: f.start)
        return found

    @staticmethod
    def _speaks(text: str, backwards: str, start: int, end: int) -> bool:
        """Whether the words at ``text[start:end]`` speak ("Marion said", "said Marion.")."""
        if _SPEAKS.match(text, end):
            return True
        if text[end : end + 1] not in (".", ",") or text[start - 5 : start - 1] not in _SAID:
            return False
        return text[start - 1 : start] == " " and _before(backwards, start)[0] in _SAID

    @staticmethod
    def _dateline(text: str, start: int) -> tuple[int, int] | None:
        """The dateline opening at ``start``, where a run in capitals opens a paragraph or a
        sentence, if there is one."""
        before = text[max(0, start - 2) : start]
        match = (
            _DATELINE.match(text, start)
            if not before or before[-1] == "\n" or before in (". ", "! ", "? ")
            else None
        )
        if match is None or (match.lastgroup == "opening" and before[-1:] not in ("", "\n")):
            return None
        return match.span(match.lastgroup or 0)

    @staticmethod
    def _query(
        text: str,
        start: int,
        end: int,
        before: tuple[str, str, str],
        after: tuple[str, str, str, int],
    ) -> tuple[str, int]:
        """The gazetteer query for ``text[start:end]`` with the words that frame it ("Deir
        ez-Zor Governorate", "the city of Idlib", "eastern Syria"), and where the mention ends."""
        words = text[start:end]
        query = words
        gap, kind, lowered, kind_end = after
        if gap == " " and lowered in KIND_WORDS:
            query = f"{words} {kind}"
            if _capitalised(kind):
                end = kind_end
        frame = (
            _KIND_FRAME_BEFORE.search(text, max(0, start - 30), start)
            if text[max(0, start - 3) : start].lower() == "of "
            else None
        )
        if frame:
            query = f"{frame.group('kind')} of {words}"
        elif before[1] == " " and before[2] in DIRECTIONS:
            query = f"{before[2]} {query}"
        return query, end

    def _mention(
        self,
        text: str,
        backwards: str,
        start: int,
        end: int,
        after: tuple[str, str, str, int],
        in_dateline: bool,
        surnames: set[str],
        partner: str | None,
    ) -> _Found | None:
        """The mention at ``text[start:end]`` (``after`` it: see :func:`_after`), unless it is
        no place here."""
        words = text[start:end]
        name_end = end
        before = _before(backwards, start)
        query, end = self._query(text, start, end, before, after)
        after_preposition = before[2] in _PLACE_PREPOSITIONS
        candidates = self._candidates(query, words, in_dateline, after_preposition)
        if not candidates:
            return None
        top = candidates[0].feature
        if not in_dateline:
            if self._in_a_name(text, start, name_end, before, after, top):
                return None
            if (
                top.kind == "populated_place"
                and top.population < 500_000
                and (_SPEAKER.match(text, name_end) or before[2] in _TOLD)
            ):
                return None  # "Assad stressed", "told Rudaw": a person or outlet, not a village
            if (
                partner is not None
                and (
                    (words.isupper() and len(partner) == 1)
                    or (
                        top.kind not in _AREA_KINDS
                        and top.population < _FAMOUS
                        and top.country not in THEATRE
                    )
                )
                and not self._weighty(partner)
            ):
                return None  # "Diaz-Sutton", "(R-FL)": a double name or a code, not a town
        role = "dateline" if in_dateline else "place"
        if (after[0] == "-" and after[2] in _MODIFIER_SUFFIXES) or _titles_after(after):
            role = "modifier"
        elif (
            role == "place"
            and (top.kind == "country" or top.population >= 500_000)
            and _METONYM_VERBS.match(text, end)
        ):
            role = "metonym"
        if (
            role == "place"
            and words in surnames
            and top.kind not in _AREA_KINDS
            and top.population < _BIG_TOWN
        ):
            return None  # "Bryant said", after "Jane Bryant": the person again
        return _Found(start, end, text[start:end], query, role, candidates)

    def _candidates(
        self, query: str, words: str, in_dateline: bool, after_preposition: bool
    ) -> list[Candidate]:
        """The plausible candidates for a mention (the same words are judged once per run)."""
        key = (query, words, in_dateline, after_preposition)
        cached = self._judged.get(key)
        if cached is not None:
            return cached
        try:
            candidates = self._gaz.candidates(query, Context(), limit=5)
        except QueryError:
            candidates = []
        if not in_dateline:
            candidates = [
                c
                for c in candidates
                if self._plausible(words, c, after_preposition)
                and not (query == words and _county_without_its_word(words, c.feature))
            ]
            if words.isupper() and " " not in words:
                # An acronym names a country or union ("US", "EU") or is a division's own
                # abbreviation as written ("NJ", "D.C."), never a village ("Eu", "Nato").
                candidates = [
                    c
                    for c in candidates
                    if c.feature.kind in ("country", "region") or c.matched == words
                ]
        if len(self._judged) > _MEMO_SIZE:
            self._judged.clear()
        self._judged[key] = candidates
        return candidates

    def _in_a_name(
        self,
        text: str,
        start: int,
        end: int,
        before: tuple[str, str, str],
        following: tuple[str, str, str, int],
        top: Feature,
    ) -> bool:
        """Whether ``text[start:end]`` is part of a person's or organisation's name ("Emily
        Jones", "Washington Post", "President Assad")."""
        word, gap, lowered = before
        if lowered in _PERSON_TITLES and gap in (" ", ". "):
            return True
        after_gap, after, after_lowered, after_end = following
        before_start = start - len(gap) - len(word)
        if (
            gap == ". "
            and len(word) == 1
            and word.isupper()
            and text[before_start - 1 : before_start] in ("", " ")
        ):
            return True  # "Anna K. Sutton"
        if _titles_after(following):
            return False  # "Ohio Gov. Jane Roe": the place the person speaks for
        if (
            after
            and after_gap in (" ", "-")
            and _capitalised(after)
            and after_lowered not in KIND_WORDS
            and (after in pat.ORGANISATION_WORDS or not self._is_common_word(after))
        ):
            return True
        if after_gap == " " and after_lowered in _CONNECTORS:
            joined_gap, joined, _, _ = _after(text, after_end)
            if joined_gap == "-" and joined and _capitalised(joined):
                return True  # "Hamad al-Ibrahim"
        return bool(
            top.kind not in _AREA_KINDS
            and " " not in text[start:end]
            and "-" not in text[start:end]
            and word
            and gap == " "
            and _capitalised(word)
            and lowered not in DIRECTIONS
            and lowered not in pat.ENGLISH_FUNCTION_WORDS
            and not (self._is_common_word(word) and _title_case(text, before_start))
            and word not in self._demonyms
            and not _sentence_start(text, before_start)
        )

    def _plausible(self, words: str, candidate: Candidate, after_preposition: bool) -> bool:
        """Whether a name the index knows is a place mention here, not an ordinary word, a
        title or a loose spelling of a far-away village."""
        f = candidate.feature
        wide = f.kind in ("country", "admin1", "region", "crossing")
        if _not_a_place(words):
            return False
        if f.country not in THEATRE and not wide and candidate.level != "exact":
            return False  # a loose transliteration only counts in the theatre
        if candidate.level != "exact" and (
            all(map(self._is_common_word, words.split()))
            or any(len(word) == 1 for word in words.split())
        ):
            return False  # "All The", "Anna K.": ordinary words or initials folded like a place
        if " " not in words and not words.isupper() and self._is_common_word(words):
            # "Turkey", "Jordan", "Chad" are countries; "Hit" is a town only after "in", "to".
            return (wide and self._keys(f.name)[0] == norm(words)) or (
                after_preposition and f.country in THEATRE
            )
        return True

    def _weighty(self, name: str) -> bool:
        """Whether ``name`` alone names an area or a big town ("Paris" of "Paris-Chartres"),
        not a person's first or second name ("Diaz" of "Diaz-Sutton")."""
        if name in self._demonyms:
            return True  # "Israeli-Gaza border"
        candidates = self._candidates(name, name, False, False)
        return bool(candidates) and (
            candidates[0].feature.kind in _AREA_KINDS
            or candidates[0].feature.population >= _BIG_TOWN
        )

    def _could_be_unknown(self, run: str, words: tuple[tuple[int, int, str], ...]) -> bool:
        """Whether a run could name a place the index lacks: up to three words, not an acronym,
        a nationality or a known word."""
        if not words:
            return False  # no letters: an Arabic-Indic digit or comma opened the run ("٢")
        first = words[0][2]
        return not (
            len(words) > 3
            or not first[0].isupper()
            or first.isupper()
            or run in self._demonyms
            or self._is_common_word(run)
            or run.lower() in pat.NOT_PLACE_WORDS
        )

    def _framed_unknown(self, text: str, backwards: str, offset: int, run: _Run) -> _Found | None:
        """A run that could name a place the index lacks (``run.unknown``), taken as a place
        after a place preposition ("entered Xyzabad")."""
        reach = text[max(0, offset - _PREPOSITION_REACH) : offset]
        if not reach.lower().endswith(_PREPOSITION_ENDINGS):
            return None
        _, gap, word = _before(backwards, offset)
        if gap != " " or word not in _PLACE_PREPOSITIONS:
            return None
        words = text[offset : offset + run.words[-1][1]]
        candidates = self._unknowns.get(words)
        if candidates is None:
            try:
                candidates = self._gaz.candidates(words, Context(), limit=5)
            except QueryError:
                candidates = []
            if not candidates or candidates[0].score < ACCEPT_SCORE:
                candidates = []
            if len(self._unknowns) > _MEMO_SIZE:
                self._unknowns.clear()
            self._unknowns[words] = candidates
        if candidates:
            return _Found(offset, offset + len(words), words, words, "place", candidates)
        return None

    # -- resolution -----------------------------------------------------------------------------

    def places(self, text: str) -> list[PlaceLine]:
        """The distinct places of a document, each with its mentions, resolved in context.

        Captions are read too: they name places, and only never carry dates or movements.
        """
        accepted = [
            f for f in self.find(text) if f.candidates and f.candidates[0].score >= ACCEPT_SCORE
        ]
        countries: dict[str, set[str]] = {}
        divisions: dict[str, set[str]] = {}
        settled: dict[tuple[float, float, str], None] = {}  # the points, once each, in order
        for f in accepted:
            top = f.candidates[0]
            if top.score < _CONTEXT_SCORE:
                continue
            feature = top.feature
            if feature.country:
                countries.setdefault(feature.country, set()).add(f.query)
            if feature.kind == "admin1" and feature.admin1:
                divisions.setdefault(feature.admin1, set()).add(f.query)
            if feature.kind not in ("country", "region"):
                settled[(feature.lat, feature.lon, f.query)] = None
        points = list(settled)
        groups: dict[tuple[str, int], tuple[Candidate, list[Mention], str]] = {}
        chosen: dict[str, tuple[Candidate, str]] = {}
        for f in accepted:
            if f.query not in chosen or f.role == "demonym":
                chosen[f.query] = self._in_context(f, countries, divisions, points)
            best, why = chosen[f.query]
            key = (best.feature.source, best.feature.id)
            if key not in groups:
                groups[key] = (best, [], why)
            mentions = groups[key][1]
            if mentions and text[mentions[-1].end : f.start] == ", ":
                # "Washington, D.C.": one mention of the place, its division named after it
                last = mentions[-1]
                mentions[-1] = Mention(last.start, f.end, text[last.start : f.end], last.role)
            else:
                mentions.append(Mention(f.start, f.end, f.text, f.role))
        lines = []
        for best, mentions, why in groups.values():
            first = mentions[0]
            for mention in mentions:
                if mention.role != "demonym":
                    first = mention
                    break
            lines.append(PlaceLine(self._place(best, first.text), tuple(mentions), why))
        lines.sort(key=lambda line: line.mentions[0].start)
        return lines

    def _place(self, candidate: Candidate, words: str) -> Place:
        """``candidate.place(words)``, made once (frozen, so shared): the same places recur
        across documents, and a place object is slow to build."""
        key = (id(candidate), words)
        made = self._place_objects.get(key)
        if made is None or made[0] is not candidate:
            made = (candidate, candidate.place(words))
            if len(self._place_objects) > _MEMO_SIZE:
                self._place_objects.clear()
            self._place_objects[key] = made
        return made[1]

    @staticmethod
    def _in_context(
        found: _Found,
        countries: dict[str, set[str]],
        divisions: dict[str, set[str]],
        points: list[tuple[float, float, str]],
    ) -> tuple[Candidate, str]:
        candidates = found.candidates
        top = candidates[0]
        # Read once: the fields of gazetteer objects are slow to read from compiled code.
        top_score, top_feature = top.score, top.feature
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        if (
            found.role == "demonym"
            or top_score - runner_up > _CONTEXT_DECIDES
            or (top_feature.kind == "country" and top.level == "exact")
        ):
            return top, top.reason  # a country's own name means the country ("Mexico")
        top_population = top_feature.population
        top_exact_area = top_feature.kind in _AREA_KINDS and top.level == "exact"
        query = found.query
        best: tuple[float, Candidate, str] | None = None
        for candidate in candidates:
            f = candidate.feature
            if top_score - candidate.score > _CONTEXT_DECIDES or (
                candidate is not top
                and f.kind not in _AREA_KINDS
                and (
                    (top_population >= _FAMOUS and f.population * 10 < top_population)
                    or (top_exact_area and f.population < _BIG_TOWN)
                )
            ):
                # Context does not turn London into London, Ohio, nor the Middle East into
                # Middle East, Maryland.
                continue
            bonus, why = 0.0, candidate.reason
            if _named_elsewhere(countries, f.country, query):
                bonus += 0.1
                why += f"; in {f.country}, a country the article names"
            if f.kind != "admin1" and _named_elsewhere(divisions, f.admin1, query):
                bonus += 0.1
                why += f"; in {f.admin1}, a division the article names"
            lat, lon = f.lat, f.lon
            near = [
                km_between(lat, lon, other_lat, other_lon)
                for other_lat, other_lon, other_query in points
                if abs(other_lat - lat) <= _CONTEXT_DEGREES and other_query != query
            ]
            if near and min(near) <= _CONTEXT_RADIUS_KM:
                bonus += 0.1
                why += f"; {min(near):.0f} km from another place in the article"
            score = candidate.score + bonus
            if best is None or score > best[0]:
                best = (score, candidate, why)
        assert best is not None
        return best[1], best[2]


def _maybe_framed(text: str, start: int, after: tuple[str, str, str, int]) -> bool:
    """Whether words around the name at ``start`` (``after`` it: see :func:`_after`) may make a
    query of their own with it ("Idlib province", "city of Idlib", "eastern Idlib"): a quick
    test that errs only towards yes (see :meth:`PlaceFinder._query`)."""
    gap, _, lowered, _ = after
    return (
        (gap == " " and lowered in KIND_WORDS)
        or text[max(0, start - 3) : start].lower() == "of "
        or text[max(0, start - _DIRECTION_REACH) : start].lower().endswith(_DIRECTION_ENDINGS)
    )


def story_start(text: str, dateline: int) -> int:
    """Where the story begins after the dateline found at ``dateline`` ("ANKARA, June 10, 2019 -
    Some 2,000 families": at "Some"), so its date and dash are read as no part of it."""
    match = _DATELINE.match(text, dateline)
    if match is None:
        return dateline
    gap = _STORY_GAP.match(text, match.end())
    return gap.end() if gap else match.end()


def _not_a_place(words: str) -> bool:
    """Whether words the index knows are never a place mention outside a dateline: ordinary
    words and titles ("Centre", "Minister")."""
    lowered = words.lower().rstrip(".")
    return (
        lowered in pat.NOT_PLACE_WORDS
        or lowered in _PERSON_TITLES
        or _CONTRACTION.search(lowered) is not None
    )


def _hyphen_partner(run: str, start: int, end: int) -> str | None:
    """The capitalised word joined by a hyphen to ``run[start:end]`` ("Diaz" of "Diaz-Sutton"),
    if any; an article ("al-Bokamal") is no partner."""
    if start > 1 and run[start - 1] == "-":
        partner = run[: start - 1].rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
    elif run[end : end + 1] == "-":
        partner = run[end + 1 :].split(" ", 1)[0].split("-", 1)[0]
    else:
        return None
    if not partner or not _capitalised(partner) or partner.lower() in _CONNECTORS:
        return None
    return partner


def _titles_after(following: tuple[str, str, str, int]) -> bool:
    """Whether the word after a name (see :func:`_after`) is a title or a party its people hold
    there ("Ohio Gov. Jane Roe", "Alberta Premier", "Texas Republicans")."""
    gap, _, lowered, _ = following
    return gap == " " and lowered in _TITLES_AFTER


def _county_without_its_word(words: str, feature: Feature) -> bool:
    """Whether ``words`` name a county without the word its name needs ("Clark" for Clark
    County): a surname far more often than the county."""
    name = feature.name.lower()
    return (
        feature.kind == "admin2"
        and name.endswith(_COUNTY_WORDS)
        and not words.lower().endswith(_COUNTY_WORDS)
    )


def _named_elsewhere(named: dict[str, set[str]], code: str | None, query: str) -> bool:
    """Whether the article names the country or division ``code`` other than by ``query``."""
    by = named.get(code or "", set())
    return len(by) > 1 or bool(by and query not in by)


def _title_case(text: str, position: int) -> bool:
    """Whether the line around ``position`` is a headline in Title Case."""
    left = text.rfind("\n", 0, position) + 1
    right = text.find("\n", position)
    return _title_case_line(text[left : right if right != -1 else len(text)])


@lru_cache(maxsize=4096)
def _title_case_line(line: str) -> bool:
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return start == 0 or before.endswith(("\n", ". ", "! ", "? ", ": ", '" ', "“", "‘"))
