"""JSON inputs: lists of records, pretty-printed records, records on standard input,
analysis records read back, and metadata of the wrong type."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from marsad.document import Document
from marsad.ingest.reader import ReadFailure, document_from_record, read_path

TEXT = "قال وزير الخارجية إن المفاوضات ستستأنف في جنيف."


def _read(path: Path | str, **kw: Any) -> tuple[list[Document], list[ReadFailure]]:
    items = list(read_path(path, **kw))
    return ([d for d in items if isinstance(d, Document)], [f for f in items if isinstance(f, ReadFailure)])


def test_a_json_list_of_records(tmp_path: Path) -> None:
    p = tmp_path / "batch.json"
    p.write_text(json.dumps([{"id": "a", "text": TEXT}, {"id": "b"}, {"id": "c", "text": TEXT + " ثم غادر."}],
                            ensure_ascii=False), encoding="utf-8")
    docs, fails = _read(p)
    assert [d.article.id for d in docs] == ["a", "c"]
    assert [(f.source, f.reason) for f in fails] == [(f"{p}[2]", "the record has no 'text'")]
    assert "[" not in docs[0].text  # the record's text, not the file's JSON


def test_a_pretty_printed_record(tmp_path: Path) -> None:
    p = tmp_path / "one.json"
    p.write_text('{\n"id": "p1",\n"text": "' + TEXT + '",\n"meta":\n{"x": 1}\n}\n', encoding="utf-8")
    docs, fails = _read(p)
    assert not fails and [d.article.id for d in docs] == ["p1"]


def test_jsonl_content_in_a_json_file(tmp_path: Path) -> None:
    p = tmp_path / "lines.json"
    p.write_text("\n".join(json.dumps({"id": f"l{i}", "text": TEXT}, ensure_ascii=False) for i in range(3)),
                 encoding="utf-8")
    docs, fails = _read(p)
    assert not fails and [d.article.id for d in docs] == ["l0", "l1", "l2"]


@pytest.mark.parametrize("content, reason", [("[]", "no records"), ("plain words", "invalid JSON"),
                                             ('{"id": 1,', "invalid JSON"), ('"a string"', "object")])
def test_bad_json_files(tmp_path: Path, content: str, reason: str) -> None:
    p = tmp_path / "bad.json"
    p.write_text(content, encoding="utf-8")
    docs, fails = _read(p)
    assert not docs and len(fails) == 1 and reason in fails[0].reason


class _Stdin:
    def __init__(self, data: str) -> None:
        self.buffer = io.BytesIO(data.encode("utf-8"))


@pytest.mark.parametrize("data, ids", [
    (json.dumps({"id": "s1", "text": TEXT}, ensure_ascii=False), ["s1"]),
    (json.dumps([{"id": "s1", "text": TEXT}, {"id": "s2", "text": TEXT}], ensure_ascii=False), ["s1", "s2"]),
    ("\n".join(json.dumps({"id": f"s{i}", "text": TEXT}, ensure_ascii=False) for i in range(2)), ["s0", "s1"]),
    ("{" + TEXT + "}", ["stdin"]),  # starts with a brace, is an article
])
def test_records_on_standard_input(monkeypatch: pytest.MonkeyPatch, data: str, ids: list[str]) -> None:
    monkeypatch.setattr("sys.stdin", _Stdin(data))
    docs, fails = _read("-")
    assert not fails and [d.article.id for d in docs] == ids


def test_metadata_of_the_wrong_type_is_coerced_or_dropped() -> None:
    doc = document_from_record({"id": 5, "text": TEXT, "title": 123, "url": ["x"], "source": {"a": 1},
                                "published": "   "})
    art = doc.article
    assert (art.id, art.title, art.url, art.outlet, art.published) == ("5", "123", None, None, None)
    doc = document_from_record({"id": "", "text": TEXT, "title": "  عنوان  "})
    assert doc.article.id.startswith("sha1-") and doc.article.title == "عنوان"


def test_an_analysis_record_read_back_keeps_its_metadata() -> None:
    first = document_from_record({"id": "x1", "text": TEXT, "title": "عنوان", "source": "الجزيرة",
                                  "url": "https://example.org/a", "published": "2019-03-19"})
    again = document_from_record(json.loads(json.dumps(first.to_dict())))
    assert again.article == first.article and again.text == first.text


def test_an_unreadable_published_override_keeps_the_record_date(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "d", "text": TEXT, "published": "2019-03-19"}, ensure_ascii=False),
                 encoding="utf-8")
    assert _read(p, published="junk")[0][0].article.published == "2019-03-19"
    assert _read(p, published="2020-01-02")[0][0].article.published == "2020-01-02"
