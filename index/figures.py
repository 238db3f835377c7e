"""Figures that the prose states about the tables ("收到依申请公开5件", "行政复议3件"), with their sentence.

Used to place numbers whose column an extraction lost (section 四) and to check that the
prose and the tables agree (rule 6).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .readers import Line

# metric → patterns whose first group is the figure; "zero" patterns state the figure is 0.
_PATTERNS: dict[str, tuple[str, ...]] = {
    "received": (r"(?:收到|受理|接收|接到)[^。；，,]{0,16}?申请[^。；，,\d]{0,10}?(\d+)\s*件",),
    "granted": (r"予以公开\s*(\d+)\s*件",),
    "refused": (r"不予公开\s*(\d+)\s*件",),
    "unable": (r"无法提供\s*(\d+)\s*件",),
    "reconsideration": (r"行政复议\s*(\d+)\s*件", r"行政复议[^。；，,\d]{0,12}?(?:数量|次数|案件)?(?:均|都)?为\s*(0)(?!\d)"),
    "lawsuits": (r"行政诉讼\s*(\d+)\s*件", r"(?<!行政)诉讼[^。；，,\d]{0,12}?(?:数量|次数)(?:均|都)?为\s*(0)(?!\d)",
                 r"行政诉讼[^。；，,\d]{0,12}?(?:数量|次数)(?:均|都)?为\s*(0)(?!\d)"),
}
_NONE = {
    "reconsideration": r"(?:未发生|没有发生|无)[^。；]{0,30}行政复议",
    "lawsuits": r"(?:未发生|没有发生|无)[^。；]{0,30}行政诉讼",
}


@dataclass(frozen=True)
class Figure:
    metric: str
    value: int
    sentence: str
    page: int | None
    line: int | None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；!?！？])", text) if s.strip()]


def prose_figures(lines: list[Line]) -> list[Figure]:
    """Every figure the prose states for the known metrics, in document order."""
    found: list[Figure] = []
    for line in lines:
        if line.in_table and len([c for c in line.cells if c]) > 1:
            continue
        for sentence in _sentences(line.text):
            compact = sentence.replace(" ", "")
            for metric, patterns in _PATTERNS.items():
                for pattern in patterns:
                    m = re.search(pattern, compact)
                    if m:
                        found.append(Figure(metric, int(m[1]), sentence.strip(), line.page, line.line))
                        break
                else:
                    if metric in _NONE and re.search(_NONE[metric], compact):
                        found.append(Figure(metric, 0, sentence.strip(), line.page, line.line))
    return found


def first(figures: list[Figure], metric: str) -> Figure | None:
    return next((f for f in figures if f.metric == metric), None)
