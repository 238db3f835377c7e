"""The template's rows read by meaning: the embedding model over what each row counts, beside the word lists.

Every row and group of both formats is described by its printed label, its English name and a gloss of
what it counts in each language (index.glosses). A question — its agency names and years taken out — is
embedded once and scored against every description; a row's score is its best description's cosine.
The small model ranks close paraphrases poorly (cosines of most rows lie within 0.03), so each score also
carries the share of the question's English words that the row's descriptions and everyday words contain
(stems, weighted by how few rows use the word): "would have to create
new information" finds 另行制作 through "created" where the cosine alone prefers another row.
understand.py fuses these scores with its exact word matches (`resolve`): the words decide when they name
a specific row, the meaning decides when they only name the default ("申请", "requests"), when a group was
named and the question describes one of its rows, or when the meaning of another row is clearly closer.
"""

from __future__ import annotations

import math
import threading
from collections import Counter

import numpy as np

from index.glosses import GLOSSES, MORE_GLOSSES
from index.glosses_asked import ASKED_GLOSSES
from index.template import TABLES, WORDS_EN, WORDS_ZH

from .vocabulary import CJK, EN_STOP, chinese_words, stem_tokens

Key = tuple[str, str, str]  # table, "row" | "group", id

LEXICAL_WEIGHT = 0.05  # a question whose every rare word a row's descriptions contain gains 0.05 for it
# words any table question may have: they tell no row from another
_COMMON_EN = {t for w in (
    "how many much what which of in on for to by and or was were is are did do does this that these those "
    "it its their they total number numbers figure request application applicant information info disclosure disclose "
    "type kind "
    "government open year years report agency office county district city town please tell me show give").split()
    for t in stem_tokens(w)} | {t for w in EN_STOP for t in stem_tokens(w)}

# Chinese words any table question may have
_COMMON_ZH = set("多少 数量 件数 一共 总共 合计 总计 申请 政府 信息 公开 政务 本年 今年 年度 全年 情况 报告 单位 机关 "
                 "行政 办理 结果 政府信息 有关 相关 方面".split())


def descriptions() -> list[tuple[Key, str]]:
    """(row or group, text) for every description: label, English name, and both glosses."""
    out: list[tuple[Key, str]] = []
    for t in TABLES:
        named: dict[Key, set[str]] = {}
        for r in t.rows:
            named.setdefault((t.id, "row", r.id), set()).update((r.label, r.en))
        for g in t.groups:
            named.setdefault((t.id, "group", g.id), set()).update((g.label, g.en))
        for key, texts in named.items():
            if key in GLOSSES:  # groups that are only headings (第二十条第（一）项) are never asked about
                out += [(key, text) for text in sorted(texts | set(GLOSSES[key]) | set(MORE_GLOSSES.get(key, ()))
                                                     | set(ASKED_GLOSSES.get(key, ())))]
    return out


def words_of(text: str) -> set[str]:
    """English stems and Chinese dictionary words, common words out. Chinese character pairs were tried and
    matched scaffolding (提出 in 重复提出, 全部 in 全部公开) more often than they told rows apart; whole words
    (jieba, no guessed words) tell 讨论、请示 (process information) from 反复 (mass requests)."""
    english = {w for w in stem_tokens(text) if len(w) > 1 and not w.isdigit() and w not in _COMMON_EN}
    return english | {w for w in chinese_words(text) if w not in _COMMON_ZH}


class Lexicon:
    """The words of every row's descriptions and everyday terms, and how rare each is among the rows."""

    def __init__(self, described: list[tuple[Key, str]]):
        self.bags: dict[Key, set[str]] = {}
        for key, text in described:
            self.bags.setdefault(key, set()).update(words_of(text))
        for (table_id, kind, row_id), words in (*WORDS_ZH.items(), *WORDS_EN.items()):
            if (table_id, kind, row_id) in self.bags:
                for w in words:
                    self.bags[(table_id, kind, row_id)].update(words_of(w))
        for t in TABLES:  # a row of a group is also what its group is: "refused" + "state secret"
            for r in t.rows:
                group = (t.id, "group", r.group)
                if (t.id, "row", r.id) in self.bags and group in self.bags:
                    self.bags[(t.id, "row", r.id)] |= self.bags[group]
        seen = Counter(w for bag in self.bags.values() for w in bag)
        self.weight = {w: math.log(len(self.bags) / n) for w, n in seen.items()}

    def known(self, text: str, chinese: bool = False) -> list[str]:
        """The question's words some row's descriptions hold (its Chinese words only with `chinese`)."""
        return [w for w in words_of(text) if w in self.weight and (chinese or not CJK.match(w))]

    def shared(self, text: str) -> dict[Key, int]:
        """How many of the question's known English words each row's bag holds."""
        asked = self.known(text)
        return {key: sum(w in bag for w in asked) for key, bag in self.bags.items()}

    def coverage(self, text: str, chinese: bool = False) -> dict[Key, float]:
        """For each row: the weighted share of the question's known words its bag holds; the Chinese words only
        with `chinese` (they tell a group's rows apart, but verbs and applicant words of the columns, 提出, 单位,
        are in a few rows' descriptions too and would pull "单位提出的申请" away from the default row)."""
        asked = self.known(text, chinese)
        total = sum(self.weight[w] for w in asked)
        if not total:
            return {}
        return {key: sum(self.weight[w] for w in asked if w in bag) / total for key, bag in self.bags.items()}


class Meaning:
    """Scores of every template row and group for one question, from an `index.embedding.Embedder`."""

    def __init__(self, embedder):
        self.embedder = embedder
        self._keys: list[Key] = []
        self._lexicon: Lexicon | None = None
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    def _load(self) -> np.ndarray:
        with self._lock:
            if self._matrix is None:
                described = descriptions()
                self._lexicon = Lexicon(described)
                self._keys = [key for key, _ in described]
                self._matrix = self.embedder.kept_passages([text for _, text in described])
            return self._matrix

    def support(self, text: str) -> dict[Key, float]:
        """The weighted share of the question's known English words each row's bag holds (empty: none known)."""
        self._load()
        return self._lexicon.coverage(text)

    def shared(self, text: str) -> dict[Key, int]:
        """How many of the question's known English words each row's bag holds (`Lexicon.shared`)."""
        self._load()
        return self._lexicon.shared(text)

    def scores(self, text: str, chinese: bool = False) -> dict[Key, float]:
        """Cosine of the question with each row's closest description (the vectors are normalised), plus
        LEXICAL_WEIGHT × the share of the question's words the row's bag holds (`Lexicon.coverage`)."""
        matrix = self._load()
        similarity = matrix @ self.embedder.query(text)
        best: dict[Key, float] = {}
        for key, value in zip(self._keys, similarity):
            best[key] = max(best.get(key, -1.0), float(value))
        for key, share in self._lexicon.coverage(text, chinese).items():
            best[key] += LEXICAL_WEIGHT * share
        return best
