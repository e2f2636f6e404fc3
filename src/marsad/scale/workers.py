"""Multiprocessing analysis: documents cross to workers and back as contract dicts.

Each worker builds the pipeline once (models and the knowledge base load per process) and
analyses documents in chunks; order is kept. `to_dict`/`from_dict` are the only format
crossing the process boundary.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from typing import Any

from marsad.document import Document
from marsad.pipeline import Failure, Pipeline

_worker_pipeline: Pipeline | None = None


def _init_worker(options: dict[str, Any]) -> None:
    global _worker_pipeline
    from marsad.api.python import load_pipeline

    _worker_pipeline = load_pipeline(**options)


def _analyse_chunk(chunk: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert _worker_pipeline is not None  # set by _init_worker in every worker process
    out: list[dict[str, Any]] = []
    failures: list[Failure] = []
    docs = [Document.from_dict(d) for d in chunk]
    for doc in _worker_pipeline.pipe(docs, on_error=failures.append):
        out.append(doc.to_dict())
    for f in failures:
        out.append({"failure": {"id": f.doc_id, "stage": f.stage, "reason": f.reason}})
    return out


def analyse_parallel(
    docs: Iterable[Document],
    *,
    workers: int = 2,
    chunk_size: int = 8,
    options: dict[str, Any] | None = None,
) -> Iterator[Document | Failure]:
    """Analyse documents in `workers` processes; yields results (or failures) in order."""

    def chunks() -> Iterator[list[dict[str, Any]]]:
        buf: list[dict[str, Any]] = []
        for doc in docs:
            buf.append(doc.to_dict())
            if len(buf) >= chunk_size:
                yield buf
                buf = []
        if buf:
            yield buf

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers, initializer=_init_worker, initargs=(options or {},)) as pool:
        for result in pool.imap(_analyse_chunk, chunks()):
            for d in result:
                if "failure" in d:
                    f = d["failure"]
                    yield Failure(f["id"], f["stage"], f["reason"])
                else:
                    yield Document.from_dict(d)
