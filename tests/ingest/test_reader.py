from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.errors import InputError
from marsad.ingest import ReadFailure, document_from_record, from_string, read_path
from marsad.ingest.boilerplate import clean_body
from marsad.ingest.text import TextHeader, read_header
from tests.conftest import SHARED, need_shared


def test_seed_header_related_and_body(seed_text: str) -> None:
    doc = from_string(seed_text, published="2019-03-19")
    assert doc.article.outlet == "الترا عراق"
    assert doc.article.byline == "فريق التحرير"
    titles = [r.title for r in doc.related]
    assert titles == [
        'وجبة جديدة من عناصر "داعش" إلى العراق.. أين البغدادي؟',
        'بينهم أحد منفذي "سبايكر".. القصّة الكاملة لصفقة تسليم عناصر داعش من مصدر خاص',
    ]
    for t in titles:
        assert t not in doc.text
    assert "اقرأ" not in doc.text
    assert "الترا عراق" not in doc.text
    assert doc.text.startswith('وجه تنظيم "داعش"')


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("الترا عراق – فريق التحرير", TextHeader("الترا عراق", "فريق التحرير")),
        ("عنب بلدي - خاص", TextHeader("عنب بلدي", "خاص")),
        ("قال الوزير إن الهجوم - وهو الأول - كان عنيفا.", None),
        ("وجه تنظيم داعش رسائل إلى مقاتليه في معقله الأخير بالباغوز", None),
    ],
)
def test_read_header(line: str, expected: TextHeader | None) -> None:
    assert read_header(line) == expected


@pytest.mark.parametrize(
    "marker",
    ["اقرأ أيضا:", "اقرأ/ي أيضًا:", "اقرأ المزيد:", "شاهد أيضا:", "إقرأ أيضاً:", "للمزيد:", "اقرأ أيضا"],
)
def test_read_also_boxes_become_related(marker: str) -> None:
    body = f"فقرة أولى من الخبر.\n{marker} عنوان خبر آخر\nفقرة ثانية."
    clean = clean_body(body)
    assert [r.title for r in clean.related] == ["عنوان خبر آخر"]
    assert clean.text == "فقرة أولى من الخبر.\nفقرة ثانية."


def test_read_also_title_on_next_line() -> None:
    clean = clean_body("فقرة.\nاقرأ أيضا:\nعنوان على سطر\nفقرة ثانية طويلة من النص.")
    assert [r.title for r in clean.related] == ["عنوان على سطر"]
    assert "فقرة ثانية" in clean.text


@pytest.mark.parametrize(
    "line", ["تابعونا على تويتر", "جميع الحقوق محفوظة © 2019", "Copyright 2019 Reuters", "شارك هذا المقال"],
)
def test_share_follow_copyright_lines_are_dropped(line: str) -> None:
    clean = clean_body(f"خبر.\n{line}\nتتمة.")
    assert clean.text == "خبر.\nتتمة."


def test_body_sentence_starting_like_a_marker_is_kept() -> None:
    long = "للمزيد من المعلومات حول الهجوم الذي وقع أمس في المدينة " * 5
    assert clean_body(long).text == long.rstrip()


def test_html_page_body_title_and_date() -> None:
    page = SHARED / "data/news-html/cnn-arabic_2013-08-03_syria-clashes.html"
    need_shared(page)
    doc = from_string(page.read_text(encoding="utf-8", errors="replace"))
    assert doc.article.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    assert doc.article.published == "2013-08-03"
    assert "المرصد السوري لحقوق الإنسان" in doc.text
    assert "<" not in doc.text


def test_html_without_body_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article body"):
        from_string("<html><head><title>x</title></head><body><nav><a href='/'>الرئيسية</a></nav></body></html>")


def test_json_record() -> None:
    doc = document_from_record(
        {"id": "r1", "title": "عنوان", "text": "نص الخبر.", "published": "Mon, 19 Feb 2018 00:16:11 +0400",
         "url": "http://x", "source": "BBC Arabic"}
    )
    assert doc.article.id == "r1"
    assert doc.article.outlet == "BBC Arabic"
    assert doc.article.published == "2018-02-19T00:16:11+04:00"


def test_jsonl_bad_lines_are_failures_and_rest_goes_on(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text(
        json.dumps({"id": "a", "text": "خبر أول."}, ensure_ascii=False) + "\n{not json\n"
        + json.dumps({"id": "b"}) + "\n" + json.dumps({"id": "c", "text": "خبر ثالث."}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    items = list(read_path(p))
    assert [i.article.id for i in items if not isinstance(i, ReadFailure)] == ["a", "c"]
    fails = [i for i in items if isinstance(i, ReadFailure)]
    assert [f.source for f in fails] == [f"{p}:2", f"{p}:3"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n ", "empty"),
        (b"\x00\x01\x02\x03binary\x00", "binary"),
        (b"\xff\xfe\xfa\xc3\x28 not utf8 \xa0\xa1", "not valid UTF-8"),
    ],
)
def test_bad_files_are_failures(tmp_path: Path, content: bytes, reason: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    (item,) = list(read_path(p))
    assert isinstance(item, ReadFailure)
    assert reason in item.reason


def test_missing_directory_and_oversize(tmp_path: Path) -> None:
    (miss,) = list(read_path(tmp_path / "nope.txt"))
    assert isinstance(miss, ReadFailure) and "no such file" in miss.reason
    (d,) = list(read_path(tmp_path))
    assert isinstance(d, ReadFailure) and "directory" in d.reason
    big = tmp_path / "big.txt"
    big.write_text("خبر. " * 100, encoding="utf-8")
    (b,) = list(read_path(big, max_bytes=100))
    assert isinstance(b, ReadFailure) and "limit" in b.reason


def test_large_jsonl_streams_with_a_per_record_limit(tmp_path: Path) -> None:
    p = tmp_path / "corpus.jsonl"
    rec = {"id": "x", "text": "قال المتحدث إن الهجوم فشل. " * 20}
    big = {"id": "big", "text": "خبر " * 200}
    lines = [json.dumps({**rec, "id": f"a{i}"}, ensure_ascii=False) for i in range(30)]
    lines.insert(10, json.dumps(big, ensure_ascii=False))
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    limit = 1000  # the file is ~30 KB: over the limit as a whole, each record under it but one
    items = list(read_path(p, max_bytes=limit))
    docs = [i for i in items if not isinstance(i, ReadFailure)]
    fails = [i for i in items if isinstance(i, ReadFailure)]
    assert len(docs) == 30 and [d.article.id for d in docs][:2] == ["a0", "a1"]
    assert len(fails) == 1 and fails[0].source == f"{p}:11" and "limit" in fails[0].reason
