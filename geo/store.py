"""The store: articles, their places, the movements each one reports, and the analyst's edits.

Two backends keep the same tables and behave the same:

- a **GeoPackage** file (the default; SQLite underneath, nothing to start). The feature tables
  ``places`` and ``reports`` and the attribute tables open in GDAL and QGIS as layers;
- **PostgreSQL + PostGIS** for teams (``postgresql://user:password@host/db``).

Tables
------
``documents``
    one row per article, keyed by ``doc_key`` (the article's URL, else its absolute path plus the
    record number inside a file of records), with its metadata, cleaned text and two hashes:
    ``raw_sha256`` (the bytes read, so an unchanged file is skipped before extraction) and
    ``sha256`` (the cleaned text, so the same article under another name is stored once).
``places``
    one row per distinct place an article mentions (point geometry).
``reports``
    one row per movement as one article tells it (line geometry; a point for an arrival). The
    ``report_id`` is stable across re-ingests of the article (it hashes the article's key, the
    actor and the places), so edits keep pointing at the right report. ``movement_key``
    groups the reports of one movement across articles (see :func:`movement_key`).
``report_sources``
    who stands behind each report: publisher, original outlet, cited sources (for ``--source``).
``edits``
    the analyst's corrections, applied when reports are read, never written into ``reports``:
    re-ingesting an article replaces its reports and leaves every edit in force.

Every article is written in one transaction with its places and reports; an ingest commits in
batches, so an interrupted ingest (even ``kill -9``) leaves the store valid with every committed
article in it.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = [
    "EDITABLE_FIELDS",
    "EDIT_ACTIONS",
    "STATUSES",
    "Edit",
    "Filters",
    "Store",
    "StoreError",
    "as_movements",
    "default_db",
    "movement_key",
    "movement_of",
    "narrow",
    "place_identity",
    "report_row",
]

SRID = 4326
SCHEMA_VERSION = "1"

#: Fields of a report an analyst may correct, with the column each one lives in.
EDITABLE_FIELDS = {
    "actor": "actor",
    "size_min": "size_min",
    "size_max": "size_max",
    "status": "status",
    "date_start": "date_start",
    "date_end": "date_end",
    "origin": "origin",
    "via": "via",
    "destination": "destination",
    "confidence": "confidence",
}
#: ``set`` a field, ``reject`` a report, ``add`` a report by hand, ``pin`` a place name to a point.
EDIT_ACTIONS = ("set", "reject", "add", "pin")
_ENDS = ("origin", "via", "destination")
STATUSES = ("completed", "ongoing", "planned", "hypothetical", "negated")

# (name, type): pk = integer key GDAL reads as the feature id; json = text holding JSON.
_TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("fid", "pk"),
        ("doc_key", "text unique"),
        ("doc", "text"),
        ("path", "text"),
        ("url", "text"),
        ("title", "text"),
        ("published", "text"),
        ("published_precision", "text"),
        ("publisher", "text"),
        ("original_source", "text"),
        ("author", "text"),
        ("language", "text"),
        ("sha256", "text"),
        ("raw_sha256", "text"),
        ("cited_sources", "json"),
        ("notice", "text"),
        ("body", "text"),
        ("ingested_at", "text"),
    ],
    "places": [
        ("fid", "pk"),
        ("doc_key", "text"),
        ("text", "text"),
        ("name", "text"),
        ("kind", "text"),
        ("country", "text"),
        ("admin1", "text"),
        ("geonameid", "int"),
        ("lat", "real"),
        ("lon", "real"),
        ("precision_km", "real"),
        ("score", "real"),
        ("role", "text"),
        ("mentions", "int"),
        ("spans", "json"),
        ("geom", "geom:POINT"),
    ],
    "reports": [
        ("fid", "pk"),
        ("report_id", "text unique"),
        ("movement_key", "text"),
        ("doc_key", "text"),
        ("doc", "text"),
        ("actor", "text"),
        ("actor_group", "text"),
        ("size_min", "int"),
        ("size_max", "int"),
        ("size_text", "text"),
        ("origin", "json"),
        ("origin_text", "text"),
        ("via", "json"),
        ("destination", "json"),
        ("status", "text"),
        ("date_start", "text"),
        ("date_end", "text"),
        ("date_precision", "text"),
        ("date_text", "text"),
        ("published", "text"),
        ("cited_sources", "json"),
        ("publisher", "text"),
        ("original_source", "text"),
        ("evidence_text", "text"),
        ("evidence_start", "int"),
        ("evidence_end", "int"),
        ("confidence", "real"),
        ("why", "json"),
        ("geom", "geom:GEOMETRY"),
    ],
    "report_sources": [
        ("fid", "pk"),
        ("report_id", "text"),
        ("name", "text"),
        ("name_key", "text"),
        ("role", "text"),
    ],
    "source_names": [("fid", "pk"), ("name_key", "text unique"), ("name", "text")],
    "edits": [
        ("fid", "pk"),
        ("report_id", "text"),
        ("action", "text"),
        ("field", "text"),
        ("value", "json"),
        ("author", "text"),
        ("made_at", "text"),
        ("undone_at", "text"),
    ],
    "movemap_meta": [("fid", "pk"), ("key", "text unique"), ("value", "text")],
}
# Without statistics SQLite would answer the source filter's correlated EXISTS from the
# name_key index (every report of that source, for each candidate report): the pair index lets
# it look up (report, source) directly whatever the planner knows.
_INDEXES: list[tuple[str, tuple[str, ...]]] = [
    ("places", ("doc_key",)),
    ("reports", ("doc_key",)),
    ("reports", ("date_start",)),
    ("reports", ("date_end",)),
    ("reports", ("movement_key",)),
    ("report_sources", ("report_id", "name_key")),
    ("report_sources", ("name_key",)),
    ("documents", ("sha256",)),
    ("edits", ("report_id",)),
]
_JSON_COLUMNS = {name for cols in _TABLES.values() for name, kind in cols if kind == "json"}


class StoreError(Exception):
    """The store cannot be opened or used as asked."""


def default_db() -> str:
    """Where the store lives when ``--db`` is not given: ``$MOVEMAP_DB``, else
    ``movemap.gpkg`` in movemap's data folder (``$MOVEMAP_HOME`` or the user's data directory)."""
    from gazetteer.settings import data_dir

    return os.environ.get("MOVEMAP_DB") or str(data_dir() / "movemap.gpkg")


@dataclass(slots=True, frozen=True)
class Filters:
    """What an analyst narrows the reports to; every field left empty means "all".

    ``date_from``/``date_to`` keep reports whose date range overlaps them (ISO days); ``sources``
    match publishers, original outlets and cited sources (case-insensitive, part of the name is
    enough); ``actor`` and ``place`` match part of the actor and of any endpoint's name or text.
    """

    date_from: str | None = None
    date_to: str | None = None
    sources: tuple[str, ...] = ()
    actor: str | None = None
    place: str | None = None
    statuses: tuple[str, ...] = ()
    min_confidence: float | None = None

    def describe(self) -> str:
        """The filters in words, for captions and subtitles ("" when there are none)."""
        parts = []
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or '…'} to {self.date_to or '…'}")
        if self.sources:
            parts.append("source " + " or ".join(self.sources))
        if self.actor:
            parts.append(f"actor “{self.actor}”")
        if self.place:
            parts.append(f"place “{self.place}”")
        if self.statuses:
            parts.append("status " + ", ".join(self.statuses))
        if self.min_confidence is not None:
            parts.append(f"confidence ≥ {self.min_confidence:g}")
        return "; ".join(parts)


@dataclass(slots=True, frozen=True)
class Edit:
    """One analyst edit as stored."""

    edit_id: int
    report_id: str | None
    action: str
    field: str | None
    value: Any
    author: str | None
    made_at: str
    undone_at: str | None = None

    def describe(self) -> str:
        """One line for ``movemap edits``."""
        what = {
            "set": f"set {self.field} = {json.dumps(self.value, ensure_ascii=False)}",
            "reject": "rejected",
            "add": "added by hand",
            "pin": f"pinned {json.dumps(self.value, ensure_ascii=False)}",
        }[self.action]
        undone = f"  (undone {self.undone_at})" if self.undone_at else ""
        return (
            f"#{self.edit_id}\t{self.made_at}\t{self.author or '?'}\t"
            f"{self.report_id or '-'}\t{what}{undone}"
        )


@dataclass(slots=True)
class _Backend:
    """What differs between SQLite/GeoPackage and PostgreSQL/PostGIS: connection, SQL types,
    parameter style and how geometry crosses the boundary."""

    kind: str
    conn: Any
    _in_transaction: bool = field(default=False)

    def sql(self, statement: str) -> str:
        if self.kind == "gpkg":
            return statement
        return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", statement)

    def geom_param(self, name: str) -> str:
        return f":{name}" if self.kind == "gpkg" else f"ST_GeomFromWKB(:{name}, {SRID})"

    def geom_select(self, column: str) -> str:
        return column if self.kind == "gpkg" else f"ST_AsBinary({column}) AS {column}"

    def encode(self, geom: BaseGeometry | None) -> bytes | None:
        if geom is None or geom.is_empty:
            return None
        wkb: bytes = shapely.to_wkb(geom, byte_order=1)
        if self.kind != "gpkg":
            return wkb
        # GeoPackage binary: magic, version 0, flags (little endian, xy envelope), srs id, envelope.
        minx, miny, maxx, maxy = geom.bounds
        return b"GP\x00\x03" + struct.pack("<i4d", SRID, minx, maxx, miny, maxy) + wkb

    def decode(self, blobs: Sequence[bytes | None]) -> list[BaseGeometry | None]:
        if self.kind == "gpkg":
            sizes = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
            blobs = [b[8 + sizes[(b[3] >> 1) & 7] :] if b else None for b in blobs]
        else:
            blobs = [bytes(b) if b is not None else None for b in blobs]
        return list(shapely.from_wkb(blobs))

    def execute(self, statement: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.conn.execute(self.sql(statement), params or {})

    def executemany(self, statement: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        if self.kind == "gpkg":
            self.conn.executemany(statement, rows)
        else:
            with self.conn.cursor() as cur:
                cur.executemany(self.sql(statement), rows)

    def column_type(self, kind: str) -> str:
        base = kind.split()[0]
        extra = kind[len(base) :]
        if base == "pk":
            return (
                "INTEGER PRIMARY KEY AUTOINCREMENT"
                if self.kind == "gpkg"
                else "BIGSERIAL PRIMARY KEY"
            )
        if base.startswith("geom:"):
            shape = base.split(":")[1]
            return shape if self.kind == "gpkg" else f"geometry({shape.title()}, {SRID})"
        types = {
            "text": "TEXT",
            "json": "TEXT",
            "int": "INTEGER" if self.kind == "gpkg" else "BIGINT",
            "real": "REAL" if self.kind == "gpkg" else "DOUBLE PRECISION",
        }
        return types[base] + extra.upper()

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()


class Store:
    """Documents, places, reports and edits in a GeoPackage file or a PostGIS database."""

    def __init__(self, backend: _Backend, where: str) -> None:
        self._db = backend
        self.where = where

    # ---- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, db: str | Path | None = None) -> Store:
        """Open (creating if needed) the store at ``db``: a ``postgresql://`` URL or a file path
        (default :func:`default_db`)."""
        where = str(db) if db is not None else default_db()
        if where.startswith(("postgresql://", "postgres://")):
            backend = cls._connect_postgis(where)
            shown = re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", where)
        else:
            backend = cls._connect_gpkg(Path(where))
            shown = where
        store = cls(backend, shown)
        store._create()
        return store

    @staticmethod
    def _connect_gpkg(path: Path) -> _Backend:
        if path.exists() and path.is_dir():
            raise StoreError(f"{path}: is a folder, not a GeoPackage file")
        if path.exists() and path.stat().st_size:
            with path.open("rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise StoreError(f"{path}: not a GeoPackage (not an SQLite file)")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(path, timeout=60, isolation_level=None)
        except sqlite3.Error as err:
            raise StoreError(f"{path}: cannot open ({err})") from err
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA synchronous = NORMAL")
        backend = _Backend("gpkg", _SqliteConnection(conn))
        return backend

    @staticmethod
    def _connect_postgis(url: str) -> _Backend:
        import psycopg

        try:
            conn = psycopg.connect(url, connect_timeout=10)
        except psycopg.Error as err:
            shown = re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
            raise StoreError(f"{shown}: cannot connect ({str(err).strip()})") from err
        return _Backend("postgis", conn)

    def _create(self) -> None:
        db = self._db
        fresh = not self._table_exists("movemap_meta")
        if not fresh:
            row = db.execute("SELECT value FROM movemap_meta WHERE key = 'schema'").fetchone()
            if row and row[0] != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.where}: store schema {row[0]}, this movemap reads {SCHEMA_VERSION}"
                )
        elif db.kind == "gpkg":
            self._create_gpkg_core()
        else:
            db.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        # Tables and indexes added since a store was made are added when it is opened.
        for table, columns in _TABLES.items():
            if fresh or not self._table_exists(table):
                cols = ", ".join(f"{name} {db.column_type(kind)}" for name, kind in columns)
                db.execute(f"CREATE TABLE {table} ({cols})")
                if db.kind == "gpkg":
                    self._register_gpkg(table, columns)
        for table, indexed in _INDEXES:
            name = f"idx_{table}_{'_'.join(indexed)}"
            # Only when missing: on PostgreSQL even CREATE INDEX IF NOT EXISTS takes a share lock
            # that deadlocks with an ingest writing in another process.
            if fresh or not self._index_exists(name):
                db.execute(f"CREATE INDEX {name} ON {table} ({', '.join(indexed)})")
        if fresh:
            db.execute(
                "INSERT INTO movemap_meta (key, value) VALUES ('schema', :v)",
                {"v": SCHEMA_VERSION},
            )
        db.commit()

    def _index_exists(self, name: str) -> bool:
        if self._db.kind == "gpkg":
            sql = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = :n"
        else:
            sql = "SELECT 1 FROM pg_indexes WHERE indexname = :n AND schemaname = current_schema()"
        return self._db.execute(sql, {"n": name}).fetchone() is not None

    def _table_exists(self, table: str) -> bool:
        if self._db.kind == "gpkg":
            sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :t"
        else:
            sql = (
                "SELECT 1 FROM information_schema.tables "
                "WHERE table_name = :t AND table_schema = current_schema()"
            )
        return self._db.execute(sql, {"t": table}).fetchone() is not None

    def _create_gpkg_core(self) -> None:
        from pyproj import CRS

        db = self._db
        # The GeoPackage 1.4 header and its three required tables (OGC 12-128r19, clause 1.1).
        db.execute("PRAGMA application_id = 1196444487")
        db.execute("PRAGMA user_version = 10400")
        db.execute(
            "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY "
            "KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, "
            "definition TEXT NOT NULL, description TEXT)"
        )
        for name, srs_id, org, wkt in (
            ("Undefined Cartesian SRS", -1, "NONE", "undefined"),
            ("Undefined geographic SRS", 0, "NONE", "undefined"),
            ("WGS 84 geodetic", SRID, "EPSG", CRS.from_epsg(SRID).to_wkt("WKT1_GDAL")),
        ):
            db.execute(
                "INSERT INTO gpkg_spatial_ref_sys VALUES (:name, :id, :org, :id, :wkt, NULL)",
                {"name": name, "id": srs_id, "org": org, "wkt": wkt},
            )
        db.execute(
            "CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT "
            "NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT "
            "NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, "
            "max_x DOUBLE, max_y DOUBLE, srs_id INTEGER REFERENCES gpkg_spatial_ref_sys(srs_id))"
        )
        db.execute(
            "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT "
            "NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, "
            "m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name))"
        )

    def _register_gpkg(self, table: str, columns: list[tuple[str, str]]) -> None:
        geom = [(name, kind.split(":")[1]) for name, kind in columns if kind.startswith("geom:")]
        self._db.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
            "VALUES (:t, :dt, :t, :srs)",
            {"t": table, "dt": "features" if geom else "attributes", "srs": SRID if geom else None},
        )
        for name, shape in geom:
            self._db.execute(
                "INSERT INTO gpkg_geometry_columns VALUES (:t, :c, :g, :srs, 0, 0)",
                {"t": table, "c": name, "g": shape, "srs": SRID},
            )

    def close(self) -> None:
        """Close the connection (uncommitted work is rolled back)."""
        self._db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """``gpkg`` or ``postgis``."""
        return self._db.kind

    # ---- writing -------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside is committed together, or not at all."""
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    def commit(self) -> None:
        """Make what was written since the last commit permanent."""
        self._db.commit()

    def rollback(self) -> None:
        """Drop what was written since the last commit."""
        self._db.rollback()

    def stored_hashes(self, doc_key: str) -> tuple[str, str] | None:
        """(raw_sha256, sha256) of the article stored under ``doc_key``, if any."""
        row = self._db.execute(
            "SELECT raw_sha256, sha256 FROM documents WHERE doc_key = :k", {"k": doc_key}
        ).fetchone()
        return (row[0], row[1]) if row else None

    def holder_of(self, sha256: str) -> str | None:
        """The key of an article stored with this cleaned-text hash."""
        row = self._db.execute(
            "SELECT doc_key FROM documents WHERE sha256 = :s", {"s": sha256}
        ).fetchone()
        return row[0] if row else None

    def put_article(
        self,
        doc_key: str,
        raw_sha256: str,
        body: str,
        records: Sequence[Mapping[str, Any]],
        geometries: Sequence[BaseGeometry | None],
    ) -> int:
        """Write one article's contract lines (one ``document``, its ``place`` and ``movement``
        lines; ``geometries`` holds one flow geometry per movement line, in order), replacing what
        was stored under ``doc_key``. Call inside :meth:`transaction`. Returns the reports
        written."""
        document = next(r for r in records if r["type"] == "document")
        places = [r for r in records if r["type"] == "place"]
        movements = [r for r in records if r["type"] == "movement"]
        if len(geometries) != len(movements):
            raise ValueError("one geometry per movement line is needed")
        self._delete_article(doc_key)
        db = self._db
        db.execute(
            _insert("documents", _TABLES["documents"], db),
            _document_row(doc_key, raw_sha256, body, document),
        )
        db.executemany(
            _insert("places", _TABLES["places"], db),
            [_place_row(doc_key, place, db) for place in places],
        )
        rows, sources = [], []
        seen: dict[str, int] = {}
        for movement, geom in zip(movements, geometries, strict=True):
            row = report_row(doc_key, document, movement, seen)
            row["geom"] = db.encode(geom)
            rows.append(row)
            sources.extend(_source_rows(row["report_id"], document, movement))
        db.executemany(_insert("reports", _TABLES["reports"], db), rows)
        db.executemany(_insert("report_sources", _TABLES["report_sources"], db), sources)
        self._note_span(rows)
        names = {row["name_key"]: row["name"] for row in sources}
        db.executemany(
            db.sql(
                "INSERT INTO source_names (name_key, name) VALUES (:name_key, :name) "
                "ON CONFLICT (name_key) DO NOTHING"
            ),
            [{"name_key": k, "name": v} for k, v in names.items()],
        )
        return len(rows)

    def max_span_days(self) -> int:
        """The longest date range of any stored report, so that a date query can bound its
        index scan from below (a report ending after ``from`` started at most this long before)."""
        row = self._db.execute("SELECT value FROM movemap_meta WHERE key = 'max_span_days'")
        found = row.fetchone()
        return int(found[0]) if found else 0

    def _note_span(self, rows: Sequence[Mapping[str, Any]]) -> None:
        spans = [
            (date.fromisoformat(r["date_end"]) - date.fromisoformat(r["date_start"])).days
            for r in rows
            if r["date_start"] and r["date_end"]
        ]
        if spans and max(spans) > self.max_span_days():
            self._db.execute(
                "INSERT INTO movemap_meta (key, value) VALUES ('max_span_days', :v) "
                "ON CONFLICT (key) DO UPDATE SET value = :v",
                {"v": str(max(spans))},
            )

    def _delete_article(self, doc_key: str) -> None:
        db = self._db
        db.execute(
            "DELETE FROM report_sources WHERE report_id IN "
            "(SELECT report_id FROM reports WHERE doc_key = :k)",
            {"k": doc_key},
        )
        for table in ("reports", "places", "documents"):
            db.execute(f"DELETE FROM {table} WHERE doc_key = :k", {"k": doc_key})

    # ---- edits ---------------------------------------------------------------------------------

    def add_edit(
        self,
        action: str,
        *,
        report_id: str | None = None,
        field_name: str | None = None,
        value: Any = None,
        author: str | None = None,
    ) -> int:
        """Store one analyst edit and return its number.

        ``set`` needs ``report_id``, ``field_name`` (one of :data:`EDITABLE_FIELDS`) and ``value``;
        ``reject`` needs ``report_id``; ``add`` needs ``value``: a movement line of the contract;
        ``pin`` needs ``value`` ``{"text", "lat", "lon"}`` and moves every endpoint written that
        way (in one report when ``report_id`` is given, else everywhere).
        """
        if action not in EDIT_ACTIONS:
            raise StoreError(f"unknown edit action {action!r} (one of {', '.join(EDIT_ACTIONS)})")
        if action in ("set", "reject") and not self._report_exists(report_id):
            raise StoreError(f"no report {report_id!r} in the store")
        if action == "set":
            if field_name not in EDITABLE_FIELDS:
                raise StoreError(
                    f"{field_name!r} cannot be edited (one of {', '.join(EDITABLE_FIELDS)})"
                )
            value = _checked_value(field_name, value)
        if action == "add" and not (isinstance(value, Mapping) and value.get("actor")):
            raise StoreError("a movement added by hand needs at least an actor")
        if action == "add":
            report_id = report_id or "manual-" + _digest(json.dumps(value, sort_keys=True))
        if action == "pin":
            if not (isinstance(value, Mapping) and {"text", "lat", "lon"} <= set(value)):
                raise StoreError("a pin needs the place's text, lat and lon")
            if not (-90 <= float(value["lat"]) <= 90 and -180 <= float(value["lon"]) <= 180):
                raise StoreError("a pin's lat must be within ±90 and lon within ±180")
        made_at = datetime.now(UTC).isoformat(timespec="seconds")
        row = {
            "report_id": report_id,
            "action": action,
            "field": field_name,
            "value": json.dumps(value, ensure_ascii=False),
            "author": author,
            "made_at": made_at,
            "undone_at": None,
        }
        with self.transaction():
            cursor = self._db.execute(
                "INSERT INTO edits (report_id, action, field, value, author, made_at, undone_at) "
                "VALUES (:report_id, :action, :field, :value, :author, :made_at, :undone_at)"
                + (" RETURNING fid" if self._db.kind != "gpkg" else ""),
                row,
            )
            edit_id = cursor.fetchone()[0] if self._db.kind != "gpkg" else cursor.lastrowid
        return int(edit_id)

    def _report_exists(self, report_id: str | None) -> bool:
        if report_id is None:
            return False
        if report_id.startswith("manual-"):
            return any(e.report_id == report_id and e.action == "add" for e in self.edits())
        row = self._db.execute(
            "SELECT 1 FROM reports WHERE report_id = :r", {"r": report_id}
        ).fetchone()
        return row is not None

    def edits(self, *, include_undone: bool = False) -> list[Edit]:
        """The analyst's edits, oldest first."""
        sql = "SELECT fid, report_id, action, field, value, author, made_at, undone_at FROM edits"
        if not include_undone:
            sql += " WHERE undone_at IS NULL"
        rows = self._db.execute(sql + " ORDER BY fid").fetchall()
        return [
            Edit(int(r[0]), r[1], r[2], r[3], json.loads(r[4]) if r[4] else None, *r[5:])
            for r in rows
        ]

    def undo(self, edit_id: int) -> Edit:
        """Take an edit back (it stays listed as undone)."""
        found = [e for e in self.edits(include_undone=True) if e.edit_id == edit_id]
        if not found:
            raise StoreError(f"no edit #{edit_id}")
        if found[0].undone_at:
            raise StoreError(f"edit #{edit_id} was already undone")
        with self.transaction():
            self._db.execute(
                "UPDATE edits SET undone_at = :at WHERE fid = :id",
                {"at": datetime.now(UTC).isoformat(timespec="seconds"), "id": edit_id},
            )
        return found[0]

    # ---- reading -------------------------------------------------------------------------------

    def count(self, table: str) -> int:
        """Rows in one of the store's tables."""
        if table not in _TABLES:
            raise StoreError(f"no table {table!r}")
        return int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def documents(self, doc_keys: Iterable[str] | None = None) -> pd.DataFrame:
        """Stored articles (all, or those with the given keys), with their cleaned text."""
        cols = [name for name, _ in _TABLES["documents"] if name != "fid"]
        sql = f"SELECT {', '.join(cols)} FROM documents"
        params: dict[str, Any] = {}
        if doc_keys is not None:
            keys = list(doc_keys)
            if not keys:
                return pd.DataFrame(columns=cols)
            sql += " WHERE doc_key IN (" + ", ".join(f":k{i}" for i in range(len(keys))) + ")"
            params = {f"k{i}": k for i, k in enumerate(keys)}
        frame = pd.DataFrame(self._db.execute(sql, params).fetchall(), columns=cols)
        frame["cited_sources"] = [json.loads(v) if v else [] for v in frame["cited_sources"]]
        return frame

    def places(self) -> Any:
        """Every stored place mention as a GeoDataFrame of points (EPSG:4326)."""
        return self._features("places", "", {})

    def reports(self, filters: Filters | None = None, *, rejected: bool = False) -> Any:
        """Reports with the analyst's edits applied, narrowed by ``filters``: a GeoDataFrame
        (EPSG:4326) with the ``reports`` columns plus ``sources`` (every name behind the report),
        ``edited`` (fields changed by hand) and ``rejected``. Rejected reports are left out unless
        ``rejected`` is true."""
        from geo.edits import apply_edits

        filters = filters or Filters()
        keys = self.source_keys(filters.sources) if filters.sources else None
        where, params = _where(filters, keys, self.max_span_days())
        frame = self._features("reports", where, params)
        edits = self.edits()
        if where:
            # An edit may move a report into the selection: read the edited ones too.
            have = set(frame["report_id"])
            extra = sorted({e.report_id for e in edits if e.report_id} - have)
            if extra:
                marks = ", ".join(f":e{i}" for i in range(len(extra)))
                more = self._features(
                    "reports",
                    f"WHERE report_id IN ({marks})",
                    {f"e{i}": r for i, r in enumerate(extra)},
                )
                frame = pd.concat([frame, more], ignore_index=True) if len(frame) else more
        frame = apply_edits(frame, edits, self._sources_of)
        return narrow(frame, filters, keys or set(), rejected=rejected)

    def source_keys(self, terms: Sequence[str]) -> set[str]:
        """Stored source names (lower case) that the analyst's words stand for: part of a name
        ("observatory"), or a known spelling of it ("SOHR")."""
        from extract.sources import source_names

        known = source_names()
        wanted = set()
        for term in terms:
            wanted.add(term.strip().lower())
            found = known.lookup(term) or known.lookup(term.upper())
            if found:
                wanted.add(found.name.lower())
        keys = set()
        for key, _ in self.source_names():
            if any(w and (w in key) for w in wanted):
                keys.add(key)
        return keys

    def source_names(self) -> list[tuple[str, str]]:
        """Every publisher, outlet and cited source in the store: (lower-case key, name)."""
        rows = self._db.execute("SELECT name_key, name FROM source_names ORDER BY name").fetchall()
        return [(r[0], r[1]) for r in rows]

    def _sources_of(self, report_ids: Sequence[str]) -> dict[str, list[str]]:
        if not report_ids:
            return {}
        out: dict[str, list[str]] = {r: [] for r in report_ids}
        for start in range(0, len(report_ids), 500):
            chunk = report_ids[start : start + 500]
            marks = ", ".join(f":r{i}" for i in range(len(chunk)))
            rows = self._db.execute(
                f"SELECT report_id, name FROM report_sources WHERE report_id IN ({marks}) "
                "ORDER BY fid",
                {f"r{i}": r for i, r in enumerate(chunk)},
            ).fetchall()
            for report_id, name in rows:
                if name not in out[report_id]:
                    out[report_id].append(name)
        return out

    def _features(self, table: str, where: str, params: Mapping[str, Any]) -> Any:
        import geopandas as gpd

        db = self._db
        cols = [name for name, _ in _TABLES[table] if name != "fid"]
        select = ", ".join(db.geom_select(c) if c == "geom" else c for c in cols)
        rows = db.execute(f"SELECT {select} FROM {table} {where}", params).fetchall()
        frame = pd.DataFrame(rows, columns=cols)
        for column in _JSON_COLUMNS & set(cols):
            frame[column] = [json.loads(v) if v else [] for v in frame[column]]
        geometry = db.decode(list(frame.pop("geom")))
        return gpd.GeoDataFrame(frame, geometry=geometry, crs=SRID)

    def summary(self) -> dict[str, int]:
        """Rows per table, for ``movemap info`` and the dashboard's headline."""
        return {t: self.count(t) for t in ("documents", "places", "reports", "edits")}


