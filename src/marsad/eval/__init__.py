"""Scoring against gold annotations (GUIDELINES.md) and quality gates."""

from marsad.eval.gold import GoldDoc, load_gold
from marsad.eval.runner import EvalReport, evaluate, read_corpus
from marsad.eval.score import LAYERS, Counts, LayerScore, haversine_km, score_records

__all__ = [
    "LAYERS", "Counts", "EvalReport", "GoldDoc", "LayerScore", "evaluate", "haversine_km",
    "load_gold", "read_corpus", "score_records",
]
