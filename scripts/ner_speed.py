"""Tagging speed of the bundled NER taggers, in tokens per CPU-second, cold and warm.

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=src .venv/bin/python scripts/ner_speed.py

Tags ANERcorp train in pseudo-documents of 20 sentences (as cross-validation scores them)
with `load_tagger(kind=...)` for each kind: "cold" is a freshly loaded tagger (every word
form new to its caches, as on a first batch of articles), "warm" the same tagger over the
same text again, and "stream" a fresh tagger timed on the second half of the text after
tagging the first half (as on a long stream of news: new text, but caches that have seen
news before). CPU time of this process
only; kinds are measured in alternation, best of `--repeat`. One BLAS thread: the figure is
per core.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from marsad.ner.conll import read_conll
from marsad.ner.tagger import load_tagger
from marsad.ner.train import _documents

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=SHARED / "anercorp" / "train.txt")
    ap.add_argument("--kinds", default="crf,ensemble")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--max-sentences", type=int, default=2000)
    args = ap.parse_args()
    sents = read_conll(args.corpus)[: args.max_sentences]
    docs = [[list(sents[i].tokens) for i in d] for d in _documents(len(sents), 20)]
    ntok = sum(len(s.tokens) for s in sents)
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.repeat):
        for kind in args.kinds.split(","):
            tagger = load_tagger(kind=kind)
            tagger.tag([["تمهيد"]])  # lazily built tables (the KB matcher), not per-word work
            rates = {}
            for phase in ("cold", "warm"):
                t0 = time.process_time()
                for d in docs:
                    tagger.tag(d)
                rates[phase] = ntok / max(time.process_time() - t0, 1e-9)
            tagger = load_tagger(kind=kind)
            half = len(docs) // 2
            for d in docs[:half]:
                tagger.tag(d)
            t0 = time.process_time()
            for d in docs[half:]:
                tagger.tag(d)
            ntail = sum(len(s) for d in docs[half:] for s in d)
            rates["stream"] = ntail / max(time.process_time() - t0, 1e-9)
            for phase, r in rates.items():
                best.setdefault(kind, {})[phase] = max(best.get(kind, {}).get(phase, 0.0), r)
    print(json.dumps({"tokens": ntok, "tokens_per_cpu_s": {k: {p: round(v) for p, v in r.items()}
                                                           for k, r in best.items()}}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
