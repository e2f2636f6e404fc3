"""Feed monitoring against feeds and pages served on 127.0.0.1 by the test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from marsad.ingest.sources import iter_sources
from marsad.store.loader import ingest
from marsad.store.sqlite import Store
from marsad.store.watch import parse_interval, watch_feeds

PAGES = {
    "/news/1.html": "<html><head><title>هجوم في إدلب</title><meta property='article:published_time' content='2019-03-18T10:00:00Z'></head>"
                    "<body><article><h1>هجوم في إدلب</h1><p>قال المرصد السوري لحقوق الإنسان إن طائرات حربية قصفت بلدات في ريف إدلب الجنوبي أمس، "
                    "ما أدى إلى مقتل خمسة مدنيين على الأقل وإصابة آخرين بجروح.</p><p>وأضاف المرصد أن القصف استهدف أحياء سكنية.</p></article></body></html>",
    "/news/2.html": "<html><head><title>اجتماع في عمان</title></head><body><article><p>التقى وزير الخارجية الأردني نظيره العراقي في عمان "
                    "لبحث العلاقات الثنائية والتطورات في المنطقة، وأكد الوزيران أهمية التعاون في مكافحة الإرهاب.</p></article></body></html>",
}


def _rss(items: list[str]) -> str:
    body = "".join(
        f"<item><title>خبر {i}</title><link>{{base}}{p}</link><guid>{p}</guid><pubDate>Mon, 18 Mar 2019 10:00:00 +0000</pubDate></item>"
        for i, p in enumerate(items)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'


class _Server:
    def __init__(self) -> None:
        self.feed_items = ["/news/1.html"]
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/feed.xml":
                    data = _rss(outer.feed_items).replace("{base}", outer.base).encode()
                    ctype = "application/rss+xml"
                elif self.path in PAGES:
                    data, ctype = PAGES[self.path].encode(), "text/html; charset=utf-8"
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server() -> Iterator[_Server]:
    s = _Server()
    yield s
    s.httpd.shutdown()


def test_watch_ingests_new_items_once(server: _Server, tmp_path: Path) -> None:
    store = Store(tmp_path / "w.db")
    feed = server.base + "/feed.xml"
    polls: list[tuple[str, int, int]] = []
    watch_feeds(store, [feed], interval=0.01, rounds=1, on_poll=lambda *a: polls.append(a))
    assert polls == [(feed, 1, 0)]
    server.feed_items.append("/news/2.html")
    watch_feeds(store, [feed], interval=0.01, rounds=2, on_poll=lambda *a: polls.append(a), sleep=lambda s: None)
    assert [p[1] for p in polls[1:]] == [1, 0]
    assert store.count() == 2
    titles = {r["article"]["title"] for r in store.records()}
    assert titles == {"هجوم في إدلب", "اجتماع في عمان"}


def test_feed_url_and_missing_page(server: _Server, tmp_path: Path) -> None:
    server.feed_items.append("/news/404.html")
    items = list(iter_sources([server.base + "/feed.xml"]))
    store = Store(tmp_path / "f.db")
    stats = ingest(store, items)
    assert stats.added == 1 and stats.failed == 1
    assert "404" in stats.failures[0][1]


def test_parse_interval() -> None:
    assert parse_interval("10m") == 600
    assert parse_interval("30s") == 30
    assert parse_interval("1h") == 3600
    with pytest.raises(ValueError):
        parse_interval("soon")
