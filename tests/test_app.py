"""The app as users and portals reach it: `python app.py` on loopback, the REST API, gradio_client, a real Chromium."""

import http.server
import json
import os
import re
import subprocess
import threading
from functools import partial
from pathlib import Path

import httpx
import pytest

from bench.load import free_port, serve
from bench.synth import random_spec, render_pdf

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
TOKEN = "s3cret-token"


def start_app(data_dir: Path, port: int, **env: str) -> subprocess.Popen:
    process, _ = serve({"REPORTQA_DATA_DIR": str(data_dir), **env}, port, log=data_dir.parent / f"app-{port}.log")
    return process


@pytest.fixture(scope="module")
def portal_port():
    return free_port()


@pytest.fixture(scope="module")
def server(tmp_path_factory, portal_port):
    """First start on an empty data directory: the bundled reports are indexed, then the app serves."""
    data = tmp_path_factory.mktemp("app") / "data"
    port = free_port()
    process = start_app(data, port, REPORTQA_CORS_ORIGINS=f"http://127.0.0.1:{portal_port}")
    yield f"http://127.0.0.1:{port}", data
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def token_server(server):
    """A second app process on the same index, with a bearer token configured."""
    _, data = server
    port = free_port()
    process = start_app(data, port, REPORTQA_API_TOKEN=TOKEN)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=30)


class NoIndex:
    """The little of a Service the UI reads when it is built: no reports, no checks (tests of one handler)."""

    def reports(self):
        return []

    def checks(self):
        return []


def ask(url: str, question: str, session: str | None = None, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{url}/api/ask", json={"question": question, "session_id": session}, headers=headers,
                      timeout=120)


def test_first_start_indexed_the_bundled_reports(server):
    url, _ = server
    assert httpx.get(f"{url}/api/health").json() == {"status": "ok", "reports": 5}
    reports = httpx.get(f"{url}/api/reports").json()
    assert sorted(r["agency_short"] for r in reports) == ["上街区", "偃师市政府办公室", "洛宁县", "淮安市政府办公室", "邙岭镇"]


def test_checks_api_gives_every_rule_result_with_the_rules_across_years(server):
    url, _ = server
    results = httpx.get(f"{url}/api/checks", params={"agency": "洛宁县"}).json()
    assert {1, 2, 3, 4, 5} <= {c["rule"] for c in results} and {c["agency_short"] for c in results} == {"洛宁县"}
    [across] = [c for c in results if c["rule"] == 5]  # one report of 洛宁县: the next year is not indexed
    assert across["status"] == "not_assessable" and across["scope"] == "2020→2021" and across["rule_scope"] == "years"
    failed = httpx.get(f"{url}/api/checks", params={"failed": "true"}).json()
    assert failed and all(c["status"] == "fail" for c in failed)
    assert {(c["agency_short"], c["rule"]) for c in failed} >= {("偃师市政府办公室", 1)}


def test_ask_returns_the_contract(server):
    url, _ = server
    body = ask(url, "How many applications did Luoning receive in 2020?").json()
    assert set(body) == {"question", "answer", "route", "values", "sources", "chart", "warnings", "reading", "generated",
                         "guard"}
    assert body["generated"] is False and body["guard"] == []  # no language model configured
    assert body["values"][0]["value"] == 1 and body["values"][0]["source"]["line"] == 79
    compare = ask(url, "比较洛宁县和上街区的行政处罚处理决定数量").json()
    assert compare["chart"]["type"] == "bar" and sorted(compare["chart"]["values"]) == [3750, 48686]


def test_follow_up_in_a_session(server):
    url, _ = server
    assert ask(url, "洛宁县2020年收到多少政府信息公开申请？", "tab-1").json()["values"][0]["value"] == 1
    follow = ask(url, "那上街区呢？", "tab-1").json()
    assert (follow["values"][0]["value"], follow["values"][0]["year"]) == (79, 2019)
    assert ask(url, "那上街区呢？", "tab-2").json()["values"] == []  # another session knows nothing


