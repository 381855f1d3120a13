"""Article files to raw articles: text, Markdown, HTML, JSON, JSON lines, CSV, folders and zips.

Reading never stops at a bad file: :func:`read_paths` yields an :class:`Article` for every article
it could read and a :class:`Problem` (file, reason) for everything else, so the caller can report
each problem in one line and go on.
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Final

from charset_normalizer import from_bytes

__all__ = ["Article", "Problem", "ReadOptions", "read_bytes", "read_paths"]

# Field names used by news exports and scrapers, by what they hold; the first present wins.
FIELD_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "text": (
        "text",
        "body",
        "content",
        "article",
        "full_text",
        "fulltext",
        "maintext",
        "article_text",
        "story",
        "html",
    ),
    "title": ("title", "headline", "head", "name"),
    "url": ("url", "link", "source_url", "uri", "permalink"),
    "date": (
        "date",
        "published",
        "published_at",
        "publish_date",
        "publication_date",
        "date_publish",
        "pubdate",
        "datetime",
        "created_at",
        "timestamp",
    ),
    "publisher": ("publisher", "source", "outlet", "site", "sitename", "site_name", "source_name"),
    "author": ("author", "authors", "byline", "creator"),
}
TEXT_SUFFIXES: Final = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
HTML_SUFFIXES: Final = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES: Final = {".json", ".jsonl", ".ndjson", ".csv"}
SUPPORTED: Final = {*TEXT_SUFFIXES, *HTML_SUFFIXES, *RECORD_SUFFIXES, ".zip"}
# Encodings other than UTF-8 that news files come in. Latin-script ones decode most bytes alike,
# so charset_normalizer often finds several equally good; then the first listed here wins:
# Turkish before Western European (they differ only where Turkish has ğ ı ş Ğ İ Ş and Western
# text has the rare ð ý þ Ð Ý Þ), Western before Central European (à è ì ò ù against ŕ č ě ň ů).
LEGACY_ENCODINGS: Final = (
    "cp1254",
    "cp1252",
    "cp1256",
    "cp1251",
    "cp1253",
    "cp1255",
    "cp1250",
    "cp1257",
    "cp1258",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "koi8_r",
    "cp866",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
)


# Control characters that text files do not hold (tab, line feed, form feed, carriage return
# and escape they may).
_CONTROL_BYTES: Final = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


@dataclass(slots=True, frozen=True)
class ReadOptions:
    """How files are read.

    ``max_bytes`` larger files are refused (a news article is kilobytes; a 50 MB "article" is a
    mistake). ``text_column`` names the CSV column holding the article text (detected when None).
    """

    max_bytes: int = 10_000_000
    text_column: str | None = None


@dataclass(slots=True, frozen=True)
class Article:
    """One article as read, before cleaning.

    ``doc`` names it in output lines (the file's base name; ``name.jsonl#3`` for the third record
    of a file of records); ``kind`` is ``text``, ``markdown`` or ``html``; ``fields`` holds the
    metadata a structured record carried (title, url, date, publisher, author).
    """

    doc: str
    path: str
    content: str
    kind: str
    fields: Mapping[str, str] = field(default_factory=dict)
    notice: str | None = None


@dataclass(slots=True, frozen=True)
class Problem:
    """A file (or record) that could not be read, or was read with a caveat (``fatal`` False)."""

    path: str
    reason: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


Item = Article | Problem


def read_paths(paths: Iterable[Path], options: ReadOptions | None = None) -> Iterator[Item]:
    """Articles and problems from files, folders (recursively) and zip archives, in order."""
    options = options or ReadOptions()
    for path in paths:
        if path.is_dir():
            for file in _files_under(path):
                if file.suffix.lower() in SUPPORTED:
                    yield from _read_file(file, options, in_folder=True)
        elif path.exists():
            yield from _read_file(path, options, in_folder=False)
        else:
            yield Problem(str(path), "no such file or folder")


def _files_under(folder: Path) -> list[Path]:
    """The files under ``folder`` and its subfolders, in the order of their paths.

    Hidden files and anything under a hidden folder (.git, .ipynb_checkpoints) are skipped, as in
    zip archives; the folder given may itself be hidden. Listed with ``os.scandir``, which knows
    what each entry is without asking the file system again (pathlib's glob cost a tenth of
    reading a folder of short articles).
    """
    found: list[tuple[tuple[str, ...], str]] = []
    pending: list[tuple[tuple[str, ...], str]] = [((), str(folder))]
    while pending:
        parts, directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue  # unreadable or gone: as glob, which skips it
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(((*parts, entry.name), entry.path))
            elif entry.is_file():
                found.append(((*parts, entry.name), entry.path))
    found.sort()
    return [Path(file) for _, file in found]


def _read_file(path: Path, options: ReadOptions, *, in_folder: bool) -> Iterator[Item]:
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield Problem(str(path), _too_large(size, options))
            return
        data = path.read_bytes()
    except OSError as err:
        yield Problem(str(path), f"cannot be read ({err.strerror or err})")
        return
    yield from read_bytes(path.name, str(path), data, options, in_folder=in_folder)


def _too_large(size: int, options: ReadOptions) -> str:
    return (
        f"too large for an article ({size / 1e6:.3g} MB; the limit is "
        f"{options.max_bytes / 1e6:g} MB)"
    )


def read_bytes(
    name: str,
    where: str,
    data: bytes,
    options: ReadOptions | None = None,
    *,
    in_folder: bool = False,
) -> Iterator[Item]:
    """Articles from one file's bytes; ``name`` (its file name) decides the format.

    ``in_folder``: the file was met while reading a folder, not named by the user; a JSON file
    there that holds no article records (an annotation or settings file) is skipped with a note
    instead of failing. The dashboard's upload uses this with the bytes the browser sent.
    """
    options = options or ReadOptions()
    pure = PurePosixPath(name)
    suffix = pure.suffix.lower()
    if len(data) > options.max_bytes:
        yield Problem(where, _too_large(len(data), options))
        return
    if suffix == ".zip":
        yield from _read_zip(data, where, options)
        return
    if not data.strip():
        yield Problem(where, "empty file")
        return
    if _is_binary(data):
        yield Problem(where, "binary data, not text (is it really an article file?)")
        return
    text, notice = _decode(data)
    if text is None:
        yield Problem(where, "not text in any known character encoding")
        return
    if not text.strip():  # a byte-order mark, UTF-16 or non-ASCII spaces around nothing
        yield Problem(where, "empty file")
        return
    if notice:
        yield Problem(where, notice, fatal=False)
    base = pure.name
    if suffix in (".json", ".jsonl", ".ndjson"):
        yield from _read_json(text, base, where, jsonl=suffix != ".json", in_folder=in_folder)
    elif suffix == ".csv":
        yield from _read_csv(text, base, where, options)
    elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
        yield Article(base, where, text, "html", notice=notice)
    else:
        yield Article(base, where, text, TEXT_SUFFIXES.get(suffix, "text"), notice=notice)


def _is_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 text has NULs too; it is decoded below when it carries a byte-order mark.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * 0.05


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """The text and, when it was not UTF-8, a notice saying which encoding was assumed."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "not UTF-8: read as UTF-16"
        except UnicodeDecodeError:
            return None, None
    matches = list(from_bytes(data[:200_000], cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        return None, None
    # The readings with the least mess and about the best language fit; of those, the
    # encoding listed first (charset_normalizer's own pick among such ties is arbitrary and
    # read most French or Spanish files as cp1250, mac_latin2 or even big5).
    least = min(m.chaos for m in matches)
    matches = [m for m in matches if m.chaos <= least + 0.01]
    most = max(m.coherence for m in matches)
    matches = [m for m in matches if m.coherence >= most - 0.05]
    rank = {name: i for i, name in enumerate(LEGACY_ENCODINGS)}

    def first_rank(names: list[str]) -> int:
        return min(rank.get(name, len(rank)) for name in names)

    best = min(matches, key=lambda m: first_rank(m.could_be_from_charset))
    # Encodings giving the very same text: name the most widely used one.
    same = best.could_be_from_charset
    encoding = "cp1252" if "cp1252" in same else min(same, key=lambda n: rank.get(n, len(rank)))
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None, None
    return text, f"not UTF-8: read as {encoding} ({best.language or 'language unknown'})"


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def _read_zip(data: bytes, where: str, options: ReadOptions) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as err:
        yield Problem(where, f"not a readable zip archive ({err})")
        return
    if not members:
        yield Problem(where, "empty zip archive")
        return
    with archive:
        for member in sorted(members, key=lambda m: m.filename):
            inner = PurePosixPath(member.filename)
            label = f"{where}/{member.filename}"
            if any(part.startswith((".", "__MACOSX")) for part in inner.parts):
                continue
            suffix = inner.suffix.lower()
            if suffix not in SUPPORTED or suffix == ".zip":
                yield Problem(label, "skipped: not an article file type", fatal=False)
                continue
            if member.file_size > options.max_bytes:
                yield Problem(label, _too_large(member.file_size, options))
                continue
            try:
                content = archive.read(member)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as err:
                yield Problem(label, f"cannot be extracted from the archive ({err})")
                continue
            yield from read_bytes(inner.name, label, content, options)


def _field_key(name: str) -> str:
    # "publishedAt", "published_at" and "Published-At" are one field.
    return name.lower().replace("_", "").replace("-", "")


def _pick(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    lowered = {_field_key(str(k)): v for k, v in record.items()}
    for key in names:
        value = lowered.get(_field_key(key))
        if isinstance(value, Mapping):  # {"source": {"name": "Reuters", "url": ...}}
            value = value.get("name") or value.get("title")
        if isinstance(value, list):  # authors: ["A", "B"]
            value = ", ".join(str(v) for v in value if isinstance(v, str | int))
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    return None


def _record(record: Mapping[str, Any], doc: str, where: str, text_key: tuple[str, ...]) -> Item:
    text = _pick(record, text_key)
    if text is None:
        return Problem(
            where, f"record has no article text (looked for: {', '.join(text_key[:6])}, ...)"
        )
    fields = {
        name: value
        for name, keys in FIELD_NAMES.items()
        if name != "text" and (value := _pick(record, keys)) is not None
    }
    kind = "html" if _looks_like_html(text) else "text"
    return Article(doc, where, text, kind, fields)


def _read_json(text: str, base: str, where: str, *, jsonl: bool, in_folder: bool) -> Iterator[Item]:
    if jsonl:
        records: list[tuple[int, Any]] = []
        # Records end at "\n" only: str.splitlines() would also split at U+2028, U+0085 and
        # other characters that JSON strings may hold unescaped.
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as err:
                yield Problem(f"{where}:{number}", f"not JSON ({err.msg})")
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            yield Problem(where, f"not JSON ({err.msg} at line {err.lineno})")
            return
        found = _records_of(data)
        if found is None:
            reason = f"not a list of article records ({_describe_json(data)})"
            yield Problem(where, f"skipped: {reason}" if in_folder else reason, fatal=not in_folder)
            return
        records = list(enumerate(found, start=1))
    for number, record in records:
        label = f"{where}#{number}" if not jsonl else f"{where}:{number}"
        if not isinstance(record, Mapping):
            yield Problem(label, f"not an article record ({_describe_json(record)})")
            continue
        yield _record(record, f"{base}#{number}", label, FIELD_NAMES["text"])


def _records_of(data: Any) -> list[Any] | None:
    """The records of a JSON document: a list, a single record, or ``{"articles": [...]}``."""
    if isinstance(data, list):
        return data if data and any(isinstance(r, Mapping) for r in data) else None
    if isinstance(data, Mapping):
        if _pick(data, FIELD_NAMES["text"]) is not None:
            return [data]
        lists = [v for v in data.values() if isinstance(v, list) and v]
        if len(lists) == 1 and all(isinstance(r, Mapping) for r in lists[0]):
            return lists[0]
    return None


def _describe_json(data: Any) -> str:
    if isinstance(data, Mapping):
        keys = ", ".join(list(map(str, data))[:5])
        return f"a JSON object with keys {keys}" if keys else "an empty JSON object"
    if isinstance(data, list):
        return "an empty list" if not data else "a list of " + type(data[0]).__name__ + " values"
    return f"a JSON {type(data).__name__}"


def _read_csv(text: str, base: str, where: str, options: ReadOptions) -> Iterator[Item]:
    csv.field_size_limit(options.max_bytes)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        rows = list(reader)
    except csv.Error as err:
        yield Problem(where, f"not a readable CSV file ({err})")
        return
    columns = [c for c in reader.fieldnames or [] if c]
    if not rows or not columns:
        yield Problem(where, "CSV file with no rows")
        return
    text_column = _text_column(columns, rows, options.text_column)
    if text_column is None:
        wanted = options.text_column
        yield Problem(
            where,
            f"no column {wanted!r} (columns: {', '.join(columns)})"
            if wanted
            else f"no text column found (columns: {', '.join(columns)}); choose one",
        )
        return
    for number, row in enumerate(rows, start=1):
        clean = {k: v for k, v in row.items() if isinstance(k, str) and isinstance(v, str)}
        yield _record(clean, f"{base}#{number}", f"{where}#{number}", (text_column.lower(),))


def _text_column(columns: list[str], rows: list[dict[str, Any]], wanted: str | None) -> str | None:
    if wanted is not None:
        return next((c for c in columns if c.lower() == wanted.lower()), None)
    by_name = {c.lower(): c for c in columns}
    for name in FIELD_NAMES["text"]:
        if name in by_name:
            return by_name[name]

    # Else the column with the longest values, if they are article-like (several sentences).
    def mean_length(column: str) -> float:
        return sum(len(r.get(column) or "") for r in rows) / len(rows)

    longest = max(columns, key=mean_length)
    return longest if mean_length(longest) >= 200 else None
