"""Prose chunks, section by section, plus one readable text per parsed table.

A chunk never crosses a section. Hard line breaks inside a sentence are joined first.
The text that is embedded carries the agency, year and section title, so a chunk is
findable by them even when its own words do not repeat them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .readers import Line
from .sections import Section, strip_markup
from .tables import Fact
from .template import SECTION_TITLES, TABLES

MAX_CHARS = 320
_PROSE_CELL = 16  # a one-cell table row this long is a line of prose (a framed page), not a label
_SENTENCE = re.compile(r"(?<=[。！？；!?;])")
_ENDS = ("。", "！", "？", "；", "：", "!", "?", ";", ":", "”", "）", ")")
_ITEM_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|\*\*)")
NUMERALS = "一二三四五六"


@dataclass
class Chunk:
    section: int  # 0 = title and preamble, 1..6, or the table's section for table texts
    section_title: str
    text: str
    page: int | None
    line: int | None
    kind: str = "prose"  # or "table"

    def embed_text(self, agency: str, year: int) -> str:
        return embed_text(agency, year, self.section_title, self.text)


def embed_text(agency: str, year: int, section_title: str, text: str) -> str:
    """What is embedded and BM25-indexed: the chunk with its agency, year and section title."""
    return f"{agency} {year}年 {section_title}：{text}"


@dataclass
class Paragraph:
    text: str
    page: int | None
    line: int | None


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Prose paragraphs of a section: table rows skipped, sentences broken over lines joined.

    A line of one long cell is prose even inside a table: a page framed as one table prints each of its lines as
    a row. A line cut mid-sentence continues on the next when it is long, or as long as the section's longest
    lines (a printed line that runs to the margin: framed pages wrap every ~30 characters)."""
    prose: list[Line] = []
    for i, line in enumerate(lines):
        cells = [c for c in line.cells if c]
        if len(cells) != 1:
            continue
        # a framed page's last line of a paragraph is short: it ends what the line before left unfinished
        continues = bool(prose) and i > 0 and prose[-1] is lines[i - 1] and not prose[-1].text.endswith(_ENDS)
        if not line.in_table or len(cells[0]) >= _PROSE_CELL or continues:
            prose.append(line)
    full = max((len(strip_markup(line.text)) for line in prose), default=0) * 0.7
    out: list[Paragraph] = []
    last = ""  # the previous line as printed
    for line in prose:
        text = strip_markup(line.text)
        if not text or re.fullmatch(r"[\d\s.,%-]+", text):
            continue
        previous = out[-1] if out else None
        # a long line cut mid-sentence continues; a short unpunctuated one is a heading
        if previous and not previous.text.endswith(_ENDS) and not _ITEM_START.match(text) \
                and (len(previous.text) >= 60 or len(last) >= max(full, 16)):
            previous.text += text
            last = text
            continue
        out.append(Paragraph(text, line.page, line.line))
        last = text
    return out


def _split_long(text: str) -> list[str]:
    """Pieces of at most MAX_CHARS at sentence ends (one sentence repeated between pieces)."""
    if len(text) <= MAX_CHARS:
        return [text]
    sentences = [piece for s in _SENTENCE.split(text) if s
                 for piece in (s[i:i + MAX_CHARS] for i in range(0, len(s), MAX_CHARS))]  # a huge unpunctuated line
    pieces, current = [], ""
    for sentence in sentences:
        if current and len(current) + len(sentence) > MAX_CHARS:
            pieces.append(current)
            last = _SENTENCE.split(current.rstrip())
            overlap = next((s for s in reversed(last) if s), "")
            current = overlap if len(overlap) < MAX_CHARS // 3 else ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def prose_chunks(sections: list[Section]) -> list[Chunk]:
    """Chunks of each section's prose; short paragraphs are packed together, long ones split."""
    chunks: list[Chunk] = []
    for section in sections:
        title = section.title or ("标题" if section.number == 0 else SECTION_TITLES[section.number][0])
        buffer: list[Paragraph] = []

        def flush() -> None:
            if buffer:
                chunks.append(Chunk(section.number, title, "\n".join(p.text for p in buffer),
                                    buffer[0].page, buffer[0].line))
                buffer.clear()

        for paragraph in paragraphs(section.lines):
            if len(paragraph.text) > MAX_CHARS:
                flush()
                for piece in _split_long(paragraph.text):
                    chunks.append(Chunk(section.number, title, piece, paragraph.page, paragraph.line))
                continue
            if buffer and sum(len(p.text) for p in buffer) + len(paragraph.text) > MAX_CHARS:
                flush()
            buffer.append(paragraph)
        flush()
    return chunks


def table_chunks(facts: list[Fact], agency: str, year: int) -> list[Chunk]:
    """Each parsed table once as readable text ("一、本年新收…：自然人 69件，…，总计 79件")."""
    chunks = []
    for table in TABLES:
        rows: dict[str, list[Fact]] = {}
        for fact in facts:
            if fact.table == table.id:
                rows.setdefault(fact.row, []).append(fact)
        if not rows:
            continue
        lines = []
        for row_facts in rows.values():
            cells = "，".join(f"{f.column_label} {f.raw if f.value is None else f.value}{f.unit or ''}"
                             for f in row_facts)
            lines.append(f"{row_facts[0].row_label}：{cells}")
        title = f"{NUMERALS[table.section - 1]}、{table.label}（表格）"
        first = next(iter(rows.values()))[0]
        text = "\n".join(lines)
        for piece in _split_lines(text):
            chunks.append(Chunk(table.section, title, piece, first.page, first.line, kind="table"))
    return chunks


def _split_lines(text: str) -> list[str]:
    pieces, current = [], ""
    for line in text.split("\n"):
        if current and len(current) + len(line) > MAX_CHARS * 2:
            pieces.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        pieces.append(current)
    return pieces
