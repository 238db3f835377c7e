"""The optional language model: any OpenAI-compatible chat server (llama.cpp, Ollama, vLLM, a gateway), set by
REPORTQA_LLM_URL. `build.language_model` returns a `ChatModel` only when that is set; otherwise `NoModel`.

The model is asked three things (assistant/llm_prose.py, assistant/llm_reading.py, assistant/llm_rewrite.py): a
short prose answer from the passages and records an extractive answer already found, kept only as far as the
numeric guard lets it; a structured reading of a question the rules are unsure of, used only when every id in it
checks out; and a prose follow-up that leans on the conversation written out on its own, used to search the text
only when it names nothing the conversation did not. What it writes
is only ever text shown to the user or JSON that is validated: never SQL, a path or a tool call. A server that
errors or does not answer within REPORTQA_LLM_TIMEOUT leaves the rules' reading and the extractive answer.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import threading
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from .answer import Answer
from .language import Phrasing
from .understand import Intent

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
RETRY_AFTER_S = 30.0  # after a server timed out or could not be reached, how long it is not asked again
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)

log = logging.getLogger(__name__)


def endpoint(url: str) -> str:
    """The chat completions address of a server given by its base URL: "http://host:8080" and
    "http://host:8080/v1" both become "http://host:8080/v1/chat/completions"; a URL with its own path
    ("https://gateway/openai") gets "/chat/completions"; a full ".../chat/completions" stays as it is."""
    url = url.strip().rstrip("/")
    if url.endswith("/chat/completions"):
        return url
    if urlsplit(url).path in ("", "/"):
        url += "/v1"
    return url + "/chat/completions"


def prompt(name: str, **values: str) -> list[dict]:
    """The chat messages of prompts/<name>.txt (a "### system" and a "### user" part), `{key}` filled in.

    Only the keys given are replaced, so braces elsewhere in a prompt (a JSON example) stay as they are, and a
    value (report text) is never read as a template itself.
    """
    text = (PROMPTS / f"{name}.txt").read_text(encoding="utf-8")
    parts = re.split(r"^### (system|user)\s*$", text, flags=re.MULTILINE)
    messages = []
    for role, body in zip(parts[1::2], parts[2::2]):
        messages.append({"role": role, "content": re.sub(
            r"\{(\w+)\}", lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), body.strip())})
    return messages


class ChatClient:
    """POST /chat/completions with a hard time limit; None for anything but a usable answer (no exception)."""

    def __init__(self, url: str, model: str = "local", api_key: str | None = None, timeout_s: float = 20.0):
        self.url, self.model, self.api_key, self.timeout_s = endpoint(url), model, api_key, timeout_s
        self._down_until = 0.0

    def complete(self, messages: list[dict], max_tokens: int = 600) -> str | None:
        """The model's reply, or None: an error, no answer within the timeout, or a server that just failed so."""
        if time.monotonic() < self._down_until:
            return None
        result: dict = {}
        done = threading.Event()

        def call():
            try:
                result["text"] = self._post(messages, max_tokens)
            except Exception as exc:  # noqa: BLE001 (whatever the server or the network did: no answer)
                result["error"] = exc
            finally:
                done.set()

        # a thread bounds the whole call (httpx's timeout is per phase: a server trickling bytes could exceed it)
        threading.Thread(target=call, name="llm", daemon=True).start()
        if not done.wait(self.timeout_s + 0.5):
            self._timed_out()
            return None
        if "error" in result:
            self._failed(result["error"])
            return None
        return result.get("text")

    def _timed_out(self) -> None:
        """No whole answer within the timeout: said in the log, and the server is not asked again for a while."""
        log.warning("language model at %s: no answer within %.0f s", self.url, self.timeout_s)
        self._down_until = time.monotonic() + RETRY_AFTER_S

    def _failed(self, error: Exception) -> None:
        """An error: said in the log; a server that cannot be reached is not asked again for a while."""
        log.warning("language model at %s: %s", self.url, error)
        if _unreachable(error):
            self._down_until = time.monotonic() + RETRY_AFTER_S

    def _request(self, messages: list[dict], max_tokens: int, stream: bool) -> dict:
        """httpx's arguments for a chat completion: no proxy from the environment (every setting lives in Config),
        no redirects to elsewhere."""
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {"model": self.model, "messages": messages, "temperature": 0, "max_tokens": max_tokens,
                "stream": stream}
        return {"json": body, "headers": headers, "timeout": self.timeout_s, "trust_env": False}

    def _post(self, messages: list[dict], max_tokens: int) -> str | None:
        import httpx

        response = httpx.post(self.url, **self._request(messages, max_tokens, stream=False))
        response.raise_for_status()
        content = _content(response.json())
        return content.strip() if content and content.strip() else None

    def stream(self, messages: list[dict], max_tokens: int = 600) -> Iterator[str]:
        """The reply piece by piece as the server sends it ("stream": true, server-sent events). The generator's
        value (`yield from`) is whether the reply came whole: False after an error, or when the whole reply took
        longer than the timeout — the pieces so far are then all there is."""
        if time.monotonic() < self._down_until:
            return False
        pieces: queue.Queue = queue.Queue()

        def call():
            try:
                for piece in self._post_stream(messages, max_tokens):
                    pieces.put(("piece", piece))
                pieces.put(("end", None))
            except Exception as exc:  # noqa: BLE001 (whatever the server or the network did: the reply ends here)
                pieces.put(("error", exc))

        threading.Thread(target=call, name="llm-stream", daemon=True).start()
        deadline = time.monotonic() + self.timeout_s + 0.5  # the whole reply, as for `complete`
        while True:
            try:
                kind, value = pieces.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                self._timed_out()
                return False
            if kind == "piece":
                yield value
            elif kind == "end":
                return True
            else:
                self._failed(value)
                return False

    def _post_stream(self, messages: list[dict], max_tokens: int) -> Iterator[str]:
        import httpx

        with httpx.stream("POST", self.url, **self._request(messages, max_tokens, stream=True)) as response:
            response.raise_for_status()
            if "text/event-stream" not in response.headers.get("content-type", ""):
                # a server that ignores "stream" answers with one completion: its text is the one piece
                response.read()
                content = _content(response.json())
                if content:
                    yield content
                return
            for line in response.iter_lines():
                if not line.startswith("data:"):
                    continue  # comments, event names, keep-alives
                data = line[5:].strip()
                if data == "[DONE]":
                    return
                delta = (json.loads(data).get("choices") or [{}])[0].get("delta") or {}
                if isinstance(delta.get("content"), str) and delta["content"]:
                    yield delta["content"]


