"""Entity F1 of the entity stage on dev gold (temporary; the shared harness is `marsad.eval`).

    PYTHONPATH=src .venv/bin/python scripts/eval_entities.py [--kb DIR] [--ner DIR] [--no-ner]
        [--errors] [--doc ID]

Scores with `marsad.eval.score_records` (GUIDELINES.md: same type and overlapping surface
form, one-to-one), per type, lists the errors, and times the stage alone.
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import Any

from marsad.eval import load_gold, read_corpus, score_records
from marsad.ingest.reader import document_from_record
from marsad.pipeline import Pipeline
from marsad.stages.entities import EntityStage
from marsad.stages.sentences import SentenceStage

log = logging.getLogger("eval_entities")
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kb", help="knowledge-base directory (default: bundled)")
    ap.add_argument("--ner", help="NER model directory (default: bundled)")
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--no-kb", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list every error")
    ap.add_argument("--doc", help="only this article id")
    ap.add_argument("--show", action="store_true", help="print the system entities")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    kb: Any = None
    if not args.no_kb:
        from marsad.kb.base import KnowledgeBase

        kb = KnowledgeBase.load(args.kb)
    from marsad.ner.resources import load_vocabulary

    tagger: Any = None
    vocab = load_vocabulary()
    if not args.no_ner:
        from marsad.ner.tagger import load_tagger

        tagger = load_tagger(args.ner)
    t0 = time.perf_counter()
    stage = EntityStage(kb, tagger, vocabulary=vocab)
    log.info("stage built in %.2f s", time.perf_counter() - t0)
    nlp = Pipeline([SentenceStage(), stage])

    gold_paths = [SHARED / "gold" / "dev-gold-part1.jsonl", SHARED / "gold" / "dev-gold-part2.jsonl"]
    gold = load_gold(gold_paths)
    if args.doc:
        gold = {k: v for k, v in gold.items() if k == args.doc}
    corpus = read_corpus(SHARED / "data" / "news-dev" / "articles.jsonl", gold)
    records: dict[str, dict[str, Any]] = {}
    raw: dict[str, str] = {}
    docs = {rid: SentenceStage()(document_from_record(rec, source=rid)) for rid, rec in corpus.items()}
    t0 = time.perf_counter()
    for rid, doc in docs.items():
        records[rid] = stage(doc).to_dict()
        raw[rid] = corpus[rid]["text"]
    dt = time.perf_counter() - t0
    chars = sum(len(d.text) for d in docs.values())
    log.info("entity stage: %d articles in %.2f s (%.1f ms/article, %d chars)",
             len(docs), dt, 1000 * dt / max(1, len(docs)), chars)
    del nlp
    sc = score_records(gold, records, raw_texts=raw, layers=["entities"])["entities"]
    c = sc.counts
    print(f"entities  P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  "
          f"(tp {c.tp} fp {c.fp} fn {c.fn})")
    for t, tc in sorted(sc.by_type.items()):
        print(f"  {t:5s} P {tc.precision:.3f}  R {tc.recall:.3f}  F1 {tc.f1:.3f}  "
              f"(tp {tc.tp} fp {tc.fp} fn {tc.fn})")
    if args.errors:
        for err in sorted(sc.errors, key=lambda e: (e["kind"], e["type"], e["doc"])):
            print(f"{err['kind']:8s} {err['type']:5s} {err['text']}   [{err['doc']}]")
    if args.show:
        for rid, rec in records.items():
            print("==", rid)
            for e in rec["entities"]:
                print(f"  {e['id']:4s} {e['type']:5s} {e['name']} | {e['kb_id']} {e['link_reason']}"
                      f" | {[m['text'] for m in e['mentions']]}")


if __name__ == "__main__":
    main()
