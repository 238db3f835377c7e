"""How questions are worded: the operations they ask for, the years they name, and what is written out
before they are read ("22年" → 2022年, "No. of" → "number of", "apart from licensing" set aside).

Every pattern here is tried on the lower-cased question; assistant.understand reads the question with them.
"""

from __future__ import annotations

import re

from opencc import OpenCC

# Operations, strongest first. Each pattern is tried on the lower-cased question.
OPERATIONS = (
    ("quality", r"一致|自洽|勾稽|数据质量|核对|校验|核验|验算|对得上|对不上|对上|吻合|相符|矛盾|算错|算得对|算对了?吗|\breconcil|(?<!the )\btally(?! (?:\w+ )?up\b| of\b)|\bmatch up|(?:数据|数字|表格|报表|"
                r"统计).{0,4}(?:问题|错误|出错|有误|准确|"
                r"正确|可靠|可信|对不对|对吗|靠谱)|有没有(?:错|问题)|(?:通过|过了|没过|过没过|未通过|不通过)[^，,。？?]{0,6}(?:检查|校验|核验|检验|审核)|(?:检查|校验|核验)[^，,。？?]{0,4}(?:通过|过了|没过|合格|没问题|有问题)|consisten|\badds? up(?=\s*(?:[?？.!,，]|$|correctly|properly|right|"
                r"to the total))|data quality|sanity|"
                r"(?:figures|numbers|data|tables?|statistics).{0,40}(?:right|correct|accurate|wrong|errors?|reliable|"
                r"mistakes?)|any (?:errors|mistakes)|\barithmetic|\b(?:run|do|perform)\b.{0,20}\bchecks?\b|"
                r"\b(?:pass|passe[sd]|passing|fail|fails|failed|failing)\b.{0,24}\b(?:checks?|consistency)\b|"
                r"\bverify\b|\bvalidate\b|\b(?:sums|totals|maths?)\b.{0,20}\b(?:right|correct|wrong|add up|check out)|(?:wrong|errors?|mistakes?|problems?) (?:with|in) the (?:figures|numbers|"
                r"data|tables?|statistics)"),
    ("rank", r"哪个|哪一个|哪家|谁(?:更)?[多少高低大小]|哪些.{0,12}最|最多|最少|最高|最低|排名|排序|排个序|排个名|排一下|从高到低|从低到高|从多到少|从少到多|"
             r"\brank|highest|lowest|\bdominat\w*|占主导|为主|居多|最主要|\b(?:most|least) (?:common|frequent|often|usual|cited|used)\b|\bmost\b|\bleast\b|\bfewest\b|\bbiggest\b|\blargest\b|\bsmallest\b|"
             r"\bwhich (agency|county|district|one)|\btop\b|"
             r"\bwhich of\b|\bwho (?:had|has|got|received)\b|"
             r"\bwhich (?:had|has|got|received|saw|was|is|did) (?:more|fewer|less|higher|lower|bigger|larger)\b|"
             r"high to low|low to high|descending|ascending|in order"),
    ("share", r"占比|比例|比重|占了?多少(?![件个项条次人家])|占[^，,。？?]{1,12}?(?:总数|总量|总计|合计)的?(?:多少|几成|百分之几)(?![件个项条次人家])|占[^，,。？?\s]{0,8}\s{2,}的?(?:多少|几成|百分之几)(?![件个项条次人家])|占[^，,。？?]{1,12}?的(?:多少|几成|百分之几)(?![件个项条次人家])|\bslice\b|\bwhat portion\b|占.{0,8}(?:百分之|百分比|%|％|几成|多大)|(?<!变化)(?<!增长)百分比|\bshare\b|\bproportion|"
              r"\bpercentage(?! (?:change|increase|decrease|growth|drop|fall|rise|points?))|"
              r"\bpercent of|what percent|\bfraction|"
              # "纠错率", "公开率", "correction rate": what share the figure is (not 增长率, 变化率: a change)
              r"(?<!增长)(?<!变化)(?<!增减)(?<!下降)(?<!涨)(?<!降)(?<!频)(?<!效)(?<=[\u4e00-\u9fff])率|"
              r"\b(?:correction|disclosure|success|approval|rejection|refusal|denial|grant|reversal|overturn|"
              r"uphold|win|loss)(?:ing)? rate\b"),
    ("change", r"较上一?年|比上一?年|较去年|同比|百分点|percentage points?|\bhow (?:many|much) (?:more|fewer|less)\b.{0,80}\bthan\b|(?<!本年)增减(?=[。？?！!]|$|多少|情况|几|呢)|变化|变了|变动|增长率|变化率|涨幅|\bpercent(?:age)? (?:change|increase|decrease|growth)|增加了|减少了|增长|下降|增幅|降幅|增减了|"
               r"相差|差了|差多少|差几|差额|"
               r"相比.{0,6}(多|少)|比.{0,8}(多|少)了|比.{0,12}(多|少)(?:出来?|了)?(几|多少)|"
               r"(?<!\bdecision )(?<!\bdecisions )(?<!\bdecision was )(?<!\bdecisions were )\bchange|\bincrease|\bdecrease|\bgrow|\bgrew|\bgrowth|\bfell\b(?! (?:under|into|within|in)\b)|"
               r"\brose\b|\bmove[ds]?\b|\bshift|\bfall(?:en)?\b(?! (?:under|into|within|in)\b)|\bfewer than\b|"
               r"怎么变|如何变|"
               r"\bwent (?:up|down)\b|\b(?:up|down) (?:on|from|over|against|compared)\b|"
               r"多还是少|增加还是减少|增还是减|升还是降|上升还是下降|涨了?还是(?:跌|降)|"
               r"\b(?:more|higher) or (?:fewer|less|lower)\b|\bgone (?:up|down)\b|\bup or down\b|\bdifference\b(?! between (?!(?:19|20)\d\d))|"
               # "were dropped", "dropped over unpaid fees": requests closed, not a fall
               r"(?<!were )(?<!was )(?<!been )(?<!got )(?<!get )\bdrop(?!ped (?:over|because|for|due|as|on|after)\b)"),
    ("trend", r"趋势|走势|走向|历年|逐年|各年|每年|每一年|所有年份|这几年|近几年|这些年|最近几年|\b(?:time )?series\b|\bevolv(?:e|ed|ing)\b|\bover time\b|\btrend|over the years|each year|every year|year by year|"
              r"year on year|\byear after year\b|\b(?:from )?year to year\b|all (?:the )?years(?! (?:together|combined|in total))"),
    ("compare", r"比较|对比|相比|比一比|(?:放|摆)(?:在)?一起比|(?<![跟和与同])比一下|比比看|\bside by side\b|\b(?:next to|alongside)\b|\bstack (?:\w+ )?(?:up )?against\b|[跟和与同][^，。？?]{1,12}?比(?=呢|一下|一比|[？?]|$)|\bvs\.?\b|versus|\bcompar|difference between"),
    ("total", r"一共|总共|共计|合计|累计|加一起|合在一起|合到一起|算在一起|放在一起算|\bcumulative(?:ly)?\b|\btally (?:\w+ )?up\b|\bput (?:those|these|them|it all|both)(?: two)? together\b|加到一起|合起来|\bgrand total|\btogether\b|all told|\btotal (?:over|for) \b|\b(?:their|"
              r"the) sum\b|^\W*(?:and |now |then |ok,? )?sum\b|\bsum (?:for|of|over|across) (?:all|the|both|them|those|these)\b|加起来|加在一起|加一块|加总|相加|总和|之和|汇总|\badd(?:ing)? up\b|\bin total\b|\baltogether|\bcombined|"
              r"\bsum of|^\W*(?:and |so )?(?:the )?total\b(?=[^?]*\b(?:over|across) (?:its|their|the|these|those|all)\b)|"
              r"(?<!difference )(?<!gap )(?<!gaps )\bbetween them\b(?! all)|"
              r"\badded up|\btotal (?:across|for all|of all|of (?:the|both|these|those) (?:two|three|four|five|\d+|"
              r"agencies))|\badd (?:\w+ ){1,3}up\b|\bsum(?:med)? (?:up|over|across|them|it|those|these)\b|\bsummed\b|"
              r"\badded together\b|\b(?:two|three|four|five|six|\d+)-year total\b"),
    ("breakdown", r"各多少|各是多少|分别|拆开|拆分|拆一下|拆细|细分|分项|分(?:哪|几)几?(?:种|类)|哪几(?:种|类)(?:情况|原因|类型|理由|结果)|结果(?:怎么样|如何|怎样|是什么|都是什么|有哪些|分别|都|呢|$)|(?:什么|哪些|哪几种|哪几类|哪种|哪类)(?:样的)?结果|\bhow did (?:they|those|it) (?:turn out|end)\b|申请人(?:情况|类型|构成|分类)|各类|构成|明细|分类|按申请人|按类型|按原因|按理由|按结果|"
                  r"分原因|分理由|分类型|分布|逐项|都有哪些|列一下|列出来|都列|itemi[sz]e|\bsplit\b|\bby who\b|break (?:\w+ ){1,2}down|"
                  r"\bby (?:ground|outcome|result|kind|the reason)s?\b|\bper (?:ground|reason|applicant)|"
                  r"break ?down|\bby (applicant|type|category)|"
                  r"\beach (type|category|reason|outcome|result|ground)|\bper (type|category|outcome|result)|split by|composition|\boutcomes\b|\boutcome (?:split|breakdown|distribution)|"
                  r"每(?:种|类|个)(?:结果|原因|理由|类型|情形)|"
                  r"\brespectively\b|\bby reason|(?<!\bfor )(?<!\bother )(?<!\bvarious )(?<!\bsome )\breasons\b"),  # not "for other reasons"
)
# Members given as examples of the whole: "不管是企业还是别的机构", "whether companies or other bodies"
EITHER = re.compile(r"不管是?|无论是?|不论是?|\bwhether\b|\bbe (?:it|they)\b|\bno matter\b")
# "同年", "that year": the year of the last turn, as asked — an agency without it has no figure, not another year's
# (assistant/session.py); never words of what is asked ("同一年" is no 同一申请人)
SAME_YEAR = re.compile(r"同年|当年|同一年|那一?年|该年度?|\b(?:that|the same|same) year\b")
# "the top two", "排名前三的": the first agencies of the list just given, not a ranking asked (assistant/session.py)
TOP_N = re.compile(r"\bthe top (two|three|four|five|\d+)\b|排(?:名|在)?前([两二三四五六七八九])|前([两二三四五六七八九])名")
# Words that ask to be shown a figure ("再列一下部分公开的", "列出来"): a breakdown only of what has parts
LISTING = re.compile(r"(?<!都)(?:列一下|列出来|列个|列下|列出)")  # ("都列一下": all of them)
# "since 2021", "2021年以来": every year from that one on
SINCE = re.compile(r"\bsince (?:19|20)\d\d\b|(?:19|20)\d\d\s*年?以来|自(?:19|20)\d\d年(?:起|以来)")
# A clause that measures the figure against what no report here holds — the province, the nation, an average
# ("这个数在全省算多还是少", "is that high for the province?"): it asks for no operation on the tables
WIDER_COMPARISON = re.compile(r"[^，,。？?；;]*(?:全省|全市|全国|同级|同类单位|平均水平|平均值|其他(?:县|地方|单位)|"
                              r"province|provincial|national(?:ly)?|nationwide|average|"
                              r"other (?:counties|districts|agencies|places))[^，,。？?；;]*")
