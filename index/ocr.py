"""Read pages that are pictures — scanned PDFs and photos of reports — by OCR, into the lines the text path reads.

The engine is RapidOCR (PP-OCRv4 through ONNX Runtime); its models ship inside its wheel, so nothing is
downloaded. It gives text boxes; the tables are rebuilt from them:

- the page's tilt is measured from the long text boxes and taken out, so a row stays one row;
- boxes holding only a number (or a blank's placeholder "—", "/") make the table rows, grouped by height;
  a label box beside a row (a label may wrap onto two printed lines, a group label stand vertically) joins it;
- rows of numbers one after another make a block; the block's columns are where its numbers stand, and each
  number goes to its column, so a number the OCR missed leaves its cell blank rather than shifting the rest;
- everything else is text: a heading, a paragraph (joined as the PDF path joins them), a table's header row.

Every line read so says it was read by OCR and with what confidence (`Line.inferred`, per cell where numbers
are), so each fact — and each answer using it — says so.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .messages import Message
from .readers import Line, ReadError, clean_cell, page_number_text, printed_paragraphs

RENDER_SCALE = 2.0  # PDF points → pixels: 144 dpi, where the models read a report's small table digits well
UPRIGHT_SAMPLE = 6  # the longest lines of print whose direction decides whether a page is upside down
_NUMBER = re.compile(r"^[+\-−]?\d[\d,，]*(\.\d+)?\s*(万元|亿元|元|%|件|条|个|项|次)?$")
_PLACEHOLDER = re.compile(r"^[—–\-－/／]{1,2}$")
_SPECKS = ".,。，·'`\"、:：;；_"
_ZERO_LOOKALIKES = {"。": "0", "o": "0", "O": "0", "〇": "0", "○": "0"}  # a lone 0 the model reads as a letter or a stop


@dataclass
class Box:
    text: str
    confidence: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def is_cell(self) -> bool:
        """A box that is one table cell's value: a number, or a blank's placeholder."""
        text = unicodedata.normalize("NFKC", self.text).strip()
        return bool(_NUMBER.match(text) or _PLACEHOLDER.match(text))


def available() -> bool:
    """Whether the OCR engine is installed (it is a dependency; a trimmed install may lack it)."""
    from importlib.util import find_spec

    return find_spec("rapidocr_onnxruntime") is not None


@lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    # one per process (loading the models takes about a second); a lower box threshold finds lone digits
    return RapidOCR(det_box_thresh=0.3)


def recognise(image) -> list[Box]:
    """The text boxes of one page image (a PIL image), turned upright and its tilt taken out first."""
    if not available():
        raise ReadError("read.ocr_missing")
    image = image.convert("RGB")
    found = _found(image)
    if _sideways(found):  # scanned a quarter turn either way: a quarter turn back, then maybe a half
        image = image.rotate(-90, expand=True)
        found = _found(image)
    if _upside_down(image, found):
        image = image.rotate(180, expand=True)
        found = _found(image)
    angle = _tilt([points for points, _, _ in found])
    if abs(angle) > 0.003:  # about 0.2°: over a table's width, a row would drift into the next
        image = image.rotate(math.degrees(angle), resample=3, expand=True, fillcolor="white")  # 3: bicubic
        found = _found(image)
    return [Box(text, score, *_bounds(points)) for points, text, score in found]


def _found(image) -> list[tuple[list, str, float]]:
    import numpy as np

    # no direction classifier: pages are upright, and it turns a lone "6" over into a "9"
    found, _ = _engine()(np.asarray(image)[:, :, ::-1], use_cls=False)  # RGB → the BGR the engine reads
    return [(points, _as_read(str(text)), float(score)) for points, text, score in (found or []) if str(text).strip()]


def _bounds(points) -> tuple[float, float, float, float]:
    """The upright rectangle around a box's corners: left, top, right, bottom."""
    return (min(x for x, _ in points), min(y for _, y in points), max(x for x, _ in points), max(y for _, y in points))


def _extent(points) -> tuple[float, float]:
    """A box's width and height."""
    x0, y0, x1, y1 = _bounds(points)
    return x1 - x0, y1 - y0


def _sideways(found: list) -> bool:
    """Whether the page lies on its side: more of its clearly shaped boxes stand tall than lie wide (a line of
    print is wide)."""
    shapes = [_extent(points) for points, _, _ in found]
    tall = sum(1 for w, h in shapes if h > 1.5 * w)
    wide = sum(1 for w, h in shapes if w > 1.5 * h)
    return tall > wide


