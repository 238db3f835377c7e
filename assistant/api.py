"""The REST API for an internal help portal (FastAPI); the Gradio UI is mounted beside it in app.py."""

from __future__ import annotations

import hmac
import importlib.resources
import json
import logging
from collections.abc import Sequence
from pathlib import Path

from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from index.fetch import MAX_URL
from index.messages import Message, error_body, header_language, message_of, said
from index.readers import formats

from .router import MAX_QUESTION
from .service import QueryError, Service, UploadError
from .source_view import PNG, SourceError

STATIC = Path(__file__).resolve().parent / "static"
DOCS_ASSETS = "/docs-assets"  # Swagger UI's own files, from the fastapi-offline package
log = logging.getLogger("report-qa.api")


class AskRequest(BaseModel):
    question: str = Field(..., max_length=MAX_QUESTION, description="the question, Chinese or English")
    session_id: str | None = Field(None, max_length=128, description="continue this conversation")


class UrlRequest(BaseModel):
    url: str = Field(..., max_length=MAX_URL, description="the http(s) address of a report: a web page, PDF, DOCX or text")


class ErrorBody(BaseModel):
    error: str = Field(..., description="the error, in the language of the request's Accept-Language (zh or en)")
    code: str = Field(..., description="the catalogue key of the error (index/messages.py): stable, for clients")


def language(request: Request) -> str:
    """The language of a request: its Accept-Language (zh…: Chinese; anything else or none: English)."""
    return header_language(request.headers.get("accept-language"))




_STATUS_MESSAGES = {404: ("Not Found", "api.not_found"), 405: ("Method Not Allowed", "api.method")}


def _http_message(exc: StarletteHTTPException) -> Message:
    """Ours carry a message; Starlette's own (404, 405) are said from the catalogue too."""
    if isinstance(exc.detail, Message):
        return exc.detail
    phrase, key = _STATUS_MESSAGES.get(exc.status_code, (None, None))
    return Message(key) if exc.detail == phrase else Message("api.error", detail=str(exc.detail))


def _offline_docs(app: FastAPI) -> None:
    """/docs (Swagger UI 5, which reads OpenAPI 3.1) with its files served from the fastapi-offline package: nothing
    is fetched from a CDN. (No /redoc: ReDoc fetches its maker's logo from the network.)"""
    assets = importlib.resources.files("fastapi_offline") / "static"
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} — docs",
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png")


