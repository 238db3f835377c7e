"""Kinds of damage found in real reports (tests/data/real), each rebuilt on generated reports whose every value is
known, so a rule is tested on more than the one file it came from:

- a page whose whole text sits in one table frame (pdfplumber returns each paragraph and heading as a row of one
  merged cell): such a row is a line of text, so the headings in it still split the sections;
- tables written as Markdown (| 规章 | 22 | 235 |, with |---| rules), as PDF-to-Markdown tools write them;
- a hard-wrapped preamble line that names the section titles in passing ("报告全文包括总体情况、主动公开政府信息情况")
  is not the heading of section 一;
- a saved page's "标题: …" line (and its 发布时间/栏目 lines) before the title.
"""

from decimal import Decimal

import pytest

from bench.synth import SECTION_HEADINGS, active_grid, prose, random_spec, render_txt, title
from index.report import parse_report

SEEDS = [(11, 2020), (12, 2022), (13, 2023)]


def _spec(seed: int, year: int):
    return random_spec(seed, agency="清河县人民政府", year=year)


def _all_read(report, spec) -> list:
    read = {(f.table, f.row, f.column): f.value for f in report.facts}
    return [(k, read.get(k), v) for k, v in spec.values.items()
            if v is not None and (read.get(k) is None or Decimal(str(read[k])) != Decimal(str(v)))]


@pytest.mark.parametrize("seed,year", SEEDS)
def test_markdown_tables(tmp_path, seed, year):
    spec = _spec(seed, year)
    lines = render_txt(spec, tmp_path / "plain.txt").read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        if "\t" in line:
            cells = line.split("\t")
            out += [f"| {' | '.join(cells)} |", "|" + "---|" * len(cells)]
        else:
            out.append(line)
    path = tmp_path / "report.md"
    path.write_text("\n".join(out), encoding="utf-8")
    report = parse_report(path)
    assert report.facts and not _all_read(report, spec)


@pytest.mark.parametrize("seed,year", SEEDS)
def test_a_preamble_that_names_the_sections(tmp_path, seed, year):
    spec = _spec(seed, year)
    lines = render_txt(spec, tmp_path / "plain.txt").read_text(encoding="utf-8").splitlines()
    wrapped = ["本报告根据《中华人民共和国政府信息公开条例》编制，", "报告全文包括总体情况、主动公开政府",
               "信息情况、收到和处理政府信息公开申请", "情况，存在的主要问题及改进情况以及其他需",
               "要报告的事项等六部分。"]
    path = tmp_path / "report.txt"
    path.write_text("\n".join([lines[0], *wrapped, *lines[1:]]), encoding="utf-8")
    report = parse_report(path)
    assert [s.number for s in report.sections] == [0, 1, 2, 3, 4, 5, 6]
    assert report.facts and not _all_read(report, spec)


@pytest.mark.parametrize("label", ["标题: ", "标题：", "题目:", "Title: "])
def test_a_saved_pages_title_label(tmp_path, label):
    spec = _spec(14, 2021)
    body = render_txt(spec, tmp_path / "plain.txt").read_text(encoding="utf-8")
    path = tmp_path / "page.txt"
    path.write_text(f"{label}{title(spec)}\n发布时间: 2022-01-20 15:22\n栏目: 政府信息公开年报\n"
                    f"==================== 正文 ====================\n{body}", encoding="utf-8")
    report = parse_report(path)
    assert (report.agency.name, report.year) == ("清河县人民政府", 2021)
    assert report.facts and not _all_read(report, spec)


def _framed_pdf(spec, path):
    """The whole report in one ruled frame four columns wide: every heading and paragraph a row of one merged
    cell, the active table's rows in the same frame (as some agencies lay out their PDFs)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    grid = active_grid(spec)
    width = len(grid.cells[0])
    data, spans = [], []

    def text_row(text: str) -> None:
        spans.append((len(data), 0, len(data), width - 1))
        data.append([text] + [""] * (width - 1))

    text_row(title(spec))
    texts = prose(spec)
    for n, heading in enumerate(SECTION_HEADINGS, start=1):
        text_row(heading)
        for t in texts.get(n, []):
            for start in range(0, len(t), 40):  # hard-wrapped, a row per printed line
                text_row(t[start:start + 40])
        if n == 2:
            top = len(data)
            data += [[c or "" for c in row] for row in grid.cells]
            spans += [(top + r0, c0, top + r1, c1) for r0, c0, r1, c1 in grid.spans]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), font, 8)]
    style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in spans]
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Table(data, colWidths=[60 * mm, 35 * mm, 35 * mm, 35 * mm], style=TableStyle(style), repeatRows=0)])
    return path


@pytest.mark.parametrize("seed,year", [(15, 2020), (16, 2022)])
def test_a_page_in_one_table_frame(tmp_path, seed, year):
    spec = _spec(seed, year)
    report = parse_report(_framed_pdf(spec, tmp_path / "framed.pdf"))
    assert (report.agency.name, report.year) == ("清河县人民政府", year)
    assert 2 in [s.number for s in report.sections]
    active = {k: v for k, v in spec.values.items() if k[0] == "active"}
    read = {(f.table, f.row, f.column): f.value for f in report.facts if f.table == "active"}
    assert read and all(Decimal(str(read[k])) == Decimal(str(v)) for k, v in active.items() if v is not None)
