"""Questions over the bundled reports: numbers, citations, comparisons, follow-ups, no-data honesty."""

import itertools
import re
from decimal import Decimal

import pytest

from index.ingest import expand, ingest_many
from index.report import parse_report
from index.template import table

from bench.questions import HAND

from .conftest import built
from .test_samples import REPORTS


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    parts = built(tmp_path_factory.mktemp("ask"))
    ingest_many(expand([REPORTS]), parts.store)  # one parsing worker for the five files
    return parts


@pytest.fixture(scope="module")
def store(parts):
    return parts.store


@pytest.fixture(scope="module")
def assistant(parts):
    return parts.assistant()


def record_value(store, agency, year, table_id, row, column):
    """The expected value, straight from the stored records (independent of the answer code)."""
    [hit] = [s.fact.value for s in store.facts(agency, year, table_id) if s.fact.row == row and s.fact.column == column]
    return hit


def first_value(answer):
    assert answer.values, answer.answer
    return answer.values[0]["value"]


# --- generated from the records through wording templates ------------------------------------------

AGENCY_WORDS = {  # full name → (zh wordings, en wordings)
    "偃师市人民政府办公室": (["偃师市政府办公室", "偃师市人民政府办公室", "偃师"], ["Yanshi", "Yanshi City Government Office"]),
    "洛宁县人民政府": (["洛宁县", "洛宁县人民政府", "洛宁"], ["Luoning", "Luoning County"]),
    "邙岭镇人民政府": (["邙岭镇", "邙岭镇人民政府"], ["Mangling", "Mangling Town"]),
    "上街区人民政府": (["上街区", "上街区人民政府", "上街"], ["Shangjie", "Shangjie District"]),
    "淮安市人民政府办公室": (["淮安市政府办公室", "淮安市人民政府办公室"], ["Huai'an", "Huaian"]),
}
YEARS = {"偃师市人民政府办公室": 2019, "洛宁县人民政府": 2020, "邙岭镇人民政府": 2020, "上街区人民政府": 2019,
         "淮安市人民政府办公室": 2019}
METRICS = [
    ("applications", "new", "total"), ("applications", "new", "natural_person"), ("applications", "granted", "total"),
    ("applications", "partial", "total"), ("applications", "handled_total", "total"),
    ("applications", "carried_forward", "total"), ("applications", "unable.not_held", "total"),
    ("applications", "refused.process_info", "commercial"), ("active", "penalty", "decisions"),
    ("active", "licensing", "decisions"), ("active", "procurement", "purchase_amount"),
    ("review", "reconsideration", "total"),
]
ZH_TEMPLATES = ["{a}{y}年{row}{col}是多少？", "请问{y}年{a}的“{row}”中{col}有多少", "{a}{y}年度{row}（{col}）多少件"]
EN_TEMPLATES = ["How many {row} ({col}) did {a} report in {y}?", "In {y}, what was the {row} figure of {a}, {col}?",
                "{a} {y}: {row} — {col}?"]


def _zh_row(table_id, row):
    label = table(table_id).row(row).label
    label = re.sub(r"^(?:[一二三四]、|（[一二三四五六七]）|\d\.)", "", label)
    return "本年度办理结果" if label == "总计" else label  # （七）总计 sits under 三、本年度办理结果


def generated_cases():
    cases = []
    for i, (agency, (zh_names, en_names)) in enumerate(AGENCY_WORDS.items()):
        for j, (t, row, col) in enumerate(METRICS):
            n = i + j
            column = table(t).column(col)
            zh_col = "" if col == "total" and n % 2 else column.label
            zh = ZH_TEMPLATES[n % 3].format(a=zh_names[n % len(zh_names)], y=YEARS[agency], row=_zh_row(t, row),
                                            col=zh_col or "总数")
            en = EN_TEMPLATES[n % 3].format(a=en_names[n % len(en_names)], y=YEARS[agency],
                                            row=table(t).row(row).en, col=column.en)
            cases += [(zh, agency, t, row, col), (en, agency, t, row, col)]
    return cases


