"""The national report template as data: both formats, every table, row and column.

Parsers, checks and question understanding read these definitions; nothing else
hard-codes a label. Ids are stable across formats wherever the meaning is the same,
so "本年新收 总计" is ("applications", "new", "total") in 2019 and 2021 reports alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

TRIAL = "2019"  # 国办公开办函〔2019〕60号, used by 2019 and 2020 reports
REVISED = "2021"  # 国办公开办函〔2021〕30号, 2021 reports onward
FORMATS = {
    TRIAL: "2019/2020 试行格式（国办公开办函〔2019〕60号）",
    REVISED: "2021 修订格式（国办公开办函〔2021〕30号）",
}

# how a label is compared, wherever one is (the parser reading a table, the reader reading a question)
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[①-⑳])")
_NOISE = re.compile(r"[\s\u3000“”\"'‘’、，,。.:：;；()（）\[\]【】<>《》]")


def label_key(text: str) -> str:
    """A label as compared: NFKC, no numbering, spaces or punctuation."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _NUMBERING.sub("", text.replace(" ", ""))
    return _NOISE.sub("", text)


@dataclass(frozen=True)
class Column:
    """A column of a template table."""

    id: str
    label: str
    en: str
    unit: str | None = "件"
    aliases: tuple[str, ...] = ()
    en_aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # a column group (法人或其他组织): the columns whose sum it is
    same_as: str | None = None  # the column of the other format that counts the same (本年新制作 ↔ 本年制发)
    is_change: bool = False  # the change from the year before, as the report prints it (本年增/减)


@dataclass(frozen=True)
class Row:
    """A row of a template table; `columns` lists the column ids that row has."""

    id: str
    label: str
    en: str
    columns: tuple[str, ...]
    group: str | None = None
    aliases: tuple[str, ...] = ()
    en_aliases: tuple[str, ...] = ()
    formats: tuple[str, ...] = (TRIAL, REVISED)


@dataclass(frozen=True)
class Group:
    """A heading that gathers rows (e.g. （三）不予公开) without numbers of its own."""

    id: str
    label: str
    en: str
    aliases: tuple[str, ...] = ()
    en_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """One of the three standard tables."""

    id: str
    section: int
    label: str
    en: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    groups: tuple[Group, ...] = ()
    aliases: tuple[str, ...] = field(default=())
    column_groups: tuple[Column, ...] = ()  # printed as one heading over several columns; no cells of their own

    def column(self, column_id: str) -> Column:
        return next(c for c in (*self.columns, *self.column_groups) if c.id == column_id)

    def column_members(self, column_id: str) -> tuple[str, ...]:
        """The printed columns a column stands for: itself, or a column group's members."""
        return self.column(column_id).members or (column_id,)

    def row(self, row_id: str, fmt: str | None = None) -> Row:
        return next(r for r in self.rows if r.id == row_id and (fmt is None or fmt in r.formats))

    def rows_for(self, fmt: str) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if fmt in r.formats)

    def cell_rows(self, row_id: str, kind: str, fmt: str | None = None) -> list[str]:
        """The printed rows a row or group stands for (in one format, or in any): a group's rows; a row itself,
        or the rows of the group it became in that format ((六)其他处理 is a row in 2019, a group from 2021)."""
        rows = self.rows_for(fmt) if fmt else self.rows
        members = list(dict.fromkeys(r.id for r in rows if r.group == row_id))
        if kind == "row" and (not members or any(r.id == row_id for r in rows)):
            return [row_id]
        return members

    def columns_of(self, row_ids: list[str], fmt: str | None = None) -> list[str]:
        """The columns these rows have (in one format, or in any), in template order."""
        rows = self.rows_for(fmt) if fmt else self.rows
        return list(dict.fromkeys(c for r in rows if r.id in row_ids for c in r.columns))

    def has_column(self, column_id: str, columns) -> bool:
        """The column is one of `columns`, or a group of them (已审结 of a review row, 法人或其他组织 of a request row)."""
        members = self.column(column_id).members
        return column_id in columns or bool(members) and set(members) <= set(columns)

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)


# --- 二、主动公开政府信息情况 -----------------------------------------------------------
_ACTIVE_COLUMNS = (
    # 2019/2020
    Column("made", "本年新制作数量", "newly made this year", same_as="issued"),
    Column("published", "本年新公开数量", "newly published this year"),
    Column("total_published", "对外公开总数量", "total published", aliases=("对外公开总数",)),
    Column("prev_items", "上一年项目数量", "items last year", unit="项", aliases=("上年项目数量",)),
    Column("change", "本年增/减", "change this year", unit="项", aliases=("本年增减", "增减"), is_change=True),
    Column("decisions", "处理决定数量", "decisions made",
           aliases=("本年处理决定数量", "处理决定数"), en_aliases=("decisions", "number of decisions")),
    Column("purchase_items", "采购项目数量", "procurement projects", unit="项"),
    Column("purchase_amount", "采购总金额", "total procurement amount", unit=None,
           aliases=("采购金额", "采购总额"), en_aliases=("procurement amount", "procurement value")),
    # 2021+
    Column("issued", "本年制发件数", "issued this year", aliases=("本年制发",), same_as="made"),
    Column("repealed", "本年废止件数", "repealed this year", aliases=("本年废止",)),
    Column("in_force", "现行有效件数", "currently in force", aliases=("现行有效",)),
    Column("fee_amount", "本年收费金额", "fees collected this year", unit="万元",
           aliases=("收费金额",), en_aliases=("fee amount", "fees collected")),
)

