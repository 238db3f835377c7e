"""HTML pages — a report saved from an agency's site, or exported from Word — read into the reader's lines.

lxml.html parses them: it is the parser python-docx already depends on (no new install), it is fast in C, and its
HTML parser (libxml2) recovers from the broken markup government CMS pages are full of, where a strict one fails.

- The article: the element holding the section headings (一、总体情况 …) and the template tables, without the
  site's navigation, breadcrumbs and footer around it; the page's title line first when the article lacks it.
- Tables: `rowspan`/`colspan` expanded into the grid the PDF and DOCX readers give (a spanned position repeats
  the cell's text and is marked a copy); `&nbsp;` cells are blank, never 0; `<br>` and `<p>` inside a cell joined;
  a row of one cell across the table is a line of text; a table holding tables is layout, read as blocks.
- A report body kept in a JavaScript string (`let content = "<p>…"`) is recovered and read the same way.
- Citations: the line number is the block's position in the page (paragraphs and table rows, counted from 1).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .messages import Message
from .readers import Line, ReadError, clean_cell, decode_text

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_DROPPED = ("script", "style", "noscript", "iframe", "nav", "header", "footer", "form", "select", "button",
            "textarea", "object", "embed", "svg", "head", "title")
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
           "dt", "dd", "blockquote", "pre", "center", "tr", "td", "th", "caption", "hr", "address", "aside",
           "figure", "figcaption", "table", "tbody", "thead", "tfoot"}
# what marks a report: its section headings and its tables' row labels
_HEADING = re.compile(r"^\s*[一二三四五六][、.．]\s*(?:总体情况|主动公开|收到和处理|政府信息公开行政复议|存在的主要问题|其他需要报告)")
_TABLE_WORDS = ("本年新收", "予以公开", "行政复议", "本年制发", "本年新制作", "处理决定")
_TITLE = re.compile(r"(?:政府信息公开|政务公开|信息公开).{0,6}(?:年度报告|年报)")
_JS_STRING = re.compile(r"""(["'`])((?:\\.|(?!\1)[^\\])*)\1""", re.S)
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜-]|——|--)\s*[^_|｜]*?(?:网|网站|门户|政府|平台|专栏|年报)\s*$")


def read_html(path: Path) -> list[Line]:
    import lxml.html
    from lxml import etree

    text = decode_html(path.read_bytes())
    try:
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    except (etree.ParserError, ValueError):
        raise ReadError("read.html_unparsed") from None
    title = _page_title(root)
    embedded = _embedded_body(text)
    for element in root.xpath("//comment() | //processing-instruction()"):
        _drop(element)
    for element in root.xpath("|".join(f"//{tag}" for tag in _DROPPED)):
        _drop(element)
    if embedded is not None and _marks(embedded) >= _marks(root):  # the body is the script's string
        root = embedded
    article = _article(root)
    lines = _Walker().lines(article)
    if not lines:
        raise ReadError("read.html_empty")
    if title and not any(_TITLE.search(line.text) and len(line.text) <= 60 for line in lines[:6]):
        lines.insert(0, Line([title], line=0))
    return lines


def looks_like_html(data: bytes) -> Message | None:
    """Why these bytes are not an HTML page, or None."""
    head = data[:4096].lower()
    if b"\x00" not in head and re.search(rb"<(?:!doctype\s+html|html|body|head|table|p|div|meta)\b", head):
        return None
    return Message("read.not_html")


def charset_codec(name: str) -> str:
    """The codec to decode a declared charset with: GB2312 and GBK pages as GB18030 (their superset: a page
    declared GB2312 often holds GBK characters)."""
    name = name.strip().lower()
    return "gb18030" if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "csgb2312") else name


def decode_html(data: bytes) -> str:
    """A page's text: a UTF-8 byte order mark first (it outranks a declaration, as in browsers; a page fetched with
    an HTTP charset its bytes contradict is kept so: index/fetch.py), then the page's meta charset, then UTF-8 or
    GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError:
            pass
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = charset_codec(declared.group(1).decode("ascii", "replace"))
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def _drop(element) -> None:
    """Remove an element but keep its tail text (the words after it belong to its parent)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _page_title(root) -> str:
    """The report's title as the page shows it: a heading that names a report, else <title> without the site."""
    for element in root.xpath("//h1 | //h2 | //h3 | //*[contains(@class, 'title')] | //*[contains(@id, 'title')]"):
        text = clean_cell(element.text_content())
        if _TITLE.search(text) and len(text) <= 80:
            return text
    found = root.xpath("//title")
    text = clean_cell(found[0].text_content()) if found else ""
    while _SITE_SUFFIX.search(text) and _TITLE.search(_SITE_SUFFIX.sub("", text)):
        text = _SITE_SUFFIX.sub("", text)
    return text if _TITLE.search(text) else ""


