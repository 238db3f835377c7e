"""Text whose table cells a crawler ran together, back into the lines the section and table parsers read.

A page saved as plain text may hold the whole report body on one line: "…二、主动公开政府信息情况 第二十条第（一）项…
规章000规范性文件898989…一、本年新收政府信息公开申请数量230 000023二、上年结转…". Such a line is split at the six
section headings and, inside the tables (二, 三, 四), before each of the template's row labels; a row's run of digits
becomes its cells only where the template's arithmetic leaves exactly one way to split it (a space in a run is a cell
boundary; no cell but "0" starts with 0). A row left with several ways, or none, is left without numbers and noted:
no number is better than a wrong one. Every cell recovered so says how, in `Line.inferred`.
"""

from __future__ import annotations

import itertools
import re

from rapidfuzz import fuzz

from .messages import Message
from .readers import Line
from .template import ACTIVE, APPLICATIONS, FORMAT_MARKERS, REVIEW, REVISED, SECTION_TITLES, TRIAL, label_key

_NUMERALS = "一二三四五六"
_NUMBERED = re.compile(r"([一二三四五六])[、.．]\s*")
# a run of digits: cells run together, a space where the page kept one, a sign or a decimal fraction
_RUN = re.compile(r"[+\-−]?\d(?:[\d,+\-− \u3000]|\.(?=\d))*(?:万元|亿元|元)?")
_NUMBERING_END = ".．、"
LONG = 200  # a line this long that holds table rows is a page run together, not a paragraph
_MAX_STEPS = 200_000  # splits tried for one run before it is called ambiguous
_MAX_COMBINATIONS = 100_000  # combinations of ambiguous rows the table's sums are tried on


def _variants(table, kind: str = "row") -> dict[str, str]:
    """Label key → row id, for every row label and alias of a table in both formats."""
    out: dict[str, str] = {}
    for row in table.rows:
        for variant in (row.label, *row.aliases):
            key = label_key(variant)
            if key:
                out.setdefault(key, row.id)
    return out


_ROWS = {2: _variants(ACTIVE), 3: _variants(APPLICATIONS)}
_SIGNATURE = {n: {k for k in keys if len(k) >= 4} for n, keys in _ROWS.items()}