GENERATED = generated_cases()


@pytest.mark.parametrize("question,agency,table_id,row,column", GENERATED, ids=[c[0] for c in GENERATED])
def test_generated_question(assistant, store, question, agency, table_id, row, column):
    answer = assistant.ask(question)
    expected = record_value(store, agency, YEARS[agency], table_id, row, column)
    assert answer.route == "table", answer.answer
    v = answer.values[0]
    assert (v["agency"], v["year"], v["table"], v["row"], v["column"]) == (agency, YEARS[agency], table_id, row, column)
    assert Decimal(str(v["value"])) == expected
    assert v["source"]["file"] and (v["source"]["line"] or v["source"]["page"])


# --- hand-written paraphrases, values read from the reports -----------------------------------------



@pytest.mark.parametrize("question,expected", HAND, ids=[h[0] for h in HAND])
def test_hand_written_question(assistant, question, expected):
    answer = assistant.ask(question)
    assert answer.route == "table", answer.answer
    assert first_value(answer) == expected, answer.answer


def test_answer_carries_citation_in_text(assistant):
    answer = assistant.ask("How many applications did Luoning receive in 2020?")
    v = answer.values[0]
    fact = v["source"].pop("fact")  # the record's id, for its source view (GET /api/source?fact=)
    assert isinstance(fact, int) and fact > 0
    assert v == {"agency": "洛宁县人民政府", "year": 2020, "table": "applications", "row": "new", "column": "total",
                 "value": 1, "unit": "件", "source": {"file": "001_351f4af2c3a8fcf1.txt", "url": None, "page": None,
                                                      "line": 79, "raw": "1"}}
    assert "001_351f4af2c3a8fcf1.txt" in answer.answer and "line 79" in answer.answer
    assert answer.answer.startswith("Luoning County")  # the language of the question
    zh = assistant.ask("洛宁县2020年收到多少政府信息公开申请？").answer
    assert "1件" in zh and "第79行" in zh and "来源" in zh


def test_compare_has_both_numbers_and_chart(assistant):
    answer = assistant.ask("比较洛宁县和上街区的行政处罚处理决定数量")
    got = {(v["agency"], v["year"]): v["value"] for v in answer.values}
    assert got == {("洛宁县人民政府", 2020): 48686, ("上街区人民政府", 2019): 3750}
    assert answer.chart["type"] == "bar" and sorted(answer.chart["values"]) == [3750, 48686]
    assert len(answer.chart["labels"]) == 2
    assert "48,686件" in answer.answer and "3,750件" in answer.answer  # thousands separators in either language
    # the axes say what is counted and in what unit, and what each bar is
    assert answer.chart["x_title"] == "单位 · 年份" and answer.chart["y_title"].endswith("（件）")
    assert "处罚" in answer.chart["y_title"]
    en = assistant.ask("Compare Luoning and Shangjie on administrative penalties")
    assert sorted(v["value"] for v in en.values) == [3750, 48686] and en.chart
    assert "48,686" in en.answer and en.chart["x_title"] == "agency · year" and en.chart["y_title"].endswith("(count)")


def test_compare_every_agency_and_years_per_agency(assistant):
    everyone = assistant.ask("比较各单位收到的申请数量")
    assert len({v["agency"] for v in everyone.values}) == 5
    mixed = assistant.ask("上街区2019年和洛宁县2020年收到的申请对比")
    assert {(v["agency"], v["year"], v["value"]) for v in mixed.values} == {
        ("上街区人民政府", 2019, 79), ("洛宁县人民政府", 2020, 1)}


