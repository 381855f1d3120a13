"""The local gazetteer as a geopy geocoder: works wherever geopy's providers do, offline.

>>> import geopandas
>>> geopandas.tools.geocode(["Deir Ezzor", "al-Bokamal"], provider=LocalGazetteer)  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geopy.exc import GeocoderQueryError
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer.gazetteer import ACCEPT_SCORE, Context, Gazetteer
from gazetteer.place import Candidate
from gazetteer.query import QueryError

__all__ = ["LocalGazetteer"]


class LocalGazetteer(Geocoder):
    """A geopy ``Geocoder`` answering from movemap's local gazetteer; it never opens a connection.

    Parameters
    ----------
    index, user : Path, optional
        The gazetteer index and the user's own places (defaults: the movemap data folder).
    country : str, optional
        ISO 3166-1 alpha-2 code preferred when a name is shared by several places.
    timeout, proxies, user_agent, ssl_context, adapter_factory
        Accepted for geopy compatibility; unused, since nothing is fetched.
    """

    def __init__(
        self,
        *,
        index: Path | None = None,
        user: Path | None = None,
        country: str | None = None,
        gazetteer: Gazetteer | None = None,
        timeout: Any = DEFAULT_SENTINEL,
        proxies: Any = DEFAULT_SENTINEL,
        user_agent: str | None = None,
        ssl_context: Any = DEFAULT_SENTINEL,
        adapter_factory: Any = None,
    ) -> None:
        super().__init__(
            timeout=timeout,
            proxies=proxies,
            user_agent=user_agent,
            ssl_context=ssl_context,
            adapter_factory=adapter_factory,
        )
        self.gazetteer = gazetteer or Gazetteer.open(index, user)
        self.country = country.upper() if country else None

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        country: str | None = None,
        limit: int = 5,
    ) -> Location | list[Location] | None:
        """A place name to a ``Location`` (or a list of them), ``None`` when nothing matches.

        ``raw`` holds the gazetteer row plus ``score`` and ``reason``.
        Raises ``geopy.exc.GeocoderQueryError`` for text that cannot be a place name.
        """
        context = Context(country=(country or self.country or "").upper() or None)
        try:
            found = self.gazetteer.candidates(query, context, limit=1 if exactly_one else limit)
        except QueryError as err:
            raise GeocoderQueryError(str(err)) from None
        locations = [_location(c) for c in found if c.score >= ACCEPT_SCORE]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        radius_km: float = 50.0,
    ) -> Location | list[Location] | None:
        """The nearest populated place to a point ("lat, lon", a tuple or a geopy ``Point``)."""
        try:
            point = Point(query)
        except (TypeError, ValueError) as err:
            raise GeocoderQueryError(f"not a point: {query!r} ({err})") from None
        found = self.gazetteer.reverse(point.latitude, point.longitude, radius_km=radius_km)
        if found is None:
            return None
        location = _location(found)
        return location if exactly_one else [location]


def _location(candidate: Candidate) -> Location:
    f = candidate.feature
    where = ", ".join(part for part in (f.name, f.admin1, f.country) if part)
    raw = {**f.as_dict(), "score": candidate.score, "reason": candidate.reason}
    return Location(where, (f.lat, f.lon), raw)
