"""Store search at scale (schema 2): same answers as the schema-1 queries, every filter, both
page plans, and in-place migration of a schema-1 store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import marsad
from marsad.document import Document
from marsad.scale.bench_store import grow
from marsad.store import sqlite as store_sqlite
from marsad.store.loader import ingest
from marsad.store.search import (
    Filters,
    article_record,
    entity_profile,
    facets,
    search_articles,
    search_events,
    search_quotes,
)
from marsad.store.sqlite import Store
from tests.store import _search_v1 as v1

# Written for these tests (not taken from any corpus).
ARTICLES = [
    ("s1", "قال المتحدث باسم قوات سوريا الديمقراطية إن المعارك مستمرة بالباغوز شرقي سوريا.", "2019-03-10"),
    ("s2", "هدد تنظيم داعش نيوزيلندا، وقال المهاجر: \"لنا وقفة مع نيوزيلندا\".", "2019-03-18"),
    ("s3", "أعلنت وزارة الدفاع الروسية أن طائراتها قصفت مواقع في إدلب.", "2019-04-02"),
    ("s4", "هدد الرئيس الأمريكي دونالد ترامب إيران بعقوبات جديدة، وقال ترامب في واشنطن: "
           "\"لن نسمح لطهران بامتلاك سلاح نووي\".", "2019-05-08"),
    ("s5", "قصفت طائرات التحالف الدولي مواقع لتنظيم داعش في دمشق، وقال المتحدث باسم التحالف "
           "إن الغارات ستستمر.", "2019-05-20"),
    ("s6", "دعا الأمين العام للأمم المتحدة إلى وقف إطلاق النار في اليمن، وطالب مجلس الأمن بحماية "
           "المدنيين في الحديدة.", "2018-04-11"),
]

FILTERS: list[dict[str, Any]] = [
    {}, {"q": "داعش"}, {"q": "بالباغوز"}, {"q": "المتحدث"}, {"q": "قصفت"}, {"q": "ترامب"},
    {"actor": "ترامب"}, {"actor": "marsad:donald-trump"}, {"actor": "التحالف"}, {"actor": "لا أحد هنا"},
    {"speaker": "المتحدث"}, {"speaker": "ترامب"}, {"speaker": "marsad:donald-trump"},
    {"type": "ASSAULT"}, {"type": "threaten"}, {"type": "REQUEST"}, {"type": "NOSUCH"},
    {"place": "دمشق"}, {"place": "Damascus"}, {"place": "الحديدة"}, {"place": "إدلب"}, {"place": "واشنطن"},
    {"date_from": "2019-05-01"}, {"date_to": "2019-03-31"}, {"date_from": "2016-01-01", "date_to": "2017-12-31"},
    {"q": "داعش", "type": "ASSAULT"}, {"q": "مواقع", "place": "دمشق"}, {"actor": "ترامب", "type": "THREATEN"},
    {"speaker": "المتحدث", "date_from": "2018-01-01"}, {"q": "سلاح", "actor": "ترامب", "speaker": "ترامب"},
    {"q": "الأمم المتحدة", "type": "REQUEST", "date_to": "2030-01-01"},
]
PAGES = [(20, 0), (3, 0), (3, 4), (500, 0), (2, 40)]


def _analyse() -> list[Document]:
    return [marsad.analyze(t, published=p, id=i) for i, t, p in ARTICLES]


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return _analyse()


@pytest.fixture(scope="module")
def big(docs: list[Document], tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The six articles re-keyed (as the benchmark does) to 90, on spread-out days."""
    st = Store(tmp_path_factory.mktemp("scale") / "s.db")
    assert ingest(st, [(d.article.id, d) for d in docs]).added == len(docs)
    grow(st, 90, chunk=20)
    assert st.count() == 90
    return st


def _same(new: tuple[int, list[dict[str, Any]]], old: tuple[int, list[dict[str, Any]]], label: str) -> None:
    assert new[0] == old[0], label
    assert new[1] == old[1], label


@pytest.mark.parametrize("flt", FILTERS, ids=[str(f) for f in FILTERS])
def test_searches_answer_as_schema_1_did(big: Store, flt: dict[str, Any]) -> None:
    for limit, offset in PAGES:
        f = Filters(limit=limit, offset=offset, **flt)
        for new, old in ((search_articles, v1.search_articles), (search_quotes, v1.search_quotes),
                         (search_events, v1.search_events)):
            _same(new(big, f), old(big, f), f"{new.__name__} {flt} {limit}/{offset}")


