"""The dashboard: page logic with Streamlit's AppTest, and the real page in headless Chromium.

The browser tests start ``movemap serve`` on the seeds (plus an invented article with planted
script), drive Debian's Chromium through Playwright, and refuse every request that is not for
localhost, recording it: none may be attempted.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from geo.store import Filters, Store

from .conftest import ROOT, SHARED

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVE = [sys.executable, "-c", "import sys, cli; sys.exit(cli.main())", "serve"]
PLANTED = (
    "Invented test article <script>window.__planted = 1</script>\n\nMarch 2, 2018\n\n"
    "About 70 fighters arrived in Manbij from Raqqa on Thursday "
    '<img src=x onerror="window.__planted = 2">, the Syrian Observatory for Human Rights said.\n'
)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory, index_path: Path) -> Iterator[Path]:
    """A GeoPackage with the seeds and the planted article, and a movemap home using the
    session's gazetteer index."""
    from extract.document import Extractor
    from gazetteer import Gazetteer
    from geo.ingest import ingest

    folder = tmp_path_factory.mktemp("app")
    articles = folder / "articles"
    articles.mkdir()
    (articles / "planted.txt").write_text(PLANTED, encoding="utf-8")
    db = folder / "seeds.gpkg"
    gazetteer = Gazetteer.open(index_path, folder / "user.sqlite", build_missing=False)
    with Store.open(db) as store:
        ingest([SHARED / "seeds", articles], store, Extractor(gazetteer))
        # The hostile text must reach the page's data for the browser test to mean anything.
        assert store.reports(Filters(place="Manbij"))["evidence_text"].str.contains("<img").any()
    gazetteer.close()
    yield db


@pytest.fixture
def app_env(seeded_db: Path, monkeypatch: pytest.MonkeyPatch, movemap_home: Path) -> Path:
    monkeypatch.setenv("MOVEMAP_DB", str(seeded_db))
    return seeded_db


# ---- AppTest: the page's logic, no browser ------------------------------------------------------


def _app() -> object:
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def test_app_shows_movements_and_filters_narrow_them(app_env: Path) -> None:
    at = _app()
    at.run()  # type: ignore[attr-defined]
    assert not at.exception  # type: ignore[attr-defined]
    metrics = {m.label: m.value for m in at.metric}  # type: ignore[attr-defined]
    with Store.open(app_env) as store:
        assert metrics["Reports"] == str(store.count("reports"))
    everything = int(metrics["Reports"])
    assert everything >= 10

    at.sidebar.multiselect(key="sources").select("Global Research").run()  # type: ignore[attr-defined]
    narrowed = int({m.label: m.value for m in at.metric}["Reports"])  # type: ignore[attr-defined]
    assert 0 < narrowed < everything
    assert at.query_params["source"] in ("Global Research", ["Global Research"])  # type: ignore[attr-defined]


def test_app_reads_filters_from_the_link(app_env: Path) -> None:
    at = _app()
    at.query_params["from"] = "2017-10-01"  # type: ignore[attr-defined]
    at.query_params["to"] = "2017-10-31"  # type: ignore[attr-defined]
    at.run()  # type: ignore[attr-defined]
    assert not at.exception  # type: ignore[attr-defined]
    reports = int({m.label: m.value for m in at.metric}["Reports"])  # type: ignore[attr-defined]
    with Store.open(app_env) as store:
        expected = len(store.reports(Filters(date_from="2017-10-01", date_to="2017-10-31")))
    assert reports == expected and expected > 0
    assert "2017-10-01 to " in " ".join(c.value for c in at.caption)  # type: ignore[attr-defined]


def test_review_saves_a_rejection_as_an_edit(app_env: Path, tmp_path: Path) -> None:
    from app import review_table, save_edits

    with Store.open(app_env) as store:
        reports = store.reports()
        before = reports.head(1)
        table = review_table(before)
        after = table.copy()
        after.loc[0, "reject"] = True
        after.loc[0, "size_min"] = 12
        saved, problems = save_edits(store, table, after)
        try:
            assert (saved, problems) == (2, [])
            assert len(store.reports()) == len(reports) - 1
            edited = store.reports(rejected=True)
            row = edited[edited["report_id"] == before.iloc[0]["report_id"]].iloc[0]
            assert row["rejected"] and row["size_min"] == 12
        finally:
            for edit in store.edits():
                store.undo(edit.edit_id)


def test_article_view_escapes_and_marks() -> None:
    from app import highlight

    text = 'Fighters <script>x()</script> reached Manbij & "Raqqa".'
    out = highlight(text, [(0, len(text), "evidence"), (38, 44, "place")])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<mark class="place">Manbij</mark>' in out
    assert out.startswith('<mark class="evidence">') and out.endswith("</mark>")


# ---- the real page in Chromium ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.3)
    return False


