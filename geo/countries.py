"""Country outlines, and where inside a country a vague end of a flow is drawn.

A report that fighters came "from Iraq" into Albukamal says nothing about where in Iraq they
started. Drawing the line from Iraq's centroid, 400 km away, would invent a route; drawing it from
just inside the border, close to where the journey continues, shows what the report says.

The rule, as :func:`point_inside_country` applies it:

1. take the country's Natural Earth 10m outline (all its parts), simplified to about 2 km;
2. shrink it inward by :data:`INWARD_KM` (40 km); a country too narrow for that shrinks by half
   the distance, then half again, down to :data:`MIN_INWARD_KM` (5 km);
3. the point drawn is the point of the shrunken outline nearest to the place the line goes to
   next (the *anchor*), so it lies inside the country, that far from the border, on the side
   facing the anchor.

Both steps work in metres, in an azimuthal equidistant projection centred on the country. The
function answers ``None`` when the country has no outline, is smaller than twice
:data:`MIN_INWARD_KM` across, or already holds the anchor (a movement from Syria to Idlib
starts somewhere in Syria, not at a border); the caller then uses the country's own point.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.ops import nearest_points

from gazetteer.sources import natural_earth_countries

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["INWARD_KM", "MIN_INWARD_KM", "country_outline", "point_inside_country"]

INWARD_KM = 40.0
MIN_INWARD_KM = 5.0
# Below the smallest inward distance, so simplifying never moves a drawn point across a border;
# coarse enough that shrinking even Canada's coastline takes about a second, once per process.
_SIMPLIFY_M = 2_000.0


@dataclass(slots=True, frozen=True)
class _Country:
    """A country's outline in metres around its own centre, shrunk inward once."""

    to_metres: Transformer
    to_degrees: Transformer
    outline: Any
    inner: Any


@functools.cache
def _outline_parts() -> dict[str, list[Any]]:
    # Natural Earth splits some countries into rows (France and Clipperton Island).
    frame = natural_earth_countries()
    parts: dict[str, list[Any]] = {}
    for iso2, geometry in zip(frame["iso2"], frame.geometry, strict=True):
        if iso2 is not None:
            parts.setdefault(str(iso2), []).append(geometry)
    return parts


@functools.cache
def country_outline(iso2: str) -> Any | None:
    """The country's outline in longitude/latitude (EPSG:4326).

    Parameters
    ----------
    iso2 : str
        ISO 3166-1 alpha-2 code, as in a place object's ``country``.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon or None
        The Natural Earth 10m admin-0 outline, all parts joined; ``None`` for an unknown code.
    """
    parts = _outline_parts().get(iso2.upper())
    if parts is None:
        return None
    # Joined only for the few countries Natural Earth splits: a union costs seconds for all.
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def _apply(transformer: Transformer, geometry: Any) -> Any:
    def move(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, move)


@functools.cache
def _country(iso2: str) -> _Country | None:
    outline = country_outline(iso2)
    if outline is None:
        return None
    # Centred on the largest part, so overseas islands do not pull the projection off the
    # mainland where the distances matter.
    parts = getattr(outline, "geoms", [outline])
    centre = max(parts, key=lambda part: part.area).representative_point()
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m")
    to_metres = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    to_degrees = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    projected = _apply(to_metres, outline).simplify(_SIMPLIFY_M)
    inward = INWARD_KM
    inner = projected.buffer(-inward * 1000.0)
    while inner.is_empty and inward / 2 >= MIN_INWARD_KM:
        inward /= 2
        inner = projected.buffer(-inward * 1000.0)
    return _Country(to_metres, to_degrees, projected, None if inner.is_empty else inner)


@functools.lru_cache(maxsize=65_536)
def point_inside_country(
    iso2: str, toward_lat: float, toward_lon: float
) -> tuple[float, float] | None:
    """Where a country-level end of a flow is drawn: inside the country, facing the anchor.

    Parameters
    ----------
    iso2 : str
        ISO 3166-1 alpha-2 code of the country.
    toward_lat, toward_lon : float
        The anchor: the place the flow goes to next (or came from, for a destination).

    Returns
    -------
    tuple of float or None
        ``(lat, lon)`` of the point of the country, shrunk inward by :data:`INWARD_KM`, nearest
        to the anchor; ``None`` when the country has no outline, is too small to shrink, or
        contains the anchor.

    Examples
    --------
    >>> lat, lon = point_inside_country("IQ", 34.45, 40.92)  # toward Albukamal, Syria
    >>> 34 < lat < 35 and 41 < lon < 42
    True
    """
    country = _country(iso2.upper())
    if country is None or country.inner is None:
        return None
    anchor = shapely.Point(country.to_metres.transform(toward_lon, toward_lat))
    if country.outline.contains(anchor):
        return None
    nearest = nearest_points(country.inner, anchor)[0]
    lon, lat = country.to_degrees.transform(nearest.x, nearest.y)
    return float(lat), float(lon)
