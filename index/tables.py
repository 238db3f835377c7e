"""Turn the lines of sections 二 and 三 into Fact records, one per template cell (四: index/review.py).

The lines are flattened into a token stream (labels, numbers, blanks). Labels are matched
to the template's rows; the numbers that follow a label belong to its row. This copes with
tab-separated rows, one cell per line, rows split over lines or pages and labels broken in
two. Where a row has too few or too many numbers, the row-sum rule decides the placement
when only one placement fits, and the fact says it was inferred.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz

from .messages import Message
from .readers import Box, Line
from .template import ACTIVE, APPLICATIONS, FORMAT_MARKERS, REVISED, TRIAL, Row, Table, label_key

Number = int | Decimal

_NUMBER = re.compile(r"^([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万元|亿元|元|件|条|个|项|次)?$")
_PLACEHOLDER = re.compile(r"^(?:[—–\-－/／\\×xX*]{1,2}|见附件|无|空|不适用|/)$")
_RULE_LINE = re.compile(r"^[-—–_=]{3,}$")
_UNIT_IN_HEADER = re.compile(r"单位[:：]\s*(万元|亿元|元|件|项|个)")


@dataclass
class Token:
    kind: str  # "text", "number" or "blank"
    raw: str
    page: int | None
    line: int | None
    value: Number | None = None
    unit: str | None = None
    inferred: str | None = None  # the line's recovery of cells run together (index/runs.py)
    cell: int | None = None  # the index of the cell it was read from in its line
    box: Box | None = None  # that cell's box on its PDF page


@dataclass
class Fact:
    """One template cell of one report, with where it came from."""

    table: str
    row: str
    row_label: str
    column: str
    column_label: str
    value: Number | None
    unit: str | None
    raw: str
    page: int | None
    line: int | None
    inferred: str | None = None  # how it was placed, when not read in place: an encoded index.messages.Message
    # where it stands (the source view): the index of its cell in its line, and for a PDF table cell its box on
    # the page (points, x0, top, x1, bottom from the top left); None where no cell printed it
    cell: int | None = None
    box: Box | None = None


def parse_number(text: str) -> tuple[Number, str | None] | None:
    """"1,478" → 1478; "97.8万元" → (Decimal('97.8'), '万元'); "+1036" → 1036; else None."""
    text = unicodedata.normalize("NFKC", text).strip()
    m = _NUMBER.match(text)
    if not m:
        return None
    sign, digits, fraction, unit = m.groups()
    digits = digits.replace(",", "")
    negative = sign in ("-", "−")
    try:
        value: Number = Decimal(digits + fraction) if fraction else int(digits)
    except InvalidOperation:
        return None
    return (-value if negative else value), unit


def tokenize(lines: list[Line], width: int | None = None) -> list[Token]:
    """Labels, numbers and blanks in reading order; empty cells kept only between numbers — or, in a row of a
    table's markup (HTML) whose cells after its label are exactly the table's `width`, kept where they stand (a
    blank 总计 printed last is a blank cell, not a missing one; in extracted text a blank may be a shifted cell)."""
    tokens: list[Token] = []
    for line in lines:
        row: list[Token] = []
        for index, cell in enumerate(line.cells):
            if index in line.copies:
                continue
            row.extend(_cell_tokens(cell, line, index))
        numbers = [i for i, t in enumerate(row) if t.kind == "number"]
        label_end = max((i + 1 for i, t in enumerate(row) if t.kind == "text"), default=0)
        if numbers and width and line.exact and len(row) - label_end == width:
            row = [t for t in row[:label_end] if t.raw] + row[label_end:]
        elif numbers:
            lo, hi = numbers[0], numbers[-1]
            row = [t for i, t in enumerate(row) if t.raw or lo <= i <= hi]
        else:
            row = [t for t in row if t.raw]
        tokens.extend(row)
    return tokens


def _cell_tokens(cell: str, line: Line, index: int) -> list[Token]:
    text = cell.strip()
    inferred = line.cell_inferred[index] if line.cell_inferred and index < len(line.cell_inferred) else None
    inferred = inferred or line.inferred
    at = {"cell": index, "box": line.boxes[index] if line.boxes and index < len(line.boxes) else None}
    if _RULE_LINE.match(text):
        return []
    if not text or _PLACEHOLDER.match(text):
        return [Token("blank", text, line.page, line.line, **at)]
    parsed = parse_number(text)
    if parsed:
        return [Token("number", text, line.page, line.line, *parsed, inferred=inferred, **at)]
    # "规范性文件 4 3 3": a label and its numbers extracted into one cell
    out: list[Token] = []
    words: list[str] = []
    for piece in text.split():
        parsed = parse_number(piece)
        if parsed:
            if words:
                out.append(Token("text", " ".join(words), line.page, line.line))
                words = []
            out.append(Token("number", piece, line.page, line.line, *parsed, inferred=inferred, **at))
        else:
            words.append(piece)
    if words:
        out.append(Token("text", " ".join(words), line.page, line.line))
    return out


def detect_format(lines: list[Line], year: int) -> tuple[str, str]:
    """The template format from the header words; the year decides only when they say nothing."""
    text = label_key(" ".join(line.text for line in lines))
    scores = {fmt: sum(label_key(m) in text for m in markers) for fmt, markers in FORMAT_MARKERS.items()}
    if scores[REVISED] > scores[TRIAL]:
        return REVISED, f"revised-format headers found ({scores[REVISED]})"
    if scores[TRIAL] > scores[REVISED]:
        return TRIAL, f"trial-format headers found ({scores[TRIAL]})"
    fmt = REVISED if year >= 2021 else TRIAL
    return fmt, f"no format-specific headers; assumed from the year {year}"


class _Labels:
    """Matches label tokens to a table's rows and groups for one format."""

    def __init__(self, table: Table, fmt: str):
        self.rows = table.rows_for(fmt)
        self.entries: list[tuple[str, str, str]] = []  # (key, kind, id)
        for row in self.rows:
            for variant in (row.label, *row.aliases):
                self.entries.append((label_key(variant), "row", row.id))
        for group in table.groups:
            for variant in (group.label, *group.aliases):
                self.entries.append((label_key(variant), "group", group.id))
        self.column_keys = {label_key(c.label) for c in table.columns} | {
            label_key(a) for c in table.columns for a in c.aliases} | {"申请人情况", "法人或其他组织", "信息内容"}

    def match(self, text: str) -> tuple[str, str] | None:
        key = label_key(text)
        if not key:
            return None
        exact = [(k, kind, id_) for k, kind, id_ in self.entries if k == key]
        if exact:
            return exact[0][1], exact[0][2]
        best: tuple[int, str, str] | None = None
        for k, kind, id_ in self.entries:
            if len(k) < 3:
                continue
            hit = (len(key) >= 3 and k.startswith(key)) or (len(k) >= 4 and k in key)
            score = len(k) if hit else 0
            if not hit and len(key) >= 4 and fuzz.ratio(key, k) >= 85:
                score = len(k)
            if score and (best is None or score > best[0]):
                best = (score, kind, id_)
        return (best[1], best[2]) if best else None