def test_facts_endpoint(server):
    url, _ = server
    rows = httpx.get(f"{url}/api/facts", params={"agency": "上街区", "year": 2019, "table": "三"}).json()
    new_total = next(r for r in rows if r["row"] == "new" and r["column"] == "total")
    assert new_total["value"] == 79 and new_total["file"] == "003_0d16514126ac40ad.txt"
    bad = httpx.get(f"{url}/api/facts", params={"table": "nope"})
    assert bad.status_code == 422 and "unknown table" in bad.json()["error"]


def test_errors_are_json_without_tracebacks(server):
    url, _ = server
    for response in (httpx.post(f"{url}/api/ask", json={}), httpx.post(f"{url}/api/ask", content=b"{not json"),
                     httpx.post(f"{url}/api/ask", json={"question": "x" * 5000})):
        assert response.status_code == 422
        assert set(response.json()) == {"error", "code"} and "Traceback" not in response.text


def test_openapi_docs(server):
    url, _ = server
    spec = httpx.get(f"{url}/openapi.json").json()
    assert {"/api/ask", "/api/reports", "/api/facts", "/api/health"} <= set(spec["paths"])
    assert httpx.get(f"{url}/docs").status_code == 200


def test_bearer_token(server, token_server):
    url, _ = server
    assert ask(url, "洛宁县2020年收到多少申请").status_code == 200  # no token configured: open
    assert ask(token_server, "洛宁县2020年收到多少申请").status_code == 401
    assert ask(token_server, "洛宁县2020年收到多少申请", token="wrong").status_code == 401
    assert httpx.get(f"{token_server}/api/reports").status_code == 401
    ok = ask(token_server, "洛宁县2020年收到多少申请", token=TOKEN)
    assert ok.status_code == 200 and ok.json()["values"][0]["value"] == 1
    assert httpx.get(f"{token_server}/api/health").status_code == 200


def sse(response: httpx.Response) -> list[tuple[str, dict]]:
    """The server-sent events of a response: (event, data)."""
    out = []
    for block in response.text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((fields["event"], json.loads(fields["data"])))
    return out


def test_ask_as_server_sent_events(server, token_server):
    url, _ = server
    session = "sse-" + os.urandom(4).hex()
    streamed = httpx.post(f"{url}/api/ask/stream", json={"question": "洛宁县2020年收到多少申请", "session_id": session},
                          timeout=120)
    assert streamed.status_code == 200 and streamed.headers["content-type"].startswith("text/event-stream")
    [(event, answer)] = sse(streamed)  # no model configured: the answer, once
    assert event == "answer" and answer["values"][0]["value"] == 1 and answer == ask(url, "洛宁县2020年收到多少申请").json()
    follow = sse(httpx.post(f"{url}/api/ask/stream", json={"question": "那上街区呢？", "session_id": session}, timeout=120))
    assert follow[-1][1]["values"][0]["value"] == 79  # a turn of the same conversation
    refused = httpx.post(f"{token_server}/api/ask/stream", json={"question": "洛宁县2020年收到多少申请"})
    assert refused.status_code == 401 and refused.json()["code"] == "api.token"
    empty = httpx.post(f"{url}/api/ask/stream", json={"question": "x" * 5000})
    assert empty.status_code == 422 and "error" in empty.json()


def test_the_chat_shows_a_models_words_as_they_come(tmp_path):
    """The chat's answer grows sentence by sentence while a model writes, then the full answer replaces it."""
    from app import build_ui

    final = {"answer": "One. Two.", "route": "text", "values": [], "sources": [], "chart": None, "warnings": [],
             "reading": {"text": "理解为：…", "options": []}, "generated": True, "guard": []}

    class Service(NoIndex):
        def ask_stream(self, question, session):
            yield "text", {"text": "One."}
            yield "text", {"text": "One. Two."}
            yield "answer", final

    ui = build_ui(Service(), tmp_path)
    [respond] = {f.fn for f in ui.fns.values() if getattr(f.fn, "__name__", "") == "respond"}
    steps = list(respond("q", [], "s"))
    assert [step[2][-1]["content"] for step in steps[:2]] == ["One.", "One. Two."]
    assert steps[-1][2][-1]["content"].startswith("One. Two.") and "理解为" in steps[-1][2][-1]["content"]
    assert len(steps) == 3 and all(len(step) == len(steps[-1]) for step in steps)


