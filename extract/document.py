"""One article through the chain: read -> clean -> metadata -> cited sources -> places.

:class:`Extractor` holds what is expensive to load (the gazetteer's name keys, the sources list)
and is shared across articles; :meth:`Extractor.extract` turns one :class:`Article` into a
:class:`Document`, and :meth:`Document.records` gives its lines of the JSONL contract
(``shared/contracts/extract-jsonl.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mypy_extensions import mypyc_attr

from extract.clean import Cleaned, clean
from extract.dates import Published, published_date
from extract.meta import Byline, byline, language, text_sha256
from extract.movements import Movement, MovementReader
from extract.places import PlaceFinder, PlaceLine
from extract.read import Article, Problem
from extract.sources import Citation, SourceNames, cited_sources, source_names
from gazetteer import Gazetteer

__all__ = ["Document", "Extractor"]


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


# Compiled by mypyc, a class is closed to subclasses written in Python unless it says so; other
# tools (and the tests) may extend the extractor.
@mypyc_attr(allow_interpreted_subclasses=True)
class Extractor:
    """Reads articles into documents with one gazetteer and one sources list."""

    def __init__(
        self, gazetteer: Gazetteer, names: SourceNames | None = None, *, today: date | None = None
    ) -> None:
        self._places = PlaceFinder(gazetteer)
        self._movements = MovementReader()
        self._names = names or source_names()
        self._today = today

    def try_extract(self, article: Article) -> Document | Problem:
        """:meth:`extract`, or, when reading this one article fails in a way nobody foresaw, a
        :class:`Problem` naming it, so a run over thousands of articles loses only that one."""
        try:
            return self.extract(article)
        except Exception as err:  # any bug, reported per article
            return Problem(
                article.path,
                f"movemap could not read it ({type(err).__name__}: {err}); "
                "please report this with the file",
            )

    def extract(self, article: Article) -> Document:
        """Clean an article and read its metadata, cited sources and places."""
        page = None
        if article.kind == "html":
            from extract.html import read_page  # trafilatura loads only when a page comes

            page = read_page(article.content)
        cleaned = clean(article, page)
        meta = page.meta if page else None
        fields = article.fields
        captions = cleaned.captions()
        running = [cleaned.text[p.start : p.end] for p in cleaned.paragraphs if p.role != "caption"]
        published = published_date(
            record_date=fields.get("date"),
            page_date=meta.published if meta else None,
            header=cleaned.header,
            dated_lines=cleaned.furniture,
            past_text=[*running, *cleaned.header, *cleaned.furniture],
            today=self._today,
        )
        by = byline(
            header=cleaned.header,
            furniture=cleaned.furniture,
            names=self._names,
            record_publisher=fields.get("publisher") or (meta.publisher if meta else None),
            record_author=fields.get("author") or (meta.author if meta else None),
            url=fields.get("url") or (meta.url if meta else None),
        )
        lang = language(cleaned.text)
        lowered = cleaned.lowered  # sources and movements read it
        citations = tuple(cited_sources(cleaned.text, self._names, skip=captions, lowered=lowered))
        places = tuple(self._places.places(cleaned.text))
        movements: tuple[Movement, ...] = ()
        if lang in ("en", "und"):
            # A lower bound is no date to count "on Thursday" back from.
            day = (
                date.fromisoformat(published.value)
                if published.value and published.basis != "not before"
                else None
            )
            movements = tuple(
                self._movements.read(
                    cleaned.text,
                    [
                        (p.start, p.end, p.role == "title")
                        for p in cleaned.paragraphs
                        if p.role != "caption"
                    ],
                    places,
                    day,
                    [(c.start, c.end, c.name) for c in citations],
                    lowered,
                )
            )
        return Document(
            article=article,
            cleaned=cleaned,
            published=published,
            byline=by,
            language=lang,
            citations=citations,
            places=places,
            movements=movements,
        )