# A clause of purpose or context before the question ("因为要核对…，想确认一下：…是多少"): the question is its last clause
CLAUSES = re.compile(r"[，,：:；;—]")
# A breakdown by who applied (the applicant columns), not by reason: "按申请人类型拆分", "by applicant type"
BY_APPLICANT = re.compile(r"按(?:照)?申请人|(?:分|按)(?:申请人)?(?:类型|身份)|申请人(?:类型|类别|构成|分类|身份)|"
                          r"\bby (?:(?:the )?type of )?(?:applicant|requester|requestor)s?(?: type| category| kind)?\b|"
                          r"\bper applicant\b|\bby who\b|\bwho (?:applied|asked|filed)\b")
# What comes after these words is the whole of a share: "占办理总数的", "share of the handled requests"
SHARE_OF = re.compile(r"占|\b(?:share|proportion|percentage|fraction|percent|part)(?: (?:is|was) (?:that|this|it))? of\b|"
                      r"\bout of\b")
# ... or before it, in a leading clause: "Of all the requests handled, what share…", "在办理的申请中，…占比" (after a frame
# naming the agency and year: "Qingxi 2023: of the requests it was unable to provide, …")
WHOLE_FIRST = re.compile(r"(?:[^:：,，?？]{0,60}[:：])?\s*(?:(?:out )?of|among|in) (?:all |everything |the )?(.{3,80}?)[,，]|"
                         r"(?:[^:：,，?？]{0,60}[:：])?\s*在?([^:：,，?？]{2,40}?)(?:中|"
                         r"里|当中)[,，]",
                          re.I)
