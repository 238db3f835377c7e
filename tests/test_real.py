"""Real reports, as their agencies published them (tests/data/real/README.md says where each came from): each
hand-checked cell is read right, or not read at all — never read as another number.

The floor is how many of a report's hand-checked cells are read today; work on reports from the wild (issue #14:
rows whose cells a crawler ran together, review rows cut from their labels) raises it, nothing may lower it.
"""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

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


def _same(value, printed: str) -> bool:
    if value is None or printed == "":
        return value is None and printed == ""
    return Decimal(str(value)) == Decimal(re.sub(r"[^\d.+-]", "", printed))  # "251000元", "1,295", "+5174"


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
        if key in read and _same(read[key], cell["value"]):
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