def _upside_down(image, found: list) -> bool:
    """Whether the page is upside down: the engine's direction classifier, asked of the page's longest lines of print
    (never of a lone number: it turns a 6 into a 9), says so of most of them, each surely."""
    import numpy as np

    boxes = [_bounds(points) for points, _, _ in found]
    lines = sorted((b for b in boxes if b[2] - b[0] > 3 * (b[3] - b[1])), key=lambda b: b[0] - b[2])[:UPRIGHT_SAMPLE]
    if len(lines) < 3:
        return False
    pixels = np.asarray(image)[:, :, ::-1]
    crops = [np.ascontiguousarray(pixels[int(y0):int(y1) + 1, int(x0):int(x1) + 1]) for x0, y0, x1, y1 in lines]
    _, directions, _ = _engine().text_cls(crops)
    flipped = sum(1 for label, score in directions if label == "180" and score > 0.9)
    return flipped > len(lines) / 2


def _as_read(text: str) -> str:
    """A box's text, a number's edges cleaned: a speck beside a digit is read as a stop ("0." → "0"), and a lone 0
    as a letter or a full stop ("。", "o" → "0")."""
    text = text.strip()
    if text in _ZERO_LOOKALIKES:
        return "0"
    trimmed = text.strip(_SPECKS)
    return trimmed if trimmed != text and _NUMBER.match(unicodedata.normalize("NFKC", trimmed)) else text


def _tilt(quads: list) -> float:
    """The page's tilt in radians: the median slope of the long boxes' top edges (0 when there are none)."""
    slopes = []
    for (x0, y0), (x1, y1), *_ in quads:
        if x1 - x0 > 120:
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(slopes) if slopes else 0.0


def image_lines(boxes: list[Box], page: int | None, height: float) -> list[Line]:
    """The lines of one page from its boxes: table rows with their cells in their columns, text between."""
    if not boxes:
        return []
    unit = statistics.median(b.height for b in boxes)  # the printed line's height
    boxes = [b for b in boxes if not _page_number(b, boxes, unit, height)]
    words = [b for b in boxes if not b.is_cell]
    numeric_rows, text_boxes = [], []
    for row in _rows([b for b in boxes if b.is_cell], unit):
        # words after a number on its line: a sentence or a title broken into boxes ("2024" "年政府信息…"), no row
        middle = statistics.mean(b.cy for b in row)
        if any(abs(w.cy - middle) <= unit * 0.5 and w.x0 > row[0].x0 for w in words):
            text_boxes += row
        else:
            numeric_rows.append(row)
    labels: dict[int, list[Box]] = {i: [] for i in range(len(numeric_rows))}
    for box in words:
        row = _beside(box, numeric_rows, unit)
        if row is None:
            text_boxes.append(box)
        else:
            labels[row].append(box)
    rows: list[tuple[float, str, object]] = [(min(b.y0 for b in r), "cells", i) for i, r in enumerate(numeric_rows)]
    rows += [(min(b.y0 for b in r), "text", r) for r in _rows(text_boxes, unit)]
    rows.sort(key=lambda r: r[0])
    lines: list[Line] = []
    block: list[int] = []
    text_run: list[list[Box]] = []

    def flush() -> None:
        lines.extend(_block_lines([numeric_rows[i] for i in block], [labels[i] for i in block], unit, page))
        block.clear()
        lines.extend(_text_lines(text_run, unit, page))
        text_run.clear()

    for _, kind, payload in rows:
        if kind == "cells":
            if text_run:
                flush()
            block.append(payload)
        else:
            if block:
                flush()
            text_run.append(payload)
    flush()
    return lines


def _page_number(box: Box, boxes: list[Box], unit: float, height: float) -> bool:
    """A page's number: alone on its line in the top or bottom margin ("- 3 -")."""
    return (page_number_text(box.text) and (box.y1 < height * 0.08 or box.y0 > height * 0.92)
            and not any(b is not box and abs(b.cy - box.cy) < unit for b in boxes))


def _rows(boxes: list[Box], unit: float) -> list[list[Box]]:
    """Boxes grouped into rows by their middle's height, each row left to right."""
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if rows and box.cy - statistics.mean(b.cy for b in rows[-1]) <= unit * 0.5:
            rows[-1].append(box)
        else:
            rows.append([box])
    return [sorted(r, key=lambda b: b.x0) for r in rows]