def _marks(element) -> int:
    """How much of a report an element holds: its section headings and the template tables' words."""
    text = element.text_content()
    return sum(w in text for w in _TABLE_WORDS) + len(_headings(element))


def _headings(element) -> list:
    return [e for e in element.iter() if isinstance(e.tag, str) and e.tag in _BLOCKS - {"table", "tbody", "tr"}
            and _HEADING.match(e.text_content() or "") and len(e.text_content()) < 60]


def _embedded_body(text: str):
    """A report body kept in a JavaScript string (in a <script>, or a script file saved as the page), parsed,
    or None."""
    import lxml.html

    best = ""
    for match in _JS_STRING.finditer(text):
        raw = match.group(2)
        if len(raw) > max(len(best), 200) and "<" in raw and ("年度报告" in _unescape(raw) or "<table" in raw.lower()):
            best = raw
    if not best:
        return None
    try:
        return lxml.html.document_fromstring(f"<html><body>{_unescape(best)}</body></html>")
    except Exception:  # lxml raises several types on hopeless markup
        raise ReadError("read.html_script") from None


def _unescape(raw: str) -> str:
    def one(match: re.Match) -> str:
        code = match.group(1)
        if code[0] in "ux" and len(code) > 1:
            return chr(int(code[1:], 16))
        return {"n": "\n", "t": "\t", "r": "", "/": "/"}.get(code, code)

    return _JS_ESCAPE.sub(one, raw)


def _article(root):
    """The smallest element holding every section heading and template table: the article without the site."""
    marks = _headings(root) + [t for t in root.iter("table") if any(w in t.text_content() for w in _TABLE_WORDS)]
    if len(marks) < 2:
        bodies = root.xpath("//body")
        return bodies[0] if bodies else root
    paths = [list(m.iterancestors())[::-1] + [m] for m in marks]
    common = root
    for level in zip(*paths):
        if all(e is level[0] for e in level):
            common = level[0]
        else:
            break
    return common


class _Walker:
    """Blocks and table rows in document order: each block a line, each table row a line of cells."""

    def __init__(self):
        self.out: list[Line] = []
        self.buffer: list[str] = []

    def lines(self, element) -> list[Line]:
        self._walk(element)
        self._flush()
        return self.out

    def _flush(self) -> None:
        for text in "".join(self.buffer).split("\n"):
            text = clean_cell(text)
            if text:
                self._add([text])
        self.buffer = []

    def _add(self, cells: list[str], in_table: bool = False, copies: frozenset = frozenset(),
             exact: bool = False) -> None:
        self.out.append(Line(cells, line=len(self.out) + 1, in_table=in_table, copies=copies, exact=exact))

    def _walk(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "table" and not element.xpath(".//table"):
            self._flush()
            self._table(element)
        elif tag == "br":
            self.buffer.append("\n")
        else:
            block = tag in _BLOCKS
            if block:
                self._flush()
            self.buffer.append(element.text or "")
            for child in element:
                self._walk(child)
                self.buffer.append(child.tail or "")
            if block:
                self._flush()

    def _table(self, table) -> None:
        taken: dict[tuple[int, int], tuple[str, bool]] = {}
        rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        for r, row in enumerate(rows):
            c = 0
            for cell in row.xpath("./td | ./th"):
                while (r, c) in taken:
                    c += 1
                rows_spanned, columns_spanned = _span(cell.get("rowspan"), 200), _span(cell.get("colspan"), 60)
                text = _cell_text(cell)
                for dr in range(rows_spanned):
                    for dc in range(columns_spanned):
                        taken[(r + dr, c + dc)] = (text, bool(dr or dc))
                c += columns_spanned
        width = max((c + 1 for _, c in taken), default=0)
        for r in range(len(rows)):
            cells = [taken.get((r, c), ("", False)) for c in range(width)]
            texts = [t for t, _ in cells]
            copies = frozenset(c for c, (_, copy) in enumerate(cells) if copy)
            if not any(texts):
                continue
            if width > 1 and len({t for t in texts if t}) == 1 and (copies == set(range(1, width)) or not any(texts[1:])):
                self._add([texts[0] or next(t for t in texts if t)])  # one cell across the row: a line of text
            else:
                self._add(texts, in_table=True, copies=copies, exact=True)


def _span(value: str | None, limit: int) -> int:
    try:
        return max(1, min(int(str(value).strip()), limit))
    except (TypeError, ValueError):
        return 1


def _cell_text(cell) -> str:
    parts: list[str] = []

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br" or tag in ("p", "div", "li"):
            parts.append("\n")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")

    walk(cell)
    return clean_cell("".join(parts).replace("\xa0", " "))
