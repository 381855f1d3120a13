"""Movements -> flow lines, the store, interactive layers and static briefing maps."""

from geo.countries import INWARD_KM, country_outline, point_inside_country
from geo.flows import (
    AGGREGATE_SCHEMA,
    ENDPOINT_SCHEMA,
    FLOW_SCHEMA,
    VAGUE_KM,
    aggregate_flows,
    flow_endpoints,
    flow_geometry,
    flow_lines,
)
from geo.frames import CRS
from geo.places import PLACE_SCHEMA, place_key, places_frame

__all__ = [
    "AGGREGATE_SCHEMA",
    "CRS",
    "ENDPOINT_SCHEMA",
    "FLOW_SCHEMA",
    "INWARD_KM",
    "PLACE_SCHEMA",
    "VAGUE_KM",
    "aggregate_flows",
    "country_outline",
    "flow_endpoints",
    "flow_geometry",
    "flow_lines",
    "place_key",
    "places_frame",
    "point_inside_country",
]
