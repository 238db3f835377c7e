"""See the cell (#16): every cited value opens a view of its source — a PDF's page with the cell boxed in red, the
parsed table of anything else with the cell highlighted — in the app and through GET /api/source?fact=."""

import io
import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from assistant.config import DEFAULT_MODEL, Config
from index.report import parse_report

from .conftest import REPORTS

REAL = Path(__file__).resolve().parent / "data" / "real"
PDF = REAL / "01-hongzequ-2023.pdf"  # 洪泽区 2023: 行政许可 处理决定数量 550 on page 2, in a ruled table
LUONING = REPORTS / "001_351f4af2c3a8fcf1.txt"  # 洛宁县 2020: 本年新收 总计 1 on line 79
MARKUP = "<img src=x onerror=alert(1)>&amp;"  # put into an empty cell of line 79: report text is never markup
TOKEN = "view-t0ken"


def licensing(facts):
    return next(f for f in facts if (f.table, f.row, f.column) == ("active", "licensing", "decisions"))


def red_pixels(png: bytes) -> np.ndarray:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return (pixels[:, :, 0] > 180) & (pixels[:, :, 1] < 60) & (pixels[:, :, 2] < 60)


@pytest.fixture(scope="module")
def pdf_facts():
    return parse_report(PDF).facts


def test_a_pdf_cell_keeps_its_page_and_its_box_where_pdfplumber_finds_its_text(pdf_facts):
    import pdfplumber

    fact = licensing(pdf_facts)
    assert (fact.value, fact.raw, fact.page) == (550, "550", 2) and fact.box is not None
    x0, top, x1, bottom = fact.box
    with pdfplumber.open(PDF) as pdf:
        page = pdf.pages[fact.page - 1]
        [word] = [w for w in page.extract_words() if w["text"] == "550"]
        assert page.crop(fact.box).extract_text().strip() == "550"
    assert x0 <= word["x0"] < word["x1"] <= x1 and top <= word["top"] < word["bottom"] <= bottom
    text = parse_report(LUONING).facts  # other formats: where the cell stands in its line, no box
    assert all(f.box is None and f.cell is not None for f in text)


