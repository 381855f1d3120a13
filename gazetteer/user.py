"""The analyst's own places: added one by one or imported from files; they override built-ins."""

from __future__ import annotations

from pathlib import Path

from gazetteer import index, settings, sources
from gazetteer.sources import GazetteerFileError, Row

__all__ = ["add_places", "import_file", "read_places_file"]


def add_places(rows: list[Row], path: Path | None = None) -> int:
    """Store ``rows`` in the user gazetteer (created when missing); returns how many."""
    target = path or settings.user_gazetteer_path()
    conn = index.create(target)
    try:
        count = index.insert_rows(conn, rows)
        index.finish(conn)
    finally:
        conn.close()
    return count


def read_places_file(path: Path) -> list[Row]:
    """Rows of a GeoNames country dump (``SY.txt``) or a places CSV, told apart by content.

    Raises :class:`gazetteer.sources.GazetteerFileError` naming the file and the reason.
    """
    if not path.is_file():
        raise GazetteerFileError(f"{path}: no such file")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as err:
        raise GazetteerFileError(f"{path}: cannot be read ({err.strerror})") from None
    if not head.strip():
        raise GazetteerFileError(f"{path}: the file is empty")
    if b"\x00" in head:
        raise GazetteerFileError(f"{path}: binary data, not a text file")
    first = next(line for line in head.splitlines() if line.strip())
    rows = (
        sources.geonames_dump_rows(path)
        if first.count(b"\t") >= 14
        else sources.user_csv_rows(path)
    )
    if not rows:
        raise GazetteerFileError(f"{path}: no places in the file")
    return rows


def import_file(path: Path, target: Path | None = None) -> int:
    """Import a GeoNames dump or places CSV into the user gazetteer; returns how many places."""
    return add_places(read_places_file(path), target)
