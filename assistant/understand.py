"""Question understanding: agencies, years, the metric (template row × column) and the operation.

The vocabulary is the template itself (labels, aliases, English names) plus the everyday
wording it lists in WORDS_ZH / WORDS_EN; nothing here is keyed on particular questions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from index.identity import Agency
from index.tables import label_key
from index.template import TABLES, VERB_ONLY, WORDS_EN, WORDS_ZH, table

_CJK = re.compile(r"[\u4e00-\u9fff]")

# Operations, strongest first. Each pattern is tried on the lower-cased question.
_OPERATIONS = (
    ("quality", r"一致|勾稽|数据质量|核对|校验|对得上|对不上|对上|吻合|相符|矛盾|\breconcil|\btally|\bmatch up|(?:数据|数字|表格|报表|统计).{0,4}(?:问题|错误|出错|有误|准确|"
                r"正确|可靠|可信|对不对|对吗|靠谱)|有没有(?:错|问题)|consisten|add up|adds up|data quality|sanity|"
                r"(?:figures|numbers|data|tables?|statistics).{0,40}(?:right|correct|accurate|wrong|errors?|reliable|"
                r"mistakes?)|any (?:errors|mistakes)|(?:wrong|errors?|mistakes?|problems?) (?:with|in) the (?:figures|numbers|"
                r"data|tables?|statistics)"),
    ("rank", r"哪个|哪一个|哪家|哪些.{0,12}最|最多|最少|最高|最低|排名|排序|从高到低|从低到高|从多到少|从少到多|"
             r"\brank|highest|lowest|\bmost\b|\bleast\b|\bfewest\b|\bwhich (agency|county|district|one)|\btop\b|"
             r"high to low|low to high|descending|ascending|in order"),
    ("share", r"占比|比例|比重|占.{0,8}(?:百分之|百分比|%|％|几成|多大)|百分比|\bshare\b|\bproportion|\bpercentage|"
              r"\bpercent of|what percent|\bfraction"),
    ("change", r"变化|增加了|减少了|增长|下降|增幅|降幅|相比.{0,6}(多|少)|比.{0,8}(多|少)了|"
               r"\bchange|\bincrease|\bdecrease|\bgrow|\bgrew|\bgrowth|\bdrop|\bfell\b|\brose\b"),
    ("trend", r"趋势|历年|逐年|各年|每年|\btrend|over the years|each year|year by year"),
    ("compare", r"比较|对比|相比|比一比|\bvs\.?\b|versus|\bcompar|difference between"),
    ("total", r"一共|总共|共计|合计|加起来|加在一起|总和|汇总|\bin total\b|\baltogether|\bcombined|\bsum of|"
              r"\badded up|\btotal (?:across|for all|of all|of (?:the|both|these|those) (?:two|three|four|five|\d+|agencies))"),
    ("breakdown", r"各多少|分别|申请人(?:情况|类型|构成|分类)|各类|构成|明细|分类|按申请人|按类型|都有哪些|break ?down|\bby (applicant|type|category)|"
                  r"\beach (type|category|reason)|\bper (type|category)|split by|composition|\boutcomes\b|"
                  r"\bby reason|\breasons\b"),
)
# What comes after these words is the whole of a share: "占办理总数的", "share of the handled requests"
_SHARE_OF = re.compile(r"占|\b(?:share|proportion|percentage|fraction|percent|part) of\b|\bout of\b")
# Several agencies at once, none by name: "五个单位", "各单位", "all agencies" (never narrowed to the last one)
_COLLECTIVE = re.compile(r"[一二两三四五六七八九十\d]+个(?:单位|部门|地方|县区|机构)|(?:所有|全部|各个?|这些|这几个|每个)(?:的)?"
                         r"(?:单位|部门|机构|报告|县区|地方)|\ball (?:the )?(?:\w+ )?(?:agencies|offices|reports|counties|"
                         r"districts|of them)\b|\b(?:every|each) (?:agency|office|report|county|district)\b|"
                         r"\b(?:across|among) (?:the |all )?(?:\w+ )?(?:agencies|offices|reports)\b")
# Words that add named things up: "A加B", "A和B一共", "total of A and B"
_ADDS_UP = re.compile(r"一共|合计|总共|共计|总数|加起来|加上|加|\btotal|\bcombined|\btogether|\bin all\b|\bsum\b")
# The change column of 表二 (本年增/减) asked in words, and its last-year column (上一年项目数量)
_CHANGE_COLUMN = re.compile(r"本年增|增减|增/减|增加或减少|增加还是减少|增加或者减少|gain(?:ed)? or los[et]|"
                            r"increase or decrease|added or removed|net change in (?:the )?(?:number of )?items")
_PREVIOUS_YEAR = re.compile(r"上一?年度?|去年|前一年|previous year|last year|year before|prior year")
# What a question counts and what it sums up, when a row has both kinds of column (采购项目数量 / 采购总金额)
_COUNT_WORDS = re.compile(r"几个|几项|多少个|多少项|项目|个数|数量|件数|\bhow many\b|\bnumber of\b|\bcount\b|\bprojects\b")
_AMOUNT_WORDS = re.compile(r"金额|多少钱|资金|万元|元|\bamount|\bhow much\b|\bvalue\b|\bspen[dt]|\byuan\b")
# The words a follow-up is made of besides names, years and metrics: asking, pointing back, joining
_SCAFFOLD_ZH = re.compile(r"那么|那|呢|吗|嘛|呀|啊|吧|的|了|和|与|跟|及|以及|还有|又|再|也|都|是|有|请问|请|一下|看看|"
                          r"告诉我|给我|查询|查|多少|几|怎么样|如何|情况|数据|数字|数量|分别|其中|年度|年|同期|同样|"
                          r"这个|那个|这|该|它|他们|其|对应|相应|比较|对比|相比|一共|合计|总共|共|个|件|条|项|家|"
                          r"单位|部门|换成|改成|如果是|要是|再加上|加上|再加|算上|包括|什么|哪些|哪个|怎样|为什么|原因|理由|类型|种类|"
                          r"[\d〇零一二三四五六七八九十]+")
_EN_SCAFFOLD = {"about", "what", "whats", "how", "same", "that", "this", "those", "these", "them", "they", "their",
                "there", "then", "also", "too", "again", "figure", "figures", "number", "numbers", "one", "ones",
                "instead", "now", "ok", "okay", "so", "or", "versus", "vs", "against", "same", "for", "year",
                "years", "all", "every", "each", "agencies", "agency", "offices", "reports", "total", "together",
                "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "add", "include", "plus",
                "also", "too", "along"}
_RELATIVE_YEARS = ((r"前年|the year before last", 1), (r"去年|上一年度|last year|previous year|最近一年|最新", 0))
_ZH_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_UNKNOWN_PLACE = re.compile(r"(?<![全本各该我市县区省])([\u4e00-\u9fff]{2,5}?(?:自治县|县|区|市|镇|乡|街道))")
_UNIT_CHARS = set("县区市镇乡")
_NOT_PLACES = {"城区", "市区", "辖区", "社区", "园区", "城市", "县市", "市县", "区县", "乡镇", "街道", "全市", "全县",
               "全区", "本市", "本县", "本区", "政区", "地区", "新区", "开发区", "示范区"}
_EN_STOP = {"how", "what", "which", "did", "does", "do", "the", "and", "in", "of", "for", "was", "were", "many",
            "much", "is", "are", "a", "an", "to", "that", "with", "compare", "show", "give", "list", "and",
            "county", "district", "city", "town", "office", "government", "people's", "year", "report",
            "i", "me", "please", "what's", "rank", "tell", "from", "by", "on", "at", "it", "its", "their"}


@dataclass(frozen=True)
class Term:
    kind: str  # "row", "group" or "column"
    table: str
    id: str
    fallback: bool = False  # a default row/column that any more specific match overrides
    verb_only: bool = False  # "收到" alone: not enough to make it a table question
    printed: bool = False  # a column's printed heading ("本年新制作数量"), not an everyday word for it


@dataclass
class Intent:
    question: str
    language: str
    agencies: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, list[str]]] = field(default_factory=list)
    unknown_agencies: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    year_explicit: bool = False
    table: str | None = None
    row: str | None = None
    row_kind: str = "row"
    column: str | None = None
    operation: str = "value"
    operation_explicit: bool = False
    metric_fallback: bool = False  # the metric rests only on default words ("申请", "applications")
    all_agencies: bool = False  # "五个单位", "all agencies": every indexed agency, never the last one named
    content: list[str] = field(default_factory=list)  # what the question says beyond agency, year, metric, operation
    topic: str = ""  # the question without its agency and year: what a prose follow-up ("淮安呢？") asks again
    inherited: list[str] = field(default_factory=list)  # what the previous turn filled in (agencies, years, metric…)
    # a share's whole when the question names it ("占办理总数的", "share of the handled requests"): table, row,
    # row kind; its column is the part's, or 总计 when the part is a column of the same row
    share_whole: tuple[str, str, str] | None = None
    # other readings close to the one taken (table, row kind, row id): offered as "也可能是问…" / "did you mean…"
    alternatives: list[tuple[str, str, str]] = field(default_factory=list)
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (as written, as read): "申情" → "申请"
    column_printed: bool = False  # the column was named by its printed heading: no other format's twin stands in
    notes: list[str] = field(default_factory=list)

    @property
    def has_metric(self) -> bool:
        return self.table is not None and (self.row is not None or self.column is not None)

    @property
    def elliptical(self) -> bool:
        """Says nothing of its own beyond agency, year, metric or operation: "那上街区呢？", "and in 2019?"."""
        return not self.content


def language_of(question: str) -> str:
    return "zh" if _CJK.search(question) else "en"


# --- vocabulary --------------------------------------------------------------------------------

# Labels too generic to name a row or column on their own in a question ("总计" is in every table).
_GENERIC = {"总计", "合计", "总数", "其他"}
_FALLBACKS = {("applications", "new"), ("applications", "total"), ("review", "total")}


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, Term], dict[tuple[str, ...], Term]]:
    """zh terms (label keys) and en terms (stemmed token tuples) → what they name."""
    zh: dict[str, Term] = {}
    en: dict[tuple[str, ...], Term] = {}

    def add(term: Term, zh_words, en_words) -> None:
        for w in zh_words:
            key = label_key(w)
            if len(key) >= 2 and key not in _GENERIC:
                zh.setdefault(key, replace(term, verb_only=w in VERB_ONLY))
        for w in en_words:
            tokens = tuple(_stem_tokens(w))
            if tokens:
                en.setdefault(tokens, replace(term, verb_only=w in VERB_ONLY))

    for t in TABLES:
        for row in t.rows:
            term = Term("row", t.id, row.id, (t.id, row.id) in _FALLBACKS)
            add(term, (*WORDS_ZH.get((t.id, "row", row.id), ()), row.label, *row.aliases),
                (*WORDS_EN.get((t.id, "row", row.id), ()), row.en, *row.en_aliases))
        for group in t.groups:
            if group.id == "results":  # its total is a row of its own, （七）总计
                continue
            term = Term("group", t.id, group.id)
            add(term, (*WORDS_ZH.get((t.id, "group", group.id), ()), *group.aliases),
                (*WORDS_EN.get((t.id, "group", group.id), ()), *group.en_aliases))
        for column in (*t.columns, *t.column_groups):
            term = Term("column", t.id, column.id, (t.id, column.id) in _FALLBACKS)
            # the printed heading names exactly that column; everyday words may mean its twin in the other format
            add(replace(term, printed=True), (column.label, *column.aliases), ())
            add(term, WORDS_ZH.get((t.id, "column", column.id), ()),
                (*WORDS_EN.get((t.id, "column", column.id), ()), column.en, *column.en_aliases))
    return zh, en


def _stem(word: str) -> str:
    """A small suffix stripper: carried/carry → carri, penalties/penalty → penalti, receives → receiv."""
    if len(word) <= 3:
        return word
    if len(word) == 4:  # fees → fee, but less, this, was stay
        return word[:-1] if word.endswith("s") and word[-2] not in "sui" else word
    word = re.sub(r"(ies|ied|y)$", "i", word)
    if word.endswith("ss"):
        return word
    return re.sub(r"(es|s|ed|ing|e)$", "", word)


def _stem_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return [_stem(w) for w in re.findall(r"[a-z0-9]+(?:['-][a-z]+)*", text)]


def _longest_matches(text: str, terms: dict) -> list[tuple[int, int, Term]]:
    """Non-overlapping occurrences, longest first (zh: characters; en: token tuples)."""
    found: list[tuple[int, int, Term]] = []
    if isinstance(text, str):
        for key, term in terms.items():
            start = text.find(key)
            while start >= 0:
                found.append((start, start + len(key), term))
                start = text.find(key, start + 1)
    else:
        tokens = text
        for key, term in terms.items():
            n = len(key)
            for i in range(len(tokens) - n + 1):
                if tuple(tokens[i:i + n]) == key:
                    found.append((i, i + n, term))
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: list[tuple[int, int, Term]] = []
    for m in found:
        if all(m[1] <= t[0] or m[0] >= t[1] for t in taken):
            taken.append(m)
    return sorted(taken)


def corrected(question: str) -> tuple[str, list[tuple[str, str]]]:
    """The question with slips in metric words mended, and what was mended.

    Chinese: a window one character off a known term (any character for terms of six or more, the same
    sound for shorter ones: 申情 → 申请, 现形有效 → 现行有效, 不掌屋 → 不掌握), or a long term with one character more or less
    (确认或者重新出具 → 确认或重新出具). English: a lower-case word of five letters or more that is no known
    word but within a small edit of one (applicatons → applications). Agency names are mended elsewhere.
    """
    fixes: list[tuple[str, str]] = []
    zh_terms, _ = _vocabulary()
    text = question
    if _CJK.search(text):
        for key in sorted(zh_terms, key=len, reverse=True):
            if key in text or len(key) < 3:
                continue
            # never inside a known term written correctly: "处罚决定" is not a slip of "处理决定"
            exact = [i for k in zh_terms for i in _spans(text, k)]
            window = _near_window(text, key, exact)
            if window:
                fixes.append((window, key))
                text = text.replace(window, key)
    known = _known_words()
    for word in dict.fromkeys(re.findall(r"\b[a-z][a-z'-]{4,}\b", text)):
        if word in known or _stem(word) in _known_stems() or word in _EN_STOP or word in _EN_SCAFFOLD:
            continue
        match = process.extractOne(word, known, scorer=fuzz.ratio, score_cutoff=85)
        if match:
            fixes.append((word, match[0]))
            text = re.sub(rf"\b{re.escape(word)}\b", match[0], text)
    return text, fixes


def _spans(text: str, key: str) -> list[int]:
    """Every position covered by an occurrence of key in text."""
    out, start = [], text.find(key)
    while start >= 0:
        out += range(start, start + len(key))
        start = text.find(key, start + 1)
    return out


def _near_window(text: str, key: str, taken: list[int]) -> str | None:
    """A stretch of the text one Chinese character off the key: replaced (same sound for short keys), or for keys
    of six characters or more also one character more or less ("或者" for "或"); never over a known term."""
    n = len(key)
    free = [i not in set(taken) for i in range(len(text))]
    for i in range(len(text) - n + 1):
        diffs = [(j, a, b) for j, (a, b) in enumerate(zip(text[i:i + n], key)) if a != b]
        if len(diffs) == 1 and free[i + diffs[0][0]] and _CJK.match(diffs[0][1]) and (
                n >= 6 or _same_sound(diffs[0][1], diffs[0][2])):
            return text[i:i + n]
    if n >= 6:
        for size in (n + 1, n - 1):
            for i in range(len(text) - size + 1):
                if not all(free[i:i + size]):
                    continue
                window = text[i:i + size]
                if window[0] == key[0] and window[-1] == key[-1] and Levenshtein.distance(window, key) == 1:
                    return window
    return None


def _same_sound(a: str, b: str) -> bool:
    from pypinyin import lazy_pinyin

    return lazy_pinyin(a) == lazy_pinyin(b)


@lru_cache(maxsize=1)
def _known_words() -> tuple[str, ...]:
    """Every English word of the vocabulary as written (labels, aliases, everyday words)."""
    words: set[str] = set()
    for t in TABLES:
        for item in (*t.rows, *t.groups, *t.columns, *t.column_groups):
            words.update(re.findall(r"[a-z]+", " ".join((item.en, *item.en_aliases)).lower()))
    for phrases in WORDS_EN.values():
        words.update(re.findall(r"[a-z]+", " ".join(phrases).lower()))
    return tuple(sorted(w for w in words if len(w) >= 4))


@lru_cache(maxsize=1)
def _known_stems() -> frozenset[str]:
    _, en = _vocabulary()
    return frozenset(t for key in en for t in key)


def find_terms(question: str) -> list[Term]:
    zh, en = _vocabulary()
    text = label_key(question)
    return [m[2] for m in _longest_matches(text, zh)] + [m[2] for m in _longest_matches(_stem_tokens(question), en)]


# --- agencies ------------------------------------------------------------------------------------

def _agency_keys(agency: Agency) -> list[tuple[str, str]]:
    """(kind, normalised name): zh names compared without spaces, en names as lower-case words."""
    keys = []
    for name in agency.names():
        if _CJK.search(name):
            keys.append(("zh", label_key(name)))
        else:
            keys.append(("en", " ".join(_plain_words(name))))
    return keys


def _plain_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text).replace("'", "")  # Luoning's → luoning; Huai'an → huaian
    return re.findall(r"[a-z0-9]+", text)


def find_agencies(question: str, agencies: list[Agency]) -> tuple[list[str], list[tuple[str, list[str]]], list[str], list[str]]:
    """Agencies named in the question.

    Returns (resolved names, ambiguous mentions with their candidates, unknown place
    names, notes on fuzzy matches).
    """
    zh_text = label_key(question)
    words = _plain_words(question)
    en_text = " " + " ".join(words) + " "
    mentions: list[tuple[int, int, str, set[str]]] = []  # start, end, mention, agencies
    for agency in agencies:
        for kind, key in _agency_keys(agency):
            if not key:
                continue
            if kind == "zh":
                start = zh_text.find(key)
                # "江嘉镇" is not 江嘉县: a bare place stem followed by another unit names another place
                following = zh_text[start + len(key):start + len(key) + 1] if start >= 0 else ""
                if start >= 0 and following in _UNIT_CHARS and not agency.place.endswith(following) \
                        and not key.endswith(tuple(_UNIT_CHARS)):
                    continue
                if start >= 0:
                    mentions.append((start, start + len(key), key, {agency.name}))
            elif f" {key} " in en_text:
                start = en_text.find(f" {key} ")
                mentions.append((10_000 + start, 10_000 + start + len(key), key, {agency.name}))
    # merge identical spans (a place shared by several agencies) and keep the longest ones
    merged: dict[tuple[int, int], tuple[str, set[str]]] = {}
    for start, end, key, names in mentions:
        merged.setdefault((start, end), (key, set()))[1].update(names)
    spans = sorted(merged.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0]))
    chosen: list[tuple[tuple[int, int], tuple[str, set[str]]]] = []
    for span, value in spans:
        if all(span[1] <= c[0][0] or span[0] >= c[0][1] for c in chosen):
            chosen.append((span, value))
    resolved: list[str] = []
    ambiguous: list[tuple[str, list[str]]] = []
    for _, (key, names) in sorted(chosen):
        if len(names) == 1:
            resolved.extend(n for n in names if n not in resolved)
        else:
            ambiguous.append((key, sorted(names)))
    resolved, unknown_parents = _not_the_office(zh_text, resolved, agencies)
    notes: list[str] = []
    unknown: list[str] = list(unknown_parents)
    if not chosen:
        resolved, notes = _fuzzy_agencies(zh_text, words, agencies)
    if not resolved and not ambiguous and not unknown:
        unknown = _unknown_places(question, zh_text, words)
    return resolved, ambiguous, unknown, notes


def _not_the_office(zh_text: str, resolved: list[str], agencies: list[Agency]) -> tuple[list[str], list[str]]:
    """"淮安市人民政府" is the city government, not its general office (淮安市政府办公室): another agency.

    An office matched by its place alone is dropped when the question names the government of that place
    and not the office; the government's name is returned as an agency the corpus does not have.
    """
    kept, parents = [], []
    by_name = {a.name: a for a in agencies}
    for name in resolved:
        agency = by_name.get(name)
        office = agency is not None and agency.name.endswith("办公室")
        # the government as the subject ("淮安市人民政府2019年…"), not a modifier ("淮安市政府门户网站")
        parent = re.search(rf"{re.escape(agency.place)}(?:人民)?政府(?=\d|$|[，。？?！!、,]|年|收到|共|有|是|的(?:申请|报告|数据))",
                           zh_text) if office and agency.place else None
        if parent and not any(label_key(n) in zh_text for n in agency.names() if "办" in n):
            parents.append(parent.group(0))
        else:
            kept.append(name)
    return kept, parents


def _fuzzy_agencies(zh_text: str, words: list[str], agencies: list[Agency]) -> tuple[list[str], list[str]]:
    """Small typos: one wrong character in a Chinese place name, or a misspelt pinyin name."""
    found: list[str] = []
    notes: list[str] = []
    for agency in agencies:
        place = agency.place
        if _CJK.search(place) and len(place) >= 3:
            n = len(place)
            for i in range(len(zh_text) - n + 1):
                window = zh_text[i:i + n]
                if window[-1] == place[-1] and _homophone_typo(window, place):
                    found.append(agency.name)
                    notes.append(f"{window} → {place}")
                    break
        if agency.name in found:
            continue
        pinyins = {" ".join(_plain_words(a)) for a in agency.aliases if not _CJK.search(a) and " " not in a}
        for word in words:
            if len(word) >= 5 and word not in _EN_STOP and any(fuzz.ratio(word, p) >= 85 for p in pinyins):
                found.append(agency.name)
                notes.append(f"{word} → {agency.short}")
                break
    return found, notes


def _homophone_typo(written: str, place: str) -> bool:
    """One character differs and sounds the same (落宁县 for 洛宁县), the usual input-method slip.

    A different-sounding character names a different place (永宁县 is not 洛宁县).
    """
    from pypinyin import lazy_pinyin

    diffs = [(a, b) for a, b in zip(written, place) if a != b]
    return len(diffs) == 1 and lazy_pinyin(diffs[0][0]) == lazy_pinyin(diffs[0][1])


def _unknown_places(question: str, zh_text: str, words: list[str]) -> list[str]:
    places = [p for p in _UNKNOWN_PLACE.findall(zh_text) if p not in _NOT_PLACES]
    if places:
        return places[:2]
    # a capitalised word that is not the first word nor part of the vocabulary: "Beijing"
    _, en_terms = _vocabulary()
    known = {t for key in en_terms for t in key}
    raw = re.findall(r"\b[A-Z][a-z]+(?:'[a-z]+)?\b", question)
    first = re.match(r"\s*([A-Za-z']+)", question)
    out = [w for w in raw if w.lower() not in _EN_STOP and _stem(w.lower()) not in known
           and not (first and w == first.group(1))]
    return out[:2]


# --- years ---------------------------------------------------------------------------------------

def find_years(question: str, newest: int | None) -> tuple[list[int], bool]:
    """Years named (spans expanded) and whether they were named explicitly."""
    text = question.translate(_ZH_DIGITS)
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)]
    span = re.search(r"((?:19|20)\d\d)\s*年?\s*(?:到|至|-|–|—|~|to|through|until)\s*((?:19|20)\d\d)", text)
    if span:
        a, b = sorted((int(span[1]), int(span[2])))
        years = list(range(a, b + 1))
    if years:
        return sorted(set(years)), True
    lower = question.lower()
    if newest is not None:
        for pattern, back in _RELATIVE_YEARS:
            if re.search(pattern, lower):
                return [newest - back], True
    return [], False


# --- the whole question ------------------------------------------------------------------------

def understand(question: str, agencies: list[Agency], newest_year: int | None, meaning=None) -> Intent:
    """Parse one question on its own (the session fills what it leaves out).

    `meaning` (assistant.meaning.Meaning) scores the template's rows by meaning; without it the words decide.
    """
    intent = Intent(question=question, language=language_of(question))
    lower = question.lower()
    for op, pattern in _OPERATIONS:
        if re.search(pattern, lower):
            intent.operation, intent.operation_explicit = op, True
            break
    intent.agencies, intent.ambiguous, intent.unknown_agencies, intent.notes = find_agencies(question, agencies)
    intent.years, intent.year_explicit = find_years(question, newest_year)
    if intent.operation == "change" and len(intent.years) > 2:
        intent.operation = "trend"  # "2019年到2024年的变化": every year of the span, not two
    question, intent.corrections = corrected(question)
    terms = find_terms(question)
    _set_metric(intent, terms)
    if _COLLECTIVE.search(lower) and not intent.agencies and not intent.ambiguous:
        intent.agencies, intent.all_agencies = [a.name for a in agencies], True
    intent.content, intent.topic = _content(question, intent, agencies)
    rows_named = [t for t in terms if t.kind in ("row", "group")]
    if meaning is not None and intent.row is not None and rows_named:
        # the words named a row: a specific one, or only the default ("申请") — then unless a verb agrees ("收到")
        by_default = all(t.fallback for t in rows_named) and not any(t.verb_only for t in rows_named)
        _fuse_meaning(intent, meaning.scores(_without_names(question, intent, agencies)), by_default)
    if intent.operation == "share":
        _set_share_whole(intent)
    if intent.operation == "change" and intent.row is None and intent.column == "change":
        intent.table, intent.column = None, None  # "增加了多少" asks for a change, not the 本年增/减 column
    if len(intent.agencies) + sum(len(c) for _, c in intent.ambiguous) >= 2 and intent.operation in ("value", "breakdown"):
        intent.operation = "compare"
    return intent


def _content(question: str, intent: Intent, agencies: list[Agency]) -> tuple[list[str], str]:
    """What the question says beyond what was read from it, and the question without agency and year.

    Content left over makes a question stand on its own (a prose topic, say); none makes it a
    follow-up that takes what it leaves out from the previous turn.
    """
    named = [a for a in agencies if a.name in intent.agencies or any(a.name in c for _, c in intent.ambiguous)]
    names = sorted({label_key(n) for a in named for n in a.names() if _CJK.search(n)} |
                   {label_key(a.place) for a in named if _CJK.search(a.place)}, key=len, reverse=True)
    names += [note.split(" → ")[0] for note in intent.notes]  # a name written with a typo ("刘河区")
    text = label_key(question.translate(_ZH_DIGITS))
    for name in names:
        text = text.replace(name, " ")
    text = re.sub(r"(?:19|20)\d\d\s*年?(?:度)?", " ", text)
    for pattern, _ in _RELATIVE_YEARS:
        text = re.sub(pattern, " ", text)
    topic = re.sub(r"\s+", "", text)
    zh_terms, _ = _vocabulary()
    for start, end, _ in sorted(_longest_matches(text, zh_terms), reverse=True):
        text = text[:start] + " " + text[end:]
    for _, pattern in _OPERATIONS:
        text = re.sub(pattern, " ", text)
    text = _COLLECTIVE.sub(" ", text)
    text = _SCAFFOLD_ZH.sub(" ", text)
    zh_left = [w for w in re.findall(r"[\u4e00-\u9fff]+", text) if len(w) >= 2]
    # English: the words that no agency name, metric term, operation or scaffolding explains
    _, en_terms = _vocabulary()
    explained = {t for key in en_terms for t in key}
    agency_words = {w for a in named for n in a.names() for w in _plain_words(n)} | set(names)
    en_left = [w for w in _plain_words(question) if w not in _EN_STOP and w not in _EN_SCAFFOLD
               and _stem(w) not in explained and w not in agency_words and not w.isdigit()
               and not re.fullmatch(r"(?:19|20)\d\d", w) and not _op_word(w)]
    return zh_left + en_left, topic


def _op_word(word: str) -> bool:
    return any(re.search(pattern, word) for _, pattern in _OPERATIONS) or bool(
        re.fullmatch(r"last|previous|before|latest", word))


def _set_metric(intent: Intent, terms: list[Term]) -> None:
    if terms and all(t.verb_only for t in terms):
        return  # "收到多少件" without saying what was received
    terms = [t for t in terms if not t.verb_only] or terms
    rows = [t for t in terms if t.kind in ("row", "group")]
    specific = [t for t in rows if not t.fallback] or rows
    intent.metric_fallback = bool(rows) and all(t.fallback for t in rows) and not any(
        t.kind == "column" and not t.fallback for t in terms)
    if specific:
        # a specific row inside a group ("直接起诉" within 行政诉讼) beats the group
        best = next((t for t in specific if t.kind == "row"), specific[0])
        intent.table, intent.row, intent.row_kind = best.table, best.id, best.kind
        whole = _whole_group(intent.question, specific)
        if whole:
            intent.row, intent.row_kind = whole, "group"  # "直接起诉加复议后起诉的总数": all of 行政诉讼
    columns = [t for t in terms if t.kind == "column" and (intent.table is None or t.table == intent.table)]
    specific_columns = [t for t in columns if not t.fallback]
    if specific_columns:
        intent.column = specific_columns[0].id
        intent.column_printed = specific_columns[0].printed
        intent.table = intent.table or specific_columns[0].table
    if intent.row and intent.row_kind == "row":
        _row_decides_column(intent)
    if intent.row is None and intent.column and intent.table:
        # "procurement amount" names only a column, and only one row has it
        owners = {r.id for r in table(intent.table).rows if intent.column in r.columns}
        if len(owners) == 1 and len(table(intent.table).rows) > 1 and intent.table != "applications":
            intent.row = owners.pop()


def _whole_group(question: str, terms: list[Term]) -> str | None:
    """The group whose every row the question names and adds up ("行政处罚和行政强制一共"), or None."""
    rows = {(t.table, t.id) for t in terms if t.kind == "row"}
    if len(rows) < 2 or len({t for t, _ in rows}) != 1 or not _ADDS_UP.search(question.lower()):
        return None
    t = table(next(iter(rows))[0])
    groups = {r.group for r in t.rows if (t.id, r.id) in rows}
    if len(groups) != 1 or None in groups:
        return None
    group = groups.pop()
    members = {r.id for r in t.rows if r.group == group}
    return group if members == {r for _, r in rows} else None


def _row_decides_column(intent: Intent) -> None:
    """The row decides which column a word names.

    "上一年有多少项" on a row with a last-year column is that column; "本年增减" on a row with a change column
    is that column (a value, not a change between years); with no column named a count word ("有几个") or an
    amount word ("多少钱") picks the row's count or amount column; a column of another row ("收费金额" read as
    procurement's) becomes the row's own column of the same kind.
    """
    own = list(dict.fromkeys(c for r in table(intent.table).rows if r.id == intent.row for c in r.columns))
    lower = intent.question.lower()
    counts, amounts = [c for c in own if "amount" not in c], [c for c in own if "amount" in c]
    if "change" in own and _CHANGE_COLUMN.search(lower):
        intent.column = "change"
        intent.operation = "value" if intent.operation == "change" else intent.operation
    elif "prev_items" in own and _PREVIOUS_YEAR.search(lower) and intent.column in (None, "prev_items", "purchase_items"):
        intent.column = "prev_items"
    elif intent.column is None:
        if amounts and len(counts) == 1 and _COUNT_WORDS.search(lower) and not _AMOUNT_WORDS.search(lower):
            intent.column = counts[0]
        elif len(amounts) == 1 and counts and _AMOUNT_WORDS.search(lower):
            intent.column = amounts[0]
    elif own and intent.column not in own and not table(intent.table).column(intent.column).members:
        same = [c for c in own if ("amount" in c) == ("amount" in intent.column)]
        intent.column = same[0] if len(same) == 1 else intent.column


# how much closer by meaning another row must be: to the default row ("申请") and to a row the words named
_OVER_DEFAULT, _OVER_NAMED, _CLOSE = 0.02, 0.04, 0.01


def _without_names(question: str, intent: Intent, agencies: list[Agency]) -> str:
    """The question without the agencies it names and its years: what is left says which figure it asks."""
    names = sorted({n for a in agencies if a.name in intent.agencies for n in a.names()} |
                   {note.split(" → ")[0] for note in intent.notes}, key=len, reverse=True)
    for name in names:
        question = question.replace(name, " ")
    return re.sub(r"(?:19|20)\d\d\s*年?度?", " ", question.translate(_ZH_DIGITS))


def _fuse_meaning(intent: Intent, scores: dict[tuple[str, str, str], float], by_default: bool) -> None:
    """The words decide when they name a specific row or say nothing beyond known words; the meaning when
    they name only the default row, when they name a group and the question describes one of its rows, or
    when another row is clearly closer.

    The row taken last, and the runner-up when it is nearly as close, are kept as alternatives.
    """
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), runner_up = ranked[0], ranked[1]
    named = (intent.table, "group" if intent.row_kind == "group" else "row", intent.row)
    named_score = scores.get(named, top - 1)
    if named == best:
        chosen = None
    elif named[1] == "group" and best[0] == named[0] and best[1] == "row" and best[2].startswith(named[2] + "."):
        chosen = best if top - named_score > _OVER_DEFAULT else None  # "重复提出的申请不予处理": a row of the group
    elif not intent.content:
        chosen = None  # every word of the question is a known name, metric or operation word: the words decide
    else:
        chosen = best if top - named_score > (_OVER_DEFAULT if by_default else _OVER_NAMED) else None
    if chosen is None:
        if named == best and top - runner_up[1] < _CLOSE and intent.content:
            intent.alternatives.append(runner_up[0])
        return
    if not by_default:
        intent.alternatives.append(named)
    elif top - runner_up[1] < _CLOSE:
        intent.alternatives.append(runner_up[0])
    row_columns = _row_columns(chosen)
    intent.table, intent.row_kind, intent.row = chosen[0], chosen[1], chosen[2]
    intent.metric_fallback = False
    if intent.column is not None and intent.column not in row_columns and not (
            chosen[0] == "applications" and intent.column == "organisations"):
        intent.column = None  # a column of the row the words named, not of this one


def _row_columns(key: tuple[str, str, str]) -> set[str]:
    t = table(key[0])
    rows = [r for r in t.rows if r.id == key[2] or (key[1] == "group" and r.group == key[2])]
    return {c for r in rows for c in r.columns}


def _set_share_whole(intent: Intent) -> None:
    """"不予公开的申请占办理总数的百分比": the widest row named after 占 / "share of" is the whole, the narrowest other the part.

    With no part named, the whole alone is the metric and share_whole points at it (the session may take the
    part from the previous turn); with a column named instead ("share of the requests from companies") the
    column's cell is the part of its row's total, as without a whole.
    """
    marker = _SHARE_OF.search(intent.question.lower())
    if not marker:
        return
    after = [t for t in find_terms(intent.question[marker.end():]) if t.kind in ("row", "group") and not t.verb_only]
    if not after:
        return
    whole = min(after, key=lambda t: (_breadth(t), t.fallback))  # the widest named after the marker
    before = [t for t in find_terms(intent.question[:marker.start()]) if t.kind in ("row", "group") and not t.verb_only]
    parts = [t for t in before + after if t.table == whole.table and t.id != whole.id]
    # the narrowest of the rest; a bare "申请"/"requests" is the noun of the whole, not a part
    part = max((t for t in parts if not t.fallback), key=_breadth, default=None)
    if part is None and intent.column not in (None, "total"):
        return  # "what share of the requests came from companies": companies of all requests
    intent.share_whole = (whole.table, whole.id, whole.kind)
    chosen = part or whole
    intent.table, intent.row, intent.row_kind = chosen.table, chosen.id, chosen.kind


def _breadth(term: Term) -> int:
    """0 for a table's top rows and totals (本年新收, （七）总计), 1 for a group of rows, 2 for a row inside one."""
    if term.kind == "group":
        return 1
    row = table(term.table).row(term.id)
    return 0 if row.group is None or "总计" in row.label else 2


def metric_words(table_id: str, row: str) -> set[str]:
    """Every wording (zh and en) that names this row: used to see what else a question asks about."""
    t = table(table_id)
    words: set[str] = set()
    for r in t.rows:
        if r.id == row:
            words |= {r.label, r.en, *r.aliases, *r.en_aliases}
    words |= set(WORDS_ZH.get((table_id, "row", row), ())) | set(WORDS_EN.get((table_id, "row", row), ()))
    return words | VERB_ONLY
