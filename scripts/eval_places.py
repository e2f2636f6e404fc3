"""Place recall and accuracy of the places stage on dev gold.

    PYTHONPATH=src .venv/bin/python scripts/eval_places.py [--kb DIR] [--no-entities]
        [--errors] [--doc ID]

Scores with `marsad.eval.score_records` (GUIDELINES.md: a place is found when its mention
overlaps a gold place's text, one-to-one; right when within 25 km of the gold coordinates,
or in the same country for country mentions and unpinned gold places). By default the
entities stage runs first (KB + NER); `--no-entities` measures the KB matches alone.
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import Any

from marsad.eval import load_gold, read_corpus, score_records
from marsad.ingest.reader import document_from_record
from marsad.kb.base import KnowledgeBase
from marsad.pipeline import Pipeline, Stage
from marsad.stages.places import PlaceStage
from marsad.stages.sentences import SentenceStage

log = logging.getLogger("eval_places")
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def build(kb: KnowledgeBase, with_entities: bool) -> Pipeline:
    stages: list[Stage] = [SentenceStage()]
    if with_entities:
        from marsad.ner.resources import load_vocabulary
        from marsad.ner.tagger import load_tagger
        from marsad.stages.entities import EntityStage

        stages.append(EntityStage(kb, load_tagger(), vocabulary=load_vocabulary()))
    stages.append(PlaceStage(kb))
    return Pipeline(stages, available=("text",) if with_entities else ("text", "entities"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kb", help="knowledge-base directory (default: bundled)")
    ap.add_argument("--no-entities", action="store_true", help="KB matches only")
    ap.add_argument("--errors", action="store_true", help="list every error")
    ap.add_argument("--doc", help="only this article id")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    t0 = time.perf_counter()
    kb = KnowledgeBase.load(args.kb)
    log.info("KB: %d entries loaded in %.2f s", len(kb), time.perf_counter() - t0)
    nlp = build(kb, not args.no_entities)

    gold_paths = [SHARED / "gold" / "dev-gold-part1.jsonl", SHARED / "gold" / "dev-gold-part2.jsonl"]
    gold = load_gold(gold_paths)
    if args.doc:
        gold = {k: v for k, v in gold.items() if k == args.doc}
    corpus = read_corpus(SHARED / "data" / "news-dev" / "articles.jsonl", gold)
    records: dict[str, dict[str, Any]] = {}
    raw: dict[str, str] = {}
    stage_time = 0.0
    place_stage = nlp.stages[-1]
    for rid, rec in corpus.items():
        doc = document_from_record(rec, source=rid)
        for st in nlp.stages[:-1]:
            doc = st(doc)
        t1 = time.perf_counter()
        doc = place_stage(doc)
        stage_time += time.perf_counter() - t1
        records[rid] = doc.to_dict()
        raw[rid] = rec["text"]
    sc = score_records(gold, records, raw_texts=raw, layers=["places"])["places"]
    c = sc.counts
    acc = sc.extra.get("accuracy", [0, 0])
    log.info("articles %d  places stage %.1f ms/article", len(records),
             1000 * stage_time / max(1, len(records)))
    log.info("places  recall %.3f (%d/%d)  precision %.3f  F1 %.3f  accuracy %.3f (%d/%d)",
             c.recall, c.tp, c.tp + c.fn, c.precision, c.f1,
             acc[0] / acc[1] if acc[1] else 0.0, acc[0], acc[1])
    if args.errors:
        for err in sc.errors:
            log.info("%s", err)


if __name__ == "__main__":
    main()
