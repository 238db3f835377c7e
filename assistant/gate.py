"""The server's front door (pure ASGI, around the API *and* the mounted Gradio app).

One place decides what reaches the application, before a byte of the body is read:
- with a token configured, every route needs it (a bearer header, or the cookie the login page sets)
  except `/api/health`, the login page itself and the widget script;
- bodies larger than the route allows are refused from their Content-Length;
- Gradio's file route serves only files inside its own upload folder (never a client-chosen path, never
  a URL it would fetch); its proxy route is closed;
- every error body is `{"error": "...", "code": "..."}`, whoever produced it (FastAPI, Starlette or Gradio): the
  sentence in the language of the request's Accept-Language and its catalogue key.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import json
import os
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote

from index.messages import Message, error_body, header_language

COOKIE = "reportqa_session"
PUBLIC = {"/api/health", "/login", "/logout", "/widget.js"}
UPLOAD_ROUTES = ("/api/reports", "/gradio_api/upload")
SMALL_BODY = 1024 * 1024  # a question, a login or a Gradio event: far below this
FAILED_LOGIN_DELAY = 0.5  # seconds: slows guessing without blocking anyone else (asyncio)


def session_value(token: str) -> str:
    """The cookie's value: derived from the token, so it changes when the token does."""
    return hmac.new(token.encode(), b"report-qa ui session", hashlib.sha256).hexdigest()


def login_page(message: str = "", next_path: str = "/") -> bytes:
    """A minimal page of our own: no Gradio assets load before the token is given."""
    note = f'<p class="err">{html.escape(message)}</p>' if message else ""
    return f"""<!doctype html><html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>报告问答 · 登录 Sign in</title>
<style>body{{font-family:sans-serif;max-width:26rem;margin:12vh auto;padding:0 1rem}}
input{{width:100%;padding:.5rem;margin:.5rem 0;box-sizing:border-box}}button{{padding:.5rem 1.2rem}}
.err{{color:#b00}}</style></head><body><h1>报告问答 report-qa</h1>
<p>请输入访问令牌。Enter the access token.</p>{note}
<form method="post" action="/login"><input type="hidden" name="next" value="{html.escape(next_path)}">
<input type="password" name="token" id="token" autocomplete="current-password" autofocus
 aria-label="token"><button type="submit" id="login">登录 Sign in</button></form></body></html>""".encode()


