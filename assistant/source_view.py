"""A cited value's source, to look at: the PDF page with the value's cell boxed in red, or the parsed table with
the cell highlighted and the line as the file has it.

The last stage of the flow (… → answer → present), beside answer.py: an answer cites each record by its id
(`source.fact`), and this shows that record in its report's original, kept in the data directory by content hash
(index/originals.py). It belongs to the assistant, not to the index: it reads what the index stored and draws
it for a person (the API's GET /api/source, a click on a source row in the app), and changes nothing. The
original is read with the readers the parser used (index/readers.py, index/runs.py), so the table shown is the
one the record was parsed from.
"""

from __future__ import annotations

import html
import io
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from index.messages import MessageError, say
from index.store import SourceFact
from index.template import table

PNG, HTML = "image/png", "text/html; charset=utf-8"
MAX_SIDE_PX = 4000  # a page this long at the configured scale is drawn smaller: a huge page is no memory bomb
RED = (220, 0, 0)
ROWS_AROUND = 40  # rows shown either side of the cited one in a long table
SHORT_HEADING = 30  # a one-cell line this short between two table rows is part of the table ("（三）不予公开")
_SECTION = re.compile(r"^\s*[一二三四五六][、.．]")  # … unless it is a section's heading: a table ends there
_PDFIUM = threading.Lock()  # PDFium is not thread-safe, and the API and the app render from worker threads
_NUMERALS = "一二三四五六"
_STYLE = ("<style>.reportqa-source table{border-collapse:collapse}.reportqa-source td{border:1px solid #999;"
          "padding:2px 6px;white-space:pre-wrap}.reportqa-source td.copy{color:#aaa}.reportqa-source pre{"
          "white-space:pre-wrap;background:#f4f4f4;padding:4px}</style>")
_ROW = "background:#fff6f6"  # inline, as the cited cell's: the highlight shows in any page that embeds the table
_CITED = "outline:3px solid #d00;outline-offset:-2px;background:#ffe3e3;font-weight:bold"


class SourceError(MessageError):
    """A source that cannot be shown (an unknown record, an original that is gone): said in any language."""


@dataclass(frozen=True)
class SourceView:
    media_type: str  # PNG or HTML
    body: bytes  # the PNG, or a whole HTML page
    title: str  # one line: which cell of which file is shown
    fragment: str = ""  # HTML: the part to embed in a page of one's own (the app)


def render_source(source: SourceFact, original: Path, *, scale: float = 2.0, language: str = "en") -> SourceView:
    """The view of one record: a PDF's page as PNG (its cell boxed when the parser kept its box), an image
    report as it is, anything else as HTML."""
    f = source.fact
    title = heading(source, language)
    if source.kind == "pdf" and f.page:
        return SourceView(PNG, pdf_page_png(original, f.page, f.box, scale), title)
    if source.kind == "image":  # a photo or scan read by OCR: the picture itself (no cell boxes are kept)
        return SourceView(PNG, image_png(original), title)
    fragment = table_fragment(source, original, title, language)
    page = (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head><body>{fragment}</body></html>")
    return SourceView(HTML, page.encode(), title, fragment)


def heading(source: SourceFact, language: str) -> str:
    f = source.fact
    where = say("source.page", language, page=f.page) if f.page else say("source.line", language, line=f.line)
    return say("source.heading", language, file=source.url or source.file, where=where,
               section=_NUMERALS[table(f.table).section - 1], row=f.row_label, column=f.column_label, raw=f.raw)


# --- PDF: the page, the cell boxed ------------------------------------------------------------------------------

def pdf_page_png(path: Path, page_number: int, box, scale: float) -> bytes:
    """Page `page_number` (1-based) rendered by PDFium, with `box` (pdfplumber's x0, top, x1, bottom) in red."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        document = pdfium.PdfDocument(str(path))
        try:
            page = document[page_number - 1]
            scale = min(scale, MAX_SIDE_PX / max(page.get_size()))
            image = page.render(scale=scale).to_pil().convert("RGB")
        finally:
            document.close()
    if box:
        _draw_box(image, box, _frame(path, page_number))
    return _png(image)


def _frame(path: Path, page_number: int) -> tuple[float, float, float, float]:
    """The part of the page PDFium draws (the crop box), in pdfplumber's coordinates: what the box is measured in.

    PDF space has its origin at the bottom left; pdfplumber turns it to the top left (top = page height − y), as
    the rendered bitmap has it, and keeps the page's rotation. So the box maps onto the bitmap by the crop box's
    corner and the ratio of sizes, never by flipping y again."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return tuple(float(v) for v in pdf.pages[page_number - 1].cropbox)


def _draw_box(image, box, frame) -> None:
    from PIL import ImageDraw

    left, top, right, bottom = frame
    sx, sy = image.width / (right - left), image.height / (bottom - top)
    x0, y0, x1, y1 = box
    corners = [(x0 - left) * sx, (y0 - top) * sy, (x1 - left) * sx, (y1 - top) * sy]
    width = max(3, round(1.5 * sx))  # drawn inward from the cell's edges: the value inside stays readable
    ImageDraw.Draw(image).rectangle(corners, outline=RED, width=width)


def image_png(path: Path) -> bytes:
    from PIL import Image

    with Image.open(path) as picture:
        picture = picture.convert("RGB")
        picture.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX))
        return _png(picture)


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# --- DOCX, HTML, text: the parsed table, the cell highlighted ---------------------------------------------------

