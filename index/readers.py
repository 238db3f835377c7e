"""Read report files into one shape: a list of lines, each a list of cells with its provenance.

A text line is one cell; a table row is several. Tab-separated text, one-cell-per-line
exports, PDF tables and Word tables all end up as the same stream, so the table parser
has one input format to cope with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .messages import Message, MessageError, Sentence


Box = tuple[float, float, float, float]  # a PDF cell's box in points: x0, top, x1, bottom (pdfplumber: from the top left)


class ReadError(MessageError):
    """A file that cannot be read as a report: `ReadError("read.not_pdf")`, said in any language (`str()`: English)."""


@dataclass
class Line:
    """One line of a document: its cells, where it came from, and which cells merely repeat a merged one."""

    cells: list[str]
    page: int | None = None
    line: int | None = None
    in_table: bool = False
    copies: frozenset[int] = field(default_factory=frozenset)
    exact: bool = False  # the cells stand where the table's markup puts them (HTML): a blank there is a blank cell
    inferred: str | None = None  # how its cells were recovered (digits run together: index/runs.py; OCR): a Message
    cell_inferred: tuple[str | None, ...] | None = None  # the same, cell by cell, where cells differ (OCR confidence)
    boxes: tuple[Box | None, ...] | None = None  # a PDF table row: each cell's box on its page (the source view)

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c).strip()


@dataclass
class Document:
    path: Path
    kind: str
    lines: list[Line]


_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])\s*\n\s*|\s*\n\s*(?=[{_CJK}])")


def clean_cell(text: str | None) -> str:
    """Normalise a cell: drop line breaks inside CJK text (wrapped or vertical labels), trim."""
    if not text:
        return ""
    text = _CJK_BREAK.sub("", text.replace("\r", ""))
    return re.sub(r"\s*\n\s*", " ", text).strip()


@dataclass(frozen=True)
class Reader:
    """One file format: its suffixes, how its bytes are recognised and how it is read."""

    kind: str  # stored with the report ("pdf", "docx", "text")
    suffixes: tuple[str, ...]
    read: Callable[[Path], list[Line]]
    mismatch: Callable[[bytes], Message | str | None]  # why these bytes are not of this format, or None


READERS: dict[str, Reader] = {}  # suffix → reader: the formats, the upload box and the messages come from here


def register(reader: Reader) -> Reader:
    for suffix in reader.suffixes:
        READERS[suffix] = reader
    return reader


def format_names() -> Message | str:
    """The formats read, for messages: "PDF, DOCX, TXT or MD" / "PDF、DOCX、TXT 或 MD" once said."""
    names = [s.lstrip(".").upper() for s in READERS]
    return Message("read.formats", first=names[:-1], last=names[-1]) if len(names) > 1 else "".join(names)


def formats(language: str = "en") -> str:
    """The formats read, said: "PDF, DOCX, TXT or MD"."""
    names = format_names()
    return names.say(language) if isinstance(names, Message) else names


def content_mismatch(suffix: str, data: bytes) -> Sentence | str | None:
    """Why the bytes are not what the file type says (for uploads, before anything is stored), or None: a
    `Sentence` (a reader registered with a plain sentence: that sentence)."""
    reader = READERS.get(suffix)
    if reader is None:
        return Sentence("read.unsupported", suffix=suffix, formats=format_names())
    mismatch = reader.mismatch(data)
    return Sentence(mismatch) if isinstance(mismatch, Message) else mismatch


def read_document(path: Path) -> Document:
    """Read a file of a registered format. Raises ReadError with a one-line reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise ReadError("read.unsupported", suffix=suffix or path.name, formats=format_names())
    if not path.is_file():
        raise ReadError("read.not_file")
    if path.stat().st_size == 0:
        raise ReadError("read.empty")
    return Document(path, reader.kind, reader.read(path))


# --- text ----------------------------------------------------------------------------------

def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, GB18030 (a superset of GBK/GB2312) otherwise."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("read.encoding")


