"""The probe of issue #11, replayed against a real `python app.py` with REPORTQA_API_TOKEN set.

Each request here is one an attacker sent: Gradio's own API routes without the token, a client naming a
server file as an upload or a chat message, an oversize body, report text carrying markup.
"""

import http.server
import json
import re
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from bench.load import free_port, serve

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "probe-token-9f3"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PIXEL_HITS: list[str] = []

def hostile_report(pixel_port: int) -> bytes:
    """A real report (洛宁县 2020, renamed) whose problems carry a tag split over two lines, a markdown image
    of a tracking pixel, a script and a javascript: link."""
    text = next(ROOT.glob("data/reports/001_*.txt")).read_text(encoding="utf-8").replace("洛宁", "汝南")
    problem = "一是网络维护能力还有欠缺。"
    assert problem in text
    return text.replace(problem, (
        "一是网络维护能力还有欠缺<img src=x onerror=alert(1)\n>，平台更新不够及时。"
        f"![](http://127.0.0.1:{pixel_port}/pixel.png)<script>alert(2)</script>[点此](javascript:alert(3))")).encode()


@pytest.fixture(scope="module")
def pixel_port():
    """A server standing for the attacker's host: it records every request a browser makes to it."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server API)
            PIXEL_HITS.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    port = free_port()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield port
    httpd.shutdown()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    data = tmp_path_factory.mktemp("guarded") / "data"
    process, url = serve({"REPORTQA_DATA_DIR": str(data), "REPORTQA_API_TOKEN": TOKEN, "REPORTQA_MAX_FILE_MB": "2",
                          "REPORTQA_PARSE_TIMEOUT": "8"}, log=data.parent / "app.log")
    yield url, data
    process.terminate()
    process.wait(timeout=30)


def reports(url: str) -> int:
    return httpx.get(f"{url}/api/health").json()["reports"]


def sse_result(url: str, response: httpx.Response) -> str:
    """Gradio's two-step call: POST returns an event id, GET streams the result."""
    if response.status_code != 200:
        return response.text
    event = response.json()["event_id"]
    stream = httpx.get(response.request.url.copy_with(path=response.request.url.path + f"/{event}"), headers=AUTH,
                       timeout=120).text
    # the data lines are JSON: decode them so that a test reads the text a user would
    lines = [line.removeprefix("data: ") for line in stream.splitlines() if line.startswith("data: ")]
    return "\n".join([stream.split("\n", 1)[0], *(json.dumps(json.loads(x), ensure_ascii=False) for x in lines
                                                 if x.strip() not in ("", "null"))])


GRADIO_ROUTES = [
    ("POST", "/gradio_api/call/ask", {"data": ["洛宁县2020年收到多少申请？", ""]}),
    ("POST", "/gradio_api/run/ask", {"data": ["洛宁县2020年收到多少申请？", ""]}),
    ("POST", "/gradio_api/queue/join", {"data": ["x", ""], "fn_index": 0, "session_hash": "abc"}),
    ("POST", "/gradio_api/call/respond", {"data": ["x", []]}),
    ("POST", "/gradio_api/run/reports_table", {"data": []}),
    ("POST", "/gradio_api/call/upload", {"data": [[{"path": str(ROOT / "README.md"), "meta": {"_type": "gradio.FileData"}}]]}),
    ("GET", "/gradio_api/info", None),
    ("GET", "/gradio_api/file=" + str(ROOT / "README.md"), None),
    ("GET", "/config", None),
    ("GET", "/docs", None),
    ("GET", "/openapi.json", None),
    ("GET", "/api/reports", None),
]


@pytest.mark.parametrize("method,path,body", GRADIO_ROUTES, ids=[p for _, p, _ in GRADIO_ROUTES])
def test_nothing_answers_without_the_token(guarded, method, path, body):
    url, _ = guarded
    response = httpx.request(method, url + path, json=body, timeout=30)
    assert response.status_code == 401, response.text
    assert response.json() == {"error": "a valid bearer token is required", "code": "api.token"}
    assert "root:" not in response.text and "报告问答 · report-qa" not in response.text


def test_gradio_upload_without_the_token_is_refused_and_indexes_nothing(guarded):
    url, _ = guarded
    before = reports(url)
    response = httpx.post(f"{url}/gradio_api/upload", files={"files": ("r.txt", b"x" * 1000, "text/plain")})
    assert response.status_code == 401
    assert reports(url) == before


