"""Fake OpenAI-compatible chat servers on loopback for the tests (the `fake_llm` fixture): a reply, a streamed reply,
a server that hangs or errors."""

import http.server
import json
import threading

HANG, ERROR = object(), object()


def send_chat_reply(handler, content: str) -> None:
    """Write `content` as the one choice of a chat completion, from a BaseHTTPRequestHandler."""
    data = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def send_chat_stream(handler, pieces, hang=None) -> None:
    """Write `pieces` as a streamed chat completion (server-sent events, then [DONE]); a piece that is `hang` stops
    the stream there, holding the connection until the server's `released` event (a server that stalls midway)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()
    for piece in pieces:
        if hang is not None and piece is hang:
            handler.server.released.wait(30)
            handler.server.hung_up.append(handler.server.released.is_set())
            return
        chunk = {"choices": [{"index": 0, "delta": {"content": piece}}]}
        handler.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
        handler.wfile.flush()
    handler.wfile.write(b"data: [DONE]\n\n")
    handler.wfile.flush()


class FakeLLM(http.server.BaseHTTPRequestHandler):
    """POST /v1/chat/completions answered by the server's `script(kind, messages)`: a reply, HANG or ERROR; asked to
    stream, the reply in server-sent events (a list of pieces may hold HANG: the stream stalls there)."""

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        system = body["messages"][0]["content"]
        kind = "reading" if "structured reading" in system else "rewrite" if "stands on its own" in system else "prose"
        self.server.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "kind": kind,
                                     "body": body})
        reply = self.server.script(kind, body["messages"])
        if body.get("stream") and reply is not HANG and reply is not ERROR:
            # a streamed reply: the pieces given, or the text in pieces of a few characters
            pieces = reply if isinstance(reply, list) else [reply[i:i + 6] for i in range(0, len(reply), 6)]
            return send_chat_stream(self, pieces, hang=HANG)
        if reply is HANG:  # no answer until the test lets go (a bound, so a client that never gives up fails)
            self.server.released.wait(30)
            self.server.hung_up.append(self.server.released.is_set())
            return
        if reply is ERROR:
            self.send_response(500)
            self.end_headers()
            return
        send_chat_reply(self, reply)

    def log_message(self, *args):
        pass


def fake_servers():
    """The `fake_llm` fixture (tests/conftest.py): start fake servers with `start(script)` → (server, base URL
    with /v1); they are stopped after the test."""
    servers = []

    def start(script):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeLLM)
        server.daemon_threads = True
        server.script, server.requests = script, []
        server.released, server.hung_up = threading.Event(), []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}/v1"

    yield start
    for server in servers:
        server.released.set()
        server.shutdown()
        server.server_close()