# ... or around the marker: "重复申请在不予处理里占多少比例"
WHOLE_INSIDE = re.compile(r"在([^，,。？?]{2,20}?)(?:当中|之中|里面|中|里)所?占")
# The year's end said as an event: "still open when the year closed" (the year ended, nothing was closed)
YEAR_END = re.compile(r"\b(?:when|as|before|by the time|once) (?:the|that) year (?:closed|ended|was over|was out|"
                      r"finished|wrapped up|drew to a close)\b|\b(?:at|by) the (?:close|end) of (?:the|that) year\b", re.I)
# A lawsuit said to skip reconsideration in other words: "without going through reconsideration first"
UNREVIEWED = re.compile(r"\b(?:without|never|not|no) (?:\w+ ){0,3}?(?:a |any )?(?:administrative )?reconsideration\b(?: first)?",
                        re.I)
# Several agencies at once, none by name: "五个单位", "各单位", "all agencies" (never narrowed to the last one)
# (one agency's reports are not every agency: "across all its reports", "all Liuhe's reports")
COLLECTIVE = re.compile(r"[一二两三四五六七八九十\d几]+个(?:单位|部门|地方|县区|机构)|[二两三四五六七八九十\d]+家|"
                        r"(?<!哪)几家|各家|有(?:年报|报告)的(?:几家|各|所有)?(?:单位|部门|机构)|"
                        r"\b(?:agencies|offices) (?:that|which|with) (?:have|had|published|filed|put out)\b|"
                        r"(?:所有|全部|每个)[^，,。？?\s]{0,5}?(?:单位|部门|机构|县区|地方)|(?<![它其该本])(?<!它的)(?:所有|全部|各个?|这些|这几个|每个)(?:的)?"
                         r"(?:单位|部门|机构|报告|县区|地方)|\ball (?:the )?(?:(?!(?:its|their|his|her|our)\b)\w+(?<!'s) )?(?:agencies|offices|reports|counties|"
                         r"districts|of them)\b|\b(?:every|each) (?:agency|office|report|county|district)\b|"
                         r"\b(?:across|among) (?:the |all )?(?:(?!(?:its|their|his|her|our)\b)\w+(?<!'s) )?(?:agencies|offices|reports)\b|"
                         r"\bthe (?:two|three|four|five|six|seven|eight|nine|ten|\d+) (?:\w+ )?(?:agencies|offices|"
                         r"reports|"
                         r"counties|districts)\b")
# Words that add named things up: "A加B", "A和B一共", "total of A and B"
ADDS_UP = re.compile(r"一共|合计|总共|共计|总数|加起来|加上|加|\btotal|\bcombined|\btogether|\bin all\b|\bsum\b|"
                     r"\bbetween them\b|\baltogether\b")

# Each of the rows named asked for: "分别多少", "各多少", "respectively", "each"
EACH_ASKED = re.compile(r"分别|各(?:是)?多少|各有|\brespectively\b|\beach\b")

# Every agency's own newest report, not one year: "各自最新一年的", "each one's latest"
EACH_NEWEST = re.compile(r"各自(?:的)?最(?:新|近)|(?:分别|各)(?:的)?最新|\beach(?: one|(?: \w+)?'s)? (?:own )?(?:newest|latest|most recent)\b|"
                         r"\b(?:their|its) own (?:newest|latest|most recent)\b|\b(?:newest|latest|most recent) (?:report |year )?(?:of )?each\b")
