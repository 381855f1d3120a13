"""Where movemap keeps its files: ``$MOVEMAP_HOME``, else the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["data_dir", "index_path", "user_gazetteer_path"]


def data_dir() -> Path:
    """The folder for the gazetteer index, the user gazetteer and (later) the store."""
    home = os.environ.get("MOVEMAP_HOME")
    return Path(home) if home else Path(platformdirs.user_data_dir("movemap", appauthor=False))


def index_path() -> Path:
    """The built-in gazetteer index (derived data: safe to delete, rebuilt on first use)."""
    from gazetteer.index import INDEX_VERSION

    return data_dir() / f"gazetteer-v{INDEX_VERSION}.sqlite"


def user_gazetteer_path() -> Path:
    """The analyst's own places, which override the built-in data."""
    return data_dir() / "user-places.sqlite"
