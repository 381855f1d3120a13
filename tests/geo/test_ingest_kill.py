"""An ingest killed with SIGKILL mid-way leaves a valid store, and a second run completes it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.store import Store

from ..conftest import ROOT

TOWNS = ["Albukamal", "Raqqa", "Idlib", "Manbij", "Mosul", "Deir ez-Zor", "Tal Afar", "Hasakah"]
ARTICLES = 1_200


def _articles(folder: Path) -> None:
    """Invented one-movement articles, each different."""
    folder.mkdir()
    for i in range(ARTICLES):
        town = TOWNS[i % len(TOWNS)]
        (folder / f"article-{i:04d}.txt").write_text(
            f"Fighters reach {town}\n\nBEIRUT, May {1 + i % 28}, 2019 - About {100 + i} "
            f"fighters arrived in {town} from Turkey on Monday, the Syrian Observatory for Human "
            "Rights said.\n",
            encoding="utf-8",
        )


def _ingest(folder: Path, db_url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, cli; sys.exit(cli.main())",
            "ingest",
            str(folder),
            "--db",
            db_url,
            "--no-progress",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _stored(db_url: str) -> tuple[int, int, set[str]]:
    with Store.open(db_url) as store:
        documents = store.documents()
        return store.count("documents"), store.count("reports"), set(documents["doc_key"])


@pytest.mark.usefixtures("movemap_home")
def test_killed_ingest_leaves_store_valid_and_resumes(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    _articles(folder)
    if not db_url.startswith("postgres"):
        Store.open(db_url).close()  # so the poller below can open it while the ingest writes
    process = _ingest(folder, db_url)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        stored = _stored(db_url)[0]
        if stored >= 100:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.05)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"

    documents, reports, keys = _stored(db_url)
    assert 100 <= documents < ARTICLES
    # Every committed article is there with its movement; nothing half-written.
    assert reports == documents
    if not db_url.startswith("postgres"):
        import sqlite3

        with sqlite3.connect(db_url) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    process = _ingest(folder, db_url)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    message = err.decode()
    assert f"{ARTICLES - documents} added" in message
    assert f"{documents} unchanged" in message
    final_documents, final_reports, final_keys = _stored(db_url)
    assert (final_documents, final_reports) == (ARTICLES, ARTICLES)
    assert keys <= final_keys
    assert str(folder.resolve() / "article-0000.txt") in final_keys
