"""Synthetic reports with known values, laid out like real ones, as TXT, PDF and DOCX.

The values follow the arithmetic rules unless a rule break is asked for. Layout follows
published reports: ruled tables, merged header cells, vertical group labels, the section 三
table split over two pages, page numbers in the footer.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from index.template import ACTIVE, APPLICATIONS, REVIEW, REVISED, TRIAL

Key = tuple[str, str, str]


@dataclass
class Spec:
    agency: str
    year: int
    fmt: str
    values: dict[Key, int | Decimal]
    prose_received: int
    broken: str | None = None
    prose_facts: dict[str, int] = field(default_factory=dict)
    thousands: bool = True
    notes: list[str] = field(default_factory=list)


def random_spec(seed: int, agency: str = "示例县人民政府", year: int = 2020, fmt: str | None = None,
                broken: str | None = None) -> Spec:
    """Rule-consistent random values; `broken` in rule1..rule4, rule6 breaks that rule on purpose."""
    rng = random.Random(seed)
    fmt = fmt or (REVISED if year >= 2021 else TRIAL)
    values: dict[Key, int | Decimal] = {}
    a = APPLICATIONS.id
    rows = [r.id for r in APPLICATIONS.rows_for(fmt)]
    results = rows[rows.index("granted"):rows.index("handled_total")]
    columns = [c.id for c in APPLICATIONS.columns]
    for col in columns[:-1]:
        busy = col in ("natural_person", "commercial") or rng.random() < 0.3
        for row in results:
            values[(a, row, col)] = rng.choice([0, 0, 0, 1, 2, 5, 13]) if busy else 0
        values[(a, "partial", col)] = max(values[(a, "partial", col)], 1 if col == "natural_person" else 0)
        handled = sum(values[(a, r, col)] for r in results)
        values[(a, "handled_total", col)] = handled
        values[(a, "carried_forward", col)] = rng.choice([0, 0, 1, 2]) if busy else 0
        carried_in = rng.randint(0, min(handled, 3))
        values[(a, "carried_in", col)] = carried_in
        values[(a, "new", col)] = handled + values[(a, "carried_forward", col)] - carried_in
    for row in rows:
        values[(a, row, "total")] = sum(values[(a, row, c)] for c in columns[:-1])
    for row in REVIEW.rows:
        parts = [rng.choice([0, 0, 1, 2]) for _ in range(4)]
        for col, v in zip(("upheld", "corrected", "other", "pending"), parts):
            values[(REVIEW.id, row.id, col)] = v
        values[(REVIEW.id, row.id, "total")] = sum(parts)
    for row in ACTIVE.rows_for(fmt):
        for col in row.columns:
            if col == "change":
                v: int | Decimal = rng.randint(-30, 200)
            elif col in ("purchase_amount", "fee_amount"):
                v = Decimal(rng.randint(0, 99_999_999)) / Decimal(10_000)
            else:
                v = rng.choice([0, rng.randint(1, 60), rng.randint(100, 90_000)])
            values[(ACTIVE.id, row.id, col)] = v
    if broken == "rule1":
        values[(a, "new", "natural_person")] += 1
        values[(a, "new", "total")] += 1
    elif broken == "rule2":
        for row in ("new", "handled_total"):
            values[(a, row, "natural_person")] += 1
            values[(a, row, "total")] += 1
    elif broken == "rule3":
        values[(a, "granted", "total")] += 1
        values[(a, "partial", "total")] -= 1
    elif broken == "rule4":
        values[(REVIEW.id, "reconsideration", "total")] += 1
    elif broken and broken != "rule6":
        raise ValueError(f"unknown rule break {broken}")
    received = values[(a, "new", "total")] + (7 if broken == "rule6" else 0)
    prose_facts = {"active_total": rng.randint(100, 20000), "interpretations": rng.randint(3, 90),
                   "mailbox": rng.randint(10, 900)}
    return Spec(agency, year, fmt, values, received, broken, thousands=rng.random() < 0.5,
                prose_facts=prose_facts)


# --- logical layout --------------------------------------------------------------------------

@dataclass
class Grid:
    """A table as drawn: cell texts (None where a merged cell covers) and spans (r0, c0, r1, c1)."""

    cells: list[list[str | None]]
    spans: list[tuple[int, int, int, int]]


def _num(spec: Spec, key: Key) -> str:
    v = spec.values[key]
    if v is None:
        return ""  # a cell left blank
    if isinstance(v, Decimal):
        return str(v)
    if spec.thousands and abs(v) >= 1000:
        return f"{v:,}"
    return str(v)


def _vertical(text: str) -> str:
    return "\n".join(text)


def active_grid(spec: Spec) -> Grid:
    cells: list[list[str | None]] = []
    spans = []
    for group in ACTIVE.groups:
        rows = [r for r in ACTIVE.rows_for(spec.fmt) if r.group == group.id]
        if not rows:
            continue
        r0 = len(cells)
        cells.append([group.label, None, None, None])
        spans.append((r0, 0, r0, 3))
        columns = rows[0].columns
        header = ["信息内容"] + [ACTIVE.column(c).label + _unit_note(c, spec) for c in columns]
        cells.append(_pad(header, 4, spans, len(cells)))
        for row in rows:
            cells.append(_pad([row.label] + [_num(spec, (ACTIVE.id, row.id, c)) for c in row.columns],
                              4, spans, len(cells)))
    return Grid(cells, spans)


def _unit_note(column_id: str, spec: Spec) -> str:
    if column_id == "purchase_amount":
        return "（单位：万元）"
    if column_id == "fee_amount":
        return "（单位：万元）"
    return ""


def _pad(row: list[str], width: int, spans: list, r: int) -> list[str | None]:
    if len(row) < width:
        spans.append((r, len(row) - 1, r, width - 1))
        return row + [None] * (width - len(row))
    return row


def applications_grid(spec: Spec) -> Grid:
    """3 label columns + 7 numbers; vertical labels for 本年度办理结果 and the groups."""
    fmt = spec.fmt
    cells: list[list[str | None]] = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None, "申请人情况"] + [None] * 6,
        [None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"],
        [None, None, None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", None],
    ]
    spans = [(0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9)]
    rows = APPLICATIONS.rows_for(fmt)

    def numbers(row_id: str) -> list[str | None]:
        return [_num(spec, (APPLICATIONS.id, row_id, c.id)) for c in APPLICATIONS.columns]

    results_start = None
    group_start: dict[str, int] = {}
    for row in rows:
        r = len(cells)
        if row.group is None:
            cells.append([row.label, None, None] + numbers(row.id))
            spans.append((r, 0, r, 2))
            continue
        if results_start is None:
            results_start = r
        if row.group == "results":
            cells.append([None, row.label, None] + numbers(row.id))
            spans.append((r, 1, r, 2))
        else:
            group_start.setdefault(row.group, r)
            cells.append([None, None, row.label] + numbers(row.id))
        if row.id == "handled_total":
            spans.append((results_start, 0, r, 0))
            cells[results_start][0] = _vertical("三、本年度办理结果")
    for group_id, start in group_start.items():
        end = max(i for i, row in enumerate(cells) if i >= start and row[2] and _in_group(row[2], group_id, fmt))
        spans.append((start, 1, end, 1))
        cells[start][1] = _vertical(APPLICATIONS.group(group_id).label)
    for r0, c0, r1, c1 in spans:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    cells[r][c] = None
    return Grid(cells, spans)


def _in_group(label: str, group_id: str, fmt: str) -> bool:
    return any(r.label == label and r.group == group_id for r in APPLICATIONS.rows_for(fmt))


def review_grid(spec: Spec) -> Grid:
    outcomes = [c.label for c in REVIEW.columns]
    cells: list[list[str | None]] = [
        ["行政复议"] + [None] * 4 + ["行政诉讼"] + [None] * 9,
        outcomes + ["未经复议直接起诉"] + [None] * 4 + ["复议后起诉"] + [None] * 4,
        [None] * 5 + outcomes + outcomes,
        [_num(spec, (REVIEW.id, r.id, c.id)) for r in REVIEW.rows for c in REVIEW.columns],
    ]
    spans = [(0, 0, 0, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)] + [(1, c, 2, c) for c in range(5)]
    return Grid(cells, spans)


def split_grid(grid: Grid, at: int) -> tuple[Grid, Grid]:
    """Cut a grid before row `at`, clipping spans; text of a cut span stays in the first part."""
    first = Grid([list(r) for r in grid.cells[:at]], [])
    second = Grid([list(r) for r in grid.cells[at:]], [])
    for r0, c0, r1, c1 in grid.spans:
        if r1 < at:
            first.spans.append((r0, c0, r1, c1))
        elif r0 >= at:
            second.spans.append((r0 - at, c0, r1 - at, c1))
        else:
            first.spans.append((r0, c0, at - 1, c1))
            second.spans.append((0, c0, r1 - at, c1))
            second.cells[0][c0] = ""
    return first, second


# --- prose -----------------------------------------------------------------------------------

SECTION_HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


PROSE_SENTENCES = {  # prose fact → the sentence that states it (the ground truth for prose questions)
    "active_total": "全年主动公开政府信息{v}条，涵盖政策文件、财政预决算、重点领域信息等内容。",
    "interpretations": "围绕重要政策文件组织发布政策解读{v}次，解读形式包括图解、问答和视频。",
    "mailbox": "领导信箱全年收到群众来信{v}件，全部按期办结答复。",
}


def prose(spec: Spec) -> dict[int, list[str]]:
    review_total = spec.values[(REVIEW.id, "reconsideration", "total")]
    figures = [PROSE_SENTENCES[k].format(v=v) for k, v in spec.prose_facts.items()]
    return {
        1: [f"{spec.year}年，{spec.agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
            "不公开为例外，持续推进决策、执行、管理、服务、结果公开，不断提升政府信息公开工作的质量和实效，"
            "切实保障人民群众的知情权、参与权、表达权和监督权。",
            f"全年共收到政府信息公开申请{spec.prose_received}件，均在法定期限内答复。"
            f"因政府信息公开被申请行政复议{review_total}件。", *figures],
        5: ["一是信息公开的及时性有待提高。二是政策解读的形式还不够丰富。", "下一步，将进一步完善工作机制。"],
        6: ["无其他需要报告的事项。"],
    }


# --- renderers -------------------------------------------------------------------------------

def title(spec: Spec) -> str:
    return f"{spec.agency}{spec.year}年政府信息公开工作年度报告"


def render_txt(spec: Spec, path: Path) -> Path:
    out = [title(spec), ""]
    texts = prose(spec)
    grids = {2: [active_grid(spec)], 3: [applications_grid(spec)], 4: [review_grid(spec)]}
    for n, heading in enumerate(SECTION_HEADINGS, start=1):
        out.append(heading)
        out.extend(texts.get(n, []))
        for grid in grids.get(n, []):
            out.extend("\t".join(c or "" for c in row).replace("\n", "") for row in grid.cells)
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def render_pdf(spec: Spec, path: Path, split_at: int = 12) -> Path:
    """A PDF with ruled tables; section 三 is cut before row `split_at` onto a new page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    heading = ParagraphStyle("heading", parent=body, fontSize=12, leading=20, spaceBefore=6)
    big = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1)
    cell = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9, wordWrap="CJK")

    def table(grid: Grid, widths: list[float]) -> Table:
        data = []
        for row in grid.cells:
            out = []
            for text in row:
                if text and len(text) > 12 and "\n" not in text:
                    out.append(Paragraph(text, cell))  # long labels wrap inside the cell
                else:
                    out.append(text or "")
            data.append(out)
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), font, 7),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER")]
        style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in grid.spans]
        return Table(data, colWidths=widths, style=TableStyle(style))

    def footer(canvas, doc) -> None:
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"- {doc.page} -")

    texts = prose(spec)
    story = [Paragraph(title(spec), big), Spacer(1, 6)]
    for n, head in enumerate(SECTION_HEADINGS, start=1):
        story.append(Paragraph(head, heading))
        story.extend(Paragraph(t, body) for t in texts.get(n, []))
        if n == 2:
            story.append(table(active_grid(spec), [60 * mm, 35 * mm, 35 * mm, 35 * mm]))
        elif n == 3:
            first, second = split_grid(applications_grid(spec), split_at)
            widths = [10 * mm, 14 * mm, 48 * mm] + [15 * mm] * 7
            story += [table(first, widths), PageBreak(), table(second, widths)]
        elif n == 4:
            story.append(table(review_grid(spec), [11.5 * mm] * 15))
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                      topMargin=20 * mm, bottomMargin=20 * mm).build(
        story, onFirstPage=footer, onLaterPages=footer)
    return path


