"""The local gazetteer: names to ranked candidate places, offline.

Matching goes from strict to loose and stops at the first level that finds something: the
normalised name anywhere, then within the theatre and for countries, first-level divisions and
regions the transliteration-folded key, the consonant skeleton (checked by edit similarity) and
last a fuzzy search (``rapidfuzz``). Candidates are then ranked by how well the name matched,
what kind of feature the query asks for, the country and nearby places the caller knows of,
and how well known the place is (a town's or division's population).
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from gazetteer import index as idx
from gazetteer import settings
from gazetteer.normalize import fold, keys, norm
from gazetteer.patterns import ABBREVIATED_WORDS, COMMON_WORD_MIN_POPULATION, THEATRE
from gazetteer.place import Candidate, Feature, Place
from gazetteer.query import Query, parse, validate
from gazetteer.sources import km_between

__all__ = ["Context", "Gazetteer"]

LatLon = tuple[float, float]
# Fuzzy-matching keys of one first letter and length, and the (user?, feature id)s of each key.
_Bucket = tuple[list[str], list[list[tuple[bool, int]]]]

# How well the words matched, by level; fuzzy levels scale with edit similarity.
_MATCH_SCORE = {"exact": 1.0, "folded": 0.9}
_FUZZY_CUTOFF = 85.0
_MIN_FUZZY_KEY = 5
_MIN_SKELETON = 3
_MIN_FOLDED = 3
_KIND_PRIOR = {
    "country": 1.0,
    "admin1": 0.78,
    "region": 0.9,
    "admin2": 0.7,
    "crossing": 0.55,
    "other": 0.5,
}
_DIVISION_PRIOR_CAP = 0.93
# A town holding this share of a division's people, and named like it, is its seat.
_SEAT_SHARE = 0.05
_ANSWER_CACHE = 20_000
# Kinds matched loosely (folded, skeleton, fuzzy) anywhere; other features only within the theatre.
# Written as equalities: SQLite builds a table for an IN list of constants at every run of the
# statement, which made a lookup three times slower (60 -> 20 us).
_WIDE_KINDS = (
    "(f.kind = 'country' OR f.kind = 'admin1' OR f.kind = 'region' OR f.kind = 'crossing')"
)
_FEATURE_SELECT = ", ".join(f"f.{col.strip()}" for col in idx.FEATURE_COLUMNS.split(","))
# A resolved place needs at least this score; below it the query stays unresolved.
ACCEPT_SCORE = 0.5


@dataclass(slots=True, frozen=True)
class Context:
    """What the caller knows besides the name.

    ``country`` an ISO code hint; ``kind`` a wanted feature kind; ``near`` (lat, lon) points of
    other places in the same text; ``theatre`` the countries preferred when a name is shared.
    """

    country: str | None = None
    kind: str | None = None
    admin1: str | None = None
    near: tuple[LatLon, ...] = ()
    theatre: tuple[str, ...] = THEATRE


@dataclass(slots=True, frozen=True)
class _Asked:
    """What one lookup asks, the same for each of its hits.

    ``common`` says the bare name is a frequent English word; ``towns`` are the populated places
    among the hits, by first-level division.
    """

    name: str
    kind: str | None
    context: Context
    common: bool
    towns: dict[str | None, list[Feature]]


@dataclass(slots=True)
class _Hit:
    feature: Feature
    matched: str
    level: str
    similarity: float = 1.0
    notes: list[str] = field(default_factory=list)


def _town_prior(population: int) -> float:
    # 500 people -> 0.62, 50,000 -> 0.82, 1,000,000 -> 0.95
    return min(0.97, 0.35 + 0.1 * math.log10(max(population, 1)))


def _division_prior(division: Feature) -> float:
    # A division is as well known as a town of a tenth of its people, and never less than any
    # division of its level nor more than a city of a million: Florida the state (19 M) outranks
    # Florida, Cuba (63,000); Washington, D.C. (690,000) still outranks Washington state.
    floor = _KIND_PRIOR[division.kind]
    return max(floor, min(_DIVISION_PRIOR_CAP, _town_prior(division.population // 10)))


def _holds_namesake(division: Feature, towns: dict[str | None, list[Feature]]) -> bool:
    """Whether one of the division's main towns bears its name: the division is named after
    its seat (Aleppo, Idlib, Kirkuk), and the bare name means the town. A hamlet that shares
    the name (Montana City, Montana) does not make it so."""
    return any(
        town.population >= _SEAT_SHARE * division.population
        and (
            division.kind == "admin1"
            or km_between(town.lat, town.lon, division.lat, division.lon) <= division.precision_km
        )
        for town in towns.get(division.admin1, ())
    )


def _by_division(features: Iterable[Feature]) -> dict[str | None, list[Feature]]:
    # A common name has hundreds of towns: each division looks only at its own.
    by: dict[str | None, list[Feature]] = {}
    for feature in features:
        by.setdefault(feature.admin1, []).append(feature)
    return by


class Gazetteer:
    """Place names to places from the local index, plus the user's own places.

    Open it with :meth:`open`; it is safe to share between threads.

    Examples
    --------
    >>> gaz = Gazetteer.open()  # doctest: +SKIP
    >>> gaz.resolve("al-Bokamal").name  # doctest: +SKIP
    'Ālbū Kamāl'
    """

    def __init__(self, conn: sqlite3.Connection, user: sqlite3.Connection | None = None) -> None:
        self._conn = conn
        self._user = user
        self._lock = threading.Lock()
        self._fuzzy: dict[tuple[str, ...], dict[tuple[str, int], _Bucket]] = {}
        # News repeats names endlessly ("Syria", "Iraq"): recent answers are kept, oldest dropped.
        self._answers: dict[tuple[str, Context, int], list[Candidate]] = {}
        self._common_words = frozenset(
            str(word) for (word,) in conn.execute("SELECT word FROM common_words")
        )
        self._name_keys: tuple[frozenset[str], frozenset[str]] | None = None
        self._countries: dict[str, Feature] | None = None

    @classmethod
    def open(
        cls,
        index: Path | None = None,
        user: Path | None = None,
        *,
        build_missing: bool = True,
        progress: Callable[[str], None] | None = None,
    ) -> Gazetteer:
        """Open the index (building it first when missing and ``build_missing``) and user places.

        Raises :class:`gazetteer.index.GazetteerIndexError` when the index cannot be used.
        """
        path = index or settings.index_path()
        if not path.is_file() and build_missing:
            from gazetteer.build import build

            build(path, progress)
        conn = idx.connect(path, immutable=True)
        user_path = user or settings.user_gazetteer_path()
        user_conn = idx.connect(user_path) if user_path.is_file() else None
        return cls(conn, user_conn)

    def close(self) -> None:
        """Close the index files."""
        self._conn.close()
        if self._user is not None:
            self._user.close()

    # -- lookups ----------------------------------------------------------------------------

    def _databases(self) -> list[tuple[bool, sqlite3.Connection]]:
        dbs = [(False, self._conn)]
        if self._user is not None:
            dbs.append((True, self._user))
        return dbs

    def _query(self, sql: str, params: Sequence[object]) -> list[tuple[bool, tuple[object, ...]]]:
        with self._lock:
            return [
                (is_user, row)
                for is_user, db in self._databases()
                for row in db.execute(sql, params)
            ]

    def _hits(
        self, where: str, params: Sequence[object], level: str, whole: str = ""
    ) -> tuple[list[_Hit], bool]:
        # One row per feature, with its columns. `whole` is the normalised full query: features
        # known by the whole phrase ("North Africa", "Gaza City") are kept alone, before its
        # words are read as frames ("north", "city"). One aggregate only (1 = the name matched
        # exactly, 2 = the whole phrase did): SQLite takes the bare `name` from the row where
        # it is highest, so the spelling reported is the one that matched exactly, if any.
        rows = self._query(
            f"SELECT MAX((n.norm = ?) + 2 * (n.norm = ?)), n.name, {_FEATURE_SELECT} "
            f"FROM names n JOIN features f ON f.id = n.feature WHERE {where} GROUP BY n.feature",
            (params[0], whole, *params[1:]),
        )
        phrase = [is_user for is_user, row in rows if int(str(row[0])) >= 2]
        hits = [
            _Hit(
                idx.feature_from_row(row[2:], user=is_user),
                str(row[1]),
                "exact" if int(str(row[0])) else level,
            )
            for is_user, row in rows
            if int(str(row[0])) >= 2 or not phrase
        ]
        return hits, bool(phrase)

    def _name_hits(self, query: Query, context: Context) -> tuple[list[_Hit], bool]:
        """Features known by the query's name: the exact spelling anywhere, a folded spelling
        or else the consonant skeleton (checked by edit similarity) within the theatre and for
        countries, divisions and regions. The flag says the whole query text matched as one
        name."""
        n, f, s = keys(query.name)
        whole = norm(query.text) if query.text != query.name else ""
        if not n:
            return [], False
        countries = (*context.theatre, context.country or "")
        marks = ",".join("?" * len(countries))
        # Transliterations vary where names come from Arabic, Kurdish or Turkish; elsewhere a
        # folded key mostly joins unrelated names ("Cauvery" and Chowari, "Oahu" and Wahoo).
        loose = f"(f.country IN ({marks}) OR {_WIDE_KINDS} OR f.source = 'user')"
        # A folded key of one or two letters ("t" for "T&T") joins names by chance alone.
        folds, fold_params = (loose, countries) if len(f) >= _MIN_FOLDED else ("0", ())
        # A folded key is a function of the normalised one: matching `fold` finds exact
        # spellings too, and MAX(norm = ?) tells them apart.
        if whole:
            where = f"(n.fold = ? OR n.norm = ?) AND (n.norm IN (?, ?) OR {folds})"
            params: tuple[str, ...] = (n, f, whole, n, whole, *fold_params)
        else:
            where = f"n.fold = ? AND (n.norm = ? OR {folds})"
            params = (n, f, n, *fold_params)
        hits, phrase = self._hits(where, params, "folded", whole)
        if hits or len(s) < _MIN_SKELETON:
            return hits, phrase
        similar, _ = self._hits(f"n.skel = ? AND {loose}", (n, s, *countries), "skeleton")
        for hit in similar:
            hit.similarity = fuzz.ratio(f, fold(norm(hit.matched))) / 100
        return [hit for hit in similar if hit.similarity * 100 >= _FUZZY_CUTOFF], False

    def _fuzzy_pool(self, theatre: tuple[str, ...]) -> dict[tuple[str, int], _Bucket]:
        # Folded keys of the theatre's places and of every country, division and region, in
        # buckets by first letter and length (a misspelling rarely changes the first letter, and
        # a ratio >= 85 % needs lengths within a quarter of each other): loaded once, on the
        # first query that needs fuzzy matching in that theatre.
        if theatre not in self._fuzzy:
            marks = ",".join("?" * len(theatre))
            rows = self._query(
                "SELECT DISTINCT n.fold, n.feature FROM names n JOIN features f "
                f"ON f.id = n.feature WHERE f.country IN ({marks}) "
                f"OR {_WIDE_KINDS} OR f.source = 'user'",
                theatre,
            )
            by_key: dict[str, list[tuple[bool, int]]] = {}
            for is_user, (key, feature) in rows:
                by_key.setdefault(str(key), []).append((is_user, int(str(feature))))
            buckets: dict[tuple[str, int], _Bucket] = {}
            for key, owners in by_key.items():
                bucket = buckets.setdefault((key[:1], len(key)), ([], []))
                bucket[0].append(key)
                bucket[1].append(owners)
            self._fuzzy[theatre] = buckets
        return self._fuzzy[theatre]

    def _fuzzy_hits(self, name: str, theatre: tuple[str, ...]) -> list[_Hit]:
        _, f, _ = keys(name)
        if len(f) < _MIN_FUZZY_KEY:
            return []
        pool = self._fuzzy_pool(theatre)
        reach = _FUZZY_CUTOFF / (200 - _FUZZY_CUTOFF)  # shortest/longest allowed at the cutoff
        found: list[tuple[float, str, list[tuple[bool, int]]]] = []
        for length in range(int(len(f) * reach), int(len(f) / reach) + 1):
            keys_, owners = pool.get((f[:1], length), ([], []))
            for key, similarity, position in process.extract(
                f, keys_, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=8
            ):
                found.append((similarity, key, owners[position]))
        hits = []
        for similarity, key, owned in sorted(found, reverse=True)[:8]:
            for is_user, feature_id in owned:
                feature = self._feature(feature_id, is_user)
                if feature is not None:
                    hits.append(_Hit(feature, key, "fuzzy", similarity / 100))
        return hits

    def _feature(self, feature_id: int, user: bool) -> Feature | None:
        db = self._user if user else self._conn
        if db is None:
            return None
        with self._lock:
            row = db.execute(
                f"SELECT {idx.FEATURE_COLUMNS} FROM features WHERE id = ?", (feature_id,)
            ).fetchone()
        if row is None:
            return None
        return idx.feature_from_row(row, user=user)

    def name_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        """Keys for recognising names in text: the normalised form of every name, and the
        folded form of names in the theatre and of countries, divisions and regions (the
        names whose transliterations vary).

        Loaded on first use (about a second; some 700,000 + 45,000 keys).
        """
        if self._name_keys is None:
            exact = frozenset(
                str(k) for _, (k,) in self._query("SELECT DISTINCT norm FROM names", ())
            )
            # The same scan of all names gives the folded keys and the fuzzy pool: read once.
            pool = self._fuzzy_pool(THEATRE)
            loose = frozenset(key for bucket_keys, _ in pool.values() for key in bucket_keys)
            self._name_keys = (exact, loose)
        return self._name_keys

    def country(self, code: str) -> Feature | None:
        """The country feature for an ISO 3166-1 alpha-2 code, or ``None``."""
        if self._countries is None:
            # All countries in one query (read through a partial index where the file has
            # one; else a scan of all features, some 35 ms); the largest holds the code.
            with self._lock:
                rows = self._conn.execute(
                    f"SELECT {idx.FEATURE_COLUMNS} FROM features WHERE kind = 'country' "
                    "ORDER BY population DESC, id"
                ).fetchall()
            countries: dict[str, Feature] = {}
            for row in rows:
                feature = idx.feature_from_row(row)
                if feature.country:
                    countries.setdefault(feature.country, feature)
            self._countries = countries
        return self._countries.get(code.upper())

    def is_common_word(self, name: str) -> bool:
        """Whether ``name`` is one of the most frequent English words ("March", "Hit")."""
        return norm(name) in self._common_words

    def directional(self, country: str, direction: str) -> Feature | None:
        """The feature for a compass part of a country ("eastern Syria" is ``("SY", "e")``)."""
        with self._lock:
            row = self._conn.execute(
                f"SELECT {idx.FEATURE_COLUMNS} FROM features WHERE country = ? AND direction = ?",
                (country, direction),
            ).fetchone()
        return idx.feature_from_row(row) if row else None

    # -- ranking ----------------------------------------------------------------------------

    def candidates(
        self, text: str, context: Context | None = None, *, limit: int = 5
    ) -> list[Candidate]:
        """Ranked candidates for a place name, best first, each with a score and a reason.

        Raises :class:`gazetteer.query.QueryError` for text that cannot be a place name.
        """
        context = context or Context()
        key = (text, context, limit)
        cached = self._answers.get(key)
        if cached is None:
            cached = self._answers[key] = self._candidates(text, context, limit)
            if len(self._answers) > _ANSWER_CACHE:
                self._answers.pop(next(iter(self._answers)))
        return list(cached)

    def _candidates(self, text: str, context: Context, limit: int) -> list[Candidate]:
        query = parse(validate(text))
        hits, phrase = self._name_hits(query, context)
        if phrase:
            query = Query(query.text, query.text)
        elif not hits:
            hits = self._fuzzy_hits(query.name, context.theatre)
        context = self._with_qualifier(query, context)
        if query.direction:
            hits = self._directional_hits(hits, query.direction)
        return self._rank(query, hits, context, limit)

    def _with_qualifier(self, query: Query, context: Context) -> Context:
        if not query.qualifier:
            return context
        best = next(
            iter(self.candidates(query.qualifier, Context(theatre=context.theatre), limit=1)), None
        )
        if best is None:
            return context
        qualifier = best.feature
        if qualifier.kind == "country":
            return Context(
                qualifier.country, context.kind, context.admin1, context.near, context.theatre
            )
        return Context(
            context.country or qualifier.country,
            context.kind,
            qualifier.admin1 or context.admin1,
            (*context.near, (qualifier.lat, qualifier.lon)),
            context.theatre,
        )

    def _directional_hits(self, hits: list[_Hit], direction: str) -> list[_Hit]:
        parts = []
        for hit in hits:
            if hit.feature.kind == "country" and hit.feature.country:
                part = self.directional(hit.feature.country, direction)
                if part is not None:
                    parts.append(
                        _Hit(
                            part,
                            hit.matched,
                            hit.level,
                            hit.similarity,
                            [f"part of {hit.feature.name}"],
                        )
                    )
        return parts or hits

    def _rank(
        self, query: Query, hits: list[_Hit], context: Context, limit: int
    ) -> list[Candidate]:
        kind = query.kind or context.kind
        asked = _Asked(
            query.name,
            kind,
            context,
            common=(
                not kind
                and not context.country
                and not context.near
                and not query.qualifier
                and " " not in query.name
                and self.is_common_word(query.name)
            ),
            towns=_by_division(h.feature for h in hits if h.feature.kind == "populated_place"),
        )
        user_geonameids = {
            h.feature.geonameid for h in hits if h.feature.source == "user" and h.feature.geonameid
        }
        best: dict[tuple[bool, int], tuple[float, _Hit]] = {}
        for hit in hits:
            f = hit.feature
            if f.source != "user" and f.geonameid in user_geonameids:
                continue
            score = _score(hit, asked, None)
            key = (f.source == "user", f.id)
            if key not in best or best[key][0] < score:
                best[key] = (score, hit)
        ordered = sorted(
            best.values(), key=lambda sh: (-sh[0], -sh[1].feature.population, sh[1].feature.id)
        )
        ranked = []
        for score, hit in ordered[:limit]:
            reasons: list[str] = []
            _score(hit, asked, reasons)
            ranked.append(
                Candidate(
                    hit.feature,
                    round(max(0.0, min(1.0, score)), 4),
                    "; ".join(reasons),
                    hit.matched,
                    hit.level,
                )
            )
        return ranked

    # -- answers ----------------------------------------------------------------------------

    def best(self, text: str, context: Context | None = None) -> Candidate | None:
        """The top candidate for ``text`` if it is good enough to accept, else ``None``."""
        top = self.candidates(text, context, limit=1)
        return top[0] if top and top[0].score >= ACCEPT_SCORE else None

    def resolve(self, text: str, context: Context | None = None) -> Place:
        """The best place for ``text``, or an unresolved place object (``lat``/``lon`` null)."""
        best = self.best(text, context)
        return best.place(text) if best is not None else Place.unresolved(text)

    def reverse(self, lat: float, lon: float, *, radius_km: float = 50.0) -> Candidate | None:
        """The nearest populated place within ``radius_km`` of a point, or ``None``."""
        dlat = radius_km / 111.0
        dlon = radius_km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        rows = self._query(
            f"SELECT {idx.FEATURE_COLUMNS} FROM features WHERE lat BETWEEN ? AND ? "
            "AND lon BETWEEN ? AND ? AND kind = 'populated_place'",
            (lat - dlat, lat + dlat, lon - dlon, lon + dlon),
        )
        best: tuple[float, Feature] | None = None
        for is_user, row in rows:
            feature = idx.feature_from_row(row, user=is_user)
            distance = km_between(lat, lon, feature.lat, feature.lon)
            if distance <= radius_km and (best is None or distance < best[0]):
                best = (distance, feature)
        if best is None:
            return None
        distance, feature = best
        return Candidate(
            feature,
            max(0.0, 1.0 - distance / radius_km),
            f"nearest populated place, {distance:.1f} km away",
            feature.name,
        )


def _score(hit: _Hit, asked: _Asked, reasons: list[str] | None) -> float:
    """Rank score of a hit; fills ``reasons`` when given a list.

    ``score = match * (0.4 + 0.6 * plausibility)``: how well the words matched (1 exact, 0.9
    folded, 0.25..1 for edit similarity 85..100 %) times how plausible the feature is (kind and
    population prior, then context). A weak spelling match therefore never scores high however
    plausible the place; the value may leave 0..1 and is clamped by the caller.
    """
    f = hit.feature
    kind, context, common = asked.kind, asked.context, asked.common
    why = reasons.append if reasons is not None else _ignore
    match = _MATCH_SCORE.get(hit.level, max(0.0, (hit.similarity - 0.8) / 0.2))
    if f.kind == "populated_place":
        plausible = _town_prior(f.population)
    elif f.kind in ("admin1", "admin2") and not _holds_namesake(f, asked.towns):
        plausible = _division_prior(f)
    else:
        plausible = _KIND_PRIOR.get(f.kind, 0.5)
    if reasons is not None:
        reasons.append(f"{hit.level} match of {hit.matched!r}")
        reasons.extend(hit.notes)
        reasons.append(_describe(f))
    abbreviation = _is_abbreviation(hit.matched)
    if not common and hit.level == "exact" and _main_name(hit.matched) == _main_name(f.name):
        # "Africa" is the continent's own name and only an old alternate name of Mahdia.
        plausible += 0.1
        why("its main name")
    if abbreviation and hit.matched == asked.name:
        # "EU" as the union writes it, not the town of Eu; "La." is Louisiana, "L.A." the city.
        plausible += 0.15
        why("its abbreviation, as written")
    if kind:
        if f.kind == kind or (kind == "admin1" and f.kind == "admin2"):
            plausible += 0.25
            why(f"asked for {kind}")
        else:
            plausible -= 0.35
    if context.country and f.country:
        # A feature of no country (an ocean, a continent) is neither in nor out of one.
        if f.country == context.country:
            plausible += 0.2
            why(f"in {context.country} (country context)")
        else:
            plausible -= 0.6
    elif f.country in context.theatre:
        plausible += 0.08
    if context.admin1 and f.admin1 == context.admin1:
        plausible += 0.15
        why(f"in {context.admin1}")
    if context.near:
        distance = min(km_between(f.lat, f.lon, lat, lon) for lat, lon in context.near)
        if distance < 150:
            plausible += 0.12
            why(f"{distance:.0f} km from other places in context")
        elif distance > 3000:
            plausible -= 0.1
    if f.source == "user":
        plausible += 0.4
        why("user gazetteer")
    if common and (
        (
            f.kind in ("populated_place", "other", "admin2")
            and f.population < COMMON_WORD_MIN_POPULATION
        )
        or (abbreviation and hit.matched != asked.name)
    ):
        # "Hit" is a town only in context; "wash" is not "Wash.", Washington state.
        plausible -= 0.8
        why("common English word: needs place context")
    return match * (0.4 + 0.6 * plausible)


@lru_cache(maxsize=65_536)
def _main_name(name: str) -> str:
    # "St. Petersburg" is Saint Petersburg's own name, written short.
    return " ".join(ABBREVIATED_WORDS.get(word, word) for word in norm(name).split())


def _is_abbreviation(spelling: str) -> bool:
    """Whether a spelling is an abbreviation ("Calif.", "N.J.", "EU", "DPRK"), which only
    counts as written: case and dots included."""
    return " " not in spelling and (spelling.endswith(".") or spelling.isupper())


def _ignore(reason: str) -> None:
    return None


def _describe(f: Feature) -> str:
    where = f" in {f.admin1 or f.country}" if (f.admin1 or f.country) else ""
    if f.kind == "populated_place":
        return f"populated place{where}, population {f.population:,}"
    return f"{f.kind.replace('_', ' ')}{where}"