def unflatten(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """The lines with each run-together line split into headings, text and table rows; notes on rows left out."""
    out: list[Line] = []
    notes: list[str] = []
    for line in lines:
        if not _run_together(line):
            out.append(line)
            continue
        text = line.cells[0]
        fmt = _format(text)
        for number, segment in _segments(text):
            if number in (2, 3, 4):
                rows, segment_notes = _table_lines(number, segment, fmt, line)
                out += rows
                notes += segment_notes
            elif segment.strip():
                out.append(Line([segment.strip()], page=line.page, line=line.line))
    return out, notes


def _run_together(line: Line) -> bool:
    cells = [c for c in line.cells if c]
    if len(cells) != 1 or len(cells[0]) < LONG:
        return False
    text = cells[0]
    if len(_headings(text)) >= 2:
        return True
    key = label_key(text)
    return any(sum(k in key for k in keys) >= 3 for keys in _SIGNATURE.values())


def _headings(text: str) -> list[tuple[int, int, int]]:
    """(start, end, section number) of the section headings in order, each after the one before; a title may
    carry a typo ("四、政府信息公开行政法复议、行政诉讼情况"), as sections.py allows."""
    found, current = [], 0
    for m in _NUMBERED.finditer(text):
        number = _NUMERALS.index(m[1]) + 1
        if number <= current:
            continue
        end = _title_end(text, m.end(), number)
        if end is not None:
            found.append((m.start(), end, number))
            current = number
    return found


def _title_end(text: str, start: int, number: int) -> int | None:
    """Where the title of section `number` starting at `start` ends, if one does (spaces inside allowed)."""
    best: tuple[float, int] | None = None
    for title in SECTION_TITLES[number]:
        chars, end = "", start
        while end < len(text) and len(chars) < len(title) + 2:
            if not text[end].isspace():
                chars += text[end]
            end += 1
            if len(chars) >= len(title) - 2:
                score = 100.0 if chars == title else fuzz.ratio(title, chars)
                if score >= 85 and (best is None or score > best[0]):
                    best = (score, end)
    return best[1] if best else None


def _format(text: str) -> str | None:
    key = label_key(text)
    scores = {fmt: sum(label_key(m) in key for m in markers) for fmt, markers in FORMAT_MARKERS.items()}
    if scores[REVISED] != scores[TRIAL]:
        return REVISED if scores[REVISED] > scores[TRIAL] else TRIAL
    return None


def _segments(text: str) -> list[tuple[int, str]]:
    """(section number, text) pieces: each heading alone (as number 0), then its section's text.
    A line with no heading is the table whose row labels it holds most."""
    headings = _headings(text)
    if not headings:
        key = label_key(text)
        number = max(_SIGNATURE, key=lambda n: sum(k in key for k in _SIGNATURE[n]))
        return [(number, text)]
    out = [(0, text[:headings[0][0]])]
    for i, (start, end, number) in enumerate(headings):
        stop = headings[i + 1][0] if i + 1 < len(headings) else len(text)
        out += [(0, text[start:end]), (number, text[end:stop])]
    return out


def pieces(text: str) -> list[tuple[str, str]]:
    """("text", …) and ("run", …) in order; the list numbering before a label ("…00000072.没有现成…") is text."""
    out: list[tuple[str, str]] = []
    position = 0
    for m in _RUN.finditer(text):
        run, end = m.group().rstrip(" \u3000"), m.end()
        if text[end:end + 1] in tuple(_NUMBERING_END) and not text[end + 1:end + 2].isdigit() and run[-1:].isdigit():
            run, end = run[:-1].rstrip(" \u3000"), m.start() + len(run) - 1  # its last digit numbers the next label
        if not any(c.isdigit() for c in run):
            continue
        before = text[position:m.start()]
        if before.strip():
            out.append(("text", before.strip()))
        out.append(("run", run))
        position = m.start() + len(run)
    if text[position:].strip():
        out.append(("text", text[position:].strip()))
    merged: list[tuple[str, str]] = []
    for kind, value in out:
        if merged and kind == merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + value)
        else:
            merged.append((kind, value))
    return merged


def _label_tail(text: str, keys: dict[str, str]) -> tuple[int, str] | None:
    """Where the row label that ends `text` starts, and its row: the longest tail that is a label."""
    for start in range(len(text)):
        row = keys.get(label_key(text[start:]))
        if row:
            return start, row
    return None


# --- splitting one run -----------------------------------------------------------------------------------

def splits(run: str, groups: tuple[int, ...], sums: bool, max_digits: int = 7) -> list[tuple[str, ...]] | None:
    """Every way to cut `run` into cells, `groups` giving the cells of each group (its last cell the total of the
    others when `sums`). A space is a cell boundary, a sign starts a cell, no cell but "0" starts with 0, a
    decimal fraction and a unit belong to the last cell. None when there are too many ways to try."""
    unit = re.search(r"(万元|亿元|元)$", run)
    body = run[:unit.start()] if unit else run
    fraction = ""
    if "." in body:
        body, fraction = body.rsplit(".", 1)
        fraction = "." + fraction
        if not fraction[1:].isdigit() or sums:
            return []
    width = sum(groups)
    if "," in body and width > 1:
        return []
    body = body.replace("−", "-")
    chars, breaks = "", set()
    for part in body.split():
        for piece in re.split(r"(?=[+\-])", part):
            if piece:
                breaks.add(len(chars))
                chars += piece
    breaks.add(len(chars))
    if sums and any(c in "+-" for c in chars):
        return []
    ends = list(itertools.accumulate(groups))
    found: list[tuple[str, ...]] = []
    steps = 0

    def walk(position: int, cells: list[str]) -> None:
        nonlocal steps
        steps += 1
        if steps > _MAX_STEPS:
            raise OverflowError
        if len(cells) == width:
            if position == len(chars):
                found.append(tuple(cells))
            return
        left = width - len(cells)
        if len(chars) - position < left:
            return
        stop = min(b for b in breaks if b > position)
        for end in range(position + 1, stop + 1):
            cell = chars[position:end]
            digits = cell.lstrip("+-")
            if not digits:
                continue  # a sign alone
            if len(digits) > max_digits or (len(digits) > 1 and digits[0] == "0"):
                break
            if len(chars) - end > (left - 1) * (max_digits + 1):
                continue  # what is left is too long for the cells left
            taken = cells + [cell]
            if sums and len(taken) in ends:
                g = ends.index(len(taken))
                group = [int(c) for c in taken[ends[g - 1] if g else 0:]]
                if sum(group[:-1]) != group[-1]:
                    continue
            walk(end, taken)

    try:
        walk(0, [])
    except OverflowError:
        return None
    if fraction or unit:
        found = [(*cells[:-1], cells[-1] + fraction + (unit[1] if unit else "")) for cells in found]
    return found