@pytest.fixture(scope="module")
def server(
    seeded_db: Path, index_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    home = tmp_path_factory.mktemp("home")
    from gazetteer.index import INDEX_VERSION

    (home / f"gazetteer-v{INDEX_VERSION}.sqlite").symlink_to(index_path)
    port = _free_port()
    process = subprocess.Popen(
        [
            *SERVE,
            "--db",
            str(seeded_db),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env={**os.environ, "MOVEMAP_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    _wait_for_port(port)
    yield f"http://localhost:{port}/"
    process.terminate()
    process.wait(10)


@pytest.fixture
def page(server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[object, list[str]]]:
    from playwright.sync_api import sync_playwright

    monkeypatch.undo()  # Playwright talks to its driver over a local pipe, not the network
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})

        def route(request_route: object) -> None:
            url = request_route.request.url  # type: ignore[attr-defined]
            if url.startswith(("http://localhost", "ws://localhost", "data:", "blob:", "about:")):
                request_route.continue_()  # type: ignore[attr-defined]
            else:
                outside.append(url)
                request_route.abort()  # type: ignore[attr-defined]

        context.route("**/*", route)
        yield context.new_page(), outside
        browser.close()


def _map_frame(page: object) -> object:
    page.wait_for_selector("iframe", timeout=90_000)  # type: ignore[attr-defined]
    for _ in range(200):
        for frame in page.frames:  # type: ignore[attr-defined]
            if frame.evaluate(
                "() => typeof L !== 'undefined' && !!document.querySelector('.leaflet-container')"
            ):
                return frame
        time.sleep(0.2)
    raise AssertionError("no Leaflet map in the page")


def _drawn_lines(frame: object) -> int:
    time.sleep(1)
    return int(frame.evaluate("() => document.querySelectorAll('path.leaflet-interactive').length"))  # type: ignore[attr-defined]


def test_browser_draws_flows_filters_change_them_and_nothing_leaves(
    page: tuple[object, list[str]], server: str
) -> None:
    tab, outside = page
    tab.goto(server)  # type: ignore[attr-defined]
    frame = _map_frame(tab)
    everything = _drawn_lines(frame)
    assert everything > 10
    assert frame.evaluate("() => window.__planted === undefined")  # type: ignore[attr-defined]
    assert tab.evaluate("() => window.__planted === undefined")  # type: ignore[attr-defined]

    tab.goto(server + "?from=2017-10-01&to=2017-10-31")  # type: ignore[attr-defined]
    frame = _map_frame(tab)
    october = _drawn_lines(frame)
    assert 0 < october < everything

    tab.goto(server + "?source=Global%20Research")  # type: ignore[attr-defined]
    frame = _map_frame(tab)
    assert 0 < _drawn_lines(frame) < everything
    assert outside == [], f"requests off localhost were attempted: {outside}"


def test_browser_upload_adds_movements(
    page: tuple[object, list[str]], server: str, tmp_path: Path
) -> None:
    tab, outside = page
    tab.goto(server)  # type: ignore[attr-defined]
    _map_frame(tab)
    before = int(tab.get_by_test_id("stMetricValue").nth(1).inner_text())  # type: ignore[attr-defined]
    tab.get_by_role("tab", name="Upload").click()  # type: ignore[attr-defined]
    article = tmp_path / "upload.txt"
    article.write_text(
        "Invented upload\n\nApril 3, 2018\n\nAbout 90 families returned to Tal Abyad from "
        "Akcakale on Monday, Reuters reported.\n",
        encoding="utf-8",
    )
    tab.locator("input[type=file]").set_input_files(str(article))  # type: ignore[attr-defined]
    tab.get_by_role("button", name="Read and store").click()  # type: ignore[attr-defined]
    tab.get_by_text("1 added").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    tab.reload()  # type: ignore[attr-defined]
    _map_frame(tab)
    after = int(tab.get_by_test_id("stMetricValue").nth(1).inner_text())  # type: ignore[attr-defined]
    assert after == before + 1
    assert outside == []


def _download(tab: object, button: object, name: str, folder: Path) -> Path:
    """Click until a download called ``name`` arrives: a click that lands while Streamlit
    rebuilds the button after a change is lost, and one before the change gives the old file."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(10):
        try:
            with tab.expect_download(timeout=20_000) as download:  # type: ignore[attr-defined]
                button.click()  # type: ignore[attr-defined]
        except PlaywrightTimeout:
            continue
        if download.value.suggested_filename == name:
            download.value.save_as(folder / name)
            return folder / name
        time.sleep(1)
    raise AssertionError(f"no download called {name}")


def test_browser_downloads_a_briefing_map_of_the_view(
    page: tuple[object, list[str]], server: str, tmp_path: Path
) -> None:
    """The download carries the page's filters: October 2017 only, in the subtitle and in what
    is drawn; PNG by default at A4 landscape, 200 dpi; SVG when chosen."""
    from PIL import Image

    tab, outside = page
    tab.goto(server + "?from=2017-10-01&to=2017-10-31")  # type: ignore[attr-defined]
    _map_frame(tab)
    tab.get_by_text("Briefing map of this view").click()  # type: ignore[attr-defined]
    button = tab.get_by_role("button", name="Download briefing map")  # type: ignore[attr-defined]
    png_path = _download(tab, button, "movemap-briefing.png", tmp_path)
    with Image.open(png_path) as image:
        assert image.size == (round(11.69 * 200), round(8.27 * 200))
        colours = np.asarray(image.convert("RGB")).reshape(-1, 3)
    saturated = (colours.max(axis=1).astype(int) - colours.min(axis=1)) > 120
    assert saturated.sum() > 500  # flows in their group colours, not just outlines and text

    tab.get_by_label("Format").click()  # type: ignore[attr-defined]
    tab.get_by_role("option", name="svg").click()  # type: ignore[attr-defined]
    svg_path = _download(tab, button, "movemap-briefing.svg", tmp_path)
    text = svg_path.read_text(encoding="utf-8")
    assert "2017-10-01 to 2017-10-31" in text
    assert "GeoNames, Natural Earth" in text
    assert outside == []


def test_stopping_serve_stops_the_dashboard(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM to `movemap serve` (as a service manager or a test sends) leaves no dashboard
    running on the port."""
    monkeypatch.undo()  # this test knocks on localhost
    port = _free_port()
    process = subprocess.Popen(
        [*SERVE, "--db", str(seeded_db), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert _wait_for_port(port), "the dashboard never listened"
    process.terminate()
    process.wait(20)
    time.sleep(1)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