def place(tokens: list[Token], width: int, sum_rule: bool) -> tuple[list[Token | None], str | None]:
    """Assign a row's tokens to `width` cells.

    Exactly `width` tokens: in order. Otherwise every placement that keeps the row-sum rule
    (last cell = sum of the others) is tried and a cell is kept only where all agree.
    Returns the cells (None = unknown) and the reason when the placement was inferred.
    """
    if len(tokens) == width:
        return list(tokens), None
    if not tokens or not sum_rule:
        return [None] * width, None
    candidates: list[list[Token | None]] = []
    if len(tokens) < width:
        for missing in itertools.combinations(range(width), width - len(tokens)):
            it = iter(tokens)
            cells = [None if i in missing else next(it) for i in range(width)]
            filled = _complete_sum(cells)
            if filled is not None:
                candidates.append(filled)
    else:
        for dropped in itertools.combinations(range(len(tokens)), len(tokens) - width):
            cells = [t for i, t in enumerate(tokens) if i not in dropped]
            if _sum_holds(cells):
                candidates.append(cells)
    if not candidates:
        return [None] * width, None
    agreed: list[Token | None] = []
    for i in range(width):
        values = {_value(c[i]) for c in candidates}
        agreed.append(candidates[0][i] if len(values) == 1 else None)
    return agreed, Message("inferred.row_sum", numbers=len(tokens), width=width).encode()