def _given(run: str, width: int) -> tuple[str, ...] | None:
    """The cells as the page separated them (one cell a space-separated piece), when there are `width`."""
    parts = run.split()
    return tuple(parts) if len(parts) == width else None


# --- a table's rows --------------------------------------------------------------------------------------

def _table_lines(number: int, text: str, fmt: str | None, origin: Line) -> tuple[list[Line], list[str]]:
    def line(cells: list[str], inferred: str | None = None) -> Line:
        return Line(cells, page=origin.page, line=origin.line, in_table=len(cells) > 1, inferred=inferred)

    parts = pieces(text)
    if number == 4:
        return _review_lines(parts, line)
    keys = _ROWS[number]
    out: list[Line | tuple[str, str, str]] = []  # lines, and (row id, label, run) to place
    notes: list[str] = []
    for i, (kind, value) in enumerate(parts):
        if kind == "run":
            continue
        run = parts[i + 1][1] if i + 1 < len(parts) else None
        tail = _label_tail(value, keys) if run else None
        if run and tail is None:
            out.append(line([value]))
            notes.append(Message("note.digits_no_label", run=run, after=value[-20:]).encode())
            continue
        if tail is None:
            out.append(line([value]))
            continue
        start, row = tail
        if value[:start].strip():
            out.append(line([value[:start].strip()]))
        out.append((row, value[start:], run))
    table_rows = [o for o in out if isinstance(o, tuple)]
    placed = (_active_cells(table_rows, fmt) if number == 2 else _applications_cells(table_rows, fmt))
    lines: list[Line] = []
    for item in out:
        if isinstance(item, Line):
            lines.append(item)
            continue
        row, label, run = item
        cells, reason = placed.get((row, run), (None, None))
        if cells is None:
            lines.append(line([label]))
            notes.append(Message("note.digits_ambiguous", row=label, run=run).encode())
        else:
            lines.append(line([label, *cells], reason))
    return lines, notes


def _active_cells(rows: list[tuple[str, str, str]], fmt: str | None) -> dict:
    """Section 二 has no sums: a run is placed only when it splits one way (one cell; as many digits as cells)."""
    out: dict = {}
    for row_id, _, run in rows:
        widths = {len(ACTIVE.row(row_id, f).columns) for f in (TRIAL, REVISED) if (fmt is None or f == fmt)
                  and any(r.id == row_id for r in ACTIVE.rows_for(f))}
        if len(widths) != 1:
            continue
        width = widths.pop()
        given = _given(run, width)
        if given:
            out[(row_id, run)] = (list(given), None)
            continue
        found = splits(run, (width,), sums=False, max_digits=12)
        if found and len(found) == 1:
            out[(row_id, run)] = (list(found[0]), Message("inferred.digits_forced", run=run).encode())
    return out