_T, _R = (TRIAL,), (REVISED,)
ACTIVE = Table(
    id="active",
    section=2,
    label="主动公开政府信息情况",
    en="Proactive disclosure",
    aliases=("主动公开", "二"),
    columns=_ACTIVE_COLUMNS,
    groups=(
        Group("art20_1", "第二十条第（一）项", "Article 20 (1)"),
        Group("art20_5", "第二十条第（五）项", "Article 20 (5)"),
        Group("art20_6", "第二十条第（六）项", "Article 20 (6)"),
        Group("art20_8", "第二十条第（八）项", "Article 20 (8)"),
        Group("art20_9", "第二十条第（九）项", "Article 20 (9)"),
    ),
    rows=(
        Row("rules", "规章", "rules (regulations)", ("made", "published", "total_published"),
            "art20_1", formats=_T, en_aliases=("regulations", "rules")),
        Row("rules", "规章", "rules (regulations)", ("issued", "repealed", "in_force"),
            "art20_1", formats=_R, en_aliases=("regulations", "rules")),
        Row("normative_docs", "规范性文件", "normative documents",
            ("made", "published", "total_published"), "art20_1",
            aliases=("行政规范性文件",), formats=_T, en_aliases=("normative documents",)),
        Row("normative_docs", "行政规范性文件", "normative documents",
            ("issued", "repealed", "in_force"), "art20_1",
            aliases=("规范性文件",), formats=_R, en_aliases=("normative documents",)),
        Row("licensing", "行政许可", "administrative licensing",
            ("prev_items", "change", "decisions"), "art20_5", formats=_T,
            en_aliases=("licensing", "licenses", "permits")),
        Row("licensing", "行政许可", "administrative licensing", ("decisions",), "art20_5",
            formats=_R, en_aliases=("licensing", "licenses", "permits")),
        Row("other_services", "其他对外管理服务事项", "other external management services",
            ("prev_items", "change", "decisions"), "art20_5", formats=_T,
            aliases=("其他对外管理服务",)),
        Row("penalty", "行政处罚", "administrative penalties",
            ("prev_items", "change", "decisions"), "art20_6", formats=_T,
            en_aliases=("penalties", "administrative penalty")),
        Row("penalty", "行政处罚", "administrative penalties", ("decisions",), "art20_6",
            formats=_R, en_aliases=("penalties", "administrative penalty")),
        Row("coercion", "行政强制", "administrative coercion",
            ("prev_items", "change", "decisions"), "art20_6", formats=_T,
            en_aliases=("coercive measures", "administrative enforcement measures")),
        Row("coercion", "行政强制", "administrative coercion", ("decisions",), "art20_6",
            formats=_R, en_aliases=("coercive measures", "administrative enforcement measures")),
        Row("fees", "行政事业性收费", "administrative fees", ("prev_items", "change"),
            "art20_8", formats=_T, en_aliases=("fees", "administrative charges")),
        Row("fees", "行政事业性收费", "administrative fees", ("fee_amount",), "art20_8",
            formats=_R, en_aliases=("fees", "administrative charges")),
        Row("procurement", "政府集中采购", "centralised government procurement",
            ("purchase_items", "purchase_amount"), "art20_9", formats=_T,
            aliases=("集中采购",), en_aliases=("procurement", "government procurement")),
    ),
)

# --- 三、收到和处理政府信息公开申请情况 -------------------------------------------------
_APPLICANT_COLUMNS = (
    Column("natural_person", "自然人", "natural persons", aliases=("公民", "个人"),
           en_aliases=("individuals", "citizens", "natural person")),
    Column("commercial", "商业企业", "commercial enterprises", aliases=("企业",),
           en_aliases=("companies", "businesses", "enterprises")),
    Column("research", "科研机构", "research institutions", aliases=("科研",),
           en_aliases=("research institutes",)),
    Column("public_interest", "社会公益组织", "public-interest organisations",
           aliases=("社会组织", "公益组织"),
           en_aliases=("social organisations", "public interest organizations", "ngos")),
    Column("legal_services", "法律服务机构", "legal service providers",
           aliases=("法律服务",), en_aliases=("law firms", "legal services")),
    Column("other_org", "其他", "other organisations", aliases=("其他组织",),
           en_aliases=("other organizations",)),
    Column("total", "总计", "total", aliases=("合计", "总数"), en_aliases=("in total", "overall")),
)
_A7 = tuple(c.id for c in _APPLICANT_COLUMNS)

