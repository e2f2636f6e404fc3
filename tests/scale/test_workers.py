"""The worker pool: order kept, failures reported, the parent's pipeline shared."""

from __future__ import annotations

from collections.abc import Iterator

from marsad.document import Article, Document, Sentence
from marsad.errors import InputError
from marsad.pipeline import Failure, Pipeline
from marsad.scale.workers import analyse_parallel


class _Sentences:
    """A cheap stage (no models): one sentence per line; fails on a marked document."""

    name = "sentences"
    requires = frozenset({"text"})
    provides = frozenset({"sentences"})

    def __call__(self, doc: Document) -> Document:
        if doc.text.startswith("!"):
            raise InputError("marked to fail")
        spans, pos = [], 0
        for line in doc.text.split("\n"):
            spans.append(Sentence(pos, pos + len(line)))
            pos += len(line) + 1
        return doc.with_layers(sentences=tuple(spans))


def _docs(n: int) -> list[Document]:
    return [Document(text=("!" if i == 3 else "") + f"سطر {i}\nسطر آخر", article=Article(id=f"d{i}"))
            for i in range(n)]


def test_parallel_matches_one_process_in_order() -> None:
    nlp = Pipeline([_Sentences()])
    docs = _docs(11)
    one = list(analyse_parallel(docs, workers=1, pipeline=nlp))
    two = list(analyse_parallel(docs, workers=2, chunk_size=3, pipeline=nlp))
    assert [type(x).__name__ for x in two] == [type(x).__name__ for x in one]
    assert [x.to_dict() if isinstance(x, Document) else x for x in two] == \
        [x.to_dict() if isinstance(x, Document) else x for x in one]
    ids = [x.article.id if isinstance(x, Document) else x.doc_id for x in two]
    assert ids == [f"d{i}" for i in range(11)]


def test_failure_is_reported_not_raised() -> None:
    out = list(analyse_parallel(_docs(5), workers=2, chunk_size=2, pipeline=Pipeline([_Sentences()])))
    fails = [x for x in out if isinstance(x, Failure)]
    assert [(f.doc_id, f.stage) for f in fails] == [("d3", "sentences")]
    assert len(out) == 5


class _Dies:
    """A stage that kills its worker process on a marked document (an out-of-memory kill)."""

    name = "dies"
    requires = frozenset({"text"})
    provides = frozenset({"sentences"})

    def __call__(self, doc: Document) -> Document:
        if doc.text.startswith("!"):
            import os

            os._exit(3)
        return doc


def test_order_kept_with_one_document_per_chunk() -> None:
    docs = _docs(40)
    out = list(analyse_parallel(docs, workers=2, chunk_size=1, pipeline=Pipeline([_Sentences()])))
    ids = [x.article.id if isinstance(x, Document) else x.doc_id for x in out]
    assert ids == [f"d{i}" for i in range(40)]


def test_no_documents_no_output() -> None:
    assert list(analyse_parallel([], workers=2, pipeline=Pipeline([_Sentences()]))) == []


def test_a_dead_worker_raises_instead_of_hanging() -> None:
    import pytest

    from marsad.errors import PipelineError

    with pytest.raises(PipelineError, match="worker process died"):
        list(analyse_parallel(_docs(8), workers=2, chunk_size=2, pipeline=Pipeline([_Dies()])))


def test_input_errors_reach_the_caller() -> None:
    import pytest

    def broken() -> Iterator[Document]:
        yield from _docs(3)
        raise InputError("unreadable input")

    with pytest.raises(InputError, match="unreadable input"):
        list(analyse_parallel(broken(), workers=2, chunk_size=1, pipeline=Pipeline([_Sentences()])))


def test_stopping_early_leaves_no_worker_behind() -> None:
    import multiprocessing

    results = analyse_parallel(_docs(60), workers=2, chunk_size=1, pipeline=Pipeline([_Sentences()]))
    first = [next(results) for _ in range(3)]
    results.close()  # type: ignore[attr-defined]
    assert len(first) == 3
    assert multiprocessing.active_children() == []
