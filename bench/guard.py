"""The numeric guard of the optional language model (issue #15), measured: how many planted wrong numbers it catches,
and how many right ones, written another way, it lets through.

    python -m bench.guard              # writes the "Numeric guard (issue #15)" section of RESULTS.md
    python -m bench.guard --no-write   # prints it only

The answers are the bundled reports' own sentences that state a figure, as a model would copy them from a passage.
Each is checked against the numbers of its own paragraph (what the model is handed: assistant/guard.evidence):
- *faithful*: the sentence as written, and with a figure written another way with the same value (thousands
  separators, Chinese numerals, 万) — each should be kept;
- *corrupted*: one figure replaced by a wrong value (off by one, ten times, its digits swapped, rounded, written in
  Chinese numerals, in 万) — each should be dropped. A wrong value that happens to be another number of the same
  paragraph cannot be told from a right one by value: such a plant is counted apart, not as caught.

With REPORTQA_LLM_URL set, the prose questions of bench/questions.py are also asked over the bundled reports with
and without the model: an answer is right when it states the gold figure in the question's language.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from assistant.config import BUNDLED_REPORTS
from assistant.guard import checked_figures, evidence, guard
from assistant.text_route import is_table_text, sentences_of

from .results import RESULTS, write_section

SECTION = "## Numeric guard (issue #15)"
_PLAIN = re.compile(r"(?<![\d.,])\d+(?![\d.,])")  # a whole number written plainly, to plant at
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DATE = re.compile(r"\s?[年月日时]")  # a date's month or day: no figure an answer states
_CN_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """n (0 < n < 100000) in Chinese numerals: 392 → 三百九十二, 8149 → 八千一百四十九, 15 → 十五."""
    units = [(10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out, zero = "", False
    for size, unit in units:
        digit, n = divmod(n, size)
        if digit:
            if zero and out:
                out += "零"
            out += ("" if size == 10 and not out and digit == 1 else _CN_DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


def _wan(n: int) -> str | None:
    """n in 万 when that is exact with at most two decimals (12400 → 1.24万); None otherwise."""
    value = Decimal(n) / 10000
    return f"{value.normalize():f}万" if n >= 10000 and value == value.quantize(Decimal("0.01")) else None


# the same value written another way (a form that does not apply gives None)
FAITHFUL: dict[str, Callable[[int], str | None]] = {
    "as written": lambda n: str(n),
    "thousands separators": lambda n: f"{n:,}" if n >= 1000 else None,
    "Chinese numerals": lambda n: chinese(n) if 0 < n < 100000 else None,
    "万": _wan,
}
def _rounded(n: int) -> int:
    return round(n, -1 if n < 1000 else -2)


# a wrong value and how it is written (None: the form does not apply to n)
CORRUPTED: dict[str, Callable[[int], tuple[Decimal, str] | None]] = {
    "off by one": lambda n: (Decimal(n + 1), str(n + 1)),
    "ten times": lambda n: (Decimal(n * 10), str(n * 10)),
    "digits swapped": lambda n: (Decimal(str(n)[::-1]), str(n)[::-1])
    if str(n)[::-1] != str(n) and not str(n).endswith("0") else None,
    "rounded": lambda n: (Decimal(_rounded(n)), str(_rounded(n))) if n >= 20 and _rounded(n) != n else None,
    "Chinese numerals, wrong": lambda n: (Decimal(n + 2), chinese(n + 2)) if n + 2 < 100000 else None,
    "万, wrong": lambda n: (round(Decimal(n + 1000) / 10000, 1) * 10000, f"{Decimal(n + 1000) / 10000:.1f}万")
    if n >= 1000 else None,
}


def paragraphs(folder: Path = BUNDLED_REPORTS) -> list[str]:
    """The prose paragraphs of the bundled text reports (not their tables)."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line) > 20 and "\t" not in line and not is_table_text(line) and _PLAIN.search(line):
                out.append(line.strip())
    return out


def plants(paragraph: str):
    """(sentence, the position of one plain figure in it, its value) for every checked figure of every sentence."""
    for sentence in sentences_of(paragraph):
        checked = {f.written for f in checked_figures(sentence)}
        for m in _PLAIN.finditer(sentence):
            if m.group(0) in checked and not _YEAR.match(m.group(0)) and int(m.group(0)) > 0 \
                    and not _DATE.match(sentence, m.end()):
                # a measure word after it keeps a Chinese numeral a figure ("三百九十二条")
                yield sentence, m.span(), int(m.group(0))