RELATIVE_YEARS = ((r"前年|the year before last", 1), (r"去年|上一年度|last year|previous year|最近一年|最新", 0))
# The reasons of a group of reasons asked for: "主要是什么原因" after 不予公开 (the parts, the biggest first)
REASONS = re.compile(r"(?:主要|最主要)(?:是|的)?(?:什么|哪些|哪个)(?:原因|理由)|(?:原因|理由)(?:主要)?(?:是什么|有哪些|都有什么)|"
                     r"\bwhat (?:were|are|was|is) the (?:main |chief |most common )?(?:reasons?|grounds?)\b|"
                     r"\bon what grounds\b|\bwhy (?:were|was) (?:they|those|these|it|that)\b")
WHICH_PART = re.compile(r"最常见|哪个原因|哪种原因|哪类|哪一类|哪种|什么原因.{0,4}最|哪类申请人|\bwhich (?:reason|ground|kind|type|category|"
                         r"applicant|outcome|result)s?\b")
WHICH_YEAR = re.compile(r"哪一?年|哪个年份|\bwhich year|\bwhat year|\bin which year|\bwhich of (?:the|these|those) (?:\w+ )?years\b")
# What the question asks first, after a frame: "领导让我统计…复议诉讼的情况，先说行政复议几件", "first, how many…"
FOCUS = re.compile(r"先(?:说|看|问|查|讲|报|告诉我)(?:一下)?|首先|\bfirst(?: of all)?,? (?=(?:tell|give|show|how|what))")
# A year counted from the one just asked about: "the year after?", "and the year before that?", "下一年呢"
YEAR_STEPS = ((r"\bthe (?:year|one) after\b|(?<!into )(?<!to )\bthe next year\b|\bthe following year\b|\ba year later\b|"
                r"下一年|后一年|次年|第二年", 1),
               (r"\bthe (?:year|one) before(?! last)\b|\bthe (?:previous|prior|preceding) year\b|\ba year (?:earlier|before)\b|"
                r"前一年|上一年(?:度)?(?=呢|的呢|[?？]|$)", -1),
               # "and two years earlier?", "三年前呢", "往前推两年", "两年后": several years from the one just asked
               *((rf"\b(?:{en}|{n}) years? (?:earlier|before|back|prior|previously)\b|(?<!\d)(?:{zh})年(?:前|以前|之前)|"
                  rf"往前推?(?:{zh})年|早(?:{zh})年", -n) for n, en, zh in ((2, "two", "两|二|2"), (3, "three", "三|3"))),
               *((rf"\b(?:{en}|{n}) years? (?:later|after|on)\b|(?<!\d)(?:{zh})年(?:后|以后|之后)|往后推?(?:{zh})年|"
                  rf"晚(?:{zh})年", n) for n, en, zh in ((2, "two", "两|二|2"), (3, "three", "三|3"))))
# The year before as the base of a change, not the year asked: "比上一年增加了多少", "和前一年相比呢",
# "than the year before", "compared with the previous year" (the change from it to the year asked)
VERSUS_BEFORE = re.compile(r"(?:和|与|跟|同|比|较|对比|相比)(?:它|其|他们)?的?(?:上一?年度?|前一年|去年|上年同期)(?:相比|比较|对比|同期|比)?|同比|"
                           r"\b(?:than|over|on|vs\.?|versus|compared (?:with|to)|relative to|against)(?: the| a| in the)? "
                           r"(?:year before|previous year|prior year|preceding year|last year|year earlier)\b", re.I)
# "year on year" said of one year: its change from the year before (of several years: a series)
YEAR_ON_YEAR = re.compile(r"\byear[- ]on[- ]year\b|\byoy\b|\bfrom the (?:year|one) before\b", re.I)
# "carried over from last year" (the row 上年结转), "items last year" (the column 上一年项目数量): a name, not a year
FROM_BEFORE = re.compile(r"(?:carried|brought|rolled|left|inherited|outstanding|pending|unfinished|unresolved|open|"
                         r"remaining|transferred|handed down)(?: over| forward| in)? from (?:the )?(?:(?:last|previous|"
                         r"prior|preceding) year|year before(?! last))|"
                         r"(?:从|由)?(?:上一?年度?|前一年|去年)(?:的)?(?:结转|转过来|转来|转入|留下|遗留|剩下|带过来|没办完)|"
                         r"\b(?:items?|projects?|entries) (?:of |from |in )?(?:the )?(?:last|previous|prior) year|"
                         r"\b(?:last|previous|prior) year'?s? (?:items?|projects?|item count)\b|上一?年(?:的)?项目", re.I)


def without_base_years(text: str) -> str:
    """The text without the years that are a base ("比上一年", "than the year before") or a row ("carried over from
    last year"): what is left names the years asked."""
    return FROM_BEFORE.sub(" ", VERSUS_BEFORE.sub(" ", text))


# Every year, not two: "这几年怎么变的", "how has it moved over the years"
SEVERAL_YEARS = re.compile(r"这几年|近几年|这些年|最近几年|历年|逐年|一年一年|\bover the years\b|\bover time\b|\bthese years\b|"
                           r"\b(?:from )?year to year\b|\byear after year\b|\bacross (?:the|its|their|all(?: the)?) years\b")
# A number of years counted back from the newest report: "两年报告里", "近三年", "all three years", "the last two years"
LAST_YEARS = re.compile(r"(?:近|最近|这)?([两二三四五六七八九十])年(?:的?报告)?(?=里|中|内|来|的|加|一共|合|总共|共|分别)|"
                        r"\b(?:last|past|all|all the|these|those) (two|three|four|five|six|seven|eight|nine|ten) years\b|"
                        r"\b(?:its|their) (two|three|four|five|six|seven|eight|nine|ten) (?:reports|years)\b")
