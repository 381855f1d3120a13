from __future__ import annotations

from pathlib import Path

import geopandas
import pytest
from geopy.exc import GeocoderQueryError
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from gazetteer import LocalGazetteer


@pytest.fixture
def geocoder(index_path: Path, tmp_path: Path) -> LocalGazetteer:
    return LocalGazetteer(index=index_path, user=tmp_path / "none.sqlite")


def test_geocode_returns_a_location_with_the_gazetteer_row(geocoder: LocalGazetteer) -> None:
    location = geocoder.geocode("al-Bokamal")
    assert isinstance(location, Location)
    assert location.latitude == pytest.approx(34.45226)
    assert location.longitude == pytest.approx(40.91854)
    assert location.raw["geonameid"] == 174448
    assert location.raw["kind"] == "populated_place"
    assert 0 < location.raw["score"] <= 1 and location.raw["reason"]


def test_no_match_is_none_never_an_empty_list(geocoder: LocalGazetteer) -> None:
    assert geocoder.geocode("Qwxzvbnplk") is None
    assert geocoder.geocode("Qwxzvbnplk", exactly_one=False) is None


def test_several_candidates_when_asked(geocoder: LocalGazetteer) -> None:
    locations = geocoder.geocode("Tripoli", exactly_one=False)
    assert isinstance(locations, list) and len(locations) >= 2
    assert {loc.raw["country"] for loc in locations} >= {"LB", "LY"}


@pytest.mark.parametrize("bad", ["", "   ", "x" * 10_000, "a\x07b"])
def test_bad_queries_raise_geopys_query_error(geocoder: LocalGazetteer, bad: str) -> None:
    with pytest.raises(GeocoderQueryError):
        geocoder.geocode(bad)


def test_country_preference(index_path: Path, tmp_path: Path) -> None:
    lebanon = LocalGazetteer(index=index_path, user=tmp_path / "none.sqlite", country="lb")
    location = lebanon.geocode("Tripoli")
    assert isinstance(location, Location) and location.raw["country"] == "LB"


def test_reverse(geocoder: LocalGazetteer) -> None:
    location = geocoder.reverse("35.336, 40.141")
    assert isinstance(location, Location) and location.raw["geonameid"] == 170794
    with pytest.raises(GeocoderQueryError):
        geocoder.reverse("somewhere")


def test_works_in_geopandas_and_with_rate_limiter(index_path: Path, tmp_path: Path) -> None:
    frame = geopandas.tools.geocode(
        ["Deir Ezzor", "Kirkuk", "Qwxzvbnplk"],
        provider=LocalGazetteer,
        index=index_path,
        user=tmp_path / "none.sqlite",
    )
    assert len(frame) == 3
    assert frame.geometry.iloc[0].y == pytest.approx(35.33588)
    assert frame.geometry.iloc[1].x == pytest.approx(44.39222)
    assert frame.geometry.iloc[2] is None or frame.geometry.iloc[2].is_empty
    limited = RateLimiter(
        LocalGazetteer(index=index_path, user=tmp_path / "none.sqlite").geocode, min_delay_seconds=0
    )
    location = limited("Idlib")
    assert isinstance(location, Location) and location.raw["admin1"] == "SY-ID"
