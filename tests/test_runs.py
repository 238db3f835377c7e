"""Text whose table cells a crawler ran together (issue #14; index/runs.py): a run of digits becomes cells only where
the template's arithmetic leaves one split, and a generated report flattened the way the crawler flattens them reads
right or not at all — never as another number."""

import random
from decimal import Decimal

import pytest

from bench.synth import random_spec, render_txt
from index.messages import said
from index.report import parse_report
from index.runs import _applications_cells, pieces, splits
from index.template import REVISED, TRIAL


def test_a_row_total_leaves_one_split():
    assert splits("640020470", (7,), sums=True) == [("64", "0", "0", "2", "0", "4", "70")]
    assert splits("230 000023", (7,), sums=True) == [("23", "0", "0", "0", "0", "0", "23")]  # a space is a boundary
    assert splits("0000000", (7,), sums=True) == [("0",) * 7]
    assert splits("15130000154", (7,), sums=True) == [("151", "3", "0", "0", "0", "0", "154")]


def test_no_split_or_several_are_not_placed():
    assert splits("1000010", (7,), sums=True) == []  # one digit a cell, and 1+0+0+0+0+1 ≠ 0: a blank was lost
    assert len(splits("112000013", (7,), sums=True)) == 2  # 11|2|…|13 and 1|12|…|13
    rows = [("new", "一、本年新收", "112000013")]
    assert _applications_cells(rows, TRIAL) == {}


def test_the_tables_sums_choose_between_splits():
    rows = [("new", "一、本年新收", "112000013"), ("carried_in", "二、上年结转", "0000000"),
            ("handled_total", "（七）总计", "11 2 0 0 0 0 13"), ("carried_forward", "四、结转下年度", "0000000")]
    placed = _applications_cells(rows, TRIAL)
    cells, reason = placed[("new", "112000013")]
    assert cells == ["11", "2", "0", "0", "0", "0", "13"]
    assert "112000013" in said(reason, "zh") and "112000013" in said(reason, "en")
    assert placed[("handled_total", "11 2 0 0 0 0 13")] == (["11", "2", "0", "0", "0", "0", "13"], None)
    # without 结转下年度 rule 1 cannot be checked: the row stays open
    assert ("new", "112000013") not in _applications_cells(rows[:3], TRIAL)


def test_review_and_rows_without_a_sum():
    assert splits("25380363300630003", (5, 5, 5), sums=True, max_digits=5) == [
        ("25", "3", "8", "0", "36", "3", "3", "0", "0", "6", "3", "0", "0", "0", "3")]
    assert splits("000", (3,), sums=False) == [("0", "0", "0")]
    assert len(splits("898989", (3,), sums=False)) > 1  # 规范性文件: no sum, several splits: not placed
    assert splits("1000", (3,), sums=False) == [("10", "0", "0")]  # no leading zeros


def test_list_numbering_belongs_to_the_next_label():
    assert pieces("本机关不掌握相关政府信息70000072.没有现成信息需要另行制作0000000") == [
        ("text", "本机关不掌握相关政府信息"), ("run", "7000007"), ("text", "2.没有现成信息需要另行制作"), ("run", "0000000")]
    assert pieces("（三）不予公开1.属于国家秘密0000000")[0] == ("text", "（三）不予公开1.属于国家秘密")


def _flattened(spec, path, spaces: float, seed: int):
    """The report as a crawler saves it: every line joined with nothing between, a row's cells run together (with
    a single space kept at a fraction `spaces` of the joins)."""
    rng = random.Random(seed)
    lines = render_txt(spec, path).read_text(encoding="utf-8").splitlines()
    text = "".join((" " if rng.random() < spaces else "").join(c for c in line.split("\t") if c) for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


CASES = [(seed, year, spaces) for seed, year in ((1, 2020), (2, 2022), (3, 2019), (4, 2023), (5, 2021), (6, 2024))
         for spaces in (0.0, 0.3)]


@pytest.mark.parametrize("seed,year,spaces", CASES)
def test_a_flattened_report_reads_right_or_not_at_all(tmp_path, seed, year, spaces):
    spec = random_spec(seed, agency="清河县人民政府", year=year)
    report = parse_report(_flattened(spec, tmp_path / "page.txt", spaces, seed))
    assert (report.agency.name, report.year, report.format) == ("清河县人民政府", year, spec.fmt)
    read = {(f.table, f.row, f.column): f for f in report.facts}
    wrong = [(k, read[k].value, v) for k, v in spec.values.items()
             if k in read and Decimal(str(read[k].value)) != Decimal(str(v))]
    assert not wrong
    for table in ("applications", "review"):
        expected = [k for k in spec.values if k[0] == table]
        got = [k for k in expected if k in read]
        assert len(got) >= 0.9 * len(expected), f"{table}: {len(got)} of {len(expected)} read"
        assert all(read[k].inferred for k in got) if spaces == 0 else True  # every split says how it was made


def test_both_formats_are_flattened():
    assert {random_spec(s, year=y).fmt for s, y, _ in CASES} == {TRIAL, REVISED}
