"""One article through the chain: read -> clean -> metadata -> cited sources -> places.

:class:`Extractor` holds what is expensive to load (the gazetteer's name keys, the sources list)
and is shared across articles; :meth:`Extractor.extract` turns one :class:`Article` into a
:class:`Document`, :meth:`Extractor.read_all` many of them in batches (faster), and
:meth:`Document.records` gives a document's lines of the JSONL contract
(``shared/contracts/extract-jsonl.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from mypy_extensions import mypyc_attr

from extract.clean import Cleaned, clean
from extract.dates import UNKNOWN, Published, published_date
from extract.meta import Byline, byline, language, text_sha256
from extract.movements import Movement, MovementReader
from extract.places import PlaceFinder, PlaceLine
from extract.read import Article, Problem
from extract.sources import Citation, SourceNames, cited_sources, source_names
from gazetteer import Gazetteer

if TYPE_CHECKING:
    from extract.html import HtmlMeta  # trafilatura loads only when a page comes

__all__ = ["BATCH", "Document", "Extractor"]


@dataclass(slots=True, frozen=True)
class Document:
    """An article read: clean text, metadata, cited sources and places."""

    article: Article
    cleaned: Cleaned
    published: Published
    byline: Byline
    language: str
    citations: tuple[Citation, ...]
    places: tuple[PlaceLine, ...]
    movements: tuple[Movement, ...] = ()

    # Written out, so that mypyc compiles it (see extract/__init__.py).
    def __init__(
        self,
        article: Article,
        cleaned: Cleaned,
        published: Published,
        byline: Byline,
        language: str,
        citations: tuple[Citation, ...],
        places: tuple[PlaceLine, ...],
        movements: tuple[Movement, ...] = (),
    ) -> None:
        object.__setattr__(self, "article", article)
        object.__setattr__(self, "cleaned", cleaned)
        object.__setattr__(self, "published", published)
        object.__setattr__(self, "byline", byline)
        object.__setattr__(self, "language", language)
        object.__setattr__(self, "citations", citations)
        object.__setattr__(self, "places", places)
        object.__setattr__(self, "movements", movements)

    @property
    def doc(self) -> str:
        """The name output lines carry (the file's base name)."""
        return self.article.doc

    @property
    def text(self) -> str:
        """The cleaned text all offsets refer to."""
        return self.cleaned.text

    @property
    def sha256(self) -> str:
        """Hash of the cleaned text, the de-duplication key."""
        return text_sha256(self.cleaned.text)

    @property
    def notice(self) -> str | None:
        """A warning the reader should see (the article is not in English)."""
        if self.language not in ("en", "und"):
            return (
                f"written in '{self.language}', not English: places are found by name only "
                "and movements are not read"
            )
        if not self.cleaned.text.strip():
            return "no article text left after removing page furniture"
        return None

    def cited_source_names(self) -> list[str]:
        """Distinct cited sources, in order of first citation."""
        return list(dict.fromkeys(c.name for c in self.citations))

    def records(self) -> list[dict[str, Any]]:
        """The ``document`` line and ``place`` lines of the JSONL contract."""
        document: dict[str, Any] = {
            "type": "document",
            "doc": self.doc,
            "title": self.cleaned.title,
            "published": self.published.value,
            "published_precision": self.published.precision,
            "published_basis": self.published.basis,
            "publisher": self.byline.publisher,
            "original_source": self.byline.original_source,
            "author": self.byline.author,
            "sha256": self.sha256,
            "language": self.language,
            "cited_sources": self.cited_source_names(),
            "path": self.article.path,
            "url": self.article.fields.get("url"),
            "chars": len(self.cleaned.text),
            "captions": self.cleaned.captions(),
            "repeats_removed": self.cleaned.repeats,
        }
        if self.notice:
            document["notice"] = self.notice
        lines = [document]
        for line in self.places:
            lines.append(
                {
                    "type": "place",
                    "doc": self.doc,
                    **line.place.as_dict(),
                    "spans": line.spans,
                    "role": line.role,
                    "mentions": [
                        {"start": m.start, "end": m.end, "text": m.text, "role": m.role}
                        for m in line.mentions
                    ],
                    "reason": line.reason,
                }
            )
        for movement in self.movements:
            lines.append(movement.record(self.text, self.doc, self.byline.publisher))
        return lines


# Articles read together, one step over all of them before the next (see Extractor.read_all).
BATCH: Final = 64


class _Reading:
    """An article on its way to a :class:`Document`: what the steps have read so far."""

    __slots__ = (
        "article",
        "byline",
        "citations",
        "cleaned",
        "language",
        "meta",
        "movements",
        "places",
        "published",
    )

    def __init__(self, article: Article, meta: HtmlMeta | None, cleaned: Cleaned) -> None:
        self.article = article
        self.meta = meta  # what an HTML page's markup says
        self.cleaned = cleaned
        self.published = UNKNOWN
        self.byline = Byline(None, None, None)
        self.language = "und"
        self.citations: tuple[Citation, ...] = ()
        self.places: tuple[PlaceLine, ...] = ()
        self.movements: tuple[Movement, ...] = ()

    def document(self) -> Document:
        return Document(
            article=self.article,
            cleaned=self.cleaned,
            published=self.published,
            byline=self.byline,
            language=self.language,
            citations=self.citations,
            places=self.places,
            movements=self.movements,
        )


# Compiled by mypyc, a class is closed to subclasses written in Python unless it says so; other
# tools (and the tests) may extend the extractor.
@mypyc_attr(allow_interpreted_subclasses=True)
class Extractor:
    """Reads articles into documents with one gazetteer and one sources list.

    Reading goes in steps (clean, publication date, byline, language, cited sources, places,
    movements). :meth:`read_all` takes each step over a batch of articles before the next: each
    step's code and tables stay in the processor's caches, which makes a run of thousands of
    articles some 15 % faster than reading them one by one, with the same documents.
    """

    def __init__(
        self, gazetteer: Gazetteer, names: SourceNames | None = None, *, today: date | None = None
    ) -> None:
        self._places = PlaceFinder(gazetteer)
        self._movements = MovementReader()
        self._names = names or source_names()
        self._today = today
        self._steps: tuple[Callable[[_Reading], None], ...] = (
            self._date,
            self._byline,
            self._language,
            self._citations,
            self._place_lines,
            self._movement_lines,
        )

    def read_all(self, items: Iterable[Article | Problem]) -> Iterator[Document | Problem]:
        """A document for each article, in order, or a :class:`Problem` for one whose reading
        failed (see :meth:`try_extract`); problems among ``items`` are passed on as they are.
        Articles are read ``BATCH`` at a time."""
        batch: list[Article | Problem] = []
        for item in items:
            batch.append(item)
            if len(batch) >= BATCH:
                yield from self._read_batch(batch)
                batch = []
        yield from self._read_batch(batch)

    def try_extract(self, article: Article) -> Document | Problem:
        """:meth:`extract`, or, when reading this one article fails in a way nobody foresaw, a
        :class:`Problem` naming it, so a run over thousands of articles loses only that one."""
        try:
            return self.extract(article)
        except Exception as err:  # any bug, reported per article
            return _failed(article, err)

    def extract(self, article: Article) -> Document:
        """Clean an article and read its metadata, cited sources, places and movements."""
        reading = self._clean(article)
        for step in self._steps:
            step(reading)
        return reading.document()

    def _read_batch(self, items: list[Article | Problem]) -> list[Document | Problem]:
        states: list[_Reading | Problem] = []
        for item in items:
            if isinstance(item, Problem):
                states.append(item)
                continue
            try:
                states.append(self._clean(item))
            except Exception as err:  # any bug, reported per article
                states.append(_failed(item, err))
        for step in self._steps:
            for i, state in enumerate(states):
                if isinstance(state, _Reading):
                    try:
                        step(state)
                    except Exception as err:
                        states[i] = _failed(state.article, err)
        return [state.document() if isinstance(state, _Reading) else state for state in states]

    # -- the steps -------------------------------------------------------------------------------

    def _clean(self, article: Article) -> _Reading:
        page = None
        if article.kind == "html":
            from extract.html import read_page  # trafilatura loads only when a page comes

            page = read_page(article.content)
        return _Reading(article, page.meta if page else None, clean(article, page))

    def _date(self, reading: _Reading) -> None:
        cleaned, meta = reading.cleaned, reading.meta
        running = [cleaned.text[p.start : p.end] for p in cleaned.paragraphs if p.role != "caption"]
        reading.published = published_date(
            record_date=reading.article.fields.get("date"),
            page_date=meta.published if meta else None,
            header=cleaned.header,
            dated_lines=cleaned.furniture,
            past_text=[*running, *cleaned.header, *cleaned.furniture],
            today=self._today,
        )

    def _byline(self, reading: _Reading) -> None:
        cleaned, fields, meta = reading.cleaned, reading.article.fields, reading.meta
        reading.byline = byline(
            header=cleaned.header,
            furniture=cleaned.furniture,
            names=self._names,
            record_publisher=fields.get("publisher") or (meta.publisher if meta else None),
            record_author=fields.get("author") or (meta.author if meta else None),
            url=fields.get("url") or (meta.url if meta else None),
        )

    def _language(self, reading: _Reading) -> None:
        reading.language = language(reading.cleaned.text)

    def _citations(self, reading: _Reading) -> None:
        cleaned = reading.cleaned
        reading.citations = tuple(
            cited_sources(
                cleaned.text, self._names, skip=cleaned.captions(), lowered=cleaned.lowered
            )
        )

    def _place_lines(self, reading: _Reading) -> None:
        reading.places = tuple(self._places.places(reading.cleaned.text))

    def _movement_lines(self, reading: _Reading) -> None:
        if reading.language not in ("en", "und"):
            return
        cleaned, published = reading.cleaned, reading.published
        # A lower bound is no date to count "on Thursday" back from.
        day = (
            date.fromisoformat(published.value)
            if published.value and published.basis != "not before"
            else None
        )
        reading.movements = tuple(
            self._movements.read(
                cleaned.text,
                [
                    (p.start, p.end, p.role == "title")
                    for p in cleaned.paragraphs
                    if p.role != "caption"
                ],
                reading.places,
                day,
                [(c.start, c.end, c.name) for c in reading.citations],
                cleaned.lowered,  # sources read it too
            )
        )


def _failed(article: Article, err: Exception) -> Problem:
    return Problem(
        article.path,
        f"movemap could not read it ({type(err).__name__}: {err}); "
        "please report this with the file",
    )