def test_years_of_one_agency_say_what_is_missing(assistant):
    answer = assistant.ask("洛宁县2019年和2020年收到的申请")
    assert [(v["year"], v["value"]) for v in answer.values] == [(2020, 1)]
    assert "2019" in answer.answer and "没有" in answer.answer
    assert answer.chart["type"] == "line"
    assert answer.chart["title"].startswith("洛宁县") and answer.chart["x_title"] == "年份"  # whose line it is
    change = assistant.ask("洛宁县收到的申请比去年增加了多少？")
    assert change.values == [] and "2020" in change.answer


def test_rank(assistant):
    answer = assistant.ask("哪个单位收到的申请最多？")
    assert [v["agency"] for v in answer.values][:2] == ["上街区人民政府", "淮安市人民政府办公室"]
    assert answer.chart["values"][0] == 79
    low = assistant.ask("Rank the agencies by applications received, lowest first")
    assert low.values[0]["value"] == 0 and low.values[-1]["value"] == 79


def test_breakdown(assistant):
    answer = assistant.ask("上街区2019年申请人情况分别是多少？")
    values = {v["column"]: v["value"] for v in answer.values}
    assert values == {"natural_person": 69, "commercial": 6, "research": 2, "public_interest": 0,
                      "legal_services": 1, "other_org": 1, "total": 79}
    assert answer.chart["labels"][0] == "自然人" and answer.chart["x_title"] == "项目"
    reasons = assistant.ask("上街区2019年不予公开的原因分别有多少？")
    by_row = {v["row"]: v["value"] for v in reasons.values}
    assert by_row["refused.process_info"] == 2 and by_row["refused.enforcement_file"] == 1


def test_data_quality(assistant):
    answer = assistant.ask("偃师市2019年报告的数据一致吗？")
    assert "规则1" in answer.answer and "5 + 0 ≠ 6 + 0" in answer.answer
    clean = assistant.ask("Is the Luoning report consistent?")
    assert "passes every consistency check" in clean.answer


def test_warnings_for_inferred_and_failing_cells(assistant):
    inferred = assistant.ask("偃师2019年行政复议多少件？")
    assert any("行政复议3件" in w for w in inferred.warnings)
    failing = assistant.ask("偃师2019年收到几件申请？")
    assert any("规则1" in w for w in failing.warnings)
    assert assistant.ask("洛宁县2020年收到多少申请").warnings == []


@pytest.mark.parametrize("zh,en", [("偃师2019年行政复议多少件？", "How many administrative reconsiderations did Yanshi have in 2019?"),
                                   ("偃师市2019年信访举报投诉类申请有多少件？",
                                    "How many Yanshi applications in 2019 were petitions, reports or complaints?"),
                                   ("上街区2019年因属于国家秘密不予公开多少件？",
                                    "How many Shangjie requests were refused as state secrets in 2019?"),
                                   ("洛宁县2020年其他处理多少件？", "Luoning 2020: how many applications were handled otherwise?")])
def test_how_a_number_was_placed_is_said_in_the_language_of_the_question(assistant, zh, en):
    said_zh = [w for w in assistant.ask(zh).warnings if "推断" in w]
    said_en = [w for w in assistant.ask(en).warnings if "inference" in w]
    assert said_zh and said_en
    assert not any(re.search(r"[a-z]{4,}", w) for w in said_zh), said_zh  # no English sentence in a Chinese answer
    assert all(re.search(r"by inference: (?:the|section) ", w) for w in said_en), said_en


NO_DATA = [
    ("洛宁县2021年收到多少申请？", ["2021", "2020"]),
    ("北京市2020年收到多少申请", ["北京市"]),
    ("How many applications did Beijing receive in 2020?", ["Beijing"]),
    ("Luoning 2019 administrative penalties", ["2019", "2020"]),
    ("洛宁县2020年行政事业性收费金额是多少", ["没有"]),
    ("上街区2021年予以公开多少件", ["2021", "2019"]),
]


