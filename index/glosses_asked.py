"""Four more descriptions per template row or group (2 English, 2 Chinese), worded as different people ask.

Keys are (table, "row" | "group", id), the same keys as index.glosses.GLOSSES. Each text states the positive
detail that sets its row apart from the rows it is most easily confused with, without naming those rows (the
question reader also matches English words against every row's descriptions, so a counterpart's words here
would pull questions about the counterpart toward this row). Texts avoid counting words (多少, 件数,
"how many") that every question carries, and the applicant-type words of the columns (companies, citizens,
legal, public interest). Written from the template alone by an author who never saw the paraphrase bench;
read by assistant.meaning beside index.glosses, never by the parser.
"""

ASKED_GLOSSES: dict[tuple[str, str, str], tuple[str, ...]] = {
    # --- 三、依申请公开: intake, completion, backlog ----------------------------------------------------
    ("applications", "row", "new"): (
        "fresh disclosure requests lodged with the office in the reporting year",
        "applications this year asking the government for information, the intake",
        "今年老百姓找政府要信息，新递上来的申请",
        "本年度新登记受理的依申请公开事项",
    ),
    ("applications", "row", "carried_in"): (
        "requests already on hand on the first day of the year, lodged in the prior year",
        "old applications from last year that this year still had to handle",
        "去年递来没答复完、挪到今年接着办的",
        "上一年度未办结、转入本年度办理的申请",
    ),
    ("applications", "row", "carried_forward"): (
        "requests unanswered when the year closed, deferred to the following year",
        "applications not finish this year, continue next year",
        "年底还没答复，要拖到明年再办的申请",
        "年终仍在办理、顺延至下一年度的申请",
    ),
    ("applications", "row", "handled_total"): (
        "grand total of requests concluded this year across every outcome",
        "applications the office completed over the whole year",
        "今年一共办完、给了答复的申请",
        "本年度全部办结的申请，各项办理结果之和",
    ),
    # --- outcomes: granted / partial ---------------------------------------------------------------------
    ("applications", "row", "granted"): (
        "requests where the office handed over every record sought in full",
        "government give all the information the applicant ask for",
        "申请人要的材料一样不落全都提供了",
        "依申请全文公开、完全满足申请内容",
    ),
    ("applications", "row", "partial"): (
        "requests answered with an incomplete or redacted release, only a portion supplied",
        "applicant was given only some of the documents, not all",
        "给了一部分材料，另一部分没给",
        "经区分处理后部分予以公开的申请",
    ),
    # --- （三）不予公开 ------------------------------------------------------------------------------------
    ("applications", "group", "refused"): (
        "refusals to disclose, every statutory ground together",
        "the office said no to releasing the information",
        "申请了政府就是不给公开的，各种理由加起来",
        "决定不予公开的申请合计，涵盖各项法定理由",
    ),
    ("applications", "row", "refused.state_secret"): (
        "denied on secrecy grounds, the records carry a national security classification",
        "information is confidential state secret, so government not release",
        "文件有密级、属于国家机密，所以拒绝公开",
        "申请内容涉及国家秘密，依法不予公开",
    ),
    ("applications", "row", "refused.law_prohibited"): (
        "a separate statute or administrative regulation bans its release",
        "refused because some other law forbids publishing this information",
        "别的法律条文明令不准公开，所以没给",
        "依据其他法律、行政法规的禁止性规定不予公开",
    ),
    ("applications", "row", "refused.three_safety"): (
        "withheld for fear that publishing would threaten national or public safety, the economy or social order",
        "refused because disclosing could spark unrest or a security risk",
        "怕公开了出乱子、影响国家安全和社会稳定",
        "公开可能危害国家与公共安全、经济安全或社会稳定",
    ),
    ("applications", "row", "refused.third_party"): (
        "refused to shield another party's lawful rights; the third party objected to release",
        "withheld because it contains somebody else's private data or a company's confidential info",
        "涉及别人的隐私或者企业的商业机密，没给公开",
        "公开会损害他人合法权益，第三方不同意公开",
    ),
    ("applications", "row", "refused.internal_affairs"): (
        "withheld as the office's housekeeping: staffing, back-office support, in-house workflows",
        "refused because it is only internal management of the office, like staff and facilities",
        "机关自己内部管人、管后勤的事，不对外",
        "干部人事、后勤保障、内部办事流程等内部信息",
    ),
    ("applications", "row", "refused.process_info"): (
        "withheld as pre-decision material: unfinished drafts, meeting notes, internal requests for instructions",
        "refused because the document is still in discussion, not a final decision",
        "还没定下来的草稿、会议纪要、请示件，不给看",
        "研究讨论、内部征询、请示批复中形成的中间材料",
    ),
    ("applications", "row", "refused.enforcement_file"): (
        "withheld as part of an enforcement case dossier: investigation, inspection or sanction records",
        "refused because the papers belong to an enforcement case file",
        "查处违法案件的执法卷宗，不对外提供",
        "行政执法过程中形成的案卷材料，依法不予公开",
    ),
    ("applications", "row", "refused.query_item"): (
        "refused because it is a records lookup, like registration data, handled via a dedicated enquiry service",
        "not disclosed, applicant told to search it by the official inquiry procedure",
        "这种得去查询窗口查档、查登记，不按公开办",
        "属于行政查询事项，告知申请人另循查询途径",
    ),
    # --- （四）无法提供 ------------------------------------------------------------------------------------
    ("applications", "group", "unable"): (
        "requests that could not be met because the information was unavailable",
        "government simply unable to give the information",
        "实在没办法提供、给不出来的申请",
        "因客观原因无法提供政府信息的申请合计",
    ),
    ("applications", "row", "unable.not_held"): (
        "the agency is not the holder: it never produced or obtained the records",
        "this department keeps no such document in its files",
        "这个部门手里根本没有，也不归它管",
        "经检索，本机关未制作也未获取所申请信息",
    ),
    ("applications", "row", "unable.needs_creation"): (
        "no existing record; answering would require analysing or aggregating data into a new document",
        "applicant wants statistics the office must calculate new, not existing document",
        "现成的没有，得专门整理统计出一份新材料",
        "需对现有信息进行汇总、分析、加工才能形成",
    ),
    ("applications", "row", "unable.unclear"): (
        "the applicant did respond to the clarification request, yet the description still failed to identify the records",
        "after explaining again, still cannot understand what information the applicant wants",
        "让申请人补充说明了，还是搞不清他要啥",
        "经告知补正，申请内容仍无法确定所需信息",
    ),
    # --- （五）不予处理 ------------------------------------------------------------------------------------
    ("applications", "group", "not_processed"): (
        "applications left unhandled, with no action",
        "requests the agency put aside with no decision on release",
        "政府直接不接着办、不作处理的申请",
        "依法不作处理的申请合计，未进入公开审查",
    ),
    ("applications", "row", "not_processed.petition"): (
        "filed as an information request, really a grievance, whistleblowing or letters-and-visits matter",
        "application was actually someone complaining or reporting wrongdoing",
        "名义上要信息，实际是上访、检举揭发问题",
        "以公开申请形式提出的信访、检举、投诉诉求",
    ),
    ("applications", "row", "not_processed.repeat"): (
        "a single resubmission of an identical earlier request",
        "applicant filing the identical request once more after an earlier reply",
        "之前已经答复过，又原样来申请一次",
        "申请人就同一内容再次申请，已答复不再处理",
    ),
    ("applications", "row", "not_processed.mass_repeat"): (
        "abusive bulk filing: someone flooding the office with requests far beyond reasonable need",
        "an applicant filing lots of similar applications again and again, no proper reason",
        "一个人没完没了成批地申请，明显超出合理需要",
        "申请数量、频次明显超过合理范围且无正当理由",
    ),
    ("applications", "row", "not_processed.publication"): (
        "the applicant wanted books, yearbooks, gazettes or other material already in print",
        "they asked government to give a printed book or journal",
        "要的是书、年鉴、公报这类已经印发出版的东西",
        "申请获取已公开发行的出版物，不予处理",
    ),
    ("applications", "row", "not_processed.confirm"): (
        "asked the office to certify, verify or re-issue documents the applicant already possessed",
        "they have the paper already and want government to stamp or prove it",
        "拿着已有的文件，让政府盖章证明或再开一份",
        "要求对已获取信息予以核实确认或再次出具",
    ),
    # --- （六）其他处理 ------------------------------------------------------------------------------------
    ("applications", "row", "other"): (
        "requests concluded by some miscellaneous route",
        "applications that ended in an unusual, miscellaneous way",
        "用别的办法了结的申请",
        "以上述各类办理结果之外的方式处理的申请",
    ),
    ("applications", "group", "other"): (
        "all requests disposed of by the miscellaneous routes combined",
        "applications ended for other reasons, like the applicant abandoning it",
        "其他处理方式的申请加在一起",
        "其他处理项下各种情形的合计",
    ),
    ("applications", "row", "other.no_supplement"): (
        "the applicant never answered the correction notice before the deadline, so the request lapsed",
        "government ask applicant to add details, applicant never reply in time",
        "让补材料，过了期限也没补，就不办了",
        "申请人未在期限内补正，视为放弃申请",
    ),
    ("applications", "row", "other.unpaid_fee"): (
        "the applicant ignored the payment notice, so the request was closed",
        "applicant did not pay the information processing fee by the deadline",
        "发了收费通知，申请人过期没交钱，就不处理了",
        "申请人未在期限内缴纳信息处理费，终止办理",
    ),
    ("applications", "row", "other.other"): (
        "leftover miscellaneous closures under other handling, such as the applicant withdrawing the request",
        "applicant cancelled the application, or other odd cases",
        "申请人主动撤回等其他处理情形",
        "其他处理中的兜底情形，如撤回申请",
    ),
    # --- 二、主动公开 ----------------------------------------------------------------------------------
    ("active", "row", "rules"): (
        "formal government rules (guizhang) adopted, repealed or still effective",
        "regulations the government made and which are still effective",
        "政府出台过的规章，现在还管用的",
        "本级政府或部门制定发布的规章",
    ),
    ("active", "row", "normative_docs"): (
        "binding policy circulars (red-header documents) issued, abolished or still effective",
        "official policy documents with binding effect that were issued or cancelled",
        "发的红头文件，清理作废的和还有效的",
        "行政规范性文件的印发、清理及有效存量",
    ),
    ("active", "row", "licensing"): (
        "permits and approvals: licence applications the agency decided",
        "government approve license, permit decision",
        "办的行政审批、批出的许可证",
        "作出准予或不予行政许可的决定",
    ),
    ("active", "row", "other_services"): (
        "outward-facing management and service matters other than licensing, such as registrations or confirmations",
        "other government services to society besides permits",
        "除了审批以外，政府对外办的其他服务事情",
        "行政许可之外面向社会的管理服务事项",
    ),
    ("active", "row", "penalty"): (
        "sanctions on rule-breakers: warnings, fines, confiscations, licence revocations decided",
        "government punishing violators with fines",
        "罚款、查处违法开出的罚单",
        "对违法行为作出警告、罚款等处罚的决定",
    ),
    ("active", "row", "coercion"): (
        "compulsory measures such as sealing premises, seizing goods, freezing funds, or forced execution",
        "government forcing action like closing a shop or seizing property",
        "查封、扣押、冻结这类强制手段",
        "采取行政强制措施及强制执行的决定",
    ),
    ("active", "row", "fees"): (
        "charges the government levies for its services, and the revenue raised",
        "money government charge for administrative services",
        "政府向社会收取的行政性费用",
        "行政事业性收费项目变化及本年收费额",
    ),
    ("active", "row", "procurement"): (
        "purchases made through central government buying: contracts and money spent",
        "government buy things together, projects and cost",
        "政府统一采购买的项目、花的钱",
        "纳入集中采购的项目及采购金额",
    ),
    # --- 四、行政复议、行政诉讼 --------------------------------------------------------------------------
    ("review", "row", "reconsideration"): (
        "challenges to a disclosure reply lodged with a higher administrative body",
        "people not satisfied ask the upper government to review the decision",
        "对答复不服，找上级机关申请复议的",
        "不服信息公开答复提起的行政复议案件",
    ),
    ("review", "group", "lawsuits"): (
        "all court cases brought over disclosure, combined",
        "the government as defendant in court over information",
        "为信息公开跟政府打官司的总数",
        "信息公开引发的行政诉讼案件总数",
    ),
    ("review", "row", "suit_direct"): (
        "applicant went straight to court, bypassing administrative reconsideration",
        "people go to court immediately, not first ask for reconsideration",
        "不走复议程序，一上来就到法院告政府",
        "未经行政复议程序径行提起的行政诉讼",
    ),
    ("review", "row", "suit_after_review"): (
        "unhappy with the reconsideration outcome, the applicant afterwards took the matter to court",
        "went to administrative review first, and after that to court",
        "复议结果不满意，接着又去法院打官司",
        "不服行政复议决定而提起的行政诉讼案件",
    ),
}
