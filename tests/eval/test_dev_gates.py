"""End-to-end quality gates: the full default pipeline scored on all dev gold.

Each stage's own test file holds a component gate; these floors hold the integrated
pipeline, run once per session (`dev_report` in conftest). Floors only rise: when a change
lifts a figure, raise its floor in the same commit.
"""

from __future__ import annotations

from typing import Any

import pytest

# (layer, measure) -> floor, measured with `marsad eval` on the 40 dev-gold articles.
FLOORS: dict[tuple[str, str], float] = {
    ("entities", "f1"): 0.89,
    ("quotes", "precision"): 0.98,
    ("quotes", "recall"): 0.92,
    ("quotes", "speaker"): 0.92,
    ("events", "f1"): 0.72,
    ("events", "roles"): 0.80,
    ("times", "recall"): 0.99,
    ("times", "value"): 0.98,
    ("places", "precision"): 0.85,
    ("places", "recall"): 0.90,
    ("places", "accuracy"): 0.95,
}



@pytest.mark.parametrize(("layer", "measure"), sorted(FLOORS))
def test_dev_gold_floor(dev_report: Any, layer: str, measure: str) -> None:
    got = dev_report.measure(layer, measure)
    assert got >= FLOORS[(layer, measure)], f"{layer} {measure} fell to {got:.3f}"


def test_dev_gold_all_articles_analysed(dev_report: Any) -> None:
    assert dev_report.documents == 40 and not dev_report.failures