# Counts as written: "三", "两", "3", "three"
NUMBERS = {**{c: i for i, c in enumerate("一二三四五六七八九十", 1)}, "两": 2, **{str(i): i for i in range(1, 100)},
           **{w: i for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                          "ten"), 1)}}
ZH_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


# --- years ---------------------------------------------------------------------------------------

# Years written with two digits: "21年", "22、23两年", "'23", "FY23" (2010–2039; the reports start in 2008)
SHORT_YEAR = re.compile(r"(?<![\d.近去前这后多])([1-3]\d)(?=(?:\s*[、,，/和与及到至~\-–]\s*[1-3]\d)*\s*(?:年|两年|三年)(?!来|以来|间|内))|"
                         r"(?:(?<=[\s(（])|^)[’'‘]([1-3]\d)\b|\bFY ?([1-3]\d)\b")


# The report's text named as the source of what is asked: "according to the report text", "per the text", "报告正文里说"
TEXT_ASKED = re.compile(r"正文|文字部分|文中|报告里(?:写|说)的?|报告中(?:写|说)的?|"
                        r"\b(?:according to|per|in|from|by) the (?:report(?:'s)? )?(?:text|prose|narrative|wording)\b|"
                        r"\bthe (?:report )?text (?:say|says|said|mention|mentions)\b|"
                        r"\b(?:its|the report's|the report|their) own (?:words|wording)\b|\bthe report's wording\b|"
                        r"\bin (?:its|the report's) words\b|报告(?:自己|本身)的?(?:说法|表述|文字)|原文(?:怎么|是怎么)?(?:说|写)")
# The source named around a prose question ("正文里提到的", "报告中写到", "per the narrative"): not what it is about
SOURCE_NAMED = re.compile(r"(?:报告)?(?:正文|文中|文字部分|原文|报告)(?:里|中|当中|里面)?(?:面)?(?:提到|写到|说到|讲到|提及|写的|说的)"
                          r"的?|(?:在|从)?(?:正文|文中|原文)(?:里|中|当中|里面)")


def without_source(text: str) -> str:
    """The text without the words that name the report's text as the source ("正文里提到的", "per the narrative")."""
    return TEXT_ASKED.sub(" ", SOURCE_NAMED.sub(" ", text))


# Section 六 asked for: "其他需要报告的事项写了什么", "anything in the 'other matters to report' section?"
OTHER_MATTERS = re.compile(r"其他需要报告|需要报告的其他|其他(?:需要)?(?:说明|报告)的?事项|第六部分|第六节|"
                           r"\bother matters\b|\banything else (?:to|worth) report|\bsection (?:six|6|vi)\b")
# What the requests or cases were about, asked without a count: the report's words answer ("主要涉及哪些方面",
# "What subjects did those requests concern?"); a count asked with it keeps the figure too ("多少件，涉及哪些方面")
TOPICS_ASKED = re.compile(r"涉及(?:到)?(?:哪些|什么|哪几|哪方面|哪个方面)|哪些方面|哪些领域|什么领域|哪些内容|什么内容|"
                          r"(?:主要|都)是?(?:关于|有关)(?:什么|哪些)|关于什么|内容(?:是什么|有哪些)|主要集中在(?:哪|什么)|"
                          r"\bwhat (?:sorts?|kinds?|types?) of (?:information|info|matters?|things|subjects?|topics?|issues)\b|"
                          r"\bwhat (?:subjects?|topics?|areas?|matters?|fields?|issues|themes?)\b.{0,50}"
                          r"\b(?:concern|about|involv|relat|cover|touch|deal)|"
                          r"\bwhat (?:were|was|are|is) (?:they|those|these|it|the \w+) (?:mostly |mainly |chiefly )?(?:about|concerning)\b|"
                          r"\bwhat (?:were|was|are|is|did)\b.{0,60}\babout\W*$")
# A name asked for — a document, rule, platform or channel — not a count: the text says it ("Which provincial
# document did it cite…", "依据的是哪个文件", "通过什么平台"; not "what about normative documents?")
NAME_ASKED = re.compile(r"\b(?:which|what) (?!about\b)(?:[a-z'-]+ ){0,2}(?:documents?|regulations?|rules|notices?|circulars?|laws?|"
                        r"polic(?:y|ies)|platforms?|websites?|systems?|mechanisms?|channels?|apps?|measures|"
                        r"guidelines?|standards?)\b|哪(?:个|份|些|部|项)(?:文件|通知|规定|办法|制度|平台|网站|机制|渠道|法规|标准)|"
                        r"什么(?:文件|通知|规定|办法|制度|平台|网站|机制|渠道|法规|标准)|(?:依据|根据|按照)(?:的是)?(?:什么|哪)|"
                        r"(?:什么|哪些|哪个|哪几个|哪里的?)(?:场所|地点|场地|窗口|地方|阵地|栏目)|"
                        r"\b(?:which|what) (?:[a-z'-]+ ){0,2}(?:venues?|premises|facilit(?:y|ies)|outlets?|columns?)\b")
# "分别是多少" over several years of one cell: each year's figure (a series), not the parts of the cell
EACH_OF = re.compile(r"分别|各是多少|各多少|\brespectively\b|\beach\b")
# Every report of the agency, whatever years the conversation was on: "across all its reports", "它所有报告的趋势"
EVERY_REPORT = re.compile(r"\ball (?:of )?(?:its|their|the|[a-z]+'s) (?:reports|years)\b|\bevery (?:year|report)\b|"
                          r"\b(?:across|over|in) all (?:the |of the )?(?:years|reports)\b|\ball (?:the )?years (?:it|they) reported\b|"
                          r"(?:所有|全部|历年)的?(?:报告|年份|年度)|历年|每一?年|各年|逐年")
