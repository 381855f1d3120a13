"""Where a country-level end of a flow is drawn."""

from __future__ import annotations

from typing import Any

import shapely
from pyproj import Geod

from geo.countries import INWARD_KM, country_outline, point_inside_country

GEOD = Geod(ellps="WGS84")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000


def _outline(iso2: str) -> Any:
    shape = country_outline(iso2)
    assert shape is not None
    return shape


def _inside(iso2: str, lat: float, lon: float) -> tuple[float, float]:
    point = point_inside_country(iso2, lat, lon)
    assert point is not None
    return point


def test_the_point_is_inside_the_country_facing_the_anchor() -> None:
    lat, lon = _inside("TR", 36.2, 37.15)  # toward Aleppo
    turkey, syria = _outline("TR"), _outline("SY")
    assert turkey.contains(shapely.Point(lon, lat))
    assert _km(lat, lon, 36.2, 37.15) < 150
    gap_km = shapely.Point(lon, lat).distance(syria) * 111
    assert 0.5 * INWARD_KM < gap_km < 2 * INWARD_KM


def test_an_anchor_inside_the_country_gives_no_point() -> None:
    assert point_inside_country("SY", 35.83, 36.62) is None  # Idlib is in Syria


def test_a_narrow_country_shrinks_less_and_a_tiny_one_not_at_all() -> None:
    lat, lon = _inside("LB", 34.7, 37.5)  # Lebanon is ~50 km wide; anchor in Syria
    assert _outline("LB").contains(shapely.Point(lon, lat))
    assert point_inside_country("VA", 41.9, 12.0) is None  # the Vatican


def test_unknown_codes_have_no_outline() -> None:
    assert country_outline("ZZ") is None
    assert point_inside_country("ZZ", 0.0, 0.0) is None
    assert country_outline("fr") is not None  # case does not matter
