"""The consistency rules as a registry, and the rule across years (5) stored and shown like the others: recomputed
whenever a report of the agency comes or goes, in `check`, /api/checks and as warnings on the answers it touches."""

import json

import pytest

from bench.synth import random_spec, render_txt
from index.checks import FAIL, NOT_ASSESSABLE, PASS, REPORT, RULES, YEARS
from index.ingest import ingest_many
from index.template import APPLICATIONS

from .conftest import built
from .test_cli import run

AGENCY = "洛川县人民政府"
PARTS = [c.id for c in APPLICATIONS.columns[:-1]]


def carried_over(seed: int, off_by: int = 0):
    """2020 and 2021 specs of one agency where 2021's 上年结转 is 2020's 结转下年度 (自然人 `off_by` more),
    every rule inside each report kept."""
    earlier = random_spec(seed, agency=AGENCY, year=2020)
    later = random_spec(seed + 1, agency=AGENCY, year=2021)
    a = APPLICATIONS.id
    for col in PARTS:
        wanted = earlier.values[(a, "carried_forward", col)] + (off_by if col == "natural_person" else 0)
        shift = wanted - later.values[(a, "carried_in", col)]
        later.values[(a, "carried_in", col)] += shift
        later.values[(a, "new", col)] -= shift  # 新收 + 上年结转 stays what was handled + carried forward
        short = max(0, -later.values[(a, "new", col)])
        later.values[(a, "new", col)] += short  # (carrying more forward where it would go below zero)
        later.values[(a, "carried_forward", col)] += short
    for row in ("carried_in", "new", "carried_forward"):
        later.values[(a, row, "total")] = sum(later.values[(a, row, c)] for c in PARTS)
    later.prose_received = later.values[(a, "new", "total")]
    assert all(v >= 0 for k, v in later.values.items() if k[0] == a)
    return earlier, later


def ingest(folder, *specs):
    parts = built(folder)
    paths = [render_txt(s, folder / f"{s.year}.txt") for s in specs]
    outcomes, _ = ingest_many(paths, parts.store)
    assert all(o.status == "indexed" for o in outcomes), [o.message for o in outcomes]
    return parts, {o.report.year: o.report for o in outcomes}


def rule_5(store, report_id: int) -> dict[str, str]:
    return {c.scope: c.status for c in store.checks(report_id) if c.rule == 5}


def test_every_rule_is_declared_once_in_both_languages_with_its_scope():
    assert sorted(RULES) == [1, 2, 3, 4, 5, 6]
    assert all(r.zh and r.en and r.zh != r.en and r.scope in (REPORT, YEARS) for r in RULES.values())
    assert [r.id for r in RULES.values() if r.scope == YEARS] == [5]


def test_consecutive_years_are_checked_and_the_result_belongs_to_both_reports(tmp_path):
    earlier, later = carried_over(41, off_by=1)
    parts, reports = ingest(tmp_path, earlier, later)
    for year in (2020, 2021):
        results = {k: v for k, v in rule_5(parts.store, reports[year].id).items() if k.startswith("2020→2021")}
        assert len(results) == len(APPLICATIONS.columns), results  # one per column, never none
        assert results["2020→2021 自然人"] == FAIL and results["2020→2021 总计"] == FAIL
        assert all(status == PASS for scope, status in results.items() if scope.split()[-1] not in ("自然人", "总计"))
    assert rule_5(parts.store, reports[2021].id)["2021→2022"] == NOT_ASSESSABLE  # and no 2022 report
    assert parts.store.reports(AGENCY, 2021)[0].failed_checks == 2


def test_a_report_added_or_removed_rechecks_the_years_around_it(tmp_path):
    earlier, later = carried_over(43)
    parts, reports = ingest(tmp_path, earlier)
    assert rule_5(parts.store, reports[2020].id) == {"2020→2021": NOT_ASSESSABLE}  # no 2021 report yet
    _, added = ingest(tmp_path, later)
    assert set(rule_5(parts.store, reports[2020].id).values()) == {PASS}
    parts.store.remove(added[2021].id)
    from index.ingest import recheck_years

    recheck_years(parts.store, [AGENCY])
    assert rule_5(parts.store, reports[2020].id) == {"2020→2021": NOT_ASSESSABLE}


def test_reports_indexed_before_the_rule_was_stored_get_it_on_the_next_ingest(tmp_path):
    earlier, later = carried_over(45, off_by=2)
    parts, reports = ingest(tmp_path, earlier, later)
    parts.store.replace_checks(5, {r.id: [] for r in reports.values()})  # as an older version left them
    assert parts.store.agencies_without_rule(5) == [AGENCY]
    ingest_many([], parts.store)
    assert rule_5(parts.store, reports[2021].id)["2020→2021 自然人"] == FAIL


def test_a_failed_rule_across_years_warns_only_on_the_cells_and_years_it_cites(tmp_path):
    earlier, later = carried_over(47, off_by=1)
    parts, _ = ingest(tmp_path, earlier, later)
    assistant = parts.assistant()
    carried_in = assistant.ask("洛川县2021年上年结转的申请有多少件？")
    assert carried_in.values[0]["row"] == "carried_in"
    assert any("规则5" in w for w in carried_in.warnings), carried_in.warnings
    carried_forward = assistant.ask("洛川县2020年结转下年度继续办理多少件？")
    assert any("规则5" in w for w in carried_forward.warnings), carried_forward.warnings
    # the same cells of the other year are not cited: 2020's 上年结转 is compared with no report here
    other = assistant.ask("洛川县2020年上年结转的申请有多少件？")
    assert other.values[0]["row"] == "carried_in" and not any("规则5" in w for w in other.warnings)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_check_shows_the_rule_across_years(tmp_path, fmt):
    earlier, later = carried_over(49, off_by=1)
    folder = tmp_path / "in"
    folder.mkdir()
    for s in (earlier, later):
        render_txt(s, folder / f"luochuan-{s.year}.txt")
    data_dir = tmp_path / "data"
    assert run(data_dir, "ingest", str(folder)).returncode == 0
    out = run(data_dir, "check", "--agency", "洛川县", "--year", "2021", "--format", fmt).stdout
    if fmt == "json":
        results = [c for c in json.loads(out) if c["rule"] == 5]
        assert {c["year"] for c in results} == {2021} and len(results) == len(APPLICATIONS.columns) + 1  # + 2022
        failed = next(c for c in results if c["status"] == FAIL and c["scope"].endswith("自然人"))
        assert failed["rule_scope"] == YEARS and {e["year"] for e in failed["evidence"]} == {2020, 2021}
    else:
        assert "[fail] rule 5" in out and "2020→2021 自然人" in out and "2 failed" in out


@pytest.mark.parametrize("question,said,warned", [
    ("洛川县2021年的数据对得上吗？", "通过了全部报告内的一致性检查", "规则5"),
    ("Do Luochuan's 2021 figures add up?", "passes every consistency check within the report", "rule 5")])
def test_a_quality_question_gives_the_reports_own_verdict_and_warns_of_the_years(tmp_path, question, said, warned):
    earlier, later = carried_over(51, off_by=1)
    parts, _ = ingest(tmp_path, earlier, later)
    answer = parts.assistant().ask(question)
    assert said in answer.answer and "Rule(" not in " ".join(answer.warnings)
    assert sum(warned in w for w in answer.warnings) == 2  # 自然人 and 总计 carried differently
