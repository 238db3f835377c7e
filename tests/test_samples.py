"""The five bundled reports: identity, and every non-zero cell of sections 二, 三 and 四 read by hand.

Every template cell not listed as non-zero must have been parsed as exactly 0 (not blank,
not missing), so a value landing in the wrong cell fails here.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from index.checks import FAIL
from index.report import parse_report
from index.template import TRIAL

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"
COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")


def row7(*values):
    return dict(zip(COLUMNS, values))


# file → (agency, short, year, {table: {row: {column: value}}}) with only the non-zero cells
EXPECTED = {
    "000_cac3ad9cc33592c6.txt": ("偃师市人民政府办公室", "偃师市政府办公室", 2019, {
        "active": {"normative_docs": {"made": 4, "published": 3, "total_published": 3}},
        "applications": {
            "new": row7(2, 3, 0, 0, 0, 0, 5),
            "granted": row7(1, 0, 0, 0, 0, 0, 1),
            "partial": row7(1, 0, 0, 0, 0, 0, 1),
            "unable.not_held": row7(1, 2, 0, 0, 0, 0, 3),
            "other": row7(0, 1, 0, 0, 0, 0, 1),
            "handled_total": row7(3, 3, 0, 0, 0, 0, 6),
        },
        "review": {"reconsideration": {"upheld": 3, "total": 3}},
    }),
    "001_351f4af2c3a8fcf1.txt": ("洛宁县人民政府", "洛宁县", 2020, {
        "active": {
            "normative_docs": {"made": 4, "published": 4, "total_published": 50},
            "licensing": {"prev_items": 227, "change": -27, "decisions": 33764},
            "other_services": {"prev_items": 553, "change": 34, "decisions": 82513},
            "penalty": {"prev_items": 2543, "change": 57, "decisions": 48686},
            "coercion": {"prev_items": 96, "decisions": 31},
            "fees": {"prev_items": 31, "change": 8},
            "procurement": {"purchase_items": 393, "purchase_amount": Decimal("209512.943")},
        },
        "applications": {
            "new": row7(1, 0, 0, 0, 0, 0, 1),
            "granted": row7(1, 0, 0, 0, 0, 0, 1),
            "handled_total": row7(1, 0, 0, 0, 0, 0, 1),
        },
        "review": {},
    }),
    "002_c8d30c2eb8575ca5.txt": ("邙岭镇人民政府", "邙岭镇", 2020, {
        "active": {"procurement": {"purchase_items": 2, "purchase_amount": Decimal("30.5")}},
        "applications": {},
        "review": {},
    }),
    "003_0d16514126ac40ad.txt": ("上街区人民政府", "上街区", 2019, {
        "active": {
            "normative_docs": {"made": 11, "published": 11, "total_published": 11},
            "licensing": {"prev_items": 299, "change": 136, "decisions": 10022},
            "other_services": {"prev_items": 178, "change": 22, "decisions": 90365},
            "penalty": {"prev_items": 1478, "change": 177, "decisions": 3750},
            "coercion": {"prev_items": 66, "change": 9, "decisions": 55},
            "fees": {"prev_items": 16, "change": -2},
            "procurement": {"purchase_items": 483, "purchase_amount": Decimal("49533.4728")},
        },
        "applications": {
            "new": row7(69, 6, 2, 0, 1, 1, 79),
            "granted": row7(22, 3, 0, 0, 1, 0, 26),
            "partial": row7(18, 0, 0, 0, 0, 0, 18),
            "refused.process_info": row7(0, 2, 0, 0, 0, 0, 2),
            "refused.enforcement_file": row7(1, 0, 0, 0, 0, 0, 1),
            "unable.not_held": row7(15, 1, 0, 0, 0, 1, 17),
            "unable.needs_creation": row7(2, 0, 0, 0, 0, 0, 2),
            "unable.unclear": row7(2, 0, 0, 0, 0, 0, 2),
            "not_processed.petition": row7(4, 0, 0, 0, 0, 0, 4),
            "other": row7(3, 0, 2, 0, 0, 0, 5),
            "handled_total": row7(67, 6, 2, 0, 1, 1, 77),
            "carried_forward": row7(2, 0, 0, 0, 0, 0, 2),
        },
        "review": {
            "reconsideration": {"other": 1, "total": 1},
            "suit_direct": {"upheld": 1, "other": 1, "total": 2},
        },
    }),
    "004_79f6384cd4c74786.txt": ("淮安市人民政府办公室", "淮安市政府办公室", 2019, {
        "active": {
            "rules": {"made": 2, "published": 2, "total_published": 8},
            "normative_docs": {"total_published": 58},
            "licensing": {"prev_items": 3, "decisions": 199},
            "other_services": {"prev_items": 1},
            "procurement": {"purchase_items": 4, "purchase_amount": Decimal("97.8")},
        },
        "applications": {
            "new": row7(54, 0, 0, 0, 0, 0, 54),
            "granted": row7(31, 0, 0, 0, 0, 0, 31),
            "refused.query_item": row7(1, 0, 0, 0, 0, 0, 1),
            "unable.not_held": row7(21, 0, 0, 0, 0, 0, 21),
            "unable.needs_creation": row7(1, 0, 0, 0, 0, 0, 1),
            "handled_total": row7(54, 0, 0, 0, 0, 0, 54),
        },
        "review": {},
    }),
}


@pytest.fixture(scope="module")
def parsed():
    return {name: parse_report(REPORTS / name) for name in EXPECTED}


@pytest.mark.parametrize("name", EXPECTED)
def test_identity(parsed, name):
    agency, short, year, _ = EXPECTED[name]
    report = parsed[name]
    assert report.agency.name == agency
    assert report.agency.short == short
    assert report.year == year
    assert report.format == TRIAL  # 2019 and 2020 reports use the trial format
    assert report.kind == "text"


def test_pinyin_aliases(parsed):
    aliases = {r.agency.short: r.agency.aliases for r in parsed.values()}
    assert "Luoning" in aliases["洛宁县"] and "Luoning County" in aliases["洛宁县"]
    assert {"Huai'an", "Huaian"} <= set(aliases["淮安市政府办公室"])
    assert "Shangjie District" in aliases["上街区"]
    assert "Mangling" in aliases["邙岭镇"]
    assert "Yanshi" in aliases["偃师市政府办公室"]


@pytest.mark.parametrize("name", EXPECTED)
def test_every_cell(parsed, name):
    """All 198 trial-format cells present; the listed ones have their value, every other one is 0."""
    _, _, _, tables = EXPECTED[name]
    facts = {(f.table, f.row, f.column): f for f in parsed[name].facts}
    assert len(facts) == len(parsed[name].facts) == 198
    expected = {(t, r, c): v for t, rows in tables.items() for r, cols in rows.items() for c, v in cols.items()}
    for key, fact in facts.items():
        assert fact.value == expected.get(key, 0), key
        assert isinstance(fact.value, (int, Decimal)) and not isinstance(fact.value, bool)
    assert set(expected) <= set(facts)


def test_units_and_raw_text(parsed):
    facts = {(f.table, f.row, f.column): f for f in parsed["001_351f4af2c3a8fcf1.txt"].facts}
    amount = facts[("active", "procurement", "purchase_amount")]
    assert (amount.value, amount.unit, amount.raw) == (Decimal("209512.943"), "万元", "209,512.943")
    assert facts[("active", "licensing", "change")].raw == "-27"
    assert facts[("applications", "new", "total")].unit == "件"
    huaian = {(f.table, f.row, f.column): f for f in parsed["004_79f6384cd4c74786.txt"].facts}
    cell = huaian[("active", "procurement", "purchase_amount")]
    assert (cell.value, cell.unit, cell.raw) == (Decimal("97.8"), "万元", "97.8万元")


def test_line_provenance(parsed):
    shangjie = {(f.table, f.row, f.column): f for f in parsed["003_0d16514126ac40ad.txt"].facts}
    new_total = shangjie[("applications", "new", "total")]
    lines = (REPORTS / "003_0d16514126ac40ad.txt").read_text(encoding="utf-8").splitlines()
    assert new_total.line is not None and new_total.page is None
    assert lines[new_total.line - 1].startswith("一、本年新收") and "79" in lines[new_total.line - 1]
    # one cell per line: each number has its own line
    huaian = {(f.table, f.row, f.column): f for f in parsed["004_79f6384cd4c74786.txt"].facts}
    not_held = huaian[("applications", "unable.not_held", "natural_person")]
    lines = (REPORTS / "004_79f6384cd4c74786.txt").read_text(encoding="utf-8").splitlines()
    assert lines[not_held.line - 1].strip() == "21"


def test_inferred_placements_are_marked(parsed):
    yanshi = {(f.table, f.row, f.column): f for f in parsed["000_cac3ad9cc33592c6.txt"].facts}
    review = yanshi[("review", "reconsideration", "upheld")]
    assert review.inferred and "行政复议3件" in review.inferred
    assert yanshi[("review", "suit_after_review", "total")].inferred
    assert yanshi[("applications", "not_processed.petition", "total")].inferred  # 6 numbers for 7 cells
    assert yanshi[("applications", "new", "total")].inferred is None
    shangjie = {(f.table, f.row, f.column): f for f in parsed["003_0d16514126ac40ad.txt"].facts}
    assert "不予公开" in shangjie[("applications", "refused.state_secret", "total")].inferred
    clean = parsed["001_351f4af2c3a8fcf1.txt"].facts
    assert not [f for f in clean if f.table == "review" and f.inferred]


def test_yanshi_fails_rule_1_with_evidence(parsed):
    failures = [c for c in parsed["000_cac3ad9cc33592c6.txt"].checks if c.status == FAIL]
    total = next(c for c in failures if c.rule == 1 and c.scope == "总计")
    assert "5 + 0" in total.message and "6 + 0" in total.message
    values = {(e["row"], e["column"]): e["value"] for e in total.evidence}
    assert values == {("new", "total"): 5, ("carried_in", "total"): 0,
                      ("handled_total", "total"): 6, ("carried_forward", "total"): 0}
    assert {c.rule for c in failures} == {1}


@pytest.mark.parametrize("name", [n for n in EXPECTED if not n.startswith("000")])
def test_other_samples_pass_every_rule(parsed, name):
    assert [c for c in parsed[name].checks if c.status == FAIL] == []


def test_prose_figures_checked(parsed):
    shangjie = [c for c in parsed["003_0d16514126ac40ad.txt"].checks if c.rule == 6]
    received = next(c for c in shangjie if c.scope == "received")
    assert received.status == "pass" and "39 + 40" in received.message
    huaian = {c.scope: c.status for c in parsed["004_79f6384cd4c74786.txt"].checks if c.rule == 6}
    assert huaian == {"received": "pass", "granted": "pass", "refused": "pass", "unable": "pass",
                      "reconsideration": "pass", "lawsuits": "pass"}
