"""Reported movements of people, read sentence by sentence from an article's clean text.

A movement is found where a word of motion (``movement_words.TRIGGERS``: "entered", "fled",
"streamed into", "the influx of") has a mover that is people (fighters, families, a named armed
group) and at least one place tied to it by a direction word ("into Syria", "from Iraq",
"via Albukamal"). Each field keeps the words that decided it (``why``), so a reader can check
the machine against the sentence.

Fields:

``actor``        the mover as written ("foreign Islamic State (ISIS) terrorists"), ``group`` its
                 armed group normalised where one is named ("Islamic State");
``size``         digits, words, bounds and vague quantities ("tens" is 10..99);
``origin`` / ``via`` / ``destination``  resolved places; a vague origin ("from over 100
                 countries") stays text in ``origin_text``;
``status``       completed, ongoing, planned, hypothetical or negated, from the clause;
``date``         from a time expression, resolved against the publication date, else the
                 publication date as the date it was reported (precision ``unknown``);
``cited_sources`` of the sentence, else of the document.

The same movement stated twice in an article (headline and body, a summary then details) is
merged into one, with every sentence kept as evidence.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from itertools import islice
from operator import itemgetter
from typing import Any, Final

from rapidfuzz.distance import Levenshtein

from extract import movement_words as mw
from extract import patterns as pat
from extract.cued import Automaton, Cued, case_oddity_in
from extract.places import Mention, PlaceLine, story_start
from gazetteer import Place

__all__ = ["Movement", "MovementReader", "Size", "When", "groups", "read_size", "sentences"]

# [.!?][.!?]* and not [.!?]+: a pattern that starts with a set of characters lets re skip
# straight to them (twice as fast, the same matches).
_SENTENCE_END: Final = re.compile(r"[.!?][.!?]*[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD: Final = re.compile(r"\d[\d,.]*\+?|[\w'’.+-]+|\([^()]{1,40}\)")
_NUMBER: Final = re.compile(r"\d[\d,.]*\+?")
_RANGE: Final = re.compile(
    r"(\d[\d,.]*)\s*(?:-|–|to)\s*(\d[\d,.]*)(\s+(?:thousand|million))?", re.I
)
_PLACE_FIELDS: Final = [f.name for f in fields(Place)]  # as_dict() deep-copies: slow per mention
_MAX_ACTOR_WORDS: Final = 8
# "after they returned", "they were able to reach": a pronoun subject close before a verb.
_PRONOUN_BEFORE: Final = re.compile(
    r"\b(they|he|she|we)\b(?:['’]\w+)?(?:\s+(?!and\b|or\b|but\b)[\w'’]+){0,4}?\s+$",
    re.IGNORECASE,
)
# "After breaking the lines and entering the old city… the forces": a clause before the subject.
_OPENING_CLAUSE: Final = re.compile(
    r"\s*(?:\S+\s+){0,3}?(?:after|before|since|upon|on|while|when)\b[^,;:…]{0,100}$",
    re.IGNORECASE,
)
_OF_OR_BY: Final = re.compile(r"\s+(of|by)\s+")
_CLAUSE_END: Final = re.compile(r",|…|\.\.\.")
_BE_BEFORE: Final = re.compile(r"\b(?:are|is|were|was|been|be|remain|remained)\s+$", re.IGNORECASE)
_MOTION_AFTER: Final = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,2}?(?:"
    + "|".join(sorted(mw.MOTION_DIRECTIONS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
# "from over 100 countries", "from areas held by the regime": an origin that is no place.
_VAGUE_ORIGIN: Final = re.compile(
    r"\bfrom\s+((?:over|more\s+than|some|about)?\s*[\w,]+\s+(?:different\s+)?countries"
    r"|areas?\s+(?:controlled|held)\s+by\s+[\w-]+(?:\s+[\w-]+)?)",
    re.IGNORECASE,
)
_LOWER_WORD: Final = re.compile(r"[a-z]+")
# Punctuation between two words that ends an actor phrase before the second.
_ACTOR_BREAK: Final = re.compile(r"[,;:—–]")
# The direction words that name where a taking led ("into Turkey", not "in Mosul").
_WAY_TO: Final = re.compile(r"\b(?:into|to|towards|toward|across|onto)\b")
_NOUN_USE_LENGTH: Final = max(map(len, mw.NOUN_USE_WORDS))
# How far after a trigger places are read, at most (characters).
_REACH: Final = 160
_STATUS_GROUPS: Final = {
    "completed": "happened",
    "ongoing": "happened",
    "planned": "planned",
    "hypothetical": "hypothetical",
    "negated": "negated",
}
_KIND_DETAIL: Final = {
    "populated_place": 0,
    "crossing": 0,
    "other": 0,
    "admin2": 1,
    "admin1": 2,
    "region": 3,
    "country": 4,
}


@dataclass(slots=True, frozen=True)
class Size:
    """How many moved: ``low``..``high`` (``None`` for an open end) and the words."""

    low: int | None
    high: int | None
    text: str

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(self, low: int | None, high: int | None, text: str) -> None:
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        object.__setattr__(self, "text", text)

    def overlaps(self, other: Size) -> bool:
        lo, hi = self.low or 0, self.high if self.high is not None else 10**12
        olo, ohi = other.low or 0, other.high if other.high is not None else 10**12
        return lo <= ohi and olo <= hi


@dataclass(slots=True, frozen=True)
class When:
    """When a movement happened: a day range, its precision and the words."""

    start: date | None
    end: date | None
    precision: str
    text: str
    basis: str  # "text" (a time expression) or "reported" (the publication date)

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(
        self, start: date | None, end: date | None, precision: str, text: str, basis: str
    ) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "basis", basis)


@dataclass(slots=True, frozen=True)
class PlaceRef:
    """A place a movement names: the mention's offsets, role and resolved place."""

    start: int
    end: int
    role: str
    source: Place

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(self, start: int, end: int, role: str, source: Place) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "source", source)

    @property
    def place(self) -> dict[str, Any]:
        """The contract place object, with the mention's role."""
        return _place_fields(self.source) | {"role": self.role}

    @property
    def detail(self) -> int:
        """Lower is more precise (a town before a governorate before a country)."""
        return _KIND_DETAIL.get(self.source.kind, 4)


