"""A web site of reports on 127.0.0.1 for the URL tests (http.server in a thread; nothing here reaches further).

    with Site() as site:
        site.pages["/report.html"] = Page(body, "text/html; charset=utf-8")
        site.url("/report.html")
"""

from __future__ import annotations

import http.server
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Page:
    body: bytes = b""
    type: str | None = "text/html"  # None: no Content-Type header
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True  # send Content-Length (without it the body ends when the connection closes)
    delay: float = 0.0  # seconds before the answer starts
    drip: float = 0.0  # seconds between the body's bytes


class Site:
    """The pages by path (query included); any other path answers 404."""

    def __init__(self):
        self.pages: dict[str, Page] = {}
        self.requests: list[str] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802  (http.server's name)
                site.requests.append(self.path)
                page = site.pages.get(self.path) or Page(b"<html><body><h1>404 Not Found</h1></body></html>",
                                                         status=404)
                try:
                    time.sleep(page.delay)
                    self.send_response(page.status)
                    if page.type:
                        self.send_header("Content-Type", page.type)
                    for name, value in page.headers.items():
                        self.send_header(name, value)
                    if page.length:
                        self.send_header("Content-Length", str(len(page.body)))
                    self.end_headers()
                    if page.drip:
                        for i in range(len(page.body)):
                            self.wfile.write(page.body[i:i + 1])
                            self.wfile.flush()
                            time.sleep(page.drip)
                    else:
                        self.wfile.write(page.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (too large, too slow): as it should

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
