"""The parsing pieces on small real-shaped inputs."""

from decimal import Decimal

import pytest

from assistant.agencies import named
from index.identity import exact_names, make_agency, pinyin_name
from index.messages import said
from index.readers import Line, clean_cell, read_text_lines
from index.sections import IdentityError, identify, split_sections
from index.tables import Token, detect_format, parse_applications, parse_number, place, tokenize
from index.template import APPLICATIONS, REVISED, TRIAL


@pytest.mark.parametrize("text,value,unit", [
    ("1,478", 1478, None), ("90365", 90365, None), ("97.8万元", Decimal("97.8"), "万元"),
    ("-27", -27, None), ("+1036", 1036, None), ("251000元", 251000, "元"),
    ("209,512.943", Decimal("209512.943"), None), ("０", 0, None), ("3 件", 3, "件"),
])
def test_numbers(text, value, unit):
    assert parse_number(text) == (value, unit)


@pytest.mark.parametrize("text", ["1. 属于国家秘密", "—", "见附件", "", "2019年", "1.2.3"])
def test_not_numbers(text):
    assert parse_number(text) is None


def test_clean_cell_joins_vertical_and_wrapped_labels():
    assert clean_cell("三\n、\n本\n年\n度\n办\n理\n结\n果") == "三、本年度办理结果"
    assert clean_cell("申请人逾期未按收费通知要求缴纳费\n用、行政机关不再处理") == "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理"
    assert clean_cell("Section\nfive") == "Section five"


def tokens(*values):
    return [Token("number", str(v), None, 1, v) for v in values]


def test_place_exact_row():
    cells, reason = place(tokens(1, 2, 3), 3, sum_rule=True)
    assert [c.value for c in cells] == [1, 2, 3] and reason is None


def test_place_missing_zero_is_inferred_from_the_sum():
    cells, reason = place(tokens(0, 0, 0, 0, 0, 0), 7, sum_rule=True)
    assert [c.value for c in cells] == [0] * 7 and "6 numbers for 7 columns" in said(reason, "en")
    assert "6个数字、7列" in said(reason, "zh")  # a Chinese answer gives the reason in Chinese


def test_place_ambiguous_cells_stay_unknown():
    # six numbers for seven cells where the gap could be anywhere: 2 may be 自然人 or 商业企业,
    # 5 may be 其他 or 总计 (then 总计 = 10): those stay unknown; 法律服务机构 is 0 in every fit
    cells, _ = place(tokens(2, 3, 0, 0, 0, 5), 7, sum_rule=True)
    assert cells[0] is None and cells[1] is None and cells[-1] is None
    assert cells[4].value == 0


def test_place_extra_number_dropped_when_only_one_fit():
    cells, reason = place(tokens(4, 0, 0, 0, 0, 0, 9, 4), 7, sum_rule=True)
    assert [c.value for c in cells] == [4, 0, 0, 0, 0, 0, 4] and reason


def test_tokenize_keeps_blanks_between_numbers_only():
    line = Line(["", "行政许可", "3", "", "5", "", ""], line=1)
    assert [(t.kind, t.raw) for t in tokenize([line])] == [
        ("text", "行政许可"), ("number", "3"), ("blank", ""), ("number", "5")]
    assert [t.kind for t in tokenize([Line(["规范性文件 4 3 3"])])] == ["text", "number", "number", "number"]
    assert tokenize([Line(["-------", "---", "---"])]) == []


def test_format_from_headers_not_year():
    revised = [Line(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])]
    assert detect_format(revised, 2020)[0] == REVISED
    trial = [Line(["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"])]
    assert detect_format(trial, 2022)[0] == TRIAL
    assert detect_format([], 2021) == (REVISED, "no format-specific headers; assumed from the year 2021")


