"""Self-training lexicon (experiment): tag unlabelled news with a trained CRF and count, per
clitic-stripped stem, how often the tagger calls it a PER, LOC, ORG or MISC.

    PYTHONPATH=src nice .venv/bin/python scripts/ner_lexicon.py --model /tmp/m.crfsuite \\
        --out /tmp/lexicon.tsv --every 5

For an honest cross-validation the model must be one trained without the test fold. Writes
``stem<TAB>total<TAB>PER<TAB>LOC<TAB>ORG<TAB>MISC`` rows (stems seen at least `--min-count`
times and tagged as a name at least once); the corpus text itself is never written.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import time
from collections import Counter
from pathlib import Path

from marsad.arabic.tokenize import TOKEN_RE

log = logging.getLogger("ner_lexicon")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
TYPES = ("PER", "LOC", "ORG", "MISC")
_ENDS = frozenset({".", "!", "?", "؟"})
_MAX_SENT = 60


def _sentences(line: str) -> list[list[str]]:
    out: list[list[str]] = []
    cur: list[str] = []
    for m in TOKEN_RE.finditer(line):
        tok = m.group()
        cur.append(tok)
        if tok in _ENDS or len(cur) >= _MAX_SENT:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--every", type=int, default=5, help="tag every n-th article")
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    import pycrfsuite
    from ner_experiment import ExpConfig, build_extractors

    from marsad.kb import KnowledgeBase
    from marsad.ner.conll import spans
    from marsad.ner.tagger import CRFTagger

    _, ex = build_extractors(ExpConfig(), [], KnowledgeBase.load(), SHARED)
    tg = pycrfsuite.Tagger()
    tg.open(args.model)
    tagger = CRFTagger(tg, ex, True, False)
    total: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    ntok = 0
    t0 = time.perf_counter()
    with gzip.open(SHARED / "unlabeled-ant" / "ant-2018-bodies.txt.gz", "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n % args.every:
                continue
            sents = _sentences(line)
            if not sents:
                continue
            tags = tagger.tag(sents)
            for toks, ts in zip(sents, tags, strict=True):
                stems = [ex.word(t).stem for t in toks]
                total.update(stems)
                ntok += len(toks)
                for kind, s, e in spans(ts):
                    for i in range(s, e):
                        kinds.setdefault(stems[i], Counter())[kind] += 1
    log.info("tagged %d tokens in %.0f s", ntok, time.perf_counter() - t0)
    rows = [f"{w}\t{total[w]}\t" + "\t".join(str(kinds[w][t]) for t in TYPES)
            for w in sorted(kinds) if total[w] >= args.min_count]
    Path(args.out).write_text("\n".join(rows) + "\n", encoding="utf-8")
    log.info("wrote %d stems", len(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
