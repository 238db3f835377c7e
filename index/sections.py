"""A report's identity (agency, year) from its title, and its six sections."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .messages import Message
from .readers import Line
from .template import SECTION_TITLES

_MARKUP = re.compile(r"\[bookmark:[^\]]*\]|[#*]+|<[^>]+>")
_TITLE_WORDS = r"(?:政府信息公开|政务公开|信息公开)"
_AGENCY = r"[\u4e00-\u9fff（）()·]{2,40}?"
_TITLE_PATTERNS = (
    re.compile(rf"^(?:关于)?(?P<agency>{_AGENCY})(?:关于)?(?P<year>(?:19|20)\d\d)年度?{_TITLE_WORDS}"),
    re.compile(rf"^(?P<year>(?:19|20)\d\d)年度?(?P<agency>{_AGENCY}){_TITLE_WORDS}"),
)
_TITLE_NO_YEAR = re.compile(rf"^(?:关于)?(?P<agency>{_AGENCY})(?:政府信息公开|政务公开|信息公开)工作年度报告")
_AUTHOR = re.compile(rf"(?:本报告|本年度报告)(?:是)?(?:根据[^，。]*?)?由(?P<agency>{_AGENCY})(?:根据|编制|按照|依据)")
_PERIOD = re.compile(r"统计期限?(?:自|为|是)?\s*((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日")
_NUMERAL = "一二三四五六"
_LABEL = re.compile(r"^(?:文章)?(?:标题|题目|名称|title)[:：]", re.I)  # a saved page's "标题: …" line
_SENTENCE_MARKS = re.compile(r"[，,。；;、]")
_SUBHEADING = re.compile(r"^\s*[（(][一二三四五六七八九十\d]+[)）]")


class IdentityError(Exception):
    """The title does not say which agency and year the report is for."""


@dataclass
class Identity:
    agency: str
    year: int
    title: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Section:
    number: int  # 0 = title and preamble, 1..6 = 一..六
    title: str
    lines: list[Line]


def strip_markup(text: str) -> str:
    return _MARKUP.sub("", text).strip()


def _compact(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", strip_markup(text))


def identify(lines: list[Line]) -> Identity:
    """Agency and year from the title (first lines), with fallbacks to the opening prose."""
    head = [strip_markup(line.text) for line in lines[:8] if strip_markup(line.text)]
    notes: list[str] = []
    title = ""
    # Titles are sometimes split over two lines: try each line and each pair.
    candidates = [*head[:4], *(a + b for a, b in zip(head[:4], head[1:5]))]
    for pattern in _TITLE_PATTERNS:
        for candidate in candidates:
            compact = _LABEL.sub("", _compact(candidate))
            m = pattern.search(compact)
            if m and m["agency"] not in ("政府", "人民政府"):
                return Identity(m["agency"], int(m["year"]), compact, notes)
    title = next((c for c in map(_compact, candidates) if "报告" in c and len(c) <= 60), "")
    # a title with the agency but no year: the year comes from the statistics period or the text
    for candidate in map(_compact, candidates):
        m = _TITLE_NO_YEAR.search(candidate)
        if m and m["agency"] not in ("政府", "人民政府"):
            year, how = year_from_text(lines)
            if year:
                notes.append(Message("note.no_year_title", year=year, how=how).encode())
                return Identity(m["agency"], year, candidate, notes)
    opening = _compact(" ".join(head))
    author = _AUTHOR.search(opening)
    year_match = _PERIOD.search(opening) or re.search(r"((?:19|20)\d\d)年度?(?:政府信息公开|政务公开)", opening)
    if author and year_match:
        notes.append(Message("note.opening").encode())
        return Identity(author["agency"], int(year_match[1]), title or opening[:60], notes)
    if author:
        years = Counter(re.findall(r"((?:19|20)\d\d)年", opening))
        if years:
            year = int(years.most_common(1)[0][0])
            notes.append(Message("note.no_year_opening", year=year).encode())
            return Identity(author["agency"], year, title or opening[:60], notes)
    raise IdentityError("cannot tell the agency and year from the title "
                        "(expected e.g. 'XX县人民政府2020年政府信息公开工作年度报告')")


def year_from_text(lines: list[Line]) -> tuple[int | None, Message | None]:
    """The report year when the title lacks it: the statistics period, else the year mentioned most (with how
    it was found)."""
    text = _compact(" ".join(line.text for line in lines[:400]))
    period = _PERIOD.search(text)
    if period:
        return int(period[1]), Message("note.how.period")
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d\d)年", text))
    if years:
        return years.most_common(1)[0][0], Message("note.how.most")
    return None, None


def _heading_number(text: str, current: int) -> int | None:
    """The section number if `text` is the heading of a section after `current`."""
    clean = _compact(text)
    if not clean or len(clean) > 40 or _SUBHEADING.match(clean):
        return None
    numeral = clean[0] if clean[0] in _NUMERAL and clean[1:2] in ("、", "．", ".") else None
    body = clean[2:] if numeral else clean
    for number, titles in SECTION_TITLES.items():
        if number <= current:
            continue
        if numeral and _NUMERAL.index(numeral) + 1 != number:
            continue
        score = max(fuzz.partial_ratio(t, body) if len(body) >= len(t) - 4 else 0 for t in titles)
        # unnumbered, a heading is the title itself ("第一部分 总体情况"), not a sentence that names it in passing
        # ("报告全文包括总体情况、主动公开政府信息情况…", a hard-wrapped preamble line)
        if (numeral and score >= 80) or not _SENTENCE_MARKS.search(body) and any(0 <= body.find(t) <= 6 for t in titles):
            return number
    return None


def split_sections(lines: list[Line]) -> list[Section]:
    """Split into preamble (0) and sections 一..六; headings must appear in increasing order."""
    sections = [Section(0, "", [])]
    for line in lines:
        number = None if len([c for c in line.cells if c]) > 1 else _heading_number(line.text, sections[-1].number)
        if number is not None:
            sections.append(Section(number, strip_markup(line.text), []))
        else:
            sections[-1].lines.append(line)
    return sections


def section(sections: list[Section], number: int) -> Section | None:
    return next((s for s in sections if s.number == number), None)
