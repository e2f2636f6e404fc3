"""Training end to end on a small slice of ANERcorp (fast settings), and fold splitting."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from marsad.errors import ResourceError
from marsad.ner import load_tagger
from marsad.ner.conll import read_conll, to_iob2, write_conll
from marsad.ner.tagger import CRFTagger
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
    cv = []
    # Folds run one after the other ("a") or in two forked processes ("b"): same figures.
    for name, jobs in (("a", 1), ("b", 2)):
        out = tmp_path / name
        metrics = train_ner([corpus], out, folds=2, gate_dir=SHARED / "gate-arabic-gazetteer",
                            params=params, use_kb=False, dev=[corpus], jobs=jobs)
        runs.append((out / "crf.model").read_bytes())
        cv.append(metrics["cv"]["variants"])
        assert metrics["scheme"] == "bioes"
        assert (out / "attributes.txt.gz").exists()
        assert metrics["cv"]["folds"] == 2
        assert metrics["cv"]["best"] in metrics["cv"]["variants"]
        meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
        assert meta["gazetteers"] == ["gaz"]
        # Scored on its own training text, a CRF must get most entities right.
        (dev,) = meta["dev"].values()
        assert dev["variants"]["viterbi"]["f1"] > 60
    assert runs[0] == runs[1]
    assert cv[0] == cv[1]
    tagger = load_tagger(tmp_path / "a")
    assert isinstance(tagger, CRFTagger) and tagger.scheme == "bioes"
    assert len(tagger.tag([list(sents[0].tokens)])[0]) == len(sents[0].tokens)
    # The CRF learnt BIOES labels; callers only ever see IOB2 tags and IOB2 marginals.
    assert any(y.startswith(("S-", "E-")) for y in tagger.tagger.labels())
    assert not any(y.startswith(("S-", "E-")) for y in tagger.labels)
    tagged = tagger.tag([list(s.tokens) for s in sents[:50]])
    assert all(t == "O" or t[:2] in ("B-", "I-") for ts in tagged for t in ts)
    assert tagged == [to_iob2(ts) for ts in tagged]
    for tags, marg in tagger.viterbi_and_marginals([list(s.tokens) for s in sents[:5]]):
        assert all(t[:2] not in ("S-", "E-") for t in tags)
        assert all(abs(sum(row) - 1.0) < 1e-6 for row in marg)


@pytest.mark.skipif(not (SHARED / "gate-arabic-gazetteer").exists(), reason="no ../shared")
def test_gazetteer_from_gate_lists() -> None:
    gaz = build_gazetteer(SHARED / "gate-arabic-gazetteer")
    feats = gaz(["زار", "الرئيس", "مدينة", "القاهرة"])  # zāra al-raʾīs madīnat al-qāhira
    assert any("LOC" in f for f in feats[3])
    assert any("TITLE" in f for f in feats[1])


@pytest.mark.skipif(not (SHARED / "anercorp" / "train.txt").exists(), reason="no ../shared")
def test_train_small_ensemble(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from marsad.ner.ensemble import EnsembleTagger
    from marsad.ner.neural_train import WEIGHTS, NeuralParams, train_neural

    sents = read_conll(SHARED / "anercorp" / "train.txt")[:120]
    corpus = tmp_path / "small.txt"
    write_conll(corpus, [s.tokens for s in sents], [s.tags for s in sents])
    out = tmp_path / "m"
    train_ner([corpus], out, gate_dir=SHARED / "gate-arabic-gazetteer", params=CRFParams(max_iterations=15),
              use_kb=False)
    words = sorted({t for s in sents for t in s.tokens})
    rng = np.random.default_rng(0)
    vectors = tmp_path / "vectors.npz"
    np.savez_compressed(vectors, words=np.array(words), vectors=rng.normal(size=(len(words), 8)).astype(np.float16))
    params = NeuralParams(proj=8, char_dim=6, char_out=8, feat_dim=8, hidden=6, epochs=1)
    meta = train_neural([corpus], out, vectors=vectors, folds=2, params=params, dev=[corpus])
    cv = meta["ensemble_cv"]
    assert cv["best"] in cv["variants"] and len(cv["variants"]) == 2 * len(WEIGHTS)
    assert meta["kind"] == "crf"  # the CRF stays the default
    assert meta["ensemble"]["neural_weight"] in WEIGHTS
    tagger = load_tagger(out, kind="ensemble")
    assert isinstance(tagger, EnsembleTagger)
    assert [len(t) for t in tagger.tag([list(s.tokens) for s in sents[:3]])] == [len(s.tokens) for s in sents[:3]]
    assert isinstance(load_tagger(out), CRFTagger)


def test_ensemble_needs_training(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text('{"kind": "crf"}', encoding="utf-8")
    with pytest.raises(ResourceError, match="--vectors"):
        load_tagger(tmp_path, kind="ensemble")
