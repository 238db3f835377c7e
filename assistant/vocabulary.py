"""The template's words: the terms questions use for rows, groups and columns, and mending slips in them.

The vocabulary is the template itself (labels, aliases, English names) plus the everyday wording it lists
in WORDS_ZH / WORDS_EN; nothing here is keyed on particular questions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from index.template import TABLES, VERB_ONLY, WORDS_EN, WORDS_ZH, label_key, table

CJK = re.compile(r"[\u4e00-\u9fff]")
EN_STOP = {"how", "what", "which", "did", "does", "do", "the", "and", "in", "of", "for", "was", "were", "many",
           "much", "is", "are", "a", "an", "to", "that", "with", "compare", "show", "give", "list", "and",
           "county", "district", "city", "town", "office", "government", "people's", "year", "report",
           "i", "me", "please", "what's", "rank", "tell", "from", "by", "on", "at", "it", "its", "their"}
EN_SCAFFOLD = {"about", "what", "whats", "how", "any", "some", "none", "everything", "full", "main", "chief", "complete", "whole", "entire", "detailed", "same", "that", "this", "those", "these", "them", "they", "their",
               "there", "then", "also", "too", "again", "figure", "figures", "number", "numbers", "one", "ones",
               "instead", "now", "ok", "okay", "so", "or", "versus", "vs", "against", "same", "for", "year",
               "years", "all", "every", "each", "agencies", "agency", "offices", "reports", "total", "together",
               "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "add", "include", "plus",
               "also", "too", "along", "had", "has", "have", "more", "fewer", "less", "higher", "lower", "bigger",
               "larger", "smaller", "which", "who", "than", "thing", "things", "question", "likewise", "ditto",
               "please", "across", "after", "before", "following", "next", "previous", "prior", "preceding", "as",
               "over", "reason", "reasons", "ground", "grounds", "biggest", "largest", "smallest", "kind", "category",
               # asking and pointing back: "add them all up", "go up or down", "order them", "the first I asked"
               "up", "down", "go", "gone", "order", "asked", "ask", "but", "summed", "added", "sum", "first", "earlier", "later",
               "again", "back", "it", "since", "until", "till", "between", "compared", "relative",
               # "just 2022", "only the 2021 one", "which year brought in the most"
               "just", "only", "brought", "bring", "brings", "get", "gets", "got", "newly",
               # a correction or a frame, not a topic: "Sorry, I meant Liuhe", "No wait", "in absolute terms"
               "sorry", "meant", "mean", "wait", "actually", "rather", "oops", "correction", "absolute", "terms",
               "raw", "plain", "well", "hmm", "no", "yes"}


@dataclass(frozen=True)
class Term:
    kind: str  # "row", "group" or "column"
    table: str
    id: str
    fallback: bool = False  # a default row/column that any more specific match overrides
    verb_only: bool = False  # "收到" alone: not enough to make it a table question
    printed: bool = False  # a column's printed heading ("本年新制作数量"), not an everyday word for it
    shared: bool = False  # words another column's name also holds ("金额" of 采购总金额 and 本年收费金额)
    # what the same word names in other tables ("办结": 表三's （七）总计, 表四's 已审结 column group)
    others: tuple[Term, ...] = ()


# Labels too generic to name a row or column on their own in a question ("总计" is in every table).
_GENERIC = {"总计", "合计", "总数", "其他"}
_FALLBACKS = {("applications", "new"), ("applications", "total"), ("review", "total")}


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict[str, Term], dict[tuple[str, ...], Term]]:
    """zh terms (label keys) and en terms (stemmed token tuples) → what they name."""
    zh: dict[str, Term] = {}
    en: dict[tuple[str, ...], Term] = {}

    def add(term: Term, zh_words, en_words) -> None:
        for words, keys, into in ((zh_words, _zh_key, zh), (en_words, lambda w: tuple(stem_tokens(w)), en)):
            for w in words:
                key = keys(w)
                if not key:
                    continue
                meaning = replace(term, verb_only=w in VERB_ONLY)
                first = into.setdefault(key, meaning)
                if first.table != term.table and all(o.table != term.table for o in first.others):
                    into[key] = replace(first, others=(*first.others, meaning))  # the word in another table

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
    # (未审结 holds 审结 as its negation, not as a kind of it: 审结 stays the word of one column)
    _mark_shared(zh, lambda key, other: key in other and other.replace(key, "", 1) not in _NEGATIONS)
    _mark_shared(en, lambda key, other: any(other[i:i + len(key)] == key for i in range(len(other))))
    return zh, en


_NEGATIONS = ("未", "尚未", "没", "没有", "还没", "还未", "不")


def _zh_key(word: str) -> str:
    key = label_key(word)
    return key if len(key) >= 2 and key not in _GENERIC else ""


def _mark_shared(words: dict, inside) -> None:
    """Column words that are part of another column's words in the same table: a kind of column ("amount"),
    not one column."""
    columns = [(key, term) for key, term in words.items() if term.kind == "column"]
    for key, term in columns:
        if any(inside(key, other) for other, o in columns if o.table == term.table and o.id != term.id):
            words[key] = replace(term, shared=True)


# plural nouns kept apart from the verb they share a stem with: "what issues" (problems) is not "issued" (表二's column)
_NOUNS_APART = frozenset({"issues"})


def stem(word: str) -> str:
    """A small suffix stripper: carried/carry → carri, penalties/penalty → penalti, receives → receiv."""
    if len(word) <= 3 or word in _NOUNS_APART:
        return word
    if len(word) == 4:  # fees → fee, rule → rul (as ruled), but less, this, was stay
        return word[:-1] if (word.endswith("s") and word[-2] not in "sui") or word.endswith("e") else word
    word = re.sub(r"(ies|ied|y)$", "i", word)
    if word.endswith("ss"):
        return word
    return re.sub(r"(es|s|ed|ing|e)$", "", word)


def stem_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    # "didn't hold" is "did not hold", "can't" "can not", "won't" "will not": one wording for both spellings
    text = re.sub(r"\b(ca|wo)n't\b", lambda m: "can not" if m.group(1) == "ca" else "will not", text)
    text = re.sub(r"(?<=[a-z])n't\b", " not", text)
    # "carried-forward": two words; "office's" is office; no articles ("without a reconsideration" is "without
    # reconsideration", "reached a result" "reached result")
    return [stem(re.sub(r"'s$", "", w)) for w in re.findall(r"[a-z0-9]+(?:'[a-z]+)*", text) if w not in _ARTICLES]


_ARTICLES = frozenset({"a", "an", "the"})


def longest_matches(text: str, terms: dict) -> list[tuple[int, int, Term]]:
    """Non-overlapping occurrences, longest first (zh: characters, never across a word's edge: "报告上有吗" holds
    no "告上"; en: token tuples)."""
    found: list[tuple[int, int, Term]] = []
    if isinstance(text, str):
        for key, term in terms.items():
            start = text.find(key)
            while start >= 0:
                if not _straddles(text, start, start + len(key)):
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


def _straddles(text: str, start: int, end: int) -> bool:
    """A two-character text[start:end] whose first character ends a dictionary word of the text ("告上" of "报告上")."""
    return end - start == 2 and any(a < start < b < end for a, b in _words(text))


@lru_cache(maxsize=512)
def _words(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the dictionary words of two characters or more in a Chinese text (jieba without guessing new
    words: "新收商" is none)."""
    if not CJK.search(text):
        return ()
    import jieba

    return tuple((a, b) for _, a, b in jieba.tokenize(text, HMM=False) if b - a >= 2)


