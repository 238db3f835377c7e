"""Reports generated from known values, as PDF, DOCX and text in both formats: every cell must come back."""

from dataclasses import replace
from decimal import Decimal

import pytest

from bench.synth import (Grid, applications_grid, random_spec, render_docx, render_pdf, render_txt,
                         split_grid)
from index.checks import FAIL, PASS, check_years
from index.template import APPLICATIONS
from index.readers import read_document
from index.report import parse_report
from index.template import REVISED, TRIAL

RENDERERS = {"pdf": render_pdf, "docx": render_docx, "txt": render_txt}
CASES = [(TRIAL, 2020, "洛川县人民政府", 11), (REVISED, 2022, "淮阴区人民政府办公室", 23),
         (REVISED, 2021, "高村镇人民政府", 5)]


@pytest.mark.parametrize("kind", RENDERERS)
@pytest.mark.parametrize("fmt,year,agency,seed", CASES)
def test_every_cell_round_trips(tmp_path, kind, fmt, year, agency, seed):
    spec = random_spec(seed, agency=agency, year=year, fmt=fmt)
    path = RENDERERS[kind](spec, tmp_path / f"report.{kind}")
    report = parse_report(path)
    assert (report.agency.name, report.year, report.format) == (agency, year, fmt)
    got = {(f.table, f.row, f.column): f for f in report.facts}
    assert set(got) == set(spec.values)
    for key, expected in spec.values.items():
        assert got[key].value == expected, key
        assert got[key].inferred is None, key
    assert [c for c in report.checks if c.status == FAIL] == []
    if kind == "pdf":
        assert all(f.page for f in report.facts)
    else:
        assert all(f.line for f in report.facts)


def test_pdf_split_table_and_pages(tmp_path):
    """The section 三 table continues on the next page; facts cite the page they are printed on."""
    spec = random_spec(3, agency="洛川县人民政府", year=2020, fmt=TRIAL)
    report = parse_report(render_pdf(spec, tmp_path / "split.pdf", split_at=9))
    pages = {f.row: f.page for f in report.facts if f.table == "applications" and f.column == "total"}
    assert pages["new"] < pages["carried_forward"]
    assert pages["refused.state_secret"] == pages["new"]  # before the cut
    assert pages["refused.third_party"] == pages["new"] + 1  # after it
    assert report.facts and not report.notes


def test_pdf_lines_are_normalised(tmp_path):
    """Vertical labels come back as words, wrapped paragraphs as one line, page numbers dropped."""
    spec = random_spec(4, agency="洛川县人民政府", year=2022, fmt=REVISED)
    lines = read_document(render_pdf(spec, tmp_path / "r.pdf")).lines
    cells = {c for line in lines for c in line.cells}
    assert "三、本年度办理结果" in cells and "（三）不予公开" in cells
    assert "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in cells
    prose = [line.text for line in lines if not line.in_table]
    assert any(t.startswith("2022年，洛川县人民政府认真贯彻落实") and t.endswith("监督权。") for t in prose)
    assert not any(t.strip("- ").isdigit() for t in prose)


def test_split_grid_keeps_spans_inside_each_part():
    grid = applications_grid(random_spec(1))
    first, second = split_grid(grid, 10)
    for part in (first, second):
        assert isinstance(part, Grid)
        assert all(r1 < len(part.cells) for _, _, r1, _ in part.spans)
    assert len(first.cells) + len(second.cells) == len(grid.cells)


@pytest.mark.parametrize("rule", [1, 2, 3, 4, 6])
def test_each_rule_break_is_caught(tmp_path, rule):
    spec = random_spec(rule, agency="洛川县人民政府", year=2020, broken=f"rule{rule}")
    report = parse_report(render_txt(spec, tmp_path / "broken.txt"))
    failed = {c.rule for c in report.checks if c.status == FAIL}
    assert failed == {rule}


def test_rule_5_across_years(tmp_path):
    earlier = random_spec(8, agency="洛川县人民政府", year=2020)
    later = random_spec(9, agency="洛川县人民政府", year=2021)
    a = parse_report(render_txt(earlier, tmp_path / "2020.txt"))
    b = parse_report(render_txt(later, tmp_path / "2021.txt"))
    results = {r.scope.split()[-1]: r for r in check_years(a.facts, b.facts, 2020)}
    assert len(results) == len(APPLICATIONS.columns)  # one result per column, never none
    for column, result in results.items():
        carried = earlier.values[("applications", "carried_forward", result.evidence[0]["column"])]
        received = later.values[("applications", "carried_in", result.evidence[0]["column"])]
        assert result.status == (PASS if carried == received else FAIL), column
    # a next year that carries exactly what this year carried forward passes everywhere
    next_year = [replace(f, row="carried_in") for f in a.facts if f.row == "carried_forward"]
    carried_on = check_years(a.facts, next_year, 2020)
    assert len(carried_on) == len(APPLICATIONS.columns) and all(r.status == PASS for r in carried_on)


def test_decimal_amounts_stay_exact(tmp_path):
    spec = random_spec(12, agency="洛川县人民政府", year=2020)
    spec.values[("active", "procurement", "purchase_amount")] = Decimal("209512.9430")
    report = parse_report(render_docx(spec, tmp_path / "r.docx"))
    fact = next(f for f in report.facts if f.column == "purchase_amount")
    assert fact.value == Decimal("209512.9430") and fact.unit == "万元"