def test_cors_only_for_configured_origins(server, portal_port):
    url, _ = server
    allowed = httpx.options(f"{url}/api/ask", headers={"Origin": f"http://127.0.0.1:{portal_port}",
                                                       "Access-Control-Request-Method": "POST"})
    assert allowed.headers.get("access-control-allow-origin") == f"http://127.0.0.1:{portal_port}"
    other = httpx.options(f"{url}/api/ask", headers={"Origin": "http://evil.example",
                                                     "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in other.headers


def test_upload_then_ask(server, tmp_path):
    url, _ = server
    spec = random_spec(31, agency="汝阳县人民政府", year=2021)
    path = render_pdf(spec, tmp_path / "../../etc/passwd.pdf".replace("/", "_"))
    with open(path, "rb") as handle:
        response = httpx.post(f"{url}/api/reports", files={"file": ("../../evil name.pdf", handle, "application/pdf")},
                              timeout=300)
    assert response.status_code == 200, response.text
    assert response.json()["report"]["agency"] == "汝阳县人民政府"
    _, data = server
    stored = list((data / "uploads").iterdir())
    assert stored and all(p.parent == data / "uploads" and re.match(r"^[0-9a-f]{16}-", p.name) for p in stored)
    assert not (data.parent / "evil name.pdf").exists() and not (data / "evil name.pdf").exists()
    answer = ask(url, "汝阳县2021年收到多少申请？").json()
    assert answer["values"][0]["value"] == spec.values[("applications", "new", "total")]
    assert answer["values"][0]["source"]["page"]  # cited by page in the PDF
    refused = httpx.post(f"{url}/api/reports", files={"file": ("tool.exe", b"MZ\x90", "application/octet-stream")})
    assert refused.status_code == 422 and "unsupported file type" in refused.json()["error"]


def test_gradio_client(server):
    from gradio_client import Client

    url, _ = server
    client = Client(url + "/", verbose=False)
    result = client.predict("How many applications did Luoning receive in 2020?", "", api_name="/ask")
    assert result["values"][0]["value"] == 1 and result["route"] == "table"


def _browser(*extra: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1400", *extra):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def test_docs_render_with_the_network_blocked(server):
    """/docs in Chromium that can reach no host but the app: Swagger UI renders from the app's own files."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, _ = server
    browser = _browser("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")
    try:
        browser.get(url + "/docs")
        title = WebDriverWait(browser, 60).until(lambda b: b.find_element(By.CSS_SELECTOR, ".swagger-ui .info .title"))
        assert "report-qa" in title.text
        WebDriverWait(browser, 30).until(lambda b: "/api/ask" in b.find_element(By.CSS_SELECTOR, ".swagger-ui").text)
        loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert loaded and all(name.startswith(url) for name in loaded), loaded
        assert httpx.get(url + "/redoc").status_code == 404  # ReDoc would fetch its maker's logo: not offered
    finally:
        browser.quit()


def test_ui_in_chromium(server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, _ = server
    ARTIFACTS.mkdir(exist_ok=True)
    browser = _browser()
    try:
        browser.get(url + "/")
        box = WebDriverWait(browser, 60).until(lambda b: b.find_element(By.CSS_SELECTOR, "#question textarea"))
        box.send_keys("How many applications did Luoning receive in 2020?")
        browser.find_element(By.ID, "ask").click()
        WebDriverWait(browser, 120).until(lambda b: "001_351f4af2c3a8fcf1.txt" in b.find_element(By.ID, "chat").text)
        chat = browser.find_element(By.ID, "chat").text
        assert "total: 1" in chat and "line 79" in chat
        box.send_keys("比较洛宁县和上街区的行政处罚处理决定数量")
        browser.find_element(By.ID, "ask").click()
        WebDriverWait(browser, 120).until(lambda b: "48,686" in b.find_element(By.ID, "chat").text)
        WebDriverWait(browser, 30).until(lambda b: b.find_element(By.ID, "bar").is_displayed())
        # the chart's axes: what each bar is, the metric with its unit, numbers with thousands separators
        WebDriverWait(browser, 30).until(lambda b: "（件）" in b.find_element(By.ID, "bar").text)
        axes = browser.find_element(By.ID, "bar").text
        assert "单位 · 年份" in axes and "处罚" in axes and "40,000" in axes
        sources = browser.find_element(By.ID, "sources").text
        assert "003_0d16514126ac40ad.txt" in sources and "3,750" in sources and "48,686" in sources
        # a figure of one agency and year offers other agencies with that year; a click asks it as the next turn
        box.send_keys("上街区2019年收到多少申请？")
        browser.find_element(By.ID, "ask").click()
        chips = WebDriverWait(browser, 120).until(
            lambda b: b.find_element(By.ID, "options").is_displayed() and b.find_elements(By.CSS_SELECTOR, "#options label"))
        chip = next(c for c in chips if "淮安" in c.text)
        chip.click()
        WebDriverWait(browser, 120).until(lambda b: "那淮安" in b.find_element(By.ID, "chat").text)
        WebDriverWait(browser, 60).until(lambda b: "54件" in b.find_element(By.ID, "chat").text.split("那淮安")[-1])
        assert "淮安市政府办公室2019年" in browser.find_element(By.ID, "chat").text.split("那淮安")[-1]
        browser.save_screenshot(str(ARTIFACTS / "ui.png"))
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def portal(portal_port):
    """examples/ as it is in the repository, served as the portal's origin (the one the app's CORS allows)."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "examples"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", portal_port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{portal_port}/portal.html"
    httpd.shutdown()


def _open_bubble(browser, page: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(page)
    WebDriverWait(browser, 30).until(lambda b: b.find_element(By.ID, "reportqa-bubble")).click()
    return browser.find_element(By.ID, "reportqa-input")


def test_portal_widget_answers(server, portal):
    """The example portal, unedited, finds the app by ?app=: the iframe and the bubble both talk to it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, _ = server
    ARTIFACTS.mkdir(exist_ok=True)
    browser = _browser()
    try:
        field = _open_bubble(browser, f"{portal}?app={url}")
        assert browser.find_element(By.ID, "reportqa-frame").get_attribute("src") == url + "/"
        field.send_keys("洛宁县2020年收到多少政府信息公开申请？")
        browser.find_element(By.ID, "reportqa-send").click()
        WebDriverWait(browser, 120).until(lambda b: "为1件" in b.find_element(By.ID, "reportqa-messages").text)
        field.send_keys("那上街区呢？")
        browser.find_element(By.ID, "reportqa-send").click()
        WebDriverWait(browser, 120).until(lambda b: "79件" in b.find_element(By.ID, "reportqa-messages").text)
        # the reading's options are chips: a click asks another agency with that year as the next turn
        chip = next(c for c in browser.find_elements(By.CSS_SELECTOR, "#reportqa-messages .chips button")[-3:]
                    if "淮安" in c.text)
        chip.click()
        WebDriverWait(browser, 120).until(lambda b: "54件" in b.find_element(By.ID, "reportqa-messages").text)
        assert "那淮安市政府办公室呢？" in browser.find_element(By.ID, "reportqa-messages").text
        browser.save_screenshot(str(ARTIFACTS / "portal.png"))
        # without ?app= the page's data-app names the app
        browser.get(portal)
        assert browser.find_element(By.ID, "reportqa-frame").get_attribute("src") == "http://127.0.0.1:7860/"
        # ?app= naming another machine is ignored: a link never makes the page load a stranger's script
        browser.get(f"{portal}?app=http://example.invalid:7860")
        assert browser.find_element(By.ID, "reportqa-frame").get_attribute("src") == "http://127.0.0.1:7860/"
        assert not [s for s in browser.find_elements(By.TAG_NAME, "script")
                    if "example.invalid" in (s.get_attribute("src") or "")]
    finally:
        browser.quit()


def test_widget_shows_a_comparison_as_a_table(server, portal):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, _ = server
    ARTIFACTS.mkdir(exist_ok=True)
    browser = _browser()
    try:
        field = _open_bubble(browser, f"{portal}?app={url}")
        field.send_keys("比较洛宁县和上街区收到的申请数量")
        browser.find_element(By.ID, "reportqa-send").click()
        table = WebDriverWait(browser, 120).until(lambda b: b.find_element(By.CSS_SELECTOR, "#reportqa-messages table"))
        head = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
                for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
        assert head[:2] == ["单位", "年份"]
        assert rows == [["洛宁县", "2020", "1件"], ["上街区", "2019", "79件"]]
        assert table.find_element(By.CSS_SELECTOR, "tbody td.num").value_of_css_property("text-align") == "right"
        answer = browser.find_element(By.CSS_SELECTOR, "#reportqa-messages .a").text
        assert "|---|" not in answer and "上街区比洛宁县多78件" in answer and "来源：" in answer
        browser.save_screenshot(str(ARTIFACTS / "portal-table.png"))
    finally:
        browser.quit()


MARKUP = """**粗体** <img src=x onerror="window.pwned=1"> <script>window.pwned=2</script>
[点我](javascript:window.pwned=3) 见 https://www.example.gov.cn/a.html。

| 单位 | 备注 |
|---|---|
| <b>甲</b> | <img src=y onerror="window.pwned=4"> |
• 一是<iframe src=javascript:alert(1)>
1. 上街区 2019: 79件"""


def test_widget_shows_markup_as_text(server, portal):
    """Whatever an answer holds, the widget's renderer makes text of it: no element forms but its own, only http(s)
    addresses become links."""
    url, _ = server
    browser = _browser()
    try:
        browser.get(f"{portal}?app={url}")
        shown = browser.execute_script("""
            var box = document.createElement("div");
            document.body.appendChild(box);
            box.appendChild(window.ReportQA.render(arguments[0]));
            return {tags: Array.from(box.querySelectorAll("*"), e => e.tagName.toLowerCase()),
                    links: Array.from(box.querySelectorAll("a"), a => [a.textContent, a.href, a.rel, a.target]),
                    cells: Array.from(box.querySelectorAll("td"), td => td.textContent),
                    text: box.innerText, pwned: window.pwned === undefined ? null : window.pwned};""", MARKUP)
    finally:
        browser.quit()
    assert set(shown["tags"]) == {"p", "strong", "br", "a", "div", "table", "thead", "tbody", "tr", "th", "td", "ul",
                                  "ol", "li"}
    assert shown["links"] == [["https://www.example.gov.cn/a.html", "https://www.example.gov.cn/a.html",
                               "noopener noreferrer", "_blank"]]
    assert shown["cells"] == ["<b>甲</b>", '<img src=y onerror="window.pwned=4">']
    assert '<img src=x onerror="window.pwned=1"> <script>window.pwned=2</script>' in shown["text"]
    assert "[点我](javascript:window.pwned=3)" in shown["text"] and "<iframe src=javascript:alert(1)>" in shown["text"]
    assert shown["pwned"] is None


def test_concurrent_clients_and_an_upload(server, tmp_path):
    """Reduced size here (bench/load.py runs 50 × 20): no errors, no session sees another's context."""
    from bench.load import run_load

    url, _ = server
    spec = random_spec(41, agency="汝州市人民政府", year=2022)
    upload = render_pdf(spec, tmp_path / "concurrent.pdf")
    result = run_load(url, clients=10, questions=6, upload=upload,
                      upload_check=("汝州市2022年收到多少申请？", spec.values[("applications", "new", "total")]))
    assert result["errors"] == [] and result["wrong"] == []
    assert result["requests"] == 60 and result["upload_answerable"] is True


def test_the_upload_box_is_given_the_browsers_request(tmp_path):
    """Gradio passes the request to the upload handler only when it can read the parameter's type: the upload box
    answers in the browser's language, and a call without the request (the type unread) would fail outright."""
    import gradio as gr
    from gradio.helpers import special_args

    from app import build_ui

    ui = build_ui(NoIndex(), tmp_path)
    [upload] = [f.fn for f in ui.fns.values() if getattr(f.fn, "__name__", "") == "upload"]
    inputs = special_args(upload, [[]], gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"}))[0]
    message, _, _ = list(upload(*inputs))[-1]
    assert message == "没有文件"


def test_a_batch_upload_has_one_progress_bar_and_a_line_per_file_as_it_is_done(tmp_path):
    import gradio as gr
    from gradio.helpers import special_args

    from app import build_ui
    from assistant.service import UploadResult

    class Service(NoIndex):
        def upload(self, name, data):
            if data == b"bad":
                raise ValueError("not a report")
            return UploadResult(True, f"{name}: indexed")

    ui = build_ui(Service(), tmp_path)
    [event] = [f for f in ui.fns.values() if getattr(f.fn, "__name__", "") == "upload"]
    assert [c._id for c in event.show_progress_on] == [event.outputs[0]._id]  # the result box, not each output
    paths = []
    for name, data in (("a.txt", b"x"), ("b.txt", b"bad"), ("c.txt", b"y")):
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    inputs = special_args(event.fn, [paths], gr.Request(headers={"accept-language": "en"}))[0]
    steps = list(event.fn(*inputs))
    assert [len(text.splitlines()) for text, _, _ in steps] == [1, 2, 3, 3]  # each file's line as soon as it is done
    lines = steps[-1][0].splitlines()
    assert "a.txt" in lines[0] and "not a report" in lines[1] and "c.txt" in lines[2]


def test_clicking_a_cited_pdf_value_shows_its_page_with_the_cell_boxed(server):
    """#16 in Chromium that can reach no host but the app: ask about a real PDF report, click the value's source
    row, and its page appears (last in this file: it adds a report to the shared server)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, _ = server
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ROOT / "tests" / "data" / "real" / "01-hongzequ-2023.pdf"
    with open(pdf, "rb") as handle:
        uploaded = httpx.post(f"{url}/api/reports", files={"file": (pdf.name, handle, "application/pdf")}, timeout=300)
    assert uploaded.status_code == 200, uploaded.text
    browser = _browser("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")
    try:
        browser.get(url + "/")
        box = WebDriverWait(browser, 60).until(lambda b: b.find_element(By.CSS_SELECTOR, "#question textarea"))
        box.send_keys("洪泽区2023年收到多少政府信息公开申请？")
        browser.find_element(By.ID, "ask").click()
        WebDriverWait(browser, 120).until(lambda b: "01-hongzequ-2023.pdf" in b.find_element(By.ID, "sources").text)
        value = browser.find_element(By.CSS_SELECTOR, '#sources [role="gridcell"][data-row="0"][data-col="5"]')
        assert value.text == "21"
        value.click()
        image = WebDriverWait(browser, 60).until(lambda b: b.find_element(By.CSS_SELECTOR, "#source-image img"))
        size = WebDriverWait(browser, 30).until(lambda b: b.execute_script(
            "const i = arguments[0]; return i.complete && i.naturalWidth > 0 && [i.naturalWidth, i.naturalHeight]",
            image))
        assert size == [1190, 1684]  # the A4 page at 2 pixels a point
        assert "page 3" in browser.find_element(By.ID, "source-image").text  # its label cites the cell
        loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert all(name.startswith(url) for name in loaded), loaded
        browser.save_screenshot(str(ARTIFACTS / "source.png"))
    finally:
        browser.quit()


def test_the_reports_tab_names_the_template_edition_not_a_year(tmp_path):
    """A 2020 report is in the 2019 trial template: the tab says so instead of a bare '2019'."""
    from app import build_ui

    class Service(NoIndex):
        def reports(self):
            return [{"agency": "洛宁县人民政府", "year": 2020, "format": "2019", "facts": 305, "failed_checks": 0,
                     "file": "a.pdf"},
                    {"agency": "青溪县人民政府", "year": 2022, "format": "2021", "facts": 300, "failed_checks": 1,
                     "file": "b.txt"}]

    ui = build_ui(Service(), tmp_path)
    [table] = [b for b in ui.blocks.values() if getattr(b, "elem_id", None) == "reports"]
    rows = table.load_event_to_attach[0]()  # the tab's rows, computed at each page load
    assert [r[2] for r in rows] == ["2019版试行格式 / 2019 trial template", "2021版修订格式 / 2021 revised template"]
