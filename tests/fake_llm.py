"""An OpenAI-compatible chat endpoint's reply, for the fake language-model servers of the tests."""

import json


def send_chat_reply(handler, content: str) -> None:
    """Write `content` as the one choice of a chat completion, from a BaseHTTPRequestHandler."""
    data = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
