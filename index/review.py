"""Section 四 (行政复议、行政诉讼): three groups of five outcomes; where numbers are missing, they are placed by
the rule 维持+纠正+其他+尚未审结=总计 and the figures the prose states."""

from __future__ import annotations

import itertools

from .figures import Figure, first
from .messages import Message
from .readers import Line
from .tables import Fact, Token, cell_fact, tokenize
from .template import REVIEW


def parse_review(lines: list[Line], figures: list[Figure]) -> tuple[list[Fact], list[str]]:
    """Section 四: 3 groups × 5 outcomes; incomplete rows placed with the prose's figures."""
    width = len(REVIEW.rows) * len(REVIEW.columns)
    tokens = [t for t in tokenize(lines, width) if t.kind != "text"]
    while len(tokens) > width and tokens[-1].kind == "blank":
        tokens.pop()
    groups = REVIEW.rows
    facts: list[Fact] = []
    notes: list[str] = []
    if not tokens:
        return facts, notes
    if len(tokens) == 15:
        for g, row in enumerate(groups):
            for c, column in enumerate(REVIEW.columns):
                facts.append(cell_fact(REVIEW, row, column.id, tokens[g * 5 + c], column.unit, None))
        return facts, notes
    numbers = [t for t in tokens if t.kind == "number"]
    if len(numbers) % 5 or len(numbers) > 15:
        notes.append(Message("note.review_unplaced", numbers=len(numbers)).encode())
        return facts, notes
    chunks = [numbers[i:i + 5] for i in range(0, len(numbers), 5)]
    reconsideration = first(figures, "reconsideration")
    lawsuits = first(figures, "lawsuits")
    evidence = [f for f in (reconsideration, lawsuits) if f]

    def fits(assignment: tuple[int, ...]) -> bool:
        totals = {g: chunks[i][4].value for i, g in enumerate(assignment)}
        if any(sum(c.value for c in chunk[:4]) != chunk[4].value for chunk in chunks):
            return False
        if reconsideration and totals.get(0, reconsideration.value) != reconsideration.value:
            return False
        if reconsideration and reconsideration.value and 0 not in totals:
            return False
        suits = [totals[g] for g in (1, 2) if g in totals]
        if lawsuits and sum(suits) > lawsuits.value:
            return False
        return True

    candidates = [a for a in itertools.combinations(range(3), len(chunks)) if fits(a)]
    if not candidates:
        notes.append(Message("note.review_no_fit", numbers=len(numbers)).encode())
        return facts, notes
    prose = "; ".join(f"'{f.sentence}'" for f in evidence)
    reason = (Message("inferred.review", numbers=len(numbers), prose=prose) if prose
              else Message("inferred.review_rule", numbers=len(numbers))).encode()
    zero_groups = {0} if reconsideration and reconsideration.value == 0 else set()
    if lawsuits and lawsuits.value == 0:
        zero_groups |= {1, 2}
    for g, row in enumerate(groups):
        options = []
        for assignment in candidates:
            if g in assignment:
                options.append(chunks[assignment.index(g)])
            elif g in zero_groups:
                source = reconsideration if g == 0 else lawsuits
                options.append([Token("number", source.sentence, source.page, source.line, 0)] * 5)
            else:
                options.append(None)
        if any(o is None for o in options):
            continue
        for c, column in enumerate(REVIEW.columns):
            values = {o[c].value for o in options}
            if len(values) == 1:
                facts.append(cell_fact(REVIEW, row, column.id, options[0][c], column.unit, reason))
    notes.append(reason)  # the inference's own message
    return facts, notes
