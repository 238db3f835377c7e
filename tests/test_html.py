"""HTML pages (index/html.py): generated reports rendered as an agency's site page, a Word-exported page and a page
whose body is a JavaScript string, in both template formats — every value read, blanks blank, the site's
navigation left out — and pages that are no report."""

from decimal import Decimal

import pytest

from bench.synth import random_spec, render_html
from index.readers import ReadError, content_mismatch, read_document
from index.report import parse_report

STYLES = ("cms", "word", "script")


def _misread(report, spec) -> list:
    read = {(f.table, f.row, f.column): f.value for f in report.facts}
    return [(k, read.get(k), v) for k, v in spec.values.items()
            if v is not None and (read.get(k) is None or Decimal(str(read[k])) != Decimal(str(v)))]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("seed,year", [(31, 2019), (32, 2020), (33, 2022), (34, 2024)])
def test_every_value_of_a_page_is_read(tmp_path, style, seed, year):
    spec = random_spec(seed, agency="清河县人民政府", year=year)
    report = parse_report(render_html(spec, tmp_path / "report.html", style))
    assert (report.agency.name, report.year, report.kind) == ("清河县人民政府", year, "html")
    assert report.format == ("2019" if year < 2021 else "2021")
    assert report.facts and not _misread(report, spec)


def test_the_sites_navigation_is_not_the_report(tmp_path):
    spec = random_spec(35, agency="清河县人民政府", year=2021)
    lines = read_document(render_html(spec, tmp_path / "page.htm", "cms")).lines
    text = "\n".join(line.text for line in lines)
    assert lines[0].text == "清河县人民政府2021年政府信息公开工作年度报告"
    assert "首页" not in text and "ICP" not in text and "发布时间" not in text
    assert [line.line for line in lines] == list(range(1, len(lines) + 1))  # cited by position in the page


def test_a_blank_cell_is_blank_never_zero(tmp_path):
    spec = random_spec(36, agency="清河县人民政府", year=2022)
    blank = ("applications", "carried_in", "research")
    spec.values[blank] = None
    report = parse_report(render_html(spec, tmp_path / "report.html", "cms"))
    fact = next(f for f in report.facts if (f.table, f.row, f.column) == blank)
    assert fact.value is None


def test_spanned_cells_are_copies_of_one_cell(tmp_path):
    spec = random_spec(37, agency="清河县人民政府", year=2020)
    lines = read_document(render_html(spec, tmp_path / "report.html", "word")).lines
    header = next(line for line in lines if line.in_table and "申请人情况" in line.cells)
    assert header.copies and all(header.cells[c] == header.cells[c - 1] for c in header.copies if c)


@pytest.mark.parametrize("page", [
    "<html><body><form><input name=user></form><p>请登录后访问</p></body></html>",
    "<html><head><title>404 Not Found</title></head><body><h1>404 页面不存在</h1></body></html>",
    "<html><body><div><p>欢迎访问<b>清河县人民政府</b>门户网站<div><table><tr><td>首页<td>政务公开</table>",
])
def test_a_page_that_is_no_report_is_read_as_no_report(tmp_path, page):
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    report = parse_report(path)
    assert report.facts == []


def test_an_empty_page_and_a_binary_file(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    with pytest.raises(ReadError):
        read_document(path)
    assert content_mismatch(".html", b"\x89PNG\r\n\x1a\n\x00\x00") is not None
    assert content_mismatch(".htm", "<!DOCTYPE html><html>".encode()) is None
