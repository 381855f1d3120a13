"""GeoDataFrames built the one way every geo frame is built: schema columns, dtypes, EPSG:4326."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd

__all__ = ["CRS", "build_frame"]

CRS = "EPSG:4326"


def build_frame(
    rows: list[dict[str, Any]], geometry: list[Any], schema: dict[str, str]
) -> gpd.GeoDataFrame:
    """A GeoDataFrame with exactly the schema's columns, in order and of its dtypes.

    Parameters
    ----------
    rows : list of dict
        One dict per row; keys missing from a row are null. Dates may be ``"YYYY-MM-DD"`` text.
    geometry : list of shapely geometry or None
        One geometry per row, in longitude/latitude.
    schema : dict of str to str
        Column name -> pandas dtype.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns of ``schema`` then ``geometry``, CRS EPSG:4326.
    """
    table = pd.DataFrame(rows, columns=list(schema))
    for column, dtype in schema.items():
        if dtype.startswith("datetime64"):
            # Text dates that are not real days ("2017-02-30") become NaT, not an error.
            table[column] = pd.to_datetime(table[column], format="%Y-%m-%d", errors="coerce")
    table = table.astype(schema)
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geometry, crs=CRS), crs=CRS)