APPLICATIONS = Table(
    id="applications",
    section=3,
    label="收到和处理政府信息公开申请情况",
    en="Applications received and handled",
    aliases=("依申请公开", "三"),
    columns=_APPLICANT_COLUMNS,
    column_groups=(
        Column("organisations", "法人或其他组织", "legal persons or other organisations",
               aliases=("法人或其他组织申请人", "法人和其他组织", "法人及其他组织", "法人或者其他组织", "法人", "以单位名义",
                        "单位名义", "以单位身份", "以组织名义", "以机构名义"),
               en_aliases=("legal persons", "organisations", "organizations", "legal persons and other organisations",
                           "legal entities"),
               members=("commercial", "research", "public_interest", "legal_services", "other_org")),
    ),
    groups=(
        Group("results", "三、本年度办理结果", "results this year", aliases=("本年度办理结果",)),
        Group("refused", "（三）不予公开", "not disclosed", aliases=("不予公开",),
              en_aliases=("refused", "not disclosed", "withheld", "denied", "rejected")),
        Group("unable", "（四）无法提供", "unable to provide", aliases=("无法提供",),
              en_aliases=("unable to provide", "could not be provided", "cannot be provided")),
        Group("not_processed", "（五）不予处理", "not processed", aliases=("不予处理",),
              en_aliases=("not processed", "not handled", "declined to process")),
        Group("other", "（六）其他处理", "otherwise handled", aliases=("其他处理",),
              en_aliases=("otherwise handled", "other handling")),
    ),
    rows=(
        Row("new", "一、本年新收政府信息公开申请数量", "new applications received this year", _A7,
            aliases=("本年新收", "新收申请"),
            en_aliases=("applications received", "new applications", "requests received")),
        Row("carried_in", "二、上年结转政府信息公开申请数量", "carried over from last year", _A7,
            aliases=("上年结转",), en_aliases=("carried over from the previous year",)),
        Row("granted", "（一）予以公开", "fully disclosed", _A7, "results",
            aliases=("予以公开",), en_aliases=("disclosed", "granted", "fully granted")),
        Row("partial", "（二）部分公开", "partially disclosed", _A7, "results",
            aliases=("部分公开", "部分公开(区分处理的,只计这一情形,不计其他情形)"),
            en_aliases=("partially granted", "partly disclosed")),
        Row("refused.state_secret", "1.属于国家秘密", "refused: state secret", _A7, "refused",
            aliases=("国家秘密",), en_aliases=("state secret", "state secrets")),
        Row("refused.law_prohibited", "2.其他法律行政法规禁止公开",
            "refused: prohibited by other laws", _A7, "refused",
            aliases=("其他法律行政止公开", "法律行政法规禁止公开"),
            en_aliases=("prohibited by law", "prohibited by laws and regulations")),
        Row("refused.three_safety", "3.危及“三安全一稳定”",
            "refused: endangers the three securities and stability", _A7, "refused",
            aliases=("危及三安全一稳定", "三安全一稳定"),
            en_aliases=("endanger security", "national security and stability")),
        Row("refused.third_party", "4.保护第三方合法权益",
            "refused: protects third-party rights", _A7, "refused",
            aliases=("第三方合法权益",), en_aliases=("third party rights", "third-party interests")),
        Row("refused.internal_affairs", "5.属于三类内部事务信息",
            "refused: internal affairs information", _A7, "refused",
            aliases=("三类内部事务信息", "内部事务信息"), en_aliases=("internal affairs",)),
        Row("refused.process_info", "6.属于四类过程性信息",
            "refused: process information", _A7, "refused",
            aliases=("四类过程性信息", "过程性信息"), en_aliases=("process information", "deliberative")),
        Row("refused.enforcement_file", "7.属于行政执法案卷",
            "refused: administrative enforcement files", _A7, "refused",
            aliases=("行政执法案卷",), en_aliases=("enforcement files", "law enforcement case files")),
        Row("refused.query_item", "8.属于行政查询事项", "refused: administrative query matters",
            _A7, "refused", aliases=("行政查询事项",), en_aliases=("query matters",)),
        Row("unable.not_held", "1.本机关不掌握相关政府信息",
            "unable: information not held by this agency", _A7, "unable",
            aliases=("本机关不掌握", "不掌握相关政府信息"),
            en_aliases=("not held", "information not held", "does not hold")),
        Row("unable.needs_creation", "2.没有现成信息需要另行制作",
            "unable: information would have to be created", _A7, "unable",
            aliases=("没有现成信息", "需要另行制作"), en_aliases=("no ready-made information",)),
        Row("unable.unclear", "3.补正后申请内容仍不明确",
            "unable: request still unclear after correction", _A7, "unable",
            aliases=("申请内容仍不明确", "补正后仍不明确"), en_aliases=("unclear request",)),
        Row("not_processed.petition", "1.信访举报投诉类申请",
            "not processed: petitions, reports and complaints", _A7, "not_processed",
            aliases=("信访举报投诉类申请", "信访举报投诉"), en_aliases=("petitions", "complaints")),
        Row("not_processed.repeat", "2.重复申请", "not processed: repeated applications", _A7,
            "not_processed", aliases=("重复申请", "反复来问", "重复来问", "同一件事反复"),
            en_aliases=("repeated applications",)),
        Row("not_processed.publication", "3.要求提供公开出版物",
            "not processed: requests for publications", _A7, "not_processed",
            aliases=("公开出版物",), en_aliases=("publications",)),
        Row("not_processed.mass_repeat", "4.无正当理由大量反复申请",
            "not processed: mass repeated applications without good reason", _A7,
            "not_processed", aliases=("大量反复申请",), en_aliases=("mass repeated applications",)),
        Row("not_processed.confirm", "5.要求行政机关确认或重新出具已获取信息",
            "not processed: requests to confirm or re-issue information already obtained", _A7,
            "not_processed", aliases=("确认或重新出具已获取信息",),
            en_aliases=("confirm or reissue",)),
        Row("other", "（六）其他处理", "otherwise handled", _A7, "results",
            aliases=("其他处理",), en_aliases=("other handling", "handled otherwise"),
            formats=_T),
        Row("other.no_supplement",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "other: applicant did not supplement in time", _A7, "other",
            aliases=("逾期不补正",), en_aliases=("did not supplement", "failed to supplement", "supply the corrections",
                                                 "supply corrections", "corrections asked for", "corrections requested",
                                                 "correct their application", "correct the application", "lapsed"),
            formats=_R),
        Row("other.unpaid_fee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "other: applicant did not pay the fee in time", _A7, "other",
            aliases=("逾期未按收费通知要求缴纳费用", "未缴纳费用"), en_aliases=("unpaid fee",),
            formats=_R),
        Row("other.other", "3.其他", "other: other", _A7, "other", formats=_R),
        Row("handled_total", "（七）总计", "total handled", _A7, "results",
            aliases=("总计",), en_aliases=("total handled", "handled in total", "processed")),
        Row("carried_forward", "四、结转下年度继续办理", "carried forward to next year", _A7,
            aliases=("结转下年度继续办理", "结转下年度"),
            en_aliases=("carried forward", "carried over to next year", "still pending")),
    ),
)