# a Markdown table row ("| 规章 | 22 | 235 |", as PDF-to-Markdown tools and some editors write tables)
_PIPE_ROW = re.compile(r"^\s*\|(.*\|.*)\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def read_text_lines(data: bytes) -> list[Line]:
    text = decode_text(data)
    if "\x00" in text:
        raise ReadError("read.binary")
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if _PIPE_RULE.match(raw):
            continue  # a Markdown table's |---|---| line
        piped = _PIPE_ROW.match(raw)
        cells = [clean_cell(c) for c in (piped.group(1).split("|") if piped else raw.split("\t"))]
        if any(cells):
            lines.append(Line(cells, line=number, in_table=len(cells) > 1, exact=bool(piped)))
    return lines


# --- PDF -----------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$")


def page_number_text(text: str) -> bool:
    """A page's number as printed in its header or footer: "- 3 -", "第3页 共9页"."""
    return bool(_PAGE_NUMBER.match(text.strip()))


_SENTENCE_END = tuple("。！？；：!?;:”」）)")
_LIST_START = re.compile(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")


def _read_pdf(path: Path) -> list[Line]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many types on broken files; pdfplumber wraps some
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, PDFPasswordIncorrect) or "encrypt" in str(inner).lower():
            raise ReadError("read.pdf_encrypted") from None
        raise ReadError("read.pdf_unreadable", error=type(inner).__name__) from None
    lines: list[Line] = []
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:
            raise ReadError("read.pdf_unreadable", error=type(exc).__name__) from None
        ocr = _ocr_available()  # a page that is only a picture (a scan) is read by OCR
        scanned = False
        previous_table_header: list[str] | None = None
        last_block_was_table = False
        for number, page in enumerate(pages, start=1):
            try:
                picture = ocr and not page.chars
                scanned = scanned or picture
                blocks = _scanned_blocks(path, number) if picture else _page_blocks(page)
            except Exception as exc:  # pdfminer fails in many ways on damaged pages
                raise ReadError("read.pdf_page", page=number, error=type(exc).__name__) from None
            for position, (kind, payload) in enumerate(blocks):
                for line in payload:
                    line.page = number
                if kind == "text":
                    lines.extend(payload)
                    last_block_was_table = False
                    continue
                rows: list[Line] = payload
                continues = position == 0 and last_block_was_table and previous_table_header
                if continues and rows and [c for c in rows[0].cells] == previous_table_header:
                    rows = rows[1:]  # a header row repeated on the continuation page
                elif not continues and rows:
                    previous_table_header = list(rows[0].cells)
                lines.extend(rows)
                last_block_was_table = True
    if not any(line.text for line in lines):
        raise ReadError("read.scan_no_text" if scanned else "read.pdf_no_text")
    return lines


def _ocr_available() -> bool:
    from .ocr import available

    return available()


def _scanned_blocks(path: Path, number: int) -> list[tuple[str, list[Line]]]:
    """A page with no text layer, read by OCR (index/ocr.py): its lines, as one text block."""
    from .ocr import pdf_page_lines

    return [("text", pdf_page_lines(path, number - 1))]


def _page_blocks(page) -> list[tuple[str, list[Line]]]:
    """Text paragraphs and table rows of one page, top to bottom, page numbers dropped."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(lambda o: o.get("object_type") != "char" or outside(o))
    margin = page.height * 0.08
    text_lines = [
        t for t in text_page.extract_text_lines(layout=False, strip=True)
        if t["text"].strip()
        and not (page_number_text(t["text"])
                 and (t["top"] < margin or t["bottom"] > page.height - margin))
    ]
    blocks: list[tuple[float, str, list[Line]]] = []
    for paragraph_top, paragraph in printed_paragraphs(text_lines):
        blocks.append((paragraph_top, "text", [paragraph]))
    for table in tables:
        blocks.append((table.bbox[1], "table", _table_rows(table)))
    blocks.sort(key=lambda b: b[0])
    return [(kind, payload) for _, kind, payload in blocks]


def printed_paragraphs(text_lines: list[dict]) -> list[tuple[float, Line]]:
    """Join hard line breaks: a line that runs to the right margin continues on the next."""
    if not text_lines:
        return []
    right = max(t["x1"] for t in text_lines)
    out: list[tuple[float, Line]] = []
    current: list[dict] = []
    for t in text_lines:
        if current:
            prev = current[-1]
            char_width = (prev["x1"] - prev["x0"]) / max(len(prev["text"]), 1)
            full = prev["x1"] >= right - 2 * char_width
            ended = prev["text"].rstrip().endswith(_SENTENCE_END)
            if not full or ended or _LIST_START.match(t["text"]):
                out.append(_paragraph_line(current))
                current = []
        current.append(t)
    out.append(_paragraph_line(current))
    return out


def _paragraph_line(parts: list[dict]) -> tuple[float, Line]:
    text = clean_cell("\n".join(p["text"] for p in parts))
    return parts[0]["top"], Line([text])


def _table_rows(table) -> list[Line]:
    """Rows of a pdfplumber table with merged (None) cells filled from the cell that spans them."""
    grid = table.extract()
    origin: dict[tuple, str] = {}
    for r, row in enumerate(table.rows):
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                origin[bbox] = grid[r][c] or ""
    columns = table.columns
    rows: list[Line] = []
    for r, row in enumerate(table.rows):
        cells: list[str] = []
        boxes: list[Box | None] = []
        copies: set[int] = set()
        for c, value in enumerate(grid[r]):
            if value is not None or row.cells[c] is not None:
                cells.append(clean_cell(value))
                boxes.append(_box(row.cells[c]))
                continue
            col = columns[c].bbox if c < len(columns) else None
            text, box = "", None
            if col is not None:
                cx, cy = (col[0] + col[2]) / 2, (row.bbox[1] + row.bbox[3]) / 2
                for (x0, top, x1, bottom), cell_text in origin.items():
                    if x0 <= cx <= x1 and top <= cy <= bottom:
                        text, box = clean_cell(cell_text), _box((x0, top, x1, bottom))
                        break
            cells.append(text)
            boxes.append(box)
            copies.add(c)
        if len(cells) > 1 and copies == set(range(1, len(cells))):
            rows.append(Line(cells[:1]))  # one cell across the row: a heading or a paragraph in a framed page
            continue
        rows.append(Line(cells, in_table=True, copies=frozenset(copies), boxes=tuple(boxes)))
    return rows


def _box(bbox) -> Box | None:
    """A cell's box, rounded to a hundredth of a point (stored with its record)."""
    return None if bbox is None else tuple(round(float(v), 2) for v in bbox)


# --- DOCX ----------------------------------------------------------------------------------

def _read_docx(path: Path) -> list[Line]:
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError("read.docx_unreadable", error=type(exc).__name__) from None
    lines: list[Line] = []
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = clean_cell(block.text)
            if text:
                number += 1
                lines.append(Line([text], line=number))
        elif isinstance(block, Table):
            above: list = []
            for row in block.rows:
                cells, copies, seen = [], set(), []
                for c, cell in enumerate(row.cells):
                    # python-docx repeats a merged cell at every grid position it covers
                    repeated = any(cell._tc is s._tc for s in seen) or (
                        c < len(above) and above[c]._tc is cell._tc)
                    cells.append(clean_cell(cell.text))
                    if repeated:
                        copies.add(c)
                    seen.append(cell)
                above = list(row.cells)
                number += 1
                lines.append(Line(cells, line=number, in_table=True, copies=frozenset(copies)))
    return lines


# --- the formats read ----------------------------------------------------------------------

def _not_text(data: bytes) -> Message | None:
    if b"\x00" in data[:65536]:
        return Message("read.binary")
    try:
        decode_text(data)
    except ReadError as exc:
        return exc.message
    return None


register(Reader("pdf", (".pdf",), _read_pdf,
                lambda data: None if b"%PDF-" in data[:1024] else Message("read.not_pdf")))
register(Reader("docx", (".docx",), _read_docx,
                lambda data: None if data.startswith(b"PK\x03\x04") else Message("read.not_docx")))
register(Reader("text", (".txt", ".md"), lambda path: read_text_lines(path.read_bytes()), _not_text))


def _read_html(path: Path) -> list[Line]:
    from .html import read_html

    return read_html(path)


def _not_html(data: bytes) -> Message | None:
    from .html import looks_like_html

    return looks_like_html(data)


register(Reader("html", (".html", ".htm"), _read_html, _not_html))


def _read_image(path: Path) -> list[Line]:
    from .ocr import read_image

    return read_image(path)


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")

register(Reader("image", (".png", ".jpg", ".jpeg"), _read_image,
                lambda data: None if data.startswith(_IMAGE_MAGIC) else Message("read.not_image")))
