"""Ingesting into the store: parallel analysis feeding one writer.

Documents already in the store (same body-text hash) are skipped before analysis, so a
run killed at any point (even kill -9) resumes where it stopped with nothing lost and
nothing duplicated: every article is written in its own transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from marsad.document import Document
from marsad.errors import StoreError
from marsad.ingest.reader import ReadFailure
from marsad.pipeline import Failure, Pipeline
from marsad.store.sqlite import Store, content_hash

log = logging.getLogger(__name__)


@dataclass
class IngestStats:
    added: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


Progress = Callable[[IngestStats], None]


def ingest(
    store: Store,
    items: Iterable[tuple[str, Document | ReadFailure]],
    *,
    pipeline: Pipeline | None = None,
    workers: int = 1,
    progress: Progress | None = None,
) -> IngestStats:
    """Analyse and store documents; failures are recorded in the store and counted."""
    stats = IngestStats()
    sources: dict[str, str] = {}

    def fresh() -> Iterator[Document]:
        seen: set[str] = set()
        for source, item in items:
            if isinstance(item, ReadFailure):
                _fail(store, stats, item.source, item.reason, None)
                if progress:
                    progress(stats)
                continue
            key = content_hash(item.text)
            if key in seen or store.has(key):
                stats.skipped += 1
                if progress:
                    progress(stats)
                continue
            seen.add(key)
            sources[item.article.id] = source
            yield item

    results: Iterator[Document | Failure]
    if workers > 1:
        from marsad.scale.workers import analyse_parallel

        results = analyse_parallel(fresh(), workers=workers, pipeline=pipeline)
    else:
        from marsad.api.python import load_pipeline

        nlp = pipeline or load_pipeline()

        def run() -> Iterator[Document | Failure]:
            fails: list[Failure] = []
            for doc in fresh():
                yield from nlp.pipe([doc], on_error=fails.append)
                while fails:
                    yield fails.pop()

        results = run()
    for res in results:
        if isinstance(res, Failure):
            _fail(store, stats, sources.get(res.doc_id, res.doc_id), res.reason, res.stage)
        else:
            try:
                _, added = store.add(res, source=sources.get(res.article.id))
            except StoreError as exc:
                _fail(store, stats, res.article.id, str(exc), "store")
                continue
            if added:
                stats.added += 1
            else:
                stats.skipped += 1
        if progress:
            progress(stats)
    return stats


def _fail(store: Store, stats: IngestStats, source: str, reason: str, stage: str | None) -> None:
    stats.failed += 1
    stats.failures.append((source, reason))
    store.add_failure(source, reason, stage=stage)
