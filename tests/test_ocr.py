"""Scanned reports and photos of report pages, read by OCR (index/ocr.py): the values read are the printed ones or
none, each marked as read by OCR with its confidence, and an answer that uses one says so.

The scans are generated reports with known values (bench/synth.py), printed to PDF and turned into pictures the
way a scanner makes them (bench/scans.py): an image-only PDF has no text layer at all.
"""

import pytest

from bench.scans import Damage, compare, scanned
from bench.synth import random_spec, render_txt
from index.ingest import ingest_many
from index.ocr import Box, image_lines, ocr_confidence
from index.readers import ReadError, content_mismatch, read_document
from index.report import parse_report
from index.tables import tokenize
from index.worker import ParsePool
from index.template import APPLICATIONS

from .conftest import built


def test_a_clean_scan_is_read_cell_by_cell(tmp_path):
    spec = random_spec(41, agency="栾川县人民政府", year=2022)
    path = scanned(spec, tmp_path / "scan.pdf")
    report = parse_report(path)
    assert (report.agency.name, report.year, report.format) == ("栾川县人民政府", 2022, "2021")
    right, wrong, missing, wrongs = compare(spec, report.facts)
    assert not wrongs
    assert right >= 0.9 * len(spec.values), (right, missing)
    confidences = [ocr_confidence(f.inferred) for f in report.facts if f.value is not None]
    assert confidences and all(c and c.endswith("%") for c in confidences)  # every value: read by OCR, and how sure


@pytest.mark.parametrize("damage", [Damage("tilted", angle=1.5), Damage("tilted the other way, speckled", angle=-2,
                                                                             noise=0.002, quality=70)])
def test_a_tilted_speckled_scan_gives_no_wrong_number(tmp_path, damage):
    spec = random_spec(43, agency="嵩县人民政府", year=2020)  # the 2019 format: 二 with four sub-tables
    report = parse_report(scanned(spec, tmp_path / "scan.pdf", damage, seed=3))
    right, wrong, missing, wrongs = compare(spec, report.facts)
    assert not wrongs
    assert right >= 0.75 * len(spec.values), (right, missing)


def test_a_photo_of_a_page_is_read_as_its_lines(tmp_path):
    spec = random_spec(44, agency="宜阳县人民政府", year=2021)
    document = read_document(scanned(spec, tmp_path / "page.png"))
    assert document.kind == "image"
    texts = [line.text for line in document.lines]
    assert texts[0] == "宜阳县人民政府2021年政府信息公开工作年度报告"
    received = next(line for line in document.lines if line.cells[0] == "一、本年新收政府信息公开申请数量")
    printed = [str(spec.values[("applications", "new", c.id)]) for c in APPLICATIONS.columns]
    assert [c for c in received.cells[1:] if c] == [p for p, c in zip(printed, received.cells[1:]) if c]


@pytest.mark.parametrize("angle", [180, 270])  # a half turn; a quarter turn, then a half one (90° is the quarter alone)
def test_a_page_scanned_on_its_side_or_upside_down_is_turned_upright(tmp_path, angle):
    spec = random_spec(45, agency="伊川县人民政府", year=2022)
    document = read_document(scanned(spec, tmp_path / "page.png", Damage(f"turned {angle}°", angle=angle)))
    assert document.lines[0].text == "伊川县人民政府2022年政府信息公开工作年度报告"
    received = next(line for line in document.lines if line.cells[0] == "一、本年新收政府信息公开申请数量")
    printed = [str(spec.values[("applications", "new", c.id)]) for c in APPLICATIONS.columns]
    read = [(p, c) for p, c in zip(printed, received.cells[1:]) if c]
    assert len(read) >= len(printed) - 1 and all(p == c for p, c in read)  # no wrong number, at most one missed


def test_an_image_with_no_report_in_it_is_refused_in_one_line(tmp_path):
    from PIL import Image

    blank = tmp_path / "blank.png"
    Image.new("RGB", (800, 600), "white").save(blank)
    with pytest.raises(ReadError) as refused:
        read_document(blank)
    assert refused.value.say("zh") == "图像中没有识别出文字" and "\n" not in str(refused.value)
    assert content_mismatch(".png", b"%PDF-1.7 not a picture").say("en") == "the file is not a PNG or JPEG image"


