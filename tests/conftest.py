"""Shared fixtures: no network for any test, one real gazetteer index per test run."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


class NetworkUsedError(AssertionError):
    """A test tried to reach the network."""


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkUsedError(f"network access attempted: {args!r}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with outgoing connections and name lookups refused."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)


def _source_digest() -> str:
    # The index depends on the gazetteer's code and data files: rebuild when any changes.
    digest = hashlib.sha256()
    for path in sorted((ROOT / "gazetteer").rglob("*")):
        if path.suffix in (".py", ".csv"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def index_path(request: pytest.FixtureRequest) -> Path:
    """A real index built from the packaged data once (cached across runs by content)."""
    from gazetteer.build import build

    folder = Path(request.config.cache.mkdir("gazetteer-index"))
    path = folder / f"gazetteer-{_source_digest()}.sqlite"
    if not path.is_file():
        for old in folder.glob("gazetteer-*.sqlite"):
            old.unlink()
        build(path)
    return path


@pytest.fixture
def movemap_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index_path: Path) -> Path:
    """An empty movemap data folder whose default index is the session's index."""
    from gazetteer import settings

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("MOVEMAP_HOME", str(home))
    settings.index_path().symlink_to(index_path)
    return home


@pytest.fixture
def gazetteer(index_path: Path, tmp_path: Path) -> Iterator[Gazetteer]:
    """The real gazetteer with an empty user gazetteer."""
    gaz = Gazetteer.open(index_path, tmp_path / "no-user-places.sqlite", build_missing=False)
    yield gaz
    gaz.close()
