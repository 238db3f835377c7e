"""What each template row or group counts, in a sentence of each language: the text the question reader embeds.

Labels say what a row is called; these say what it counts, in the words people use when they ask
("the office did not have the information", "拖到下一年再办"). Keys are (table, "row" | "group", id), as in
index.template's WORDS_ZH/WORDS_EN; every row and group of both formats has one (tests check it).
The parser never reads these.
"""

GLOSSES: dict[tuple[str, str, str], tuple[str, str]] = {
    ("applications", "row", "new"): (
        "本年新收到的政府信息公开申请数量，收到多少申请、申请量",
        "new freedom-of-information requests received this year, how many applications came in"),
    ("applications", "row", "carried_in"): (
        "上一年没办完、结转到本年继续办理的申请",
        "pending requests brought into this year from the year before, inherited from the previous year"),
    ("applications", "row", "granted"): ("申请的信息全部予以公开、同意公开", "requests granted in full, all the information disclosed"),
    ("applications", "row", "partial"): (
        "只公开了一部分、部分公开的申请",
        "requests only partly granted, some of the information disclosed"),
    ("applications", "group", "refused"): (
        "不予公开、拒绝公开的申请",
        "requests refused, denied, turned down, information withheld"),
    ("applications", "row", "refused.state_secret"): (
        "属于国家秘密不予公开",
        "refused because the information is a state secret, classified"),
    ("applications", "row", "refused.law_prohibited"): (
        "其他法律行政法规禁止公开而不予公开",
        "refused because other laws or regulations prohibit disclosure"),
    ("applications", "row", "refused.three_safety"): (
        "公开后可能危及国家安全、公共安全、经济安全和社会稳定而不予公开",
        "refused because disclosure would endanger national, public or economic security or social stability"),
    ("applications", "row", "refused.third_party"): (
        "公开会损害第三方合法权益、涉及商业秘密个人隐私而不予公开",
        "refused to protect the lawful rights of a third party, trade secrets or personal privacy"),
    ("applications", "row", "refused.internal_affairs"): (
        "属于人事管理、后勤管理、内部工作流程等内部事务信息不予公开",
        "refused as internal affairs information such as personnel, logistics or internal procedures"),
    ("applications", "row", "refused.process_info"): (
        "属于讨论记录、过程稿、磋商函、请示报告等过程性信息不予公开",
        "refused as process or deliberative information: drafts, discussion records, internal consultations"),
    ("applications", "row", "refused.enforcement_file"): (
        "属于行政执法案卷信息不予公开",
        "refused as administrative law enforcement case files"),
    ("applications", "row", "refused.query_item"): (
        "属于行政查询事项不予公开，应通过查询渠道办理",
        "refused as administrative query matters to be handled through query channels"),
    ("applications", "group", "unable"): ("无法提供信息的申请", "requests where the information could not be provided"),
    ("applications", "row", "unable.not_held"): (
        "本机关不掌握、没有申请的信息",
        "the agency did not have or hold the information requested"),
    ("applications", "row", "unable.needs_creation"): (
        "没有现成信息，需要另行制作、加工、重新统计",
        "no ready-made information, it would have to be created, compiled or produced anew"),
    ("applications", "row", "unable.unclear"): (
        "经补正后申请内容仍然不明确",
        "the request remained unclear or too vague even after the applicant amended or clarified it"),
    ("applications", "group", "not_processed"): ("不予处理的申请", "requests not processed, set aside, not handled"),
    ("applications", "row", "not_processed.petition"): (
        "属于信访、举报、投诉的申请不予处理",
        "not processed because they were petitions, reports or complaints"),
    ("applications", "row", "not_processed.repeat"): (
        "重复提出的申请不予处理",
        "not processed because the same request was submitted again, duplicates"),
    ("applications", "row", "not_processed.publication"): (
        "要求提供公开出版物不予处理",
        "not processed because they asked for published materials, publications"),
    ("applications", "row", "not_processed.mass_repeat"): (
        "无正当理由大量、反复申请不予处理",
        "not processed because of large numbers of repetitive requests without good reason"),
    ("applications", "row", "not_processed.confirm"): (
        "要求行政机关确认或重新出具已获取的信息不予处理",
        "not processed because they asked the agency to confirm or re-issue information already obtained"),
    ("applications", "row", "other"): ("以其他方式处理的申请", "requests handled in some other way, otherwise handled"),
    ("applications", "group", "other"): ("其他处理的申请", "requests handled in some other way, otherwise handled"),
    ("applications", "row", "other.no_supplement"): (
        "申请人逾期不补正，不再处理",
        "closed because the applicant did not supplement or correct the request in time"),
    ("applications", "row", "other.unpaid_fee"): (
        "申请人逾期未缴纳费用，不再处理",
        "closed because the applicant did not pay the fee in time, unpaid fees"),
    ("applications", "row", "other.other"): ("其他处理中的其他情形", "other cases within other handling"),
    ("applications", "row", "handled_total"): (
        "本年办理完毕、答复的申请总数",
        "total requests handled, dealt with, answered or concluded this year"),
    ("applications", "row", "carried_forward"): (
        "本年没办完、结转到下一年继续办理的申请",
        "requests still pending at year end, carried forward into the next year"),
    ("active", "row", "rules"): ("规章的制定、公开和现行有效数量", "government rules and regulations made, published or in force"),
    ("active", "row", "normative_docs"): ("规范性文件的制发、废止、现行有效数量", "normative documents issued, repealed or in force"),
    ("active", "row", "licensing"): (
        "行政许可事项和许可决定数量",
        "administrative licences and permits, licensing items and decisions"),
    ("active", "row", "other_services"): ("其他对外管理服务事项", "other external management and service items"),
    ("active", "row", "penalty"): ("行政处罚决定数量", "administrative penalties and fines imposed, penalty decisions"),
    ("active", "row", "coercion"): ("行政强制措施决定数量", "administrative coercion, compulsory enforcement measures"),
    ("active", "row", "fees"): ("行政事业性收费项目和收费金额", "administrative fees and charges collected"),
    ("active", "row", "procurement"): ("政府集中采购项目数量和采购金额", "centralised government procurement projects and spending"),
    ("review", "row", "reconsideration"): (
        "因政府信息公开被申请行政复议的案件",
        "administrative reconsideration cases, appeals for review"),
    ("review", "group", "lawsuits"): ("因政府信息公开被提起行政诉讼、被告上法院的案件", "administrative lawsuits, court cases, being sued"),
    ("review", "row", "suit_direct"): (
        "未经复议直接向法院起诉的行政诉讼",
        "lawsuits filed directly in court without reconsideration first"),
    ("review", "row", "suit_after_review"): ("经过行政复议后又起诉的行政诉讼", "lawsuits filed after reconsideration"),
}


