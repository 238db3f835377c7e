"""Reports given by URL (issue #14): fetched from a web site on 127.0.0.1, read as the same file read locally,
cited by their URL; every bad URL a one-line message in zh and en, with nothing indexed changed."""

import dataclasses
import re
import socket
from pathlib import Path

import pytest

from assistant.config import DEFAULT_MODEL, Config
from bench.synth import random_spec, render_pdf, render_txt
from index.fetch import FetchError, Fetcher, is_public, is_url
from index.ingest import (FAILED, INDEXED, REPARSED, REPLACED, UNCHANGED, drop_unindexed, ingest_many,
                          reparse_outdated)

from .fetch_site import Page, Site

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"
SHUYANG = (REAL / "15-shuyang-fgj-2023.html").read_bytes()  # a real page, UTF-8 with <meta charset="utf-8">
PINGTAN = (REAL / "17-pingtan-2025.html").read_bytes()
LOGIN = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>统一身份认证平台 - 用户登录</title></head><body>"
         "<h2>欢迎登录政务服务统一身份认证平台</h2><p>请使用账号登录后查看2023年度相关信息。</p>"
         "<form method='post'><p>用户名</p><input name='u'><p>密码</p><input type='password' name='p'>"
         "<button>登录</button></form><p>忘记密码？请联系管理员。</p></body></html>").encode("utf-8")
MALFORMED = ("<html><body><div><table><tr><td>关于开展政务公开工作的通知<td><p>各乡镇人民政府<span>、县直各单位：</div>"
             "</table></p>为进一步做好政务公开工作，现将有关事项通知如下。<tr><td>一、<b>高度重视</i></body>"
             "</html></html><td>").encode("utf-8")
QUESTION = "沭阳县发展和改革局2023年收到多少申请？"