# --- 四、政府信息公开行政复议、行政诉讼情况 ---------------------------------------------
_OUTCOME_COLUMNS = (
    Column("upheld", "结果维持", "upheld", aliases=("维持",), en_aliases=("upheld", "maintained")),
    Column("corrected", "结果纠正", "corrected", aliases=("纠正",),
           en_aliases=("corrected", "overturned")),
    Column("other", "其他结果", "other outcome", aliases=("其他",), en_aliases=("other result",)),
    Column("pending", "尚未审结", "pending", aliases=("未审结", "还在审", "正在审", "审理中", "未结案", "没结案", "没审完",
                                                      "未办结", "没办结"),
           en_aliases=("pending", "not yet concluded")),
    Column("total", "总计", "total", aliases=("合计",), en_aliases=("total",)),
)
_O5 = tuple(c.id for c in _OUTCOME_COLUMNS)

REVIEW = Table(
    id="review",
    section=4,
    label="政府信息公开行政复议、行政诉讼情况",
    en="Administrative reconsideration and litigation",
    aliases=("行政复议诉讼", "四"),
    columns=_OUTCOME_COLUMNS,
    column_groups=(
        Column("concluded", "已审结", "concluded", aliases=("审结", "已结案", "结案", "已办结", "已经审结", "审完", "结了案",
                                                             "办结"),
               en_aliases=("concluded", "closed", "decided", "resolved", "finished"),
               members=("upheld", "corrected", "other")),
    ),
    groups=(
        Group("lawsuits", "行政诉讼", "administrative lawsuits", aliases=("诉讼", "行诉"),
              en_aliases=("lawsuit", "lawsuits", "litigation", "court cases", "sued")),
    ),
    rows=(
        Row("reconsideration", "行政复议", "administrative reconsideration", _O5,
            aliases=("复议",), en_aliases=("reconsideration", "administrative review")),
        Row("suit_direct", "行政诉讼（未经复议直接起诉）", "lawsuits filed directly", _O5, "lawsuits",
            aliases=("未经复议直接起诉", "直接起诉"),
            en_aliases=("direct lawsuits", "lawsuits without reconsideration")),
        Row("suit_after_review", "行政诉讼（复议后起诉）", "lawsuits after reconsideration", _O5, "lawsuits",
            aliases=("复议后起诉",), en_aliases=("lawsuits after reconsideration",)),
    ),
)

TABLES: tuple[Table, ...] = (ACTIVE, APPLICATIONS, REVIEW)
SECTION_TITLES = {
    1: ("总体情况",),
    2: ("主动公开政府信息情况", "行政机关主动公开政府信息情况"),
    3: ("收到和处理政府信息公开申请情况", "行政机关收到和处理政府信息公开申请情况"),
    4: ("政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    5: ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"),
    6: ("其他需要报告的事项",),
}
# Header words only one format prints; they decide a report's format.
FORMAT_MARKERS = {
    REVISED: ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正",
              "逾期未按收费通知"),
    TRIAL: ("本年新制作数量", "本年新公开数量", "上一年项目数量", "采购项目数量", "采购总金额"),
}