def chinese_words(text: str) -> list[str]:
    """The dictionary words of two characters or more in a text's Chinese ("讨论稿、请示报告" → 讨论, 请示, 报告)."""
    return [text[a:b] for a, b in _words(text) if CJK.match(text[a:b])]


def corrected(question: str) -> tuple[str, list[tuple[str, str]]]:
    """The question with slips in metric words mended, and what was mended.

    Chinese: a window one character off a known term, of the same sound (申情 → 申请, 现形有效 → 现行有效,
    不掌屋 → 不掌握; for a two-character term only where the window is no word of its own and shares no function
    character such as 了 with it: "发了" is no slip of 罚了), tried first; then,
    for terms of six or more, any one character off or one character more or less (确认或者重新出具 → 确认或重新出具). English: a lower-case word of five letters or more that is no known
    word (of the vocabulary or of English) but within a small edit of one (applicatons → applications).
    Agency names are mended elsewhere.
    """
    fixes: list[tuple[str, str]] = []
    zh_terms, _ = vocabulary()
    text = question
    if CJK.search(text):
        # never inside a known term written correctly: "处罚决定" is not a slip of "处理决定"
        taken = {i for k in zh_terms for i in _spans(text, k)}
        # a slip of the same sound first, in any term ("行政处发" is 行政处罚's, not a long term's one character off)
        for sound_only in (True, False):
            for key in sorted(zh_terms, key=len, reverse=True):
                if key in text or len(key) < (2 if sound_only else 6):
                    continue
                window = _near_window(text, key, taken, sound_only)
                if window:
                    fixes.append((window, key))
                    text = text.replace(window, key)
                    taken = {i for k in zh_terms for i in _spans(text, k)}
    known = _known_words()
    for word in dict.fromkeys(re.findall(r"\b(?<!-)[a-z][a-z']{4,}\b(?!-)", text)):  # not inside "post-reconsideration"
        if word in known or stem(word) in _known_stems() or word in EN_STOP or word in EN_SCAFFOLD \
                or word in _english():
            continue  # (an English word is never a slip: "internet" is not "interest")
        if re.match(r"(?:un|non|dis|in|im|re)", word) and re.sub(r"^(?:un|non|dis|in|im|re)-?", "", word) in known:
            continue  # "unanswered" is not a slip of "answered": it says the opposite
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