# "for any reason", "不管什么原因": every reason of a group, the group itself (not the row whose gloss says "reason")
ANY_REASON = re.compile(r"\b(?:for )?(?:any|whatever|all(?: the)?|every) (?:reasons?|grounds?|causes?)(?: at all| whatsoever)?\b|"
                        r"(?:不管|无论|不论)(?:是)?(?:什么|何种|哪种)?(?:原因|理由)|(?:各种|所有|全部)(?:原因|理由)")
# fees for handling information requests (section 三's prose: "未收取任何费用"), not 表二's 行政事业性收费
DISCLOSURE_FEES = re.compile(r"依申请(?:公开)?.{0,8}(?:收费|收钱|收取|费用|交钱|缴费)|(?:收费|收钱|收取费用).{0,8}依申请|"
                             r"\b(?:charge[sd]?|fees?|paid|pay)\b.{0,30}\b(?:information requests?|applicants?|requesters?|"
                             r"disclosure requests?|for (?:the )?information|for (?:the )?disclosure)\b|"
                             r"\b(?:information requests?|applicants?|requesters?)\b.{0,30}\b(?:charged|fees?|pa(?:y|id))\b")
# 表二's own fee line named: "行政事业性收费", "the administrative fees line"
ADMINISTRATIVE_FEES = re.compile(r"行政事业性收费|行政性收费|事业性收费|\badministrative (?:fees?|charges?)\b")
# Counted in what no table counts: occasions, letters, sessions, people, posts ("多少封", "几场", "how often"); the
# tables count requests, cases, decisions, documents, projects and amounts
PROSE_COUNTED = re.compile(r"(?:多少|几)(?:个)?(?:封|场次?|人次|期|篇|次|名|位|批次)|\bhow often\b|\bhow many (?:letters|"
                           r"posts|articles|messages|sessions|events|people|participants|visitors|calls|briefings|"
                           r"accounts|items of (?:government )?information|pieces of information)\b|"
                           r"\b(?:number|tally|count) of (?:letters|posts|articles|messages|sessions|events|people|"
                           r"participants|visitors|calls|briefings|accounts)\b")
# The figure itself asked for, not its share or change: "just the raw number", "只要绝对数" (a follow-up keeps no operation)
PLAIN_VALUE = re.compile(r"\b(?:just|only) the (?:raw |plain |actual |bare )?(?:number|figure|count)s?\b|"
                         r"\b(?:raw|absolute|actual) (?:number|figure|count)s?\b|\bnot (?:as )?an? (?:share|percentage)\b|"
                         r"绝对数|具体(?:数字|件数|个数)|实际(?:数字|件数)|不要(?:占比|比例|百分比)|只要(?:数字|件数|个数)")
COUNT_ASKED = re.compile(r"多少|几[件个项次条家人]|\bhow (?:many|much)\b|\bnumber of\b|\bcount\b")
# The bottom asked for, not the top: "谁最少", "from lowest", "which year was smallest"
LEAST = re.compile(r"(?<!到)最少|(?<!到)最低|(?<!到)最小|从低到高|从少到多|从小到大|"
                   r"(?<!to )(?<!to the )(?:fewest|least|lowest|smallest)(?! (?:\w+ )?to (?:the )?(?:most|highest|largest|biggest))|"
                   r"\b(?:fewest|least|lowest|smallest) (?:\w+ )?to (?:the )?(?:most|highest|largest|biggest)\b|"
                   r"(?<!at the )\bbottom\b(?! (?:\w+ )?up\b)|\bascending\b")
# An open question about a part of the work: "依申请公开工作怎么样？", "how did Shangjie handle requests?"
OVERVIEW = re.compile(r"(?:工作|情况|做得|开展得?|落实得?|完成得?)(?:怎么样|如何|怎样|好不好)|整体情况|总体情况|概况|总结一下|"
                      r"\bhow (?:did|was|were|has|have|is|are)\b.{0,60}\b(?:handle[sd]?|handling|doing|done|go|gone|went|"
                      r"work(?:ed|ing)?|perform(?:ed|ing)?|manage[sd]?)\b|\boverview\b|\bsummar(?:y|ise|ize)\b|"
                      r"\bin a nutshell\b")
# the part of the work an open question is about, by its words (checked in this order); none: the whole
OVERVIEW_PARTS = (("review", re.compile(r"复议|诉讼|reconsideration|lawsuit|litigation|court", re.I)),
                  ("active", re.compile(r"主动公开|proactive|publish", re.I)),
                  ("applications", re.compile(r"依申请|申请|requests?\b|applications?\b", re.I)))
# The proactive-disclosure table's printed column 本年增/减 (2019 format), not a difference to compute: "the increase
# or decrease this year", "this year's net change", "本年增减"
PRINTED_CHANGE = re.compile(r"\b(?:increase or decrease|increase/decrease|net change)\s+(?:in |during |for )?this year\b|"
                            r"\bthis year's (?:increase or decrease|increase/decrease|net change)\b|"
                            r"本年度?(?:增减|增/减|增加或减少)")
