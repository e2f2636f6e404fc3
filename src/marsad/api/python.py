"""The Python API: `marsad.analyze(text_or_html, published=..., url=...)`."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from marsad.document import Document
from marsad.pipeline import Failure, Pipeline

_lock = threading.Lock()
_default: Pipeline | None = None


def load_pipeline(**options: Any) -> Pipeline:
    """The default pipeline, built (and its models loaded) once per process.

    With options (`ner="ensemble"` for the more accurate, slower NER tagger; `ner_model="DIR"`
    for a local Hugging Face model) a new pipeline is built each call: keep it.

    The default pipeline's objects (knowledge base, matcher, NER model: ~300,000 of them)
    live as long as the process, so they are moved out of the cyclic garbage collector's
    reach once loaded (`gc.freeze`): every full collection would otherwise walk them all
    again (measured: 15% of analysis time over the 240 dev articles, 5% after freezing),
    and forked workers would copy their pages by touching them.
    """
    global _default
    from marsad.registry import build_pipeline

    if options:
        return build_pipeline(**options)
    with _lock:
        if _default is None:
            _default = build_pipeline()
            gc.freeze()
        return _default


def analyze(
    text_or_html: str,
    *,
    published: str | None = None,
    url: str | None = None,
    id: str | None = None,
    title: str | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Analyse one Arabic article given as plain text or HTML.

    Args:
        text_or_html: the article; HTML is recognised and its body extracted.
        published: publication date (ISO 8601), used to resolve relative dates.
        url: where the article came from.
        id: the article id (default: a hash of the text).
        title: the title, if known.

    Returns:
        The analysed `Document`.

    Raises:
        InputError: when the input has no readable article body.
    """
    from marsad.ingest.reader import from_string

    doc = from_string(text_or_html, published=published, url=url, id=id, title=title)
    return (pipeline or load_pipeline())(doc)


def analyze_many(
    docs: Iterable[Document],
    *,
    pipeline: Pipeline | None = None,
    on_error: Callable[[Failure], None] | None = None,
) -> Iterator[Document]:
    """Analyse already-ingested documents, reporting failures to `on_error`."""
    return (pipeline or load_pipeline()).pipe(docs, on_error=on_error)
