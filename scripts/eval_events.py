"""Score the events stage on dev gold (temporary, until `marsad.eval` runs the full pipeline).

    PYTHONPATH=src .venv/bin/python scripts/eval_events.py [--layers oracle|pipeline]
        [--errors] [--show ID] [--type T]

`--layers oracle` (default) builds the entities, quotes, times and places layers from the
gold annotations (a component measurement of the events stage alone); `--layers pipeline`
runs every stage the registry has before events (end to end). Scoring is
`marsad.eval.score.score_records` (GUIDELINES.md: same type and a shared actor or target).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from marsad.document import Document, Entity, Place, Quote, SpeakerRef, Time
from marsad.eval.gold import GoldDoc, load_gold
from marsad.eval.score import _Placer, score_records
from marsad.ingest.reader import document_from_record
from marsad.stages.events import EventStage
from marsad.stages.sentences import SentenceStage

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
GOLD = [SHARED / "gold" / "dev-gold-part1.jsonl", SHARED / "gold" / "dev-gold-part2.jsonl"]
CORPUS = SHARED / "data" / "news-dev" / "articles.jsonl"
_CLITICS = "(?:و|ف|ب|ل|ك|لل|وب|ول|وال|بال|فال|كال)?"


def oracle_entities(doc: Document, g: GoldDoc) -> tuple[Entity, ...]:
    out = []
    taken: set[tuple[int, int]] = set()
    for n, e in enumerate(g.entities, 1):
        forms = sorted({e["text"], *e.get("aliases", [])}, key=len, reverse=True)
        spans = []
        for f in forms:
            for m in re.finditer(rf"(?<![\w]){_CLITICS}({re.escape(f)})(?![\w])", doc.text):
                sp = (m.start(1), m.end(1))
                if not any(a < sp[1] and sp[0] < b for a, b in taken):
                    taken.add(sp)
                    spans.append(doc.span(*sp))
        if spans:
            out.append(Entity(f"e{n}", e["type"], e["text"], tuple(sorted(spans, key=lambda s: s.start)),
                              name_en=e.get("name_en")))
    return tuple(out)


def _entity_for(ents: tuple[Entity, ...], s: str) -> Entity | None:
    for e in ents:
        if s and (s == e.name or any(s == m.text for m in e.mentions)):
            return e
    for e in ents:
        if s and (s in e.name or e.name in s):
            return e
    return None


def _nearest(placer: _Placer, s: str, pos: int, occ: int | None) -> tuple[int, int] | None:
    if occ:
        return placer.place(s, occ)
    hits = placer.all(s)
    return min(hits, key=lambda h: abs(h[0] - pos)) if hits else None


def oracle_quotes(doc: Document, g: GoldDoc, placer: _Placer, ents: tuple[Entity, ...]) -> tuple[Quote, ...]:
    out = []
    for n, q in enumerate(g.quotes, 1):
        sp = placer.place(q["text"], q.get("occurrence", 1))
        if sp is None:
            continue
        cue = _nearest(placer, q.get("cue") or "", sp[0], q.get("cue_occurrence"))
        spk = _nearest(placer, q.get("speaker") or "", cue[0] if cue else sp[0], q.get("speaker_occurrence"))
        ent = _entity_for(ents, q.get("speaker_name") or "") or _entity_for(ents, q.get("speaker") or "")
        out.append(Quote(
            f"q{n}", q.get("kind", "indirect"), sp[0], sp[1], doc.text[sp[0]:sp[1]],
            cue=doc.span(*cue) if cue else None,
            speaker=SpeakerRef(ent.id if ent else None, spk[0], spk[1], doc.text[spk[0]:spk[1]]) if spk else None,
            addressee=None,
        ))
    return tuple(out)


def oracle_times(doc: Document, g: GoldDoc, placer: _Placer) -> tuple[Time, ...]:
    out = []
    for t in g.times:
        sp = placer.place(t["text"], t.get("occurrence", 1))
        if sp:
            out.append(Time(sp[0], sp[1], doc.text[sp[0]:sp[1]], t.get("value")))
    return tuple(sorted(out, key=lambda t: t.start))


def oracle_places(doc: Document, g: GoldDoc, placer: _Placer, ents: tuple[Entity, ...]) -> tuple[Place, ...]:
    groups: dict[str, list[tuple[dict[str, Any], tuple[int, int]]]] = defaultdict(list)
    for p in g.places:
        sp = placer.place(p["text"], p.get("occurrence", 1))
        if sp:
            groups[p.get("name_en") or p["text"]].append((p, sp))
    out = []
    for items in groups.values():
        p0 = items[0][0]
        ent = None
        for e in ents:
            if any(m.start < items[0][1][1] and items[0][1][0] < m.end for m in e.mentions):
                ent = e
        out.append(Place(ent.id if ent else None, p0.get("kind") or "city",
                         tuple(doc.span(*sp) for _, sp in items), name_en=p0.get("name_en"),
                         lat=p0.get("lat"), lon=p0.get("lon"), country=p0.get("country")))
    return tuple(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", choices=["oracle", "pipeline", "none"], default="oracle")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--show")
    ap.add_argument("--type")
    args = ap.parse_args()
    gold = load_gold(GOLD)
    corpus = {}
    for line in CORPUS.open(encoding="utf-8"):
        rec = json.loads(line)
        corpus[rec["id"]] = rec
    stage = EventStage()
    pipe = None
    if args.layers == "pipeline":
        from marsad.registry import DEFAULT_STAGES, build_pipeline

        names = [n for n in DEFAULT_STAGES if not n.startswith("events")]
        pipe = list(build_pipeline(names).stages)
        print("stages:", names)
    sent = SentenceStage()
    records, raw = {}, {}
    t_events = 0.0
    for rid, g in gold.items():
        rec = corpus[rid]
        doc = sent(document_from_record(rec, source=rid))
        if args.layers == "oracle":
            placer = _Placer(rec["text"], doc.text)
            ents = oracle_entities(doc, g)
            doc = doc.with_layers(entities=ents, quotes=oracle_quotes(doc, g, placer, ents),
                                  times=oracle_times(doc, g, placer),
                                  places=oracle_places(doc, g, placer, ents))
        elif pipe is not None:
            for st in pipe:
                doc = st(doc)
        t0 = time.perf_counter()
        doc = stage(doc)
        t_events += time.perf_counter() - t0
        records[rid] = doc.to_dict()
        raw[rid] = rec["text"]
        if args.show == rid:
            for v in doc.events:
                print(v.type, v.mode, v.context, v.trigger.text, "| A:", [r.text for r in v.actor],
                      "T:", [r.text for r in v.target], "| P:", v.place.text if v.place else None,
                      "| D:", v.date, v.status, v.quote, v.confidence)
            for e in g.events:
                print("GOLD", json.dumps(e, ensure_ascii=False))
    score = score_records(gold, records, raw_texts=raw, layers=["events"])["events"]
    c = score.counts
    print(f"events ({args.layers}): P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f} "
          f"(tp {c.tp} fp {c.fp} fn {c.fn}); events stage {t_events:.3f}s for {len(records)} docs")
    for kind, tc in sorted(score.by_type.items()):
        print(f"  {kind:9s} P {tc.precision:.3f} R {tc.recall:.3f} F1 {tc.f1:.3f} (tp {tc.tp} fp {tc.fp} fn {tc.fn})")
    print("errors:", dict(Counter(e["kind"] for e in score.errors)))
    if args.errors:
        for e in score.errors:
            if not args.type or e["type"] == args.type:
                print(json.dumps(e, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