def _value(token: Token | None):
    return None if token is None else (token.kind, token.value)


def _sum_holds(cells: list[Token | None]) -> bool:
    if any(c is None or c.kind != "number" for c in cells):
        return True  # blanks: nothing to check
    return sum(c.value for c in cells[:-1]) == cells[-1].value


def _complete_sum(cells: list[Token | None]) -> list[Token | None] | None:
    """Fill a single missing cell from the sum rule; None when the known cells contradict it."""
    missing = [i for i, c in enumerate(cells) if c is None]
    known = [c for c in cells if c is not None]
    if any(c.kind != "number" for c in known):
        return cells
    if len(missing) != 1:
        return cells
    i = missing[0]
    parts = [c.value for j, c in enumerate(cells[:-1]) if j != i]
    value = cells[-1].value - sum(parts) if i != len(cells) - 1 else sum(parts)
    if value < 0:
        return None
    template = known[0]
    filled = list(cells)
    filled[i] = Token("number", "", template.page, template.line, value)
    return filled


def cell_fact(table: Table, row: Row, column_id: str, token: Token, unit: str | None,
          inferred: str | None) -> Fact:
    column = table.column(column_id)
    return Fact(table.id, row.id, row.label, column.id, column.label,
                token.value if token.kind == "number" else None,
                token.unit or unit if token.kind == "number" else None,
                token.raw, token.page, token.line, _both(inferred, token.inferred), token.cell, token.box)


def _both(placed: str | None, read: str | None) -> str | None:
    """How a cell was placed and how its value was read (by OCR), as one stored message."""
    if not placed or not read or placed == read:
        return placed or read
    read_as, placed_as = Message.decode(read), Message.decode(placed)
    if read_as is None or placed_as is None or read_as.key != "inferred.ocr":
        return placed
    return Message("inferred.ocr_placed", ocr=read_as, reason=placed_as).encode()


# --- 二 -------------------------------------------------------------------------------------

def parse_active(lines: list[Line], fmt: str) -> tuple[list[Fact], list[str]]:
    """Section 二: rows of each 第二十条 sub-table with the columns of the current header."""
    labels = _Labels(ACTIVE, fmt)
    column_keys = {c.id: [label_key(v) for v in (c.label, *c.aliases)] for c in ACTIVE.columns}
    facts: list[Fact] = []
    notes: list[str] = []
    header: list[str] = []
    units: dict[str, str] = {}
    current: tuple[Row, list[Token]] | None = None

    def flush() -> None:
        if current is None:
            return
        row, values = current
        columns = list(row.columns)
        if len(values) != len(columns) and len(header) == len(values) and set(header) <= set(columns):
            columns = header
        inferred = None
        if len(values) != len(columns):
            if values:
                notes.append(Message("note.row_values", row=row.label, values=len(values),
                                     columns=len(row.columns)).encode())
                inferred = Message("inferred.row_values", values=len(values), columns=len(row.columns)).encode()
        for column_id, token in zip(columns, values):
            facts.append(cell_fact(ACTIVE, row, column_id, token,
                               units.get(column_id, ACTIVE.column(column_id).unit), inferred))

    for token in tokenize(lines):
        if token.kind == "text":
            hit = labels.match(token.raw)
            key = label_key(token.raw)
            column_id = next((cid for cid, keys in column_keys.items()
                              if any(k and (k == key or (len(k) >= 4 and k in key)) for k in keys)), None)
            if column_id and not (hit and hit[0] == "row"):
                if current is not None:
                    flush()
                    current = None
                if header and header[-1:] == [column_id]:
                    continue
                header.append(column_id)
                unit = _UNIT_IN_HEADER.search(unicodedata.normalize("NFKC", token.raw))
                if unit:
                    units[column_id] = unit[1]
                continue
            if key == "信息内容" or (hit and hit[0] == "group"):
                flush()
                current, header = None, []
                continue
            if hit and hit[0] == "row":
                flush()
                current = (ACTIVE.row(hit[1], fmt), [])
            continue
        if current is not None:
            current[1].append(token)
    flush()
    return _dedupe(facts, notes), notes


