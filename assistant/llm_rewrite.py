"""Use 4 of the optional model: an elliptical prose follow-up rewritten into a question that stands on its own,
before the report text is searched ("有多少个账号？" after "洛宁县的政务新媒体情况怎么样" → "洛宁县政务新媒体有多少个
账号？"; "How does it plan to fix them?" after "What problems did Luoning identify?").

The rules still read the turn and fill it from the conversation (agencies, years: assistant/session.py); the
rewrite only gives the words the text is searched and quoted by. It is asked only of a prose turn that leans on the
conversation (no table figure, and an agency or topic taken from the turns before, or a word that points back), and
it is kept only when it checks out: one line in the question's language, no agency the conversation never named, no
year or other number the conversation never said. Anything else — no answer, a timeout, a rewrite that fails a
check — leaves the rules' reading as it was.
"""

from __future__ import annotations

import re
import secrets

from .understand import Intent, language_of, understand

MAX_REWRITE = 300
_POINTS_BACK = re.compile(r"它们|它的|他们|其中|这些|那些|这个|那个|这方面|上述|以上|该|此|"
                          r"\b(?:it|its|they|them|their|this|that|these|those|there)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def leans(intent: Intent, context) -> bool:
    """Whether a turn is a prose follow-up worth rewriting: a conversation before it, no table figure read, and
    something taken from the turns before (agencies, years, the topic) or a word that points back to them."""
    if context is None or not context.asked or intent.has_metric or intent.overview or intent.operation == "quality":
        return False
    if intent.unknown_agencies or intent.ambiguous:
        return False  # a place the index lacks, or a name that needs choosing: the rules' message stands
    return bool({"agencies", "years", "topic"} & set(intent.inherited)) or bool(_POINTS_BACK.search(intent.question))


def rewrite(client, catalog, question: str, intent: Intent, context) -> str | None:
    """`question`, the turn as the user wrote it, as a question on its own, checked; None keeps the rules' reading
    (not asked, no answer, not valid)."""
    if not leans(intent, context) or not catalog.reports:
        return None
    from .llm import prompt

    nonce = secrets.token_hex(6)
    said = "\n".join(f"<<turn {n} {nonce}>>{q}<</turn {n} {nonce}>>" for n, q in enumerate(context.asked, 1))
    indexed = {a.name for a in catalog.agencies}
    agencies = [a for a in dict.fromkeys([*intent.agencies, *context.recent, *context.agencies]) if a in indexed]
    messages = prompt("rewrite", earlier=said, nonce=nonce, question=question,
                      agencies="、".join(agencies) or "-",
                      years=", ".join(map(str, sorted({*context.recent_years, *context.years}))) or "-",
                      language="简体中文 (Simplified Chinese)" if intent.language == "zh" else "English")
    reply = client.complete(messages, max_tokens=120)
    return checked(reply, question, intent, context, catalog)


def checked(reply: str | None, question: str, intent: Intent, context, catalog) -> str | None:
    """The rewrite when it is one line in the question's language that names no agency, year or number the
    conversation did not; else None."""
    if not reply:
        return None
    text = reply.strip().strip('"“”').strip()
    if not text or "\n" in text or len(text) > MAX_REWRITE or text.strip(".。").upper() == "NONE":
        return None
    if language_of(text) != intent.language:
        return None
    read = understand(text, catalog.agencies, catalog.newest_year)
    known = {*intent.agencies, *context.agencies, *context.recent}
    if read.unknown_agencies or not set(read.agencies) <= known:
        return None  # an agency the conversation never named
    # every number written (years included) the user's own or a year of the conversation's reports
    said = set(_NUMBER.findall(" ".join([question, *context.asked])))
    if not set(_NUMBER.findall(text)) <= said | {str(y) for y in (*intent.years, *context.years, *context.recent_years)}:
        return None  # a year or a figure nobody said
    return text