def test_every_filter_narrows_on_a_small_store(big: Store) -> None:
    everything = search_articles(big, Filters())[0]
    assert everything == 90
    narrowing: list[dict[str, Any]] = [{"q": "داعش"}, {"actor": "ترامب"}, {"speaker": "المتحدث"},
                                       {"type": "ASSAULT"}, {"place": "دمشق"}, {"date_from": "2019-05-01"}]
    for flt in narrowing:
        total, items = search_articles(big, Filters(limit=500, **flt))
        assert 0 < total < everything and len(items) == total, flt
    assert search_events(big, Filters(type="THREATEN"))[0] > 0
    assert all(e["type"] == "THREATEN" for e in search_events(big, Filters(type="THREATEN", limit=500))[1])
    assert all("ترامب" in (q["speaker_name"] or "") for q in search_quotes(big, Filters(speaker="ترامب", limit=500))[1])
    # variants and clitics: بالباغوز (bi-l-bāghūz) finds الباغوز (al-bāghūz)
    assert search_articles(big, Filters(q="بالباغوز"))[0] == search_articles(big, Filters(q="الباغوز"))[0] > 0


@pytest.mark.parametrize("q", ['"', "داعش OR", "NEAR(داعش", "*", "داعش\") OR (\"", "^", "-داعش", "a:b", "AND",
                               "%", "_", "داعش%"])
def test_user_syntax_cannot_break_or_widen(big: Store, q: str) -> None:
    one = search_articles(big, Filters(q="داعش"))[0]
    for fn in (search_articles, search_quotes, search_events):
        fn(big, Filters(q=q))
        fn(big, Filters(actor=q, place=q, speaker=q))
    assert search_articles(big, Filters(q=q))[0] <= one
    assert search_articles(big, Filters(place="%"))[0] == 0
    assert search_articles(big, Filters(actor="_"))[0] == 0


def test_entity_profile(big: Store) -> None:
    prof = entity_profile(big, "ترامب")
    assert prof is not None and prof["kb_id"] == "marsad:donald-trump"
    assert prof["quotes"] and prof["events_as_actor"] and prof["timeline"]
    assert entity_profile(big, "لا أحد هنا") is None


def test_article_record_has_the_text_back(big: Store, docs: list[Document]) -> None:
    key = big.conn.execute("SELECT id FROM articles WHERE doc_id = 's4' LIMIT 1").fetchone()[0]
    rec = article_record(big, key)
    assert rec is not None and rec["text"] == docs[3].text
    assert list(rec)[:3] == ["schema", "article", "text"]
    stored = big.conn.execute("SELECT record FROM articles WHERE id = ?", (key,)).fetchone()[0]
    assert docs[3].text not in stored  # the body is kept once, in articles.text


