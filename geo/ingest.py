"""Articles into the store: read, extract, draw each movement's flow line, write.

An article is known by its key (its URL, else its absolute path and its record number in a file
of records). Ingesting is idempotent: an article whose bytes have not changed is skipped before
extraction; one that changed replaces its own records; the same text under another key is a
duplicate and adds nothing. Articles are committed in batches, so an ingest stopped at any point
(even ``kill -9``) keeps every committed batch and a second run picks up where it stopped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extract.document import Extractor
from extract.read import Article, Problem, ReadOptions, read_paths
from geo.flows import flow_geometry
from geo.store import Store

__all__ = ["IngestResult", "article_key", "ingest"]


@dataclass(slots=True)
class IngestResult:
    """What an ingest did, article by article."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    reports: int = 0
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def articles(self) -> int:
        """Articles read (stored, replaced, skipped as unchanged or duplicate)."""
        return self.added + self.replaced + self.unchanged + self.duplicates

    @property
    def failed(self) -> int:
        """Files or records that could not be read."""
        return sum(p.fatal for p in self.problems)

    def describe(self) -> str:
        """One line for the end of ``movemap ingest``."""
        return (
            f"{self.articles} article{'s' if self.articles != 1 else ''} read: {self.added} added, "
            f"{self.replaced} updated, {self.unchanged} unchanged, {self.duplicates} duplicate; "
            f"{self.reports} movement report{'s' if self.reports != 1 else ''} stored"
            + (f"; {self.failed} could not be read" if self.failed else "")
        )


def article_key(article: Article) -> str:
    """What identifies an article across ingests: its URL, else its absolute path (plus its
    record number inside a file of records)."""
    url = article.fields.get("url")
    if url:
        return url
    key = str(Path(article.path).resolve())
    if "#" in article.doc:
        key += "#" + article.doc.split("#", 1)[1]
    return key


def _raw_sha256(article: Article) -> str:
    digest = hashlib.sha256(article.content.encode("utf-8"))
    digest.update(json.dumps(dict(article.fields), sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def ingest(
    paths: Iterable[Path],
    store: Store,
    extractor: Extractor,
    options: ReadOptions | None = None,
    *,
    batch: int = 50,
    on_article: Callable[[str], None] | None = None,
) -> IngestResult:
    """Read every article under ``paths`` into ``store``; ``on_article`` is called with each
    article's path as it is done (for progress bars)."""
    result = IngestResult()
    pending = 0
    try:
        for item in read_paths(paths, options):
            if isinstance(item, Problem):
                result.problems.append(item)
                continue
            _ingest_one(item, store, extractor, result)
            pending += 1
            if pending >= batch:
                store.commit()
                pending = 0
            if on_article:
                on_article(item.path)
    except BaseException:
        # The article being written may be half there: drop the open batch. Committed batches
        # stay, and a second run re-reads only what is missing.
        store.rollback()
        raise
    store.commit()
    return result


def _ingest_one(article: Article, store: Store, extractor: Extractor, result: IngestResult) -> None:
    key = article_key(article)
    raw = _raw_sha256(article)
    stored = store.stored_hashes(key)
    if stored and stored[0] == raw:
        result.unchanged += 1
        return
    document = extractor.try_extract(article)
    if isinstance(document, Problem):
        result.problems.append(document)
        return
    holder = store.holder_of(document.sha256)
    if holder and holder != key:
        result.duplicates += 1
        result.notices.append(f"{article.path}: same text as {holder}, not stored again")
        return
    if document.notice:
        result.notices.append(f"{article.path}: {document.notice}")
    records = document.records()
    geometries = [flow_geometry(r) for r in records if r["type"] == "movement"]
    result.reports += store.put_article(key, raw, document.text, records, geometries)
    if stored:
        result.replaced += 1
    else:
        result.added += 1