# The agency a ranking just put first or last: "for the agency at the top", "排第一的那家", "the one at the bottom"
RANKED = re.compile(r"\b(?:for |of |at )?the (?:agency|office|one|county|district|town|city|report) (?:at|on) the (top|bottom)"
                    r"(?: of (?:the|that) (?:list|ranking))?\b|\bthe (top|bottom|first|last)(?:-ranked)? (?:one|agency|office)\b|"
                    r"(?:排(?:名|在)?)?(第一|最前|最后|末位|倒数第一)(?:名)?的?那?(?:个|家)?(?:单位|部门)?|"
                    # by the figures just given: "最少的那家", "the one with the most"
                    r"(最少|最多|最低|最高|最小|最大)的那(?:个|家|一家)(?:单位|部门)?|"
                    r"\bthe (?:one|agency|office) with the (most|fewest|least|highest|lowest|biggest|smallest)\b|"
                    # after a ranking, the agency its answer named first: "for that one, how many …"
                    r"\b(?:for |of |with |about )?(that) (?:one|agency|office)\b")
# "Apart from licensing, …", "除了许可以外", "许可以外的其他事项", "不是个人、而是单位", "not by people but by firms",
# "rather than individuals", "还在审的不算", "不含尚未审结的", "not counting those still pending", "neither upheld
# nor corrected", "既不是维持也不是纠正": what is named there is not what is asked
EXCEPT = re.compile(r"[^，,；;。？?!！\s]{1,12}?的?(?:都|也)?(?:不算|不计|不计入|不含|不包括|除外)(?=[，,；;。？?!！]|$)|"
                    r"(?:不算|不计|不含|不包括|扣除|刨去|去掉)[^，,；;。？?!！（）()]{1,16}?"
                    r"(?=[，,；;。？?!！（）()]|提的|提出的|的申请|以?后|之后|$)|"  # (not the applications they set apart from)
                    r"\b(?:not counting|leaving out|leaving aside|setting aside|without counting)\b[^,;:.?]{1,40}|"
                    r"(?:\b(?:apart from|except(?: for)?|besides|other than|excluding)\b|除了|除去|除)[^,，;；:：]{1,40}?"
                    r"(?=[,，;；:：]|以外|之外|外的|$)|"
                    r"[\u4e00-\u9fff]{2,8}?(?:以外|之外)(?=的)|"
                    r"(?<!而)不是[^，,；;。？?]{1,20}?(?=[，,、]?\s*而是)|(?<!而)不是[^，,；;。？?而]{1,10}?(?=提的|提出的|申请的)|而(?:不是|非)[^，,；;。？?]{1,12}|"
                    r"\bnot (?!only\b|just\b)(?:from |by |about )?[^,;:.?]{1,30}?(?=,? but\b)|"
                    r"\b(?:rather than|instead of)(?:\s+[\w'-]+){1,3}|"
                    r"\b(?:that|which|who) (?:are|were|is|was) not\b[^;:.?]{1,60}|"
                    r"\bneither\b[^,;:.?]{1,40}?\bnor\b(?:\s+(?!(?:and|or|but|in|for|by|of|at)\b)[\w'-]+){1,2}|"
                    r"既(?:不是|非)[^，,；;。？?]{1,12}?也(?:不是|非)[^，,；;。？?的]{1,12}", re.I)
# English shorthand: "No. of" is "number of"; "how many people…" counts requests, not the natural-person column
SHORTHAND = ((re.compile(r"\bno\.\s*(?=of\b)|#\s*(?=of\b)", re.I), "number "),
             (re.compile(r"\bapps\b|\bappl?s?\.(?=\s)", re.I), "applications"),
              (re.compile(r"\b(how many) (?:people|persons|folks)\b", re.I), r"\1"),
              # "people firing off the same request", "people who asked again": someone doing it, not 自然人
              # ("legal persons did", "natural persons who": the columns' own names stay)
              (re.compile(r"(?<!\bfrom )(?<!\bby )(?<!\bfor )(?<!\blegal )(?<!\bnatural )(?<!\bprivate )"
                          r"\b(?:people|persons|folks)(?= (?:\w+ing|who|that|can|could|"
                          r"would|will|should|may|might|must|had|have|has|were|are|did|do)\b)",
                          re.I), "someone"),
              # "had to tell people", "informed people": whoever asked, the object of the office's verb, not 自然人
              (re.compile(r"\b(tell|told|telling|tells|inform|informed|informing|notify|notified|notifying|let|lets|"
                          r"give|gave|giving|gives|turn away|turned away|answer|answered|reply to|replied to) "
                          r"(?:people|persons|folks)\b", re.I), r"\1 someone"),
              # "同一个人", "一个人": someone, not the column 个人 (natural persons)
              (re.compile(r"(同|每|哪|某)一?个人|(?<![\u4e00-\u9fff])一个人"), r"\1一人"),
              # "Fine - Meichuan then.", "OK, and 2021?": a word that takes the turn, not a fine or a figure
              (re.compile(r"^\s*(?:fine|ok(?:ay)?|alright|all right|right|well|good|great|thanks|thank you|never ?mind|"
                          r"forget (?:it|that)|no matter)\s*[-–—,:;.!]+\s*",
                          re.I), ""))


_TO_SIMPLIFIED = OpenCC("t2s")
# full-width digits and Latin letters, as Chinese input methods type them ("２０２３年", "ＦＹ２０２２"): plain ones
_HALF_WIDTH = {0xFF10 + i: ord("0") + i for i in range(10)} | {0xFF21 + i: ord("A") + i for i in range(26)} | {
    0xFF41 + i: ord("a") + i for i in range(26)}
# a fiscal year is the calendar year here (the reports cover one): "FY2022", "FY 22", "fy23" are that year
_FISCAL_YEAR = re.compile(r"\bFY\s?'?((?:19|20)\d\d|\d\d)\b", re.I)


