"""The on-disk index: one SQLite file of features and their name keys.

SQLite opens in milliseconds and answers a key lookup in microseconds, so a cold start costs
nothing and no process has to hold 800,000 names in memory. The built-in index and the user's own
places use the same schema in two files; the built-in one can be deleted and rebuilt at any time,
the user's is the analyst's work and is never rebuilt.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from gazetteer.normalize import keys
from gazetteer.place import Feature
from gazetteer.sources import Row

__all__ = [
    "FEATURE_COLUMNS",
    "INDEX_VERSION",
    "GazetteerIndexError",
    "connect",
    "create",
    "feature_from_row",
    "finish",
    "insert_rows",
]

# Bump when the schema, the key functions or what the index holds change: an index built by
# another version is rebuilt. An index that only speeds a query up needs no bump: files built
# without it give the same answers, more slowly.
INDEX_VERSION = "5"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS features(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT, admin1 TEXT,
    geonameid INTEGER, lat REAL NOT NULL, lon REAL NOT NULL, precision_km REAL NOT NULL,
    population INTEGER NOT NULL, source TEXT NOT NULL, direction TEXT);
-- Clustered on the folded key: one lookup reads one contiguous run of rows.
CREATE TABLE IF NOT EXISTS names(
    fold TEXT NOT NULL, feature INTEGER NOT NULL, norm TEXT NOT NULL, skel TEXT NOT NULL,
    name TEXT NOT NULL, PRIMARY KEY (fold, feature, norm)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS common_words(word TEXT PRIMARY KEY) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS names_norm ON names(norm);
CREATE INDEX IF NOT EXISTS names_skel ON names(skel);
CREATE INDEX IF NOT EXISTS features_lat ON features(lat);
CREATE INDEX IF NOT EXISTS features_geonameid ON features(geonameid);
CREATE INDEX IF NOT EXISTS features_direction ON features(country, direction)
    WHERE direction IS NOT NULL;
-- The countries, largest first, without a scan of all features (35 ms, on the first demonym).
CREATE INDEX IF NOT EXISTS features_countries ON features(population) WHERE kind = 'country';
"""
FEATURE_COLUMNS = (
    "id, name, kind, country, admin1, geonameid, lat, lon, precision_km, population, source"
)


class GazetteerIndexError(RuntimeError):
    """The index file is missing, unreadable or from another movemap version."""


def create(path: Path) -> sqlite3.Connection:
    """A new or existing index file with the schema in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(_SCHEMA)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (INDEX_VERSION,))
    return conn


def finish(conn: sqlite3.Connection) -> None:
    """Create the lookup indexes and commit."""
    conn.executescript(_INDEXES)
    conn.commit()


def connect(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """Open an index read-only.

    ``immutable``: the file is never written while open (the built-in index is built beside
    its place and moved in; the user's places file is written in place). SQLite then skips the
    file lock and the check for changes it otherwise makes around every query, which took
    half of a short lookup's time.

    Raises :class:`GazetteerIndexError` if it is missing, unreadable or of another version.
    """
    if not path.is_file():
        raise GazetteerIndexError(f"gazetteer index not found: {path}")
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        # Memory-mapped reads: a cold lookup touches a few pages without a read() call each.
        conn.execute("PRAGMA mmap_size = 268435456")
        row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.DatabaseError as err:
        raise GazetteerIndexError(f"gazetteer index {path} is not readable: {err}") from None
    if row is None or row[0] != INDEX_VERSION:
        conn.close()
        raise GazetteerIndexError(f"gazetteer index {path} was built by another movemap version")
    return conn


def _name_rows(feature_id: int, row: Row) -> Iterator[tuple[str, str, str, int, str]]:
    seen: set[str] = set()
    for name in [row.name, *sorted(row.alternates)]:
        n, f, s = keys(name)
        if n and n not in seen:
            seen.add(n)
            yield n, f, s, feature_id, name


def insert_rows(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    """Append features with all their name keys; returns how many features were written."""
    count = 0
    for row in rows:
        cur = conn.execute(
            "INSERT INTO features(name, kind, country, admin1, geonameid, lat, lon, precision_km,"
            " population, source, direction) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                row.name,
                row.kind,
                row.country,
                row.admin1,
                row.geonameid,
                row.lat,
                row.lon,
                row.precision_km,
                row.population,
                row.source,
                row.direction,
            ),
        )
        feature_id = cur.lastrowid
        assert feature_id is not None
        conn.executemany(
            "INSERT OR IGNORE INTO names(norm, fold, skel, feature, name) VALUES (?,?,?,?,?)",
            _name_rows(feature_id, row),
        )
        count += 1
    return count


def feature_from_row(values: tuple[object, ...], *, user: bool = False) -> Feature:
    """A :class:`Feature` from a ``SELECT FEATURE_COLUMNS`` row; user features get negative ids."""
    feature = Feature(*values)  # type: ignore[arg-type]
    return replace(feature, id=-feature.id) if user else feature
