"""Server-rendered web page: search with facets, article view, actor page, events, map.

Templates autoescape everything; article text reaches the page only through
`marsad.web.highlight`, which escapes each piece.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from marsad.errors import InputError
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
from marsad.web.highlight import actor_href, highlight

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals["actor_href"] = actor_href
PLOVER = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


@lru_cache(maxsize=1)
def basemap() -> list[dict[str, str]]:
    data = json.loads((HERE / "static" / "basemap.json").read_text(encoding="utf-8"))
    return list(data["countries"])


def _filters(request: Request, limit: int = 50) -> Filters:
    p = request.query_params

    def g(k: str) -> str | None:
        v = p.get(k)
        return v.strip() if v and v.strip() else None

    try:
        offset = max(0, int(p.get("offset") or 0))
    except ValueError:
        offset = 0
    return Filters(q=g("q"), actor=g("actor"), speaker=g("speaker"), type=g("type"), place=g("place"),
                   date_from=g("from"), date_to=g("to"), limit=limit, offset=offset)


def _facets(store: Store) -> dict[str, list[dict[str, Any]]]:
    # Counters kept by the store (schema 3): GROUP BYs over every entity took seconds.
    return facets(store)


def add_web_routes(app: FastAPI, store: Store) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> HTMLResponse:
        f = _filters(request, limit=30)
        total, items = search_articles(store, f)
        qtotal, quotes = search_quotes(store, Filters(q=f.q, speaker=f.speaker, actor=f.actor,
                                                      date_from=f.date_from, date_to=f.date_to, limit=10))
        return templates.TemplateResponse(request, "index.html", {
            "f": f, "total": total, "items": items, "quotes": quotes, "qtotal": qtotal,
            "facets": _facets(store), "types": PLOVER,
        })

    @app.post("/analyze", include_in_schema=False)
    def analyze_form(request: Request, text: str = Form(...), published: str = Form("")) -> Response:
        from marsad.api.python import analyze

        try:
            doc = analyze(text, published=published or None)
        except InputError as exc:
            return render_error(request, 400, exc.reason)
        key, _ = store.add(doc, source="web")
        return RedirectResponse(f"/articles/{key}", status_code=303)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article(request: Request, article_id: str) -> HTMLResponse:
        rec = article_record(store, article_id)
        if rec is None:
            raise HTTPException(404, "no such article")
        ents = {e["id"]: e for e in rec.get("entities", [])}
        places = {p["entity"]: p for p in rec.get("places", []) if p.get("entity")}
        return templates.TemplateResponse(request, "article.html", {
            "rec": rec, "paras": highlight(rec), "ents": ents, "places": places,
        })

    @app.get("/actors/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def actor(request: Request, ident: str) -> HTMLResponse:
        prof = entity_profile(store, ident)
        if prof is None:
            raise HTTPException(404, "no such actor")
        peak = max([t["articles"] for t in prof["timeline"]] or [1])
        return templates.TemplateResponse(request, "actor.html", {"p": prof, "peak": peak})

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events(request: Request) -> HTMLResponse:
        f = _filters(request, limit=100)
        total, items = search_events(store, f)
        qs = str(request.query_params)
        return templates.TemplateResponse(request, "events.html", {
            "f": f, "total": total, "items": items, "types": PLOVER, "qs": qs,
        })

    @app.get("/events.csv", include_in_schema=False)
    def events_csv(request: Request) -> Response:
        f = _filters(request, limit=500)
        rows: list[dict[str, Any]] = []
        offset = 0
        while True:
            total, items = search_events(store, replace(f, limit=500, offset=offset))
            rows += items
            offset += 500
            if offset >= total or not items:
                break
        buf = io.StringIO()
        cols = ["date", "published_day", "type", "mode", "actors", "targets", "place", "lat", "lon", "country",
                "status", "trigger", "title", "outlet", "article_id", "vid", "trigger_start", "trigger_end"]
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
        return Response(buf.getvalue().encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="marsad-events.csv"'})

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        f = _filters(request, limit=500)
        total, items = search_events(store, f)
        points = [
            {**it, "x": round(it["lon"] + 180, 3), "y": round(90 - it["lat"], 3)}
            for it in items if it.get("lat") is not None and it.get("lon") is not None
        ]
        return templates.TemplateResponse(request, "map.html", {
            "f": f, "total": total, "points": points, "countries": basemap(), "types": PLOVER,
        })