def render_docx(spec: Spec, path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title(spec), level=1)
    texts = prose(spec)
    grids = {2: active_grid(spec), 3: applications_grid(spec), 4: review_grid(spec)}
    for n, head in enumerate(SECTION_HEADINGS, start=1):
        document.add_paragraph(head)
        for t in texts.get(n, []):
            document.add_paragraph(t)
        grid = grids.get(n)
        if grid is None:
            continue
        table = document.add_table(rows=len(grid.cells), cols=len(grid.cells[0]))
        table.style = "Table Grid"
        for r, row in enumerate(grid.cells):
            for c, text in enumerate(row):
                if text is not None:
                    table.cell(r, c).text = text.replace("\n", "")
        for r0, c0, r1, c1 in grid.spans:
            text = grid.cells[r0][c0] or ""
            merged = table.cell(r0, c0).merge(table.cell(r1, c1))
            merged.text = text.replace("\n", "")
    document.save(str(path))
    return path


def _html_table(grid: Grid, blank: str, word: bool) -> str:
    """A grid as an HTML table: spans as rowspan/colspan, blank cells as `blank`, long labels broken by <br>."""
    covered = {(r, c) for r0, c0, r1, c1 in grid.spans for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    origin = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in grid.spans}
    rows = []
    for r, row in enumerate(grid.cells):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = origin.get((r, c), (1, 1))
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            text = html.escape((text or "").replace("\n", ""))
            if len(text) > 14:
                text = text[:8] + "<br/>" + text[8:]
            body = text or blank
            if word:
                body = f'<p class="MsoNormal" align="center"><span lang="EN-US" style="font-size:9.0pt">{body}' \
                       f'<o:p></o:p></span></p>'
            cells.append(f"<td{attrs} valign=\"middle\">{body}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0" class="MsoTableGrid">' + "".join(rows) + "</table>"


def render_html(spec: Spec, path: Path, style: str = "cms") -> Path:
    """The report as a web page: "cms" (site navigation, breadcrumbs and footer around the article, &nbsp; in
    blank cells, GBK-encoded), "word" (a Word-exported page: mso classes, <o:p>, conditional comments, section
    三's table cut in two pieces) or "script" (the body kept in a JavaScript string)."""
    texts = prose(spec)
    grids = {2: [active_grid(spec)], 3: list(split_grid(applications_grid(spec), 12)) if style == "word"
             else [applications_grid(spec)], 4: [review_grid(spec)]}
    word = style == "word"
    paragraph = '<p class="MsoNormal" style="text-indent:2em"><span style="font-family:仿宋_GB2312">{}</span></p>' \
        if word else "<p>{}</p>"
    body = [f"<h2 class=\"article-title\">{html.escape(title(spec))}</h2>" if style == "cms" else
            paragraph.format(html.escape(title(spec)))]
    for n, heading in enumerate(SECTION_HEADINGS, start=1):
        body.append(paragraph.format(f"<b>{heading}</b>"))
        body += [paragraph.format(html.escape(t)) for t in texts.get(n, [])]
        body += [_html_table(g, "&nbsp;", word) for g in grids.get(n, [])]
    article = "\n".join(body)
    if style == "word":
        page = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8">'
                '<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->'
                '<style>p.MsoNormal{margin:0}</style></head><body lang="ZH-CN"><div class="WordSection1">'
                f"{article}</div></body></html>")
        path.write_text(page, encoding="utf-8")
    elif style == "script":
        literal = article.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("政府", "\\u653f\\u5e9c")
        page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title></head><body>'
                '<div id="app"></div><script>let content = "' + literal + '";\n'
                'document.getElementById("app").innerHTML = content;</script></body></html>')
        path.write_text(page, encoding="utf-8")
    else:
        page = ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
                f"<title>{html.escape(title(spec))}_政府信息公开年报_{html.escape(spec.agency)}门户网站</title></head>"
                '<body><div class="top"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a>'
                '</li><li><a href="/hd">互动交流</a></li></ul></div>'
                '<div class="crumb">当前位置：<a href="/">首页</a> &gt; 政府信息公开年报</div>'
                f'<div class="main"><div class="info">发布时间：{spec.year + 1}-01-20 来源：办公室 【字体：大 中 小】</div>'
                f'<div class="article-body">{article}</div></div>'
                '<div class="footer">主办单位：人民政府办公室 网站标识码 1234567890 ICP备案号</div></body></html>')
        path.write_bytes(page.encode("gb18030"))
    return path