def test_revised_other_rows_and_label_split_over_cells():
    lines = [
        Line(["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]),
        Line(["一、本年新收政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"]),
        Line(["（六）其他处理", "1.申请人无正当理由逾期不", "2", "0", "0", "0", "0", "0", "2"]),
        Line(["补正、行政机关不再处理其政府信息公开申请"]),
        Line(["", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0", "0", "0", "0", "0", "0", "0"]),
        Line(["", "3.其他", "0", "1", "0", "0", "0", "0", "1"]),
        Line(["（七）总计", "3", "1", "0", "0", "0", "0", "4"]),
    ]
    facts, _ = parse_applications(lines, REVISED)
    got = {(f.row, f.column): f.value for f in facts}
    assert got[("other.no_supplement", "natural_person")] == 2
    assert got[("other.other", "commercial")] == 1
    assert got[("handled_total", "total")] == 4
    assert ("other", "total") not in got  # the trial-format row does not exist in 2021 reports


def test_identity_variants():
    assert identify([Line(["关于洛宁县人民政府2020年度政府信息公开工作年度报告"])]).agency == "洛宁县人民政府"
    split = identify([Line([" 淮安市人民政府办公室"]), Line(["2019年政府信息公开工作年度报告"])])
    assert (split.agency, split.year) == ("淮安市人民政府办公室", 2019)
    year_first = identify([Line(["2021年洛阳市生态环境局政府信息公开工作年度报告"])])
    assert (year_first.agency, year_first.year) == ("洛阳市生态环境局", 2021)
    fallback = identify([Line(["政府信息公开工作年度报告"]),
                         Line(["本报告由汝阳县人民政府办公室根据《条例》编制。报告所列数据统计期限自2021年1月1日至12月31日。"])])
    assert (fallback.agency, fallback.year) == ("汝阳县人民政府办公室", 2021) and fallback.notes
    with pytest.raises(IdentityError):
        identify([Line(["会议纪要"]), Line(["今天开会。"])])


def test_sections_tolerate_drifting_headings():
    lines = [Line(["某县人民政府2020年政府信息公开工作年度报告"]), Line(["一、总体情况"]),
             Line(["（二）主动公开政府信息情况"]), Line(["**二、主动公开政府信息情况**"]),
             Line(["收到和处理政府信息公开申请情况"]), Line(["四、结转下年度继续办理", "0"]),
             Line(["四、政府信息公开行政复议、行政诉讼情况"]),
             Line(["五、政府信息公开工作存在的主要问题及改进情况"]), Line(["六、其他需要报告的事项"])]
    sections = split_sections(lines)
    assert [s.number for s in sections] == [0, 1, 2, 3, 4, 5, 6]
    assert sections[1].lines[0].text == "（二）主动公开政府信息情况"


AGENCIES = [make_agency(n) for n in ("洛宁县人民政府", "郑州市上街区人民政府", "淮安市人民政府办公室", "叶县人民政府",
                                      "郏县人民政府", "歙县人民政府", "沛县人民政府")]


@pytest.mark.parametrize("query,meant", [("luoning county", "洛宁县人民政府"), ("洛宁", "洛宁县人民政府"),
                                         ("Luonig", "洛宁县人民政府"), ("luo ning", "洛宁县人民政府"),
                                         ("上街", "郑州市上街区人民政府"), ("Shangjie District", "郑州市上街区人民政府"),
                                         ("huaian", "淮安市人民政府办公室"), ("淮安市政府办公室", "淮安市人民政府办公室")])
def test_pinyin_and_matching(query, meant):
    assert pinyin_name("淮安") == "Huai'an" and pinyin_name("西安") == "Xi'an"
    assert named(query, AGENCIES) == [meant]
    assert exact_names(meant, AGENCIES) == [meant]


@pytest.mark.parametrize("name,english", [("叶县人民政府", "Ye County"), ("郏县人民政府", "Jia County"),
                                          ("歙县人民政府", "She County"), ("沛县人民政府", "Pei County")])
def test_a_one_character_county_has_its_english_name(name, english):
    assert named(english, AGENCIES) == [name]
    assert named(f"{english} People's Government", AGENCIES) == [name]
    assert exact_names(english, AGENCIES) == [name]


def test_template_covers_both_formats():
    trial = {r.id for r in APPLICATIONS.rows_for(TRIAL)}
    revised = {r.id for r in APPLICATIONS.rows_for(REVISED)}
    assert len(trial) == 23 and len(revised) == 25
    assert trial - revised == {"other"} and revised - trial == {"other.no_supplement", "other.unpaid_fee", "other.other"}
    for row in APPLICATIONS.rows:
        assert row.en and row.label


def test_text_encodings():
    text = "洛宁县人民政府2020年政府信息公开工作年度报告\n规章\t0\t0\t0\n"
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "gbk"):
        lines = read_text_lines(text.encode(encoding))
        assert lines[0].text.startswith("洛宁县") and lines[1].cells == ["规章", "0", "0", "0"]


def test_a_new_format_is_one_registration(tmp_path):
    """The formats read, the files an ingest picks up, the upload check and the messages all come from the registry."""
    from index.ingest import expand
    from index.readers import READERS, Line, Reader, content_mismatch, formats, read_document, register

    before = dict(READERS)
    try:
        register(Reader("csv", (".csv",), lambda path: [Line(path.read_text().split(","), line=1)],
                        lambda data: None if b"," in data else "the file is not comma-separated"))
        report = tmp_path / "r.csv"
        report.write_text("规章,0,0,0")
        (tmp_path / "skip.exe").write_bytes(b"MZ")
        assert expand([tmp_path]) == [report]
        assert read_document(report).kind == "csv" and read_document(report).lines[0].cells == ["规章", "0", "0", "0"]
        assert content_mismatch(".csv", b"no commas") == "the file is not comma-separated"
        assert formats().endswith("or CSV") and "PDF" in formats()
    finally:
        READERS.clear()
        READERS.update(before)
    assert "CSV" not in formats() and "unsupported" in content_mismatch(".csv", b"a,b")