def test_the_page_asks_for_the_token(guarded):
    url, _ = guarded
    page = httpx.get(url + "/", headers={"Accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    wrong = httpx.post(f"{url}/login", data={"token": "guess", "next": "/"})
    assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
    with httpx.Client(base_url=url) as client:
        ok = client.post("/login", data={"token": TOKEN, "next": "//evil.example/x"})
        assert ok.status_code == 303 and ok.headers["location"] == "/"  # never an open redirect
        assert "HttpOnly" in ok.headers["set-cookie"]
        assert client.get("/config").status_code == 200  # the cookie opens the UI's own routes
        assert client.get("/logout").status_code == 303
    assert httpx.get(f"{url}/api/health").status_code == 200


def test_client_named_files_are_never_read(guarded):
    """With the token: an upload naming a server file, the /etc/passwd chat message, direct file URLs."""
    url, _ = guarded
    before = reports(url)
    upload = httpx.post(f"{url}/gradio_api/call/upload", headers=AUTH, timeout=60,
                        json={"data": [[{"path": str(ROOT / "README.md"), "meta": {"_type": "gradio.FileData"}}]]})
    assert "report-qa" not in sse_result(url, upload)  # refused, never quoted back
    chat = httpx.post(f"{url}/gradio_api/call/respond", headers=AUTH, timeout=60, json={"data": [
        "hello", [{"role": "user", "content": [{"type": "file", "file": {
            "path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}}}]}]]})
    streamed = sse_result(url, chat)
    assert "root:" not in streamed
    for path in set(re.findall(r"/gradio_api/file=[^\"\\ ]+", streamed)):
        assert "root:" not in httpx.get(url + path, headers=AUTH).text
    for target in ("/etc/passwd", str(ROOT / "README.md"), str(ROOT / "app.py"), "http://127.0.0.1:1/x"):
        response = httpx.get(f"{url}/gradio_api/file={target}", headers=AUTH)
        assert response.status_code in (403, 404) and set(response.json()) == {"error", "code"}
    assert reports(url) == before


def test_oversize_bodies_are_refused_before_they_are_read(guarded):
    url, _ = guarded
    host, port = url.removeprefix("http://").split(":")
    for path, auth in (("/api/reports", ""), ("/api/reports", f"Authorization: Bearer {TOKEN}\r\n"),
                       ("/gradio_api/upload", f"Authorization: Bearer {TOKEN}\r\n")):
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            # 300 MB announced, none sent: the answer must come without waiting for the body
            sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: multipart/form-data; boundary=b\r\n"
                         f"Content-Length: {300 * 1024 * 1024}\r\n\r\n".encode())
            head = sock.recv(4096).decode("latin-1")
        assert head.split()[1] in ("401", "413"), head
        assert head.split()[1] == ("401" if not auth else "413")


def test_uploads_through_gradio_get_the_same_checks(guarded, tmp_path):
    url, _ = guarded
    before = reports(url)
    for name, data in (("tool.exe", b"MZ\x90\x00"), ("fake.pdf", b"not a pdf at all"), ("fake.docx", b"plain text"),
                       ("big.txt", "报告".encode() * (2 * 1024 * 1024))):
        sent = httpx.post(f"{url}/gradio_api/upload", headers=AUTH, files={"files": (name, data)}, timeout=60)
        if sent.status_code != 200:  # refused at the door (type or size)
            assert set(sent.json()) == {"error", "code"}
            continue
        [path] = sent.json()
        call = httpx.post(f"{url}/gradio_api/call/upload", headers=AUTH, timeout=60,
                          json={"data": [[{"path": path, "meta": {"_type": "gradio.FileData"}}]]})
        result = sse_result(url, call)
        assert "✗" in result or "event: error" in result, result
    assert reports(url) == before


def test_a_bomb_is_refused_within_the_limit_while_other_uploads_proceed(guarded, tmp_path):
    from tests.test_worker import write_bomb

    url, _ = guarded
    before = reports(url)
    bomb = write_bomb(tmp_path / "bomb.pdf", 600)  # 1.2 MB that inflates to 600 MB
    good = next(ROOT.glob("data/reports/002_*.txt")).read_text(encoding="utf-8").replace("邙岭", "鹤岭")
    results: dict[str, httpx.Response] = {}

    def send(name: str, data: bytes) -> None:
        results[name] = httpx.post(f"{url}/api/reports", headers=AUTH, files={"file": (name, data)}, timeout=300)

    started = time.monotonic()
    threads = [threading.Thread(target=send, args=("bomb.pdf", bomb.read_bytes()))]
    threads[0].start()
    time.sleep(0.5)  # the bomb first: the good file waits for it, then goes through
    threads.append(threading.Thread(target=send, args=("good.txt", good.encode())))
    threads[1].start()
    for t in threads:
        t.join()
    assert results["bomb.pdf"].status_code == 422
    assert "too large or too complex to read" in results["bomb.pdf"].json()["error"]
    assert results["good.txt"].status_code == 200, results["good.txt"].text
    assert time.monotonic() - started < 8 + 90  # the limit plus the good file's own indexing
    assert reports(url) == before + 1


def test_sigterm_stops_the_app_mid_parse(guarded, tmp_path):
    """A second app process on the same index, its parsing worker busy with a slow file: SIGTERM ends both."""
    from tests.test_worker import alive, parse_workers, write_bomb

    _, data = guarded
    process, url = serve({"REPORTQA_DATA_DIR": str(data), "REPORTQA_API_TOKEN": TOKEN,
                          "REPORTQA_PARSE_TIMEOUT": "600"}, log=tmp_path / "app.log")
    slow = write_bomb(tmp_path / "slow.pdf", 50)  # minutes of pdfminer work
    thread = threading.Thread(target=lambda: httpx.post(f"{url}/api/reports", headers=AUTH, timeout=600,
                                                        files={"file": ("slow.pdf", slow.read_bytes())}),
                              daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not parse_workers(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = parse_workers(process.pid)
    assert workers, "the upload never reached a parsing worker"
    time.sleep(3)  # past the worker's imports: it is parsing
    process.terminate()
    stopped = time.monotonic()
    process.wait(timeout=30)
    assert time.monotonic() - stopped < 10
    time.sleep(1)
    assert not [pid for pid in workers if alive(pid)]


@pytest.mark.parametrize("content,headers", [
    (b'{"question": "\xff\xfe"}', {"Content-Type": "application/json"}),
    (b"[" * 100_000 + b"]" * 100_000, {"Content-Type": "application/json"}),
    (b"{not json", {"Content-Type": "application/json"}),
], ids=["invalid-utf8", "deep-json", "broken-json"])
def test_bad_bodies_get_json_errors(guarded, content, headers):
    url, _ = guarded
    response = httpx.post(f"{url}/api/ask", content=content, headers={**AUTH, **headers}, timeout=30)
    assert 400 <= response.status_code < 500
    assert set(response.json()) == {"error", "code"} and "Traceback" not in response.text


def test_every_error_body_is_error(guarded):
    url, _ = guarded
    long_name = httpx.post(f"{url}/api/reports", headers=AUTH, files={"file": ("a" * 10_000 + ".pdf", b"%PDF-1.4 x")})
    unknown = httpx.get(f"{url}/no/such/path", headers=AUTH)
    unknown_api = httpx.get(f"{url}/api/nothing", headers=AUTH)
    wrong_method = httpx.delete(f"{url}/api/ask", headers=AUTH)
    for response in (long_name, unknown, unknown_api, wrong_method):
        assert response.status_code >= 400
        assert set(response.json()) == {"error", "code"}, response.text


def test_report_markup_reaches_no_browser(guarded, pixel_port):
    url, _ = guarded
    uploaded = httpx.post(f"{url}/api/reports", headers=AUTH, timeout=300,
                          files={"file": ("hostile.txt", hostile_report(pixel_port))})
    assert uploaded.status_code == 200, uploaded.text
    body = httpx.post(f"{url}/api/ask", headers=AUTH, timeout=120,
                      json={"question": "汝南县2020年政府信息公开工作存在哪些主要问题？"}).json()
    shown = json.dumps(body, ensure_ascii=False)
    assert "网络维护能力" in body["answer"]  # the problems are quoted...
    for markup in ("<img", "<script", "![", "](", "onerror=alert(1)>"):  # ...as text only
        assert markup not in shown

    from tests.test_app import _browser

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser = _browser()
    try:
        browser.get(url + "/")  # the login page first
        WebDriverWait(browser, 30).until(lambda b: b.find_element(By.ID, "token")).send_keys(TOKEN)
        browser.find_element(By.ID, "login").click()
        box = WebDriverWait(browser, 60).until(lambda b: b.find_element(By.CSS_SELECTOR, "#question textarea"))
        box.send_keys("汝南县2020年政府信息公开工作存在哪些主要问题？")
        browser.find_element(By.ID, "ask").click()
        WebDriverWait(browser, 120).until(lambda b: "网络维护能力" in b.find_element(By.ID, "chat").text)
        time.sleep(1)  # give any image in the message the time to load
        chat = browser.find_element(By.ID, "chat")
        assert not chat.find_elements(By.CSS_SELECTOR, ".message img, .message script")
        assert "＜img" in chat.text  # shown as text
    finally:
        browser.quit()
    assert PIXEL_HITS == []


@pytest.mark.parametrize("text,forbidden", [
    ("一是<img src=x onerror=alert(1)\n>问题", ["<img", ">"]),
    ("见![](http://h/p.png)和[链接](javascript:x)", ["![", "](", "[链接]"]),
    ("<http://h/autolink> 与 <script>x</script>", ["<", ">"]),
    ("终端\x1b[31m红色\x07", ["\x1b", "\x07", "["]),
])
def test_report_text_is_inert(text, forbidden):
    from assistant.answer import Answer, as_data

    shown = Answer("q", text, sources=[{"text": text, "file": "a.txt"}], warnings=[text]).to_json()
    for value in (shown["answer"], shown["sources"][0]["text"], shown["warnings"][0], as_data({"k": [text]})["k"][0]):
        assert not any(f in value for f in forbidden)
        assert value.count("\n") == text.count("\n")  # line breaks stay
    assert shown["question"] == "q" and shown["sources"][0]["file"] == "a.txt"


@pytest.mark.parametrize("target,expected", [("/", "/"), ("/?x=1", "/?x=1"), ("//evil.example", "/"),
                                             ("https://evil.example", "/"), ("/\\evil", "/"), ("", "/")])
def test_login_redirects_stay_on_this_server(target, expected):
    from assistant.gate import _safe_next

    assert _safe_next(target) == expected