@pytest.mark.parametrize("question,mentions", NO_DATA, ids=[n[0] for n in NO_DATA])
def test_no_data_gives_no_number(assistant, question, mentions):
    answer = assistant.ask(question)
    assert answer.values == [] and answer.route == "none"
    for m in mentions:
        assert m in answer.answer
    # no figure besides the years and names mentioned
    assert not re.search(r"\d+\s*件", answer.answer)


def test_unmatched_and_empty_questions(assistant):
    assert assistant.ask("").route == "none"
    assert assistant.ask("   ？？！").route == "none"
    weather = assistant.ask("今天天气怎么样")
    assert weather.route == "none" and weather.values == []
    long = assistant.ask("洛宁" * 3000)
    assert long.route == "none" and "太长" in long.answer


# --- dialogs -----------------------------------------------------------------------------------------

DIALOGS = [
    [("洛宁县2020年收到多少政府信息公开申请？", 1), ("那上街区呢？", 79)],
    [("How many applications did Shangjie receive in 2019?", 79), ("Of which natural persons?", 69),
     ("And commercial enterprises?", 6)],
    [("上街区2019年予以公开多少件？", 26), ("部分公开呢？", 18), ("那淮安市政府办公室呢？", 0)],
    [("比较洛宁县和上街区的行政处罚处理决定数量", {48686, 3750}), ("那行政许可呢？", {33764, 10022})],
    [("What was Luoning's procurement amount in 2020?", 209512.943),
     ("Compare that with Shangjie", {209512.943, 49533.4728})],
    [("淮安市政府办公室2019年无法提供的有多少？", 22), ("其中本机关不掌握的呢？", 21)],
    [("邙岭镇2020年政府集中采购金额", 30.5), ("项目数量呢？", 2)],
    [("How many administrative reconsiderations did Yanshi have in 2019?", 3), ("And Shangjie?", 1)],
    [("上街区2019年不予公开多少件？", 3), ("分别是什么原因？", {0, 1, 2})],
    [("洛宁县2020年收到多少申请", 1), ("其中自然人多少", 1), ("compare that with Huai'an", {1, 54})],
    [("上街区2019年收到多少申请", 79), ("and in 2020?", None)],
    [("洛宁县行政处罚决定数量", 48686), ("上街区呢", 3750), ("哪个最多？", {48686, 3750})],
]


@pytest.mark.parametrize("turns", DIALOGS, ids=[d[0][0] for d in DIALOGS])
def test_dialog(assistant, turns):
    session = f"dialog-{id(turns)}"
    for question, expected in turns:
        answer = assistant.ask(question, session)
        if expected is None:
            assert answer.values == [], answer.answer
        elif isinstance(expected, set):
            assert expected <= {v["value"] for v in answer.values}, (question, answer.answer)
        else:
            assert first_value(answer) == expected, (question, answer.answer)


def test_follow_up_explains_year_fallback(assistant):
    session = "year-fallback"
    assistant.ask("洛宁县2020年收到多少政府信息公开申请？", session)
    answer = assistant.ask("那上街区呢？", session)
    assert first_value(answer) == 79 and answer.values[0]["year"] == 2019
    assert "2019" in answer.answer and "只有" in answer.answer


def test_sessions_are_isolated(assistant):
    assistant.ask("洛宁县2020年收到多少申请", "alice")
    assistant.ask("上街区2019年予以公开多少件", "bob")
    alice = assistant.ask("其中自然人多少", "alice")
    bob = assistant.ask("其中自然人多少", "bob")
    assert (alice.values[0]["agency"], alice.values[0]["row"]) == ("洛宁县人民政府", "new")
    assert (bob.values[0]["agency"], bob.values[0]["row"], bob.values[0]["value"]) == ("上街区人民政府", "granted", 22)
    fresh = assistant.ask("其中自然人多少")  # no session: nothing to lean on
    assert fresh.values == []