def measure(folder: Path = BUNDLED_REPORTS) -> dict:
    """Per form: how many sentences were checked and how many kept (faithful) or dropped (corrupted)."""
    kept, faithful_total = Counter(), Counter()
    caught, corrupted_total, coincide = Counter(), Counter(), Counter()
    missed = []  # (form, the planted figure with a few characters either side)
    for paragraph in paragraphs(folder):
        allowed = evidence([paragraph])
        for sentence, (start, end), n in plants(paragraph):
            for name, form in FAITHFUL.items():
                written = form(n)
                if written is None:
                    continue
                faithful_total[name] += 1
                kept[name] += not guard(sentence[:start] + written + sentence[end:], allowed).dropped
            for name, form in CORRUPTED.items():
                wrong = form(n)
                if wrong is None:
                    continue
                value, written = wrong
                if value in allowed:
                    coincide[name] += 1  # another figure of the paragraph: no guard by value can tell
                    continue
                corrupted_total[name] += 1
                planted = sentence[:start] + written + sentence[end:]
                if guard(planted, allowed).dropped:
                    caught[name] += 1
                else:
                    missed.append((name, planted[max(start - 6, 0):start + len(written) + 6]))
    return {"faithful": {k: (kept[k], faithful_total[k]) for k in FAITHFUL},
            "corrupted": {k: (caught[k], corrupted_total[k], coincide[k]) for k in CORRUPTED}, "missed": missed}


def prose_quality(plain, modelled, model: str) -> dict:
    """The prose questions asked of the assistant without and with the language model: the gold figure stated
    (in the question's language: the model's text is dropped when it is not), and how often the model's text was
    used."""
    from .questions import PROSE

    scores = Counter()
    for question, _, figure in PROSE:
        for name, assistant in (("without", plain), ("with", modelled)):
            answer = assistant.ask(question)
            scores[name] += figure.replace(" ", "") in answer.answer.replace(" ", "").replace(",", "")
            scores[f"{name}_generated"] += answer.generated
    return {"questions": len(PROSE), "model": model, **scores}


def _assistants(config, folder: Path):
    """The bundled reports indexed in `folder`: an assistant without the model and one with the configured one."""
    import dataclasses

    from assistant.build import build
    from assistant.config import DEFAULT_MODEL, Config
    from index.ingest import expand, ingest_many

    plain = Config(data_dir=folder, database_url=f"sqlite:///{folder / 'db.sqlite3'}", embed_model=DEFAULT_MODEL)
    parts = build(plain)
    ingest_many(expand([BUNDLED_REPORTS]), parts.store, parts.text)
    modelled = dataclasses.replace(plain, llm_url=config.llm_url, llm_model=config.llm_model,
                                   llm_api_key=config.llm_api_key, llm_timeout_s=config.llm_timeout_s)
    return parts.assistant(), dataclasses.replace(parts, config=modelled).assistant()


def render(result: dict, quality: dict | None) -> str:
    lines = [SECTION, "",
             "Sentences of the bundled reports that state a figure, each checked against its own paragraph "
             "(`python -m bench.guard`). A faithful sentence should be kept; a corrupted one (one figure replaced by "
             "a wrong value) should be dropped.", "",
             "| faithful form | kept |", "|---|---|"]
    for name, (kept, total) in result["faithful"].items():
        lines.append(f"| {name} | {kept}/{total} ({_pct(kept, total)}) |")
    lines += ["", "| planted wrong number | caught | equal to another figure of the paragraph (not counted) |",
              "|---|---|---|"]
    for name, (caught, total, coincide) in result["corrupted"].items():
        lines.append(f"| {name} | {caught}/{total} ({_pct(caught, total)}) | {coincide} |")
    caught = sum(c for c, _, _ in result["corrupted"].values())
    total = sum(t for _, t, _ in result["corrupted"].values())
    lines += ["", f"Catch rate over every plant: {caught}/{total} ({_pct(caught, total)})."]
    if result["missed"]:
        lines[-1] += " Missed: " + "; ".join(f"{name} “{text.strip()}”" for name, text in result["missed"][:8]) + \
            " — a Chinese numeral counts as a figure only before a measure word (件, 条, 项, 名, 号…)."
    lines.append("")
    if quality:
        n = quality["questions"]
        lines.append(f"Prose answers with the language model `{quality['model']}` (REPORTQA_LLM_URL): the gold figure "
                     f"stated in {quality['with']}/{n} answers with the model ({quality['with_generated']} worded by "
                     f"it), {quality['without']}/{n} without.")
    else:
        lines.append("No language model configured (REPORTQA_LLM_URL): prose-answer quality with and without a model "
                     "was not measured in this run.")
    return "\n".join(lines) + "\n"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def main() -> None:
    from assistant.config import Config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    config = Config.from_env()
    quality = None
    if config.llm_url:
        with tempfile.TemporaryDirectory() as folder:
            quality = prose_quality(*_assistants(config, Path(folder)), config.llm_model)
    section = render(measure(), quality)
    print(section)
    if not args.no_write:
        write_section(section, args.out)


if __name__ == "__main__":
    main()