@dataclass(slots=True, frozen=True)
class Movement:
    """One reported movement of people, with the sentences it was read from."""

    actor: str
    group: str | None
    size: Size | None
    origin: tuple[PlaceRef, ...]
    via: tuple[PlaceRef, ...]
    destination: tuple[PlaceRef, ...]
    origin_text: str | None
    status: str
    when: When
    cited_sources: tuple[str, ...]
    evidence: tuple[tuple[int, int], ...]
    confidence: float
    why: dict[str, str] = field(default_factory=dict)

    def record(self, text: str, doc: str, publisher: str | None) -> dict[str, Any]:
        """The ``movement`` line of the JSONL contract."""
        pieces = [text[s:e] for s, e in self.evidence]

        def places(refs: tuple[PlaceRef, ...]) -> list[dict[str, Any]]:
            return [ref.place | {"text": text[ref.start : ref.end]} for ref in refs]

        return {
            "type": "movement",
            "doc": doc,
            "actor": self.actor,
            "group": self.group,
            "size": (
                {"min": self.size.low, "max": self.size.high, "text": self.size.text}
                if self.size
                else None
            ),
            "origin": places(self.origin),
            "origin_text": self.origin_text,
            "via": places(self.via),
            "destination": places(self.destination),
            "status": self.status,
            "date": {
                "start": self.when.start.isoformat() if self.when.start else None,
                "end": self.when.end.isoformat() if self.when.end else None,
                "precision": self.when.precision,
                "text": self.when.text,
                "basis": self.when.basis,
            },
            "cited_sources": list(self.cited_sources),
            "publisher": publisher,
            "evidence": {
                "text": " … ".join(pieces),
                "start": self.evidence[0][0],
                "end": self.evidence[-1][1],
                "spans": [list(span) for span in self.evidence],
            },
            "confidence": round(self.confidence, 2),
            "why": self.why,
        }


