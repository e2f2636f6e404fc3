"""Store benchmark: ingest time, search latency on a large store, article page time.

1. Ingest the dev articles into a fresh store (wall time, 2 workers).
2. Grow a store to N articles (default 100,000) by re-keying the analysed dev articles:
   each copy gets its own key and publication day, so the FTS index and the layer tables
   hold N distinct rows, as a real archive would.
3. Time a fixed set of Arabic searches (with and without filters) and report p50/p95, and
   the article page served by the web app.
Writes build/bench_store.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from marsad.store.search import Filters, search_articles, search_events, search_quotes
from marsad.store.sqlite import Store

QUERIES: list[dict[str, Any]] = [
    {"q": "داعش"}, {"q": "بالباغوز"}, {"q": "الحوثيين"}, {"q": "مجلس الأمن"}, {"q": "غارة جوية"},
    {"q": "وزير الخارجية"}, {"q": "إدلب"}, {"q": "القدس"}, {"q": "ترامب"}, {"q": "طهران"},
    {"q": "سوريا", "type": "ASSAULT"}, {"q": "اليمن", "date_from": "2018-03-01", "date_to": "2018-06-30"},
    {"actor": "ترامب"}, {"speaker": "المتحدث"}, {"type": "THREATEN"}, {"place": "دمشق"},
    {"q": "الأمم المتحدة", "type": "REQUEST"}, {"q": "هجوم", "place": "بغداد"},
]


def grow(store: Store, target: int) -> float:
    """Copy the stored articles under new keys until the store holds `target` articles."""
    conn = store.conn
    base = [dict(r) for r in conn.execute("SELECT * FROM articles")]
    layers = {t: [dict(r) for r in conn.execute(f"SELECT * FROM {t}")]
              for t in ("entities", "mentions", "quotes", "events", "participants", "times", "places")}
    fts = {r["article_id"]: dict(r) for r in conn.execute("SELECT article_id, title, body FROM articles_fts")}
    qfts = [dict(r) for r in conn.execute("SELECT article_id, qid, text, speaker FROM quotes_fts")]
    vfts = [dict(r) for r in conn.execute("SELECT article_id, vid, trigger, participants FROM events_fts")]
    by_article: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for t, rows in layers.items():
        for r in rows:
            by_article.setdefault(r["article_id"], {}).setdefault(t, []).append(r)
    t0 = time.perf_counter()
    n = len(base)
    copy = 0
    day0 = date(2015, 1, 1)
    while n < target:
        copy += 1
        with conn:
            for a in base:
                if n >= target:
                    break
                key = f"{a['id']}-{copy}"
                day = (day0 + timedelta(days=(copy * 7 + n) % 3650)).isoformat()
                row = {**a, "id": key, "published_day": day}
                conn.execute(f"INSERT INTO articles VALUES ({','.join('?' * len(row))})", list(row.values()))
                f = fts.get(a["id"])
                if f:
                    conn.execute("INSERT INTO articles_fts(title, body, article_id) VALUES (?,?,?)",
                                 (f["title"], f["body"], key))
                for t, rows in by_article.get(a["id"], {}).items():
                    for r in rows:
                        r2 = {**r, "article_id": key}
                        if "published_day" in r2:
                            r2["published_day"] = day
                        conn.execute(f"INSERT INTO {t} VALUES ({','.join('?' * len(r2))})", list(r2.values()))
                for r in qfts:
                    if r["article_id"] == a["id"]:
                        conn.execute("INSERT INTO quotes_fts(text, speaker, article_id, qid) VALUES (?,?,?,?)",
                                     (r["text"], r["speaker"], key, r["qid"]))
                for r in vfts:
                    if r["article_id"] == a["id"]:
                        conn.execute("INSERT INTO events_fts(trigger, participants, article_id, vid) VALUES (?,?,?,?)",
                                     (r["trigger"], r["participants"], key, r["vid"]))
                n += 1
    conn.execute("ANALYZE")
    return time.perf_counter() - t0


def time_searches(store: Store, rounds: int = 3) -> dict[str, Any]:
    lat: list[float] = []
    per: dict[str, float] = {}
    for _ in range(rounds):
        for q in QUERIES:
            f = Filters(limit=20, **q)
            for fn in (search_articles, search_quotes, search_events):
                t0 = time.perf_counter()
                fn(store, f)
                ms = (time.perf_counter() - t0) * 1000
                lat.append(ms)
                label = f"{fn.__name__} {json.dumps(q, ensure_ascii=False)}"
                per[label] = max(per.get(label, 0.0), ms)
    lat.sort()
    return {"queries": len(lat), "p50_ms": round(statistics.median(lat), 1),
            "p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 1), "max_ms": round(lat[-1], 1),
            "slowest": sorted(per.items(), key=lambda kv: -kv[1])[:5]}


def time_article_page(db: Path) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from marsad.api.app import create_app

    client = TestClient(create_app(db))
    ids = [r[0] for r in Store(db).conn.execute("SELECT id FROM articles ORDER BY length(text) DESC LIMIT 20")]
    times = []
    for aid in ids:
        t0 = time.perf_counter()
        resp = client.get(f"/articles/{aid}")
        times.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200
    times.sort()
    return {"pages": len(times), "p50_ms": round(statistics.median(times), 1), "max_ms": round(times[-1], 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--workdir", type=Path, default=Path("build/bench-store"))
    ap.add_argument("--out", type=Path, default=Path("build/bench_store.json"))
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    from marsad.ingest.sources import iter_sources
    from marsad.store.loader import ingest

    args.workdir.mkdir(parents=True, exist_ok=True)
    db = args.workdir / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    store = Store(db)
    t0 = time.perf_counter()
    stats = ingest(store, iter_sources([str(args.corpus)]), workers=args.workers)
    ingest_s = time.perf_counter() - t0
    result: dict[str, Any] = {"ingest": {"articles": stats.added, "failed": stats.failed,
                                         "seconds": round(ingest_s, 2), "workers": args.workers}}
    result["article_page_small_store"] = time_article_page(db)
    grow_s = grow(store, args.articles)
    result["store"] = {"articles": store.count(), "grow_seconds": round(grow_s, 1),
                       "size_mb": round(db.stat().st_size / 1e6, 1)}
    result["search"] = time_searches(store)
    result["article_page"] = time_article_page(db)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