class _SqliteConnection:
    """sqlite3 in autocommit mode with explicit BEGIN, so that every write sits in a transaction
    that :meth:`commit` ends (Python's implicit transactions do not cover DDL)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._open = False

    def _begin(self) -> None:
        if not self._open:
            self._conn.execute("BEGIN")
            self._open = True

    def execute(self, sql: str, params: Mapping[str, Any]) -> sqlite3.Cursor:
        if not sql.lstrip().upper().startswith(("SELECT", "PRAGMA")):
            self._begin()
        return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        self._begin()
        self._conn.executemany(sql, rows)

    def commit(self) -> None:
        if self._open:
            self._conn.execute("COMMIT")
            self._open = False

    def rollback(self) -> None:
        if self._open:
            self._conn.execute("ROLLBACK")
            self._open = False

    def close(self) -> None:
        self.rollback()
        self._conn.close()


def _insert(table: str, columns: list[tuple[str, str]], db: _Backend) -> str:
    names = [name for name, _ in columns if name != "fid"]
    values = [db.geom_param(n) if n == "geom" else f":{n}" for n in names]
    return db.sql(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(values)})")


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _document_row(
    doc_key: str, raw_sha256: str, body: str, document: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "doc_key": doc_key,
        "doc": document["doc"],
        "path": document.get("path"),
        "url": document.get("url"),
        "title": document.get("title"),
        "published": document.get("published"),
        "published_precision": document.get("published_precision"),
        "publisher": document.get("publisher"),
        "original_source": document.get("original_source"),
        "author": document.get("author"),
        "language": document.get("language"),
        "sha256": document["sha256"],
        "raw_sha256": raw_sha256,
        "cited_sources": _json(document.get("cited_sources") or []),
        "notice": document.get("notice"),
        "body": body,
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _place_row(doc_key: str, place: Mapping[str, Any], db: _Backend) -> dict[str, Any]:
    lat, lon = place.get("lat"), place.get("lon")
    point = shapely.Point(lon, lat) if lat is not None and lon is not None else None
    return {
        "doc_key": doc_key,
        "text": place.get("text"),
        "name": place.get("name"),
        "kind": place.get("kind"),
        "country": place.get("country"),
        "admin1": place.get("admin1"),
        "geonameid": place.get("geonameid"),
        "lat": lat,
        "lon": lon,
        "precision_km": place.get("precision_km"),
        "score": place.get("score"),
        "role": place.get("role"),
        "mentions": len(place.get("spans") or []),
        "spans": _json(place.get("spans") or []),
        "geom": db.encode(point),
    }


def place_identity(place: Mapping[str, Any]) -> str:
    """What makes two endpoints the same place: the GeoNames id, else name and country, else the
    words as written."""
    if place.get("geonameid"):
        return f"g{place['geonameid']}"
    if place.get("name"):
        return f"{place['name']}|{place.get('country') or ''}".lower()
    return str(place.get("text") or "").lower()


def movement_key(movement: Mapping[str, Any]) -> str:
    """Reports of the same movement share this key: the same group (else actor), the same origin
    and destination places, in the same month. Several outlets telling one movement become one
    movement with every report attached."""
    who = movement.get("group") or str(movement.get("actor") or "").lower()
    start = (movement.get("date") or {}).get("start") or ""
    ends = [
        ",".join(sorted(place_identity(p) for p in movement.get(end) or []))
        for end in ("origin", "destination")
    ]
    return _digest("|".join([who, *ends, start[:7]]))


def report_row(
    doc_key: str,
    document: Mapping[str, Any],
    movement: Mapping[str, Any],
    seen: dict[str, int],
) -> dict[str, Any]:
    """The ``reports`` row of one movement line (JSON columns as text, ``geom`` left empty);
    ``seen`` counts ids already given in this article."""
    evidence = movement.get("evidence") or {}
    # Who went from where to where in which article: not the sentence's wording, so that an
    # article corrected or re-dated upstream keeps its reports' ids and the edits made on them.
    ends = [",".join(place_identity(p) for p in movement.get(e) or []) for e in _ENDS]
    base = _digest("|".join([doc_key, str(movement.get("actor") or "").lower(), *ends]))
    # The same article may tell one actor's same trip twice: number them in reading order.
    seen[base] = seen.get(base, 0) + 1
    report_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
    size = movement.get("size") or {}
    when = movement.get("date") or {}
    return {
        "report_id": report_id,
        "movement_key": movement_key(movement),
        "doc_key": doc_key,
        "doc": movement.get("doc") or document["doc"],
        "actor": movement.get("actor"),
        "actor_group": movement.get("group"),
        "size_min": size.get("min"),
        "size_max": size.get("max"),
        "size_text": size.get("text"),
        "origin": _json(movement.get("origin") or []),
        "origin_text": movement.get("origin_text"),
        "via": _json(movement.get("via") or []),
        "destination": _json(movement.get("destination") or []),
        "status": movement.get("status"),
        "date_start": when.get("start"),
        "date_end": when.get("end") or when.get("start"),
        "date_precision": when.get("precision"),
        "date_text": when.get("text"),
        "published": document.get("published"),
        "cited_sources": _json(movement.get("cited_sources") or []),
        "publisher": movement.get("publisher") or document.get("publisher"),
        "original_source": document.get("original_source"),
        "evidence_text": evidence.get("text"),
        "evidence_start": evidence.get("start"),
        "evidence_end": evidence.get("end"),
        "confidence": movement.get("confidence"),
        "why": _json(movement.get("why") or {}),
        "geom": None,
    }


def _source_rows(
    report_id: str, document: Mapping[str, Any], movement: Mapping[str, Any]
) -> list[dict[str, Any]]:
    named = [
        ("publisher", movement.get("publisher") or document.get("publisher")),
        ("original_source", document.get("original_source")),
        *(("cited", name) for name in movement.get("cited_sources") or []),
    ]
    rows, seen = [], set()
    for role, name in named:
        if name and name.lower() not in seen:
            seen.add(name.lower())
            rows.append(
                {"report_id": report_id, "name": name, "name_key": name.lower(), "role": role}
            )
    return rows


def _checked_value(field_name: str, value: Any) -> Any:
    if field_name in ("size_min", "size_max"):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise StoreError(f"{field_name} must be a whole number of people, 0 or more")
    if field_name == "status" and value not in STATUSES:
        raise StoreError(f"status must be one of {', '.join(STATUSES)}")
    if field_name in ("date_start", "date_end") and value is not None:
        try:
            datetime.strptime(str(value), "%Y-%m-%d")
        except ValueError as err:
            raise StoreError(f"{field_name} must be a day written YYYY-MM-DD") from err
    if field_name == "confidence" and not (
        isinstance(value, int | float) and 0 <= float(value) <= 1
    ):
        raise StoreError("confidence must be a number from 0 to 1")
    if field_name in ("origin", "via", "destination") and not (
        isinstance(value, list) and all(isinstance(p, Mapping) for p in value)
    ):
        raise StoreError(f"{field_name} must be a list of place objects")
    if field_name == "actor" and not (isinstance(value, str) and value.strip()):
        raise StoreError("actor must be some words")
    return value


def as_movements(frame: Any) -> list[dict[str, Any]]:
    """Reports as read by :meth:`Store.reports`, back in the shape of the contract's movement
    lines (with ``id`` = ``report_id``), for :func:`geo.flows.flow_lines` and the maps."""
    return [movement_of(row) for row in frame.drop(columns="geometry").to_dict("records")]


def movement_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """One report row (a record or a frame row) as a movement line of the contract."""
    clean = {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
    return {
        "id": clean["report_id"],
        "doc": clean["doc"],
        "movement_key": clean["movement_key"],
        "actor": clean["actor"],
        "group": clean["actor_group"],
        "size": {
            "min": clean["size_min"],
            "max": clean["size_max"],
            "text": clean["size_text"],
        }
        if clean["size_text"] or clean["size_min"] is not None
        else None,
        "origin": clean["origin"],
        "origin_text": clean["origin_text"],
        "via": clean["via"],
        "destination": clean["destination"],
        "status": clean["status"],
        "date": {
            "start": clean["date_start"],
            "end": clean["date_end"],
            "precision": clean["date_precision"],
            "text": clean["date_text"],
        },
        "published": clean["published"],
        "cited_sources": clean["cited_sources"],
        "publisher": clean["publisher"],
        "original_source": clean["original_source"],
        "sources": clean.get("sources", []),
        "evidence": {
            "text": clean["evidence_text"],
            "start": clean["evidence_start"],
            "end": clean["evidence_end"],
        },
        "confidence": clean["confidence"],
        "edited": clean.get("edited", []),
    }


def _where(
    filters: Filters, source_keys: set[str] | None, max_span_days: int
) -> tuple[str, dict[str, Any]]:
    """SQL that narrows reports by date and source (the selective filters, with indexes); the
    other filters are applied after edits."""
    clauses, params = [], {}
    if filters.date_from:
        # Overlap is date_end >= from; the bound on date_start lets the index do the work.
        floor = date.fromisoformat(filters.date_from) - timedelta(days=max_span_days)
        clauses.append("date_end >= :date_from AND date_start >= :date_floor")
        params["date_from"] = filters.date_from
        params["date_floor"] = floor.isoformat()
    if filters.date_to:
        clauses.append("date_start <= :date_to")
        params["date_to"] = filters.date_to
    if source_keys is not None:
        keys = sorted(source_keys) or [""]
        marks = ", ".join(f":source{i}" for i in range(len(keys)))
        params.update({f"source{i}": k for i, k in enumerate(keys)})
        clauses.append(
            "EXISTS (SELECT 1 FROM report_sources s WHERE s.report_id = reports.report_id "
            f"AND s.name_key IN ({marks}))"
        )
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def narrow(frame: Any, filters: Filters, source_keys: set[str], *, rejected: bool = False) -> Any:
    """Reports (as :meth:`Store.reports` reads them) that pass ``filters``; ``source_keys`` from
    :meth:`Store.source_keys`."""
    keep = pd.Series(True, index=frame.index)
    if not rejected:
        keep &= ~frame["rejected"]
    if filters.date_from:
        keep &= frame["date_end"].fillna("") >= filters.date_from
    if filters.date_to:
        keep &= frame["date_start"].fillna("9999") <= filters.date_to
    if filters.sources:
        wanted = [s.lower() for s in filters.sources]
        keep &= frame["sources"].map(
            lambda names: any(
                n.lower() in source_keys or any(w in n.lower() for w in wanted) for n in names
            )
        )
    if filters.actor:
        needle = filters.actor.lower()
        keep &= frame["actor"].fillna("").str.lower().str.contains(needle, regex=False) | frame[
            "actor_group"
        ].fillna("").str.lower().str.contains(needle, regex=False)
    if filters.place:
        needle = filters.place.lower()

        def mentions_place(row: Any) -> bool:
            for end in ("origin", "via", "destination"):
                for place in row[end]:
                    for key in ("name", "text"):
                        if needle in str(place.get(key) or "").lower():
                            return True
            return False

        keep &= frame.apply(mentions_place, axis=1) if len(frame) else keep
    if filters.statuses:
        keep &= frame["status"].isin(filters.statuses)
    if filters.min_confidence is not None:
        keep &= frame["confidence"].fillna(0) >= filters.min_confidence
    return frame[keep].reset_index(drop=True)