# More ways of saying what a row counts, in either language: each is one more description the question is
# compared with (a row scores its closest description), so a row asked about in words unlike its gloss is found.
MORE_GLOSSES: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("applications", "row", "new"): (
        "how many people asked the office for information this year",
        "今年有多少人来要信息、递交了多少申请",
    ),
    ("applications", "row", "carried_in"): (
        "requests still open at the start of the year, left over from last year",
        "年初还没办完、从去年留下来的申请",
    ),
    ("applications", "row", "granted"): (
        "the applicant got everything asked for, released in full",
        "要的信息全部给了、完全公开",
    ),
    ("applications", "row", "partial"): (
        "only some of the information was released, the rest withheld or redacted",
        "只给了一部分信息，其余不公开",
    ),
    ("applications", "group", "refused"): (
        "the office refused to release the information at all",
        "不给公开、拒绝公开的申请",
    ),
    ("applications", "row", "refused.state_secret"): (
        "withheld because it is classified or secret",
        "因为涉密、属于国家秘密没有公开",
    ),
    ("applications", "row", "refused.law_prohibited"): (
        "another law or regulation forbids releasing it",
        "别的法律法规规定不能公开",
    ),
    ("applications", "row", "refused.three_safety"): (
        "releasing it could harm security or social stability",
        "公开会影响安全和社会稳定",
    ),
    ("applications", "row", "refused.third_party"): (
        "releasing it would hurt someone else's rights, privacy or business secrets",
        "会侵犯别人的权益、隐私或商业秘密",
    ),
    ("applications", "row", "refused.internal_affairs"): (
        "internal matters such as staffing, logistics or internal workflow",
        "机关内部的人事、后勤、内部流程等事务",
    ),
    ("applications", "row", "refused.process_info"): (
        "working drafts, meeting minutes, internal consultations not yet final",
        "还在讨论中的草稿、会议记录、内部请示",
    ),
    ("applications", "row", "refused.enforcement_file"): (
        "files of law enforcement cases, inspection or penalty case files",
        "执法办案的案卷材料",
    ),
    ("applications", "row", "refused.query_item"): (
        "things the applicant should look up through an official enquiry service",
        "应当通过查询渠道去查的事项",
    ),
    ("applications", "row", "unable.not_held"): (
        "the office does not have or keep that information",
        "本机关手里没有这个信息",
    ),
    ("applications", "row", "unable.needs_creation"): (
        "the information does not exist yet and would have to be compiled",
        "需要重新汇总、加工才能得到的信息",
    ),
    ("applications", "row", "unable.unclear"): (
        "the request was too vague to know what was wanted, even after asking",
        "补正后还是说不清要什么",
    ),
    ("applications", "row", "not_processed.petition"): (
        "really a complaint, petition or report rather than an information request",
        "其实是信访、投诉、举报",
    ),
    ("applications", "row", "not_processed.repeat"): (
        "the same request made again, a duplicate",
        "同一个申请又重复提了一遍",
    ),
    ("applications", "row", "not_processed.publication"): (
        "asked for books or publications that are for sale or published",
        "要的是公开出版物",
    ),
    ("applications", "row", "not_processed.mass_repeat"): (
        "many repeated requests without good reason, abuse of the right",
        "没有正当理由大量、反复地申请",
    ),
    ("applications", "row", "not_processed.confirm"): (
        "asked the office to confirm or issue again what they already had",
        "要求确认或重新出具已经拿到的信息",
    ),
    ("applications", "row", "other.no_supplement"): (
        "the applicant never clarified the request when asked, so it was closed",
        "让申请人补正，过期没补，就不再处理",
    ),
    ("applications", "row", "other.unpaid_fee"): (
        "the applicant did not pay the charge on time, so it was dropped",
        "没按时交费，就不再处理",
    ),
    ("applications", "row", "handled_total"): (
        "all requests answered or closed this year, every outcome together",
        "今年办结的申请总数，各种结果加在一起",
    ),
    ("applications", "row", "carried_forward"): (
        "requests not finished at year end, to be completed next year",
        "年底没办完、转到下一年继续办的",
    ),
    ("review", "row", "reconsideration"): (
        "someone appealed to a higher authority for administrative review",
        "被申请人申请了行政复议",
    ),
    ("review", "group", "lawsuits"): (
        "the office was sued in court over information disclosure",
        "因信息公开被告上法院",
    ),
    ("review", "row", "suit_direct"): (
        "sued straight in court without going through reconsideration first",
        "没经过复议直接去法院起诉",
    ),
    ("review", "row", "suit_after_review"): (
        "went to court after a reconsideration decision",
        "复议之后又去法院起诉",
    ),
}

