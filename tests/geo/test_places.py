"""Place records merged into map points with mention counts."""

from __future__ import annotations

import pandas as pd
import shapely

from geo.places import PLACE_SCHEMA, place_key, places_frame


def test_place_key_prefers_the_geonames_id() -> None:
    assert place_key({"geonameid": 174448, "name": "Albukamal", "kind": "populated_place"}) == (
        "geonames:174448"
    )
    crossing = {"geonameid": None, "name": "Al-Qaim crossing", "kind": "crossing", "country": "IQ"}
    assert place_key(crossing) == "crossing:IQ:Al-Qaim crossing"
    assert place_key({"name": "Levant", "kind": "region", "country": None}) == "region:-:Levant"


def test_places_are_merged_by_identity_and_mentions_counted() -> None:
    town = {
        "name": "Raqqa",
        "kind": "populated_place",
        "country": "SY",
        "admin1": "SY-RA",
        "geonameid": 1,
        "lat": 35.95,
        "lon": 39.01,
        "precision_km": 5.0,
    }
    frame = places_frame(
        [
            {**town, "type": "place", "doc": "a.txt", "spans": [[0, 5], [40, 45]]},
            {**town, "type": "place", "doc": "b.txt", "spans": [[3, 8]]},
            {**town, "text": "al-Raqqa"},  # a place object inside a movement: one mention
            {**town, "geonameid": None, "name": "Nowhere", "lat": None, "lon": None},
        ]
    )
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["place_key"] == "geonames:1" and row["name"] == "Raqqa"
    assert row["mentions"] == 4
    assert row["documents"] == 2
    assert frame.geometry[0].equals(shapely.Point(39.01, 35.95))


def test_places_frame_has_the_documented_schema() -> None:
    frame = places_frame([{"name": "Mosul", "kind": "populated_place", "lat": 36.3, "lon": 43.1}])
    assert list(frame.columns) == [*PLACE_SCHEMA, "geometry"]
    assert {c: str(frame[c].dtype) for c in PLACE_SCHEMA} == {
        c: str(pd.Series(dtype=d).dtype) for c, d in PLACE_SCHEMA.items()
    }
    assert frame.crs.to_epsg() == 4326
    assert pd.isna(frame.loc[0, "geonameid"]) and frame.loc[0, "documents"] == 0