def _beside(box: Box, rows: list[list[Box]], unit: float) -> int | None:
    """The row of numbers a label box belongs to: one beside it (left of its first number) at about its height."""
    best, distance = None, unit * 0.8
    for i, row in enumerate(rows):
        middle = statistics.mean(b.cy for b in row)
        if box.x1 <= row[0].x0 + unit * 0.5 and abs(box.cy - middle) <= distance:
            best, distance = i, abs(box.cy - middle)
    return best


def _block_lines(rows: list[list[Box]], labels: list[list[Box]], unit: float, page: int | None) -> list[Line]:
    """Rows of numbers one after another: one column per place numbers stand, each number in its own."""
    if not rows:
        return []
    centres = _columns([b for row in rows for b in row], unit)
    lines = []
    for row, label in zip(rows, labels):
        slots: list[Box | None] = [None] * len(centres)
        placed = True
        for box in row:
            column = min(range(len(centres)), key=lambda c: abs(centres[c] - box.cx))
            placed = placed and slots[column] is None
            slots[column] = box
        cells = row if not placed else slots
        texts = _label_cells(label)
        notes = [None] * len(texts) + [_read_as(b) if b else None for b in cells]
        lines.append(Line(texts + [b.text if b else "" for b in cells], page=page, in_table=True,
                          exact=placed and len(centres) > 1, inferred=_read_as_row(row),
                          cell_inferred=tuple(notes)))
    return lines


def _columns(boxes: list[Box], unit: float) -> list[float]:
    """Where a block's numbers stand: the middles of the groups their centres fall into."""
    centres = sorted(b.cx for b in boxes)
    groups: list[list[float]] = [[centres[0]]]
    for x in centres[1:]:
        if x - groups[-1][-1] > unit * 1.2:
            groups.append([x])
        else:
            groups[-1].append(x)
    return [statistics.mean(g) for g in groups]


def _label_cells(boxes: list[Box]) -> list[str]:
    """A row's label boxes: those standing one above the other (a wrapped label, a vertical group label) are
    one cell, read top to bottom; the cells left to right."""
    columns: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.x0):
        if columns and abs(box.x0 - columns[-1][0].x0) <= max(columns[-1][0].height, box.height):
            columns[-1].append(box)
        else:
            columns.append([box])
    return [clean_cell("\n".join(b.text for b in sorted(c, key=lambda b: b.y0))) for c in columns]


def _read_as(box: Box) -> str:
    return Message("inferred.ocr", confidence=f"{box.confidence:.0%}").encode()


def _read_as_row(row: list[Box]) -> str:
    return _read_as(min(row, key=lambda b: b.confidence))  # a row is as sure as its least sure box


def _text_lines(rows: list[list[Box]], unit: float, page: int | None) -> list[Line]:
    """Rows without numbers: a row of words far apart is a header row of cells; the rest are text, joined into
    paragraphs as the PDF path joins printed lines."""
    out: list[Line] = []
    prose: list[dict] = []
    for row in rows:
        gaps = [b.x0 - a.x1 for a, b in zip(row, row[1:])]
        if gaps and max(gaps) > unit * 2:
            if prose:
                out.extend(line for _, line in printed_paragraphs(prose))
                prose = []
            out.append(Line([clean_cell(b.text) for b in row], page=page, in_table=True,
                            inferred=_read_as_row(row)))
            continue
        prose.append({"text": "".join(b.text for b in row), "x0": row[0].x0, "x1": row[-1].x1, "top": row[0].y0})
    out.extend(line for _, line in printed_paragraphs(prose))
    for line in out:
        line.page = page
    return out


def read_image(path: Path) -> list[Line]:
    """A photo or scan of a report page (PNG, JPEG)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
            height = image.height
            boxes = recognise(image)
    except (UnidentifiedImageError, OSError) as exc:
        raise ReadError("read.image_unreadable", error=type(exc).__name__) from None
    lines = image_lines(boxes, 1, height)
    if not lines:
        raise ReadError("read.image_no_text")
    return lines


def pdf_page_lines(path: Path, index: int) -> list[Line]:
    """A PDF page that has no text layer, rendered and read by OCR (`index` from 0)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[index].render(scale=RENDER_SCALE).to_pil()
    finally:
        document.close()
    return image_lines(recognise(image), index + 1, image.height)


def ocr_confidence(stored: str | None) -> str | None:
    """The OCR confidence a fact's stored note gives ("93%"), or None when its value was not read by OCR."""
    note = Message.decode(stored) if stored else None
    if note is not None and note.key == "inferred.ocr_placed":
        note = note.values.get("ocr")
    return note.values.get("confidence") if isinstance(note, Message) and note.key == "inferred.ocr" else None
