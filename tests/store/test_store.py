from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import marsad
from marsad.arabic.keys import fts_match, index_keys, search_key
from marsad.ingest.reader import ReadFailure
from marsad.store.loader import ingest
from marsad.store.search import Filters, search_articles, search_events, search_quotes
from marsad.store.sqlite import Store
from tests.conftest import DEV_ARTICLES, need_shared

ARTICLES = [
    ("a1", "قال المتحدث باسم قوات سوريا الديمقراطية إن المعارك مستمرة بالباغوز شرقي سوريا.", "2019-03-10"),
    ("a2", "هدد تنظيم داعش نيوزيلندا، وقال المهاجر: \"لنا وقفة مع نيوزيلندا\".", "2019-03-18"),
    ("a3", "أعلنت وزارة الدفاع الروسية أن طائراتها قصفت مواقع في إدلب.", "2019-04-02"),
]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    st = Store(tmp_path / "m.db")
    items = [(i, marsad.analyze(t, published=p, id=i)) for i, t, p in ARTICLES]
    stats = ingest(st, items)
    assert stats.added == 3
    return st


@pytest.mark.parametrize(
    ("a", "b"),
    [("بالباغوز", "الباغوز"), ("الباغوز", "باغوز"), ("القاعدة", "القاعده"), ("للتحالف", "التحالف"), ("وبالموصل", "الموصل")],
)
def test_search_keys_meet_across_clitics_and_spellings(a: str, b: str) -> None:
    assert search_key(a) == search_key(b)


def test_index_keys_let_bare_names_find_clitic_forms() -> None:
    assert "داعش" in index_keys("وداعش")


@pytest.mark.parametrize("q", ['"', "داعش OR", "NEAR(داعش", "*", "داعش\") OR (\"", "^", "-داعش", "a:b", "AND"])
def test_fts_syntax_in_user_input_cannot_break_or_widen(store: Store, q: str) -> None:
    match = fts_match(q)
    if match is not None:
        for term in match.split(" "):
            assert term.startswith('"') and term.endswith('"') and '"' not in term[1:-1]
    total, _ = search_articles(store, Filters(q=q))
    assert total <= 1


def test_search_finds_variant_and_clitic_forms(store: Store) -> None:
    for q in ("بالباغوز", "الباغوز", "باغوز"):
        total, items = search_articles(store, Filters(q=q))
        assert total == 1 and items[0]["doc_id"] == "a1", q
    total, _ = search_articles(store, Filters(q="داعش نيوزيلندا"))
    assert total == 1


def test_reingesting_changes_nothing(store: Store) -> None:
    before = [store.count(t) for t in ("articles", "entities", "quotes", "events")]
    stats = ingest(store, [(i, marsad.analyze(t, published=p, id=i)) for i, t, p in ARTICLES])
    assert stats.added == 0 and stats.skipped == 3
    assert [store.count(t) for t in ("articles", "entities", "quotes", "events")] == before


def test_failures_are_recorded(store: Store) -> None:
    stats = ingest(store, [("bad.txt", ReadFailure("bad.txt", "the file is empty"))])
    assert stats.failed == 1
    assert store.failures()[0]["reason"] == "the file is empty"


def test_filters(store: Store) -> None:
    total, _ = search_articles(store, Filters(date_from="2019-03-15", date_to="2019-03-31"))
    assert total == 1
    total, _ = search_articles(store, Filters(limit=1))
    assert total == 3
    _, qs = search_quotes(store, Filters())
    assert all("article_id" in q for q in qs)
    total, evs = search_events(store, Filters())
    assert total == len(evs)


def test_store_round_trips_documents(store: Store) -> None:
    for rec in store.records():
        key = rec.pop("store_id")
        doc = store.get(key)
        assert doc is not None and doc.to_dict() == rec


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    from marsad.errors import StoreError

    p = tmp_path / "x.db"
    p.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(p)


def test_wal_mode(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _marsad() -> list[str]:
    exe = Path(sys.executable).parent / "marsad"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "marsad"]


def test_ingest_resumes_after_kill_9_without_loss_or_duplicates(tmp_path: Path) -> None:
    need_shared(DEV_ARTICLES)
    src = tmp_path / "dev.jsonl"
    lines = DEV_ARTICLES.read_text(encoding="utf-8").splitlines()[:120]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "k.db"
    proc = subprocess.Popen([*_marsad(), "ingest", str(src), "--db", str(db), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    n = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as c:
                    n = c.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                continue
            if n >= 5:
                break
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = subprocess.run([*_marsad(), "ingest", str(src), "--db", str(db), "--quiet"], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    with sqlite3.connect(db) as c:
        total = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        fts = c.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        ids = c.execute("SELECT count(DISTINCT doc_id) FROM articles").fetchone()[0]
    expected = len({json.loads(x)["id"] for x in lines})
    assert total == ids == fts == expected