def test_fts_rows_share_their_rows_rowid(big: Store) -> None:
    c = big.conn
    assert c.execute("SELECT count(*) FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                     "WHERE a.id = f.article_id").fetchone()[0] == 90
    assert c.execute("SELECT count(*) FROM quotes_fts f JOIN quotes q ON q.rowid = f.rowid "
                     "WHERE q.article_id = f.article_id AND q.qid = f.qid").fetchone()[0] == big.count("quotes")
    assert c.execute("SELECT count(*) FROM events_fts f JOIN events v ON v.rowid = f.rowid "
                     "WHERE v.article_id = f.article_id AND v.vid = f.vid").fetchone()[0] == big.count("events")


def test_a_schema_1_store_migrates_in_place(docs: list[Document], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "old.db"
    only_first = store_sqlite._migrations()[:1]
    monkeypatch.setattr(store_sqlite, "_migrations", lambda: only_first)
    old = Store(db)
    ingest(old, [(d.article.id, d) for d in docs[:4]])
    c = old.conn
    with c:
        # A schema-1 store whose FTS rows do not line up with their rows (written in
        # another order): move s1's article and first quote rows to fresh rowids.
        key = c.execute("SELECT id FROM articles WHERE doc_id = 's1'").fetchone()[0]
        c.execute("INSERT INTO articles_fts(rowid, title, body, article_id) "
                  "SELECT 1000, title, body, article_id FROM articles_fts WHERE article_id = ?", (key,))
        c.execute("DELETE FROM articles_fts WHERE article_id = ? AND rowid <> 1000", (key,))
        c.execute("INSERT INTO quotes_fts(rowid, text, speaker, article_id, qid) "
                  "SELECT 1000, text, speaker, article_id, qid FROM quotes_fts WHERE article_id = ?", (key,))
        c.execute("DELETE FROM quotes_fts WHERE article_id = ? AND rowid <> 1000", (key,))
    assert {r[0] for r in c.execute("SELECT version FROM schema_migrations")} == {1}
    assert c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'names'").fetchone()[0] == 0
    old.close()
    monkeypatch.undo()

    st = Store(db)
    assert {r[0] for r in st.conn.execute("SELECT version FROM schema_migrations")} == {1, 2, 3}
    assert st.conn.execute("SELECT count(*) FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                           "AND a.id = f.article_id").fetchone()[0] == 4
    # rows written by schema 1 (body text inside the record) still read back whole
    for rec in st.records():
        st_id = rec.pop("store_id")
        got = st.get(st_id)
        assert got is not None and got.to_dict() == rec
    # and articles added after the migration join them
    ingest(st, [(d.article.id, d) for d in docs[4:]])
    assert st.count() == 6
    for flt in FILTERS:
        f = Filters(limit=500, **flt)
        for new, ref in ((search_articles, v1.search_articles), (search_quotes, v1.search_quotes),
                         (search_events, v1.search_events)):
            _same(new(st, f), ref(st, f), f"{new.__name__} {flt}")
    assert search_articles(st, Filters(q="بالباغوز"))[0] == 1
    assert st.conn.execute("SELECT n FROM row_counts WHERE tbl = 'articles'").fetchone()[0] == 6


def test_row_counts_follow_deletes(tmp_path: Path, docs: list[Document]) -> None:
    st = Store(tmp_path / "d.db")
    ingest(st, [(d.article.id, d) for d in docs])
    with st.conn as c:
        c.execute("DELETE FROM articles WHERE doc_id = 's6'")
    for t in ("articles", "quotes", "events"):
        n = st.conn.execute("SELECT n FROM row_counts WHERE tbl = ?", (t,)).fetchone()[0]
        assert n == st.count(t), t
    assert st.conn.execute("SELECT count(*) FROM article_days").fetchone()[0] == st.count("articles")
    assert st.conn.execute("SELECT count(*) FROM event_days").fetchone()[0] == st.count("events")
    assert search_articles(st, Filters(limit=500))[0] == 5


def test_names_are_kept_by_triggers(big: Store) -> None:
    kinds = {r[0] for r in big.conn.execute("SELECT DISTINCT kind FROM names")}
    assert {"entity", "speaker", "participant", "place"} <= kinds


def _facets_by_group_by(st: Store) -> dict[str, list[dict[str, Any]]]:
    """The web page's facet queries before schema 3 (full GROUP BYs), without their LIMITs."""
    c = st.conn
    return {
        "types": [dict(r) for r in c.execute("SELECT type AS value, count(*) AS n FROM events GROUP BY type")],
        "outlets": [dict(r) for r in c.execute(
            "SELECT outlet AS value, count(*) AS n FROM articles WHERE outlet IS NOT NULL GROUP BY outlet")],
        "actors": [dict(r) for r in c.execute(
            "SELECT coalesce(kb_id, name_key) AS g, kb_id, count(DISTINCT article_id) AS n FROM entities "
            "WHERE type IN ('PER','ORG','NORP') GROUP BY coalesce(kb_id, name_key)")],
        "places": [dict(r) for r in c.execute(
            "SELECT coalesce(kb_id, name_key) AS g, count(DISTINCT article_id) AS n FROM places "
            "GROUP BY coalesce(kb_id, name_key)")],
    }


def _check_facets(st: Store) -> None:
    ref = _facets_by_group_by(st)
    got = facets(st)
    for kind, limit in (("types", None), ("outlets", 12), ("actors", 15), ("places", 12)):
        want = sorted((r["n"] for r in ref[kind]), reverse=True)[:limit]
        assert [r["n"] for r in got[kind]] == want, kind
    counts = {r["value"]: r["n"] for r in ref["types"]}
    assert {r["value"]: r["n"] for r in got["types"]} == counts
    kb = {r["kb_id"]: r["n"] for r in ref["actors"] if r["kb_id"]}
    assert all(kb[r["kb_id"]] == r["n"] for r in got["actors"] if r["kb_id"])


def test_facets_are_the_group_by_figures(big: Store, tmp_path: Path, docs: list[Document],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _check_facets(big)
    # kept through deletes, and built when an older store is migrated
    st = Store(tmp_path / "f.db")
    ingest(st, [(d.article.id, d) for d in docs])
    with st.conn as c:
        c.execute("DELETE FROM articles WHERE doc_id IN ('s2', 's5')")
    _check_facets(st)
    db = tmp_path / "old.db"
    first_two = store_sqlite._migrations()[:2]
    monkeypatch.setattr(store_sqlite, "_migrations", lambda: first_two)
    old = Store(db)
    ingest(old, [(d.article.id, d) for d in docs])
    old.close()
    monkeypatch.undo()
    _check_facets(Store(db))
