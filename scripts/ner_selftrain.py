"""Self-training experiment for the ensemble, one cross-validation fold at a time.

    PYTHONPATH=src nice .venv/bin/python scripts/ner_selftrain.py --fold 1 --vectors V.npz \
        --out DIR --tokens 100000

On the fold's training part: train the CRF and the network, tag unlabelled ANT news with
their ensemble (document consistency on), then retrain the network (and the CRF, with
``--crf``) on the training part plus the machine-tagged sentences. Writes the test fold's
marginals as ``DIR/nn{fold}.pkl`` (``DIR/crf{fold}.pkl``) for ``ner_ensemble.py --combine``.
The unlabelled articles are sampled across the whole ANT corpus (every 80th).
"""

from __future__ import annotations

import argparse
import gzip
import logging
import pickle
import tempfile
import time
from pathlib import Path

import numpy as np

from marsad.arabic.segment import sentences as split_sentences
from marsad.arabic.tokenize import tokenize
from marsad.ner.conll import Sentence, read_conll
from marsad.ner.neural_train import TAGS
from marsad.ner.train import _documents, contiguous_folds

log = logging.getLogger("ner_selftrain")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def unlabelled(limit_tokens: int, skip: int, stride: int = 80) -> list[list[list[str]]]:
    """Articles (lists of tokenised sentences) from the ANT bodies: every `stride`-th from
    the `skip`-th on, so all of the corpus's sections are sampled."""
    docs: list[list[list[str]]] = []
    n = 0
    with gzip.open(SHARED / "unlabeled-ant" / "ant-2018-bodies.txt.gz", "rt", encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k < skip or (k - skip) % stride:
                continue
            text = line.strip()
            if not text:
                continue
            doc = []
            for a, b in split_sentences(text):
                toks = [t.text for t in tokenize(text[a:b])]
                if 4 <= len(toks) <= 80:
                    doc.append(toks)
            if doc:
                docs.append(doc)
                n += sum(len(s) for s in doc)
            if n >= limit_tokens:
                break
    return docs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fold", type=int, required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--vectors", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--tokens", type=int, default=100_000)
    ap.add_argument("--skip", type=int, default=7)
    ap.add_argument("--weight", type=float, default=0.6)
    ap.add_argument("--crf", action="store_true", help="retrain the CRF on the tagged text too")
    ap.add_argument("--entities-only", action="store_true", help="keep tagged sentences with an entity")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    args.out.mkdir(parents=True, exist_ok=True)

    import pycrfsuite

    from marsad.ner.ensemble import EnsembleTagger
    from marsad.ner.neural import NeuralNet, NeuralTagger
    from marsad.ner.neural_train import NeuralParams, build_encoder, load_vectors, train_network
    from marsad.ner.tagger import DATA_DIR, CRFTagger, build_extractor
    from marsad.ner.train import CRFParams, _train_crf

    ex = build_extractor(DATA_DIR, ("gaz", "kb"))
    sents = read_conll(SHARED / "anercorp" / "train.txt")
    idx = contiguous_folds(len(sents), args.folds)[args.fold]
    held = set(idx)
    train = [s for j, s in enumerate(sents) if j not in held]
    test = [sents[j] for j in idx]
    t0 = time.perf_counter()
    p = NeuralParams()
    words, emb = load_vectors(args.vectors, p.max_words)

    def crf_tagger(data: list[Sentence], path: Path) -> CRFTagger:
        _train_crf(ex, data, path, CRFParams(), doc_size=20, doc_features=False, scheme="bioes")
        tg = pycrfsuite.Tagger()
        tg.open(str(path))
        return CRFTagger(tg, ex, False, False, None, "bioes")

    def nn_tagger(data: list[Sentence]) -> NeuralTagger:
        enc = build_encoder(ex, data, words, p)
        w = train_network(enc, emb, data, p)
        return NeuralTagger(enc, NeuralNet({k: v.astype(np.float32) for k, v in w.items()}), False)

    with tempfile.TemporaryDirectory() as tmp:
        crf = crf_tagger(train, Path(tmp) / "crf")
        nn = nn_tagger(train)
        log.info("fold %d: base models in %.0f s", args.fold, time.perf_counter() - t0)
        ens = EnsembleTagger(crf, nn, args.weight, consistency=True)
        pseudo: list[Sentence] = []
        for doc in unlabelled(args.tokens, args.skip):
            for toks, tags in zip(doc, ens.tag(doc), strict=True):
                if args.entities_only and all(t == "O" for t in tags):
                    continue
                pseudo.append(Sentence(tuple(toks), tuple(tags)))
        nent = sum(t.startswith("B-") for s in pseudo for t in s.tags)
        log.info("tagged %d sentences, %d tokens, %d entities", len(pseudo),
                 sum(len(s.tokens) for s in pseudo), nent)
        both = train + pseudo
        nn2 = nn_tagger(both)
        margs = []
        for d in _documents(len(test), 20):
            margs.extend(m.astype(np.float32) for m in nn2.marginals([test[i].tokens for i in d]))
        (args.out / f"nn{args.fold}.pkl").write_bytes(pickle.dumps(margs))
        if args.crf:
            crf2 = crf_tagger(both, Path(tmp) / "crf2")
            cols = [crf2.labels.index(lab) for lab in TAGS]
            cm = []
            for d in _documents(len(test), 20):
                for m in crf2.marginals([test[i].tokens for i in d]):
                    cm.append(np.asarray(m, dtype=np.float32).reshape(len(m), -1)[:, cols])
            (args.out / f"crf2_{args.fold}.pkl").write_bytes(pickle.dumps(cm))
    log.info("fold %d done in %.0f s", args.fold, time.perf_counter() - t0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
