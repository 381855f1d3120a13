"""Analyst edits laid over stored reports when they are read.

Edits never change the ``reports`` table, so re-ingesting an article (which replaces its reports)
leaves every edit in force, and undoing an edit is just marking it undone. They apply in the order
they were made: a later ``set`` of a field wins over an earlier one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from geo.flows import flow_geometry
from geo.store import Edit, movement_of, report_row

__all__ = ["apply_edits"]

_ENDPOINTS = ("origin", "via", "destination")


def apply_edits(
    frame: Any, edits: Sequence[Edit], sources_of: Callable[[Sequence[str]], dict[str, list[str]]]
) -> Any:
    """``frame`` (reports as read from the store) with ``edits`` applied, plus the columns
    ``sources`` (publisher, original outlet and cited sources of each report), ``edited`` (the
    fields changed by hand), ``rejected`` and ``manual`` (added by hand)."""
    import geopandas as gpd

    sources = sources_of(list(frame["report_id"]))
    frame = frame.copy()
    frame["sources"] = [sources.get(r, []) for r in frame["report_id"]]
    frame["edited"] = [[] for _ in range(len(frame))]
    frame["rejected"] = False
    frame["manual"] = False
    added = [_added_row(e) for e in edits if e.action == "add"]
    if added:
        extra = gpd.GeoDataFrame(pd.DataFrame(added), geometry="geometry", crs=frame.crs)
        frame = pd.concat([frame, extra], ignore_index=True)
        frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=extra.crs)
    rows = {report_id: i for i, report_id in enumerate(frame["report_id"])}
    moved: set[int] = set()
    for edit in edits:
        if edit.action == "add":
            continue
        if edit.action == "pin":
            targets = [rows[edit.report_id]] if edit.report_id in rows else []
            if edit.report_id is None:
                targets = list(range(len(frame)))
            for i in targets:
                if _pin(frame, i, edit.value):
                    moved.add(i)
                    _mark(frame, i, "pin")
            continue
        found = rows.get(edit.report_id or "")
        if found is None:
            continue
        i = found
        if edit.action == "reject":
            frame.at[i, "rejected"] = True
            _mark(frame, i, "rejected")
        elif edit.action == "set" and edit.field:
            frame.at[i, edit.field] = edit.value
            _mark(frame, i, edit.field)
            if edit.field in _ENDPOINTS:
                moved.add(i)
    for i in moved:
        frame.at[i, "geometry"] = flow_geometry(movement_of(frame.iloc[i]))
    return frame


def _mark(frame: Any, i: int, what: str) -> None:
    if what not in frame.at[i, "edited"]:
        frame.at[i, "edited"] = [*frame.at[i, "edited"], what]


def _pin(frame: Any, i: int, value: Mapping[str, Any]) -> bool:
    wanted = str(value["text"]).strip().lower()
    changed = False
    for end in _ENDPOINTS:
        places = []
        for place in frame.at[i, end]:
            if wanted in (
                str(place.get("text") or "").lower(),
                str(place.get("name") or "").lower(),
            ):
                place = {
                    **place,
                    "lat": float(value["lat"]),
                    "lon": float(value["lon"]),
                    "precision_km": float(value.get("precision_km") or 1.0),
                    "pinned": True,
                }
                changed = True
            places.append(place)
        frame.at[i, end] = places
    return changed


def _added_row(edit: Edit) -> dict[str, Any]:
    movement = dict(edit.value)
    row = report_row(f"manual:{edit.edit_id}", {"doc": "added by hand"}, movement, {})
    row["report_id"] = edit.report_id
    for column in ("origin", "via", "destination", "cited_sources", "why"):
        row[column] = json.loads(row[column])
    row["geometry"] = flow_geometry(movement)
    del row["geom"]
    names = [movement.get("publisher"), *(movement.get("cited_sources") or [])]
    row["sources"] = [n for n in names if n]
    row["edited"] = ["added"]
    row["rejected"] = False
    row["manual"] = True
    return row
