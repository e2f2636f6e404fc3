"""The Spark job on local[2] gives exactly the records `marsad analyze` gives."""

from __future__ import annotations

import glob
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")
pytestmark = [pytest.mark.spark]

ARTICLES = [
    {"id": "s1", "published": "2019-03-19", "title": "تهديد",
     "text": "هدد تنظيم داعش نيوزيلندا أمس الإثنين، وقال المتحدث باسمه أبو الحسن المهاجر: \"لنا وقفة مع نيوزيلندا\"."},
    {"id": "s2", "published": "2019-04-02",
     "text": "أعلنت وزارة الدفاع الروسية أن طائراتها قصفت مواقع لهيئة تحرير الشام في إدلب شمال غربي سوريا."},
    {"id": "s3", "published": None,
     "text": "دعا الأمين العام للأمم المتحدة إلى وقف إطلاق النار في اليمن، مؤكدا أن المدنيين يدفعون الثمن."},
    {"id": "s4", "published": "2018-07-01", "text": "   "},
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None:
        pytest.skip("Java is not installed")
    from marsad.scale.spark import session

    sess = session("local[2]", "marsad-test")
    yield sess
    sess.stop()


def _write_input(tmp_path: Path) -> Path:
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", encoding="utf-8")
    return p


def test_spark_jsonl_equals_analyze(spark: Any, tmp_path: Path) -> None:
    import marsad
    from marsad.ingest.reader import document_from_record
    from marsad.scale.spark import run

    src = _write_input(tmp_path)
    out = tmp_path / "out"
    counts = run(spark, str(src), str(out), "jsonl")
    assert counts == {"records": 3, "failures": 1}
    got = {}
    for f in glob.glob(str(out / "records" / "part-*")):
        for line in Path(f).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            got[rec["article"]["id"]] = rec
    nlp = marsad.load_pipeline()
    for a in ARTICLES[:3]:
        expected = nlp(document_from_record(a)).to_dict()
        assert got[a["id"]] == expected
    fails = [json.loads(x) for f in glob.glob(str(out / "failures" / "part-*"))
             for x in Path(f).read_text(encoding="utf-8").splitlines()]
    assert fails[0]["failure"]["source"] == "s4"


def test_spark_parquet_tables_partitioned_by_day(spark: Any, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from marsad.scale.spark import run

    src = _write_input(tmp_path)
    out = tmp_path / "pq"
    counts = run(spark, str(src), str(out), "parquet")
    assert counts["articles"] == 3 and counts["failures"] == 1
    assert (out / "articles" / "published_day=2019-03-19").is_dir()
    assert (out / "articles" / "published_day=unknown").is_dir()
    arts = pq.read_table(out / "articles").to_pylist()
    assert {a["doc_id"] for a in arts} == {"s1", "s2", "s3"}
    for table in ("entities", "quotes", "events", "places"):
        assert (out / table).exists() or counts[table] == 0