# --- 三 -------------------------------------------------------------------------------------

def parse_applications(lines: list[Line], fmt: str) -> tuple[list[Fact], list[str]]:
    """Section 三: 7 applicant columns per row; group headings may carry their first row's numbers."""
    labels = _Labels(APPLICATIONS, fmt)
    width = len(APPLICATIONS.columns)
    facts: list[Fact] = []
    notes: list[str] = []
    started = False
    in_header = False
    current: tuple[Row, list[Token]] | None = None
    group: str | None = None
    pending: tuple[str, list[Token]] | None = None  # numbers printed on a group heading line

    def flush() -> None:
        nonlocal pending
        if current is None:
            return
        row, tokens = current
        inferred = None
        if not any(t.kind == "number" for t in tokens) and pending and pending[1] and row.group == pending[0]:
            tokens = pending[1]
            inferred = Message("inferred.heading_numbers", group=APPLICATIONS.group(pending[0]).label,
                               row=row.label).encode()
        pending = None
        cells, reason = place(tokens, width, sum_rule=True)
        if reason:
            notes.append(Message("note.row_reason", row=row.label, reason=Message.decode(reason)).encode())
        for column, token in zip(APPLICATIONS.columns, cells):
            if token is not None:
                facts.append(cell_fact(APPLICATIONS, row, column.id, token, column.unit, inferred or reason))
        if tokens and not any(cells):
            notes.append(Message("note.row_unplaced", row=row.label, values=len(tokens), width=width).encode())

    for token in tokenize(lines, width):
        if token.kind != "text":
            if in_header:
                in_header = False
            if current is not None:
                current[1].append(token)
            elif pending is not None:
                pending[1].append(token)
            continue
        key = label_key(token.raw)
        if key in labels.column_keys:
            # 总计 and 其他 are both column headers and row labels: rows only inside the body
            ambiguous = key in ("总计", "其他")
            if not ambiguous or in_header or not started or (key == "其他" and group != "other"):
                in_header = True
                continue
        hit = labels.match(token.raw)
        if hit is None:
            continue
        kind, id_ = hit
        if not started and not (kind == "row" and id_ in ("new", "carried_in")):
            continue
        started = True
        if kind == "group":
            flush()
            current = None
            group = id_
            if id_ != "results":
                pending = (id_, [])
            continue
        row = APPLICATIONS.row(id_, fmt)
        if current is not None and current[0].id == id_:
            continue  # a label broken over two cells
        flush()
        current = (row, [])
        group = row.group or group
    flush()
    return _dedupe(facts, notes), notes


def _dedupe(facts: list[Fact], notes: list[str]) -> list[Fact]:
    """Keep the first fact per cell; a second one means a row label appeared twice."""
    seen: dict[tuple[str, str], Fact] = {}
    for fact in facts:
        key = (fact.row, fact.column)
        if key in seen:
            if seen[key].value != fact.value:
                notes.append(Message("note.second_value", row=fact.row_label, column=fact.column_label,
                                     raw=fact.raw, kept=seen[key].raw).encode())
            continue
        seen[key] = fact
    return list(seen.values())
