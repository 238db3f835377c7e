"""One agency under several names (index.identity.canonical_agencies): names that differ by 人民政府/政府 or by a
parent place one of them leaves out are one agency; different parents, a department and its place, a government
and its office stay apart; the data directory's agencies.toml has the last word. End to end on the real pair
洪泽区人民政府 (2023) and 淮安市洪泽区人民政府 (2024)."""

import shutil
from pathlib import Path

import pytest

from bench.synth import random_spec, render_txt
from index.identity import AgencyFileError, agency_rules, canonical_agencies, make_agency
from index.ingest import ingest_many

from .conftest import built

REAL = Path(__file__).parent / "data" / "real"


def one(names, **rules):
    joined = canonical_agencies([make_agency(n) for n in names], **rules)
    return {n: joined[n].name for n in names}


@pytest.mark.parametrize("names,agency", [
    (["洪泽区人民政府", "淮安市洪泽区人民政府"], "淮安市洪泽区人民政府"),
    (["上街区人民政府", "郑州市上街区人民政府", "上街区政府"], "郑州市上街区人民政府"),
    (["偃师市政府办公室", "偃师市人民政府办公室"], "偃师市人民政府办公室"),
    (["江岸区人民政府", "湖北省武汉市江岸区人民政府"], "湖北省武汉市江岸区人民政府"),
])
def test_naming_variants_are_one_agency(names, agency):
    assert set(one(names).values()) == {agency}


@pytest.mark.parametrize("names", [
    ["南京市鼓楼区人民政府", "福州市鼓楼区人民政府"],  # two parents: two agencies
    ["淮安市人民政府", "淮安市人民政府办公室"],  # a government and its office
    ["平潭综合实验区", "平潭综合实验区财政金融局"],  # a place and one of its bureaus
    ["淮安市城市管理局", "城市管理局"],  # 城市 is no place
])
def test_different_agencies_stay_apart(names):
    assert len(set(one(names).values())) == len(names)


def test_a_name_without_a_parent_that_could_be_either_stays_alone():
    joined = one(["南京市鼓楼区人民政府", "福州市鼓楼区人民政府", "鼓楼区人民政府"])
    assert len(set(joined.values())) == 3


def test_the_agencies_file_joins_and_keeps_apart(tmp_path):
    path = tmp_path / "agencies.toml"
    path.write_text('apart = ["洪泽区人民政府"]\n[same]\n"清河县政务服务中心" = "清河县人民政府"\n', encoding="utf-8")
    same, apart = agency_rules(path)
    joined = one(["洪泽区人民政府", "淮安市洪泽区人民政府", "清河县政务服务中心", "清河县人民政府"], same=same, apart=apart)
    assert joined["洪泽区人民政府"] != joined["淮安市洪泽区人民政府"]
    assert joined["清河县政务服务中心"] == joined["清河县人民政府"] == "清河县人民政府"  # the name the user gave
    path.write_text("same = [1, 2", encoding="utf-8")
    with pytest.raises(AgencyFileError, match="agencies.toml"):
        agency_rules(path)


