"""Who published a report: agency names, short names and pinyin/English aliases, and matching them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .template import label_key

# Administrative units, longest first so 自治县 wins over 县.
_UNITS = ("自治州", "自治县", "自治旗", "街道办事处", "街道", "地区", "县", "区", "市", "镇", "乡", "旗", "盟")
_UNIT_EN = {"县": "County", "自治县": "County", "区": "District", "市": "City", "镇": "Town",
            "乡": "Township", "街道": "Subdistrict", "街道办事处": "Subdistrict", "旗": "Banner",
            "自治州": "Prefecture", "地区": "Prefecture", "盟": "League", "自治旗": "Banner"}
_PLACE = re.compile(rf"([\u4e00-\u9fff]{{1,8}}?(?:{'|'.join(_UNITS)}))")


@dataclass(frozen=True)
class Agency:
    """An agency's names: full (洛宁县人民政府), short (洛宁县), place (洛宁县) and aliases."""

    name: str
    short: str
    place: str
    aliases: tuple[str, ...] = field(default=())

    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, self.short, self.place, *self.aliases)))


def place_of(name: str) -> str:
    """The innermost administrative unit in an agency name (郑州市上街区人民政府 → 上街区)."""
    head = name.split("人民政府")[0] if "人民政府" in name else name
    places = _PLACE.findall(head)
    if not places:
        return head
    # findall is non-greedy from the left: 郑州市上街区 yields 郑州市, 上街区
    return places[-1]


def _stem(place: str) -> tuple[str, str]:
    for unit in _UNITS:
        if place.endswith(unit) and len(place) - len(unit) >= 2:
            return place[: -len(unit)], unit
    return place, ""


def pinyin_name(chinese: str) -> str:
    """Place-name pinyin as written in English: 淮安 → Huai'an, 洛宁 → Luoning."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(chinese, style=Style.NORMAL, errors="ignore")
    out = ""
    for i, syllable in enumerate(syllables):
        syllable = syllable.replace("ü", "v")
        if i and syllable[:1] in ("a", "o", "e"):
            out += "'"
        out += syllable
    return out.capitalize()


def make_agency(name: str) -> Agency:
    """Derive short name, place and aliases (pinyin, English) from an agency's full name."""
    name = re.sub(r"\s+", "", name)
    place = place_of(name)
    if name.endswith("人民政府办公室") or name.endswith("人民政府办公厅"):
        short = place + "政府" + name[-3:]
    elif name.endswith("人民政府"):
        short = place
    else:
        short = name
    stem, unit = _stem(place)
    aliases: list[str] = [name.replace("人民政府", "政府")]
    if stem and stem != place:
        aliases.append(stem)
    if re.fullmatch(r"[\u4e00-\u9fff]+", stem or ""):
        py = pinyin_name(stem)
        unit_en = _UNIT_EN.get(unit, "")
        aliases += [py, py.replace("'", "")]
        if unit_en:
            aliases += [f"{py} {unit_en}", f"{py.replace(chr(39), '')} {unit_en}"]
        if "办公" in name:
            aliases += [f"{py} Government Office", f"{py} {unit_en} Government Office".replace("  ", " ")]
        elif name.endswith("人民政府"):
            aliases += [f"{py} {unit_en} People's Government".replace("  ", " ")]
    one = next((u for u in _UNITS if place.endswith(u) and len(place) - len(u) == 1), None)
    if one and _UNIT_EN.get(one):
        # a one-character county or city (叶县, 郏县) is written "Ye County", "Jia County" in English
        py = pinyin_name(place[0])
        aliases += [f"{py} {_UNIT_EN[one]}", f"{py} {_UNIT_EN[one]} People's Government" if name.endswith("人民政府")
                    else ""]
    return Agency(name, short, place, tuple(a for a in dict.fromkeys(aliases) if a and a != name))


def exact_names(query: str, agencies: list[Agency]) -> list[str]:
    """The agencies one of whose names is `query` (spaces and case aside): a store's filter when it is given no
    reader of names (assistant.build gives it the question reader's, assistant/agencies.named)."""
    q = label_key(query).lower()
    return [a.name for a in agencies if q and any(label_key(n).lower() == q for n in a.names())]