def _content(completion: dict) -> str | None:
    """The text of a (non-streamed) chat completion's first choice, if it is text."""
    content = completion["choices"][0]["message"]["content"]
    return content if isinstance(content, str) else None


def _unreachable(error: Exception) -> bool:
    import httpx

    return isinstance(error, httpx.TransportError)


def json_object(text: str | None) -> dict | None:
    """The JSON object a reply is (bare or in one ``` fence), or None: anything else is malformed."""
    if not text:
        return None
    text = text.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class ChatModel:
    """The language model behind REPORTQA_LLM_URL (assistant/language.LanguageModel), over the records `catalog`."""

    def __init__(self, client: ChatClient, catalog):
        self.client = client
        self.catalog = catalog

    def read(self, question: str, rules: Intent) -> Intent | None:
        from .llm_reading import read

        return read(self.client, self.catalog, question, rules)

    def rewrite(self, question: str, intent: Intent, context) -> str | None:
        from .llm_rewrite import rewrite

        return rewrite(self.client, self.catalog, question, intent, context)

    def phrase(self, answer: Answer) -> Phrasing | None:
        from .llm_prose import phrase

        return phrase(self.client, self.catalog, answer)

    def phrase_stream(self, answer: Answer) -> Generator[str, None, Phrasing | None]:
        from .llm_prose import phrase_stream

        return (yield from phrase_stream(self.client, self.catalog, answer))
