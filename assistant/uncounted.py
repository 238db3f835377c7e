"""What the tables never count, asked for: an average or a duration, applicants beyond the seven applicant
columns, the channel an application came by, a sector, budgets and staff. A question asking one gets no number
(assistant/understand.py sets `Intent.beyond` from here; the router says what the tables hold instead)."""

from __future__ import annotations

import re

from index.identity import Agency
from index.template import label_key

from .vocabulary import find_terms

# Quantities no table holds: averages and durations, applicants beyond the seven columns, channels, budgets, staff
_NOT_COUNTED = re.compile(r"平均[\u4e00-\u9fff]{0,6}?(?=是|为|有|多少|几|[？?，,。]|$)|[\u4e00-\u9fff]{0,4}(?:天数|时长|用时)|"
                          r"多少天|几天|多久|工作日|\baverage(?: [a-z]+){0,2}|\bmean\b|\bhow long\b|\bdays\b|"
                          r"\bhours\b|\bduration|\bmedian\b|"
                          # who the applicants were beyond the seven applicant columns: sex, age, occupation
                          r"女性|男性|性别|年龄|职业|学历|\bfemale|\bmale\b|\bwomen\b|\bgender|\bage group|\boccupation|"
                          # ... nationality and walks of life: "from foreign nationals", "外国人申请的", "记者"
                          r"国籍|外国人|外籍|境外人士|记者|学生|未成年|\bnationality|\bforeign(?:ers?| nationals?| citizens?)\b|"
                          r"\boverseas (?:applicants?|citizens?|nationals?)|\bjournalists?\b|\breporters?\b|\bstudents?\b|"
                          r"\bminors\b|\bretirees?\b|\bpensioners?\b|"
                          # how an application came in: the tables count by applicant, never by channel
                          r"(?:通过|以|用)?(?:信函|邮寄|当面|传真|电子邮件|电话|互联网|网上|网络|在线)(?:方式|形式|渠道)?(?=.{0,6}(?:申请|提交|递交|提出|收到|受理))|"
                          # a sector of the work ("环保领域主动公开的…", "in the environmental field"): the tables count
                          # by kind of decision, never by sector
                          r"(?:(?![年在的和及与])[\u4e00-\u9fff]){2,4}领域|\bin the (?:\w+ ){1,2}(?:field|sector|domain)\b|"
                          # what the work cost and who did it: budgets and staff are in no table
                          # ("personnel, logistics" describe 内部事务信息, a reason for refusing: not a count of staff)
                          r"预算|经费|编制|专职人员|人员数|(?:多少|几个|几名|几位)(?:专职|兼职)?工作人员|\bbudget|\bfunding\b|\bheadcount|"
                          r"\b(?:how many|number of) (?:\w+ ){0,2}(?:staff|employees|people (?:work|are employed))|"
                          # ... in other words: "how many people did it assign to the work", "配备了几个人"
                          # (the question as read: "how many people" is "how many", a count of requests)
                          r"\bhow many\b(?=[^?]{0,60}\b(?:assign|appoint|dedicat|employ)\w*)|"
                          r"\b(?:assign|appoint|dedicat)\w* (?:\w+ ){0,3}(?:people|persons|staff|officials|officers)\b|"
                          r"(?:配备|安排|指定|抽调|配置)了?(?:多少|几)(?:名|个|位)?(?:人|工作人员|专职|兼职|干部)")
# ... in English, where the question is about requests ("an online mailbox" is no channel of applying)
_CHANNEL_EN = re.compile(r"\bby (?:post|mail|letter|fax|phone|e-?mail)\b|\bin person\b|\bonline\b|"
                         r"\bthrough the (?:\w+ )?portal\b|\bvia the (?:internet|website|web)\b")
_APPLIED_EN = re.compile(r"\b(?:requests?|applications?|appl(?:y|ied|icants?)|submit(?:ted)?|filed|lodged|came in)\b")

def beyond_template(question: str, lower: str, agencies: list[Agency]) -> str:
    """Words asking for what the tables never count: an average or a duration (the tables hold counts and
    amounts), or applications "from" someone who is none of the applicant columns ("来自外国人")."""
    quantity = _NOT_COUNTED.search(lower) or _APPLIED_EN.search(lower) and _CHANNEL_EN.search(lower)
    if quantity:
        return quantity.group(0)
    source = re.search(r"来自(?!哪|什么|谁|何)([\u4e00-\u9fff]{1,8}?)(?:的|提出|申请|[？?，,。]|$)", question)
    if source:
        names = {label_key(n) for a in agencies for n in a.names()}
        said = label_key(source.group(1))
        written = label_key(question[source.start(1):source.end(1) + 4])  # "来自各类单位申请人": a column
        if not any(t.kind == "column" for t in find_terms(written)) and not any(n in said or said in n for n in names):
            return "来自" + source.group(1)
    return ""
