from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import marsad
from marsad.api.app import MAX_BODY_BYTES, create_app
from marsad.store.loader import ingest
from marsad.store.sqlite import Store

TEXTS = [
    ("a1", "وقال المتحدث الرسمي باسم التنظيم \"أبو الحسن المهاجر\": \"لنا وقفة مع نيوزيلندا\". وهدد تنظيم داعش نيوزيلندا.", "2019-03-19"),
    ("a2", "<script>alert(1)</script> قال الوزير إن <b>الهجوم</b> على الباغوز فشل.", "2019-03-20"),
]


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    st = Store(tmp_path / "api.db")
    ingest(st, [(i, marsad.analyze(t, published=p, id=i)) for i, t, p in TEXTS])
    return TestClient(create_app(st.path))


def test_lists_answer_total_and_items(client: TestClient) -> None:
    for path in ("/api/articles", "/api/events", "/api/quotes"):
        body = client.get(path, params={"limit": 5}).json()
        assert set(body) == {"total", "items"}
        assert body["total"] >= len(body["items"])


def test_article_by_id_is_a_contract_record(client: TestClient) -> None:
    items = client.get("/api/articles", params={"q": "نيوزيلندا"}).json()["items"]
    assert items
    rec = client.get(f"/api/articles/{items[0]['id']}").json()
    assert rec["schema"] == "marsad.analysis/1"
    for q in rec["quotes"]:
        assert rec["text"][q["start"] : q["end"]] == q["text"]


def test_one_error_shape(client: TestClient) -> None:
    for resp in (client.get("/api/articles/missing"), client.get("/api/articles", params={"limit": 0}),
                 client.post("/api/analyze", json={}), client.get("/api/entities/nobody-at-all")):
        body = resp.json()
        assert resp.status_code >= 400
        assert body["ok"] is False and body["status"] == resp.status_code
        assert isinstance(body["error"], str) and isinstance(body["errors"], list)


def test_request_size_limit(client: TestClient) -> None:
    resp = client.post("/api/analyze", content=b"x" * (MAX_BODY_BYTES + 10),
                       headers={"content-type": "application/json"})
    assert resp.status_code == 413 and resp.json()["ok"] is False


def test_analyze_endpoint(client: TestClient) -> None:
    resp = client.post("/api/analyze", json={"text": "قال الرئيس إن الوضع مستقر.", "published": "2019-01-01"})
    assert resp.status_code == 200
    assert resp.json()["article"]["published"] == "2019-01-01"
    empty = client.post("/api/analyze", json={"text": "   "})
    assert empty.status_code == 400


def test_docs_work_offline(client: TestClient) -> None:
    html = client.get("/api/docs").text
    assert "/api/swagger/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert client.get("/api/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/api/openapi.json").json()["info"]["title"] == "marsad"


def test_pages_render_and_escape_article_markup(client: TestClient) -> None:
    assert client.get("/").status_code == 200
    items = client.get("/api/articles", params={"q": "الباغوز"}).json()["items"]
    page = client.get(f"/articles/{items[0]['id']}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "<b>الهجوم</b>" not in page
    assert 'dir="rtl"' in page
    for path in ("/events", "/map", "/events.csv"):
        assert client.get(path).status_code == 200
    assert client.get("/articles/nope").status_code == 404


def test_paste_box_analyses_and_redirects(client: TestClient) -> None:
    resp = client.post("/analyze", data={"text": "قال وزير الخارجية إن المحادثات ستستأنف.", "published": ""},
                       follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"].startswith("/articles/")
