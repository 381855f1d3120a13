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

from extract import patterns as pat
from gazetteer import ACCEPT_SCORE, Candidate, Context, Feature, Gazetteer, Place, fold, norm
from gazetteer.patterns import DIRECTIONS, KIND_WORDS, THEATRE
from gazetteer.query import QueryError
from gazetteer.sources import km_between

__all__ = ["Mention", "PlaceFinder", "PlaceLine", "demonyms"]

# Words, hyphenated parts and abbreviations ("U.S."), with offsets.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")
# Lower-case words allowed inside a multi-word name ("Deir ez Zor", "Gulf of Aden").
_CONNECTORS = frozenset(
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
# Abbreviations inside names ("St. Petersburg", "Mt. Hermon").
_ABBREVIATED = frozenset({"St", "Mt", "Ft", "Pt"})
# "Iran-backed", "US-led": the name modifies what follows.
_MODIFIER_SUFFIXES = frozenset(
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
# Words before a capitalised name that make it a person's name, not a place.
_PERSON_TITLES = frozenset(
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
_PLACE_PREPOSITIONS = frozenset(
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
# "Moscow and Damascus say": a country or capital doing what only governments do.
_METONYM_VERBS = re.compile(
    r"(?:\s+(?:and|or)\s+[A-Z][\w'’-]+)*\s+(?:has\s+|have\s+|had\s+|also\s+|previously\s+)*"
    r"(?:say|says|said|warned|warns|maintained|maintains|condemned|condemns|accused|accuses|"
    r"announced|announces|denied|denies|insisted|insists|demanded|demands|agreed|agrees|"
    r"refused|refuses|rejected|rejects|urged|urges|vowed|vows|threatened|threatens|"
    r"claimed|claims|confirmed|confirms|argued|argues|wants|believes|responded|responds)\b"
)
_SPEAKER = re.compile(
    r",?\s+(?:also\s+|has\s+|had\s+)?(?:said|says|told|tells|stressed|added|stated|warned|"
    r"explained|insisted|wrote|argued|noted|asked|replied|recalled)\b"
)
_DATELINE = re.compile(
    r"^(?P<head>[A-Z][A-Z.'’ -]{1,40}[A-Z](?:,\s*[A-Z][\w.'’ -]{1,30}?)?)\s*"
    r"(?:\([^)]{1,40}\)\s*)?[-–—:]\s"
)
_KIND_FRAME_BEFORE = re.compile(
    r"\b(?P<kind>city|town|village|province|governorate|district|region|camp)\s+of\s+$",
    re.IGNORECASE,
)
# Kinds that name an area rather than a town: never a person's name, rarely a namesake.
_AREA_KINDS = ("country", "admin1", "region")
_MEMO_SIZE = 200_000
# A town this big is not taken for a person's surname ("Greater Damascus" is no first name).
_BIG_TOWN = 100_000
_MAX_WORDS = 5
_CONTEXT_RADIUS_KM = 150.0
# Settled mentions at or above this score are the document context of the others.
_CONTEXT_SCORE = 0.6
# Document context re-ranks candidates only when the first leads the next by less than this.
_CONTEXT_DECIDES = 0.2


@dataclass(slots=True, frozen=True)
class Mention:
    """One mention of a place: its offsets, the words, and its role."""

    start: int
    end: int
    text: str
    role: str


@dataclass(slots=True, frozen=True)
class PlaceLine:
    """A distinct place of a document, every mention of it, and the place object."""

    place: Place
    mentions: tuple[Mention, ...]
    reason: str

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


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    gap: str  # the characters between the previous token and this one


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    text: str
    query: str
    role: str
    candidates: list[Candidate]


class PlaceFinder:
    """Finds and resolves the places of documents with one gazetteer (share it; it caches)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gaz = gazetteer
        self._exact_keys, self._loose_keys = gazetteer.name_keys()
        self._folded: dict[str, tuple[str, str]] = {}
        self._judged: dict[tuple[str, str, bool, bool], list[Candidate]] = {}
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

    def _is_key(self, words: str) -> bool:
        normed, folded = self._keys(words)
        return normed in self._exact_keys or folded in self._loose_keys

    def _tokens(self, text: str) -> list[_Token]:
        tokens = []
        previous_end = 0
        for match in _TOKEN.finditer(text):
            word = match.group(0)
            start, end = match.start(), match.end()
            if word.endswith(("'s", "’s")):
                word, end = word[:-2], end - 2
            tokens.append(_Token(start, end, word, text[previous_end:start]))
            previous_end = end
        return tokens

    @staticmethod
    def _capitalised(token: _Token) -> bool:
        first = token.text[0]
        return first.isupper() or ("\u0600" <= first <= "\u06ff")

    def _names(self, text: str, tokens: list[_Token]) -> Iterable[tuple[int, int]]:
        """Token ranges ``[i, j)`` naming a gazetteer entry, longest first, left to right."""
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            article_start = (
                token.text.lower() in _CONNECTORS
                and i + 1 < n
                and tokens[i + 1].gap == "-"
                and self._capitalised(tokens[i + 1])
            )
            if not (self._capitalised(token) or article_start) or (
                token.text.lower() in pat.ENGLISH_FUNCTION_WORDS
            ):
                i += 1
                continue
            last = i + 1
            while (
                last < n
                and last - i < _MAX_WORDS
                and (
                    tokens[last].gap in (" ", "-")
                    or (tokens[last].gap == ". " and tokens[last - 1].text in _ABBREVIATED)
                )
            ):
                nxt = tokens[last]
                if not (self._capitalised(nxt) or nxt.text.lower() in _CONNECTORS):
                    break
                last += 1
            for j in range(last, i, -1):
                if not self._capitalised(tokens[j - 1]):
                    continue
                words = text[token.start : tokens[j - 1].end]
                if len(words) > 1 and self._is_key(words):
                    yield i, j
                    i = j
                    break
            else:
                i += 1

    def find(self, text: str) -> list[_Found]:
        """Place mentions in ``text`` with their ranked candidates (before document context)."""
        tokens = self._tokens(text)
        surnames = self._surnames(tokens)
        found: list[_Found] = []
        taken: list[tuple[int, int]] = []
        datelines = self._datelines(text)
        for start, end, word, code in self._demonym_mentions(tokens):
            feature = self._gaz.country(code) if code else None
            candidates = [Candidate(feature, 1.0, "demonym", word)] if feature else []
            found.append(_Found(start, end, text[start:end], word, "demonym", candidates))
            taken.append((start, end))
        for i, j in self._names(text, tokens):
            start, end = tokens[i].start, tokens[j - 1].end
            overlapping = [d for d in found if d.start < end and start < d.end]
            if any(end - start <= d.end - d.start for d in overlapping):
                continue  # "Saudi Arabian": the demonym, not the name "Saudi"
            for d in overlapping:  # "Saudi Arabia": the name, not the demonym "Saudi"
                found.remove(d)
                taken.remove((d.start, d.end))
            mention = self._mention(text, tokens, i, j, datelines, surnames)
            if mention is not None:
                found.append(mention)
                taken.append((mention.start, mention.end))
        for mention in self._framed_unknowns(text, tokens, taken):
            found.append(mention)
        found.sort(key=lambda f: f.start)
        return found

    def _surnames(self, tokens: list[_Token]) -> set[str]:
        """Last words of people's full names in the text ("Jane Bryant" gives "Bryant")."""
        found = set()
        for k in range(1, len(tokens)):
            first, last = tokens[k - 1], tokens[k]
            if (
                last.gap == " "
                and first.text[:1].isupper()
                and last.text[:1].isupper()
                and not first.text.isupper()
                and first.text.lower() not in pat.ENGLISH_FUNCTION_WORDS
                and first.text.lower() not in DIRECTIONS
                and first.text not in self._demonyms
                and not self._is_key(f"{first.text} {last.text}")
                and (
                    k + 1 >= len(tokens)
                    or not tokens[k + 1].text[:1].isupper()
                    or tokens[k + 1].gap != " "
                )
            ):
                found.add(last.text)
        return found

    def _demonym_mentions(self, tokens: list[_Token]) -> Iterable[tuple[int, int, str, str]]:
        """``(start, end, demonym, country)`` of nationality words ("Saudi Arabian", "Iraqis")."""
        skip_to = 0
        for k, token in enumerate(tokens):
            if k < skip_to or not token.text[:1].isupper():
                continue
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if nxt is not None and nxt.gap == " ":
                pair = f"{token.text} {nxt.text}"
                code = self._demonyms.get(pair) or self._demonyms.get(pair[:-1])
                if code is not None:
                    yield token.start, nxt.end, pair, code
                    skip_to = k + 2
                    continue
            word = token.text
            code = self._demonyms.get(word)
            if code is None and word.endswith("s"):
                word = word[:-1]
                code = self._demonyms.get(word)
            if code is not None:
                yield token.start, token.end, word, code

    @staticmethod
    def _datelines(text: str) -> list[tuple[int, int]]:
        spans = []
        offset = 0
        for paragraph in text.split("\n\n"):
            match = _DATELINE.match(paragraph)
            if match:
                spans.append((offset, offset + match.end("head")))
            offset += len(paragraph) + 2
        return spans

    def _query(self, text: str, tokens: list[_Token], i: int, j: int) -> tuple[str, int]:
        """The gazetteer query for tokens ``i..j`` with the words that frame them ("Deir ez-Zor
        Governorate", "the city of Idlib", "eastern Syria"), and where the mention ends."""
        start, end = tokens[i].start, tokens[j - 1].end
        words = text[start:end]
        query = words
        if j < len(tokens) and tokens[j].gap == " " and tokens[j].text.lower() in KIND_WORDS:
            query = f"{words} {tokens[j].text}"
            if self._capitalised(tokens[j]):
                end = tokens[j].end
        frame = _KIND_FRAME_BEFORE.search(text, max(0, start - 30), start)
        if frame:
            query = f"{frame.group('kind')} of {words}"
        elif i > 0 and tokens[i].gap == " " and tokens[i - 1].text.lower() in DIRECTIONS:
            query = f"{tokens[i - 1].text.lower()} {query}"
        return query, end

    def _mention(
        self,
        text: str,
        tokens: list[_Token],
        i: int,
        j: int,
        datelines: list[tuple[int, int]],
        surnames: set[str],
    ) -> _Found | None:
        start = tokens[i].start
        words = text[start : tokens[j - 1].end]
        in_dateline = any(s <= start < e for s, e in datelines)
        query, end = self._query(text, tokens, i, j)
        after_preposition = i > 0 and tokens[i - 1].text.lower() in _PLACE_PREPOSITIONS
        candidates = self._candidates(query, words, in_dateline, after_preposition)
        if not candidates:
            return None
        top = candidates[0].feature
        if not in_dateline:
            if self._in_a_name(text, tokens, i, j, top):
                return None
            if (
                top.kind == "populated_place"
                and top.population < 500_000
                and _SPEAKER.match(text, tokens[j - 1].end)
            ):
                return None  # "Assad stressed": a person speaking, named like a village
        role = "dateline" if in_dateline else "place"
        after = tokens[j] if j < len(tokens) else None
        if after is not None and after.gap == "-" and after.text.lower() in _MODIFIER_SUFFIXES:
            role = "modifier"
        elif (
            role == "place"
            and _METONYM_VERBS.match(text, end)
            and (top.kind == "country" or top.population >= 500_000)
        ):
            role = "metonym"
        if (
            role == "place"
            and j - i == 1
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
            candidates = [c for c in candidates if self._plausible(words, c, after_preposition)]
            if words.isupper() and " " not in words:
                # An acronym names a country or union ("US", "EU"), not a village ("Eu", "Isis").
                candidates = [c for c in candidates if c.feature.kind in ("country", "region")]
        if len(self._judged) > _MEMO_SIZE:
            self._judged.clear()
        self._judged[key] = candidates
        return candidates

    def _in_a_name(self, text: str, tokens: list[_Token], i: int, j: int, top: Feature) -> bool:
        """Whether tokens ``i..j`` are part of a person's or organisation's name ("Emily
        Jones", "Washington Post", "President Assad")."""
        before = tokens[i - 1] if i > 0 else None
        after = tokens[j] if j < len(tokens) else None
        if (
            before is not None
            and before.text.lower().rstrip(".") in _PERSON_TITLES
            and tokens[i].gap in (" ", ". ")
        ):
            return True
        big = top.kind in _AREA_KINDS
        if (
            after is not None
            and after.gap in (" ", "-")
            and self._capitalised(after)
            and after.text.lower() not in KIND_WORDS
            and (after.text in pat.ORGANISATION_WORDS or not self._gaz.is_common_word(after.text))
        ):
            return True
        if (
            after is not None
            and after.gap == " "
            and after.text.lower() in _CONNECTORS
            and j + 1 < len(tokens)
            and tokens[j + 1].gap == "-"
            and self._capitalised(tokens[j + 1])
        ):
            return True  # "Hamad al-Ibrahim"
        return bool(
            not big
            and j - i == 1
            and before is not None
            and tokens[i].gap == " "
            and self._capitalised(before)
            and before.text.lower() not in DIRECTIONS
            and before.text.lower() not in pat.ENGLISH_FUNCTION_WORDS
            and not (self._gaz.is_common_word(before.text) and _title_case(text, before.start))
            and before.text not in self._demonyms
            and not _sentence_start(text, before.start)
        )

    def _plausible(self, words: str, candidate: Candidate, after_preposition: bool) -> bool:
        """Whether a name the index knows is a place mention here, not an ordinary word, a
        title or a loose spelling of a far-away village."""
        f = candidate.feature
        wide = f.kind in ("country", "admin1", "region", "crossing")
        lowered = words.lower().rstrip(".")
        if lowered in pat.NOT_PLACE_WORDS or lowered in _PERSON_TITLES:
            return False
        if f.country not in THEATRE and not wide and candidate.level != "exact":
            return False  # a loose transliteration only counts in the theatre
        if " " not in words and not words.isupper() and self._gaz.is_common_word(words):
            # "Turkey", "Jordan", "Chad" are countries; "Hit" is a town only after "in", "to".
            return (wide and self._keys(f.name)[0] == norm(words)) or (
                after_preposition and f.country in THEATRE
            )
        return True

    def _framed_unknowns(
        self, text: str, tokens: list[_Token], taken: list[tuple[int, int]]
    ) -> Iterable[_Found]:
        # "entered Xyzabad": a capitalised word the index lacks, after a place preposition.
        for k in range(1, len(tokens)):
            token, before = tokens[k], tokens[k - 1]
            if before.text.lower() not in _PLACE_PREPOSITIONS or token.gap != " ":
                continue
            if not token.text[0].isupper() or token.text.isupper():
                continue
            if any(s < token.end and token.start < e for s, e in taken):
                continue
            last = k + 1
            while (
                last < len(tokens)
                and last - k < 3
                and tokens[last].gap in (" ", "-")
                and (self._capitalised(tokens[last]) or tokens[last].text.lower() in _CONNECTORS)
            ):
                last += 1
            while last > k + 1 and not self._capitalised(tokens[last - 1]):
                last -= 1
            words = text[token.start : tokens[last - 1].end]
            if (
                words in self._demonyms
                or self._gaz.is_common_word(words)
                or words.lower() in pat.NOT_PLACE_WORDS
                or (
                    last < len(tokens)
                    and tokens[last].gap == " "
                    and self._capitalised(tokens[last])
                )
            ):
                continue
            try:
                candidates = self._gaz.candidates(words, Context(), limit=5)
            except QueryError:
                continue
            if candidates and candidates[0].score >= ACCEPT_SCORE:
                yield _Found(token.start, tokens[last - 1].end, words, words, "place", candidates)

    # -- resolution -----------------------------------------------------------------------------

    def places(self, text: str) -> list[PlaceLine]:
        """The distinct places of a document, each with its mentions, resolved in context.

        Captions are read too: they name places, and only never carry dates or movements.
        """
        found = [f for f in self.find(text) if f.candidates]
        accepted = [f for f in found if f.candidates[0].score >= ACCEPT_SCORE]
        countries = list(
            dict.fromkeys(
                (f.candidates[0].feature.country, f.query)
                for f in accepted
                if f.candidates[0].score >= _CONTEXT_SCORE and f.candidates[0].feature.country
            )
        )
        points = list(
            dict.fromkeys(
                (f.candidates[0].feature.lat, f.candidates[0].feature.lon, f.query)
                for f in accepted
                if f.candidates[0].score >= _CONTEXT_SCORE
                and f.candidates[0].feature.kind not in ("country", "region")
            )
        )
        groups: dict[tuple[str, int], tuple[Candidate, list[Mention], str]] = {}
        chosen: dict[str, tuple[Candidate, str]] = {}
        for f in accepted:
            if f.query not in chosen or f.role == "demonym":
                chosen[f.query] = self._in_context(f, countries, points)
            best, why = chosen[f.query]
            key = (best.feature.source, best.feature.id)
            if key not in groups:
                groups[key] = (best, [], why)
            groups[key][1].append(Mention(f.start, f.end, f.text, f.role))
        lines = []
        for best, mentions, why in groups.values():
            first = next((m for m in mentions if m.role != "demonym"), mentions[0])
            lines.append(PlaceLine(best.place(first.text), tuple(mentions), why))
        lines.sort(key=lambda line: line.mentions[0].start)
        return lines

    @staticmethod
    def _in_context(
        found: _Found, countries: list[tuple[str, str]], points: list[tuple[float, float, str]]
    ) -> tuple[Candidate, str]:
        top = found.candidates[0]
        runner_up = found.candidates[1].score if len(found.candidates) > 1 else 0.0
        if found.role == "demonym" or top.score - runner_up > _CONTEXT_DECIDES:
            return top, top.reason
        best: tuple[float, Candidate, str] | None = None
        for candidate in found.candidates:
            f = candidate.feature
            bonus, why = 0.0, candidate.reason
            if any(c == f.country and q != found.query for c, q in countries):
                bonus += 0.1
                why += f"; in {f.country}, a country the article names"
            near = [
                km_between(f.lat, f.lon, lat, lon)
                for lat, lon, query in points
                if query != found.query
            ]
            if near and min(near) <= _CONTEXT_RADIUS_KM:
                bonus += 0.1
                why += f"; {min(near):.0f} km from another place in the article"
            score = candidate.score + bonus
            if best is None or score > best[0]:
                best = (score, candidate, why)
        assert best is not None
        return best[1], best[2]


def _title_case(text: str, position: int) -> bool:
    """Whether the line around ``position`` is a headline in Title Case."""
    left = text.rfind("\n", 0, position) + 1
    right = text.find("\n", position)
    words = [w for w in text[left : right if right != -1 else len(text)].split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return start == 0 or before.endswith(("\n", ". ", "! ", "? ", ": ", '" ', "“", "‘"))
