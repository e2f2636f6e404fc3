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


def test_compiled_modules_lists_the_extension_modules_of_a_build(tmp_path: Path) -> None:
    from marsad.scale.bench import compiled_modules

    for rel in ("marsad/__init__.py", "marsad/ner/tagger.cpython-311-x86_64-linux-gnu.so",
                "marsad/ner/tagger.py", "marsad/arabic/normalize.cpython-311-x86_64-linux-gnu.so"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    assert compiled_modules(tmp_path) == ["marsad.arabic.normalize", "marsad.ner.tagger"]


def _args(tmp_path: Path) -> object:
    import argparse

    return argparse.Namespace(compiled=tmp_path, corpus=tmp_path / "a.jsonl", repeat=1, workers=2, warmup=None,
                              warmup_articles=0)


def test_the_bench_refuses_a_folder_without_a_compiled_build(tmp_path: Path) -> None:
    import marsad.scale.bench as bench

    with pytest.raises(SystemExit, match="make compiled"):
        bench.bench_compiled(_args(tmp_path), ARTICLES)  # type: ignore[arg-type]


def test_the_bench_refuses_a_compiled_build_whose_records_differ(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.scale.bench as bench

    (tmp_path / "marsad").mkdir()
    (tmp_path / "marsad" / "x.cpython-311-x86_64-linux-gnu.so").write_text("")
    digests = {None: {"sha256": "a", "package": "/elsewhere/marsad/__init__.py"},
               tmp_path: {"sha256": "b", "package": str(tmp_path / "marsad" / "__init__.py")}}
    monkeypatch.setattr(bench, "output_digest", lambda corpus, build=None: digests[build])
    with pytest.raises(SystemExit, match="differ"):
        bench.bench_compiled(_args(tmp_path), ARTICLES)  # type: ignore[arg-type]
    digests[tmp_path] = {"sha256": "a", "package": "/elsewhere/marsad/__init__.py"}
    with pytest.raises(SystemExit, match="imported marsad from"):
        bench.bench_compiled(_args(tmp_path), ARTICLES)  # type: ignore[arg-type]


def test_output_digest_is_the_same_for_the_same_package(tmp_path: Path) -> None:
    from marsad.scale.bench import output_digest

    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    a, b = output_digest(corpus), output_digest(corpus)
    assert a == b and len(a["sha256"]) == 64
    corpus.write_text(json.dumps(ARTICLES[0], ensure_ascii=False) + "\n", encoding="utf-8")
    assert output_digest(corpus)["sha256"] != a["sha256"]