def normalised(question: str) -> str:
    """Traditional characters simplified, two-digit years written out and English shorthand spelled: what the
    reader reads ("柳河區行政複議" is 柳河区行政复议)."""
    question = _TO_SIMPLIFIED.convert(question).translate(_HALF_WIDTH)
    question = _FISCAL_YEAR.sub(lambda m: m.group(1) if len(m.group(1)) == 4 else "20" + m.group(1), question)
    for pattern, replacement in SHORTHAND:
        question = pattern.sub(replacement, question)
    return full_years(question)


# ... or glued between a name and what is asked, no 年: "梅川办23新收商企数", "云桥23直诉未审结"
GLUED_YEAR = re.compile(r"(?<=[\u4e00-\u9fff])([12]\d)(?=\s*[\u4e00-\u9fff])(?!\s*[件个项条次人万元岁天月日号多余家年])")


def full_years(question: str) -> str:
    """The question with two-digit years written out: "柳河区22年" → "柳河区2022年", "Yunqiao '23" → "Yunqiao 2023"."""
    question = re.sub(r"(?:[一二][〇零一二三四五六七八九]){1,2}(?=年)", lambda m: m.group(0).translate(ZH_DIGITS), question)
    question = SHORT_YEAR.sub(lambda m: "20" + next(g for g in m.groups() if g), question)
    if not re.search(r"(?:19|20)\d\d", question):
        question = GLUED_YEAR.sub(lambda m: "20" + m.group(1), question, count=1)
    return question


def find_years(question: str, newest: int | None) -> tuple[list[int], bool]:
    """Years named (spans expanded) and whether they were named explicitly."""
    # years in Chinese numerals ("二〇二二"), never a count beside an Arabic year ("2022三年" is 2022, three years)
    text = re.sub(r"[一二][〇零一二三四五六七八九]{3}", lambda m: m.group(0).translate(ZH_DIGITS), question)
    # "carried over to 2024", "结转到2024年": the year after the one the report covers
    text = re.sub(r"((?:carried|carry|rolled)(?: over| forward)? (?:in)?to|结转(?:到|至|入)) ?((?:19|20)\d\d)",
                  lambda m: f"{m.group(1)} {int(m.group(2)) - 1}", text)
    # "carried over from 2023", "inherited from 2023", "从2023年结转来的": pending at the start of the year after
    if not re.search(r"结转(?:到|至|入)|(?:in)?to (?:19|20)\d\d", text):
        text = re.sub(r"((?:carried|brought|rolled|bring|brings)(?: over| forward| in)? from|inherited from|left over from|"
                      r"从(?=(?:19|20)\d\d\s*年?度?(?:结转|遗留|转入)))\s*((?:19|20)\d\d)",
                      lambda m: f"{m.group(1)} {int(m.group(2)) + 1}", text)
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)]
    span = re.search(r"((?:19|20)\d\d)\s*年?\s*(?:到|至|-|–|—|~|to|through|until)\s*((?:19|20)\d\d)", text)
    if span:
        a, b = sorted((int(span[1]), int(span[2])))
        years = list(range(a, b + 1))
    if years:
        return sorted(set(years)), True
    lower = question.lower()
    if EACH_NEWEST.search(lower):
        return [], False  # "各自最新一年": every agency its own newest report, no one year
    if newest is not None:
        for pattern, back in RELATIVE_YEARS:
            if re.search(pattern, lower):
                return [newest - back], True
    return [], False


# The words a question is made of besides names, years, metrics and its topic: asking, pointing back, joining
SCAFFOLD_ZH = re.compile(r"年报|(?:放|摆)(?:在)?一起|^\W*(?:总计|合计)\W*$|(?:同一|同样|一样|相同)的?口径|同口径|按(?:照)?(?:这个|同样的?|一样的?)?口径|[那这该此]份|(?:说|搞|弄|记|写|问)错了?|口误|更正一下|更正|[这那]一?部分(?:里|中|当中|里面)?(?!公开)|(?:同样|一样|相同|同一个?)的?问题|只看|只要|只说|先说|先看|先问|首先|不对|我是说|我说的?是|我指的?是|我的意思是|我是想要?|我想要?|想要|拆开|拆分|拆一下|拆细|展开|细分|分开|我要的?是|我问的?是|直接|跳到|跳回|回到|各自|情形|种|总数|具体|详细|大概|大致|同类|这类|此类|那类|类似|它们|他们|俩|再看|来看|看一下|那就|那么|那|呢|吗|嘛|呀|啊|吧|的|了|和|与|跟|及|以及|还有|又|再|也|都|是|有|请问|请|一下|看看|"
                         r"告诉我|给我|收得|收的|查询|查|多少|几|怎么样|如何|情况|数据|数字|数量|分别|其中|年度|年|同期|同样|"
                         r"这个|那个|这|该|它|他们|其|对应|相应|比较|对比|相比|一共|合计|总共|共|个|件|条|项|家|"
                         r"单位|部门|换成|改成|如果是|要是|再加上|加上|再加|算上|包括|什么|哪些|哪一?个|哪一?家|谁|里面|里头|当中|之中|里|前面|上面|刚才|之前|怎样|为什么|原因|理由|类型|种类|"
                         r"1下|[\d〇零一二两三四五六七八九十]+|还是|报告(?=\s*(?:呢|吗|[?？]|$|有|里|中|上))|(?<=的)报告")


COUNTERS = "条件个项家次期批人"  # what a number counts ("多少条"): kept, a sentence's "392条" matches it


def asked_about(token: str) -> str | None:
    """What a Chinese word of a question says of its topic: None for question scaffolding alone ("总共", "那份"),
    its counter for an asking word that holds one ("几条" → 条), else the word itself."""
    if not token or SCAFFOLD_ZH.sub("", token):
        return token
    return token[-1] if token[-1] in COUNTERS else None
