"""The REST API (FastAPI) and, from the same server, the web page.

Every list answers `{"total": N, "items": [...]}`; every error answers
`{"ok": false, "status": N, "error": "...", "errors": [...]}`. The OpenAPI docs are served
with Swagger UI from the package, so they work offline.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.errors import InputError, MarsadError
from marsad.store.search import (
    Filters,
    article_record,
    entity_profile,
    search_articles,
    search_events,
    search_quotes,
)
from marsad.store.sqlite import Store

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 2 * 1024 * 1024


class AnalyzeRequest(BaseModel):
    """An article to analyse: plain text or HTML."""

    text: str = Field(..., description="The article as plain text or HTML.", max_length=MAX_BODY_BYTES)
    published: str | None = Field(None, description="Publication date (YYYY-MM-DD).")
    url: str | None = None
    title: str | None = None
    store: bool = Field(False, description="Also add the analysed article to the store.")


class Page(BaseModel):
    total: int
    items: list[dict[str, Any]]


def error_body(status: int, error: str, errors: list[Any] | None = None) -> dict[str, Any]:
    return {"ok": False, "status": status, "error": error, "errors": errors or []}


def _filters(q: str | None, type: str | None, actor: str | None, speaker: str | None,
             place: str | None, date_from: str | None, date_to: str | None, limit: int, offset: int) -> Filters:
    return Filters(q=q, type=type, actor=actor, speaker=speaker, place=place, date_from=date_from,
                   date_to=date_to, limit=limit, offset=offset)


def create_app(db_path: str | Path) -> FastAPI:
    """The ASGI app over the store at `db_path`."""
    store = Store(db_path)
    app = FastAPI(
        title="marsad", version="0.1.0", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
        description="Arabic news observatory: articles, entities, quotes and PLOVER events, "
                    "every field traced to character offsets.",
    )
    app.state.store = store

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Any:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return JSONResponse(error_body(413, f"request body over {MAX_BODY_BYTES} bytes"), status_code=413)
        return await call_next(request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if not request.url.path.startswith("/api"):
            from marsad.web.routes import render_error

            return render_error(request, exc.status_code, str(exc.detail))
        return JSONResponse(error_body(exc.status_code, str(exc.detail)), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errs = [{"loc": list(e.get("loc", [])), "msg": e.get("msg")} for e in exc.errors()]
        return JSONResponse(error_body(422, "invalid request", errs), status_code=422)

    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, exc: MarsadError) -> JSONResponse:
        status = 400 if isinstance(exc, InputError) else 500
        return JSONResponse(error_body(status, str(exc)), status_code=status)

    static = Path(__file__).resolve().parents[1] / "web" / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")
    try:
        import swagger_ui_bundle

        app.mount("/api/swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")
    except ImportError:  # docs then fall back to the JSON schema alone
        log.warning("swagger-ui-bundle is not installed; /api/docs will not render")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json", title="marsad API",
            swagger_js_url="/api/swagger/swagger-ui-bundle.js", swagger_css_url="/api/swagger/swagger-ui.css",
            swagger_favicon_url="/api/swagger/favicon-32x32.png",
        )

    @app.post("/api/analyze", summary="Analyse one article")
    def analyze(req: AnalyzeRequest) -> dict[str, Any]:
        from marsad.api.python import analyze as run

        doc = run(req.text, published=req.published, url=req.url, title=req.title)
        rec = doc.to_dict()
        if req.store:
            key, _ = store.add(doc, source="api")
            rec["store_id"] = key
        return rec

    common = {
        "q": Query(None, description="Arabic full-text query (spelling variants and clitics match)."),
        "type": Query(None, description="PLOVER event type."),
        "actor": Query(None), "speaker": Query(None), "place": Query(None),
        "date_from": Query(None, alias="from", description="YYYY-MM-DD"),
        "date_to": Query(None, alias="to", description="YYYY-MM-DD"),
        "limit": Query(20, ge=1, le=500), "offset": Query(0, ge=0),
    }

    @app.get("/api/articles", response_model=Page, summary="Search articles")
    def articles(q: str | None = common["q"], type: str | None = common["type"],
                 actor: str | None = common["actor"], speaker: str | None = common["speaker"],
                 place: str | None = common["place"], date_from: str | None = common["date_from"],
                 date_to: str | None = common["date_to"], limit: int = common["limit"],
                 offset: int = common["offset"]) -> dict[str, Any]:
        total, items = search_articles(store, _filters(q, type, actor, speaker, place, date_from, date_to, limit, offset))
        return {"total": total, "items": items}

    @app.get("/api/articles/{article_id}", summary="One analysed article (marsad.analysis/1)")
    def article(article_id: str) -> dict[str, Any]:
        rec = article_record(store, article_id)
        if rec is None:
            raise StarletteHTTPException(404, f"no article {article_id!r}")
        return rec

    @app.get("/api/events", response_model=Page, summary="Search events")
    def events(q: str | None = common["q"], type: str | None = common["type"],
               actor: str | None = common["actor"], speaker: str | None = common["speaker"],
               place: str | None = common["place"], date_from: str | None = common["date_from"],
               date_to: str | None = common["date_to"], limit: int = common["limit"],
               offset: int = common["offset"]) -> dict[str, Any]:
        total, items = search_events(store, _filters(q, type, actor, speaker, place, date_from, date_to, limit, offset))
        return {"total": total, "items": items}

    @app.get("/api/quotes", response_model=Page, summary="Search quotes")
    def quotes(q: str | None = common["q"], type: str | None = common["type"],
               actor: str | None = common["actor"], speaker: str | None = common["speaker"],
               place: str | None = common["place"], date_from: str | None = common["date_from"],
               date_to: str | None = common["date_to"], limit: int = common["limit"],
               offset: int = common["offset"]) -> dict[str, Any]:
        total, items = search_quotes(store, _filters(q, type, actor, speaker, place, date_from, date_to, limit, offset))
        return {"total": total, "items": items}

    @app.get("/api/entities/{ident:path}", summary="An actor: names, quotes, events, timeline")
    def entity(ident: str) -> dict[str, Any]:
        prof = entity_profile(store, ident)
        if prof is None:
            raise StarletteHTTPException(404, f"no entity {ident!r}")
        return prof

    from marsad.web.routes import add_web_routes

    add_web_routes(app, store)
    return app
