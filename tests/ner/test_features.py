"""CRF feature extraction."""

from __future__ import annotations

from marsad.ner import load_clusters, load_vocabulary
from marsad.ner.features import FeatureExtractor
from marsad.ner.resources import Gazetteer


def _extractor() -> FeatureExtractor:
    gaz = Gazetteer.from_pairs([("بغداد", "LOC")])
    return FeatureExtractor(load_vocabulary(), load_clusters(), (("gaz", gaz),))


def test_word_features_strip_clitics_and_normalise() -> None:
    fx = _extractor()
    info = fx.word("وبغداد")  # wa-baghdād
    assert info.norm == "وبغداد" and info.stem == "بغداد"
    assert "pre=و" in info.feats
    assert any(f.startswith("c256=") for f in info.feats)
    assert fx.word("الرئيس").trig == "PER"  # al-raʾīs
    assert fx.word("وزارة").trig == "ORG"  # wizāra
    assert "al" in fx.word("الرئيس").feats
    assert "sh=L" in fx.word("ISIS").feats


def test_sentence_features_have_context_and_gazetteer() -> None:
    fx = _extractor()
    toks = ["قال", "الرئيس", "في", "وبغداد"]  # qāla al-raʾīs fī wa-baghdād
    feats = fx.sentence(toks)
    assert len(feats) == 4
    assert "BOS" in feats[0] and "EOS" in feats[3]
    assert "gaz=B-LOC" in feats[3]
    assert "1gaz=B-LOC" in feats[2]
    assert "-1trg=PER" in feats[2] and "-2trg=PER" in feats[3]
    assert fx.sentence([]) == []


def test_word_cache_is_per_instance() -> None:
    a, b = _extractor(), _extractor()
    assert a.word("بغداد") is a.word("بغداد")
    assert a.word("بغداد") == b.word("بغداد")
