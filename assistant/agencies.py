"""Agencies named in a question: exact names and aliases, slips in them, places the corpus does not have."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from index.identity import Agency
from index.template import label_key

from .vocabulary import CJK, EN_STOP, stem, vocabulary

_UNKNOWN_PLACE = re.compile(r"(?<![全本各该我市县区省])([\u4e00-\u9fff]{2,5}?(?:自治县|县|区|市|镇|乡|街道))")
_UNIT_CHARS = set("县区市镇乡")
# characters of sentences, never of a place's name (和平区, 多伦县, 个旧市, 那曲市, 向阳区 keep theirs out of this list)
_NOT_IN_NAMES = re.compile(r"[的了么吗呢吧把被让这哪谁怎些是在从对给]")
_NOT_PLACES = {"城区", "市区", "辖区", "社区", "园区", "城市", "县市", "市县", "区县", "乡镇", "街道", "全市", "全县",
               "全区", "本市", "本县", "本区", "政区", "地区", "新区", "开发区", "示范区"}


def _agency_keys(agency: Agency) -> list[tuple[str, str]]:
    """(kind, normalised name): zh names compared without spaces, en names as lower-case words."""
    keys = []
    for name in agency.names():
        if CJK.search(name):
            keys.append(("zh", label_key(name)))
        else:
            keys.append(("en", " ".join(plain_words(name))))
    return keys


def plain_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    # tone marks off: Qīngxī → qingxi
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"'s\b", "", text).replace("'", "")  # Luoning's → luoning; Huai'an → huaian
    return re.findall(r"[a-z0-9]+", text)


def _joined_syllables(words: list[str], agencies: list[Agency]) -> list[str]:
    """Pinyin written in syllables joined: "Qing xi county" → qingxi county, "Liu He" → liuhe."""
    single = {key for a in agencies for kind, key in _agency_keys(a) if kind == "en" and " " not in key}
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in (3, 2):
            if i + n <= len(words) and "".join(words[i:i + n]) in single:
                out.append("".join(words[i:i + n]))
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


def named(query: str, agencies: list[Agency]) -> list[str]:
    """The agencies a name given on its own means (`--agency`, `?agency=`): read as a question names them, so a
    filter and a question never disagree; every candidate of an ambiguous name."""
    found, ambiguous, _, _ = find_agencies(query, agencies)
    return found + [c for _, candidates in ambiguous for c in candidates if c not in found]


def find_agencies(question: str, agencies: list[Agency]) -> tuple[list[str], list[tuple[str, list[str]]], list[str], list[str]]:
    """Agencies named in the question.

    Returns (resolved names, ambiguous mentions with their candidates, unknown place
    names, notes on fuzzy matches).
    """
    zh_text = label_key(question)
    words = _joined_syllables(plain_words(question), agencies)
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
        if CJK.search(place) and len(place) >= 3:
            n = len(place)
            for i in range(len(zh_text) - n + 1):
                window = zh_text[i:i + n]
                if window[-1] == place[-1] and _homophone_typo(window, place):
                    found.append(agency.name)
                    notes.append(f"{window} → {place}")
                    break
        if agency.name in found:
            continue
        pinyins = {" ".join(plain_words(a)) for a in agency.aliases if not CJK.search(a) and " " not in a}
        for word in words:
            # one slip: a letter wrong, missing, extra or two swapped (Luihe, Huaain)
            if len(word) >= 5 and word not in EN_STOP and any(
                    fuzz.ratio(word, p) >= 85 or OSA.distance(word, p) <= 1 for p in pinyins):
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
    # (a run of words ending in 县 is no place: "起诉的案子，县里输了几件" names none)
    places = [p for p in _UNKNOWN_PLACE.findall(zh_text) if p not in _NOT_PLACES and not _NOT_IN_NAMES.search(p)]
    if places:
        return places[:2]
    # a capitalised word that is not the first word nor part of the vocabulary: "Beijing"
    _, en_terms = vocabulary()
    known = {t for key in en_terms for t in key}
    raw = re.findall(r"(?<![&'’-])\b[A-Z][a-z]+(?:'[a-z]+)?\b", question)  # not "Q&As"
    first = re.match(r"\s*([A-Za-z']+)", question)
    out = [w for w in raw if w.lower() not in EN_STOP and stem(w.lower()) not in known
           and not (first and w == first.group(1))]
    return out[:2]

