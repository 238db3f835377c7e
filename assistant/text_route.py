"""The text route: extractive answers from the report prose — the sentence that answers, quoted, with its source.

List questions (problems, improvements, measures) answer with the items of section 五.
Nothing is generated: every word of an answer's substance is quoted from a report.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from index.glosses import PROSE_TERMS
from index.messages import say
from index.search import HybridSearch, Passage, query_tokens
from index.store import StoredChunk
from index.template import TABLES, label_key

from .answer import Answer, agency_label
from .records import Catalog
from .understand import Intent
from .vocabulary import CJK
from .wording import OTHER_MATTERS, TOPICS_ASKED, asked_about, without_source

_NUMERIC = re.compile(r"多少|几[件条个次项人家场期]|总量|总数|比例|比率|[率%％]|how many|how much|number of|rate|percent|share|"
                      r"how often|how frequently")
_LIST = re.compile(r"(哪些|什么|有何|存在的?).{0,10}(问题|不足|困难|短板|差距)|(主要)?问题有哪些|(改进|整改|举措|措施|打算|"
                   r"下一步|计划)|problems?|issues(?! of)|shortcomings|weakness|improve|measures|next steps|plans")
# a count of things done ("下发了多少次整改通知", "how many rectification notices"): a sentence's figure, not section 五
_TIMES = re.compile(r"多少[次份期条批]|几[次份期条批]|how many (?:times|notices|rounds|letters|documents)")
_IMPROVE = re.compile(r"改进|整改|举措|措施|打算|下一步|计划|improve|measures|next steps|plans")
_PROBLEMS = re.compile(r"问题|不足|困难|短板|差距|problem|issue|shortcoming|weakness")
MIN_COVERAGE = 0.3  # share of the question's (weighted) words a sentence must contain
# "无其他需要报告的事项。", "暂无其它需要说明的事项": a report saying it has nothing more to say answers nothing
_NOTHING = re.compile(r"^\W*(?:本年度|今年|\d{4}\s*年)?(?:无|暂无|没有)(?:其他|其它)?(?:需要|需)?(?:报告|说明)的?(?:其他|其它)?(?:事项|内容|情况)\W*$")
# how the reports write what requests were about ("主要涉及土地、规划、环保等方面内容"): searched with an English
# question that asks it
_TOPICS_WRITTEN = "主要涉及 方面 内容"
_SENTENCE = re.compile(r"(?<=[。！？；!?;])")
# the paragraph that opens the improvements: "2021年，我镇将……主要做好以下几个方面的工作："
_PLAN = re.compile(r"(?:下一步|下一?年度?|今后|明年|来年|新的一年|\d{4}\s*年|针对[^。]{0,20}问题)[^。]{0,200}?(?:将|拟|计划)[^。]*"
                   r"(?:以下|如下)|(?:改进|整改)措施[：:]")
_FIX_INTRO = re.compile(r"^针对[^。，,]{0,16}(?:问题|不足)[，,]")  # "针对存在问题，下一步，…": the improvements
# the problems said in one sentence: "主要表现在，A；B", "仍存在一定差距。如A、B、C等。"
_LISTED_PROBLEMS = re.compile(r"(?:主要表现在|主要表现为|主要是|具体表现为|(?:差距|不足|问题|短板)[。，,：:]\s*(?:例如|比如|如))"
                              r"[，,：:]?([^。]+)")
_NAMED_PROBLEMS = re.compile(r"存在(?:着)?([^。；;]{4,80}?)等(?:方面的?)?(?:问题|不足|短板)")
_ITEM = re.compile(r"(?:^|(?<=[。；：:\s*]))\**\s*(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])")


def report_filter(intent: Intent, catalog: Catalog) -> tuple[list[int] | None, str | None]:
    """Report ids to search (None = all), or a no-data message when the agency lacks the year asked."""
    if not intent.agencies:
        return None, None
    ids: list[int] = []
    missing = []
    for agency in intent.agencies:
        reports = catalog.reports_of(agency)
        if intent.years:
            chosen = [r for r in reports if r.year in intent.years]
            if not chosen and intent.year_explicit:
                missing.append(agency)
                continue
            reports = chosen or reports
        ids += [r.id for r in reports]
    if not ids and missing:
        name = agency_label(catalog, missing[0], intent.language)
        years = "、".join(map(str, catalog.years_of(missing[0])))
        asked = "、".join(map(str, intent.years))
        return [], say("text.no_report", intent.language, name=name, asked=asked, years=years)
    return ids, None


def _where(chunk: StoredChunk, language: str) -> str:
    where = (say("source.page", language, page=chunk.page) if chunk.page else
             say("source.line", language, line=chunk.line))
    return say("text.where", language, file=chunk.url or chunk.file, where=where, section=chunk.section_title)


def _cited(chunk: StoredChunk, language: str) -> str:
    return say("source.cited", language, citations=_where(chunk, language))


def source(chunk: StoredChunk, text: str | None = None) -> dict:
    return {"file": chunk.file, "page": chunk.page, "section": chunk.section_title, "text": text or chunk.text,
            "agency": chunk.agency, "year": chunk.year, "url": chunk.url}


def sentences_of(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text.replace("\n", "")) if s.strip()]


def best_sentence(question: str, passages: list[Passage], ignore: set[str],
                  embedder=None, numeric: bool | None = None,
                  synonyms: list[tuple[str, ...]] = ()) -> tuple[Passage, str, float] | None:
    """The sentence that best answers: shared (weighted) words, numbers favoured for numeric questions.

    Words naming the agency or the year are ignored (the search is already filtered by them). `synonyms`: the
    words of one English word ("online": 网上, 在线, 互联网, 网络), which count once, as their longest found.
    When no word is shared (an English question over Chinese text), the sentence closest to the
    question in embedding space wins.
    """
    wanted = {t for t in query_tokens(question) if t not in ignore and not t.isdigit()}
    # "那份…年报…总共几条" asks; only what it asks about is looked for in the sentences
    wanted = {asked_about(t) for t in wanted} - {None} or wanted
    # each English word a group of its Chinese words, each of those its tokens ("互联网": 互联网, 互联, 联网)
    groups = [g for g in ([set(query_tokens(zh)) & wanted for zh in words] for words in synonyms) if any(g)]
    grouped = {t for g in groups for alternative in g for t in alternative}
    groups += [[{t}] for t in wanted - grouped]

    def found(got: set[str]) -> int:  # a group counts as its best alternative
        return sum(max(sum(len(t) for t in alternative & got) for alternative in g) for g in groups)

    weight = found(wanted) or 1
    numeric = bool(_NUMERIC.search(question.lower())) if numeric is None else numeric
    candidates = [(rank, p, s) for rank, p in enumerate(passages) if p.chunk.kind != "table"
                  for s in sentences_of(p.chunk.text) if len(s) > 6 and not _is_title(s) and not is_table_text(s)
                  and not _NOTHING.match(s)]
    best: tuple[float, Passage, str] | None = None
    for rank, passage, sentence in candidates:
        got = set(query_tokens(sentence))
        overlap = found(got)
        if overlap / weight < MIN_COVERAGE:
            continue
        has_number = _counts(sentence)
        score = overlap - 0.3 * rank + ((3 if has_number else -4) if numeric else 0)
        if len(sentence) < 20:  # a heading ("二是依申请公开信息收取费用情况。") says less than its paragraph
            score -= 2
        if best is None or score > best[0]:
            best = (score, passage, sentence)
    if best is not None or embedder is None or not candidates:
        return None if best is None else (best[1], best[2], best[0])
    if any(CJK.search(t) for t in wanted):
        return None  # a Chinese question that shares no words with the text is not answered by it
    pool = [c for c in candidates if c[0] < 3] or candidates
    vectors = embedder.passages([s for _, _, s in pool])
    similarity = vectors @ embedder.query(question)
    if numeric:
        similarity = similarity + np.array([0.05 if _counts(s) else 0.0 for _, _, s in pool])
    i = int(np.argmax(similarity))
    return pool[i][1], pool[i][2], float(similarity[i])


def _counts(sentence: str) -> bool:
    """The sentence has a number besides its dates and its item's numbering ("2020 年先后围绕……", "1. 加大工作力度"
    count nothing; "发布政策解读类信息 29 条" does)."""
    return bool(re.search(r"\d", re.sub(r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|\d{1,2}\s*月|"
                                         r"^\W*[（(]?\d{1,2}\s*[)）.、．]", "", sentence)))


def _about_figure(passages: list[Passage], words: list[str]) -> tuple[Passage, str, float] | None:
    """The prose sentence with a number that names the figure in most of its words, a longer word counting for more
    (行政复议 over 收到; ties: the higher passage)."""
    best = None
    for rank, passage in enumerate(passages):
        if passage.chunk.kind == "table":
            continue
        for sentence in sentences_of(passage.chunk.text):
            named = sum(len(w) for w in words if w in sentence) / 2
            if named and _counts(sentence) and not _is_title(sentence):
                score = named - 0.3 * rank
                if best is None or score > best[2]:
                    best = (passage, sentence, score)
    return best


def in_chinese(question: str) -> str:
    """The Chinese words the reports use for what an English question talks about (index.glosses.PROSE_TERMS)."""
    return _joined(glossed(question))


def _joined(glosses: list[tuple[str, ...]]) -> str:
    return " ".join(dict.fromkeys(zh for terms in glosses for zh in terms))


def glossed(question: str) -> list[tuple[str, ...]]:
    """For each English word of index.glosses.PROSE_TERMS in the question, the Chinese words it is written as."""
    # plurals to the singular ("conferences", "policies"), not "press" or "business"
    words = " ".join(re.sub(r"(?<=[a-z])(?<!s)(?:ies|s)\b", lambda m: "y" if m.group(0) == "ies" else "",
                            re.sub(r"(?<=[a-z])-(?=[a-z])", " ", question.lower())).split())  # "new-media": new media
    found = [(m.span(), terms) for en, terms in PROSE_TERMS.items()
             for m in [re.search(rf"\b{re.escape(en)}\b", words)] if m]
    # a word inside a longer phrase found is that phrase's ("account" in "to account" is no 账号)
    return [terms for (start, end), terms in found
            if not any(s <= start and end <= e and (s, e) != (start, end) for (s, e), _ in found)]


def is_table_text(sentence: str) -> bool:
    """A table's headings run together as text ("公开数量对外公开总数量规章规范性文件…上一年项目数量本年增/减"): three
    printed labels of the template or more is a table the reader could not rebuild, not a sentence of the report."""
    key = label_key(sentence)
    return sum(label in key for label in _printed_labels()) >= 3


@lru_cache(maxsize=1)
def _printed_labels() -> tuple[str, ...]:
    labels = {label_key(x.label) for t in TABLES for x in (*t.rows, *t.columns)}
    return tuple(sorted(k for k in labels if len(k) >= 4))


# a numbered heading that names a subject without saying anything of it: "（七）…考核、社会评议和责任追究结果情况"
_HEADING = re.compile(r"^\s*[（(][一二三四五六七八九十\d]+[)）][^，,。；;：:]{2,60}?(?:情况|工作|方面)?\s*[。]?$")


def _is_title(sentence: str) -> bool:
    """A report's title line ("XX县人民政府2020年政府信息公开工作年度报告") or a numbered heading with nothing after it
    answers nothing."""
    return len(sentence) < 50 and sentence.rstrip("。 ").endswith("报告") or bool(_HEADING.match(sentence))


def ignored_words(catalog: Catalog, report_ids: list[int] | None) -> set[str]:
    words: set[str] = set()
    for report in catalog.reports:
        if report_ids is None or report.id in report_ids:
            for name in report.agency.names():
                words |= set(query_tokens(name)) | {name.lower()}
    return words


def section_items(chunks: list[StoredChunk], improvements: bool) -> list[tuple[StoredChunk, str]]:
    """The numbered items of section 五, split into problems and improvements."""
    problems: list[tuple[StoredChunk, str]] = []
    fixes: list[tuple[StoredChunk, str]] = []
    plans: list[tuple[StoredChunk, str]] = []  # "下一步，将进一步完善工作机制。": an improvement written unnumbered
    in_fixes = False
    for chunk in chunks:
        for paragraph in chunk.text.split("\n"):
            # a paragraph may hold the problems, then "。下一步，…" and the improvements
            for part in re.split(r"(?<=[。；])(?=下一步|今后)", paragraph):
                head = re.sub(r"^[（(][一二三四五六七八九十]+[)）]\s*", "", part.strip())
                starts = [m.start() for m in _ITEM.finditer(part)]
                if head.startswith(("改进", "下一步", "今后", "整改")) or _FIX_INTRO.match(head):
                    in_fixes = True
                    if not starts and len(head) > 6 and not head.endswith(("：", ":")):
                        # "针对存在问题，下一步，我市将着力A；B。": unnumbered, its clauses the items
                        plans += [(chunk, c.strip()) for c in re.split(r"(?<=[；;])", head) if len(c.strip()) > 6]
                if _PLAN.search(part[:starts[0]] if starts else part):  # "…将…做好以下几个方面的工作："
                    in_fixes = True
                for a, b in zip(starts, starts[1:] + [len(part)]):
                    item = part[a:b].strip().strip("*").strip()
                    if len(item) > 6 and not item.endswith(("：", ":")) and "方面：" not in item[:12]:
                        (fixes if in_fixes else problems).append((chunk, item))
    if not problems:  # "主要表现在，A；B；C等。": the problems as one sentence, its clauses the items
        for chunk in chunks:
            listed = _LISTED_PROBLEMS.search(chunk.text)
            if listed:
                clauses = re.split(r"[；;]", listed.group(1))
                if len(clauses) == 1:  # "主要是：A，B，C等。", "如A、B、C等。": the clauses are the items
                    clauses = re.split(r"[，,]" if re.search(r"[，,]", clauses[0]) else "、", listed.group(1))
                problems = [(chunk, p.strip().rstrip("等")) for p in clauses if len(p.strip()) > 4]
                break
            named = _NAMED_PROBLEMS.search(chunk.text)  # "还存在着A、B等问题"
            if named:
                problems = [(chunk, p.strip()) for p in re.split(r"[、；;，,]", named.group(1)) if len(p.strip()) > 3]
                break
    return (fixes or plans) if improvements else problems


def answer_text(intent: Intent, catalog: Catalog, search: HybridSearch, focus: list[str] | None = None) -> Answer:
    """Quote the sentence (or section 五's items) that answers; with `focus` (the words of a figure the tables
    gave), the prose sentence with a number about that same figure."""
    report_ids, missing = report_filter(intent, catalog)
    if missing:
        return Answer(intent.question, missing, "none")
    focus_words = sorted((w for w in focus or [] if CJK.search(w) and len(w) >= 2), key=len)
    # the figure's everyday words search, shortest first: its printed label finds the table's own text, not the prose
    searched = [w for w in focus_words if label_key(w) not in _printed_labels()]
    question = f"{without_source(intent.question)} {intent.about} {' '.join(searched[:8])}".strip()
    if OTHER_MATTERS.search(intent.question.lower()):
        said = _section_six(intent, catalog, search, report_ids)
        if said is not None:
            return said
    if _LIST.search(intent.question.lower()) and not _TIMES.search(intent.question.lower()) \
            and not TOPICS_ASKED.search(intent.question.lower()):  # "舆情主要涉及哪些问题": what they were about
        listed = _answer_list(intent, catalog, search, report_ids)
        if listed is not None:
            return listed
    glosses = glossed(question) if intent.language != "zh" else []
    bridged = " ".join(filter(None, (_joined(glosses), intent.about, _TOPICS_WRITTEN * bool(
        TOPICS_ASKED.search(intent.question.lower()))))) if intent.language != "zh" else ""
    # (a figure's words find its table's text too, which answers nothing here: look further for the prose)
    passages = search.search(f"{question} {bridged}".strip(), report_ids, k=10 if focus_words or bridged else 5)
    if focus_words:
        found = _about_figure(passages, focus_words)
    elif bridged:  # an English question over Chinese prose: its words as the reports write them
        found = best_sentence(bridged, passages, set(), None, numeric=bool(_NUMERIC.search(question.lower())),
                              synonyms=glosses)
        found = found or best_sentence(question, passages, ignored_words(catalog, report_ids), search.embedder)
    else:
        found = best_sentence(question, passages, ignored_words(catalog, report_ids), search.embedder)
    if found is None:
        return Answer(intent.question, say("text.nothing", intent.language), "none")
    passage, sentence, _ = found
    chunk = passage.chunk
    name = agency_label(catalog, chunk.agency, intent.language)
    text = say("text.quote", intent.language, name=name, year=chunk.year, sentence=sentence) + "\n" + _cited(
        chunk, intent.language)
    sources = [source(chunk, chunk.text)] + [source(p.chunk) for p in passages if p.chunk.id != chunk.id][:2]
    return Answer(intent.question, text, "text", sources=sources)


def _section_six(intent: Intent, catalog: Catalog, search: HybridSearch,
                 report_ids: list[int] | None) -> Answer | None:
    """Section 六 (其他需要报告的事项) quoted whole, "暂无其他需要报告的事项" included: that is its answer."""
    if report_ids is None:
        return None
    lines, sources = [], []
    for report_id in report_ids[:3]:
        chunks = sorted((c for c in search.chunks.values() if c.report_id == report_id and c.section == 6
                         and c.kind != "table"), key=lambda c: c.id)
        said = " ".join(c.text.strip() for c in chunks if c.text.strip())
        if not said:
            continue
        chunk = chunks[0]
        name = agency_label(catalog, chunk.agency, intent.language)
        lines += [say("text.quote", intent.language, name=name, year=chunk.year, sentence=said[:400]),
                  _cited(chunk, intent.language)]
        sources.append(source(chunk, said))
    return Answer(intent.question, "\n".join(lines), "text", sources=sources) if lines else None


def _answer_list(intent: Intent, catalog: Catalog, search: HybridSearch,
                 report_ids: list[int] | None) -> Answer | None:
    if report_ids is None:
        top = search.search(intent.question, None, k=1)
        if not top:
            return None
        report_ids = [top[0].chunk.report_id]
    asked = intent.question.lower()
    # "问题和改进措施": both lists, the problems first
    kinds = [False, True] if _IMPROVE.search(asked) and _PROBLEMS.search(asked) else [bool(_IMPROVE.search(asked))]
    lines, sources = [], []
    for report_id in report_ids[:3]:
        chunks = [c for c in search.chunks.values() if c.report_id == report_id and c.section == 5]
        for improvements in kinds:
            items = section_items(chunks, improvements)
            if not items:
                continue
            first = items[0][0]
            name = agency_label(catalog, first.agency, intent.language)
            what = say("text.improvements" if improvements else "text.problems", intent.language)
            lines.append(say("text.list", intent.language, name=name, year=first.year, what=what, count=len(items)))
            lines += [f"• {item}" for _, item in items]
            lines.append(_cited(first, intent.language))
            sources += [source(c, item) for c, item in items]
    if not lines:
        return None
    return Answer(intent.question, "\n".join(lines), "text", sources=sources)
