"""The web page in headless Chromium (Debian's chromium driven by Playwright from pip).

Screenshots go to build/screenshots/ (kept as CI artifacts).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import marsad
from marsad.store.loader import ingest
from marsad.store.sqlite import Store
from tests.conftest import ROOT, SEED, need_shared

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.browser]
SHOTS = ROOT / "build" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    need_shared(SEED)
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    pytest.importorskip("playwright")
    import uvicorn

    from marsad.api.app import create_app

    db = tmp_path_factory.mktemp("web") / "web.db"
    st = Store(db)
    docs = [("seed", marsad.analyze(SEED.read_text(encoding="utf-8"), published="2019-03-19", id="seed"))]
    docs.append(("x", marsad.analyze("أعلنت وزارة الدفاع الروسية أن طائراتها قصفت مواقع في إدلب أمس.", published="2019-04-02", id="x")))
    ingest(st, docs)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        ctx = browser.new_context(accept_downloads=True, locale="ar")
        pg = ctx.new_page()
        yield pg
        browser.close()


def test_search_open_article_click_quote_see_speaker(page: object, base_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(base_url + "/")
    page.fill("input[name=q]", "بالباغوز")
    page.click("form.search button")
    expect(page.locator("#total")).to_have_text("1")
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)
    page.click(".article-hit a.title")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    quote = page.locator("#body .quote", has_text="لنا وقفة").first
    quote.click()
    qid = quote.get_attribute("data-quote")
    card = page.locator(f"#q-{qid}")
    expect(card).to_be_visible()
    assert page.url.endswith(f"#q-{qid}")
    chip = card.locator(".speaker-chip")
    expect(chip).not_to_be_empty()
    page.screenshot(path=str(SHOTS / "article.png"), full_page=True)


def test_filter_events_and_export_csv(page: object, base_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(base_url + "/events")
    all_rows = page.locator("tr.event-row").count()
    page.select_option("select[name=type]", "ASSAULT")
    page.click("#event-filters button")
    rows = page.locator("tr.event-row")
    n = rows.count()
    assert n <= all_rows
    for i in range(n):
        expect(rows.nth(i)).to_have_attribute("data-type", "ASSAULT")
    page.screenshot(path=str(SHOTS / "events.png"), full_page=True)
    with page.expect_download() as dl:
        page.click("#csv")
    path = dl.value.path()
    text = Path(path).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("date,published_day,type")
    assert len(text.strip().splitlines()) == n + 1


def test_map_and_actor_pages(page: object, base_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(base_url + "/map")
    expect(page.locator("svg.map path.land").first).to_be_attached()
    page.screenshot(path=str(SHOTS / "map.png"))
    page.goto(base_url + "/")
    actor = page.locator(".facets a[href^='/actors/']").first
    actor.click()
    expect(page.locator("h1.actor-name")).not_to_be_empty()
    expect(page.locator("svg.timeline")).to_be_attached()
    page.screenshot(path=str(SHOTS / "actor.png"), full_page=True)
