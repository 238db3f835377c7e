"""The numeric guard: every number a language model writes must be one of the numbers it was given.

A generated answer is cut into sentences (and list items); a sentence with a number that is not among the numbers
of the passages and records the model was handed — nor a year explicitly allowed — is dropped, and said so. Numbers
are compared by value: "1,478" = "1478" = "一千四百七十八"; "97.8万" = 978000 = "978 thousand"; signs are ignored
("-27" and "decreased by 27" are the same figure).

What is not a figure and never checked: list ordinals at the start of a sentence or line ("一是", "1.", "（一）",
"二、"), ordinals and references ("第3", "table 3", "[1]", "[R2]"), and a lone Chinese 一 or English "one" (an article
as often as a count: "一次性告知", "one of the channels"). Digits and every other numeral are checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

_DIGITS = "〇零一二两三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_SCALE = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000),
          "thousand": Decimal(1000), "million": Decimal(1_000_000), "billion": Decimal(1_000_000_000)}
_WIDE = str.maketrans("０１２３４５６７８９．％", "0123456789.%")  # full-width digits (never the comma: "5，100" is two)

# an Arabic number: thousands separators, decimals, then a scale (万, 亿, thousand, million…)
_ARABIC = re.compile(r"(?<![A-Za-z\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\.?\d)"
                     r"\s*(万|亿|千|thousand\b|million\b|billion\b)?", re.IGNORECASE)
# a Chinese numeral counts only before a measure word (a space between them, as the reports often print it) or a
# percent ("三项", "十二件", "一百八十八条", "一百四十四 条", "两万元");
# "进一步", "统一", "十四五" are words, not figures
_MEASURES = "件条项次个人家份篇场名位批起类种天日月年元余多期套部台所倍方号%％"
_CHINESE = re.compile(rf"(?:百分之)?([{_DIGITS}十百千万亿]+)(?=\s?[{_MEASURES}])(?!次性|个别)")
_PERCENT_CN = re.compile(rf"百分之([{_DIGITS}十百千]+)")
_EN_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_EN_NUMBER = re.compile(r"\b(" + "|".join(sorted(_EN_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
# ordinals and references, never figures
_LEADING_ORDINAL = re.compile(rf"^\s*(?:[-•*]\s*)?(?:[{_DIGITS}十]+是|[（(]\s*[{_DIGITS}十\d]+\s*[)）]|\d+\s*[.、．)）]"
                              rf"(?!\d)|[{_DIGITS}十]+[、．]|[①-⑳])")
_REFERENCE = re.compile(rf"\[\s*R?\d+\s*\]|［\s*R?\d+\s*］|第\s*[\d{_DIGITS}十百]+|"
                        r"\b(?:table|section|part|item|no\.?|page|p\.)\s*\d+\b|\d+(?:st|nd|rd|th)\b|表\s*\d+",
                        re.IGNORECASE)
# in what the model is given, list ordinals count too: "一是…二是…三是" lists three ("three problems")
_ORDINAL = re.compile(rf"([{_DIGITS}十]+)是|[（(]([{_DIGITS}十]+)[)）]|(?:^|\s)([{_DIGITS}十]+)、")
# a sentence ends at 。！？； or at . ! ? before a space (never inside "97.8"); list items end at their line
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=[.!?])(?=\s)")


@dataclass(frozen=True)
class Figure:
    """A number as written, its value (the scale applied: 97.8万 is 978000) and the number before the scale (97.8)."""

    written: str
    value: Decimal
    raw: Decimal


@dataclass
class Guarded:
    """What the guard kept of a text, and each dropped sentence with the numbers it could not find."""

    text: str
    dropped: list[dict] = field(default_factory=list)
    kept_figures: int = 0  # how many numbers the kept sentences state

    @property
    def empty(self) -> bool:
        return not self.text.strip()


def chinese_number(text: str) -> Decimal | None:
    """一百八十八 → 188, 两万 → 20000, 二〇二〇 → 2020; None when the characters make no number."""
    if not text:
        return None
    if all(c in _DIGIT_VALUE for c in text):  # digit by digit: 二〇二〇
        return Decimal("".join(str(_DIGIT_VALUE[c]) for c in text))
    total, section, digit = Decimal(0), Decimal(0), None
    for c in text:
        if c in "零〇":
            continue  # a placeholder inside a unit numeral: 五百零二 is 502
        if c in _DIGIT_VALUE:
            if digit is not None:
                return None  # two digits in a row inside a unit numeral ("十四五")
            digit = _DIGIT_VALUE[c]
        elif c in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[c]
            digit = None
        elif c in ("万", "亿"):
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * _SCALE[c] if c == "亿" or total == 0 else total + section * _SCALE[c]
            section, digit = Decimal(0), None
        else:
            return None
    return total + section + (digit or 0)


def figures(text: str, ordinals: bool = False) -> list[Figure]:
    """Every number in `text`, each with the values it may mean; with `ordinals`, list ordinals too ("二是": 2)."""
    text = text.translate(_WIDE)
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for m in _ARABIC.finditer(text):
        try:
            raw = Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))
        except InvalidOperation:
            continue
        scale = _SCALE.get((m.group(3) or "").lower(), 1)
        found.append(Figure(m.group(0).strip(), raw * scale, raw))
        taken.append(m.span())
    for pattern in (_PERCENT_CN, _CHINESE):
        for m in pattern.finditer(text):
            if any(a <= m.start(1) < b for a, b in taken):
                continue
            value = chinese_number(m.group(1))
            if value is None:
                continue
            # 三万 is also "3 (万)"
            raw = chinese_number(m.group(1)[:-1]) if m.group(1)[-1] in "万亿" and len(m.group(1)) > 1 else None
            found.append(Figure(m.group(1), value, raw or value))
            taken.append(m.span(1))
    for m in _EN_NUMBER.finditer(text):
        value = Decimal(_EN_WORDS[m.group(1).lower()])
        found.append(Figure(m.group(1), value, value))
    if ordinals:
        for m in _ORDINAL.finditer(text):
            value = chinese_number(next(g for g in m.groups() if g))
            if value is not None:
                found.append(Figure(m.group(0).strip(), value, value))
    return found


def evidence(texts, values=(), years=()) -> frozenset[Decimal]:
    """The numbers a model may write: those of the texts it was given (with and without their scale: "97.8万元"
    allows 978000 and 97.8), the records' values, and allowed years."""
    numbers: set[Decimal] = set()
    for text in texts:
        for figure in figures(str(text), ordinals=True):
            numbers |= {figure.value, figure.raw}
    for value in values:
        try:
            numbers.add(abs(Decimal(str(value))))
        except InvalidOperation:
            continue
    numbers |= {Decimal(y) for y in years if y}
    return frozenset(numbers)