class Gate:
    """ASGI middleware: authentication, body limits, Gradio file confinement and error bodies."""

    def __init__(self, app, *, token: str | None, upload_bytes: int, gradio_folder: Path):
        self.app = app
        self.token = token
        self.upload_bytes = upload_bytes
        self.gradio_folder = Path(os.path.realpath(gradio_folder))

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)  # lifespan
        path = scope.get("path", "")
        if scope["type"] == "websocket":
            if self.token and not self._authorised(scope):
                return await send({"type": "websocket.close", "code": 1008})
            return await self.app(scope, receive, send)
        if path == "/login" and scope["method"] == "POST" and self.token:
            return await self._login(scope, receive, send)
        if path == "/logout" and self.token:
            return await _respond(send, 303, b"", "text/plain", [(b"location", b"/login"), _cookie("", 0)])
        if path == "/login" and self.token:
            return await _respond(send, 200, login_page(next_path=_next(scope)), "text/html; charset=utf-8")
        if self.token and path not in PUBLIC and scope["method"] != "OPTIONS" and not self._authorised(scope):
            if scope["method"] == "GET" and "text/html" in _header(scope, b"accept"):
                target = quote(path + ("?" + scope["query_string"].decode() if scope["query_string"] else ""))
                return await _respond(send, 303, b"", "text/plain", [(b"location", f"/login?next={target}".encode())])
            return await _error(send, scope, 401, "api.token", [(b"www-authenticate", b"Bearer")])
        limit = self.upload_bytes + SMALL_BODY if path.startswith(UPLOAD_ROUTES) else SMALL_BODY
        length = _header(scope, b"content-length")
        if length.isdigit() and int(length) > limit:
            return await _error(send, scope, 413, "api.request_too_large")
        refused = self._file_route(path)
        if refused:
            return await _error(send, scope, 403, refused)
        return await self.app(scope, receive, _json_errors(send, _language(scope)))

    def _authorised(self, scope) -> bool:
        scheme, _, given = _header(scope, b"authorization").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), self.token.encode()):
            return True
        cookie = _cookies(scope).get(COOKIE, "")
        return hmac.compare_digest(cookie.encode(), session_value(self.token).encode())

    def _file_route(self, path: str) -> str | None:
        """Why a Gradio file/proxy request is refused (a catalogue key), or None: only files Gradio itself stored."""
        if path.startswith("/gradio_api/proxy="):
            return "api.not_available"
        if not path.startswith("/gradio_api/file="):
            return None
        target = unquote(path[len("/gradio_api/file="):])
        if "://" in target:
            return "api.file_not_allowed"
        real = Path(os.path.realpath(target))
        if real != self.gradio_folder and self.gradio_folder not in real.parents:
            return "api.file_not_allowed"
        return None

    async def _login(self, scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > 8192:
                return await _error(send, scope, 413, "api.request_too_large")
            if not message.get("more_body"):
                break
        form = parse_qs(body.decode("utf-8", "replace"))
        given = (form.get("token") or [""])[0]
        target = _safe_next((form.get("next") or ["/"])[0])
        if hmac.compare_digest(given.encode(), self.token.encode()):
            secure = scope.get("scheme") == "https"
            return await _respond(send, 303, b"", "text/plain",
                                  [(b"location", target.encode()), _cookie(session_value(self.token), None, secure)])
        await asyncio.sleep(FAILED_LOGIN_DELAY)
        return await _respond(send, 401, login_page("令牌不正确。Wrong token.", target), "text/html; charset=utf-8")


def _language(scope) -> str:
    return header_language(_header(scope, b"accept-language"))


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


def _cookies(scope) -> dict[str, str]:
    out = {}
    for part in _header(scope, b"cookie").split(";"):
        key, _, value = part.strip().partition("=")
        if key:
            out[key] = value
    return out


def _cookie(value: str, max_age: int | None, secure: bool = False) -> tuple[bytes, bytes]:
    attributes = f"{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax"
    if max_age is not None:
        attributes += f"; Max-Age={max_age}"
    if secure:
        attributes += "; Secure"
    return b"set-cookie", attributes.encode()


def _next(scope) -> str:
    query = parse_qs(scope.get("query_string", b"").decode("utf-8", "replace"))
    return _safe_next((query.get("next") or ["/"])[0])


def _safe_next(target: str) -> str:
    # only a path on this server: never "//host" or "https://host" (an open redirect)
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


async def _respond(send, status: int, body: bytes, content_type: str, headers: list | None = None) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


async def _error(send, scope, status: int, key: str, headers: list | None = None) -> None:
    body = error_body(Message(key), _language(scope))
    await _respond(send, status, json.dumps(body).encode(), "application/json", headers)


def _json_errors(send, language: str):
    """Wrap `send` so that an error response with a JSON `detail` or a plain-text body becomes
    {"error": ..., "code": ...} (the API's own bodies already are)."""
    state: dict = {}

    async def wrapped(message):
        if message["type"] == "http.response.start" and message["status"] >= 400:
            content_type = dict(message.get("headers", [])).get(b"content-type", b"").decode("latin-1")
            if content_type.startswith(("application/json", "text/plain")):
                state["start"], state["body"] = message, b""
                return None
        if message["type"] == "http.response.body" and "start" in state:
            state["body"] += message.get("body", b"")
            if message.get("more_body"):
                return None
            start, body = state.pop("start"), _error_body(state.pop("body"), language)
            headers = [(k, v) for k, v in start.get("headers", []) if k not in (b"content-length", b"content-type")]
            await send({**start, "headers": [*headers, (b"content-type", b"application/json"),
                                             (b"content-length", str(len(body)).encode())]})
            return await send({"type": "http.response.body", "body": body})
        return await send(message)

    return wrapped


def _error_body(body: bytes, language: str) -> bytes:
    text = body.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict) and "error" in data and "code" in data:
        return body
    if isinstance(data, dict) and "error" in data:
        text = str(data["error"])
    elif isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        text = detail if isinstance(detail, str) else "invalid request"
    return json.dumps(error_body(Message("api.error", detail=text.strip() or "error"), language),
                      ensure_ascii=False).encode()
