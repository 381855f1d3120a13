"""Reading article files: every format, folders and zips, and every kind of bad input.

All fixtures are written by the tests; the sentences are invented for them.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from extract.read import Article, Problem, ReadOptions, read_bytes, read_paths

SENTENCE = "About forty fighters crossed from Iraq into Syria near Al-Bukamal, a monitor said."
OTHER = "Families fled the fighting in Deir ez-Zor and walked north towards Hasakah."
ARABIC = "دخل مقاتلون إلى سوريا من العراق عبر معبر البوكمال. "
FRENCH = "Le café à Alep: réfugiés déplacés. "

Item = Article | Problem


def read_all(paths: Iterable[Path], options: ReadOptions | None = None) -> list[Item]:
    return list(read_paths(paths, options))


def articles(items: list[Item]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def problems(items: list[Item]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def only_problem(items: list[Item]) -> Problem:
    assert len(items) == 1, items
    assert isinstance(items[0], Problem), items
    return items[0]


def zip_bytes(members: dict[str, str | bytes], *, stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def binary_bytes(size: int = 4000) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(7).randbytes(size)


# Plain text, Markdown and HTML files.


def test_text_file_is_one_article(tmp_path: Path) -> None:
    path = write(tmp_path / "crossing.txt", f"{SENTENCE}\n\n{OTHER}\n")
    assert read_all([path]) == [
        Article("crossing.txt", str(path), f"{SENTENCE}\n\n{OTHER}\n", "text", {}, None)
    ]


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".MD"])
def test_markdown_file(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"report{suffix}", f"# Border crossing\n\n*{SENTENCE}*\n")
    [article] = read_all([path])
    assert isinstance(article, Article)
    assert article.kind == "markdown"
    assert article.doc == f"report{suffix}"
    assert article.content.startswith("# Border crossing")


@pytest.mark.parametrize("suffix", [".html", ".htm", ".xhtml", ".HTML"])
def test_html_file_keeps_its_markup(tmp_path: Path, suffix: str) -> None:
    page = f"<html><head><title>Crossing</title></head><body><p>{SENTENCE}</p></body></html>"
    path = write(tmp_path / f"page{suffix}", page)
    [article] = read_all([path])
    assert isinstance(article, Article)
    assert (article.doc, article.kind, article.content) == (f"page{suffix}", "html", page)


def test_html_without_html_suffix_is_recognised(tmp_path: Path) -> None:
    page = f"<!DOCTYPE html>\n<html><body><p>{SENTENCE}</p></body></html>"
    sniffed = write(tmp_path / "saved_page", page)
    plain = write(tmp_path / "notes.log", SENTENCE)
    # A .txt file is text even when it holds markup: its suffix says what it is.
    markup_as_text = write(tmp_path / "copied.txt", page)
    kinds = [(a.doc, a.kind) for a in articles(read_all([sniffed, plain, markup_as_text]))]
    assert kinds == [("saved_page", "html"), ("notes.log", "text"), ("copied.txt", "text")]


# JSON, JSON lines and CSV records.


def test_json_list_of_records_with_assorted_field_names(tmp_path: Path) -> None:
    records = [
        {
            "headline": "Fighters cross the border",
            "body": SENTENCE,
            "link": "https://news.example/crossing",
            "published_at": "2024-03-05T08:00:00Z",
            "source": {"id": None, "name": "Border Monitor"},
            "authors": ["Rana Haddad", "Omar Said"],
        },
        {
            "Title": "Families flee",
            "Content": f"<html><body><p>{OTHER}</p></body></html>",
            "URL": "https://news.example/families",
            "date": "5 March 2024",
            "publisher": "Valley Post",
            "byline": "Staff reporter",
        },
        {"story": OTHER, "id": 7, "tags": ["syria"]},
    ]
    path = write(tmp_path / "news.json", json.dumps(records, ensure_ascii=False))
    first, second, third = read_all([path])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert isinstance(third, Article)
    assert [first.doc, second.doc, third.doc] == ["news.json#1", "news.json#2", "news.json#3"]
    assert [first.path, second.path] == [f"{path}#1", f"{path}#2"]
    assert (first.content, first.kind) == (SENTENCE, "text")
    assert dict(first.fields) == {
        "title": "Fighters cross the border",
        "url": "https://news.example/crossing",
        "date": "2024-03-05T08:00:00Z",
        "publisher": "Border Monitor",
        "author": "Rana Haddad, Omar Said",
    }
    # Field names are matched whatever their case; an HTML body makes an HTML article.
    assert second.kind == "html" and OTHER in second.content
    assert dict(second.fields) == {
        "title": "Families flee",
        "url": "https://news.example/families",
        "date": "5 March 2024",
        "publisher": "Valley Post",
        "author": "Staff reporter",
    }
    assert (third.content, dict(third.fields)) == (OTHER, {})


def test_json_object_wrapping_a_list(tmp_path: Path) -> None:
    wrapped = {
        "status": "ok",
        "totalResults": 2,
        "articles": [
            {"title": "One", "text": SENTENCE},
            {"title": "Two", "text": OTHER},
        ],
    }
    path = write(tmp_path / "export.json", json.dumps(wrapped))
    found = articles(read_all([path]))
    assert [(a.doc, a.fields["title"], a.content) for a in found] == [
        ("export.json#1", "One", SENTENCE),
        ("export.json#2", "Two", OTHER),
    ]


def test_json_single_record_object(tmp_path: Path) -> None:
    path = write(tmp_path / "one.json", json.dumps({"title": "Alone", "article": SENTENCE}))
    [article] = read_all([path])
    assert isinstance(article, Article)
    assert (article.doc, article.content, dict(article.fields)) == (
        "one.json#1",
        SENTENCE,
        {"title": "Alone"},
    )


def test_json_records_without_text_are_problems_and_the_rest_is_read(tmp_path: Path) -> None:
    records = [{"text": SENTENCE}, "a stray string", {"title": "No text here"}, {"body": OTHER}]
    path = write(tmp_path / "mixed.json", json.dumps(records))
    items = read_all([path])
    assert [type(i).__name__ for i in items] == ["Article", "Problem", "Problem", "Article"]
    stray, textless = problems(items)
    assert stray.path == f"{path}#2" and stray.fatal
    assert "not an article record (a JSON str)" in stray.reason
    assert textless.path == f"{path}#3" and textless.fatal
    assert "record has no article text" in textless.reason
    assert [a.doc for a in articles(items)] == ["mixed.json#1", "mixed.json#4"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("42", "not a list of article records (a JSON int)"),
        ('["Fighters crossed", "into Syria"]', "not a list of article records (a list of str"),
        ('{"headline": "No text", "id": 3}', "a JSON object with keys headline, id"),
        ("[]", "not a list of article records (an empty list)"),
        ("{}", "an empty JSON object"),
        ("null", "not a list of article records"),
        ('{"text": "unterminated', "not JSON (Unterminated string"),
    ],
)
def test_json_that_is_not_a_list_of_records(tmp_path: Path, content: str, reason: str) -> None:
    path = write(tmp_path / "bad.json", content)
    problem = only_problem(read_all([path]))
    assert problem.path == str(path)
    assert reason in problem.reason
    assert problem.fatal


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson"])
def test_jsonl_broken_line_is_one_problem_and_other_lines_are_read(
    tmp_path: Path, suffix: str
) -> None:
    lines = [
        json.dumps({"title": "First", "text": SENTENCE}),
        "",
        '{"title": "Broken", "text": "cut off',
        json.dumps({"headline": "Fourth", "body": OTHER, "url": "https://news.example/4"}),
        json.dumps(["not", "a", "record"]),
    ]
    path = write(tmp_path / f"feed{suffix}", "\n".join(lines) + "\n")
    items = read_all([path])
    # Lines that are not JSON are reported first (while the file is parsed), then the records.
    assert [type(i).__name__ for i in items] == ["Problem", "Article", "Article", "Problem"]
    broken, first, fourth, listed = items
    assert isinstance(broken, Problem) and isinstance(listed, Problem)
    assert isinstance(first, Article) and isinstance(fourth, Article)
    assert broken.path == f"{path}:3" and broken.fatal
    assert broken.reason.startswith("not JSON")
    assert str(broken).startswith(f"{path}:3: not JSON")
    assert (first.doc, first.path, first.content) == (f"feed{suffix}#1", f"{path}:1", SENTENCE)
    assert (fourth.doc, fourth.content) == (f"feed{suffix}#4", OTHER)
    assert dict(fourth.fields) == {"title": "Fourth", "url": "https://news.example/4"}
    assert listed.path == f"{path}:5" and "not an article record" in listed.reason


def test_jsonl_text_may_hold_unicode_line_separators(tmp_path: Path) -> None:
    # JSON allows U+2028, U+2029 and U+0085 unescaped inside strings; they do not end a record.
    text = f"{SENTENCE}\u2028{OTHER}\u0085Residents\u2029confirmed it."
    record = json.dumps({"text": text}, ensure_ascii=False)
    path = write(tmp_path / "feed.jsonl", f"{record}\r\n{record}\r\n")
    found = read_all([path])
    assert [a.content for a in articles(found)] == [text, text]
    assert problems(found) == []


@pytest.mark.parametrize("column", ["text", "body", "Body"])
def test_csv_with_a_detected_text_column(tmp_path: Path, column: str) -> None:
    content = (
        f"title,{column},date,link,outlet\n"
        f'Crossing,"{SENTENCE}",2024-03-05,https://news.example/1,Border Monitor\n'
        f'"Flight, north","{OTHER} ""They left,"" one said.",2024-03-06,,Valley Post\n'
    )
    path = write(tmp_path / "rows.csv", content)
    first, second = read_all([path])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.doc, first.path, first.content, first.kind) == (
        "rows.csv#1",
        f"{path}#1",
        SENTENCE,
        "text",
    )
    assert dict(first.fields) == {
        "title": "Crossing",
        "date": "2024-03-05",
        "url": "https://news.example/1",
        "publisher": "Border Monitor",
    }
    assert second.content == f'{OTHER} "They left," one said.'
    assert dict(second.fields) == {
        "title": "Flight, north",
        "date": "2024-03-06",
        "publisher": "Valley Post",
    }


def test_csv_delimiter_and_excel_byte_order_mark(tmp_path: Path) -> None:
    content = f'\ufeffid;headline;story\n1;Crossing;"{SENTENCE}"\n2;Flight;"{OTHER}"\n'
    path = write(tmp_path / "semicolons.csv", content)
    found = articles(read_all([path]))
    assert [(a.fields.get("title"), a.content) for a in found] == [
        ("Crossing", SENTENCE),
        ("Flight", OTHER),
    ]


def test_csv_text_column_chosen_by_option(tmp_path: Path) -> None:
    content = (
        "headline,summary,link\n"
        f'Crossing,"{SENTENCE}",https://news.example/1\n'
        f'Flight,"{OTHER}",https://news.example/2\n'
    )
    path = write(tmp_path / "summaries.csv", content)
    # Without the option no column looks like article text.
    problem = only_problem(read_all([path]))
    assert problem.fatal
    assert "no text column found (columns: headline, summary, link)" in problem.reason
    found = articles(read_all([path], ReadOptions(text_column="Summary")))
    assert [(a.doc, a.content, a.fields.get("url")) for a in found] == [
        ("summaries.csv#1", SENTENCE, "https://news.example/1"),
        ("summaries.csv#2", OTHER, "https://news.example/2"),
    ]
    # The option wins over a column named like text.
    with_text = write(tmp_path / "both.csv", f'text,summary\nshort,"{SENTENCE}"\n')
    [article] = read_all([with_text], ReadOptions(text_column="summary"))
    assert isinstance(article, Article) and article.content == SENTENCE


def test_csv_text_column_option_naming_a_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path / "rows.csv", f'title,text\nCrossing,"{SENTENCE}"\n')
    problem = only_problem(read_all([path], ReadOptions(text_column="story")))
    assert problem.reason == "no column 'story' (columns: title, text)"
    assert problem.fatal


def test_csv_text_column_detected_by_long_values(tmp_path: Path) -> None:
    long_text = " ".join([SENTENCE, OTHER, SENTENCE])
    assert len(long_text) >= 200
    path = write(tmp_path / "notes.csv", f'id,label,notes\n1,Crossing,"{long_text}"\n')
    [article] = read_all([path])
    assert isinstance(article, Article)
    assert article.content == long_text


def test_csv_without_a_detectable_text_column_lists_the_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "places.csv", "name,lat,lon\nAl-Bukamal,34.45,40.92\n")
    problem = only_problem(read_all([path]))
    assert problem.path == str(path)
    assert problem.reason == "no text column found (columns: name, lat, lon); choose one"
    assert problem.fatal


def test_csv_with_a_header_and_no_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "header.csv", "title,text\n")
    assert only_problem(read_all([path])).reason == "CSV file with no rows"


# Folders.


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write(folder / "z_last.txt", OTHER)
    write(folder / "b.md", f"# Flight\n\n{OTHER}")
    write(folder / "a.txt", SENTENCE)
    write(folder / "sub" / "c.html", f"<html><body><p>{SENTENCE}</p></body></html>")
    write(folder / "sub" / "deeper" / "d.jsonl", json.dumps({"text": OTHER}) + "\n")
    # Skipped without a word: hidden files and folders, and files of other types.
    write(folder / ".hidden.txt", SENTENCE)
    write(folder / ".git" / "notes.txt", SENTENCE)
    write(folder / "sub" / ".ipynb_checkpoints" / "e.md", SENTENCE)
    write(folder / "photo.png", binary_bytes())
    write(folder / "README", SENTENCE)
    write(folder / "sub" / "table.xlsx", b"PK\x03\x04 not really a spreadsheet")
    items = read_all([folder])
    assert problems(items) == []
    assert [(a.doc, a.kind) for a in articles(items)] == [
        ("a.txt", "text"),
        ("b.md", "markdown"),
        ("c.html", "html"),
        ("d.jsonl#1", "text"),
        ("z_last.txt", "text"),
    ]
    assert articles(items)[2].path == str(folder / "sub" / "c.html")


def test_a_folder_comes_in_the_order_of_its_paths_parts(tmp_path: Path) -> None:
    # Sorted part by part, as paths sort: the folder "a" before the file "a.txt", whose name
    # sorts after it, and capitals first.
    for name in ("a.txt", "a/inner.txt", "B.txt", "a-b/x.txt"):
        write(tmp_path / name, SENTENCE)
    assert [a.path for a in articles(read_all([tmp_path]))] == [
        str(tmp_path / name) for name in ("B.txt", "a/inner.txt", "a-b/x.txt", "a.txt")
    ]


def test_a_hidden_folder_named_explicitly_is_read(tmp_path: Path) -> None:
    folder = tmp_path / ".drafts"
    write(folder / "a.txt", SENTENCE)
    assert [a.doc for a in articles(read_all([folder]))] == ["a.txt"]


def test_paths_are_read_in_the_order_given(tmp_path: Path) -> None:
    second = write(tmp_path / "b.txt", OTHER)
    first = write(tmp_path / "a.txt", SENTENCE)
    folder = tmp_path / "more"
    write(folder / "c.txt", SENTENCE)
    docs = [item.doc for item in articles(read_all([second, folder, first]))]
    assert docs == ["b.txt", "c.txt", "a.txt"]


def test_missing_path_is_a_problem_and_reading_goes_on(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "gone.txt"
    good = write(tmp_path / "good.txt", SENTENCE)
    items = read_all([missing, good])
    assert items[0] == Problem(str(missing), "no such file or folder", fatal=True)
    assert str(items[0]) == f"{missing}: no such file or folder"
    assert isinstance(items[1], Article) and items[1].doc == "good.txt"


def test_empty_folder_gives_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert read_all([tmp_path / "empty"]) == []


# Zip archives.


def test_zip_members_are_read_by_base_name(tmp_path: Path) -> None:
    data = zip_bytes(
        {
            "b.txt": SENTENCE,
            "reports/": b"",
            "reports/inner.md": f"# Flight\n\n{OTHER}",
            "feeds/list.jsonl": json.dumps({"title": "In a feed", "text": SENTENCE}) + "\n",
            "__MACOSX/._b.txt": b"\x00\x05\x16\x07 resource fork",
            "__MACOSX/reports/._inner.md": b"\x00\x05\x16\x07",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
            "reports/.hidden.txt": SENTENCE,
            "pics/photo.png": binary_bytes(),
            "older.zip": zip_bytes({"x.txt": SENTENCE}),
        }
    )
    path = write(tmp_path / "bundle.zip", data)
    items = read_all([path])
    summary = [
        (i.doc, i.path, i.kind) if isinstance(i, Article) else (i.path, i.reason, i.fatal)
        for i in items
    ]
    assert summary == [
        ("b.txt", f"{path}/b.txt", "text"),
        ("list.jsonl#1", f"{path}/feeds/list.jsonl:1", "text"),
        (f"{path}/older.zip", "skipped: not an article file type", False),
        (f"{path}/pics/photo.png", "skipped: not an article file type", False),
        ("inner.md", f"{path}/reports/inner.md", "markdown"),
    ]
    assert articles(items)[0].content == SENTENCE
    assert articles(items)[1].fields["title"] == "In a feed"


def test_zip_inside_a_folder_is_read(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", SENTENCE)
    write(tmp_path / "in" / "b.zip", zip_bytes({"c.txt": OTHER}))
    assert [a.doc for a in articles(read_all([tmp_path / "in"]))] == ["a.txt", "c.txt"]


def test_bad_zip_member_does_not_stop_the_others(tmp_path: Path) -> None:
    data = zip_bytes({"a.txt": SENTENCE, "b.txt": binary_bytes(), "c.txt": "   \n", "d.md": OTHER})
    path = write(tmp_path / "mixed.zip", data)
    items = read_all([path])
    assert [type(i).__name__ for i in items] == ["Article", "Problem", "Problem", "Article"]
    binary, empty = problems(items)
    assert binary.path == f"{path}/b.txt" and "binary" in binary.reason and binary.fatal
    assert empty.path == f"{path}/c.txt" and empty.reason == "empty file" and empty.fatal


def test_zip_member_over_the_size_limit(tmp_path: Path) -> None:
    # The archive is small (the text compresses well) but the member is not.
    data = zip_bytes({"big.txt": SENTENCE * 100, "small.txt": OTHER[:60]})
    assert len(data) < 1000
    path = write(tmp_path / "packed.zip", data)
    items = read_all([path], ReadOptions(max_bytes=1000))
    assert isinstance(items[0], Problem)
    assert items[0].path == f"{path}/big.txt"
    assert items[0].reason.startswith("too large for an article")
    assert isinstance(items[1], Article) and items[1].doc == "small.txt"


def test_zip_member_with_corrupt_data(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"a.txt": SENTENCE, "b.txt": OTHER}, stored=True))
    at = bytes(data).index(SENTENCE.encode())
    data[at : at + 5] = b"XXXXX"  # same length: only the CRC check notices
    path = write(tmp_path / "corrupt.zip", bytes(data))
    items = read_all([path])
    assert isinstance(items[0], Problem) and items[0].path == f"{path}/a.txt"
    assert "cannot be extracted from the archive" in items[0].reason
    assert isinstance(items[1], Article) and items[1].content == OTHER


def test_empty_zip(tmp_path: Path) -> None:
    path = write(tmp_path / "nothing.zip", zip_bytes({}))
    assert only_problem(read_all([path])).reason == "empty zip archive"


# Bad input.


@pytest.mark.parametrize("name", ["x.zip", "truncated-half.zip", "truncated-tail.zip"])
def test_broken_zip(tmp_path: Path, name: str) -> None:
    real = zip_bytes({"a.txt": SENTENCE * 20, "b.txt": OTHER * 20})
    content = {
        "x.zip": random.Random(3).randbytes(3000),
        "truncated-half.zip": real[: len(real) // 2],
        "truncated-tail.zip": real[:-10],
    }[name]
    path = write(tmp_path / name, content)
    problem = only_problem(read_all([path]))
    assert problem.path == str(path)
    assert problem.reason.startswith("not a readable zip archive")
    assert problem.fatal


@pytest.mark.parametrize("name", ["scan.png", "scan.txt", "scan.html", "scan.json", "scan.csv"])
def test_binary_file(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, binary_bytes())
    problem = only_problem(read_all([path]))
    assert problem.path == str(path)
    assert "binary data, not text" in problem.reason
    assert problem.fatal


def test_binary_file_without_nul_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "controls.txt", bytes(range(1, 32)) * 100)
    assert "binary" in only_problem(read_all([path])).reason


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"  \n\t\r\n  ",
        "\ufeff \n".encode(),  # a byte-order mark and spaces
        " \n".encode("utf-16"),
        "\u00a0\u3000\n".encode(),  # no-break and ideographic spaces
    ],
    ids=["empty", "whitespace", "bom-whitespace", "utf16-whitespace", "unicode-spaces"],
)
@pytest.mark.parametrize("suffix", [".txt", ".json", ".csv", ".html"])
def test_empty_and_blank_files(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = write(tmp_path / f"blank{suffix}", content)
    problem = only_problem(read_all([path]))
    assert (problem.path, problem.reason, problem.fatal) == (str(path), "empty file", True)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "long.txt", ((SENTENCE + "\n") * 100)[:5000])
    assert path.stat().st_size == 5000
    problem = only_problem(read_all([path], ReadOptions(max_bytes=1000)))
    assert problem.path == str(path)
    assert problem.reason == "too large for an article (0.005 MB; the limit is 0.001 MB)"
    assert problem.fatal
    # Just under the limit is fine.
    [article] = read_all([path], ReadOptions(max_bytes=path.stat().st_size))
    assert isinstance(article, Article)


def test_bytes_over_the_size_limit() -> None:
    data = (SENTENCE * 100).encode()
    [problem] = read_bytes("upload.txt", "upload.txt", data, ReadOptions(max_bytes=1000))
    assert isinstance(problem, Problem)
    assert problem.reason.startswith("too large for an article")


def test_fifty_megabyte_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    chunk = ((SENTENCE + "\n") * 12_000).encode()  # about 1 MB
    with path.open("wb") as out:
        while out.tell() < 50_000_000:
            out.write(chunk)
    size = path.stat().st_size
    assert size >= 50_000_000

    def refuse(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    problem = only_problem(read_all([path]))
    assert problem.path == str(path)
    assert problem.reason == f"too large for an article ({size / 1e6:.3g} MB; the limit is 10 MB)"
    assert problem.fatal


def test_arabic_in_windows_1256_is_read_with_a_note(tmp_path: Path) -> None:
    text = ARABIC * 4 + "\nFighters crossed at Al-Bukamal, residents said.\n"
    path = write(tmp_path / "arabic.txt", text.encode("cp1256"))
    note, article = read_all([path])
    assert isinstance(note, Problem) and isinstance(article, Article)
    assert note.path == str(path)
    assert note.reason == "not UTF-8: read as cp1256 (Arabic)"
    assert not note.fatal
    assert article.content == text
    assert article.notice == note.reason


def test_latin_1_is_read_with_a_note(tmp_path: Path) -> None:
    text = FRENCH * 6 + "\nFighters crossed from Iraq into Syria.\n"
    path = write(tmp_path / "french.md", text.encode("latin-1"))
    note, article = read_all([path])
    assert isinstance(note, Problem) and isinstance(article, Article)
    assert not note.fatal
    # cp1252 is Latin-1 with printable characters where Latin-1 has control codes.
    assert note.reason.startswith("not UTF-8: read as cp1252 (")
    assert (article.content, article.kind) == (text, "markdown")


@pytest.mark.parametrize(
    ("text", "encoding", "named"),
    [
        (FRENCH, "latin-1", "cp1252"),
        (
            "À Alep, les déplacés ont reçu de l'aide. Près de la frontière, des familles ont fui.",
            "latin-1",
            "cp1252",
        ),
        (
            "Los desplazados cruzaron de Irak a Siria; según un testigo, niños caminaron días.",
            "latin-1",
            "cp1252",
        ),
        (
            "Die Flüchtlinge erreichten Österreich über die Balkanroute; viele hatten große Angst.",
            "latin-1",
            "cp1252",
        ),
        (
            "Suriyeli sığınmacılar Şanlıurfa'ya ulaştı; İçişleri Bakanlığı artış olduğunu söyledi.",
            "cp1254",
            "cp1254",
        ),
        (ARABIC, "cp1256", "cp1256"),
        (
            "Беженцы пересекли границу между Ираком и Сирией, по словам свидетелей.",
            "cp1251",
            "cp1251",
        ),
        ("Οι πρόσφυγες διέσχισαν τα σύνορα από το Ιράκ στη Συρία.", "cp1253", "cp1253"),
        ("הפליטים חצו את הגבול מעיראק לסוריה, לדברי עדים.", "cp1255", "cp1255"),
    ],
    ids=[
        "french-short",
        "french",
        "spanish",
        "german",
        "turkish",
        "arabic",
        "russian",
        "greek",
        "hebrew",
    ],
)
def test_legacy_encodings_give_the_right_text(
    tmp_path: Path, text: str, encoding: str, named: str
) -> None:
    path = write(tmp_path / "legacy.txt", text.encode(encoding))
    note, article = read_all([path])
    assert isinstance(note, Problem) and isinstance(article, Article)
    assert article.content == text
    assert note.reason.startswith(f"not UTF-8: read as {named} (")
    assert not note.fatal


def test_utf_16_with_byte_order_mark_is_read_with_a_note(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.txt", SENTENCE.encode("utf-16"))
    note, article = read_all([path])
    assert isinstance(note, Problem) and not note.fatal
    assert note.reason == "not UTF-8: read as UTF-16"
    assert isinstance(article, Article) and article.content == SENTENCE


def test_utf_8_with_byte_order_mark_has_no_note(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", "\ufeff" + SENTENCE)
    assert read_all([path]) == [Article("bom.txt", str(path), SENTENCE, "text", {}, None)]


def test_encoded_json_records_carry_the_note(tmp_path: Path) -> None:
    record = json.dumps([{"title": "Arabic", "text": ARABIC * 4}], ensure_ascii=False)
    path = write(tmp_path / "arabic.json", record.encode("cp1256"))
    note, article = read_all([path])
    assert isinstance(note, Problem) and not note.fatal and "cp1256" in note.reason
    assert isinstance(article, Article) and article.content == (ARABIC * 4).strip()


def test_read_bytes_uses_the_name_for_the_format() -> None:
    data = json.dumps([{"text": SENTENCE}]).encode()
    [as_json] = read_bytes("upload.json", "browser:upload.json", data)
    [as_text] = read_bytes("upload.txt", "browser:upload.txt", data)
    assert isinstance(as_json, Article) and isinstance(as_text, Article)
    assert (as_json.doc, as_json.path, as_json.content) == (
        "upload.json#1",
        "browser:upload.json#1",
        SENTENCE,
    )
    assert (as_text.doc, as_text.content) == ("upload.txt", data.decode())


def test_camel_case_field_names_are_mapped(tmp_path: Path) -> None:
    path = tmp_path / "newsapi.json"
    path.write_text(
        json.dumps(
            [
                {
                    "content": "Families crossed from Iraq into Syria at dawn, officials said.",
                    "publishedAt": "2019-03-04T10:00:00Z",
                    "sourceName": "Example Wire",
                }
            ]
        ),
        encoding="utf-8",
    )
    (article,) = list(read_paths([path]))
    assert isinstance(article, Article)
    assert article.fields["date"] == "2019-03-04T10:00:00Z"
    assert article.fields["publisher"] == "Example Wire"


def test_a_json_file_of_no_records_met_in_a_folder_is_skipped_with_a_note(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    write(folder / "annotations.json", '{"schema": "gold/1", "documents": {}}')
    write(folder / "story.txt", "Families crossed from Iraq into Syria near Albukamal.")
    items = read_all([folder])
    (note,) = [i for i in items if isinstance(i, Problem)]
    assert not note.fatal
    assert note.reason.startswith("skipped: not a list of article records")
    assert [a.doc for a in articles(items)] == ["story.txt"]
    # Named on its own, the same file is an error.
    assert only_problem(read_all([folder / "annotations.json"])).fatal


def test_the_demo_samples_say_they_are_invented_and_name_their_outlet() -> None:
    from ..conftest import ROOT

    items = list(read_paths([ROOT / "assets" / "samples"]))
    assert len(items) == 8 and all(isinstance(item, Article) for item in items)
    for item in items:
        assert isinstance(item, Article)
        assert item.content.startswith("Invented example for the movemap demo")
        assert item.fields["publisher"].endswith("(invented example)")
        assert item.fields["date"] and item.fields["title"]