def checked_figures(sentence: str) -> list[Figure]:
    """The figures of a generated sentence that must be found (ordinals and references left out)."""
    text = _LEADING_ORDINAL.sub(" ", sentence)
    text = _REFERENCE.sub(" ", text)
    shown = []
    for figure in figures(text):
        if figure.written in ("一", "one", "One", "ONE"):
            continue  # an article as often as a count ("一次性", "one of")
        shown.append(figure)
    return shown


def sentences(text: str) -> list[tuple[int, str]]:
    """(line number, sentence) for every sentence of every line."""
    out = []
    for n, line in enumerate(text.splitlines()):
        for part in _SENTENCE_END.split(line):
            if part.strip():
                out.append((n, part))
    return out


def guard(text: str, allowed: frozenset[Decimal]) -> Guarded:
    """Keep the sentences whose every number is allowed; list the others with the numbers not found."""
    kept_lines: dict[int, list[str]] = {}
    dropped = []
    count = 0
    for line, sentence in sentences(text):
        shown = checked_figures(sentence)
        missing = [f.written for f in shown if f.value not in allowed]
        if missing:
            dropped.append({"sentence": sentence.strip(), "numbers": missing})
            continue
        count += len(shown)
        kept_lines.setdefault(line, []).append(sentence)
    kept = "\n".join("".join(parts).strip() for _, parts in sorted(kept_lines.items()))
    return Guarded(kept, dropped, count)