def test_the_page_is_drawn_with_a_red_box_around_the_cell(pdf_facts):
    from assistant.source_view import PNG, pdf_page_png

    fact = licensing(pdf_facts)
    png = pdf_page_png(PDF, fact.page, fact.box, scale=2.0)
    assert png.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(png)).size == (1190, 1684)  # A4 (595 × 842 pt) at 2 pixels a point
    red = red_pixels(png)
    ys, xs = np.nonzero(red)
    # the red drawn is the cell's box, pdfplumber's top-left points × the scale: no flip of y is left over
    box = [round(v * 2) for v in fact.box]
    assert abs(xs.min() - box[0]) <= 2 and abs(ys.min() - box[1]) <= 2
    assert abs(xs.max() - box[2]) <= 2 and abs(ys.max() - box[3]) <= 2
    x0, y0, x1, y1 = xs.min(), ys.min(), xs.max(), ys.max()
    assert red[y0 + 1, x0:x1].mean() > 0.9 and red[y0:y1, x0 + 1].mean() > 0.9  # inside the box, along its edges
    assert not red[y0 + 8:y1 - 8, x0 + 8:x1 - 8].any()  # the value inside stays readable
    unboxed = pdf_page_png(PDF, fact.page, None, scale=1.0)
    assert not red_pixels(unboxed).any() and PNG == "image/png"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """The service over the real PDF and 洛宁县's text report (with markup written into one of its cells)."""
    from assistant.service import Service

    inbox = tmp_path_factory.mktemp("inbox")
    lines = LUONING.read_text(encoding="utf-8").split("\n")
    cells = lines[78].split("\t")
    assert cells[0].startswith("一、本年新收") and cells[1] == ""
    lines[78] = "\t".join([cells[0], MARKUP, *cells[2:]])
    (inbox / LUONING.name).write_text("\n".join(lines), encoding="utf-8")
    shutil.copy(PDF, inbox)
    data = tmp_path_factory.mktemp("source-data")
    made = Service(Config(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}", embed_model=DEFAULT_MODEL))
    assert made.upgraded.wait(120)
    outcomes = made.ingest_paths([inbox / PDF.name, inbox / LUONING.name])
    assert [o.status for o in outcomes] == ["indexed", "indexed"], [o.message for o in outcomes]
    shutil.rmtree(inbox)  # the views are drawn from the originals kept in the data directory
    yield made
    made.close()


@pytest.fixture(scope="module")
def api(service):
    from fastapi.testclient import TestClient

    from assistant.api import create_api

    return TestClient(create_api(service)), TestClient(create_api(service, token=TOKEN))


class Cells(HTMLParser):
    """The text of each table cell and which one is marked cited."""

    def __init__(self):
        super().__init__()
        self.cells, self.cited, self.tags, self._in = [], [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "td":
            self._in = ""
            self.cited.append(("class", "cited") in attrs)

    def handle_data(self, data):
        if self._in is not None:
            self._in += data

    def handle_endtag(self, tag):
        if tag == "td":
            self.cells.append(self._in)
            self._in = None


def test_every_cited_value_names_its_record_and_the_api_shows_the_pdf_page(service, api):
    open_api, _ = api
    answer = service.ask("洪泽区2023年收到多少政府信息公开申请？")
    value = answer["values"][0]
    assert (value["value"], value["source"]["page"]) == (21, 3) and isinstance(value["source"]["fact"], int)
    response = open_api.get("/api/source", params={"fact": value["source"]["fact"]})
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert red_pixels(response.content).any()
    group = service.ask("洪泽区2023年不予公开多少件？")["values"]  # a sum: its parts are what can be viewed
    assert group[0]["source"]["fact"] is None and all(isinstance(v["source"]["fact"], int) for v in group[1:])


def test_a_text_fact_is_shown_as_its_table_with_the_cell_highlighted_and_the_report_escaped(service, api):
    open_api, _ = api
    value = service.ask("洛宁县2020年收到多少政府信息公开申请？")["values"][0]
    assert (value["value"], value["source"]["line"]) == (1, 79)
    response = open_api.get("/api/source", params={"fact": value["source"]["fact"]}, headers={"Accept-Language": "zh"})
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page = response.text
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;&amp;amp;" in page
    cells = Cells()
    cells.feed(page)
    [cited] = [text for text, mark in zip(cells.cells, cells.cited) if mark]
    assert cited == "1" and MARKUP in cells.cells  # the markup is shown as the text it is
    assert "script" not in cells.tags and "img" not in cells.tags
    assert "第79行" in page and "原始行" in page
    raw_line = page.split('<pre class="raw-line">')[1].split("</pre>")[0]
    assert raw_line.startswith("一、本年新收政府信息公开申请数量\t&lt;img") and raw_line.endswith("\t1\t")


def test_the_source_endpoint_follows_the_token_rule_and_says_what_is_unknown(service, api):
    open_api, locked = api
    fact = service.ask("洛宁县2020年收到多少政府信息公开申请？")["values"][0]["source"]["fact"]
    refused = locked.get("/api/source", params={"fact": fact})
    assert refused.status_code == 401 and refused.json()["code"] == "api.token"
    allowed = locked.get("/api/source", params={"fact": fact}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert allowed.status_code == 200 and allowed.headers["content-type"].startswith("text/html")
    unknown = open_api.get("/api/source", params={"fact": 999999}, headers={"Accept-Language": "zh"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "source.unknown_fact"
    assert unknown.json()["error"].startswith("没有编号为999999的记录") and "\n" not in unknown.json()["error"]
    assert open_api.get("/api/source", params={"fact": "abc"}).status_code == 422
    assert open_api.get("/api/source").json()["code"] == "api.invalid"
