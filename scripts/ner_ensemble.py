"""Cross-validated ensemble of the CRF and the BiLSTM-CRF (an experiment, one fold at a time).

    PYTHONPATH=src nice .venv/bin/python scripts/ner_ensemble.py --fold 1 --part crf
    PYTHONPATH=src nice .venv/bin/python scripts/ner_ensemble.py --fold 1 --part nn --vectors V.npz
    PYTHONPATH=src .venv/bin/python scripts/ner_ensemble.py --combine

Each part trains on the other folds of ANERcorp train (contiguous blocks of
`marsad.ner.train.contiguous_folds`) and writes the IOB2 label marginals of the test fold;
``--combine`` mixes the two models' marginals with several weights, decodes them with BIO
constraints and document consistency, and scores each mix. `marsad train ner --vectors`
does the same in one go; this script runs the parts apart, to try network settings
(``--hidden``, ``--context cnn``, ``--epochs``) fold by fold.
"""

from __future__ import annotations

import argparse
import logging
import pickle
import tempfile
import time
from pathlib import Path

import numpy as np

from marsad.ner.conll import NerScores, read_conll
from marsad.ner.neural_train import TAGS
from marsad.ner.train import _documents, _merge, contiguous_folds

log = logging.getLogger("ner_ensemble")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


KB_DIR: Path | None = None  # --kb: another knowledge base than the bundled one


def _extractor():  # type: ignore[no-untyped-def]
    from marsad.ner.tagger import DATA_DIR, build_extractor

    if KB_DIR is not None:
        from marsad.kb import KnowledgeBase
        from marsad.ner.resources import KBGazetteer

        return build_extractor(DATA_DIR, ("gaz", "kb"), extra={"kb": KBGazetteer(KnowledgeBase.load(KB_DIR))})
    return build_extractor(DATA_DIR, ("gaz", "kb"))


def crf_part(train, test, out: Path) -> None:  # type: ignore[no-untyped-def]
    import pycrfsuite

    from marsad.ner.tagger import CRFTagger
    from marsad.ner.train import CRFParams, _train_crf

    ex = _extractor()
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "m"
        _train_crf(ex, train, model, CRFParams(), doc_size=20, doc_features=False, scheme="bioes")
        tg = pycrfsuite.Tagger()
        tg.open(str(model))
        tagger = CRFTagger(tg, ex, False, False, None, "bioes")
        cols = [tagger.labels.index(lab) for lab in TAGS]
        margs = []
        for doc in _documents(len(test), 20):
            for m in tagger.marginals([test[i].tokens for i in doc]):
                margs.append(np.asarray(m, dtype=np.float32).reshape(len(m), -1)[:, cols])
    out.write_bytes(pickle.dumps(margs))


def nn_part(train, test, out: Path, vectors: Path, epochs: int, seed: int, **kw) -> None:  # type: ignore[no-untyped-def]
    from marsad.ner.neural import NeuralNet, NeuralTagger
    from marsad.ner.neural_train import (
        NeuralParams,
        build_encoder,
        load_vectors,
        save_weights,
        train_network,
    )

    ex = _extractor()
    p = NeuralParams(epochs=epochs, seed=seed, **kw)
    words, emb = load_vectors(vectors, p.max_words)
    enc = build_encoder(ex, train, words, p)
    assert tuple(enc.tags) == TAGS
    weights = train_network(enc, emb, train, p)
    save_weights(weights, out.with_suffix(".npz"))
    tagger = NeuralTagger(enc, NeuralNet({k: v.astype(np.float32) for k, v in weights.items()}), False)
    t0 = time.perf_counter()
    margs = []
    for doc in _documents(len(test), 20):  # a tagger call is one document
        margs.extend(m.astype(np.float32) for m in tagger.marginals([test[i].tokens for i in doc]))
    log.info("marginals at %.0f tokens/s", sum(len(s.tokens) for s in test) / (time.perf_counter() - t0))
    out.write_bytes(pickle.dumps(margs))


def combine(out: Path, folds: int) -> None:
    """Score every mix of `marsad.ner.neural_train.WEIGHTS` on the folds that have both parts."""
    from marsad.ner.neural_train import score_mixes

    sents = read_conll(SHARED / "anercorp" / "train.txt")
    ex = _extractor()
    results: dict[str, list[tuple[int, NerScores]]] = {}
    for f, idx in enumerate(contiguous_folds(len(sents), folds)):
        a, b = out / f"crf{f}.pkl", out / f"nn{f}.pkl"
        if not (a.exists() and b.exists()):
            continue
        crf, nn = pickle.loads(a.read_bytes()), pickle.loads(b.read_bytes())
        for name, sc in score_mixes([sents[j] for j in idx], crf, nn, ex, 20).items():
            results.setdefault(name, []).append((f, sc))
    for name, rs in results.items():
        m = _merge([s for _, s in rs])
        per = " ".join(f"{k} {v.f1:.2f}" for k, v in sorted(m.per_type.items()))
        folds_s = " ".join(f"{f}:{s.overall.f1:.2f}" for f, s in rs)
        print(f"{name:10s} F1 {m.overall.f1:.2f} (P {m.overall.precision:.2f} R {m.overall.recall:.2f}) {per} | {folds_s}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--part", choices=("crf", "nn"))
    ap.add_argument("--vectors", type=Path)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--context", default="lstm")
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--dilations", default="1,2,1")
    ap.add_argument("--max-words", type=int, default=40_000)
    ap.add_argument("--kb", type=Path, help="a knowledge-base folder instead of the bundled one")
    ap.add_argument("--out", type=Path, default=Path("/tmp/ner_ensemble"))
    ap.add_argument("--combine", action="store_true")
    args = ap.parse_args()
    global KB_DIR
    KB_DIR = args.kb
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.combine:
        combine(args.out, args.folds)
        return 0
    sents = read_conll(SHARED / "anercorp" / "train.txt")
    idx = contiguous_folds(len(sents), args.folds)[args.fold]
    train = [s for j, s in enumerate(sents) if j not in idx]
    test = [sents[j] for j in idx]
    t0 = time.perf_counter()
    target = args.out / f"{args.part}{args.fold}.pkl"
    if args.part == "crf":
        crf_part(train, test, target)
    else:
        nn_part(train, test, target, args.vectors, args.epochs, args.seed, context=args.context, hidden=args.hidden,
                conv_dilations=tuple(int(x) for x in args.dilations.split(",")), max_words=args.max_words)
    log.info("fold %d %s done in %.0f s", args.fold, args.part, time.perf_counter() - t0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
