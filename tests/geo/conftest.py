"""Store fixtures: every store test runs on a GeoPackage file and on a real PostGIS server.

The PostGIS server is the one ``MOVEMAP_TEST_POSTGRES`` names (``.ci/run`` starts one with
``scripts/postgis-test-server``); each test gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

POSTGRES = os.environ.get("MOVEMAP_TEST_POSTGRES")


def _postgis_schema() -> Iterator[str]:
    import psycopg

    if not POSTGRES:
        pytest.skip(
            "PostGIS backend: set MOVEMAP_TEST_POSTGRES to a server with PostGIS "
            "(export MOVEMAP_TEST_POSTGRES=$(bash scripts/postgis-test-server); .ci/run does)"
        )
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in POSTGRES else "?"
    yield f"{POSTGRES}{sep}options={quote(f'-csearch_path={schema},public')}"
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["gpkg", "postgis"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh, empty store lives: a GeoPackage path or a PostGIS URL."""
    if request.param == "gpkg":
        yield str(tmp_path / "store.gpkg")
    else:
        yield from _postgis_schema()
