"""The REST API for an internal help portal (FastAPI); the Gradio UI is mounted beside it in app.py."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Sequence
from pathlib import Path

from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from index.readers import formats

from .router import MAX_QUESTION
from .service import Service, UploadError

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("report-qa.api")


class AskRequest(BaseModel):
    question: str = Field(..., max_length=MAX_QUESTION, description="the question, Chinese or English")
    session_id: str | None = Field(None, max_length=128, description="continue this conversation")


class ErrorBody(BaseModel):
    error: str


def create_api(service: Service, token: str | None = None, cors_origins: Sequence[str] = ()) -> FastAPI:
    """The API app. With `token`, every /api call needs `Authorization: Bearer <token>`."""
    app = FastAPI(title="报告问答 report-qa API", version="0.1.0",
                  description="Exact, cited answers over government information disclosure annual reports.")
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    def authorised(request: Request) -> None:
        if not token:
            return
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(status_code=401, detail="a valid bearer token is required")

    guard = [Depends(authorised)]
    errors = {401: {"model": ErrorBody}, 422: {"model": ErrorBody}}

    @app.exception_handler(StarletteHTTPException)  # FastAPI's own and the router's 404/405 alike
    async def http_error(_request: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers={"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return JSONResponse({"error": f"invalid request: {where} {first.get('msg', '')}".strip()}, status_code=422)

    @app.exception_handler(Exception)
    async def crashed(_request: Request, exc: Exception):
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse({"error": "internal error"}, status_code=500)

    @app.post("/api/ask", dependencies=guard, responses=errors, tags=["questions"])
    def ask(body: AskRequest) -> dict:
        """Answer one question; with `session_id`, as the next turn of that conversation."""
        return service.ask(body.question, body.session_id)

    @app.get("/api/reports", dependencies=guard, responses=errors, tags=["reports"])
    def reports() -> list[dict]:
        """Every indexed report: agency, year, format, facts, failed checks."""
        return service.reports()

    @app.get("/api/facts", dependencies=guard, responses=errors, tags=["reports"])
    def facts(agency: str | None = Query(None, max_length=100), year: int | None = Query(None, ge=1990, le=2100),
              table: str | None = Query(None, max_length=40)) -> list[dict]:
        """Table records with provenance, filtered by agency (any of its names), year and table."""
        try:
            return service.facts(agency, year, table)
        except ValueError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from None

    @app.get("/api/checks", dependencies=guard, responses=errors, tags=["reports"])
    def checks(agency: str | None = Query(None, max_length=100), year: int | None = Query(None, ge=1990, le=2100),
               failed: bool = Query(False, description="only the rules a report fails")) -> list[dict]:
        """Every consistency rule result with its evidence, per report (rule 5 compares consecutive years)."""
        return service.checks(agency, year, failed)

    @app.post("/api/reports", dependencies=guard, responses={**errors, 413: {"model": ErrorBody}},
              tags=["reports"])
    def upload(file: UploadFile = File(..., description=f"a report file ({formats()})")) -> dict:
        """Index an uploaded report; it is answerable as soon as this returns."""
        data = file.file.read(service.max_upload_bytes + 1)
        if len(data) > service.max_upload_bytes:
            raise HTTPException(status_code=413, detail="the file is too large")
        try:
            result = service.upload(file.filename or "", data)
        except UploadError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from None
        if not result.ok:
            raise HTTPException(status_code=422, detail=result.message)
        return {"message": result.message, "report": result.report}

    @app.get("/api/health", tags=["service"])
    def health() -> dict:
        """Liveness and what is indexed (no token needed)."""
        return {"status": "ok", "reports": len(service.assistant.catalog.reports)}

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> FileResponse:
        return FileResponse(STATIC / "widget.js", media_type="application/javascript")

    return app
