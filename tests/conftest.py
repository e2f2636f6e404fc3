"""Shared fixtures: paths to ../shared, the seed article, and the dev-gold analysis run once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# The suite shares two cores with whatever else runs (CI installs, Spark, Chromium): time
# limits on example generation would fail tests for the machine's load, not for a bug.
settings.register_profile("marsad", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("marsad")

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
SEED = SHARED / "seeds" / "000_13e14b1b79b6834b.txt"
DEV_ARTICLES = SHARED / "data" / "news-dev" / "articles.jsonl"
DEV_GOLD = [SHARED / "gold" / "dev-gold-part1.jsonl", SHARED / "gold" / "dev-gold-part2.jsonl"]


def need_shared(*paths: Path) -> None:
    for p in paths:
        if not p.exists():
            pytest.skip(f"{p} not available")


@pytest.fixture(scope="session")
def seed_text() -> str:
    need_shared(SEED)
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_record(seed_text: str) -> dict[str, Any]:
    """The seed article analysed with its publication date, as a contract dict."""
    import marsad

    return marsad.analyze(seed_text, published="2019-03-19", id="seed").to_dict()


@pytest.fixture(scope="session")
def dev_report() -> Any:
    """The default pipeline scored on all dev gold (run once per test session)."""
    need_shared(DEV_ARTICLES, *DEV_GOLD)
    from marsad.eval import evaluate

    return evaluate([str(p) for p in DEV_GOLD], str(DEV_ARTICLES))


@pytest.fixture(scope="session")
def dev_articles() -> list[dict[str, Any]]:
    need_shared(DEV_ARTICLES)
    return [json.loads(line) for line in DEV_ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]
