"""Real reports, as their agencies published them (tests/data/real/README.md says where each came from): each
hand-checked cell is read right, or not read at all — never read as another number.

The floor is how many of a report's hand-checked cells are read today; work on reports from the wild (issue #14:
rows whose cells a crawler ran together, review rows cut from their labels) raises it, nothing may lower it.
"""

import json
from pathlib import Path

import pytest

from bench.scans import read_as_printed
from index.report import parse_report

REAL = Path(__file__).parent / "data" / "real"
SOURCES = [json.loads(line) for line in (REAL / "sources.jsonl").read_text(encoding="utf-8").splitlines() if line]
CELLS = json.loads((REAL / "cells.json").read_text(encoding="utf-8"))
FLOOR = {
    "01-hongzequ-2023.pdf": 23, "02-huaian-hongzequ-2024.pdf": 21, "03-huaianshi-2024.pdf": 23,
    "11-shuyangxian-2025.txt": 18, "12-shanghai-kewei-2024.md": 12, "13-shanghai-bgt-2025.md": 15,
    # web pages: a report body in a JavaScript string (14, 16), a Word export inside a crawled site page (15), a
    # CMS page with its whole site around the article (17)
    "14-shanghai-bgt-2019.html": 72,  # its （六）其他处理 row is all blank: no record, no number
    "15-shuyang-fgj-2023.html": 52, "16-shanghai-shi-2020.html": 102,
    "17-pingtan-2025.html": 68,
    # 平潭: a crawler ran every row's cells, and the rows, into one line ("…申请数量230 000023二、…"); index/runs.py
    # splits a run where the template's sums leave one split (规范性文件 "8855698", three cells with no sum: never)
    "04-pingtan-2019.txt": 13, "05-pingtan-2020.txt": 13, "06-pingtan-2021.txt": 14, "07-pingtan-2022.txt": 16,
    "08-pingtan-2023.txt": 16, "09-pingtan-2024.txt": 15, "10-pingtan-2025.txt": 18,
}


@pytest.mark.parametrize("source", SOURCES, ids=[s["file"] for s in SOURCES])
def test_a_real_report(source):
    report = parse_report(REAL / source["file"])
    assert report.year == source["year"]
    assert report.agency.name == source.get("titled", source["agency"])  # as its title prints it
    if FLOOR[source["file"]]:
        assert report.format == source["format"]
    read = {(f.table, f.row, f.column): f.value for f in report.facts}
    right, wrong = 0, []
    for cell in CELLS[source["file"]]:
        key = (cell["table"], cell["row"], cell["column"])
        if key in read and read_as_printed(read[key], cell["value"]):
            right += 1
        elif key in read:
            wrong.append((key, read[key], cell["value"], cell["where"]))
    assert not wrong, wrong
    assert right >= FLOOR[source["file"]], f"{right} of {len(CELLS[source['file']])} cells read right"


def test_the_corpus_is_what_its_sources_say():
    files = {p.name for p in REAL.iterdir()} - {"sources.jsonl", "cells.json", "README.md"}
    assert files == {s["file"] for s in SOURCES} == set(CELLS)
    assert all(len(CELLS[f]) >= 10 for f in CELLS)
    assert all(s["repo"] and (s["path"] or s["damage"]) for s in SOURCES)


@pytest.mark.parametrize("name,content", [
    ("bad.md", "just some notes\n"),  # 16 bytes: once "justsomenotes 0"
    ("login.html", "<html><body><form><input name=user></form><p>请登录后访问本系统</p></body></html>"),
    ("notice.txt", "关于召开全县政务公开工作推进会的通知\n各乡镇：定于3月5日召开会议。\n"),
    ("dated.txt", "关于召开2021年政务公开工作推进会的通知\n各乡镇：定于2021年3月5日召开会议。\n"),  # no agency "召开"
])
def test_a_document_that_is_no_report_is_refused_unless_kept_as_prose(tmp_path, name, content):
    from index.ingest import FAILED, INDEXED, ingest_many

    from .conftest import built

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    parts = built(tmp_path)
    [refused], _ = ingest_many([path], parts.store)
    assert refused.status == FAILED and refused.message.startswith("not an annual report")
    assert "不是政府信息公开工作年度报告" in refused.message.say("zh") and parts.store.reports() == []
    [kept], _ = ingest_many([path], parts.store, allow_prose=True)
    assert kept.status == INDEXED and kept.report.format == "prose" and kept.report.facts == 0


def test_a_framed_page_keeps_its_prose_whole():
    """A page framed as one table prints each line of prose as a one-cell row, hard-wrapped every ~30 characters:
    the lines are prose, a short last line ends its paragraph, and a sentence is never cut at a printed line."""
    from index.chunks import prose_chunks

    text = "\n".join(c.text for c in prose_chunks(parse_report(REAL / "02-huaian-hongzequ-2024.pdf").sections))
    assert "公开政府常务会议 7期，解读信息发布 7 条。" in text  # a 12-character last line
    assert "政策解读的形式还不够丰富，政务新媒体运维管理还需加强等。" in text
    assert "健全工作机制强化部门协同配合" in text


def test_section_five_of_real_reports_as_people_ask_it(embedder, tmp_path):
    """Problems and improvements as real reports write them: "主要是：A，B…等。", "仍存在一定差距。如A、B、C等。",
    "主要表现在：一是…；二是…", improvements after "针对存在问题，下一步，将…以下工作：" (numbered) or
    "针对存在问题，下一步，我市将A；B。" (not numbered) — and the district's two names (洪泽区人民政府 in 2023,
    淮安市洪泽区人民政府 in 2024) are one agency in the text route too."""
    from index.ingest import ingest_many

    from .conftest import built

    parts = built(tmp_path, embedder)
    ingest_many([REAL / f for f in ("01-hongzequ-2023.pdf", "02-huaian-hongzequ-2024.pdf", "03-huaianshi-2024.pdf")],
                parts.store, parts.text)
    assistant = parts.assistant()

    def items(question):
        answer = assistant.ask(question)
        return [line[2:] for line in answer.answer.splitlines() if line.startswith("• ")]

    assert items("洪泽区2024年存在哪些主要问题？") == [
        "个别部门对复杂申请件的研判能力不足", "答复文书规范性有待提升", "疑难问题协调处理机制尚需完善",
        "政策解读的形式还不够丰富", "政务新媒体运维管理还需加强"]
    assert items("What problems did Hongze District identify in 2024?")[0] == "个别部门对复杂申请件的研判能力不足"
    assert items("洪泽区2023年存在哪些主要问题？") == ["依申请公开工作规范性还有待提高", "政务公开内容的深度和广度还有待提升",
                                           "政务公开队伍建设有待加强"]
    assert [i[:2] for i in items("洪泽区2024年有哪些改进措施？")] == ["一是", "二是", "三是"]
    assert [i[:2] for i in items("淮安市2024年存在哪些主要问题？")] == ["一是", "二是"]
    fixes = items("淮安市2024年有哪些改进措施？")
    assert len(fixes) == 2 and fixes[1].startswith("建立健全“传帮带”机制")
