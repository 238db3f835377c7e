"""What a wrong answer misread: the first part of the expected reading that the answer's `reading` differs in.

The paraphrase bench scores answers right or wrong; this names, for each wrong turn, the kind of misreading,
so the held-out half can be reported by kind (aggregates only, never an item) and the reader improved by kind:

- "number where no cell answers": a question no template cell answers got a number;
- "no cell, answered from the text": such a question given a passage of the report instead of "no such figure";
- "prose read as table": a question about the report text answered from the tables;
- "table read as prose": a table question answered from the report text;
- "not read": a table question given no answer ("which agency?", "no such figure", a clarification);
- "operation": value, share, total, change, compare, … (`none` — no reading at all — counts here too);
- "agency", "year": the agencies or years read differ from those asked (years: only when the question or
  the turn expects named years);
- "row": the table or the row (or group of rows) differ;
- "column": the column (or column group) differs;
- "answer form": the reading matches and the answer is still wrong (a sum, a sign or a percentage
  missing; for prose, the passage quoted is not the one that says it).
"""

from __future__ import annotations

from index.template import table

KINDS = ("number where no cell answers", "no cell, answered from the text", "prose read as table", "table read as prose", "not read", "operation",
         "agency", "year", "row", "column", "answer form")
_OPERATION = {"prose": "text"}


def misreading(reading: dict | None, route: str, values: list, expect: dict, agencies: list[str],
               resolve, column_groups: dict) -> str:
    """The kind of misreading (one of KINDS) of a wrong answer, from its reading and the expected reading.

    `agencies` are the corpus's agency names (for "all"), `resolve` maps a written name to the corpus's,
    `column_groups` the bench's column groups (id → (table, columns))."""
    op = expect["op"]
    if op == "none":
        return KINDS[0] if values else "no cell, answered from the text"
    reading = reading or {}
    read_op = reading.get("operation")
    if op == "prose" and read_op != "text":
        return "prose read as table"
    if op != "prose" and route == "none" and not values:
        return "not read"
    if op != "prose" and read_op in ("text", None):
        return "table read as prose"
    if read_op != _OPERATION.get(op, op):
        return "operation"
    wanted = set(agencies) if expect.get("agencies") == "all" else {resolve(a) for a in expect.get("agencies", ())}
    if wanted and set(reading.get("agencies") or ()) != wanted:
        return "agency"
    if expect.get("years") and set(reading.get("years") or ()) != set(expect["years"]):
        return "year"
    if op in ("prose", "quality"):
        return "answer form"
    row = expect.get("row") or expect.get("group")
    if reading.get("table") != expect.get("table") or reading.get("row") != row:
        return "row"
    if reading.get("column") != expect.get("column"):
        group = column_groups.get(expect.get("column_group"))  # read as the template's group or one of its columns
        named = {c.id for c in table(group[0]).column_groups} if group else set()
        if not group or reading.get("column") not in (*named, *group[1]):
            return "column"
    return "answer form"
