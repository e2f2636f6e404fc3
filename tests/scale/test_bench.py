"""The bench's measurement plumbing (not its figures: those live in `make bench`)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from marsad.scale.bench import run_child, warmup_texts

ARTICLES = [
    {"id": "a1", "text": "قال المتحدث باسم الجيش العراقي إن القوات استعادت السيطرة على قرية شمال الموصل."},
    {"id": "a2", "text": "التقى وزير الخارجية الأردني نظيره المصري في عمان أمس الأحد.\nوبحث الجانبان الأوضاع."},
]


def test_warmup_texts_leave_out_the_measured_articles(tmp_path: Path) -> None:
    bodies = tmp_path / "bodies.txt.gz"
    with gzip.open(bodies, "wt", encoding="utf-8") as fh:
        fh.write(ARTICLES[1]["text"].replace("\n", " ") + "\n")  # the same article, one line
        fh.write("\n")
        fh.write("أعلنت الحكومة اللبنانية خطة جديدة للكهرباء.\n")
        fh.write("وصل الرئيس التونسي إلى الجزائر في زيارة رسمية.\n")
    assert warmup_texts(bodies, 5, ARTICLES) == [
        "أعلنت الحكومة اللبنانية خطة جديدة للكهرباء.",
        "وصل الرئيس التونسي إلى الجزائر في زيارة رسمية.",
    ]
    assert len(warmup_texts(bodies, 1, ARTICLES)) == 1


def test_a_run_in_a_fresh_process_reports_its_rates(tmp_path: Path) -> None:
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    warm = tmp_path / "warm.txt"
    warm.write_text("أعلنت الحكومة اللبنانية خطة جديدة للكهرباء.\n", encoding="utf-8")
    out = run_child(corpus, 1, warm, 1)
    assert out["workers"] == 1
    assert out["articles"] == 2
    assert out["articles_per_second"] > 0 and out["cpu_seconds"] > 0


def test_median_run_reports_the_middle_of_fresh_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.scale.bench as bench

    rates = iter([90.0, 110.0, 100.0])
    monkeypatch.setattr(bench, "run_child", lambda *a: {"articles_per_second": next(rates), "workers": 2})
    out = bench.median_run(tmp_path / "x.jsonl", 2, None, 0, 3)
    assert out["articles_per_second"] == 100.0
    assert out["runs_articles_per_second"] == [90.0, 100.0, 110.0]
