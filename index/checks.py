"""The six consistency rules as pure functions over a report's facts.

A failed rule is information for the user, shown with its evidence; it never drops or
corrects a number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .figures import Figure
from .messages import Message
from .tables import Fact
from .template import APPLICATIONS, REVIEW

PASS, FAIL, NOT_ASSESSABLE = "pass", "fail", "not_assessable"
REPORT, YEARS = "report", "years"  # a rule's scope: one report, or consecutive years of one agency


@dataclass(frozen=True)
class Rule:
    """One consistency rule. `run` takes, by scope:
    REPORT: (cells, format, prose figures) of one report → its results;
    YEARS: [(report id, year, facts)] of one agency → results per report id.
    Raise `revision` when a rule's logic changes: reports checked by an older one are parsed again."""

    id: int
    zh: str
    en: str
    scope: str
    run: Callable = field(compare=False, repr=False)
    revision: int = 1

    def text(self, language: str) -> str:
        return self.zh if language == "zh" else self.en


RULES: dict[int, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add (or replace) a rule: ingest applies it, `check`, the API and the reports tab show it."""
    RULES[rule.id] = rule
    return rule


def rule_for(rule_id: int) -> Rule:
    """The rule of a stored result; one removed since (its reports not parsed again yet) still reads."""
    return RULES.get(rule_id) or Rule(rule_id, f"规则{rule_id}（本版本已没有这条规则）", f"rule {rule_id} (not in this version)",
                                      REPORT, lambda *args: [])


def rules_version() -> str:
    """What the rules inside one report are now: part of a stored report's version (index/report.py)."""
    return ",".join(f"{r.id}.{r.revision}" for r in sorted(RULES.values(), key=lambda r: r.id) if r.scope == REPORT)


@dataclass
class CheckResult:
    rule: int
    scope: str
    status: str
    message: str  # an encoded catalogue message (`said(message, language)`); a plain sentence as it is
    evidence: list[dict] = field(default_factory=list)

    @property
    def name(self) -> str:
        return rule_for(self.rule).en


Cells = dict[tuple[str, str, str], Fact]


def index_facts(facts: list[Fact]) -> Cells:
    return {(f.table, f.row, f.column): f for f in facts}


def _evidence(fact: Fact) -> dict:
    return {"table": fact.table, "row": fact.row, "row_label": fact.row_label,
            "column": fact.column, "column_label": fact.column_label,
            "value": fact.value, "raw": fact.raw, "page": fact.page, "line": fact.line}


def _sum_rule(rule: int, scope: str, cells: Cells, left: list[tuple], right: list[tuple]) -> CheckResult:
    """sum(left) == sum(right), not assessable when any cell has no value."""
    facts = [cells.get(k) for k in left + right]
    missing = [k for k, f in zip(left + right, facts) if f is None or f.value is None]
    if missing:
        names = ", ".join(f"{r}/{c}" for _, r, c in missing[:3])
        return CheckResult(rule, scope, NOT_ASSESSABLE, Message("check.no_value", cells=names).encode(),
                           [_evidence(f) for f in facts if f is not None])
    lhs = [cells[k].value for k in left]
    rhs = [cells[k].value for k in right]
    ok = sum(lhs) == sum(rhs)
    formula = Message("check.holds" if ok else "check.fails", left=" + ".join(map(str, lhs)),
                      right=" + ".join(map(str, rhs)), left_sum=str(sum(lhs)), right_sum=str(sum(rhs)))
    return CheckResult(rule, scope, PASS if ok else FAIL, formula.encode(), [_evidence(f) for f in facts])


def _result_rows(fmt: str) -> list[str]:
    rows = [r.id for r in APPLICATIONS.rows_for(fmt)]
    start, end = rows.index("granted"), rows.index("handled_total")
    return rows[start:end]


def _has_table(cells: Cells, table_id: str) -> bool:
    return any(k[0] == table_id for k in cells)


def _rule_1(cells: Cells, fmt: str, figures: list[Figure]) -> list[CheckResult]:
    t = APPLICATIONS.id
    if not _has_table(cells, t):
        return []
    return [_sum_rule(1, c.label, cells, [(t, "new", c.id), (t, "carried_in", c.id)],
                      [(t, "handled_total", c.id), (t, "carried_forward", c.id)]) for c in APPLICATIONS.columns]


def _rule_2(cells: Cells, fmt: str, figures: list[Figure]) -> list[CheckResult]:
    t = APPLICATIONS.id
    if not _has_table(cells, t):
        return []
    return [_sum_rule(2, c.label, cells, [(t, "handled_total", c.id)], [(t, r, c.id) for r in _result_rows(fmt)])
            for c in APPLICATIONS.columns]


def _rule_3(cells: Cells, fmt: str, figures: list[Figure]) -> list[CheckResult]:
    t = APPLICATIONS.id
    if not _has_table(cells, t):
        return []
    return [_sum_rule(3, row.label, cells, [(t, row.id, "total")], [(t, row.id, c.id) for c in APPLICATIONS.columns[:-1]])
            for row in APPLICATIONS.rows_for(fmt)]


def _rule_4(cells: Cells, fmt: str, figures: list[Figure]) -> list[CheckResult]:
    if not _has_table(cells, REVIEW.id):
        return []
    return [_sum_rule(4, row.label, cells, [(REVIEW.id, row.id, "total")],
                      [(REVIEW.id, row.id, c.id) for c in REVIEW.columns[:-1]]) for row in REVIEW.rows]


def check_report(facts: list[Fact], fmt: str, figures: list[Figure]) -> list[CheckResult]:
    """Every rule of one report's scope, in rule order (the rules across years: see check_agency_years)."""
    cells = index_facts(facts)
    return [result for rule in sorted(RULES.values(), key=lambda r: r.id) if rule.scope == REPORT
            for result in rule.run(cells, fmt, figures)]


_PROSE_METRICS: dict[str, tuple[str, str]] = {
    "received": (APPLICATIONS.id, "new"),
    "granted": (APPLICATIONS.id, "granted"),
    "refused": (APPLICATIONS.id, "refused."),
    "unable": (APPLICATIONS.id, "unable."),
    "reconsideration": (REVIEW.id, "reconsideration"),
    "lawsuits": (REVIEW.id, "suit_"),
}


def check_prose(cells: Cells, fmt: str, figures: list[Figure]) -> list[CheckResult]:
    """Rule 6: a prose figure matches its table total (one of them, or all of them summed)."""
    results = []
    for metric, (table_id, row_prefix) in _PROSE_METRICS.items():
        stated = [f for f in figures if f.metric == metric]
        if not stated:
            continue
        totals = [f for (tid, row, col), f in cells.items()
                  if tid == table_id and col == "total"
                  and (row == row_prefix or (row_prefix.endswith((".", "_")) and row.startswith(row_prefix)))]
        prose = [{"sentence": f.sentence, "value": f.value, "page": f.page, "line": f.line} for f in stated]
        if not totals or any(f.value is None for f in totals):
            results.append(CheckResult(6, metric, NOT_ASSESSABLE, Message("check.no_table_value").encode(),
                                       prose + [_evidence(f) for f in totals]))
            continue
        table_value = sum(f.value for f in totals)
        values = [f.value for f in stated]
        if table_value in values:
            ok, message = True, Message("check.prose_matches", prose=str(table_value), table=str(table_value))
        elif len(values) > 1 and sum(values) == table_value:
            ok, message = True, Message("check.prose_matches", prose=" + ".join(map(str, values)), table=str(table_value))
        else:
            ok, message = False, Message("check.prose_differs", prose=" / ".join(map(str, values)),
                                         table=str(table_value))
        results.append(CheckResult(6, metric, PASS if ok else FAIL, message.encode(),
                                   prose + [_evidence(f) for f in totals]))
    return results


def check_years(earlier: list[Fact], later: list[Fact], earlier_year: int) -> list[CheckResult]:
    """Rule 5 between two consecutive reports of one agency, per column. Each piece of evidence names its
    year: the same cell of the other year is another cell."""
    cells = {("a", f.row, f.column): f for f in earlier if f.table == APPLICATIONS.id}
    cells.update({("b", f.row, f.column): f for f in later if f.table == APPLICATIONS.id})
    results = [_sum_rule(5, f"{earlier_year}→{earlier_year + 1} {c.label}", cells,
                         [("a", "carried_forward", c.id)], [("b", "carried_in", c.id)])
               for c in APPLICATIONS.columns]
    for r in results:
        for e in r.evidence:
            e["year"] = earlier_year if e["row"] == "carried_forward" else earlier_year + 1
    return results


def check_agency_years(reports: list[tuple[int, int, list[Fact]]]) -> dict[int, list[CheckResult]]:
    """Rule 5 over every report of one agency, given as (report id, year, facts): each pair of consecutive
    years is checked and the results belong to both reports; a report with no report of the next year gets
    one result saying so (not assessable)."""
    out: dict[int, list[CheckResult]] = {report_id: [] for report_id, _, _ in reports}
    for report_id, year, facts in reports:
        later = [(other_id, other) for other_id, other_year, other in reports if other_year == year + 1]
        for other_id, other in later:
            results = check_years(facts, other, year)
            out[report_id] += results
            out[other_id] += results
        if not later:
            out[report_id].append(CheckResult(5, f"{year}→{year + 1}", NOT_ASSESSABLE,
                                              Message("check.no_next_year", year=year + 1).encode()))
    return out



for _rule in (
    Rule(1, "三、一 + 二 = （七）总计 + 四（各列）", "一 + 二 = （七）总计 + 四 (per column of section 三)", REPORT, _rule_1),
    Rule(2, "三、（七）总计 = （一）+（二）+ Σ（三）+ Σ（四）+ Σ（五）+（六）（各列）",
         "（七）总计 = （一）+（二）+ Σ（三）+ Σ（四）+ Σ（五）+（六） (per column)", REPORT, _rule_2),
    Rule(3, "三、总计 = 自然人 + 法人或其他组织（各行）", "总计 = 自然人 + 法人或其他组织 (per row of section 三)", REPORT, _rule_3),
    Rule(4, "四、总计 = 维持 + 纠正 + 其他 + 尚未审结（各组）", "总计 = 维持 + 纠正 + 其他 + 尚未审结 (section 四, per group)",
         REPORT, _rule_4),
    Rule(5, "第N年“结转下年度继续办理” = 第N+1年“上年结转政府信息公开申请数量”",
         "结转下年度 of year N = 上年结转 of year N+1", YEARS, check_agency_years),
    Rule(6, "正文所述数字与表格一致", "figures quoted in the prose match the tables", REPORT, check_prose),
):
    register(_rule)
