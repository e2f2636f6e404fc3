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
import logging
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from marsad.store.search import Filters, search_articles, search_events, search_quotes
from marsad.store.sqlite import Store

log = logging.getLogger(__name__)

QUERIES: list[dict[str, Any]] = [
    {"q": "داعش"}, {"q": "بالباغوز"}, {"q": "الحوثيين"}, {"q": "مجلس الأمن"}, {"q": "غارة جوية"},
    {"q": "وزير الخارجية"}, {"q": "إدلب"}, {"q": "القدس"}, {"q": "ترامب"}, {"q": "طهران"},
    {"q": "سوريا", "type": "ASSAULT"}, {"q": "اليمن", "date_from": "2018-03-01", "date_to": "2018-06-30"},
    {"actor": "ترامب"}, {"speaker": "المتحدث"}, {"type": "THREATEN"}, {"place": "دمشق"},
    {"q": "الأمم المتحدة", "type": "REQUEST"}, {"q": "هجوم", "place": "بغداد"},
]


_LAYERS = ("entities", "mentions", "quotes", "events", "participants", "times", "places")


def grow(store: Store, target: int, *, chunk: int = 2000) -> float:
    """Copy the stored articles under new keys until the store holds `target` articles.

    Rows are written with executemany, one transaction per `chunk` articles, with explicit
    rowids so each FTS row shares its row's rowid as the store requires (migration 0002);
    statistics are gathered once at the end.
    """
    conn = store.conn
    base = [dict(r) for r in conn.execute("SELECT rowid AS _r, * FROM articles ORDER BY rowid")]
    cols = {t: [d[0] for d in conn.execute(f"SELECT * FROM {t} LIMIT 0").description] for t in ("articles", *_LAYERS)}
    layers: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for t in _LAYERS:
        for r in conn.execute(f"SELECT rowid AS _r, * FROM {t}"):
            layers.setdefault(t, {}).setdefault(r["article_id"], []).append(dict(r))
    fts = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT rowid, title, body FROM articles_fts")}
    qfts = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT rowid, text, speaker FROM quotes_fts")}
    vfts = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT rowid, trigger, participants FROM events_fts")}
    nxt = {t: int(conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0]) + 1
           for t in ("articles", "quotes", "events")}

    def insert_sql(t: str) -> str:
        return f"INSERT INTO {t}(rowid, {', '.join(cols[t])}) VALUES ({', '.join('?' * (len(cols[t]) + 1))})"

    t0 = time.perf_counter()
    n = store.count()
    copy = 0
    day0 = date(2015, 1, 1)
    while n < target:
        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in ("articles", *_LAYERS)}
        fts_rows: dict[str, list[tuple[Any, ...]]] = {"articles": [], "quotes": [], "events": []}
        while n < target and len(rows["articles"]) < chunk:
            copy += 1
            for a in base:
                if n >= target:
                    break
                key = f"{a['id']}-{copy}"
                day = (day0 + timedelta(days=(copy * 7 + n) % 3650)).isoformat()
                r = nxt["articles"]
                nxt["articles"] += 1
                rows["articles"].append((r, *({**a, "id": key, "published_day": day}[c] for c in cols["articles"])))
                if a["_r"] in fts:
                    fts_rows["articles"].append((r, *fts[a["_r"]], key))
                for t in _LAYERS:
                    for lr in layers.get(t, {}).get(a["id"], []):
                        new = {**lr, "article_id": key}
                        if "published_day" in new:
                            new["published_day"] = day
                        rid = None
                        if t in nxt:
                            rid = nxt[t]
                            nxt[t] += 1
                            src = (qfts if t == "quotes" else vfts).get(lr["_r"])
                            if src:
                                ident = lr["qid"] if t == "quotes" else lr["vid"]
                                fts_rows[t].append((rid, *src, key, ident))
                        rows[t].append((rid, *(new[c] for c in cols[t])))
                n += 1
        with conn:
            for t, batch in rows.items():
                conn.executemany(insert_sql(t), batch)
            conn.executemany("INSERT INTO articles_fts(rowid, title, body, article_id) VALUES (?,?,?,?)",
                             fts_rows["articles"])
            conn.executemany("INSERT INTO quotes_fts(rowid, text, speaker, article_id, qid) VALUES (?,?,?,?,?)",
                             fts_rows["quotes"])
            conn.executemany("INSERT INTO events_fts(rowid, trigger, participants, article_id, vid) VALUES (?,?,?,?,?)",
                             fts_rows["events"])
        log.info("grown to %d articles (%.0f s)", n, time.perf_counter() - t0)
    # Sampled statistics: the ratios the planner needs, in seconds rather than a full scan
    # of every index of a multi-gigabyte file.
    conn.execute("PRAGMA analysis_limit = 2000")
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
            "slowest": sorted(per.items(), key=lambda kv: -kv[1])[:5],
            "per_query_max_ms": {k: round(v, 1) for k, v in per.items()}}


def time_article_page(db: Path) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from marsad.api.app import create_app

    client = TestClient(create_app(db))
    # The longest of the first articles (the dev set as ingested): ordering the whole
    # store by length would read every body.
    ids = [r[0] for r in Store(db).conn.execute(
        "SELECT id FROM articles WHERE rowid <= 1000 ORDER BY length(text) DESC LIMIT 20")]
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
    ap.add_argument("--reuse", action="store_true",
                    help="time the store already in --workdir (migrating it if needed) instead of rebuilding it")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    from marsad.ingest.sources import iter_sources
    from marsad.store.loader import ingest

    args.workdir.mkdir(parents=True, exist_ok=True)
    db = args.workdir / "bench.db"
    result: dict[str, Any] = {}
    if args.reuse:
        # Keep the build figures of the run that made this store (same --out).
        if args.out.exists():
            before = json.loads(args.out.read_text(encoding="utf-8"))
            for k in ("ingest", "article_page_small_store"):
                if k in before:
                    result[k] = before[k]
            if "store" in before:
                result["built_by_previous_run"] = before["store"]
        t0 = time.perf_counter()
        store = Store(db)
        result["migrate_seconds"] = round(time.perf_counter() - t0, 1)
        grow_s = 0.0
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        store = Store(db)
        t0 = time.perf_counter()
        stats = ingest(store, iter_sources([str(args.corpus)]), workers=args.workers)
        ingest_s = time.perf_counter() - t0
        result["ingest"] = {"articles": stats.added, "failed": stats.failed,
                            "seconds": round(ingest_s, 2), "workers": args.workers}
        result["article_page_small_store"] = time_article_page(db)
        grow_s = grow(store, args.articles)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
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