@pytest.fixture(scope="module")
def hongze(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hongze")
    files = [shutil.copy(REAL / f, folder) for f in ("01-hongzequ-2023.pdf", "02-huaian-hongzequ-2024.pdf")]
    parts = built(folder)
    ingest_many([Path(f) for f in files], parts.store)
    return parts


@pytest.mark.parametrize("question,year,value", [("洪泽区2024年收到多少申请？", 2024, 95),
                                                 ("淮安市洪泽区2023年收到多少申请？", 2023, 21),
                                                 ("How many applications did Hongze District receive in 2023?", 2023, 21)])
def test_the_real_pair_is_one_agency_with_two_years(hongze, question, year, value):
    answer = hongze.assistant().ask(question)
    assert answer.values and answer.values[0]["year"] == year and answer.values[0]["value"] == value
    assert not answer.warnings or not any("可能指" in w or "could mean" in w for w in answer.warnings)


def test_a_change_across_the_two_names(hongze):
    answer = hongze.assistant().ask("洪泽区2023年和2024年新收申请数量的变化")
    assert answer.reading["operation"] == "change" and "+74" in answer.answer


def test_a_broken_agencies_file_does_not_stop_answers(hongze):
    (hongze.config.data_dir / "agencies.toml").write_text("apart = [", encoding="utf-8")
    try:
        assert hongze.assistant().ask("洪泽区2024年收到多少申请？").values[0]["value"] == 95
        with pytest.raises(AgencyFileError) as refused:
            hongze.agency_rules()
        assert "无法读取" in refused.value.say("zh")
    finally:
        (hongze.config.data_dir / "agencies.toml").unlink()


def test_generated_variants_answer_a_trend(tmp_path):
    specs = {2021: ("清河县人民政府", 41), 2022: ("江州市清河县人民政府", 42), 2023: ("清河县政府", 43)}
    paths = []
    for year, (name, seed) in specs.items():
        spec = random_spec(seed, agency=name, year=year)
        paths.append(render_txt(spec, tmp_path / f"{year}.txt"))
        specs[year] = (name, spec.values[("applications", "new", "total")])
    parts = built(tmp_path)
    ingest_many(paths, parts.store)
    answer = parts.assistant().ask("清河县2021到2023年收到的申请数量趋势")
    assert [(v["year"], v["value"]) for v in answer.values] == [(y, v) for y, (_, v) in specs.items()]


@pytest.mark.parametrize("name,alias", [("平潭综合实验区", "平潭"), ("平潭综合实验区", "Pingtan"), ("浦东新区人民政府", "浦东"),
                                        ("滨海新区人民政府", "Binhai")])
def test_a_zone_is_named_by_its_place(name, alias):
    assert alias in make_agency(name).aliases


@pytest.mark.parametrize("name", ["平潭综合实验区财政金融局", "郑州经济技术开发区管委会"])
def test_a_zones_bureau_or_a_development_zone_is_not(name):
    assert not {"平潭", "郑州"} & set(make_agency(name).aliases)


def test_a_real_zone_page_answers_by_its_place(tmp_path):
    shutil.copy(REAL / "17-pingtan-2025.html", tmp_path)
    parts = built(tmp_path)
    ingest_many([tmp_path / "17-pingtan-2025.html"], parts.store)
    answer = parts.assistant().ask("平潭2025年行政复议多少件")
    assert answer.values and answer.values[0]["value"] == 36 and answer.values[0]["source"]["line"]


@pytest.mark.parametrize("earlier,later", [("洪泽区人民政府", "淮安市洪泽区人民政府"),
                                           ("上街区政府", "郑州市上街区人民政府")])
def test_the_carry_over_rule_runs_across_two_names_of_one_agency(tmp_path, earlier, later):
    """Rule 5 (结转下年 of one year = 上年结转 of the next) compares the years of one agency whatever name each
    report printed: the earlier report is checked against the later one, not left "no next year"."""
    first, second = random_spec(61, agency=earlier, year=2022), random_spec(62, agency=later, year=2023)
    carried = {k: v for k, v in first.values.items() if k[1] == "carried_forward"}
    second.values.update({("applications", "carried_in", k[2]): v + 1 for k, v in carried.items()})  # a break
    parts = built(tmp_path)
    outcomes, _ = ingest_many([render_txt(first, tmp_path / "a.txt"), render_txt(second, tmp_path / "b.txt")],
                              parts.store)
    ids = {o.report.year: o.report.id for o in outcomes}
    rule5 = [c for c in parts.store.checks(ids[2022]) if c.rule == 5]
    assert rule5 and all(c.status == "fail" for c in rule5)
    assert {e["year"] for c in rule5 for e in c.evidence} == {2022, 2023}