def _gbk_page(meta: str | None) -> bytes:
    text = SHUYANG.decode("utf-8")
    text = text.replace('charset="utf-8"', f'charset="{meta}"') if meta else re.sub(r'<meta charset="utf-8"\s*/?>', "",
                                                                                     text)
    return text.encode("gbk")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Local reports: the real page, a generated text report and a generated PDF."""
    folder = tmp_path_factory.mktemp("local")
    html = folder / "15-shuyang-fgj-2023.html"
    html.write_bytes(SHUYANG)
    return {"html": html,
            "txt": render_txt(random_spec(5, agency="宝丰县人民政府", year=2022), folder / "baofeng-2022.txt"),
            "pdf": render_pdf(random_spec(7, agency="汝州市人民政府", year=2021), folder / "ruzhou-2021.pdf")}


@pytest.fixture(scope="module")
def site(files):
    text = files["txt"].read_text(encoding="utf-8")
    pdf = files["pdf"].read_bytes()
    with Site() as site:
        site.pages.update({
            "/report.html": Page(SHUYANG, "text/html; charset=utf-8"),
            "/plain.html": Page(SHUYANG, "text/html"),  # no charset header: the page's meta says it
            "/meta-gbk.html": Page(_gbk_page("gbk"), "text/html"),  # GBK, said by the meta only
            "/header-gbk.html": Page(_gbk_page(None), "text/html; charset=GBK"),  # said by the header only
            "/wrong-meta.html": Page(SHUYANG.replace(b'charset="utf-8"', b'charset="gb2312"'),
                                     "text/html; charset=utf-8"),  # the header outranks the meta
            "/redirect": Page(status=302, headers={"Location": "/report.html"}),
            "/article?id=15": Page(SHUYANG, None),  # no type, no suffix: the bytes say HTML
            "/gbk.txt": Page(text.encode("gbk"), "text/plain; charset=gb2312"),
            "/utf16.txt": Page(text.encode("utf-16"), "text/plain; charset=utf-16"),  # only the header says it
            "/report.pdf": Page(pdf, "application/pdf"),
            "/download?id=7": Page(pdf, "application/octet-stream", headers={
                "Content-Disposition": "attachment; filename*=UTF-8''%E6%B1%9D%E5%B7%9E%E5%B8%822021%E5%B9%B4%E6%8A%A5.pdf"}),
            "/mislabelled.html": Page(pdf, "text/html; charset=utf-8"),  # a PDF the server calls a page
            # what must be refused
            "/error": Page(b"<html><body>Internal Server Error</body></html>", status=500),
            "/forbidden": Page(b"<html><body>Forbidden</body></html>", status=403),
            "/login": Page(LOGIN, "text/html; charset=utf-8"),
            "/malformed.html": Page(MALFORMED, "text/html"),
            "/blank.html": Page(b"<html><head><title></title></head><body><script>load()</script></body></html>"),
            "/big.html": Page(b"<html><body>" + b"x" * (2 << 20) + b"</body></html>"),
            "/big-stream.html": Page(b"<html><body>" + b"x" * (2 << 20) + b"</body></html>", length=False),
            "/slow.html": Page(SHUYANG, delay=3.0),
            "/drip.html": Page(SHUYANG[:60], drip=0.25),  # each byte in time, the whole page not
            "/loop": Page(status=302, headers={"Location": "/loop"}),
            "/image.png": Page(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
            "/clip.mp4": Page(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "video/mp4"),
            "/not.pdf": Page(b"\x00\x01garbage", "application/pdf"),
            "/empty.html": Page(b""),
        })
        yield site


@pytest.fixture(scope="module")
def pool():
    from index.worker import ParsePool

    with ParsePool(workers=1) as parser:
        yield parser


def config_of(folder: Path, **settings) -> Config:
    return Config(data_dir=folder, database_url=f"sqlite:///{folder / 'db.sqlite3'}", embed_model=DEFAULT_MODEL,
                  **settings)


def parts_of(folder: Path, **settings):
    from assistant.build import build

    return build(config_of(folder, **settings), text=False)


def fetch_and_ingest(parts, url: str, pool):
    """What `ingest URL` and the service do: fetch (FetchError for a bad URL), ingest the file, drop it if refused."""
    fetched = parts.fetcher(remote=False).fetch(url)
    outcomes, _ = ingest_many([fetched.path], parts.store, parser=pool, originals=parts.originals,
                              urls={fetched.path: fetched.url})
    drop_unindexed([fetched], outcomes)
    return fetched, outcomes[0]


def facts_of(store) -> list[tuple]:
    return sorted((f.agency, f.year, f.fact.table, f.fact.row, f.fact.column, str(f.fact.value), f.fact.unit,
                   f.fact.raw, f.fact.page, f.fact.line) for f in store.facts())


@pytest.fixture(scope="module")
def local_facts(files, tmp_path_factory, pool):
    """The facts of each local file, ingested as files are."""
    out = {}
    for kind, path in files.items():
        parts = parts_of(tmp_path_factory.mktemp(f"local-{kind}"))
        [outcome], _ = ingest_many([path], parts.store, parser=pool)
        assert outcome.status == INDEXED, outcome.message
        out[kind] = facts_of(parts.store)
        assert len(out[kind]) > 100
    return out


@pytest.mark.parametrize("path", ["/report.html", "/plain.html", "/meta-gbk.html", "/header-gbk.html",
                                  "/wrong-meta.html", "/redirect", "/article?id=15"])
def test_a_page_by_url_reads_as_the_file_does(path, site, local_facts, tmp_path, pool):
    parts = parts_of(tmp_path)
    fetched, outcome = fetch_and_ingest(parts, site.url(path), pool)
    assert outcome.status == INDEXED, outcome.message
    assert fetched.path.suffix == ".html" and fetched.path.is_file()
    assert facts_of(parts.store) == local_facts["html"]
    [report] = parts.store.reports()
    assert report.url == (site.url("/report.html") if path == "/redirect" else site.url(path))  # where it came from


@pytest.mark.parametrize("path, kind, name", [
    ("/gbk.txt", "txt", "gbk.txt"), ("/utf16.txt", "txt", "utf16.txt"), ("/report.pdf", "pdf", "report.pdf"),
    ("/download?id=7", "pdf", "汝州市2021年报.pdf"), ("/mislabelled.html", "pdf", "mislabelled.pdf")])
def test_text_and_pdf_by_url(path, kind, name, site, local_facts, tmp_path, pool):
    parts = parts_of(tmp_path)
    fetched, outcome = fetch_and_ingest(parts, site.url(path), pool)
    assert outcome.status == INDEXED, outcome.message
    assert fetched.path.name == name  # the Content-Disposition's name, or the URL's, with the reader's suffix
    assert facts_of(parts.store) == local_facts[kind]


def test_the_url_is_stored_kept_by_hash_and_cited(site, tmp_path, pool):
    from assistant.answer import fact_dict, report_dict

    parts = parts_of(tmp_path)
    fetched, outcome = fetch_and_ingest(parts, site.url("/redirect"), pool)
    final = site.url("/report.html")
    assert (fetched.asked, fetched.url, outcome.report.url) == (site.url("/redirect"), final, final)
    [report] = parts.store.reports()
    assert report_dict(report)["url"] == final and report_dict(report)["file"] == "report.html"
    assert {fact_dict(f)["url"] for f in parts.store.facts()} == {final}
    kept = parts.originals.find(report.sha256)  # the original, by hash, outside the folder fetching rewrites
    assert kept and kept.read_bytes() == SHUYANG and parts.originals.fetched not in kept.parents
    answer = parts.assistant().ask(QUESTION)
    assert answer.values[0]["value"] == 26 and answer.values[0]["source"]["url"] == final
    assert f"来源：{final} 第33行" in answer.answer  # cited by its URL, where a file is cited by its name
    english = parts.assistant().ask("How many applications did Shuyang receive in 2023?")
    assert f"Source: {final}, line 33" in english.answer
    fetched.path.unlink()  # parsed again (a new parser version) from the original kept by hash: still cites the URL
    [again] = reparse_outdated(parts.store, None, parts.originals, pool, force=True)
    assert again.status == REPARSED and [r.url for r in parts.store.reports()] == [final]


FAILURES = [  # path, key, Chinese, English (None: checked by key only)
    ("/missing.html", "fetch.not_found", "网页不存在（HTTP 404）", "no such page (HTTP 404)"),
    ("/error", "fetch.status", "服务器返回错误（HTTP 500）", "the server answered with an error (HTTP 500)"),
    ("/forbidden", "fetch.denied", "需要登录或无权访问（HTTP 403）", "login required or access denied (HTTP 403)"),
    ("/login", "ingest.not_report", None, None),
    ("/malformed.html", "ingest.not_report", None, None),
    ("/blank.html", "read.html_empty", "网页中没有文字", "the web page has no text"),
    ("/big.html", "fetch.too_large", "内容超过1 MB的上限（REPORTQA_MAX_FILE_MB）",
     "the content is larger than the 1 MB limit (REPORTQA_MAX_FILE_MB)"),
    ("/big-stream.html", "fetch.too_large", None, None),
    ("/slow.html", "fetch.timeout", "1秒内未能取回（REPORTQA_FETCH_TIMEOUT）", "not fetched within 1 s (REPORTQA_FETCH_TIMEOUT)"),
    ("/drip.html", "fetch.timeout", None, None),
    ("/loop", "fetch.redirects", "重定向次数过多（超过5次）", "too many redirects (more than 5)"),
    ("/image.png", "read.image_unreadable", None, None),  # a picture is read by OCR: this one is broken
    ("/clip.mp4", "fetch.unsupported", "不支持的内容类型“video/mp4”（可用 PDF、DOCX、TXT、MD、HTML、HTM、PNG、JPG 或 JPEG）",
     "unsupported content type 'video/mp4' (use PDF, DOCX, TXT, MD, HTML, HTM, PNG, JPG or JPEG)"),
    ("/not.pdf", "read.not_pdf", "文件不是PDF", "the file is not a PDF"),
    ("/empty.html", "fetch.empty", "服务器返回的内容为空", "the server sent nothing"),
    ("closed port", "fetch.connect", None, None),
    ("ftp://127.0.0.1/report.pdf", "fetch.scheme", "只能取回http或https网址，不能取回“ftp”",
     "only http and https addresses can be fetched, not 'ftp'"),
    ("http://", "fetch.bad_url", "不是有效的网址", "not a valid URL"),
]


@pytest.fixture(scope="module")
def indexed(files, tmp_path_factory, pool):
    """An index holding one report, with a 1 MB limit and a 1 s timeout."""
    folder = tmp_path_factory.mktemp("indexed")
    parts = parts_of(folder, max_file_mb=1, fetch_timeout_s=1.0)
    [outcome], _ = ingest_many([files["txt"]], parts.store, parser=pool, originals=parts.originals)
    assert outcome.status == INDEXED
    return parts


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("path, key, zh, en", FAILURES, ids=[f[0] for f in FAILURES])
def test_a_bad_url_says_one_line_and_changes_nothing(path, key, zh, en, site, indexed, pool):
    url = (site.url(path) if path.startswith("/") else
           f"http://127.0.0.1:{_closed_port()}/report.html" if path == "closed port" else path)
    store = indexed.store
    before = (store.reports(), facts_of(store), store.chunk_counts())
    try:
        _, outcome = fetch_and_ingest(indexed, url, pool)
        assert outcome.status == FAILED
        message = outcome.message.message
    except FetchError as exc:
        message = exc.message
    assert message.key == key
    said = {language: message.say(language) for language in ("zh", "en")}
    assert all(s and "\n" not in s for s in said.values()), said
    if zh:
        assert (said["zh"], said["en"]) == (zh, en)
    assert (store.reports(), facts_of(store), store.chunk_counts()) == before
    folder = indexed.originals.fetched
    assert not folder.exists() or not list(folder.iterdir())  # nothing left behind


def test_fetching_again_finds_it_unchanged_or_replaces_it_and_a_refusal_keeps_it(site, tmp_path, pool):
    parts = parts_of(tmp_path)
    site.pages["/changing.html"] = Page(SHUYANG, "text/html")
    url = site.url("/changing.html")
    _, first = fetch_and_ingest(parts, url, pool)
    _, again = fetch_and_ingest(parts, url, pool)
    assert (first.status, again.status) == (INDEXED, UNCHANGED)
    site.pages["/changing.html"] = Page(PINGTAN, "text/html")  # the page was republished: its report is replaced
    _, changed = fetch_and_ingest(parts, url, pool)
    assert changed.status == REPLACED
    [report] = parts.store.reports()
    assert report.url == url and report.agency.name != first.report.agency.name
    facts = facts_of(parts.store)
    site.pages["/changing.html"] = Page(LOGIN, "text/html")  # now behind a login: refused, the report stays
    fetched, refused = fetch_and_ingest(parts, url, pool)
    assert refused.status == FAILED and refused.message.message.key == "ingest.not_report"
    assert parts.store.reports() == [report] and facts_of(parts.store) == facts
    assert not fetched.path.exists()  # the refused page is not left where the report was read from
    assert parts.originals.source(report.path, report.sha256).read_bytes() == PINGTAN  # it can be parsed again


def test_the_app_and_the_api_fetch_public_addresses_only_by_default(site):
    fetcher = Fetcher(Path("/nonexistent"), max_bytes=1 << 20, timeout_s=5, public_only=True)
    seen = len(site.requests)
    for url in (site.url("/report.html"), site.url("/report.html").replace("127.0.0.1", "localhost")):
        with pytest.raises(FetchError) as refused:
            fetcher.fetch(url)
        assert refused.value.message.key == "fetch.private"
        assert refused.value.say("en").startswith("will not fetch a loopback, private or reserved address (")
    assert len(site.requests) == seen  # refused before connecting: the server never heard of it
    assert not any(map(is_public, ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                   "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1",
                                   "::ffff:127.0.0.1", "2002:7f00:1::1"]))
    assert all(map(is_public, ["8.8.8.8", "202.108.22.5", "2001:4860:4860::8888"]))
    assert [is_url(a) for a in ("https://x.gov.cn/a.html", "ftp://x/y", "data/reports", "C:\\r.pdf")] == [
        True, True, False, False]


def test_the_api_and_the_app_take_a_url(site, tmp_path):
    import gradio as gr
    from fastapi.testclient import TestClient
    from gradio.helpers import special_args

    from app import build_ui
    from assistant.api import create_api
    from assistant.service import Service

    config = config_of(tmp_path / "data", fetch_urls="all")  # the tests' site is on loopback
    service = Service(config)
    try:
        api = TestClient(create_api(service))
        done = api.post("/api/reports/url", json={"url": site.url("/redirect")})
        assert done.status_code == 200, done.text
        final = site.url("/report.html")
        assert done.json()["report"]["url"] == final and done.json()["report"]["agency"] == "沭阳县发展和改革局"
        assert [r["url"] for r in api.get("/api/reports").json()] == [final]
        answer = api.post("/api/ask", json={"question": QUESTION}).json()
        assert answer["values"][0]["source"]["url"] == final and final in answer["answer"]
        missing = api.post("/api/reports/url", json={"url": site.url("/missing")}, headers={"Accept-Language": "zh"})
        assert missing.status_code == 422
        assert missing.json() == {"error": "网页不存在（HTTP 404）", "code": "fetch.not_found"}
        login = api.post("/api/reports/url", json={"url": site.url("/login")})
        assert login.status_code == 422 and "not an annual report" in login.json()["error"]
        service.config = service.parts.config = dataclasses.replace(config, fetch_urls="public")  # the default
        private = api.post("/api/reports/url", json={"url": site.url("/report.pdf")})
        assert private.status_code == 422 and private.json()["code"] == "fetch.private"
        service.config = service.parts.config = dataclasses.replace(config, fetch_urls="off")
        off = api.post("/api/reports/url", json={"url": site.url("/report.pdf")}, headers={"Accept-Language": "zh"})
        assert off.status_code == 403
        assert off.json() == {"error": "此服务器不取回网址（REPORTQA_FETCH_URLS=off）", "code": "fetch.disabled"}
        assert len(service.reports()) == 1
        # the app's URL box: one line per URL, in the browser's language
        service.config = service.parts.config = config
        ui = build_ui(service, tmp_path / "gradio")
        [fetch] = [f.fn for f in ui.fns.values() if getattr(f.fn, "__name__", "") == "fetch"]
        text = f"{site.url('/report.pdf')}\n{site.url('/missing')}"
        inputs = special_args(fetch, [text], gr.Request(headers={"accept-language": "zh-CN,zh;q=0.9"}))[0]
        *lines, (message, reports, _) = fetch(*inputs)  # a line as each URL is done, then the tables
        assert [step[0] for step in lines][0].startswith("✓")
        first, second = message.splitlines()
        assert first.startswith(f"✓ {site.url('/report.pdf')}：汝州市人民政府 2021年，") and "条记录" in first
        assert second == f"✗ {site.url('/missing')}：网页不存在（HTTP 404）"
        assert site.url("/report.pdf") in [row[-1] for row in reports]  # the reports tab names it by its URL
    finally:
        service.close()
