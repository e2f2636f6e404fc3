"""Score the quote stage on dev gold (temporary, until `marsad.eval` runs the full pipeline).

    PYTHONPATH=src .venv/bin/python scripts/eval_quotes.py [--oracle-entities] [--errors]
        [--show ID] [--unlabeled N]

`--real-entities` runs the pipeline's sentences and entities stages first. `--oracle-entities` builds `doc.entities` from the gold entities (every occurrence of each
gold name and alias), standing in for the entities stage; without it the stage runs with no
entities, as it must also do. Scoring is `marsad.eval.score.score_records` (GUIDELINES.md).
`--unlabeled N` prints the quotes found in N news-dev articles that have no gold, for
reading by eye.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from marsad.document import Document, Entity
from marsad.eval.gold import load_gold
from marsad.eval.score import score_records
from marsad.ingest.reader import document_from_record
from marsad.stages.quotes import QuoteStage
from marsad.stages.sentences import SentenceStage

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
GOLD = [SHARED / "gold" / "dev-gold-part1.jsonl", SHARED / "gold" / "dev-gold-part2.jsonl"]
CORPUS = SHARED / "data" / "news-dev" / "articles.jsonl"
_CLITICS = "(?:و|ف|ب|ل|ك|لل|وب|ول|وال|بال|فال|كال)?"


def oracle_entities(doc: Document, gold_entities: list[dict[str, Any]]) -> tuple[Entity, ...]:
    """Entities with every occurrence of each gold surface form as a mention."""
    out = []
    taken: set[tuple[int, int]] = set()
    for n, g in enumerate(gold_entities, 1):
        forms = sorted({g["text"], *g.get("aliases", [])}, key=len, reverse=True)
        spans = []
        for f in forms:
            for m in re.finditer(rf"(?<![\w]){_CLITICS}({re.escape(f)})(?![\w])", doc.text):
                sp = (m.start(1), m.end(1))
                if not any(a < sp[1] and sp[0] < b for a, b in taken):
                    taken.add(sp)
                    spans.append(doc.span(*sp))
        if spans:
            out.append(Entity(f"e{n}", g["type"], g["text"], tuple(sorted(spans, key=lambda s: s.start)),
                              name_en=g.get("name_en")))
    return tuple(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--oracle-entities", action="store_true")
    ap.add_argument("--real-entities", action="store_true", help="run the entities stage first")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--show")
    ap.add_argument("--unlabeled", type=int, default=0)
    args = ap.parse_args()
    gold = load_gold(GOLD)
    corpus = {}
    for line in CORPUS.open(encoding="utf-8"):
        rec = json.loads(line)
        corpus[rec["id"]] = rec
    sent, qs = SentenceStage(), QuoteStage()
    if args.real_entities:
        from marsad.registry import build_pipeline

        sent = build_pipeline(["sentences.v1", "entities.v1"])  # type: ignore[assignment]
    records, raw = {}, {}
    t0 = time.perf_counter()
    for rid, g in gold.items():
        rec = corpus[rid]
        doc = sent(document_from_record(rec, source=rid))
        if args.oracle_entities:
            doc = doc.with_layers(entities=oracle_entities(doc, g.entities))
        doc = qs(doc)
        records[rid] = doc.to_dict()
        raw[rid] = rec["text"]
        if args.show == rid:
            for q in doc.quotes:
                sp = q.speaker.text if q.speaker else None
                print(f"[{q.kind}] cue={q.cue.text if q.cue else None} spk={sp} ent={q.speaker.entity if q.speaker else None}"
                      f" addr={q.addressee} relay={q.relayed_by}\n    {q.text[:200]}")
    dt = time.perf_counter() - t0
    score = score_records(gold, records, raw_texts=raw, layers=["quotes"])["quotes"]
    c = score.counts
    sp_ok, sp_all = score.extra["speaker"]
    print(f"quotes: P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f} (tp {c.tp} fp {c.fp} fn {c.fn}); "
          f"speaker {sp_ok}/{sp_all} = {sp_ok / max(1, sp_all):.3f}; {len(records)} docs in {dt:.2f}s")
    for kind, tc in sorted(score.by_type.items()):
        print(f"  {kind:9s} P {tc.precision:.3f} R {tc.recall:.3f} (tp {tc.tp} fp {tc.fp} fn {tc.fn})")
    kinds = Counter(e["kind"] for e in score.errors)
    print("errors:", dict(kinds))
    if args.errors:
        for e in score.errors:
            print(json.dumps(e, ensure_ascii=False))
    if args.unlabeled:
        shown = 0
        for rid, rec in corpus.items():
            if rid in gold:
                continue
            doc = qs(sent(document_from_record(rec, source=rid)))
            print("=" * 20, rid)
            for q in doc.quotes:
                sp = q.speaker.text if q.speaker else None
                print(f"[{q.kind}] cue={q.cue.text if q.cue else None} spk={sp} | {q.text[:160]}")
            shown += 1
            if shown >= args.unlabeled:
                break
    return 0


if __name__ == "__main__":
    sys.exit(main())