def _applications_cells(rows: list[tuple[str, str, str]], fmt: str | None) -> dict:
    """Section 三: a row's own total first; where several splits keep it, the table's sums across rows decide."""
    width = len(APPLICATIONS.columns)
    options: dict[str, list[tuple[int, ...]]] = {}
    out: dict = {}
    runs: dict[str, str] = {}
    for row_id, _, run in rows:
        if row_id in runs:
            continue  # a label seen twice: the first one counts (as the table parser keeps it)
        runs[row_id] = run
        given = _given(run, width)
        if given and all(p.isdigit() for p in given):
            out[(row_id, run)] = (list(given), None)
            options[row_id] = [tuple(int(p) for p in given)]
            continue
        found = splits(run, (width,), sums=True)
        if not found:
            continue
        options[row_id] = [tuple(int(c) for c in cells) for cells in found]
        if len(found) == 1:
            loose = splits(run, (width,), sums=False)
            key = "inferred.digits_forced" if loose is not None and len(loose) == 1 else "inferred.digits_split"
            out[(row_id, run)] = (list(found[0]), Message(key, run=run).encode())
    open_rows = [r for r, o in options.items() if len(o) > 1]
    if open_rows:
        for row_id, cells in _by_table_sums(options, open_rows, fmt).items():
            out[(row_id, runs[row_id])] = ([str(v) for v in cells],
                                           Message("inferred.digits_split_table", run=runs[row_id]).encode())
    return out


def _result_rows(fmt: str | None, present: set[str]) -> list[str]:
    if fmt is None:
        fmt = REVISED if any(r.startswith("other.") for r in present) else TRIAL if "other" in present else None
    if fmt is None:
        return []
    ids = [r.id for r in APPLICATIONS.rows_for(fmt)]
    return ids[ids.index("granted"):ids.index("handled_total")]


def _by_table_sums(options: dict[str, list[tuple[int, ...]]], open_rows: list[str],
                   fmt: str | None) -> dict[str, tuple[int, ...]]:
    """The open rows every combination keeping 一+二 = （七）+四 and （七）= Σ results (each column) agrees on."""
    total = 1
    for row in open_rows:
        total *= len(options[row])
    if total > _MAX_COMBINATIONS:
        return {}
    results = _result_rows(fmt, set(options))
    checks: list[tuple[list[str], list[str]]] = []
    if all(r in options for r in ("new", "carried_in", "handled_total", "carried_forward")):
        checks.append((["new", "carried_in"], ["handled_total", "carried_forward"]))
    if results and all(r in options for r in ["handled_total", *results]):
        checks.append((["handled_total"], results))
    if not checks:
        return {}
    survivors = []
    for combination in itertools.product(*(options[r] for r in open_rows)):
        chosen = {r: o[0] for r, o in options.items() if len(o) == 1} | dict(zip(open_rows, combination))
        if all(sum(chosen[r][c] for r in left) == sum(chosen[r][c] for r in right)
               for left, right in checks for c in range(len(APPLICATIONS.columns))):
            survivors.append(dict(zip(open_rows, combination)))
    return {row: survivors[0][row] for row in open_rows
            if survivors and len({s[row] for s in survivors}) == 1}


def _review_lines(parts: list[tuple[str, str]], line) -> tuple[list[Line], list[str]]:
    """Section 四: its header words, then one run of 15 cells in three groups of 维持+纠正+其他+尚未审结 = 总计."""
    texts = [value for kind, value in parts if kind == "text"]
    runs = [value for kind, value in parts if kind == "run"]
    lines = [line([t]) for t in texts]
    if not runs:
        return lines, []
    run = " ".join(runs)
    width = len(REVIEW.rows) * len(REVIEW.columns)
    given = _given(run, width)
    if given:
        return lines + [line(list(given))], []
    found = splits(run, (len(REVIEW.columns),) * len(REVIEW.rows), sums=True, max_digits=5)
    if not found or len(found) != 1:
        ways = "too many" if found is None else len(found)
        return lines, [Message("note.digits_review_ambiguous", run=run, ways=ways).encode()]
    return lines + [line(list(found[0]), Message("inferred.digits_split_review", run=run).encode())], []
