"""The hand-written paraphrase bench (issue #12): its data, its split, its coverage, and a smoke run of the runner."""

import json
import re
from collections import Counter

import pytest

from bench.paraphrase import (CONVERSATIONS, COLUMN_GROUPS, OPERATIONS, ROUTES, SECTION, SINGLE, Invalid,
                              build_corpora, expected, items, pairs, render, run, split_of, validate,
                              write_section)
from index.template import REVISED, TABLES, TRIAL, table

TABLE_IDS = {t.id for t in TABLES}


def readings():
    singles, conversations = items()
    for item in singles:
        yield item["id"], item["corpus"], item["expect"]
    for item in conversations:
        for n, turn in enumerate(item["turns"], 1):
            yield f"{item['id']}/{n}", item["corpus"], turn["expect"]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Both corpora written to disk (the synthetic reports' text is needed to check prose keywords)."""
    return build_corpora(tmp_path_factory.mktemp("paraphrase-corpus"))


def test_files_parse_and_items_are_well_formed():
    for path in (SINGLE, CONVERSATIONS):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert line.strip(), f"{path.name}:{n} is empty"
            json.loads(line)
    singles, conversations = items()
    ids = [i["id"] for i in singles + conversations]
    assert len(ids) == len(set(ids)), "ids are unique"
    for item in singles:
        assert item["category"] and item["question"].strip() and item["corpus"] in ("full", "bundled")
        assert item["lang"] == ("zh" if re.search(r"[\u4e00-\u9fff]", item["question"]) else "en"), item["id"]
    for item in conversations:
        assert item["category"] and item["corpus"] in ("full", "bundled")
        assert 3 <= len(item["turns"]) <= 6, item["id"]
        assert all(t["question"].strip() for t in item["turns"])


def test_enough_questions_in_both_languages():
    singles, conversations = items()
    assert len(singles) >= 500
    assert len(conversations) >= 60
    languages = Counter(i["lang"] for i in singles)
    assert languages["zh"] >= 150 and languages["en"] >= 150
    categories = Counter(i["category"] for i in singles)
    for wanted in ("row-paraphrase-en", "row-paraphrase-zh", "colloquial", "typo", "abbreviation", "column-group",
                   "row-group", "noun-decides-column", "change", "share", "total-across", "quality", "no-cell",
                   "no-agency-year", "2021-format", "prose"):
        assert categories[wanted] >= 10, wanted
    operations = Counter(t["expect"]["op"] for i in conversations for t in i["turns"])
    assert operations["prose"] >= 10 and operations["none"] >= 3 and operations["compare"] >= 3


def test_split_follows_the_hash_rule_and_is_about_half():
    singles, conversations = items()
    for group in (singles, conversations):
        assert all(i["split"] == split_of(i["id"]) for i in group)
        dev = sum(i["split"] == "dev" for i in group)
        assert 0.4 <= dev / len(group) <= 0.6, (dev, len(group))
    for split in ("dev", "held_out"):
        s, c = items(split)
        assert s and c


def reading_problems(e: dict) -> list[str]:
    """What is wrong with one expected reading: unknown operations, tables, rows, groups or columns."""
    problems = []
    if e["op"] not in OPERATIONS:
        problems.append(f"operation {e['op']}")
    if not (e["agencies"] == "all" or all(isinstance(a, str) for a in e["agencies"])):
        problems.append("agencies")
    if not all(isinstance(y, int) and 2000 <= y <= 2100 for y in e["years"]):
        problems.append("years")
    if not set(e.get("routes", [])) <= set(ROUTES):
        problems.append("routes")
    if e["op"] in ("none", "quality", "prose"):
        if "table" in e:
            problems.append("a table for an operation without one")
        if e["op"] == "prose" and not (e.get("keywords") or e.get("prose_fact")):
            problems.append("a prose item without a keyword")
        return problems
    if e.get("table") not in TABLE_IDS:
        return problems + [f"table {e.get('table')}"]
    t = table(e["table"])
    rows, groups, columns = {r.id for r in t.rows}, {g.id for g in t.groups}, {c.id for c in t.columns}
    if ("row" in e) == ("group" in e):
        problems.append("a row or a group")
    if "row" in e and e["row"] not in rows:
        problems.append(f"row {e['row']}")
    if "group" in e and e["group"] not in groups:
        problems.append(f"group {e['group']}")
    if (e["op"] != "breakdown" or "group" in e) and ("column" in e) == ("column_group" in e):
        problems.append("a column or a column group")
    if "column" in e and e["column"] not in columns:
        problems.append(f"column {e['column']}")
    if "column_group" in e and COLUMN_GROUPS.get(e["column_group"], ("",))[0] != t.id:
        problems.append(f"column group {e['column_group']}")
    for key, value in e.get("of", {}).items():
        if key not in ("row", "group", "column") or value not in rows | groups | columns:
            problems.append(f"of {key}={value}")
    return problems


def test_every_reading_uses_template_ids():
    problems = [f"{item_id}: {p}" for item_id, _, e in readings() for p in reading_problems(e)]
    assert problems == []


def test_every_reading_computes_from_the_corpus(corpora):
    """Agencies and years exist, cells have values, keywords are in the text, no total or change is degenerate."""
    assert validate(corpora) == []


def test_every_row_and_column_of_both_formats_is_asked(corpora):
    seen = set()
    for _, corpus, e in readings():
        if "table" not in e:
            continue
        try:
            chosen = pairs(corpora[corpus], e, every_year=e["op"] == "trend")
        except Invalid:
            continue
        for fmt in {corpora[corpus].report(a, y).format for a, y in chosen}:
            for kind in ("row", "column"):
                for value in (e.get(kind), e.get("of", {}).get(kind)):
                    if value:
                        seen.add((fmt, e["table"], kind, value))
    missing = []
    for fmt in (TRIAL, REVISED):
        for t in TABLES:
            rows = t.rows_for(fmt)
            missing += [(fmt, t.id, "row", r.id) for r in rows if (fmt, t.id, "row", r.id) not in seen]
            columns = sorted({c for r in rows for c in r.columns})
            missing += [(fmt, t.id, "column", c) for c in columns if (fmt, t.id, "column", c) not in seen]
    assert missing == []


def test_expected_numbers_come_from_the_records(corpora):
    """Spot checks against the bundled reports' parsed records (README / bench/questions.py figures)."""
    full = corpora["full"]
    one = {"agencies": ["上街区"], "years": [2019], "table": "applications"}
    assert expected(full, {**one, "op": "value", "row": "new", "column": "total"}).number == 79
    assert expected(full, {**one, "op": "value", "group": "refused", "column": "total"}).number == 3
    assert expected(full, {**one, "op": "value", "row": "new", "column_group": "orgs"}).number == 10
    assert str(expected(full, {**one, "op": "share", "row": "new", "column": "natural_person"}).number) == "87.3"
    five = {"op": "total", "agencies": "all", "years": [], "table": "applications", "row": "new", "column": "total"}
    assert expected(corpora["bundled"], five).number == 5 + 1 + 0 + 79 + 54
    quality = expected(full, {"op": "quality", "agencies": ["偃师市政府办公室"], "years": []})
    assert quality.quality == [("偃师市人民政府办公室", 2019, True)]


def test_runner_smoke_on_dev_items(tmp_path, embedder):
    """About ten dev items (3 single questions and 4 conversations over the bundled corpus), end to end.

    Not an accuracy test: the runner must index, ask, score every item and write its section in place.
    """
    ids = {"s406", "s407", "s449", "c001", "c033", "c052", "c070"}
    results_file = tmp_path / "RESULTS.md"
    results_file.write_text("# Benchmark results\n\n## Accuracy\n\nkept\n\n## Concurrency\n\nkept too\n",
                            encoding="utf-8")
    results = run("dev", tmp_path / "work", out=results_file, ids=ids, embedder=embedder)
    outcomes = results["outcomes"]
    assert {o.id for o in outcomes} == ids
    assert all(o.split == "dev" for o in outcomes)
    assert all(isinstance(o.ok, bool) and o.turns_right <= o.turns for o in outcomes)
    assert sum(o.turns for o in outcomes if o.kind == "conversation") == 17
    assert results["checks"]["bundled"]["cells_wrong"] == 0
    text = results_file.read_text(encoding="utf-8")
    assert text.count(SECTION) == 1 and "kept\n" in text and "kept too" in text
    assert "| total-across |" in text and "not run" in text  # the held-out half was not run
    write_section(render(results), results_file)  # a second run replaces the section, never duplicates it
    assert results_file.read_text(encoding="utf-8").count(SECTION) == 1


def test_a_change_is_read_from_the_answer_text_by_value():
    from decimal import Decimal

    from bench.paraphrase import _states_change

    assert _states_change("change -3,982.7730 ×10k yuan", Decimal("-3982.773"))  # the report's precision kept
    assert _states_change("变化+1,234件（+5.0%）", Decimal(1234)) and _states_change("没有变化", Decimal(0))
    assert not _states_change("change -3,982.77", Decimal("-3982.773"))  # rounded is another number
    assert not _states_change("change +120", Decimal(12)) and not _states_change("change -12", Decimal(12))
