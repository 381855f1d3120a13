"""Reports out of the store in the formats analysts hand on: GeoJSON, GeoPackage, CSV, KML.

One feature per movement report (a movement as one article tells it), with its provenance:
publisher, original outlet, cited sources, evidence sentence, dates, size, status, confidence,
and, for the movement it belongs to across articles, how many reports and how many independent
sources tell it (:func:`independent_sources`).

GeoJSON is written by hand so that it keeps nested place objects and follows RFC 7946 (WGS84,
longitude first, no ``crs`` member); the other formats go through GDAL (pyogrio) with the nested
fields flattened to text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import shapely

from geo.places import place_names

__all__ = ["DATA_FORMATS", "export_reports", "independent_sources", "report_roots"]

DATA_FORMATS = ("geojson", "gpkg", "csv", "kml")


def report_roots(row: Mapping[str, Any]) -> list[str]:
    """Where a report's claim comes from: its cited sources, else the outlet it republished, else
    its publisher ("SOHR via Al-Masdar News via Global Research" has the root SOHR)."""
    cited = [s for s in row.get("cited_sources") or [] if s]
    if cited:
        return cited
    for key in ("original_source", "publisher"):
        if row.get(key):
            return [str(row[key])]
    return []


def independent_sources(reports: Iterable[Mapping[str, Any]]) -> list[str]:
    """The distinct roots (:func:`report_roots`) of several reports of one movement: two outlets
    repeating the same SOHR claim are one source, SOHR and a Reuters reporter are two."""
    seen: dict[str, str] = {}
    for report in reports:
        for root in report_roots(report):
            seen.setdefault(root.lower(), root)
    return list(seen.values())


def _with_movement_counts(frame: Any) -> Any:
    frame = frame.copy()
    records = frame.to_dict("records")
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(record["movement_key"], []).append(record)
    frame["movement_reports"] = [len(groups[k]) for k in frame["movement_key"]]
    frame["independent_sources"] = [independent_sources(groups[k]) for k in frame["movement_key"]]
    return frame


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _feature(row: Mapping[str, Any], geom: Any) -> dict[str, Any]:
    def places(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        keep = ("text", "name", "kind", "country", "admin1", "geonameid", "lat", "lon")
        return [{k: p.get(k) for k in (*keep, "precision_km")} for p in items]

    properties = {
        "report_id": row["report_id"],
        "movement_key": row["movement_key"],
        "doc": row["doc"],
        "actor": row["actor"],
        "group": _clean(row["actor_group"]),
        "size": {
            "min": _clean(row["size_min"]),
            "max": _clean(row["size_max"]),
            "text": _clean(row["size_text"]),
        },
        "origin": places(row["origin"]),
        "origin_text": _clean(row["origin_text"]),
        "via": places(row["via"]),
        "destination": places(row["destination"]),
        "status": row["status"],
        "date": {
            "start": _clean(row["date_start"]),
            "end": _clean(row["date_end"]),
            "precision": _clean(row["date_precision"]),
            "text": _clean(row["date_text"]),
        },
        "published": _clean(row["published"]),
        "publisher": _clean(row["publisher"]),
        "original_source": _clean(row["original_source"]),
        "cited_sources": list(row["cited_sources"]),
        "evidence": {
            "text": row["evidence_text"],
            "start": _clean(row["evidence_start"]),
            "end": _clean(row["evidence_end"]),
        },
        "confidence": _clean(row["confidence"]),
        "edited": list(row["edited"]),
        "movement_reports": int(row["movement_reports"]),
        "independent_sources": list(row["independent_sources"]),
    }
    return {
        "type": "Feature",
        "geometry": shapely.geometry.mapping(geom) if geom is not None else None,
        "properties": properties,
    }


def _flat(frame: Any) -> Any:
    import geopandas as gpd

    def size(row: Any) -> str:
        return str(row["size_text"] or "")

    flat = pd.DataFrame(
        {
            "report_id": frame["report_id"],
            "movement_key": frame["movement_key"],
            "doc": frame["doc"],
            "actor": frame["actor"],
            "group": frame["actor_group"],
            "size_min": frame["size_min"].astype("Int64"),
            "size_max": frame["size_max"].astype("Int64"),
            "size_text": [size(r) for _, r in frame.iterrows()],
            "origin": frame["origin"].map(place_names),
            "origin_text": frame["origin_text"],
            "via": frame["via"].map(place_names),
            "destination": frame["destination"].map(place_names),
            "status": frame["status"],
            "date_start": frame["date_start"],
            "date_end": frame["date_end"],
            "date_precision": frame["date_precision"],
            "date_text": frame["date_text"],
            "published": frame["published"],
            "publisher": frame["publisher"],
            "original_source": frame["original_source"],
            "cited_sources": frame["cited_sources"].map("; ".join),
            "evidence": frame["evidence_text"],
            "confidence": frame["confidence"],
            "edited": frame["edited"].map(", ".join),
            "movement_reports": frame["movement_reports"],
            "independent_sources": frame["independent_sources"].map("; ".join),
        }
    )
    return gpd.GeoDataFrame(flat, geometry=list(frame.geometry), crs=4326)


def export_reports(frame: Any, fmt: str, out: Path) -> int:
    """Write ``frame`` (reports as :meth:`geo.store.Store.reports` gives them) to ``out`` in
    ``fmt`` (one of :data:`DATA_FORMATS`), replacing the file. Returns the features written.
    Reports with no drawable place are kept in GeoJSON and CSV (no geometry) and left out of
    GeoPackage and KML layers only when GDAL cannot hold an empty geometry."""
    if fmt not in DATA_FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(DATA_FORMATS)})")
    frame = _with_movement_counts(frame)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and moved over it, so a failed export leaves no half file; GDAL
    # picks its behaviour from the extension, so the temporary name keeps the format's.
    tmp = out.with_name(f".{out.name}.part.{fmt}")
    if tmp.exists():
        tmp.unlink()
    if fmt == "geojson":
        features = [_feature(row, row["geometry"]) for row in frame.to_dict("records")]
        collection = {"type": "FeatureCollection", "features": features}
        tmp.write_text(json.dumps(collection, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        _write_gdal(_flat(frame), fmt, tmp)
    tmp.replace(out)
    return len(frame)


def _write_gdal(flat: Any, fmt: str, path: Path) -> None:
    import pyogrio

    if fmt == "gpkg":
        pyogrio.write_dataframe(flat, path, layer="movements", driver="GPKG")
    elif fmt == "csv":
        pyogrio.write_dataframe(flat, path, driver="CSV", layer_options={"GEOMETRY": "AS_WKT"})
    else:
        kml = flat.copy()
        kml.insert(
            0,
            "Name",
            [
                f"{a}: {o or '?'} → {d or '?'}"
                for a, o, d in zip(kml["actor"], kml["origin"], kml["destination"], strict=True)
            ],
        )
        kml.insert(1, "Description", kml["evidence"])
        pyogrio.write_dataframe(
            kml,
            path,
            driver="KML",
            layer="movements",
            dataset_options={"NameField": "Name", "DescriptionField": "Description"},
        )
