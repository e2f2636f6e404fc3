"""What a second (stacked) CRF pass would cost the bundled tagger, in tokens per CPU-second.

    PYTHONPATH=src:scripts nice -n 10 .venv/bin/python scripts/ner_stack_speed.py

Tags ANERcorp in pseudo-documents of 20 sentences with the bundled model two ways: the
shipped `tag()` (features, one CRF pass, consistency), and the same with a second CRF pass
over the same features plus the document-scope stage-2 attributes of `scripts/ner_stack.py`
(the bundled model stands in for a stage-2 model: same size, same attribute pruning). The
two are timed in alternation, best of `--repeat`, with cold word caches (a fresh tagger).
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ner_stack import stack_features

from marsad.ner.conll import from_bioes, read_conll
from marsad.ner.tagger import CRFTagger, propagate
from marsad.ner.train import _documents

log = logging.getLogger("ner_stack_speed")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _shipped(tagger: CRFTagger, docs: Sequence[list[list[str]]]) -> None:
    for d in docs:
        tagger.tag(d)


def _stacked(tagger: CRFTagger, docs: Sequence[list[list[str]]]) -> None:
    tg = tagger.tagger
    scopes = frozenset({"doc"})
    for d in docs:
        feats = tagger._features(d)
        first = [from_bioes(tg.tag(f)) if f else [] for f in feats]
        extra = stack_features(d, first, tagger.stem, scopes)
        second = [from_bioes(tg.tag([[*a, *b] if b else a for a, b in zip(f, e, strict=True)])) if f else []
                  for f, e in zip(feats, extra, strict=True)]
        propagate(d, second, key=tagger.stem)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    sents = read_conll(SHARED / "anercorp" / "train.txt")[: args.sentences]
    docs = [[list(sents[i].tokens) for i in r] for r in _documents(len(sents), 20)]
    ntok = sum(len(s.tokens) for s in sents)
    ways: dict[str, Callable[[CRFTagger, Sequence[list[list[str]]]], None]] = {
        "shipped": _shipped, "stacked": _stacked}
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for name, fn in ways.items():
            tagger = CRFTagger.load()
            t0 = time.process_time()
            fn(tagger, docs)
            best[name] = min(best.get(name, float("inf")), time.process_time() - t0)
    for name, sec in best.items():
        log.info("%-8s %.0f tokens/CPU-s (%d tokens, best of %d)", name, ntok / sec, ntok, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