def create_api(service: Service, token: str | None = None, cors_origins: Sequence[str] = ()) -> FastAPI:
    """The API app. With `token`, every /api call needs `Authorization: Bearer <token>`."""
    app = FastAPI(title="报告问答 report-qa API", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Exact, cited answers over government information disclosure annual reports.")
    _offline_docs(app)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    def authorised(request: Request) -> None:
        if not token:
            return
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(status_code=401, detail=Message("api.token"))

    guard = [Depends(authorised)]
    errors = {401: {"model": ErrorBody}, 422: {"model": ErrorBody}}

    @app.exception_handler(StarletteHTTPException)  # FastAPI's own and the router's 404/405 alike
    async def http_error(request: Request, exc: StarletteHTTPException):
        return JSONResponse(error_body(_http_message(exc), language(request)), status_code=exc.status_code,
                            headers={"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        invalid_request = Message("api.invalid", where=where, detail=first.get("msg", ""))
        return JSONResponse(error_body(invalid_request, language(request)), status_code=422)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse(error_body(Message("api.internal"), language(request)), status_code=500)

    @app.post("/api/ask", dependencies=guard, responses=errors, tags=["questions"])
    def ask(body: AskRequest) -> dict:
        """Answer one question; with `session_id`, as the next turn of that conversation."""
        return service.ask(body.question, body.session_id)

    @app.post("/api/ask/stream", dependencies=guard, responses={**errors, 200: {
        "content": {"text/event-stream": {}},
        "description": "server-sent events: `text` ({\"text\": the words so far}) while an optional language model "
                       "writes them, then one `answer` (the object `/api/ask` returns), which has the last word"}},
              tags=["questions"], response_class=StreamingResponse)
    def ask_stream(body: AskRequest) -> StreamingResponse:
        """`/api/ask` as server-sent events, for a chat that shows a model's answer as it is written."""
        def events():
            for kind, value in service.ask_stream(body.question, body.session_id):
                yield f"event: {kind}\ndata: {json.dumps(value, ensure_ascii=False)}\n\n"

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.get("/api/reports", dependencies=guard, responses=errors, tags=["reports"])
    def reports(request: Request) -> list[dict]:
        """Every indexed report: agency, year, format, facts, failed checks (notes in the Accept-Language)."""
        return service.reports(language(request))

    @app.get("/api/facts", dependencies=guard, responses=errors, tags=["reports"])
    def facts(agency: str | None = Query(None, max_length=100), year: int | None = Query(None, ge=1990, le=2100),
              table: str | None = Query(None, max_length=40)) -> list[dict]:
        """Table records with provenance, filtered by agency (any of its names), year and table."""
        try:
            return service.facts(agency, year, table)
        except QueryError as exc:
            raise HTTPException(status_code=422, detail=exc.message) from None

    @app.get("/api/checks", dependencies=guard, responses=errors, tags=["reports"])
    def checks(request: Request, agency: str | None = Query(None, max_length=100),
               year: int | None = Query(None, ge=1990, le=2100),
               failed: bool = Query(False, description="only the rules a report fails")) -> list[dict]:
        """Every consistency rule result with its evidence, per report (rule 5 compares consecutive years; messages
        in the Accept-Language)."""
        return service.checks(agency, year, failed, language(request))

    @app.get("/api/source", dependencies=guard, response_class=Response, tags=["reports"],
             responses={**errors, 404: {"model": ErrorBody},
                        200: {"content": {PNG: {}, "text/html": {}},
                              "description": "the PDF page with the cell boxed, or the parsed table with it highlighted"}})
    def source(request: Request, fact: int = Query(..., ge=1, description="a record's id: `source.fact` of an answer's "
                                                                            "value")) -> Response:
        """A cited value in its report: for a PDF the page (PNG) with the value's cell boxed in red; for DOCX, HTML
        and text the parsed table (HTML) with the cell highlighted and the line as the file has it."""
        try:
            view = service.source(fact, language(request))
        except SourceError as exc:
            raise HTTPException(status_code=404, detail=exc.message) from None
        # the report is data: an HTML view runs nothing and loads nothing, whatever a cell says
        headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff",
                   "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
        return Response(view.body, media_type=view.media_type, headers=headers)

    @app.post("/api/reports", dependencies=guard, responses={**errors, 413: {"model": ErrorBody}},
              tags=["reports"])
    def upload(request: Request, file: UploadFile = File(..., description=f"a report file ({formats()})")) -> dict:
        """Index an uploaded report; it is answerable as soon as this returns."""
        data = file.file.read(service.max_upload_bytes + 1)
        if len(data) > service.max_upload_bytes:
            raise HTTPException(status_code=413, detail=Message("api.file_too_large"))
        try:
            result = service.upload(file.filename or "", data)
        except UploadError as exc:
            raise HTTPException(status_code=422, detail=exc.message) from None
        if not result.ok:
            raise HTTPException(status_code=422, detail=message_of(result.message))
        return {"message": said(result.message, language(request)), "report": result.report}

    @app.post("/api/reports/url", dependencies=guard, responses={**errors, 403: {"model": ErrorBody}},
              tags=["reports"])
    def ingest_url(request: Request, body: UrlRequest) -> dict:
        """Fetch a report given by URL and index it (public addresses only unless REPORTQA_FETCH_URLS says otherwise;
        403 when it is off); its records cite the URL. Answerable as soon as this returns."""
        try:
            result = service.ingest_url(body.url)
        except UploadError as exc:
            raise HTTPException(status_code=403 if exc.message.key == "fetch.disabled" else 422,
                                detail=exc.message) from None
        if not result.ok:
            raise HTTPException(status_code=422, detail=message_of(result.message))
        return {"message": said(result.message, language(request)), "report": result.report}

    @app.get("/api/health", tags=["service"])
    def health() -> dict:
        """Liveness and what is indexed (no token needed)."""
        return {"status": "ok", "reports": len(service.assistant.catalog.reports)}

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> FileResponse:
        return FileResponse(STATIC / "widget.js", media_type="application/javascript")

    return app