# What the prose of the reports talks about, English → the Chinese words the reports use: an English question
# about the text searches with these too (the reports are in Chinese; the small model bridges languages poorly).
PROSE_TERMS: dict[str, tuple[str, ...]] = {
    "policy interpretation": ("政策解读",), "interpretation": ("解读",),
    "press conference": ("新闻发布会", "发布会"), "news conference": ("新闻发布会", "发布会"),
    "mailbox": ("信箱",), "leadership mailbox": ("领导信箱",), "mayor's mailbox": ("市长信箱",), "letter": ("来信", "信件"),
    "website": ("网站",), "portal": ("门户网站",), "new media": ("政务新媒体",), "wechat": ("微信",), "weibo": ("微博",),
    "government wechat": ("政务微信",), "government weibo": ("政务微博",),
    "training": ("培训",), "trained": ("培训",), "hotline": ("热线",), "consultation": ("征求意见",),
    "solicit": ("征求意见",), "online interview": ("在线访谈",), "interview": ("访谈",), "visit": ("访问",),
    "page view": ("访问量",), "public concern": ("回应关切",), "gazette": ("政府公报",), "bulletin": ("公报", "通报", "简报"),
    "meeting": ("会议",), "internet": ("互联网", "网上"), "online": ("网上", "在线", "互联网", "网络"), "circular": ("通报",), "document": ("文件",), "budget": ("预算",), "final account": ("决算",),
    "food": ("食品",), "drug": ("药品",), "inspection": ("抽检",), "sampling": ("抽检",),
    "proactively": ("主动公开",), "published": ("发布", "公开"), "publish": ("发布", "公开"), "released": ("发布",),
    "put out": ("发布", "印发"), "issued": ("发布", "印发"),
    "problem": ("问题",), "shortcoming": ("不足",), "improvement": ("改进",), "next step": ("下一步",),
    "complaint": ("投诉",), "petition": ("信访",), "reply": ("答复",), "answered": ("答复",),
    "standardization": ("标准化", "规范化"), "catalogue": ("目录",), "guide": ("指南",),
    # counters and directions the reports count in: "300余人次", "上报信息43条", "向上级上报"
    "person-time": ("人次",), "person time": ("人次",), "report up": ("上报",), "reported up": ("上报",),
    "submitted up": ("上报",), "higher authority": ("上级",), "adopted": ("采用",),
    "shut down": ("注销", "关停", "关闭"), "closed down": ("注销", "关停", "关闭"), "account": ("账号", "公众号"),
    # what an office sends down to the units under it: "整改通知12次", "提示函5期"
    "rectification": ("整改",), "rectify": ("整改",), "notice": ("通知",), "notification": ("通知",),
    "reminder": ("提示函", "提醒"), "warning letter": ("提示函",), "supervision": ("督查", "督办"),
    # what is published without a request, said in other words: "released on its own initiative"
    "own initiative": ("主动公开",), "own accord": ("主动公开",), "proactive": ("主动公开",),
    "voluntarily": ("主动公开",), "without being asked": ("主动公开",),
    # events and outlets of the work in everyday English
    "brief the press": ("新闻发布会", "发布会"), "press briefing": ("新闻发布会", "发布会"), "briefing": ("发布会",),
    "open day": ("开放日",), "open-government day": ("政府开放日", "开放日"), "open government day": ("政府开放日", "开放日"),
    "outside assessor": ("第三方评估",), "third party assessor": ("第三方评估",), "third party assessment": ("第三方评估",),
    "third party evaluation": ("第三方评估",), "third party": ("第三方",), "third-party": ("第三方",),
    "assessor": ("评估",), "assessment": ("评估",), "evaluate": ("评估",), "evaluation": ("评估",),
    "newspaper": ("报纸", "报刊"), "display screen": ("电子显示屏", "显示屏"), "screen": ("显示屏",),
    "bulletin board": ("公开栏", "宣传栏", "展板"), "notice board": ("公开栏", "宣传栏", "公告栏"), "display board": ("展板",),
    "plain-language": ("解读",), "plain language": ("解读",), "explainer": ("解读",), "outlet": ("渠道", "载体"),
    "message": ("来信", "留言"), "county head": ("县长",), "mayor": ("市长",),
    "q&a": ("问答",), "question and answer": ("问答",), "edition": ("期",), "poverty": ("扶贫", "脱贫"),
    "poverty relief": ("扶贫",), "village": ("村",), "board": ("公开栏", "宣传栏", "专栏", "展板"),
    "to account": ("责任追究", "问责"), "accountability": ("责任追究", "问责"), "accountable": ("责任追究", "问责"),
    "higher level": ("上级",), "send up": ("上报",), "sent up": ("上报",), "reminder letter": ("提示函",),
    "social media": ("新媒体", "政务新媒体"), "public opinion": ("舆情",), "online public opinion": ("网络舆情", "舆情"),
    "respond": ("回应",), "responded": ("回应",),
}
# The channels and events of the work that only the prose counts (no table has a row for them): a question naming
# one with no row of its own asks the text ("how many items did the city portal publish?")
PROSE_SUBJECTS = ("press conference", "news conference", "mailbox", "website", "portal", "new media", "wechat", "weibo",
                  "training", "trained", "hotline", "online interview", "interview", "page view", "gazette", "bulletin",
                  "meeting", "policy interpretation", "report up", "reported up", "person-time", "person time",
                  "rectification", "notice", "reminder", "warning letter", "brief the press", "press briefing",
                  "open day", "open-government day", "open government day", "outside assessor", "newspaper",
                  "third party assessor", "third party assessment", "third party evaluation", "poverty relief",
                  "village", "public opinion",
                  "display screen", "bulletin board", "notice board", "explainer")
