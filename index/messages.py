"""The catalogue: every sentence a user reads, in Chinese and English, under one key.

Stages below the answer (the parser's inference reasons) store a `Message` (its key and its values), never a
sentence, so an answer says it in the question's language:

    Message("inferred.row_values", values=5, columns=4).encode()    # what a Fact stores
    said(fact.inferred, "zh")                                         # what an answer shows
    say("ask.empty", "en")                                            # a sentence with no stored part

Errors and outcomes travel said in English and sayable in any language: a `MessageError` (ReadError, ReportError,
UploadError: `str(exc)` is English, `exc.say("zh")`) and a `Sentence` (a str that is its English sentence and
keeps its message: an ingest outcome, an upload result). The keys after `text.*` live in messages_errors.py.

Wording changes here only; a `Message` with a key missing here fails where it is made.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- how a number was placed (index/tables.py), said with the cell it concerns --------------------------
    "inferred.row_values": ("该行有{values}个数值、{columns}列，按列的顺序保留了前几个",
                            "the row has {values} values for {columns} columns"),
    "inferred.heading_numbers": ("数字印在分组标题行“{group}”上，其第一行“{row}”本身没有数字",
                                 "the numbers stand on the group heading line '{group}'; its first row '{row}' has none"),
    "inferred.row_sum": ("该行有{numbers}个数字、{width}列；按“总计 = 其余各列之和”的所有排法都一致的位置放置",
                         "the row has {numbers} numbers for {width} columns; placed where every arrangement that "
                         "keeps total = sum of the other columns agrees"),
    "inferred.review": ("第四部分有{numbers}个数字、15个单元格；按“维持+纠正+其他+尚未审结=总计”和正文（{prose}）放置",
                        "section 四 has {numbers} numbers for 15 cells; placed by the rule 维持+纠正+其他+尚未审结=总计 "
                        "and the prose ({prose})"),
    "inferred.review_rule": ("第四部分有{numbers}个数字、15个单元格；按“维持+纠正+其他+尚未审结=总计”放置（正文未提及）",
                             "section 四 has {numbers} numbers for 15 cells; placed by the rule "
                             "维持+纠正+其他+尚未审结=总计 (the prose says nothing of them)"),
    # --- the assistant's own sentences ----------------------------------------------------------------------
    "ask.empty": ("请输入一个问题。", "Please ask a question."),
    "ask.too_long": ("问题太长（最多{limit}字）。", "The question is too long (at most {limit} characters)."),
    "route.nothing_indexed": ("还没有收录任何报告：请先运行 python -m assistant ingest。",
                              "No reports are indexed yet: run `python -m assistant ingest` first."),
    "route.unknown_agency": ("语料中没有{names}的报告（已收录：{known}），无法给出数字。",
                             "There is no report for {names} in the corpus (indexed: {known}), so there is no number "
                             "to give."),
    "route.beyond": ("报告表格不统计“{what}”：表格只有件数、项数和金额，申请人只分自然人和五类法人或其他组织。",
                     "The report tables do not count “{what}”: they hold counts and amounts only, and applicants only "
                     "as natural persons or five kinds of organisation."),
    "route.no_metric": ("没能在报告表格中找到这个问题对应的指标。可以问：收到多少申请、予以公开多少件、不予公开的原因、"
                        "行政处罚决定数量、政府集中采购金额、行政复议和行政诉讼数量等。",
                        "I could not match this question to a figure in the report tables. Try: applications "
                        "received, fully or partially disclosed, refusals by reason, administrative penalty "
                        "decisions, procurement amount, reconsiderations and lawsuits."),
    "route.which_agency": ("请说明是哪个单位（已收录：{known}）。", "Which agency do you mean? Indexed: {known}."),
    "route.no_more_text": ("报告正文没有进一步说明这个数字。", "The report text says nothing more about this figure."),
    "warn.inferred": ("{agency} {year}「{row} / {column}」的位置是推断的：{reason}",
                      "{agency} {year} “{row} / {column}” was placed by inference: {reason}"),
    # --- how parts are put together -------------------------------------------------------------------------
    "sep.items": ("，", "; "),
    "sep.parts": ("；", "; "),
    "sep.titles": ("、", "; "),
    "sep.and": ("、", " and "),
    "sep.aside": ("（{text}）", " ({text})"),
    # --- numbers, names and sources (assistant/answer.py) ---------------------------------------------------
    "value.blank": ("（空白）", "(blank)"),
    "value.unit": ("{unit}", " {unit}"),
    "unit.件": ("件", ""),
    "unit.项": ("项", " items"),
    "unit.元": ("元", " yuan"),
    "unit.万元": ("万元", " ×10k yuan (万元)"),
    "unit.亿元": ("亿元", " ×100m yuan (亿元)"),
    "metric.title": ("{row}（{column}）", "{row}, {column}"),
    "metric.active": ("{row}{column}", "{row}, {column}"),
    "source.page": ("第{page}页", "page {page}"),
    "source.line": ("第{line}行", "line {line}"),
    "source.citation": ("{file} {where}，表{section}「{row}」行「{column}」列，原文“{raw}”",
                        "{file}, {where}, table {section} ({table}), row “{row}”, column “{column}”, raw “{raw}”"),
    "source.cited": ("来源：{citations}", "Source: {citations}"),
    "warn.failed_rule": ("{agency} {year}年报告未通过一致性规则{rule}（{scope}）：{message}",
                         "The {agency} {year} report fails consistency rule {rule} ({scope}): {message}"),
    "warn.duplicates": ("同一单位同一年有多份报告（{files}），使用的是 {file}",
                        "Several reports for the same agency and year ({files}); using {file}"),
    "reading.read_as": ("理解为：{parts}", "Read as: {parts}"),
    "reading.table": ("表{section}", "table {section}"),
    "reading.inherited": ("（沿用上一问的{words}）", " (from the previous question: {words})"),
    "reading.as_written": ("“{written}”按“{read}”理解", "“{written}” read as “{read}”"),
    "reading.rewritten": ("；按“{question}”检索正文", "; the text searched as \"{question}\""),
    "reading.did_you_mean": ("也可能是问：{alternatives}", "Did you mean: {alternatives}?"),
    # one-click changes of a reading (assistant/options.py): each is asked as the conversation's next turn
    "option.year": ("{year}年呢？", "What about {year}?"),
    "option.agency": ("那{name}呢？", "What about {name}?"),
    "option.row": ("{row}呢？", "What about {row}?"),
    "reading.inherited.agencies": ("单位", "agency"),
    "reading.inherited.years": ("年份", "year"),
    "reading.inherited.metric": ("指标", "metric"),
    "reading.inherited.row": ("行", "row"),
    "reading.inherited.column": ("列", "column"),
    "reading.inherited.operation": ("问法", "operation"),
    "reading.inherited.topic": ("话题", "topic"),
    "reading.operation.value": ("数值", "value"),
    "reading.operation.breakdown": ("分项", "breakdown"),
    "reading.operation.compare": ("比较", "comparison"),
    "reading.operation.rank": ("排名", "ranking"),
    "reading.operation.change": ("变化", "change"),
    "reading.operation.trend": ("历年", "trend"),
    "reading.operation.quality": ("数据一致性", "consistency"),
    "reading.operation.text": ("报告正文", "report text"),
    "reading.operation.overview": ("概况（{part}的主要数字和报告原文）", "overview ({part}: key figures and the report's words)"),
    "reading.operation.share": ("占比", "share"),
    "reading.operation.total": ("合计", "total"),
    # --- table answers (assistant/table_route.py) -----------------------------------------------------------
    "report.only_one": ("{name}只有{year}年的报告", "{name} has a {year} report only"),
    "report.newest": ("{name}最新的报告是{year}年", "the newest {name} report is {year}"),
    "report.lead": ("{note}。", "{capitalized}. "),
    "report.none": ("没有{name}{wanted}年的报告（已收录：{years}年），无法给出数字。",
                    "There is no {wanted} report for {name} (indexed: {years}), so there is no number to give."),
    "report.no_metric": ("{name}{year}年的报告（{format}格式）中没有“{metric}”这一项。",
                         "The {year} report of {name} ({format} format) has no “{metric}”."),
    "warn.ambiguous": ("“{mention}”可能指：{names}；都已列出。",
                       "“{mention}” matches several agencies ({names}); all are shown."),
    "warn.approximate": ("按近似名称理解：{notes}", "Read as: {notes}"),
    "header.agency": ("单位", "agency"),
    "header.year": ("年份", "year"),
    "header.item": ("项目", "item"),
    "header.value": ("数值", "value"),
    # an open question about one part of a report (assistant/overview.py)
    "overview.lead": ("{name}{year}年{part}：", "{name}, {year} — {part}:"),
    "overview.part.applications": ("依申请公开情况", "requests for information"),
    "overview.part.active": ("主动公开情况", "proactive disclosure"),
    "overview.part.review": ("行政复议和行政诉讼情况", "administrative reconsideration and lawsuits"),
    "overview.part.whole": ("政府信息公开工作总体情况", "information disclosure work overall"),
    "overview.end": ("。", "."),
    "overview.item.new": ("新收申请", "new requests"),
    "overview.item.handled_total": ("办结", "handled"),
    "overview.item.granted": ("予以公开", "fully disclosed"),
    "overview.item.partial": ("部分公开", "partly disclosed"),
    "overview.item.refused": ("不予公开", "refused"),
    "overview.item.carried_forward": ("结转下年度继续办理", "carried into the next year"),
    "overview.item.reconsideration": ("行政复议", "reconsiderations"),
    "overview.item.lawsuits": ("行政诉讼", "lawsuits"),
    "overview.says": ("报告写道：“{text}”", "The report says: “{text}”"),
    "overview.no_report": ("没有{name}该年的报告（已收录：{available}年）。", "No report of {name} for that year (indexed: {available})."),
    "chart.x.agency_year": ("单位 · 年份", "agency · year"),
    "chart.x.year": ("年份", "year"),
    "chart.x.item": ("项目", "item"),
    "chart.y": ("{metric}（{unit}）", "{metric} ({unit})"),
    "chart.unit.件": ("件", "count"),
    "chart.unit.项": ("项", "items"),
    "chart.unit.元": ("元", "yuan"),
    "chart.unit.万元": ("万元", "10k yuan"),
    "chart.unit.亿元": ("亿元", "100m yuan"),
    "value.one": ("{lead}{name}{year}年{metric}为{value}。", "{lead}{name}, {year} — {metric}: {value}."),
    "value.sum_of": ("（由{parts}相加）", " (sum of {listed})"),
    "compare.text": ("{metric}比较：{items}。", "{metric} compared — {items}."),
    "compare.same": ("两者相同。", " They are the same."),
    "compare.difference": ("相差{gap}。", " Difference: {gap}."),
    "compare.more": ("{more}比{less}多{gap}。", " {more} has {gap} more."),
    "rank.ascending": ("按{metric}从低到高：{top}最少（{value}）。",
                       "Ranked by {metric} (lowest first): {top} has the fewest ({value})."),
    "rank.descending": ("按{metric}从高到低：{top}最多（{value}）。",
                        "Ranked by {metric} (highest first): {top} has the most ({value})."),
    "rank.newest": ("（各单位使用最新一年的报告）", "(each agency's newest report)"),
    "change.no_report": ("无法计算{name}{metric}的变化：缺少{years}年的报告（已收录：{available}年）。",
                         "Cannot compute the change in {metric} for {name}: no report for {years} "
                         "(indexed: {available})."),
    "change.other_year": ("另一年", "a second year"),
    "change.blank": ("{name}{metric}：{first}年{first_value}，{last}年{last_value}，无法计算变化。",
                     "{name}, {metric}: {first} {first_value}, {last} {last_value}; no change can be computed."),
    "change.text": ("{name}{metric}：{first}年{first_value}，{last}年{last_value}，{difference}。",
                    "{name}, {metric}: {first} {first_value}, {last} {last_value}; {difference}."),
    "change.difference": ("变化{sign}{value}", "change {sign}{value}"),
    "trend.text": ("{name}{metric}历年：{items}。", "{name}, {metric} by year — {items}."),
    "trend.most": ("最多的是{year}年（{value}）。", " Most: {year} ({value})."),
    "trend.fewest": ("最少的是{year}年（{value}）。", " Fewest: {year} ({value})."),
    "trend.span": ("{first}年至{last}年{difference}。", " From {first} to {last}: {difference}."),
    "trend.missing": ("（没有{years}年的报告；已收录：{available}年）", " (no {years} report; indexed: {available})"),
    "breakdown.text": ("{lead}{name}{year}年{title}：{items}。", "{lead}{name}, {year} — {title}: {items}."),
    "breakdown.most": ("最多的是{label}（{value}）。", " Most: {label} ({value})."),
    "breakdown.fewest": ("最少的是{label}（{value}）。", " Fewest: {label} ({value})."),
    "quality.across": ("{name}{year}年报告与相邻年度报告的结转数不一致（规则{rule}：{rule_text}）：{scope} {message}",
                       "The {name} {year} report's carry-over does not match the adjacent year's report (rule {rule}: "
                       "{rule_text}): {scope} {message}"),
    "quality.passes_within": ("{name}{year}年报告的数据通过了全部报告内的一致性检查（跨年度的结转见下方提示）。",
                              "The {name} {year} report passes every consistency check within the report (the "
                              "carry-over between years: see the warnings)."),
    "quality.passes": ("{name}{year}年报告的数据通过了全部一致性检查。",
                       "The {name} {year} report passes every consistency check."),
    "quality.fails": ("{name}{year}年报告有{count}项不一致（规则{rules}）：{failures}",
                      "The {name} {year} report has {count} inconsistencies (rule {rules}): {failures}"),
    "quality.fails_one": ("{name}{year}年报告有1项不一致（规则{rules}）：{failures}",
                          "The {name} {year} report has 1 inconsistency (rule {rules}): {failures}"),
    "quality.failed_rule": ("规则{rule}：{rule_text} — {scope}：{message}",
                            "rule {rule}: {rule_text} — {scope}: {message}"),
    # --- shares, totals and figures (assistant/derived.py) --------------------------------------------------
    "share.no_whole": ("“{metric}”没有可以相比的总数，无法计算占比。",
                       "“{metric}” has no total to be a share of, so there is no share to give."),
    "share.none": ("{name}{year}年无法计算占比（缺少数值或总数为0）。",
                   "{name} {year}: no share can be computed (a value is missing or the total is 0)."),
    "share.text": ("{name}{year}年{metric}为{part}，占{whole_title}{whole}的{share}%。",
                   "{name}, {year} — {metric}: {part} of {whole_title} {whole}, a share of {share}%."),
    "share.points": ("个百分点", "pp"),
    "share.change": ("{first}年至{last}年占比变化{points:+}个百分点。",
                     "From {first} to {last} the share changed by {points:+} percentage points."),
    "total.no_report": ("没有{years}年的报告", "no report for {years}"),
    "total.text": ("{metric}合计{total}（{items}）。", "{metric}, in total: {total} ({items})."),
    "figures.cannot_add": ("{name}{year}年无法相加：{titles}（缺少数值或单位不同）。",
                           "{name} {year}: {titles} cannot be added up (a value is missing or the units differ)."),
    "figures.cannot_compare": ("{name}{year}年无法相比：{titles}（缺少数值或单位不同）。",
                               "{name} {year}: {titles} cannot be compared (a value is missing or the units differ)."),
    "figures.total": ("{name}{year}年合计{result}（{items}）。", "{name}, {year} — in total: {result} ({items})."),
    "figures.more": ("{name}{year}年{items}；{high}比{low}多{result}。",
                     "{name}, {year} — {items}; {high} is {result} more than {low}."),
    # --- text answers (assistant/text_route.py) -------------------------------------------------------------
    "text.no_report": ("没有{name}{asked}年的报告（已收录：{years}年）。",
                       "There is no {asked} report for {name} (indexed: {years})."),
    "text.where": ("{file} {where}，{section}", "{file}, {where}, {section}"),
    "text.nothing": ("报告正文中没有找到与这个问题相关的内容。", "Nothing in the report text answers this question."),
    "text.quote": ("{name}{year}年报告写道：“{sentence}”", "The {name} {year} report says: “{sentence}”"),
    "text.problems": ("存在的主要问题", "main problems"),
    "text.improvements": ("改进措施", "improvements"),
    "text.list": ("{name}{year}年{what}（{count}项）：", "{name} {year}, {what} ({count}):"),
    # --- the optional language model (assistant/llm_prose.py) -----------------------------------------------
    "llm.generated": ("（以上由语言模型根据所引报告原文撰写，其中的数字均已与原文和表格核对；原文见来源。）",
                      "(Written by a language model from the quoted report text; every number in it was checked "
                      "against the text and the tables. The original Chinese is in the sources.)"),
    # --- cells a crawler ran together (index/runs.py): how a run of digits was split --------------------------
    "inferred.digits_forced": ("该行各格数字连写为“{run}”，每格至少一位、除“0”外不以0开头，只有一种拆法",
                               "the row's cells ran together as “{run}”; with a digit or more a cell and no leading "
                               "zeros only one split is possible"),
    "inferred.digits_split": ("该行各格数字连写为“{run}”，按“总计 = 其余各列之和”只有一种拆法",
                              "the row's cells ran together as “{run}”; only one split keeps total = the sum of the "
                              "other columns"),
    "inferred.digits_split_table": ("该行各格数字连写为“{run}”，按本行总计和表内勾稽关系（一+二=（七）+四、"
                                    "（七）=各办理结果之和，各列）只有一种拆法",
                                    "the row's cells ran together as “{run}”; only one split keeps the row total "
                                    "and the table's sums (一+二 = （七）+四 and （七） = the results, per column)"),
    "inferred.digits_split_review": ("第四部分15个单元格的数字连写为“{run}”，按“维持+纠正+其他+尚未审结=总计”"
                                     "（三组）只有一种拆法",
                                     "section 四's 15 cells ran together as “{run}”; only one split keeps "
                                     "维持+纠正+其他+尚未审结=总计 in each of its three groups"),
    # --- pages read by OCR (index/ocr.py) ----------------------------------------------------------------------
    "inferred.ocr": ("由OCR从图像识别，置信度{confidence}", "read from an image by OCR, confidence {confidence}"),
    "inferred.ocr_placed": ("{ocr}；{reason}", "{ocr}; {reason}"),
    "warn.ocr": ("{agency} {year}「{row} / {column}」由OCR从扫描图像识别（置信度{confidence}），请与原件核对",
                 "{agency} {year} “{row} / {column}” was read from a scanned image by OCR (confidence "
                 "{confidence}): check it against the original"),
}

from .messages_errors import ERRORS  # noqa: E402  (errors, notes and operator lines: the sections after text.*)

CATALOGUE.update(ERRORS)

_LISTS = {"zh": "、", "en": ", "}


def say(key: str, language: str, **values) -> str:
    """The sentence `key` in `language` ("zh" or anything else: English) with `values` filled in."""
    zh, en = CATALOGUE[key]
    return (zh if language == "zh" else en).format(**values)


def join(items, language: str) -> str:
    """Names listed the way the language lists them (、 or a comma)."""
    return _LISTS.get(language, ", ").join(items)


@dataclass(frozen=True)
class Message:
    """A sentence not said yet: its key and values (what a record stores, so it can be said in any language)."""

    key: str
    values: dict = field(default_factory=dict)

    def __init__(self, key: str, **values):
        if key not in CATALOGUE:
            raise KeyError(f"no message '{key}' in the catalogue")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", values)

    def say(self, language: str) -> str:
        """A value that is itself a message (or a `Sentence`) is said in the same language; a list is listed."""
        return say(self.key, language, **{name: _said_value(value, language) for name, value in self.values.items()})

    def encode(self) -> str:
        return json.dumps(self._plain(), ensure_ascii=False, default=str)

    def _plain(self) -> dict:
        return {"key": self.key, "values": {name: _plain_value(value) for name, value in self.values.items()}}

    @classmethod
    def decode(cls, text: str) -> Message | None:
        """The message a record stores; None for a record's plain sentence (stored before messages were)."""
        try:
            return cls._from_plain(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    @classmethod
    def _from_plain(cls, data: dict) -> Message:
        values = {name: cls._from_plain(v) if isinstance(v, dict) and set(v) == {"key", "values"} else v
                  for name, v in data["values"].items()}
        return cls(data["key"], **values)


def _said_value(value, language: str):
    if isinstance(value, (Message, Sentence)):
        return value.say(language)
    if isinstance(value, (list, tuple)):
        return join([_said_value(v, language) for v in value], language)
    return value


def _plain_value(value):
    if isinstance(value, Sentence):
        value = value.message
    if isinstance(value, Message):
        return value._plain()
    if isinstance(value, (list, tuple)):
        return [_plain_value(v) for v in value]
    return value


class Sentence(str):
    """A message said in English — what `str`, `==`, logs and older callers see — that can be said again in any
    language (`.say(language)`); an outcome's or a mismatch's sentence is one."""

    message: Message

    def __new__(cls, message: Message | str, **values) -> Sentence:
        message = message if isinstance(message, Message) else Message(message, **values)
        sentence = super().__new__(cls, message.say("en"))
        sentence.message = message
        return sentence

    def __reduce__(self):  # it crosses process boundaries (a parsing worker's result)
        return Sentence, (self.message,)

    def say(self, language: str) -> str:
        return self.message.say(language)


def said(stored, language: str) -> str:
    """A stored message in `language` (a sentence stored before messages were: as it is); a `Message` or a
    `Sentence` is said too."""
    if not stored:
        return ""
    if isinstance(stored, (Message, Sentence)):
        return stored.say(language)
    message = Message.decode(stored)
    return message.say(language) if message else stored


def message_of(text) -> Message:
    """The message of a sentence: a `Sentence`'s own, a stored one decoded, or a plain sentence as it is."""
    if isinstance(text, Message):
        return text
    if isinstance(text, Sentence):
        return text.message
    decoded = Message.decode(text) if isinstance(text, str) else None
    return decoded or Message("plain", text=str(text))


class MessageError(Exception):
    """An error for the user: `str(exc)` is the English sentence (logs, older callers), `.message` the message
    (`exc.say(language)`). Made from a key and its values (a key missing from the catalogue fails here), a
    `Message` or a `Sentence`."""

    def __init__(self, message: Message | str, **values):
        if isinstance(message, str) and not isinstance(message, Sentence):
            message = Message(message, **values)
        self.message = message_of(message)
        super().__init__(self.message.say("en"))

    def __reduce__(self):
        return type(self), (self.message,)

    def say(self, language: str) -> str:
        return self.message.say(language)


def both(key: str, between: str = " ", **values) -> str:
    """A fixed label of the bilingual UI: the Chinese, then the English ("注意 / Warning", "提问 Ask")."""
    return f"{say(key, 'zh', **values)}{between}{say(key, 'en', **values)}"


def error_body(message: Message, language: str) -> dict:
    """An error as every route answers it: `{"error": the sentence in `language`, "code": its catalogue key}`."""
    return {"error": message.say(language).strip(), "code": message.key}


def header_language(accept_language: str | None) -> str:
    """The language of a request from its Accept-Language header: "zh" when it starts with zh, else "en"
    (the one rule for the API and the app)."""
    return "zh" if (accept_language or "").strip().lower().startswith("zh") else "en"