def _box(text, x, y, width=20):
    return Box(text, 0.97, x, y, x + width, y + 22)


def test_a_number_the_ocr_missed_leaves_its_cell_blank_and_the_rest_in_place():
    """A row of numbers loses one (a lone 0 the detector did not see): the others stay in their columns."""
    columns = [540, 625, 710, 795, 880, 965, 1050]
    full = [_box("一、本年新收政府信息公开申请数量", 100, 100, 230)] + [_box(v, x, 100) for v, x in
                                                          zip(["39", "88", "0", "0", "0", "0", "127"], columns)]
    short = [_box("二、上年结转政府信息公开申请数量", 100, 130, 230)] + [_box(v, x, 130) for v, x in
                                                           zip(["3", "3", "0", "0", "6"], columns[:3] + columns[5:])]
    lines = image_lines(full + short, page=1, height=1600)
    assert [line.cells for line in lines] == [
        ["一、本年新收政府信息公开申请数量", "39", "88", "0", "0", "0", "0", "127"],
        ["二、上年结转政府信息公开申请数量", "3", "3", "0", "", "", "0", "6"]]
    assert all(line.exact and line.in_table for line in lines)
    tokens = tokenize(lines[1:], width=7)
    assert [t.kind for t in tokens] == ["text", "number", "number", "number", "blank", "blank", "number", "number"]


def test_a_wrapped_label_joins_its_row_and_a_header_row_stays_text():
    boxes = [_box("5.要求行政机关确认或重新出具已获取信", 240, 464, 250), _box("息", 240, 486),
             _box("0", 540, 473), _box("2", 625, 473),
             _box("信息内容", 260, 400, 60), _box("本年制发件数", 520, 400, 90), _box("本年废止件数", 720, 400, 90)]
    lines = image_lines(boxes, page=2, height=1600)
    assert [line.cells for line in lines] == [["信息内容", "本年制发件数", "本年废止件数"],
                                              ["5.要求行政机关确认或重新出具已获取信息", "0", "2"]]


def test_an_answer_from_a_scan_says_it_was_read_by_ocr(tmp_path):
    spec = random_spec(45, agency="汝阳县人民政府", year=2022)
    parts = built(tmp_path)
    # (what is tested is the answer's OCR mark, not the per-file time limit: a loaded machine may take past 60 s)
    with ParsePool(timeout_s=600) as parser:
        outcomes, _ = ingest_many([scanned(spec, tmp_path / "scan.pdf"),
                                   render_txt(random_spec(46, agency="伊川县人民政府", year=2022), tmp_path / "b.txt")],
                                  parts.store, parser=parser)
    assert [o.status for o in outcomes] == ["indexed", "indexed"]
    assistant = parts.assistant()
    answer = assistant.ask("汝阳县2022年本年新收申请总数是多少？")
    assert [v["value"] for v in answer.values] == [spec.values[("applications", "new", "total")]]
    assert answer.values[0]["source"]["ocr_confidence"].endswith("%")
    assert any("OCR" in w and "汝阳县" in w for w in answer.warnings)
    english = assistant.ask("How many applications did Ruyang County receive in 2022?")
    assert any("read from a scanned image by OCR" in w for w in english.warnings)
    typed = assistant.ask("伊川县2022年本年新收申请总数是多少？")
    assert not any("OCR" in w for w in typed.warnings)


def test_a_number_inside_a_line_of_words_is_text_not_a_row():
    boxes = [_box("示例县人民政府", 200, 80, 140), _box("2024", 345, 80, 45), _box("年政府信息公开工作年度报告", 395, 80, 260),
             _box("全年共收到申请", 100, 140, 140), _box("127", 245, 140, 30), _box("件，均已按时答复。", 280, 140, 500)]  # the widest line: the margin
    assert [line.cells for line in image_lines(boxes, page=1, height=1600)] == [
        ["示例县人民政府2024年政府信息公开工作年度报告"], ["全年共收到申请127件，均已按时答复。"]]
