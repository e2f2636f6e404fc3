"""Running the analyser over a corpus and scoring it against gold."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.errors import InputError
from marsad.eval.gold import GoldDoc, iter_jsonl, load_gold
from marsad.eval.score import LAYERS, LayerScore, score_records
from marsad.pipeline import Pipeline


@dataclass
class EvalReport:
    scores: dict[str, LayerScore]
    documents: int
    seconds: float
    failures: list[tuple[str, str]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents, "seconds": round(self.seconds, 3),
            "failures": [{"id": i, "reason": r} for i, r in self.failures],
            "layers": {k: v.to_dict() for k, v in self.scores.items()},
        }

    def measure(self, layer: str, name: str) -> float:
        """One figure of a layer: "precision", "recall", "f1" or an accuracy such as "speaker"."""
        sc = self.scores[layer]
        if name in ("precision", "recall", "f1"):
            return float(getattr(sc.counts, name))
        return float(sc.ratio(name))

    def summary_rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """(layer, type, precision, recall, F1, extra) rows for a table."""
        rows = []
        for layer, sc in self.scores.items():
            extra = ", ".join(f"{k} {sc.ratio(k):.3f} ({v[0]}/{v[1]})" for k, v in sorted(sc.extra.items()))
            c = sc.counts
            rows.append((layer, "all", f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", extra))
            for t, tc in sorted(sc.by_type.items()):
                rows.append((layer, t, f"{tc.precision:.3f}", f"{tc.recall:.3f}", f"{tc.f1:.3f}",
                             f"tp {tc.tp} fp {tc.fp} fn {tc.fn}"))
        return rows


def read_corpus(path: str | os.PathLike[str], ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Corpus records (input records or analysis records) by id."""
    wanted = set(ids) if ids is not None else None
    out: dict[str, dict[str, Any]] = {}
    for rec in iter_jsonl(path, "corpus"):
        rid = str(rec.get("id") or (rec.get("article") or {}).get("id"))
        if wanted is None or rid in wanted:
            out[rid] = rec
    return out


def evaluate(
    gold_paths: Sequence[str | os.PathLike[str]],
    corpus_path: str | os.PathLike[str],
    *,
    layers: Sequence[str] = LAYERS,
    pipeline: Pipeline | None = None,
) -> EvalReport:
    """Analyse the corpus articles that have gold and score them.

    Corpus lines that already are analysis records (`"schema": "marsad.analysis/1"`) are
    scored as they are; input records are analysed first.
    """
    from marsad.api.python import load_pipeline
    from marsad.ingest.reader import document_from_record

    for layer in layers:
        if layer not in LAYERS:
            raise InputError(f"unknown layer {layer!r}; layers are {', '.join(LAYERS)}")
    gold: dict[str, GoldDoc] = load_gold(gold_paths)
    corpus = read_corpus(corpus_path, gold)
    records: dict[str, dict[str, Any]] = {}
    raw: dict[str, str] = {}
    failures: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    nlp = None
    for rid, rec in corpus.items():
        if rec.get("schema"):
            records[rid] = rec
            continue
        nlp = nlp or pipeline or load_pipeline()
        try:
            doc = nlp(document_from_record(rec, source=rid))
        except InputError as exc:
            failures.append((rid, exc.reason))
            continue
        records[rid] = doc.to_dict()
        raw[rid] = rec["text"]
    seconds = time.perf_counter() - t0
    scores = score_records(gold, records, raw_texts=raw, layers=layers)
    return EvalReport(scores, len(records), seconds, failures)