def test_ambiguous_agency_answers_both(tmp_path, store):
    from bench.synth import random_spec, render_txt

    extra = built(tmp_path)
    spec = random_spec(5, agency="淮安市人民政府", year=2019)
    ingest_many([*expand([REPORTS]), render_txt(spec, tmp_path / "huaian-city.txt")], extra.store)
    answer = extra.assistant().ask("淮安2019年收到多少申请？")
    agencies = {v["agency"] for v in answer.values}
    assert agencies == {"淮安市人民政府", "淮安市人民政府办公室"}
    assert any("淮安" in w and "都已列出" in w for w in answer.warnings)
    exact = extra.assistant().ask("淮安市政府办公室2019年收到多少申请？")
    assert [v["value"] for v in exact.values] == [54]


def test_question_count():
    dialogs = sum(len(d) for d in DIALOGS)
    assert len(GENERATED) + len(HAND) + len(NO_DATA) >= 100 and len(DIALOGS) >= 10 and dialogs >= 25
    assert len({q for q, *_ in itertools.chain(GENERATED, HAND)}) == len(GENERATED) + len(HAND)


@pytest.mark.parametrize("question", ["汝州市2022年收到的申请比2021年增加了多少？", "汝州市2021年和2022年相比，收到的申请变化了多少",
                                      "How did applications to Ruzhou change from 2021 to 2022?"])
def test_a_change_states_the_signed_difference_and_the_percentage(tmp_path, question):
    from bench.synth import random_spec, render_txt

    parts = built(tmp_path)
    specs = [random_spec(70 + year, agency="汝州市人民政府", year=year) for year in (2021, 2022)]
    ingest_many([render_txt(s, tmp_path / f"ruzhou-{s.year}.txt") for s in specs], parts.store)
    a, b = (s.values[("applications", "new", "total")] for s in specs)
    answer = parts.assistant().ask(question)
    assert [v["value"] for v in answer.values] == [a, b]
    sign = "+" if b > a else ""
    assert f"{sign}{b - a:,}" in answer.answer or f"{sign}{b - a}" in answer.answer
    if a:
        assert f"{sign}{(b - a) / a * 100:.1f}%" in answer.answer


ORGANISATIONS = ("commercial", "research", "public_interest", "legal_services", "other_org")


@pytest.mark.parametrize("question,row", [
    ("上街区2019年法人或其他组织一共多少申请？", "new"), ("上街区2019年法人和其他组织提出了多少件申请", "new"),
    ("How many applications did legal persons or other organisations file with Shangjie in 2019?", "new"),
    ("上街区2019年予以公开的申请中法人或其他组织有多少", "granted"),
    ("淮安市政府办公室2019年不予公开中法人及其他组织多少件？", "refused"),
])
def test_a_column_group_is_the_sum_of_its_columns(assistant, question, row):
    agency = "上街区" if "上街" in question or "Shangjie" in question else "淮安"
    path = next(p for p in expand([REPORTS]) if agency in parse_report(p).agency.name)
    facts = {(f.row, f.column): f.value for f in parse_report(path).facts if f.table == "applications"}
    rows = [row] if (row, "total") in facts else [r.id for r in table("applications").rows if r.group == row]
    expected = sum(facts.get((r, c)) or 0 for r in rows for c in ORGANISATIONS)
    answer = assistant.ask(question)
    assert answer.values[0]["value"] == expected, answer.answer
    assert {v["column"] for v in answer.values[1:]} == set(ORGANISATIONS)  # every part listed
    assert answer.reading["column"] == "organisations"


def _facts_of(place: str) -> tuple[str, dict]:
    path = next(p for p in expand([REPORTS]) if place in parse_report(p).agency.name)
    parsed = parse_report(path)
    return parsed.agency.name, {(f.table, f.row, f.column): f.value for f in parsed.facts}


