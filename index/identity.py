"""Who published a report: agency names, short names and pinyin/English aliases, and matching them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .messages import MessageError
from .template import label_key

# Administrative units, longest first so 自治县 wins over 县.
_UNITS = ("自治州", "自治县", "自治旗", "街道办事处", "街道", "地区", "县", "区", "市", "镇", "乡", "旗", "盟")
_UNIT_EN = {"县": "County", "自治县": "County", "区": "District", "市": "City", "镇": "Town",
            "乡": "Township", "街道": "Subdistrict", "街道办事处": "Subdistrict", "旗": "Banner",
            "自治州": "Prefecture", "地区": "Prefecture", "盟": "League", "自治旗": "Banner"}
# zones that govern like a county, named by a place and the kind of zone: the place alone names them in speech
_ZONE = re.compile(r"^([\u4e00-\u9fff]{2,6}?)(?:综合实验区|综合试验区|新区|实验区|试验区)$")
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
    zone = _ZONE.match(place)
    if zone and re.fullmatch(rf"{re.escape(place)}(?:人民政府|政府|管委会|管理委员会)?", name):
        aliases += [zone.group(1), pinyin_name(zone.group(1))]  # 平潭综合实验区 is "平潭", "Pingtan"
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


# --- one agency under several names -----------------------------------------------------------------------

_NOT_PLACES = ("城市", "市区", "县区", "地区", "社区", "园区", "景区", "城区")  # words ending in a unit that name no place


def parent_and_key(name: str) -> tuple[str, str]:
    """A name's parent places and the name from its own place on, 人民政府 read as 政府:
    淮安市洪泽区人民政府 → ("淮安市", "洪泽区政府"); 洪泽区人民政府 → ("", "洪泽区政府");
    平潭综合实验区财政金融局 → ("", "平潭综合实验区财政金融局")."""
    name = re.sub(r"\s+", "", name).replace("人民政府", "政府")
    parent = ""
    while True:
        outer = _PLACE.match(name)
        inner = _PLACE.match(name[outer.end():]) if outer else None
        if not inner or inner.group(1) in _NOT_PLACES or outer.group(1) in _NOT_PLACES:
            return parent, name
        parent, name = parent + outer.group(1), name[outer.end():]


def canonical_agencies(agencies: list[Agency], same: dict[str, str] | None = None,
                       apart: tuple[str, ...] = ()) -> dict[str, Agency]:
    """Each agency name → the one agency it is. Names join when they differ only by 人民政府/政府 or by parent
    places one of them leaves out (洪泽区人民政府 = 淮安市洪泽区人民政府); names under two different parents stay
    apart (南京市鼓楼区 ≠ 福州市鼓楼区), and so does a name without a parent that could be either. `same` (a name →
    the name of the agency it is) and `apart` (names never joined) come from the data directory's agencies file.
    The agency keeps the name the user gave it, else its longest name, and every other name as an alias."""
    same, apart = same or {}, set(apart)
    by_name = {a.name: a for a in agencies}
    split = {name: parent_and_key(name) for name in by_name}
    groups: dict[str, list[str]] = {}
    for name in sorted(by_name):
        groups.setdefault(name if name in apart else split[name][1], []).append(name)
    joined: list[list[str]] = []
    for names in groups.values():
        parents = {split[n][0] for n in names} - {""}
        if len(parents) <= 1:
            joined.append(names)
        else:  # several parents: each its own, a name without one alone
            for parent in sorted(parents | {""}):
                part = [n for n in names if split[n][0] == parent]
                joined += [part] if parent else [[n] for n in part]
    root = {n: group[0] for group in joined for n in group}
    for variant, target in same.items():  # the user's word last: merges across any rule
        if variant in root and target in root:
            old, new = root[variant], root[target]
            root = {n: (new if r == old else r) for n, r in root.items()}
    targets = set(same.values())  # the agency a user names is called by that name
    out: dict[str, Agency] = {}
    for head in set(root.values()):
        names = sorted((n for n, r in root.items() if r == head), key=lambda n: (n not in targets, -len(n), n))
        main = by_name[names[0]]
        aliases = [x for n in names for x in by_name[n].names() if x != main.name]
        agency = Agency(main.name, main.short, main.place, tuple(dict.fromkeys([*main.aliases, *aliases])))
        out.update({n: agency for n in names})
    return out


class AgencyFileError(MessageError):
    """The agencies file cannot be read (said in the user's language)."""


def agency_rules(path: Path) -> tuple[dict[str, str], tuple[str, ...]]:
    """The data directory's agencies file (TOML), the user's word on names:

        apart = ["鼓楼区人民政府"]                      # never joined to another name
        [same]
        "洪泽区政府" = "淮安市洪泽区人民政府"            # this name is that agency

    Raises AgencyFileError with a one-line reason for a file that cannot be read."""
    import tomllib

    if not path.is_file():
        return {}, ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AgencyFileError("agencies.unreadable", file=path.name, error=str(exc)) from None
    same, apart = data.get("same", {}), data.get("apart", [])
    if not isinstance(same, dict) or not all(isinstance(v, str) for v in same.values()) \
            or not isinstance(apart, list) or not all(isinstance(v, str) for v in apart):
        raise AgencyFileError("agencies.shape", file=path.name)
    return {k.strip(): v.strip() for k, v in same.items()}, tuple(a.strip() for a in apart)
