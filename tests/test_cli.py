"""The commands as a user runs them: a real process, a real SQLite file in a temporary data directory."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"


def run(data_dir: Path, *args: str, **settings: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REPORTQA_DATA_DIR": str(data_dir), **settings}
    env.pop("REPORTQA_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def facts(data_dir: Path, *args: str) -> list[dict]:
    result = run(data_dir, "facts", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def one(rows: list[dict], row: str, column: str) -> dict:
    [match] = [r for r in rows if r["row"] == row and r["column"] == column]
    return match


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    result = run(data_dir, "ingest", "data/reports")
    assert result.returncode == 0, result.stdout + result.stderr
    return data_dir, result.stdout


def test_ingest_lists_five_reports(indexed):
    _, out = indexed
    lines = [line for line in out.splitlines() if line.startswith("✓")]
    assert len(lines) == 5
    for agency, year in [("偃师市人民政府办公室", 2019), ("洛宁县人民政府", 2020), ("邙岭镇人民政府", 2020),
                         ("上街区人民政府", 2019), ("淮安市人民政府办公室", 2019)]:
        assert any(f"{agency} {year}" in line for line in lines), agency
    assert "198 facts" in lines[0] and "failed checks" in lines[0]


def test_reports_command(indexed):
    data_dir, _ = indexed
    reports = json.loads(run(data_dir, "reports", "--format", "json").stdout)
    assert sorted((r["agency_short"], r["year"]) for r in reports) == [
        ("上街区", 2019), ("偃师市政府办公室", 2019), ("洛宁县", 2020), ("淮安市政府办公室", 2019), ("邙岭镇", 2020)]
    text = run(data_dir, "reports").stdout
    assert "洛宁县" in text and "2020" in text


def test_agencies_command(indexed):
    data_dir, _ = indexed
    agencies = json.loads(run(data_dir, "agencies", "--format", "json").stdout)
    assert {(a["agency"], tuple(a["years"])) for a in agencies} >= {("洛宁县人民政府", (2020,)), ("上街区人民政府", (2019,))}
    assert all(a["names"] == [a["agency"]] for a in agencies)  # five agencies, one name each
    broken = data_dir / "agencies.toml"
    broken.write_text("apart = [", encoding="utf-8")
    try:
        result = run(data_dir, "agencies")
        assert "agencies.toml cannot be read" in result.stderr and "洛宁县人民政府" in result.stdout
    finally:
        broken.unlink()


def test_done_when_values(indexed):
    data_dir, _ = indexed
    luoning = facts(data_dir, "--agency", "洛宁县", "--year", "2020")
    assert one(luoning, "new", "total")["value"] == 1
    amount = one(luoning, "procurement", "purchase_amount")
    assert (amount["value"], amount["unit"]) == (209512.943, "万元")
    shangjie = facts(data_dir, "--agency", "上街区", "--year", "2019", "--table", "三")
    assert one(shangjie, "new", "natural_person")["value"] == 69
    assert one(shangjie, "new", "total")["value"] == 79
    assert one(shangjie, "carried_forward", "total")["value"] == 2
    huaian = facts(data_dir, "--agency", "淮安市人民政府办公室", "--year", "2019")
    assert one(huaian, "unable.not_held", "total")["value"] == 21


def test_fact_json_has_provenance(indexed):
    data_dir, _ = indexed
    row = one(facts(data_dir, "--agency", "Shangjie"), "new", "total")
    for key in ("agency", "year", "format", "table", "row", "row_label", "column", "column_label",
                "value", "unit", "raw", "file", "page"):
        assert key in row
    assert row["file"] == "003_0d16514126ac40ad.txt" and row["line"] == 75 and row["raw"] == "79"
    assert row["agency"] == "上街区人民政府" and row["table"] == "applications"


def test_agency_by_pinyin_and_filters(indexed):
    data_dir, _ = indexed
    rows = facts(data_dir, "--agency", "Huai'an", "--row", "new", "--column", "total")
    assert [(r["agency"], r["value"]) for r in rows] == [("淮安市人民政府办公室", 54)]
    csv_out = run(data_dir, "facts", "--agency", "Luoning", "--table", "review", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("agency_short,agency,year")
    assert len(csv_out.splitlines()) == 1 + 15
    unknown = run(data_dir, "facts", "--agency", "Beijing")
    assert unknown.returncode == 1 and "no indexed report matches" in unknown.stderr


def test_check_shows_yanshi_failure(indexed):
    data_dir, _ = indexed
    out = run(data_dir, "check", "--agency", "偃师", "--year", "2019").stdout
    assert "1 failed" not in out  # two columns fail: 自然人 and 总计
    assert "2 failed" in out
    assert "总计: 5 + 0 ≠ 6 + 0" in out
    assert "一、本年新收政府信息公开申请数量 / 总计 = 5" in out
    clean = run(data_dir, "check", "--agency", "洛宁县").stdout
    assert "0 failed" in clean


def test_reingest_skips_unchanged(indexed):
    data_dir, _ = indexed
    out = run(data_dir, "ingest", "data/reports").stdout
    assert out.count("unchanged") == 5


def test_changed_file_replaces_records_and_bad_files_do_not_stop_the_batch(tmp_path):
    data_dir = tmp_path / "data"
    folder = tmp_path / "in"
    folder.mkdir()
    report = folder / "luoning.txt"
    shutil.copy(REPORTS / "001_351f4af2c3a8fcf1.txt", report)
    assert run(data_dir, "ingest", str(folder)).returncode == 0
    before = facts(data_dir)
    # the same report edited: the new total replaces the old, nothing doubles
    text = report.read_text(encoding="utf-8").replace("一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1",
                                                      "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2")
    report.write_text(text, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"\x89PNG not a pdf at all")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.txt").write_text("会议纪要\n今天开会。\n", encoding="utf-8")
    result = run(data_dir, "ingest", str(folder))
    assert result.returncode == 1
    assert "✗ broken.pdf: not a readable PDF" in result.stdout
    assert "✗ empty.txt: the file is empty" in result.stdout
    assert "✗ notes.txt: not an annual report" in result.stdout  # refused: no agency, no year, no tables
    assert "luoning.txt: 洛宁县人民政府 2020" in result.stdout and "replaced" in result.stdout
    after = facts(data_dir)
    assert len(after) == len(before) == 198  # the prose-only notes add no table records
    assert one(after, "new", "total")["value"] == 2


def test_same_agency_and_year_from_two_files_is_reported(tmp_path):
    data_dir = tmp_path / "data"
    copy = tmp_path / "copy.txt"
    original = (REPORTS / "001_351f4af2c3a8fcf1.txt").read_text(encoding="utf-8")
    copy.write_text(original + "\n附件：无\n", encoding="utf-8")
    run(data_dir, "ingest", str(REPORTS / "001_351f4af2c3a8fcf1.txt"))
    out = run(data_dir, "ingest", str(copy)).stdout
    assert "also indexed from 001_351f4af2c3a8fcf1.txt" in out
    reports = json.loads(run(data_dir, "reports", "--format", "json").stdout)
    assert len(reports) == 2
    assert "duplicate agency+year" in run(data_dir, "reports").stdout


def test_gb18030_text_is_read(tmp_path):
    data_dir = tmp_path / "data"
    path = tmp_path / "gbk.txt"
    path.write_bytes((REPORTS / "002_c8d30c2eb8575ca5.txt").read_text(encoding="utf-8").encode("gb18030"))
    out = run(data_dir, "ingest", str(path)).stdout
    assert "邙岭镇人民政府 2020" in out and "198 facts" in out


def test_ingest_urls_mixed_with_files(tmp_path):
    """`ingest URL…` fetches from a web site on 127.0.0.1: one line per URL as per file, the URL cited."""
    from .fetch_site import Page, Site

    data_dir = tmp_path / "data"
    page = (ROOT / "tests" / "data" / "real" / "15-shuyang-fgj-2023.html").read_bytes()
    with Site() as site:
        site.pages["/2023/report.html"] = Page(page, "text/html; charset=utf-8")
        report, missing = site.url("/2023/report.html"), site.url("/2023/gone.html")
        result = run(data_dir, "ingest", report, missing, str(REPORTS / "001_351f4af2c3a8fcf1.txt"),
                     REPORTQA_LANGUAGE="en")
        assert result.returncode == 1, result.stdout + result.stderr  # one failed, as for a file
        lines = result.stdout.splitlines()
        assert f"✗ {missing}: no such page (HTTP 404)" in lines
        assert any(line.startswith(f"✓ {report}: 沭阳县发展和改革局 2023, format 2021, 200 facts") for line in lines)
        assert any(line.startswith("✓ 001_351f4af2c3a8fcf1.txt: 洛宁县人民政府 2020") for line in lines)
        assert lines[-1].startswith("2 of 3 files indexed")
        again = run(data_dir, "ingest", report, missing, REPORTQA_LANGUAGE="zh")
        assert again.returncode == 1
        assert f"✗ {missing}：网页不存在（HTTP 404）" in again.stdout.splitlines()
        assert f"= {report}：沭阳县发展和改革局 2023年" in again.stdout and "自上次索引以来没有变化" in again.stdout
    listed = json.loads(run(data_dir, "reports", "--format", "json").stdout)
    assert sorted((r["agency_short"], r["url"]) for r in listed) == [("沭阳县发展和改革局", report), ("洛宁县", None)]
    assert report in run(data_dir, "reports").stdout
    rows = facts(data_dir, "--agency", "沭阳县发展和改革局", "--row", "new", "--column", "total")
    assert [(r["value"], r["url"], r["line"]) for r in rows] == [(26, report, 33)]
    text = run(data_dir, "facts", "--agency", "沭阳县发展和改革局", "--row", "new", "--column", "total").stdout
    assert f"({report}, line 33)" in text
    bad = run(data_dir, "ingest", "ftp://127.0.0.1/report.pdf", REPORTQA_LANGUAGE="en")
    assert bad.returncode == 1 and "✗ ftp://127.0.0.1/report.pdf: only http and https addresses can be fetched" in bad.stdout


def test_every_command_has_help():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():
        assert subparsers._choices_actions and any(c.dest == name and c.help for c in subparsers._choices_actions)
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.dest} has no help"


CONTRACT_KEYS = {"question", "answer", "route", "values", "sources", "chart", "warnings", "reading", "generated", "guard"}


def ask(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "REPORTQA_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "assistant", "ask", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_ask_json_contract(indexed):
    data_dir, _ = indexed
    result = ask(data_dir, "How many applications did Luoning receive in 2020?", "--json")
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert set(obj) == CONTRACT_KEYS
    assert obj["route"] == "table" and obj["values"][0]["value"] == 1
    assert set(obj["values"][0]) == {"agency", "year", "table", "row", "column", "value", "unit", "source"}
    # url: null for a file; fact: the record's id (GET /api/source?fact= shows it in its report)
    assert set(obj["values"][0]["source"]) == {"file", "url", "page", "line", "raw", "fact"}
    assert isinstance(obj["values"][0]["source"]["fact"], int)
    assert {k: obj["reading"][k] for k in ("agencies", "years", "table", "row", "column", "operation")} == {
        "agencies": ["洛宁县人民政府"], "years": [2020], "table": "applications", "row": "new", "column": "total",
        "operation": "value"}
    assert obj["reading"]["text"].startswith("Read as: Luoning County · 2020 · table 三")
    missing = json.loads(ask(data_dir, "洛宁县2021年收到多少申请？", "--json").stdout)
    assert missing["values"] == [] and "2021" in missing["answer"]


def test_ask_stdin_lines_are_independent_without_session(indexed):
    data_dir, _ = indexed
    out = ask(data_dir, "--json", stdin="洛宁县2020年收到多少政府信息公开申请？\n那上街区呢？\n").stdout
    first, second = [json.loads(line) for line in out.splitlines()]
    assert first["values"][0]["value"] == 1
    assert second["values"] == [] and second["route"] == "none"  # a follow-up alone has nothing to lean on
    out = ask(data_dir, "--json", stdin="洛宁县2020年收到多少申请\n其中自然人多少\n").stdout
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[1]["values"] == []


def test_ask_session_continues_across_calls(indexed):
    data_dir, _ = indexed
    first = json.loads(ask(data_dir, "洛宁县2020年收到多少政府信息公开申请？", "--json", "--session", "s1").stdout)
    second = json.loads(ask(data_dir, "那上街区呢？", "--json", "--session", "s1").stdout)
    assert first["values"][0]["value"] == 1
    assert (second["values"][0]["value"], second["values"][0]["year"]) == (79, 2019)
    assert "2019" in second["answer"]
    assert second["reading"]["inherited"] == ["years", "metric"] and "沿用上一问的年份、指标" in second["reading"]["text"]
    assert second["reading"]["years"] == [2019]  # the year answered (上街区 has no 2020 report)
    piped = ask(data_dir, "--json", "--session", "s2", stdin="上街区2019年予以公开多少件\n部分公开呢？\n").stdout
    assert [json.loads(line)["values"][0]["value"] for line in piped.splitlines()] == [26, 18]
    other = json.loads(ask(data_dir, "部分公开呢？", "--json", "--session", "s3").stdout)
    assert other["values"] == []


def test_ask_compare_json_has_chart(indexed):
    data_dir, _ = indexed
    obj = json.loads(ask(data_dir, "比较洛宁县和上街区的行政处罚处理决定数量", "--json").stdout)
    assert sorted(v["value"] for v in obj["values"]) == [3750, 48686]
    assert obj["chart"]["type"] == "bar" and len(obj["chart"]["labels"]) == 2


def test_chat_in_the_terminal(indexed):
    data_dir, _ = indexed
    env = {**os.environ, "REPORTQA_DATA_DIR": str(data_dir)}
    result = subprocess.run([sys.executable, "-m", "assistant", "chat"], cwd=ROOT, env=env, text=True,
                            input="上街区2019年收到多少申请\n其中自然人多少\n", capture_output=True, timeout=120)
    assert "79件" in result.stdout and "69件" in result.stdout