# Verbs that say "received" without saying what: alone they do not make a question about
# applications ("县长信箱收到多少件" is about letters, which only the prose reports).
VERB_ONLY = {"收到", "受理", "接收", "接到", "receive", "received", "get", "got", "filed", "submitted"}
# Everyday wording people use in questions, beyond the printed labels and aliases above.
# Keys are (table, "row" | "column" | "group", id). The parser never reads these.
WORDS_ZH: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("applications", "row", "new"): ("收到", "受理", "新收", "接收", "接到", "申请", "依申请", "申请数量", "申请数", "申请量",
                                     "多少申请", "多少件申请", "申请件数", "信息公开申请", "申请人情况", "要信息",
                                     "索要信息", "讨要信息"),
    ("applications", "row", "carried_in"): ("上年结转", "上一年结转", "去年结转", "往年结转", "转过来", "结转过来", "转入本年"),
    ("applications", "row", "granted"): ("全部公开", "同意公开", "予以公开", "全给公开", "全部给予公开", "全部给公开", "全公开",
                                         "全部给了", "都公开了", "全都公开", "都给了", "全给了", "全都拿到", "全拿到",
                                         "都拿到了"),
    ("applications", "row", "partial"): ("部分公开", "部分信息", "提供部分", "公开一部分", "只公开了一部分", "给了一部分",
                                         "给了一些", "没全给", "没有全给",
                                         "只给了一部分"),
    ("applications", "row", "handled_total"): ("办理结果总计", "本年度办理结果", "办理结果", "办结", "办理了",
                                               "处理了", "答复了", "办理总数", "办理总量", "办理的申请", "办理完毕", "办完的"),
    ("applications", "row", "carried_forward"): ("结转下年", "结转到下一年", "结转至下年", "转入下年", "结转到", "结转至",
                                                 "未办结", "尚未办结", "继续办理", "转下年", "转到下一年", "留到下一年", "拖到下一年", "挪到下一年", "下年继续", "没办完",
                                                 "还在办", "仍在办理", "正在办理", "尚在办理", "还没办结", "没办结", "办理中"),
    ("applications", "group", "refused"): ("不予公开", "不公开", "拒绝公开", "不予以公开", "拒绝", "被拒", "没有公开", "未公开",
                                           "驳回", "拒了", "不让公开", "没给公开", "不给公开", "拒掉", "拒绝掉", "没公开",
                                           "没能公开", "没予公开"),
    ("applications", "group", "unable"): ("无法提供", "没法提供", "提供不了", "没提供", "没能提供", "没有提供", "给不了",
                                          "给不出"),
    ("applications", "group", "not_processed"): ("不予处理",),
    ("applications", "column", "natural_person"): ("个人", "公民", "自然人申请", "老百姓", "普通人"),
    ("applications", "column", "commercial"): ("企业", "公司", "商业", "商企"),
    ("applications", "column", "research"): ("科研",),
    ("applications", "column", "public_interest"): ("公益组织", "社会组织", "公益性质", "公益性", "公益团体", "公益机构"),
    ("applications", "column", "legal_services"): ("律师", "律所", "法律服务"),
    ("applications", "column", "other_org"): ("其他组织", "其他法人"),
    ("applications", "column", "organisations"): ("单位申请人", "各类组织", "非自然人", "不含个人", "组织申请", "法人组织", "单位提出", "单位申请",
                                                  "单位名义", "以单位名义", "单位身份", "以单位身份", "组织名义", "以组织名义"),
    ("active", "row", "procurement"): ("采购",),
    ("active", "row", "penalty"): ("处罚", "罚款", "罚了"),
    ("active", "row", "licensing"): ("许可",),
    ("active", "row", "fees"): ("收费",),
    ("active", "row", "normative_docs"): ("规范性文件",),
    ("active", "column", "purchase_amount"): ("采购金额", "采购总金额", "采购额", "金额", "花了多少钱"),
    ("active", "column", "purchase_items"): ("采购项目", "项目数"),
    ("active", "column", "decisions"): ("处理决定", "决定数", "决定数量"),
    ("active", "column", "change"): ("增减", "增加了多少", "减少了多少", "增/减"),
    ("active", "column", "prev_items"): ("上一年项目", "上年项目"),
    ("active", "column", "made"): ("新制作", "制作", "新制定", "制定"),
    ("active", "column", "published"): ("新公开",),
    ("active", "column", "total_published"): ("对外公开总数", "公开总数"),
    ("active", "column", "issued"): ("制发", "出台", "印发"),
    ("active", "column", "repealed"): ("废止", "废掉", "废除", "取消", "作废"),
    ("active", "column", "in_force"): ("现行有效", "还有效", "仍然有效", "仍有效", "管用", "有效的"),
    ("active", "column", "fee_amount"): ("收费金额",),
    ("review", "row", "reconsideration"): ("复议",),
    ("review", "group", "lawsuits"): ("行政诉讼", "诉讼", "起诉", "打官司", "官司", "被告", "告上法庭", "上法院", "被人告", "告到法院", "被起诉", "告上"),
    ("review", "row", "suit_direct"): ("直接起诉", "未经复议", "直接告", "直接上法院", "直接诉", "直接告到法院", "直接告上法院",
                                       "直接告上法庭", "直接到法院", "直诉", "未经行政复议", "未经过行政复议", "没经过复议",
                                       "不经复议", "直接向法院", "直接提起行政诉讼", "直接提起诉讼"),
    ("applications", "row", "other.unpaid_fee"): ("未缴费", "没缴费", "不缴费", "逾期未缴", "未交费", "没交费", "不交费",
                                                   "未按收费通知", "未缴纳费用", "没有缴纳费用", "没缴纳费用", "未缴纳"),
    ("applications", "row", "other.no_supplement"): ("逾期不补正", "不补正", "未补正", "没补正", "没有补正"),
    ("review", "row", "suit_after_review"): ("复议后起诉", "复议后", "经复议后", "复议后又", "复议完", "复议之后",
                                             "复议以后", "经行政复议后", "行政复议后起诉", "先复议"),
    ("review", "column", "upheld"): ("维持", "胜诉", "被维持", "维持原决定", "驳回", "驳回原告", "驳回诉讼请求", "驳回起诉",
                                     "驳回复议申请", "驳回申请人"),
    ("review", "column", "other"): ("撤诉", "撤回", "终止审理", "其他方式了结", "其他方式结案", "其他方式结束"),
    ("review", "column", "corrected"): ("纠正", "被改", "改判", "撤销", "被纠正", "变更", "纠错", "被纠错", "败诉",
                                        "判输", "输了", "打输", "输掉", "改了政府", "改了决定", "改了原决定", "改掉", "推翻",
                                        "改判了"),
    ("review", "column", "pending"): ("尚未审结", "未审结", "未结", "还没审结", "没结案", "未结案", "还在审理", "没出结果", "尚未审结", "未出结果", "审理中",
                                        "还没判", "没判", "未判决", "尚未判决", "还没有结果", "没出判决", "还在审", "没结",
                                        "没审结", "没有审结", "还没结", "尚未结案", "没有结案"),
    ("applications", "row", "refused.law_prohibited"): ("别的法律", "其他法律", "法律法规禁止", "法规不让"),
    ("applications", "row", "unable.not_held"): ("不掌握", "没有掌握", "没有这个信息", "没有该信息", "信息不存在",
                                                 "不存在", "查无此信息", "不归本机关", "不属于本机关", "不是本机关的"),
    ("applications", "row", "refused.state_secret"): ("涉密", "保密", "机密", "密级"),
    ("applications", "row", "refused.three_safety"): ("三安全", "国家安全", "公共安全", "经济安全", "社会稳定"),
    ("applications", "row", "refused.third_party"): ("第三方", "商业秘密", "个人隐私"),
    ("applications", "row", "refused.internal_affairs"): ("内部事务",),
    ("applications", "row", "refused.process_info"): ("过程性",),
    ("applications", "row", "refused.enforcement_file"): ("执法案卷",),
    ("applications", "row", "refused.query_item"): ("行政查询", "查询事项", "查询渠道", "查询途径", "通过查询"),
    ("applications", "row", "unable.needs_creation"): ("另行制作", "另外制作", "重新加工", "加工汇总", "汇总加工", "另行加工",
                                                       "重新制作", "重新汇总", "现做", "重新整理"),
    ("applications", "row", "unable.unclear"): ("不明确",),
}
WORDS_EN: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("applications", "row", "new"): ("receive", "received", "applications", "requests", "application",
                                     "request", "new applications", "filed", "submitted", "foi requests",
                                     "ogi applications", "information requests", "asked for info",
                                     "asked for information", "lodged", "logged", "fresh applications", "incoming"),
    ("applications", "row", "carried_in"): ("carried over from last year", "carried in", "bring in from",
                                            "brought in from", "bring over from",
                                            "carried over from the previous year", "from the previous year",
                                            "left over from last year", "brought forward", "brought into",
                                            "still open from", "inherited", "pending when",
                                            "carried over from", "carried forward from", "left over from",
                                            "brought over from", "at the start of the year", "open from",
                                            "outstanding from", "pending from", "unfinished from", "unresolved from"),
    ("applications", "row", "granted"): ("fully disclosed", "disclosed in full", "granted in full",
                                         "fully granted", "approved", "released in full", "fully released",
                                         "full release", "given in full", "granted", "full info", "got the full", "in full",
                                         "all of the information", "all the information", "everything they asked",
                                         "everything requested", "everything asked for"),
    ("applications", "row", "partial"): ("partially", "partly", "partial", "redacted", "in part", "part-only",
                                         "partial release", "only part", "part of what", "only some",
                                         "some of the information", "some of what",
                                         # the verb of a full disclosure with a qualifier that halves it
                                         *(f"{verb} {only}{part}" for verb in ("disclosed", "released", "granted",
                                                                                "provided", "given", "answered")
                                           for only in ("", "only ") for part in ("in part", "partly", "partially")),
                                         # a disclosure's noun with the same qualifier: "its partial grants"
                                         *(f"{part} {noun}" for part in ("partial", "part") for noun in (
                                             "grant", "grants", "disclosure", "disclosures", "release", "releases"))),
    ("applications", "row", "handled_total"): ("handled", "processed", "dealt with", "answered", "wrapped up",
                                               "finish dealing", "finished dealing", "finished handling", "disposed of",
                                               "closed", "deal with", "deals with", "dealing with", "all outcomes"),
    ("applications", "row", "other"): ("other way", "some other way", "other ways", "otherwise"),
    ("applications", "group", "refused"): ("turned down", "said no", "rejected", "declined", "withheld", "denied",
                                           "refusal", "refusals", "refused", "knocked back", "held back", "kept back",
                                           "denial", "denials", "not released", "refuse", "say no", "says no",
                                           "saying no", "flat-out no"),
    ("applications", "group", "unable"): ("could not provide", "not provide", "unable to provide", "couldn't provide",
                                          "could not supply", "couldn't supply", "unable to supply"),
    ("applications", "row", "carried_forward"): ("carried forward", "carried over to next year", "carried over to",
                                                 "left to finish", "still open at the end", "open at the end of",
                                                 "carried over into", "carried into", "rolled over into", "rolled over to",
                                                 "carried into", "rolled over",
                                                 "carried over into next year", "pending at year end",
                                                 "still pending", "unfinished", "roll into", "rolled into", "still open",
                                                 "still being worked on"),
    ("applications", "row", "refused.state_secret"): ("state secret", "state secrets", "secret", "secrecy",
                                                      "national secrecy", "classified"),
    ("applications", "row", "refused.third_party"): ("third party", "third-party", "somebody else's interests",
                                                     "someone else's interests", "somebody else's rights",
                                                     "someone else's rights", "other people's interests",
                                                     "other people's rights", "others' interests", "others' rights",
                                                     "another party's", "other parties'"),
    ("applications", "row", "unable.not_held"): ("not held", "did not hold", "does not hold", "doesn't hold",
                                                 "don't hold", "doesn't keep", "don't keep", "did not have",
                                                 "didn't have", "does not have", "not in possession",
                                                 "did not exist", "does not exist", "doesn't exist", "didn't exist",
                                                 "non-existent", "nonexistent", "no such information",
                                                 "belongs to another agency", "belongs to someone else",
                                                 "another agency's", "held by another agency", "not something the office kept",
                                                 "wasn't something the office kept", "not kept by the office",
                                                 "the office didn't keep", "the office did not keep", "not on file"),
    ("applications", "row", "not_processed.repeat"): ("repeated", "duplicate applications", "repeat", "duplicate",
                                                      "duplicates", "asked the same thing again",
                                                      "same thing again"),
    ("applications", "column", "natural_person"): ("natural persons", "individuals", "citizens", "people",
                                                   "private individuals", "members of the public", "ordinary people",
                                                   "ordinary folks", "residents"),
    ("applications", "column", "commercial"): ("commercial enterprises", "companies", "businesses",
                                               "enterprises", "firms"),
    ("applications", "column", "research"): ("research institutions", "research", "universities"),
    ("applications", "column", "public_interest"): ("public interest", "public-interest", "ngo", "ngos",
                                                    "social organizations", "social organisations"),
    ("applications", "column", "legal_services"): ("legal service", "law firms", "lawyers", "legal services"),
    ("applications", "column", "other_org"): ("other organisations", "other organizations"),
    ("active", "row", "penalty"): ("administrative penalties", "penalties", "penalty", "punishments", "fines"),
    ("active", "row", "other_services"): ("other management and service items", "management and service items",
                                          "other service items", "other services", "other external management",
                                          "external management and service"),
    ("active", "row", "licensing"): ("licensing", "licences", "licenses", "permits", "administrative licensing"),
    ("active", "row", "coercion"): ("coercion", "coercive measures", "compulsory measures"),
    ("active", "row", "procurement"): ("procurement", "purchasing", "purchases", "government procurement"),
    ("active", "row", "fees"): ("fees", "charges", "administrative fees"),
    ("active", "row", "rules"): ("rules", "regulations", "regs"),
    ("active", "row", "normative_docs"): ("normative documents", "normative docs", "policy documents", "norm docs"),
    ("active", "column", "purchase_amount"): ("amount", "value", "spent", "spending", "how much money",
                                              "procurement amount", "total amount"),
    ("active", "column", "purchase_items"): ("projects", "items", "number of procurement"),
    ("active", "column", "decisions"): ("decisions", "decision"),
    ("active", "column", "change"): ("change", "increase", "decrease"),
    ("active", "column", "prev_items"): ("last year's items", "items last year", "previous year"),
    ("active", "column", "made"): ("made", "drafted", "newly made", "newly make", "enacted", "draw up", "drew up",
                                   "drawn up", "formulated"),
    ("active", "column", "published"): ("newly published", "released for the first time", "first released",
                                        "first published", "newly released"),
    ("active", "column", "total_published"): ("published in total", "total published", "made public",
                                              "total made public"),
    ("active", "column", "issued"): ("issued", "newly issued", "put out", "promulgated", "brought out"),
    ("active", "column", "repealed"): ("repealed", "abolished", "scrap", "scrapped", "rescinded", "revoked", "annulled",
                                       "struck off"),
    ("active", "column", "in_force"): ("in force", "currently valid", "still valid", "still in force", "valid"),
    ("active", "column", "fee_amount"): ("fee amount", "fees collected", "collected", "fee income", "income"),
    ("review", "row", "reconsideration"): ("administrative reconsideration", "reconsideration",
                                           "reconsiderations", "administrative review", "appeals",
                                           "administrative appeals"),
    ("review", "row", "suit_direct"): ("directly", "direct lawsuits", "without reconsideration", "direct suits",
                                     "straight to court", "straight to the court", "went straight", "bypassing reconsideration",
                                     "skipping reconsideration", "direct ones", "direct cases", "direct one"),
    ("review", "group", "lawsuits"): ("suits", "court", "taken to court", "sue", "suing", "lawsuits", "lawsuit",
                                      "litigation", "court cases", "sued", "dragged to court"),
    ("review", "row", "suit_after_review"): ("after reconsideration", "after a reconsideration", "post-reconsideration",
                                             "followed a reconsideration", "following reconsideration"),
    ("review", "column", "concluded"): ("settled", "closed", "completed", "decided", "resolved", "final outcome",
                                        "reached a result", "reached a verdict", "reached a decision", "got a result",
                                        "reached an outcome", "outcome of any kind", "any outcome", "final result",
                                        "final results", "final ruling", "result of some kind", "outcome of some kind",
                                        "ruled on", "verdict"),
    ("applications", "row", "refused.query_item"): ("enquiry", "enquiries", "inquiry", "inquiries", "look up",
                                                    "query"),
    ("review", "column", "upheld"): ("upheld", "maintained", "won", "win", "wins", "prevailed", "sided with",
                                     "decision confirmed", "decision was confirmed", "decision stood",
                                     "decision was upheld", "decision upheld", "decisions were upheld",
                                     "decisions upheld", "in its favour", "in its favor", "favour", "favor",
                                     "favourably", "favorably", "in their favour", "in their favor",
                                     "the government's way", "in the government's favour", "in the government's favor",
                                     "the agency's way", "the office's way", "claims dismissed", "claim dismissed"),
    ("review", "column", "corrected"): ("corrected", "correction", "corrections", "overturned", "reversed", "lost",
                                        "ruled against", "annulled", "decision changed", "went the applicant's way",
                                        "in the applicant's favour", "in the applicant's favor",
                                        "went against", "against the county", "against the office",
                                        "against the district", "lose", "go against", "goes against", "gone against",
                                        "decided against", "against the town", "against the city", "against the agency",
                                        "against the government", "decision corrected", "decision was corrected",
                                        "decisions corrected", "decisions were corrected", "decision overturned",
                                        "decision reversed", "decision was overturned", "decision was reversed"),
    ("review", "column", "pending"): ("pending", "not yet concluded", "unresolved", "undecided", "not yet decided",
                                      "still open", "still undecided", "not concluded", "awaiting judgment",
                                      "awaiting judgement", "awaiting a ruling", "awaiting a decision", "not yet ruled",
                                      "still waiting", "waiting for a decision", "waiting for decision",
                                      "still pending", "pending at the end of the year", "pending at year end"),
    ("applications", "row", "unable.needs_creation"): ("from scratch", "create", "created", "compiled",
                                                       "new information", "newly put together", "had to put together",
                                                       "have to put together", "to be put together",
                                                       "compile", "pulled together", "assembled"),
    ("applications", "row", "unable.unclear"): ("unclear", "too vague", "vague"),
    ("applications", "group", "not_processed"): ("not processed", "declined to process", "set aside", "unprocessed",
                                                 "refuse to deal with", "refused to deal with",
                                                 "went unprocessed", "left unprocessed"),
    ("applications", "row", "not_processed.petition"): ("petition", "petitions", "complaints"),
    ("applications", "row", "not_processed.publication"): ("publications", "published materials"),
    ("applications", "row", "not_processed.mass_repeat"): ("vexatious", "mass requests", "repetitive",
                                                         "unreasonable", "flood", "excessive", "bulk requests",
                                                         "no good reason", "huge numbers of", "without good reason",
                                                         "no legitimate purpose", "in bulk", "over and over",
                                                         "mass repeat", "mass repeats", "mass repeated",
                                                         "mass repeat requests", "mass repeat applications"),
    ("applications", "row", "not_processed.confirm"): ("re-issue", "reissue", "confirm"),
    ("applications", "row", "other.unpaid_fee"): ("unpaid fee", "unpaid fees", "did not pay", "didn't pay",
                                                  "fee not paid"),
    ("applications", "row", "other.no_supplement"): ("did not supplement", "didn't supplement", "failed to clarify",
                                                     "did not amend", "didn't amend", "never clarified",
                                                     "did not respond to a request to clarify", "did not clarify",
                                                     "didn't clarify", "never supplemented", "missed the deadline to",
                                                     "no supplement", "missing clarification", "no clarification",
                                                     "not supplemented", "unsupplemented"),
    ("review", "column", "other"): ("withdrawn", "withdrawal", "withdrawals", "terminated", "termination",
                                    "other outcome", "other outcomes", "closed some other way", "some other way",
                                    "withdrew"),
    ("applications", "column", "organisations"): ("non-individual", "corporate", "companies and other organisations",
                                                  "companies or other organisations", "companies and other organizations",
                                                  "companies or other organizations", "companies and other bodies",
                                                  "companies or other bodies", "businesses and other organisations",
                                                  "businesses or other organisations", "firms and other organisations",
                                                  "organisations rather than individuals", "bodies rather than individuals"),
}


def table(table_id: str) -> Table:
    """The template table with this id (active, applications, review)."""
    return next(t for t in TABLES if t.id == table_id)


def find_table(name: str) -> Table | None:
    """A table by id, Chinese label, alias or section numeral (二/2)."""
    key = name.strip().lower()
    for t in TABLES:
        if key in (t.id, t.label, str(t.section), *t.aliases):
            return t
    return None
