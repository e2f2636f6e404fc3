"""Sentence stage: fills `sentences` from the Arabic segmenter."""

from __future__ import annotations

from marsad.arabic.segment import sentences as split_sentences
from marsad.document import Document, Sentence


class SentenceStage:
    """Paragraph- and quote-aware sentence boundaries (see `marsad.arabic.segment`)."""

    name = "sentences"
    requires = frozenset({"text"})
    provides = frozenset({"sentences"})

    def __call__(self, doc: Document) -> Document:
        sents = tuple(Sentence(s, e) for s, e in split_sentences(doc.text))
        return doc.with_layers(sentences=sents)
