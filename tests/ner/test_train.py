"""Training end to end on a small slice of ANERcorp (fast settings), and fold splitting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.ner import load_tagger
from marsad.ner.conll import read_conll, write_conll
from marsad.ner.train import CRFParams, build_gazetteer, contiguous_folds, train_ner

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def test_contiguous_folds_cover_everything_once() -> None:
    folds = contiguous_folds(103, 5)
    assert [len(f) for f in folds] == [21, 20, 21, 20, 21]
    assert [i for f in folds for i in f] == list(range(103))


@pytest.mark.skipif(not (SHARED / "anercorp" / "train.txt").exists(), reason="no ../shared")
def test_train_small_model_is_deterministic(tmp_path: Path) -> None:
    sents = read_conll(SHARED / "anercorp" / "train.txt")[:300]
    corpus = tmp_path / "small.txt"
    write_conll(corpus, [s.tokens for s in sents], [s.tags for s in sents])
    params = CRFParams(max_iterations=25)
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        metrics = train_ner([corpus], out, folds=2, gate_dir=SHARED / "gate-arabic-gazetteer",
                            params=params, use_kb=False, dev=[corpus])
        runs.append((out / "crf.model").read_bytes())
        assert metrics["cv"]["folds"] == 2
        assert metrics["cv"]["best"] in metrics["cv"]["variants"]
        meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
        assert meta["gazetteers"] == ["gaz"]
        # Scored on its own training text, a CRF must get most entities right.
        (dev,) = meta["dev"].values()
        assert dev["variants"]["viterbi"]["f1"] > 60
    assert runs[0] == runs[1]
    tagger = load_tagger(tmp_path / "a")
    assert len(tagger.tag([list(sents[0].tokens)])[0]) == len(sents[0].tokens)


@pytest.mark.skipif(not (SHARED / "gate-arabic-gazetteer").exists(), reason="no ../shared")
def test_gazetteer_from_gate_lists() -> None:
    gaz = build_gazetteer(SHARED / "gate-arabic-gazetteer")
    feats = gaz(["زار", "الرئيس", "مدينة", "القاهرة"])  # zāra al-raʾīs madīnat al-qāhira
    assert any("LOC" in f for f in feats[3])
    assert any("TITLE" in f for f in feats[1])