def table_fragment(source: SourceFact, original: Path, title: str, language: str) -> str:
    """The table the record was read from, its cell highlighted, and the line as the file has it; every piece of
    the report is escaped (it is data, never markup)."""
    from index.readers import ReadError, read_document
    from index.runs import unflatten

    f = source.fact
    try:
        lines, _ = unflatten(read_document(original).lines)  # the lines the parser read
    except ReadError as exc:
        raise SourceError(exc.message) from None
    found = _cited(lines, f)
    parts = [f'<div class="reportqa-source">{_STYLE}<p class="heading">{html.escape(title)}</p>']
    if found is None:
        parts.append(f'<p class="missing">{html.escape(say("source.not_found", language))}</p></div>')
        return "".join(parts)
    at, cell = found
    start, end, number = _table_around(lines, at)
    parts.append(f'<p class="table-number">{html.escape(say("source.table_number", language, number=number))}</p>')
    parts.append("<table>")
    for i in range(start, end):
        cited_row = i == at
        parts.append('<tr class="cited-row">' if cited_row else "<tr>")
        for c, text in enumerate(lines[i].cells):
            if cited_row and c == cell:
                parts.append(f'<td class="cited" style="{_CITED}">{html.escape(text)}</td>')
                continue
            # a merged cell is repeated where it spans, greyed
            attributes = (' class="copy"' if c in lines[i].copies else "") + (f' style="{_ROW}"' if cited_row else "")
            parts.append(f"<td{attributes}>{html.escape(text)}</td>")
        parts.append("</tr>")
    parts.append("</table>")
    parts.append(f'<p>{html.escape(say("source.raw_line", language))}</p>'
                 f'<pre class="raw-line">{html.escape(_raw_line(source, original, lines[at]))}</pre></div>')
    return "".join(parts)


def _cited(lines, fact) -> tuple[int, int | None] | None:
    """The index of the line the record was read from and of its cell there (None: the cell is not known)."""
    same = [i for i, line in enumerate(lines) if (line.line, line.page) == (fact.line, fact.page)]
    raw = fact.raw.strip()
    for i in same:  # the cell it names still holds its text
        cells = lines[i].cells
        if fact.cell is not None and fact.cell < len(cells) and raw and raw in cells[fact.cell]:
            return i, fact.cell
    for i in same:  # a line split into several (index/runs.py): the one with the text
        cell = next((c for c, text in enumerate(lines[i].cells) if raw and text.strip() == raw), None)
        if cell is not None:
            return i, cell
    return (same[0], None) if same else None


def _table_around(lines, at: int) -> tuple[int, int, int]:
    """The rows shown (start, end) around line `at`, and which table of the file it is (1-based)."""

    def tabular(i: int) -> bool:
        if lines[i].in_table:
            return True
        text = lines[i].text
        short = len(text) <= SHORT_HEADING and not _SECTION.match(text)
        return short and 0 < i < len(lines) - 1 and lines[i - 1].in_table and lines[i + 1].in_table

    if not tabular(at):  # one cell per line (an export): the lines around it
        start, end = max(0, at - 8), min(len(lines), at + 9)
    else:
        start, end = at, at + 1
        while start > 0 and tabular(start - 1):
            start -= 1
        while end < len(lines) and tabular(end):
            end += 1
    number = 1 + sum(1 for i in range(start) if tabular(i) and (i == 0 or not tabular(i - 1)))
    return max(start, at - ROWS_AROUND), min(end, at + ROWS_AROUND + 1), number


def _raw_line(source: SourceFact, original: Path, line) -> str:
    """A text file's line as written; a table row of any other format as read, its cells between bars."""
    if source.kind == "text" and line.line:
        from index.readers import decode_text

        written = decode_text(original.read_bytes()).splitlines()
        if 0 < line.line <= len(written):
            return written[line.line - 1]
    return " | ".join(line.cells)
