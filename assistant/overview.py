"""Open questions about one part of a report ("洛宁县2020年的依申请公开工作怎么样？", "How did Shangjie handle
information requests in 2019?"): the key figures of the table that part reports, cited as every figure is, and the
opening sentences of the section that covers it, quoted. The answer is `table+text`, so an optional language model
(assistant/llm_prose.py) may word it again from exactly these figures and passages, through the numeric guard.
"""

from __future__ import annotations

import re

from index.messages import CATALOGUE, say
from index.search import HybridSearch

from .answer import Answer, agency_label, fmt_value, lookup, metric_title
from .answer import default_column as main_column
from .records import Catalog
from .table_route import finish, pick_year, sources_text, year_lead
from .text_route import is_table_text, sentences_of, source
from .understand import Intent

# the figures an overview of each part states, in order: (table, row, row kind); the column is the row's main one
KEY_FIGURES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "applications": (("applications", "new", "row"), ("applications", "handled_total", "row"),
                     ("applications", "granted", "row"), ("applications", "partial", "row"),
                     ("applications", "refused", "group"), ("applications", "carried_forward", "row")),
    "active": (("active", "licensing", "row"), ("active", "penalty", "row"), ("active", "coercion", "row"),
               ("active", "fees", "row")),
    "review": (("review", "reconsideration", "row"), ("review", "lawsuits", "group")),
    "whole": (("applications", "new", "row"), ("applications", "handled_total", "row"),
           ("review", "reconsideration", "row"), ("review", "lawsuits", "group")),
}
# the section of the report that covers each part (二 主动公开, 三 依申请公开, 四 复议诉讼; the whole: 一 总体情况)
SECTIONS = {"applications": 3, "active": 2, "review": 4, "whole": 1}
# words the report uses for each part, to find its sentences elsewhere when its own section is only a table
PART_WORDS = {"applications": ("依申请公开", "申请"), "active": ("主动公开",), "review": ("行政复议", "行政诉讼"),
              "whole": ()}
QUOTED = 2  # opening sentences quoted
MAX_QUOTED_CHARS = 150  # a longer sentence is quoted up to its last clause within this length (whole in `sources`)
# the words that name a part of the work and ask how it went: none of them narrows the question
_PART_WORDS = re.compile(r"政府信息|信息|公开|工作|总体|整体|开展|情况|依申请|主动|行政复议|行政诉讼|复议|诉讼|和|及|与|"
                         r"^(?:overview|summary|summari[sz]e|nutshell|give|information|requests?|work|disclosure|"
                         r"proactive|proactively|handle[ds]?|handling|litigation|reconsiderations?|lawsuits?)$")
_HEADING = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.]")


def asks_overview(intent: Intent) -> bool:
    """Whether an open question names nothing narrower than its part: no column but the total, and no row but the
    one its words fell back to or one of the part's key figures ("依申请公开收取费用情况如何" asks about fees)."""
    if not intent.overview or intent.column not in (None, "total") or any(
            _PART_WORDS.sub("", word) for word in intent.content):
        return False  # (words of its own: "依申请公开收取费用情况如何" asks about fees)
    return intent.row is None or intent.metric_fallback or (intent.table, intent.row) in {
        (t, r) for t, r, _ in KEY_FIGURES[intent.overview]}


def answer_overview(intent: Intent, catalog: Catalog, search: HybridSearch | None) -> Answer:
    """The part's key figures and its section's opening sentences, for the first agency named."""
    lang, part = intent.language, intent.overview
    agency = intent.agencies[0]
    year, note = pick_year(catalog, agency, intent)
    name = agency_label(catalog, agency, lang)
    if year is None:
        return Answer(intent.question, say("overview.no_report", lang, name=name,
                                           available="、".join(map(str, catalog.years_of(agency)))), "none")
    cells, items = [], []
    for table_id, row, kind in KEY_FIGURES[part]:
        cell, _ = lookup(catalog, agency, year, table_id, row, kind, main_column(table_id, row, kind), True)
        if cell is not None:  # a row its format lacks is left out
            cells.append(cell)
            label = say(f"overview.item.{row}", lang) if f"overview.item.{row}" in CATALOGUE else metric_title(
                table_id, row, kind, cell.column, lang)
            items.append(f"{label} {fmt_value(cell.value, cell.unit, lang)}")
    quoted = _opening(search, catalog, agency, year, SECTIONS[part], PART_WORDS[part]) if search is not None else []
    lines = [say("overview.lead", lang, name=name, year=year, part=say(f"overview.part.{part}", lang))]
    if items:
        lines.append(say("sep.items", lang).join(items) + say("overview.end", lang))
    if quoted:
        lines.append(say("overview.says", lang, text="".join(_shortened(text) for _, text in quoted)))
    if not items and not quoted:
        return Answer(intent.question, say("text.nothing", lang), "none")
    if note:
        lines.insert(0, year_lead(note, lang).strip())  # "上街区只有2019年的报告。"
    if cells:
        lines.append(sources_text(cells, intent))
    lines += [say("source.cited", lang, citations=f"{chunk.file} {chunk.section_title}") for chunk, _ in quoted[:1]]
    answer = finish(intent, catalog, "\n".join(lines), cells)  # the cells' records and warnings, as any figure's
    if quoted:
        answer.route, answer.sources = "table+text", [source(chunk, text) for chunk, text in quoted]
    return answer


def _opening(search: HybridSearch, catalog: Catalog, agency: str, year: int, section: int,
             words: tuple[str, ...]) -> list:
    """The first sentences of the report's prose in that section (not its table rebuilt as text, nor a heading
    alone); when that section is only its table, the first sentences elsewhere that name the part: (chunk, sentence)."""
    report_ids = {r.id for r in catalog.reports_of(agency, year)}
    chunks = sorted((c for c in search.chunks.values() if c.report_id in report_ids),
                    key=lambda c: (c.section, c.line or 0, c.id))
    own = [c for c in chunks if c.section == section]
    return _first_sentences(own, ()) or (_first_sentences(chunks, words) if words else [])


def _shortened(sentence: str) -> str:
    """A sentence up to MAX_QUOTED_CHARS: cut after its last clause (，；：) within that length, marked "……"."""
    if len(sentence) <= MAX_QUOTED_CHARS:
        return sentence
    cut = max(sentence.rfind(mark, 0, MAX_QUOTED_CHARS) for mark in "，；：,;")
    return sentence[:cut if cut > MAX_QUOTED_CHARS // 3 else MAX_QUOTED_CHARS] + "……"


def _first_sentences(chunks: list, words: tuple[str, ...]) -> list:
    found = []
    for chunk in chunks:
        if is_table_text(chunk.text):
            continue
        for sentence in sentences_of(chunk.text):
            if len(sentence) < 12 or _HEADING.match(sentence) and len(sentence) < 24:
                continue
            if words and not any(w in sentence for w in words):
                continue
            found.append((chunk, sentence))
            if len(found) == QUOTED:
                return found
    return found