@pytest.mark.parametrize("question,place,part,whole", [
    ("上街区2019年自然人占比多少", "上街", ("new", "natural_person"), ("new", "total")),
    ("What share of Shangjie's 2019 applications came from companies?", "上街", ("new", "commercial"), ("new", "total")),
    ("淮安市政府办公室2019年予以公开占比多少？", "淮安", ("granted", "total"), ("handled_total", "total")),
    ("上街区2019年申请中法人或其他组织的比例是多少", "上街", ("new", "organisations"), ("new", "total")),
])
def test_a_share_is_part_over_whole_with_both_cited(assistant, question, place, part, whole):
    _, facts = _facts_of(place)
    members = table("applications").column_members(part[1])
    numerator = sum(facts[("applications", part[0], c)] or 0 for c in members)
    denominator = facts[("applications", *whole)]
    answer = assistant.ask(question)
    share = answer.values[0]
    assert share["unit"] == "%" and share["value"] == float(round(Decimal(numerator * 100) / denominator, 1))
    assert f"{share['value']}%" in answer.answer
    assert numerator in [v["value"] for v in answer.values[1:]] and denominator in [v["value"] for v in answer.values]


@pytest.mark.parametrize("question,places", [
    ("五个单位一共收到多少申请", ["上街", "偃师", "洛宁", "淮安", "邙岭"]),
    ("洛宁县和上街区合计收到多少申请？", ["洛宁", "上街"]),
    ("How many applications did all agencies receive in total?", ["上街", "偃师", "洛宁", "淮安", "邙岭"]),
    ("上街区和淮安市政府办公室的予以公开加起来有多少件", ["上街", "淮安"]),
])
def test_a_total_across_agencies_lists_every_part(assistant, question, places):
    row = "granted" if "予以公开" in question else "new"
    parts = {name: facts[("applications", row, "total")] for name, facts in map(_facts_of, places)}
    answer = assistant.ask(question)
    total = answer.values[0]
    assert total["value"] == sum(parts.values()) and total["agency"] is None
    assert {v["agency"]: v["value"] for v in answer.values[1:]} == parts
    assert answer.reading["operation"] == "total"


@pytest.mark.parametrize("question", ["偃师市2019年报告数据有问题吗", "偃师市的表格数字准确吗？",
                                      "Are the figures in Yanshi's 2019 report correct?",
                                      "Is there anything wrong with the numbers in Yanshi's report?"])
def test_data_quality_in_other_words(assistant, question):
    answer = assistant.ask(question)
    assert answer.reading["operation"] == "quality"
    assert "5 + 0 ≠ 6 + 0" in answer.answer


@pytest.mark.parametrize("question,column", [
    ("汝州市2022年行政事业性收费金额是多少", "fee_amount"), ("汝州市2022年行政事业性收费收了多少钱", "fee_amount"),
    ("汝州市2020年政府集中采购项目有几个", "purchase_items"), ("汝州市2020年政府集中采购金额", "purchase_amount"),
    ("How many procurement projects did Ruzhou have in 2020?", "purchase_items"),
])
def test_the_row_decides_which_column_a_noun_names(tmp_path, question, column):
    from bench.synth import random_spec, render_txt

    parts = built(tmp_path)
    # fees have an amount only in the 2021 format, procurement exists only in the 2019 one
    specs = [random_spec(91, agency="汝州市人民政府", year=year) for year in (2020, 2022)]
    ingest_many([render_txt(s, tmp_path / f"ruzhou-{s.year}.txt") for s in specs], parts.store)
    answer = parts.assistant().ask(question)
    row = "fees" if column == "fee_amount" else "procurement"
    spec = specs[1] if column == "fee_amount" else specs[0]
    assert answer.reading["column"] == column
    assert Decimal(str(answer.values[0]["value"])) == spec.values[("active", row, column)]


@pytest.mark.parametrize("question", ["Luoning 2020 in force", "洛宁县2020年现行有效件数", "洛宁县2020年本年废止件数是多少"])
def test_a_column_shared_by_several_rows_without_a_row_gives_no_number(assistant, question):
    answer = assistant.ask(question)  # 规章 and 行政规范性文件 both have it: no cell is named
    assert answer.values == [] and answer.route == "none"
