"""Reading many articles at once: the same documents as one by one, problems kept in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.document import BATCH, Document, Extractor
from extract.read import Article, Problem, read_paths
from gazetteer import Gazetteer
from tests.conftest import ROOT, SHARED


@pytest.fixture(scope="module")
def gazetteer(index_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    user = tmp_path_factory.mktemp("user") / "none.sqlite"
    return Gazetteer.open(index_path, user, build_missing=False)


def _articles() -> list[Article]:
    """The seeds and the invented samples, each also cut after every paragraph, so that the
    articles run past a batch."""
    whole = [
        item
        for item in read_paths([SHARED / "seeds", ROOT / "assets" / "samples"])
        if isinstance(item, Article)
    ]
    cut = [
        Article(f"{a.doc}#{n}", a.path, a.content[:end], a.kind, a.fields)
        for a in whole
        for n, end in enumerate(i for i, c in enumerate(a.content) if c == "\n" and i > 200)
    ]
    return whole + cut[: 2 * BATCH]


def test_reading_together_gives_the_documents_read_one_by_one(gazetteer: Gazetteer) -> None:
    articles = _articles()
    assert len(articles) > BATCH + 1
    problem = Problem("missing.txt", "no such file or folder")
    items: list[Article | Problem] = [*articles[:3], problem, *articles[3:]]
    together = list(Extractor(gazetteer).read_all(items))
    alone = Extractor(gazetteer)
    assert len(together) == len(items)
    assert together[3] is problem
    for item, got in zip(items, together, strict=True):
        if isinstance(item, Article):
            assert isinstance(got, Document)
            assert got.article is item
            assert got.records() == alone.extract(item).records(), item.doc
    assert sum(len(d.movements) for d in together if isinstance(d, Document)) > 10


class _FailsOnOneArticle(Extractor):
    """An extractor with a bug that only one article meets, in its places step."""

    def _place_lines(self, reading: object) -> None:
        if "returned" in reading.article.content:  # type: ignore[attr-defined]
            raise IndexError("tuple index out of range")
        super()._place_lines(reading)  # type: ignore[arg-type]


def test_an_article_that_breaks_a_step_is_a_problem_and_the_rest_are_read(
    gazetteer: Gazetteer,
) -> None:
    articles = [
        Article("a.txt", "a.txt", "Hundreds of families fled Afrin for Azaz on Monday.", "text"),
        Article("b.txt", "b.txt", "Some 300 fighters returned to Raqqa from Iraq.", "text"),
        Article("c.txt", "c.txt", "Dozens of families crossed into Turkey from Idlib.", "text"),
    ]
    first, second, third = _FailsOnOneArticle(gazetteer).read_all(articles)
    assert isinstance(second, Problem) and second.path == "b.txt"
    assert "IndexError" in second.reason and second.fatal
    assert isinstance(first, Document) and isinstance(third, Document)
    assert [line.place.name for line in third.places] == [
        line.place.name for line in Extractor(gazetteer).extract(articles[2]).places
    ]
    assert third.movements
