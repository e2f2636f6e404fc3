from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.ingest.sources import iter_sources

PAGE = ("<html><head><title>غارة على الحديدة</title></head><body><article><p>شن التحالف بقيادة السعودية غارات جوية "
        "على مواقع للحوثيين في محافظة الحديدة غربي اليمن، بحسب ما أفادت مصادر محلية، وقالت المصادر إن الغارات "
        "استهدفت مخازن أسلحة.</p></article></body></html>")


def _warc(path: Path, gz: bool) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record("http://example.test/yemen.html", "response",
                                        payload=io.BytesIO(PAGE.encode()), http_headers=headers)
        writer.write_record(rec)
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("http://example.test/a.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG"), http_headers=img))


def test_warc_and_warc_gz(tmp_path: Path) -> None:
    for name, gz in (("a.warc", False), ("a.warc.gz", True)):
        p = tmp_path / name
        _warc(p, gz)
        items = list(iter_sources([str(p)]))
        assert len(items) == 1
        src, doc = items[0]
        assert src == "http://example.test/yemen.html"
        assert "الحديدة" in doc.text  # type: ignore[union-attr]
        assert doc.article.published  # type: ignore[union-attr]