def _near_window(text: str, key: str, taken: set[int], sound_only: bool) -> str | None:
    """A stretch of the text one Chinese character off the key: of the same sound (`sound_only`), or for keys
    of six characters or more any character, or one character more or less ("或者" for "或"); never over a
    known term."""
    n = len(key)
    free = [i not in taken for i in range(len(text))]
    for i in range(len(text) - n + 1):
        if text[i] != key[0] and text[i + 1] != key[1]:
            continue  # one character off means one of the first two is right
        diffs = [(j, a, b) for j, (a, b) in enumerate(zip(text[i:i + n], key)) if a != b]
        if len(diffs) == 1 and free[i + diffs[0][0]] and CJK.match(diffs[0][1]) and (
                _same_sound(diffs[0][1], diffs[0][2]) if sound_only else n >= 6) \
                and not _word_across(text, i + diffs[0][0], i, i + n) and (n > 2 or not (
                    _a_word(text[i:i + n]) or set(text[i:i + n]) & _FUNCTION_CHARACTERS)):
            return text[i:i + n]
    if n >= 6 and not sound_only:
        for size in (n + 1, n - 1):
            for i in range(len(text) - size + 1):
                if text[i] != key[0] or text[i + size - 1] != key[-1] or not all(free[i:i + size]):
                    continue
                window = text[i:i + size]
                if Levenshtein.distance(window, key) == 1:
                    return window
    return None


def _word_across(text: str, position: int, start: int, end: int) -> bool:
    """The character at `position` is part of a common word that reaches outside text[start:end] ("全部予以公开": 部 is
    全部's, not a slip of 不予以公开's 不). A rare word the slip happens to make with the next character is no such word
    ("规张本年废止": 张本, a literary word, is the slip 规张 for 规章 glued to 本年)."""
    import jieba

    return any(a <= position < b and (a < start or b > end) and b - a >= 2 and _COMMON_WORD <= jieba.dt.FREQ.get(
        text[a:b], 0) for _, a, b in jieba.tokenize(text))


_COMMON_WORD = 100  # how often jieba's dictionary has seen a word that counts as common (全部 11398, 张本 33)


# characters that say nothing of a term: a two-character window they share with one ("发了" and 罚了) is no slip of it
_FUNCTION_CHARACTERS = set("了的着过么呢吗吧啊呀是在有个")


def _a_word(text: str) -> bool:
    """A word of the dictionary in its own right ("不分" is no slip of 部分)."""
    import jieba

    jieba.dt.check_initialized()
    return bool(jieba.dt.FREQ.get(text))


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
def _english():
    """The English words of pyspellchecker's dictionary (its own frequency list, shipped in the package)."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en").word_frequency


@lru_cache(maxsize=1)
def _known_stems() -> frozenset[str]:
    _, en = vocabulary()
    return frozenset(t for key in en for t in key)


def term_matches(question: str) -> tuple[list[tuple[int, int, Term]], list[tuple[int, int, Term]]]:
    """The terms of a question where they stand: Chinese (character spans of its label key), English (token spans)."""
    zh, en = vocabulary()
    return longest_matches(label_key(question), zh), longest_matches(stem_tokens(question), en)


def find_terms(question: str) -> list[Term]:
    zh, en = term_matches(question)
    return [m[2] for m in zh] + [m[2] for m in en]


def metric_words(table_id: str, row: str) -> set[str]:
    """Every wording (zh and en) that names this row: used to see what else a question asks about."""
    t = table(table_id)
    words: set[str] = set()
    for r in t.rows:
        if r.id == row:
            words |= {r.label, r.en, *r.aliases, *r.en_aliases}
    words |= set(WORDS_ZH.get((table_id, "row", row), ())) | set(WORDS_EN.get((table_id, "row", row), ()))
    return words | VERB_ONLY

