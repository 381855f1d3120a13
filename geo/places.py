"""Resolved places as map points: one row per place, with how often the articles name it.

:data:`PLACE_SCHEMA` (:func:`places_frame`), then ``geometry`` (the place's point), EPSG:4326:

=================  ===========================================================================
``place_key``      :func:`place_key`: the place's identity across articles
``name``           gazetteer name
``kind``           ``country``, ``admin1``, ``admin2``, ``populated_place``, ``region``,
                   ``crossing`` or ``other``
``country``        ISO 3166-1 alpha-2, or null
``admin1``         ISO 3166-2 code of the first-level division, or null
``geonameid``      GeoNames id, or null
``precision_km``   radius the point stands for, or NaN
``mentions``       times the place is named: the spans of a ``place`` line, 1 for a record
                   without spans (a place object inside a movement)
``documents``      distinct ``doc`` values among its records (0 when records carry none)
=================  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import geopandas as gpd
import shapely

from geo.frames import build_frame

__all__ = ["PLACE_SCHEMA", "Place", "place_key", "place_names", "places_frame"]

Place = Mapping[str, Any]

PLACE_SCHEMA: dict[str, str] = {
    "place_key": "str",
    "name": "str",
    "kind": "str",
    "country": "str",
    "admin1": "str",
    "geonameid": "Int64",
    "precision_km": "float64",
    "mentions": "int64",
    "documents": "int64",
}

# Taken from a place's first record; the other columns are counted over all its records.
_PLACE_FIELDS = ("name", "kind", "country", "admin1", "geonameid", "precision_km")


def place_names(places: Iterable[Place]) -> str:
    """Endpoints in words for tables and flat exports: "Raqqa / Tabqa" (the gazetteer name, else
    the text as written); "" for none."""
    return " / ".join(str(p.get("name") or p.get("text") or "?") for p in places)


def place_key(place: Place) -> str:
    """The identity of a resolved place: its GeoNames id, else kind, country and name.

    Parameters
    ----------
    place : mapping
        A place object of the extract contract.

    Returns
    -------
    str
        ``"geonames:174448"``, or ``"crossing:SY:Albukamal crossing"`` for a place with no id.
    """
    geonameid = place.get("geonameid")
    if geonameid is not None:
        return f"geonames:{int(geonameid)}"
    return f"{place.get('kind')}:{place.get('country') or '-'}:{place.get('name')}"


def places_frame(places: Iterable[Place]) -> gpd.GeoDataFrame:
    """Place records merged by identity into points with mention counts.

    Parameters
    ----------
    places : iterable of mapping
        ``place`` lines of the extract contract (with ``doc`` and ``spans``) or place objects
        taken from movements. Records without coordinates are left out.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`PLACE_SCHEMA` then ``geometry``, EPSG:4326, one row per place in order of
        first appearance; the fields are those of its first record.
    """
    rows: dict[str, dict[str, Any]] = {}
    documents: dict[str, set[str]] = {}
    for place in places:
        if place.get("lat") is None or place.get("lon") is None:
            continue
        key = place_key(place)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                "place_key": key,
                "mentions": 0,
                **{field: place.get(field) for field in _PLACE_FIELDS},
                "lat": float(place["lat"]),
                "lon": float(place["lon"]),
            }
            documents[key] = set()
        spans = place.get("spans")
        row["mentions"] += len(spans) if spans is not None else 1
        if place.get("doc") is not None:
            documents[key].add(str(place["doc"]))
    for key, row in rows.items():
        row["documents"] = len(documents[key])
    geometry = [shapely.Point(row["lon"], row["lat"]) for row in rows.values()]
    return build_frame(list(rows.values()), geometry, PLACE_SCHEMA)
