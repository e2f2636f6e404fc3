"""The CRF's marginals computed with numpy from its weights equal crfsuite's own."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.ner.crf_dense import DenseCRF
from marsad.ner.resources import DATA_DIR
from marsad.ner.tagger import CRFTagger

# Words that fire every kind of attribute: titles and triggers, gazetteer and KB names
# (with clitics), clustered and unknown words, digits, punctuation, Latin.
WORDS = [
    "قال", "الوزير", "سيرغي", "لافروف", "في", "موسكو", "وأعلنت", "وزارة", "الدفاع", "الروسية",
    "المتحدث", "باسم", "تنظيم", "داعش", "أبو", "بكر", "البغدادي", "بالباغوز", "وقوات", "سوريا",
    "الديمقراطية", "الأمم", "المتحدة", "نيوزيلندا", "ريال", "مدريد", "بنك", "،", ".", "«", "»",
    "2019", "CNN", "زخرفستان", "والمهاجر", "الرئيس", "الأمريكي", "دونالد", "ترامب", "حزب", "الله",
]


@pytest.fixture(scope="module")
def crf() -> CRFTagger:
    return CRFTagger.load(DATA_DIR, consistency=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=14), min_size=1, max_size=5))
def test_numpy_marginals_equal_crfsuite(crf: CRFTagger, doc: list[list[str]]) -> None:
    ours = crf.marginals(doc)
    theirs = crf.suite_marginals(doc)
    assert [m.shape for m in ours] == [m.shape for m in theirs]
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5)
        if len(a):
            np.testing.assert_allclose(a.sum(axis=1), 1.0, atol=1e-9)


def test_a_sentence_scores_the_same_alone_or_in_a_document(crf: CRFTagger) -> None:
    # Sentences are laid end to end inside a document: no neighbour may leak across.
    doc = [["قال", "لافروف", "في", "موسكو"], ["داعش"], [], ["وقوات", "سوريا", "الديمقراطية", "."]]
    together = crf.marginals(doc)
    for sent, m in zip(doc, together, strict=True):
        np.testing.assert_allclose(m, crf.marginals([sent])[0], atol=1e-12)


def test_word_form_cache_is_bounded(crf: CRFTagger) -> None:
    dense = DenseCRF.from_tagger(crf.tagger)
    small = DenseCRF(dense.index, dense.weights, dense.trans, dense.labels, cache_size=5)
    doc = [WORDS[:8], WORDS[8:16]]
    first = small.marginals(crf.features, doc, crf.features.gazetteer_features(doc))
    # Full: emptied before a document's new forms go in (so at most one document over).
    assert len(small._forms) == 16
    other = [WORDS[16:20]]
    small.marginals(crf.features, other, crf.features.gazetteer_features(other))
    assert len(small._forms) == 4
    # A document that reads cached forms and new ones past the bound: all of it is refilled.
    mixed = [WORDS[16:20] + WORDS[20:24]]
    small.marginals(crf.features, mixed, crf.features.gazetteer_features(mixed))
    assert len(small._forms) == 8
    again = small.marginals(crf.features, doc, crf.features.gazetteer_features(doc))
    for a, b in zip(first, again, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-12)