@lru_cache(maxsize=1)
def groups() -> dict[str, str]:
    """Spellings of armed groups and forces -> the name movemap reports (``data/groups.csv``).
    Acronyms are kept as written; other spellings are lower case."""
    text = resources.files("extract.data").joinpath("groups.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    table: dict[str, str] = {}
    for row in rows:
        for spelling in [row["name"], *row["aliases"].split("|")]:
            spelling = spelling.strip()
            if spelling:
                table[spelling if spelling.isupper() else spelling.lower()] = row["name"]
    return table


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence ranges of ``text[start:end]`` (abbreviations such as "U.S." and "Gen." do not
    end a sentence)."""
    end = len(text) if end is None else end
    return _sentence_spans(text, start, end, end)


def _sentence_spans(text: str, start: int, end: int, last: int) -> list[tuple[int, int]]:
    """The sentence ranges of ``text[start:end]`` that start at or before ``last`` (a reader
    looking for the sentences of some words need not split the rest)."""
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _abbreviation_ends(text[max(begin, match.start() - 6) : match.start()]):
            continue
        spans.append((begin, match.start() + 1))
        begin = match.end()
        if begin > last:
            return spans
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return spans


@lru_cache(maxsize=4096)
def _abbreviation_ends(before: str) -> bool:
    """Whether ``before`` (the few characters before a full stop) ends with an abbreviation
    ("Gen", "U.S", a single letter); the same few endings recur all through a corpus."""
    words = before.split()
    word = words[-1].lower().rstrip(".") if words else ""
    return word in mw.ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word


def read_size(words: str) -> Size | None:
    """The number of people in an actor phrase ("more than 1,000", "tens of", "25-30,000",
    "four"), or ``None``."""
    vague = max(mw.VAGUE_SIZE.finditer(words.lower()), key=lambda m: len(m.group(1)), default=None)
    if vague:
        low, high = mw.VAGUE_SIZES[vague.group(1)]
        return Size(low, high, words[vague.start() : vague.end()])
    ranged = _RANGE.search(words)
    if ranged:
        first, last = _number(ranged.group(1)), _number(ranged.group(2))
        scale = mw.MULTIPLIERS.get((ranged.group(3) or "").strip().lower(), 1)
        if first is not None and last is not None:
            last *= scale
            if first < last / 100:  # "25-30,000": the first number shares the thousands
                first *= 1000 if last >= 1000 else 1
            return Size(first * (scale if first * scale <= last else 1), last, ranged.group(0))
    number = _NUMBER.search(words)
    value: int | None = None
    span = (0, 0)
    if number:
        digits = number.group(0).rstrip("+").replace(",", "").rstrip(".")
        span = number.span()
        after = words[span[1] :].split()
        scale = mw.MULTIPLIERS.get(after[0].lower(), 1) if after else 1
        if scale > 1:
            span = (span[0], span[1] + 1 + len(after[0]))
        try:
            value = round(float(digits) * scale)
        except ValueError:
            value = None
        if number.group(0).endswith("+"):
            return Size(value, None, words[span[0] : span[1]])
    else:
        value, span = _number_words(words)
    if value is None:
        return None
    before = words[: span[0]]
    if mw.AT_LEAST.search(before):
        bound = mw.AT_LEAST.search(before)
        assert bound is not None
        return Size(value, None, words[bound.start() : span[1]])
    if mw.AT_MOST.search(before):
        bound = mw.AT_MOST.search(before)
        assert bound is not None
        return Size(None, value, words[bound.start() : span[1]])
    about = mw.ABOUT.search(before)
    return Size(value, value, words[about.start() if about else span[0] : span[1]])


def _number(text: str) -> int | None:
    digits = text.replace(",", "")
    try:
        return int(float(digits))
    except ValueError:
        return None


def _number_words(words: str) -> tuple[int | None, tuple[int, int]]:
    for match in re.finditer(r"[A-Za-z]+(?:[\s-]+[A-Za-z]+)*", words):
        total, current, start, end = 0, 0, -1, -1
        for token in re.finditer(r"[A-Za-z]+", match.group(0)):
            word = token.group(0).lower()
            if word in mw.NUMBER_WORDS:
                current += mw.NUMBER_WORDS[word]
            elif word in mw.MULTIPLIERS and (current or start >= 0):
                current = max(current, 1) * mw.MULTIPLIERS[word]
                if mw.MULTIPLIERS[word] >= 1000:
                    total, current = total + current, 0
            elif word == "and" and start >= 0:
                continue
            else:
                if start >= 0:
                    break
                continue
            if start < 0:
                start = match.start() + token.start()
            end = match.start() + token.end()
        if start >= 0 and (total + current) > 0:
            return total + current, (start, end)
    return None, (0, 0)


class _Hit:
    """A trigger word in a sentence.

    A plain class rather than a dataclass: one is made for every trigger word, and mypyc
    compiles this ``__init__`` but leaves the one ``dataclass`` generates interpreted.
    """

    def __init__(self, start: int, end: int, form: str, lemma: str, pos: str, role: str) -> None:
        self.start = start
        self.end = end
        self.form = form
        self.lemma = lemma
        self.pos = pos
        self.role = role


class MovementReader:
    """Reads the movements of one document; share one reader across documents."""

    def __init__(self) -> None:
        self._groups = groups()
        # The longest trigger starting leftmost, then on after it.
        self._forms = list(mw.TRIGGERS)
        self._automaton = Automaton(self._forms, longest=True)
        spellings = sorted(self._groups, key=len, reverse=True)
        # Tried only where a spelling stands (in any case): a group is named in few sentences.
        self._group_pattern = Cued(
            re.compile(
                r"(?<![\w-])(?:" + "|".join(map(re.escape, spellings)) + r")(?![\w-])",
                re.IGNORECASE,
            ),
            cues=tuple(dict.fromkeys(spelling.lower() for spelling in spellings)),
            reach=0,
        )

    def read(
        self,
        text: str,
        regions: Sequence[tuple[int, int, bool]],
        places: Sequence[PlaceLine],
        published: date | None,
        citations: Sequence[tuple[int, int, str]],
        lowered: str | None = None,
    ) -> list[Movement]:
        """Movements in ``text``.

        ``regions`` are the headline and body paragraphs as ``(start, end, is_headline)``
        (captions are left out by the caller); ``places`` the document's places;
        ``citations`` its cited sources as ``(start, end, name)``; ``lowered`` is
        ``text.lower()``, if made already.
        """
        hits = self._triggers(text, text.lower() if lowered is None else lowered)
        if not hits:
            return []
        mentions = _place_mentions(places)
        found: list[Movement] = []
        datelines = _dateline_ends(text, places)
        starts = [h[0] for h in hits]
        for start, end, headline in regions:
            inside = hits[bisect_left(starts, start) : bisect_left(starts, end)]
            if not inside:
                continue
            spans = [(start, end)] if headline else _sentence_spans(text, start, end, inside[-1][0])
            k = 0  # the first hit after the sentences read so far
            for s, e in spans:
                s = datelines.get(s, s)  # the story starts after "ANKARA, June 10, 2019 -"
                first = k
                while k < len(inside) and inside[k][0] < e:
                    k += 1
                in_sentence = [h for h in inside[first:k] if h[0] >= s]
                if in_sentence:
                    found.extend(
                        self._sentence(
                            text,
                            (start, s, e),
                            in_sentence,
                            mentions,
                            published,
                            citations,
                            headline,
                        )
                    )
        return _merged(found)

    # -- one sentence ---------------------------------------------------------------------------

    def _sentence(
        self,
        text: str,
        span: tuple[int, int, int],
        matches: list[tuple[int, int, str]],
        mentions: list[tuple[int, Mention, Place]],
        published: date | None,
        citations: Sequence[tuple[int, int, str]],
        headline: bool,
    ) -> list[Movement]:
        """Movements of one sentence; ``span`` is (paragraph start, sentence start, end)."""
        paragraph, start, end = span
        hits: list[_Hit] = []
        for hit_start, hit_end, form in matches:
            candidate = self._hit(text, start, hit_start, hit_end, form)
            if candidate is not None:
                hits.append(candidate)
        found: list[Movement] = []
        previous: Movement | None = None
        for k, hit in enumerate(hits):
            limit = hits[k + 1].start if k + 1 < len(hits) else end
            if (
                hit.lemma in mw.NEEDS_DIRECTION
                and not _MOTION_AFTER.match(text, hit.end, limit)
                and "from" not in text[hit.end : limit]
            ):
                continue  # the common "go", "come", "move": quick to rule out, before places
            if self._figurative(text, hit, end):
                continue
            why: dict[str, str] = {"trigger": text[hit.start : hit.end]}
            roles = self._places(text, hit, limit, end, mentions, why)
            if roles is None:
                continue
            origin, via, destination, origin_text = roles
            placed = bool(origin or via or destination or origin_text)
            if not placed and hit.lemma not in mw.PLACELESS:
                continue
            actor_span = self._actor(text, start, hit, limit, end)
            if actor_span is None and not (hit.pos == "noun" and placed):
                continue
            a_start, a_end = actor_span or (hit.start, hit.start)
            actor = " ".join(text[a_start:a_end].split())
            if mw.GOODS.search(actor):
                continue  # "aid convoy enters": goods, not people
            why["actor"] = actor
            size = read_size(actor)
            pronoun = actor.rsplit(None, 1)[-1].lower() if actor else ""
            antecedent = (
                self._people_before(text, paragraph, a_start)
                if pronoun in mw.PRONOUNS and pronoun != "we"  # "we" are the speakers
                else None
            )
            if antecedent:
                # "after they returned": the nearest movers named before stand for them
                actor = " ".join(text[antecedent[0] : antecedent[1]].split())
                why["actor"] = f"{why['actor']} ({pronoun} = {actor})"
                size = size or read_size(actor)
            sentence = text[start:end]
            group = self._group(actor) or self._group(sentence)
            if size:
                why["size"] = size.text
            status, cue = _status(
                text, start, a_end if a_end <= hit.start else start, hit, headline
            )
            if status == "hypothetical" and pronoun in mw.PRONOUNS and not placed:
                continue  # "should they return": no one named, nowhere named, nothing reported
            why["status"] = cue
            when = _when(sentence, published, ahead=status in ("planned", "hypothetical"))
            if when.text:
                why["date"] = when.text
            if origin_text:
                why["origin"] = origin_text
            if not origin and via and via[0].source.kind == "country":
                # "entered Syria via Iraq": the country they came through is where they came from
                origin, via = (via[0],), via[1:]
                why["origin"] = "the country they came through"
            if not origin and not origin_text and previous and previous.actor == actor:
                # "massing in Idlib with plans to cross into Turkey": they leave where they are
                origin = previous.destination
                why["origin"] = "where the sentence put them before"
            confidence = 0.3 + 0.15 * placed + 0.15 * bool(group or _head_word(actor))
            confidence += 0.1 * bool(size)
            confidence += 0.15 * bool(destination) + 0.1 * bool(origin) + 0.05 * bool(when.text)
            movement = Movement(
                actor=actor,
                group=group,
                size=size,
                origin=origin,
                via=via,
                destination=destination,
                origin_text=origin_text,
                status=status,
                when=when,
                cited_sources=_sources(citations, start, end),
                evidence=((start, end),),
                confidence=min(confidence, 0.95),
                why=why,
            )
            if previous is not None and _one_mover(previous, movement):
                # "the influx of mercenaries to Syria, who are coming from 100 countries"
                previous = _combine(previous, movement)
                continue
            if previous is not None:
                found.append(previous)
            previous = movement
        if previous is not None:
            found.append(previous)
        return found

    def _triggers(self, text: str, lowered: str) -> list[tuple[int, int, str]]:
        """Where trigger words stand in ``text`` (whole words, any case), and their forms
        (``lowered``: ``text.lower()``)."""
        if len(lowered) != len(text):  # lower-casing changed lengths (rare): map by regex
            lowered = re.sub(r"\w", lambda m: m.group(0).lower()[:1], text)
        found = []
        for index, start, end in self._automaton.find(lowered):
            if (start == 0 or not lowered[start - 1].isalnum()) and (
                end == len(lowered) or not lowered[end].isalnum()
            ):
                found.append((start, end, self._forms[index]))
        return found

    @staticmethod
    def _hit(text: str, start: int, hit_start: int, hit_end: int, form: str) -> _Hit | None:
        lemma, pos, role = mw.TRIGGERS[form]
        before = text[max(start, hit_start - 25) : hit_start]
        if _in_a_name(text, start, hit_start, hit_end):
            return None  # "Operation Return", "Street Reach and": a name
        # The word NOUN_USE_BEFORE looks for ends where the spaces before the trigger begin:
        # searching from there spares trying every position of ``before``.
        noun_word_from = max(0, len(before.rstrip()) - _NOUN_USE_LENGTH)
        if mw.NOUN_USE_BEFORE.search(before, noun_word_from):
            if form in ("crossing", "crossings", "mass"):
                return None  # "the last crossing": a place, not a movement
            pos = "noun"  # "the return of", "no truth to the enter of Turkish forces"
        if lemma == "migrate" and not _MOTION_AFTER.match(text, hit_end):
            return None
        if form == "displacement" and not (
            _MOTION_AFTER.match(text, hit_end) or mw.DISPLACEMENT_EVENT.match(text, hit_end)
        ):
            return None  # "the tragedy of displacement": a condition
        if form == "displaced" and not (
            _MOTION_AFTER.match(text, hit_end)
            or _displaced_predicate(text, start, hit_start, hit_end)
        ):
            return None  # "the displaced people": a word for the movers, not a movement
        if lemma == "movement" and not _movers_of_movement(text, start, hit_start, hit_end):
            return None  # "the Islamic Movement", "the movement of goods"
        if form in mw.MOVER_OF_REQUIRED and not _people_of(text, hit_end, len(text)):
            return None  # "the northern exit", "the flight of drones"
        if lemma == "convoy" and not _struck(text, start, hit_start, hit_end):
            return None  # a convoy that moves has a verb of motion of its own
        after = text[hit_end : hit_end + 4]
        if (
            lemma in mw.STATE_WITH_IN
            and form.endswith("ed")
            and after.startswith(" in ")
            and _BE_BEFORE.search(before)
        ):
            return None  # "where the YPG are deployed in Afrin": where they are
        return _Hit(hit_start, hit_end, form, lemma, pos, role)

    @staticmethod
    def _figurative(text: str, hit: _Hit, end: int) -> bool:
        after = text[hit.end : min(end, hit.end + 60)]
        words = _LOWER_WORD.findall(after.lower())[:7]
        if hit.lemma == "leave" and mw.CASUALTY_RESULT.match(after):
            return True  # "leaves 12 dead"
        if hit.lemma == "return" and words[:1] == ["fire"]:
            return True
        if hit.lemma == "reach" and mw.REACH_NUMBER.match(after):
            return True  # "the toll reaches about 1,150": a count, not a journey
        if hit.lemma in mw.PHRASAL_LEMMAS and mw.PHRASAL_FIGURATIVE.match(after):
            return True
        if hit.lemma in ("move", "go", "head", "pass") and words[:1] == ["to"] and len(words) > 1:
            follower = words[1]
            if follower not in ("the", "a", "an") and not after.lstrip()[3:4].isupper():
                # "moved to ban", "going to announce": an intention, not a journey
                return follower.endswith(("e", "n", "t", "d", "k", "p", "y")) and not any(
                    c.isupper() for c in after[:20]
                )
        figurative = mw.FIGURATIVE_OBJECTS
        if words and words[0] in mw.FIGURATIVE_PARTICLES:
            figurative = mw.FIGURATIVE_AFTER_PARTICLE
            while words and words[0] in mw.FIGURATIVE_PARTICLES:
                words.pop(0)
        object_words = [w for w in words if w not in ("the", "a", "an", "new", "its", "their")]
        return (
            bool(object_words)
            and object_words[0] in figurative
            and not (len(object_words) > 1 and object_words[1] in mw.PLACE_AFTER_OBJECT)
        )

    @staticmethod
    def _places(
        text: str,
        hit: _Hit,
        limit: int,
        end: int,
        mentions: list[tuple[int, Mention, Place]],
        why: dict[str, str],
    ) -> tuple[tuple[PlaceRef, ...], tuple[PlaceRef, ...], tuple[PlaceRef, ...], str | None] | None:
        """Places tied to the trigger by direction words, read up to the next trigger or the
        end of the clause."""
        stop = min(limit, hit.end + _REACH)
        first = _first_after(mentions, hit.end)
        # The clause's end is slow to find, and only matters with a place in reach or to a
        # trigger that is read only with a direction word.
        if (
            (first < len(mentions) and mentions[first][0] < stop)
            or hit.lemma in mw.NEEDS_DIRECTION
            or hit.lemma == "infiltrate"
        ):
            clause = mw.CLAUSE_BREAK.search(text, hit.end, stop)
            if clause:
                stop = clause.start()
        if (
            hit.pos == "noun"
            and hit.lemma == "infiltrate"
            and not mw.INFILTRATION_WAY.search(text, hit.end, stop)
        ):
            return None  # "killed in an infiltration by": an attack
        roles: dict[str, list[PlaceRef]] = {"origin": [], "via": [], "destination": []}
        last_role: str | None = None
        position = hit.end
        origin_text = None
        for _, mention, place in mentions[first:]:
            if mention.start >= stop:
                break
            gap = text[position : mention.start]
            words = list(mw.DIRECTION.finditer(gap))
            if words:
                # "from several countries in central Asia": "in" keeps the role before it, and
                # so does "near" after another direction word ("from camps near Ain Issa")
                said = [" ".join(w.group(0).lower().split()) for w in words]
                named = [
                    "in" if k and word in mw.LOCATING_WORDS else mw.DIRECTION_WORDS[word]
                    for k, word in enumerate(said)
                ]
                role = next((r for r in reversed(named) if r != "in"), "in")
                if role == "in" and last_role is None:
                    role = hit.role  # "arrived in X", "escaping the defeat ... in Syria"
            elif position == hit.end and len(gap.split()) <= 4 and mention.role != "demonym":
                role = hit.role  # "entered Albukamal", "fled Aleppo"
            else:
                role = last_role or "none"
            if role == "in":
                role = last_role or "destination"
            if role == "none" or (mention.role == "demonym" and not words):
                position = mention.end
                continue
            roles[role].append(PlaceRef(mention.start, mention.end, mention.role, place))
            why[role] = (
                why.get(role, "") + f" {words[-1].group(0) if words else '(object)'}"
            ).strip()
            last_role, position = role, mention.end
        vague = _VAGUE_ORIGIN.search(text, hit.end, limit)
        if vague:
            origin_text = vague.group(1)
        if hit.lemma in mw.NEEDS_DIRECTION and not (
            origin_text or _MOTION_AFTER.match(text, hit.end, stop)
        ):
            return None  # "advance north of", "the head of": no direction of travel
        if hit.lemma in mw.MOVER_AND_WAY and not (
            "from" in why.get("origin", "") or _WAY_TO.search(why.get("destination", ""))
        ):
            return None  # "took hundreds of civilians hostage in Mosul": no way travelled
        return (
            tuple(roles["origin"]),
            tuple(roles["via"]),
            tuple(roles["destination"]),
            origin_text,
        )

    def _actor(
        self, text: str, start: int, hit: _Hit, limit: int, end: int
    ) -> tuple[int, int] | None:
        """The mover's words: for a noun ("the influx of X") or a sending verb ("sent X to")
        after the trigger, else the people phrase before it, else the subject after an opening
        clause ("Days after entering Deir Ezzor, the regime forces ...")."""
        if hit.pos == "noun":
            # the movers may stand after the next trigger: "the arrival of displaced people"
            after = _OF_OR_BY.match(text, hit.end, end)
            if after and (after.group(1) == "of" or hit.lemma in mw.MOVER_BY):
                span = _people_after(text, after.end(), end)
                if span:
                    return span
            if hit.lemma == "reinforce":
                return hit.start, hit.end
            if hit.lemma == "convoy":
                return self._people_before(text, start, hit.end)
        if hit.lemma in mw.MOVER_AFTER:
            span = _people_after(text, hit.end, end)
            if span and span[0] - hit.end <= 3:
                return span
            if hit.lemma in mw.MOVER_AFTER_ONLY:
                return None
        before = self._people_before(text, start, hit.start)
        if before is None and hit.pos == "verb":
            pronoun = _PRONOUN_BEFORE.search(text, max(start, hit.start - 50), hit.start)
            if pronoun:
                return pronoun.start(1), pronoun.end(1)
            opening = _OPENING_CLAUSE.match(text, start, hit.start)
            clause_end = _CLAUSE_END.search(text, hit.end, end) if opening else None
            if clause_end:
                return _people_after(text, clause_end.end(), end)
        return before

    def _people_before(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        words = list(_WORD.finditer(text, start, end))  # read from the last, most not at all
        for k in range(len(words) - 1, -1, -1):
            word = words[k].group(0)
            if _is_people(word) or self._group_word(word):
                first = k
                while first > 0 and k - first < _MAX_ACTOR_WORDS:
                    previous = words[first - 1].group(0)
                    low = previous.lower().strip("().")
                    if low in mw.ACTOR_STOP and not _size_link(words, first - 1):
                        break
                    if _ACTOR_BREAK.search(text, words[first - 1].end(), words[first].start()):
                        break  # "Like rats fleeing a sinking ship, hundreds of fighters"
                    first -= 1
                return words[first].start(), words[k].end()
        return None

    def _group(self, words: str) -> str | None:
        """The first armed group named in ``words``."""
        for match in self._group_pattern.finditer(words):
            name = self._group_word(match.group(0))
            if name:
                return name
        return None

    def _group_word(self, word: str) -> str | None:
        """The armed group one word is ("ISIS", "(Daesh)"), by table lookup."""
        word = word.strip("()")
        return self._groups.get(word) or (
            None if word.isupper() else self._groups.get(word.lower())
        )


def _size_link(words: list[re.Match[str]], k: int) -> bool:
    """Whether the stop word at ``k`` is part of a quantity ("more than 1,000", "tens of")."""
    word = words[k].group(0).lower()
    if word == "than" and k > 0:
        return words[k - 1].group(0).lower() in ("more", "fewer", "less")
    if word in ("to", "of") and k > 0:
        return words[k - 1].group(0).lower() in ("up", "tens", "hundreds", "thousands", "dozens")
    return False


def _people_after(text: str, start: int, limit: int) -> tuple[int, int] | None:
    words = [
        (m.start(), m.end(), m.group(0)) for m in islice(_WORD.finditer(text, start, limit), 10)
    ]
    for k, (_, w_end, word) in enumerate(words):
        if _is_people(word) or word.lower() in ("them", "him"):
            while k + 1 < len(words) and _is_people(words[k + 1][2]):
                k += 1
                w_end = words[k][1]
            return words[0][0], w_end
        if word.lower() in mw.DIRECTION_WORDS and word.lower() not in ("of",):
            return None
    return None


def _head_word(actor: str) -> str | None:
    return next((w for w in reversed(actor.split()) if _is_people(w)), None)


@lru_cache(maxsize=20_000)
def _is_people(word: str) -> bool:
    """Whether a word names people who move ("fighters"; "fighers", as one article spells it)."""
    low = word.lower().strip(".,()'’")
    if low in mw.PEOPLE:
        return True
    if len(low) < 7 or not low.isalpha():
        return False
    return any(
        Levenshtein.distance(low, noun, score_cutoff=1) <= 1
        for noun in mw.PEOPLE
        if abs(len(noun) - len(low)) <= 1 and len(noun) >= 7
    )


_BE_OR_COUNT: Final = re.compile(
    r"(?:\b(?:are|is|were|was|been|be|being|get|got|become|became)|\d[\d,.]*|\b(?:thousand|hundred"
    r"|million|thousands|hundreds|tens|dozens))\s+$",
    re.IGNORECASE,
)
_POSSESSIVE: Final = frozenset({"their", "his", "her", "its", "troop", "military"})


def _in_a_name(text: str, start: int, hit_start: int, hit_end: int) -> bool:
    """Whether a capitalised trigger is part of a name: after a capitalised word, in a sentence
    that is not in Title Case (whose next word that counts is in lower case)."""
    if not text[hit_start].isupper():
        return False
    previous = text[start:hit_start].split()
    if len(previous) < 2 or not previous[-1][:1].isupper():
        return False
    following = (
        w for w in text[hit_end : hit_end + 60].split() if w.lower() not in mw.TITLE_SMALL_WORDS
    )
    word = next(following, "")
    return not word[:1].isupper()


def _displaced_predicate(text: str, start: int, hit_start: int, hit_end: int) -> bool:
    """Whether "displaced" says people were displaced ("were displaced", "250 thousand
    displaced") rather than naming them ("displaced families")."""
    following = re.match(r"\s+([\w'’-]+)", text[hit_end : hit_end + 30])
    if following and _is_people(following.group(1)):
        return False
    return bool(_BE_OR_COUNT.search(text, max(start, hit_start - 30), hit_start))


def _movers_of_movement(text: str, start: int, hit_start: int, hit_end: int) -> bool:
    """Whether "movement(s)" is people moving: "their movements", "troop movements", "the
    movement of fighters" (not "the Islamic Movement", "the movement of goods")."""
    if text[hit_start].isupper():
        return False
    before = text[max(start, hit_start - 20) : hit_start].split()
    if before and (before[-1].lower() in _POSSESSIVE or _is_people(before[-1])):
        return True
    return _people_of(text, hit_end, len(text)) is not None


def _people_of(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """The people after "of" right after ``start`` ("of 1,200 fighters", "of thousands of
    them")."""
    of = _OF_OR_BY.match(text, start, start + 6)
    return _people_after(text, of.end(), limit) if of and of.group(1) == "of" else None


def _struck(text: str, start: int, hit_start: int, hit_end: int) -> bool:
    """Whether the convoy at ``hit_start`` is struck: words of attack near it in the
    sentence, and not a convoy of the dead or a column of smoke."""
    if mw.CONVOY_FIGURATIVE.match(text, hit_end):
        return False
    return bool(
        mw.CONVOY_STRUCK.search(text, max(start, hit_start - 70), hit_start)
        or mw.CONVOY_STRUCK.search(text[hit_end : hit_end + 40])
    )


def _status(
    text: str, sentence_start: int, actor_end: int, hit: _Hit, headline: bool
) -> tuple[str, str]:
    """The movement's status and the words that decided it."""
    window = text[max(sentence_start, actor_end) : hit.start]
    lead = text[sentence_start : hit.start]
    if hit.lemma == "convoy":
        return "ongoing", "struck in transit"
    negation = (
        mw.NEGATION.search(window)
        or mw.PREVENTED.search(lead)
        or re.match(r"\s*No truth\b", lead, re.IGNORECASE)
    )
    if negation:
        return "negated", negation.group(0).strip()
    hypothetical = mw.HYPOTHETICAL.search(window) or re.match(
        r"\s*(?:Should|If|Were)\b", lead, re.IGNORECASE
    )
    if hypothetical:
        return "hypothetical", hypothetical.group(0).strip()
    planned = mw.PLANNED.search(window)
    if planned:
        return "planned", planned.group(0).strip()
    if hit.pos == "verb" and hit.form.endswith("ing") and (mw.ONGOING.search(window) or headline):
        return "ongoing", text[hit.start : hit.end]
    if hit.pos == "noun" and mw.CONTINUING.search(text[sentence_start : hit.end + 120]):
        return "ongoing", "continues"
    if hit.lemma in ("stream", "mass") and hit.form.endswith("ing"):
        return "ongoing", text[hit.start : hit.end]
    return "completed", text[hit.start : hit.end]


def _when(sentence: str, published: date | None, *, ahead: bool = False) -> When:
    """When the sentence says the movement happened, else the publication date; ``ahead``: the
    movement is planned or hypothetical, so a month named without a year is the next one ("plan
    to return in January", written in December), not the last."""
    # With no date to count from, or none of the words every time expression holds, the
    # costly search can find nothing that counts.
    if published is None or not (case_oddity_in(sentence) or _may_tell_when(sentence)):
        return When(published, published, "unknown", "", "reported")
    match = mw.WHEN.search(sentence)
    if match is None:
        return When(published, published, "unknown", "", "reported")
    words = match.group(0)
    groups_ = match.groupdict()
    if groups_["today"]:
        return When(published, published, "day", words, "text")
    if groups_["yesterday"]:
        day = published - timedelta(days=1)
        return When(day, day, "day", words, "text")
    if groups_["weekday"]:
        name = words.split()[-1].lower()
        back = (published.weekday() - pat.WEEKDAYS.index(name)) % 7
        if words.lower().startswith("last") and back == 0:
            back = 7
        day = published - timedelta(days=back)
        return When(day, day, "day", words, "text")
    if groups_["span"] or groups_["recent"] or groups_["lastunit"]:
        unit = groups_["unit"] or groups_["runit"] or groups_["lunit"] or "weeks"
        count_word = (groups_["count"] or "").strip().lower()
        count = mw.NUMBER_WORDS.get(count_word) or (
            int(count_word) if count_word.isdigit() else (3 if unit.endswith("s") else 1)
        )
        days = count * mw.TIME_UNITS[unit]
        precision = "week" if days <= 7 else "range"
        return When(published - timedelta(days=days), published, precision, words, "text")
    if groups_["mname"]:
        month = pat.MONTH_NAMES.index(groups_["mname"].lower()) + 1
        year = int(groups_["myear"]) if groups_["myear"] else published.year
        if not groups_["myear"] and not ahead and month > published.month:
            year -= 1
        elif not groups_["myear"] and ahead and month < published.month:
            year += 1
        first = date(year, month, 1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        part = (groups_["part"] or "").lower()
        if part.startswith(("early", "the beginning")):
            last = first.replace(day=10)
        elif part.startswith(("late", "the end")):
            first = first.replace(day=21)
        elif part == "mid":
            first, last = first.replace(day=11), first.replace(day=20)
        return When(first, last if ahead else min(last, published), "month", words, "text")
    if groups_["since"]:
        return When(date(int(groups_["syear"]), 1, 1), published, "range", words, "text")
    return When(published, published, "unknown", "", "reported")


def _may_tell_when(sentence: str) -> bool:
    """Whether ``sentence`` holds a word that every match of ``mw.WHEN`` holds (in any case)."""
    lowered = sentence.lower()
    return any(cue in lowered for cue in mw.WHEN_CUES)


@lru_cache(maxsize=4096)
def _place_fields(place: Place) -> dict[str, Any]:
    # built once per place, and only for the places a movement uses (most mentions are not)
    return {name: getattr(place, name) for name in _PLACE_FIELDS}


def _dateline_ends(text: str, places: Sequence[PlaceLine]) -> dict[int, int]:
    """Where each dateline starts, and where the story after it does (:func:`story_start`)."""
    return {
        mention.start: story_start(text, mention.start)
        for line in places
        for mention in line.mentions
        if mention.role == "dateline"
    }


def _place_mentions(places: Sequence[PlaceLine]) -> list[tuple[int, Mention, Place]]:
    """The mentions a movement can name as ``(start, mention, place)``, in text order (a
    :class:`PlaceRef` is made only for the few a movement uses)."""
    mentions = [
        (mention.start, mention, line.place)
        for line in places
        for mention in line.mentions
        if mention.role not in ("modifier", "dateline", "metonym")
    ]
    mentions.sort(key=itemgetter(0))
    return mentions


def _first_after(mentions: list[tuple[int, Mention, Place]], position: int) -> int:
    """The index of the first of ``mentions`` that starts at or after ``position``."""
    return bisect_left(mentions, position, key=itemgetter(0))


def _sources(citations: Sequence[tuple[int, int, str]], start: int, end: int) -> tuple[str, ...]:
    """The sources cited in ``text[start:end]``, else those of the whole document."""
    sources = tuple(dict.fromkeys(name for s, e, name in citations if start <= s < end))
    return sources or tuple(dict.fromkeys(name for _, _, name in citations))


# -- one movement stated several times ------------------------------------------------------------


def _merged(movements: list[Movement]) -> list[Movement]:
    """Movements of one article with the same statements merged: the same status, movers that
    can be the same (size ranges overlap, no different group), places in the same countries."""
    merged: list[Movement] = []
    for movement in movements:
        for k, kept in enumerate(merged):
            if _same(kept, movement):
                merged[k] = _combine(kept, movement)
                break
        else:
            merged.append(movement)
    return merged


def _one_mover(a: Movement, b: Movement) -> bool:
    """Whether two readings of one sentence are one movement told in two clauses: the same
    mover, what happened (not planned or denied), and no second destination."""
    return (
        _STATUS_GROUPS[a.status] == _STATUS_GROUPS[b.status] == "happened"
        and _head_word(a.actor) is not None
        and _head_word(a.actor) == _head_word(b.actor)
        and not (a.destination and b.destination)
    )


def _countries(refs: tuple[PlaceRef, ...]) -> set[str]:
    return {r.source.country for r in refs if r.source.country}


def _same(a: Movement, b: Movement) -> bool:
    if _STATUS_GROUPS[a.status] != _STATUS_GROUPS[b.status]:
        return False
    if a.size and b.size and not a.size.overlaps(b.size):
        return False
    if a.group and b.group and a.group != b.group:
        return False
    for mine, theirs in ((a.origin, b.origin), (a.destination, b.destination)):
        if mine and theirs and not (_countries(mine) & _countries(theirs)):
            return False
    if bool(a.origin_text) != bool(b.origin_text):
        return False
    if bool(a.destination) != bool(b.destination):
        # "Refugees return from Turkey" over "3,000 Syrian refugees crossed from Turkey into
        # Jarabulus": the same movers from the same country, one saying where to
        head = _head_word(a.actor)
        return (
            head is not None
            and head.lower() == (_head_word(b.actor) or "").lower()
            and bool(_countries(a.origin) & _countries(b.origin))
        )
    return bool(_countries(a.destination) & _countries(b.destination))


def _combine(a: Movement, b: Movement) -> Movement:
    def best(x: tuple[PlaceRef, ...], y: tuple[PlaceRef, ...]) -> tuple[PlaceRef, ...]:
        refs = sorted([*x, *y], key=lambda r: r.detail)
        seen: set[tuple[Any, ...]] = set()
        out = []
        for ref in refs:
            key = (ref.source.geonameid, ref.source.name)
            if key not in seen:
                seen.add(key)
                out.append(ref)
        return tuple(out)

    def richness(x: Movement) -> tuple[bool, bool]:
        return bool(x.group), _head_word(x.actor) is not None

    actor = b if richness(b) > richness(a) else a
    size = a.size or b.size
    if a.size and b.size:
        size = a.size if (a.size.low or 0) >= (b.size.low or 0) else b.size
    when = a.when if a.when.basis == "text" or b.when.basis != "text" else b.when
    status = a.status if a.status == b.status else "completed"
    return replace(
        a,
        actor=actor.actor,
        group=a.group or b.group,
        size=size,
        origin=best(a.origin, b.origin),
        via=best(a.via, b.via),
        destination=best(a.destination, b.destination),
        origin_text=a.origin_text or b.origin_text,
        status=status,
        when=when,
        cited_sources=tuple(dict.fromkeys([*a.cited_sources, *b.cited_sources])),
        evidence=tuple(sorted(set(a.evidence) | set(b.evidence))),
        confidence=min(0.95, max(a.confidence, b.confidence) + 0.05),
        why=b.why | a.why,
    )
