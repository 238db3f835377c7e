"""The whole benchmark in one run; writes bench/RESULTS.md.

    python -m bench.run                 # small: 40 generated reports, ~260 questions, a few minutes
    python -m bench.run --size full     # 1,000 generated reports (about half an hour or more here)

Everything is measured in this process on this machine, and compared with a plain LlamaIndex
RAG baseline built in the same run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path

from assistant.config import BUNDLED_REPORTS, DEFAULT_MODEL, Config
from index import offline_environment

from .evaluate import (LLM, Baseline, Question, Scores, extraction_accuracy, ingest_corpus, latency_summary,
                       make_questions, score)
from .make_corpus import make_corpus
from .questions import HAND, PROSE

SIZES = {"tiny": (8, 40, 8, 8, 8), "small": (40, 180, 40, 40, 40), "full": (1000, 300, 60, 40, 100)}
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TARGETS = {  # (what, how to read it, target, higher is better)
    "table_p50_ms": ("table route p50", "ms", 20, False), "table_p95_ms": ("table route p95", "ms", 100, False),
    "text_p50_ms": ("text route p50", "ms", 150, False), "parse_rps": ("parsing", "reports/s", 5, True),
    "reingest_s": ("unchanged re-ingest", "s", 10, False), "cell_accuracy": ("cell accuracy", "%", 100, True),
}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in open("/proc/meminfo")
                   if line.startswith("MemTotal")), 0)
    return f"{cpu}, {os.cpu_count()} cores, {memory} GiB, {platform.system()} {platform.release()}"


def versions() -> str:
    names = ("torch", "sentence-transformers", "transformers", "chromadb", "llama-index-core", "pdfplumber",
             "SQLAlchemy", "gradio", "jieba", "bm25s")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return f"Python {platform.python_version()}; " + ", ".join(found)


def run(size: str, workdir: Path, out: Path | None = RESULTS, workers: int = 2) -> dict:
    offline_environment()
    n_reports, n_table, n_prose, n_nodata, baseline_files = SIZES[size]
    corpus = workdir / "corpus"
    started = time.perf_counter()
    truth = make_corpus(corpus, n_reports, seed=1, breaks=0.1)
    generate_s = time.perf_counter() - started
    for report in BUNDLED_REPORTS.iterdir():  # the bundled reports, for the hand-written questions
        shutil.copy(report, corpus / report.name)
    config = Config(data_dir=workdir / "data", database_url=f"sqlite:///{workdir / 'data' / 'db.sqlite3'}",
                    embed_model=DEFAULT_MODEL)
    ingestion = ingest_corpus(corpus, config, workers=workers)
    parts = ingestion["parts"]
    store, assistant = parts.store, parts.assistant()
    accuracy = extraction_accuracy(store, truth)
    questions = make_questions(truth, n_table, n_prose, n_nodata)
    bundled = {r.file for r in store.reports() if r.file.startswith("00")}
    hand = [Question(q, "table", expected=str(v)) for q, v in HAND]
    hand_prose = [Question(q, "prose", expected=fig) for q, _, fig in PROSE]
    ours = score(assistant, questions)
    hand_scores = Scores()
    for q in hand + hand_prose:
        answer = assistant.ask(q.text)
        if q.kind == "table":
            hand_scores.add("hand_exact_value", bool(answer.values) and str(answer.values[0]["value"]) == q.expected)
        else:
            hand_scores.add("hand_prose_contains_figure", answer.route == "text" and q.expected in answer.answer)

    # the baseline indexes the reports the questions are about (all of them at small size)
    asked = sorted({q.file for q in questions if q.file})
    files = sorted({corpus / f for f in asked[:baseline_files]} | {corpus / f for f in bundled})
    scope = {p.name for p in files}
    compared = [q for q in questions if q.file in scope]
    base_scores = Scores()
    started = time.perf_counter()
    baseline = Baseline(files, config.embed_model, workdir / "baseline")
    baseline_build_s = time.perf_counter() - started
    llm = LLM.from_config(Config.from_env())
    baseline.score(compared, base_scores, llm)
    ours_compared = Scores()
    for q in compared:
        answer = assistant.ask(q.text)
        if q.kind == "table":
            ours_compared.add("table", bool(answer.values) and float(answer.values[0]["value"]) == float(q.expected)
                              and answer.values[0]["source"]["file"] == q.file)
        else:
            ours_compared.add("prose", q.expected in answer.answer)

    latency = latency_summary(ours)
    base_latency = latency_summary(base_scores).get("baseline", {})
    results = {
        "size": size, "reports": n_reports, "generate_s": generate_s, "ingestion": ingestion, "accuracy": accuracy,
        "ours": ours, "hand": hand_scores, "baseline": base_scores, "ours_compared": ours_compared,
        "latency": latency, "baseline_latency": base_latency, "baseline_files": len(files),
        "baseline_build_s": baseline_build_s, "questions": len(questions), "llm": llm.url if llm else None,
    }
    if out is not None:
        write_results(render(results), out)
    return results


# sections other runners write into the same file (bench.load, bench.paraphrase, bench.scans, bench.guard,
# bench.embedding, bench.workers): kept as they are
OTHER_SECTIONS = ("## Concurrency", "## Paraphrases", "## Reports from the wild", "## Numeric guard",
                  "## Embeddings on the CPU", "## Workers")


def write_results(text: str, out: Path) -> None:
    """Write this run's sections, keeping the sections the other benchmark runners own."""
    kept = []
    if out.exists():
        old = out.read_text(encoding="utf-8")
        for heading in OTHER_SECTIONS:
            found = re.search(rf"^{re.escape(heading)}.*?(?=^## |\Z)", old, flags=re.S | re.M)
            if found:
                kept.append(found.group(0).rstrip())
    out.write_text("\n\n".join([text.rstrip(), *kept]) + "\n", encoding="utf-8")


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _ms(x: float | None) -> str:
    return "—" if x is None else f"{1000 * x:.1f} ms"


def render(r: dict) -> str:
    ing, acc, ours, base, lat = r["ingestion"], r["accuracy"], r["ours"], r["baseline"], r["latency"]
    table_lat, text_lat, base_lat = lat.get("table", {}), lat.get("text", {}), r["baseline_latency"]
    stages = ing["stages"]
    parse_rps = ing["parse_reports_per_s"]
    measured = {"table_p50_ms": (table_lat.get("p50") or 0) * 1000, "table_p95_ms": (table_lat.get("p95") or 0) * 1000,
                "text_p50_ms": (text_lat.get("p50") or 0) * 1000, "parse_rps": parse_rps,
                "reingest_s": ing["reingest_seconds"], "cell_accuracy": 100 * (acc["cell_accuracy"] or 0)}
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python -m bench.run --size {r['size']}` on {datetime.datetime.now():%Y-%m-%d %H:%M}. "
        "Never edited by hand.",
        "",
        f"- Machine: {machine()}",
        f"- Versions: {versions()}",
        f"- Corpus: {r['reports']} generated reports (PDF/DOCX/TXT, both formats, 10% with an injected rule "
        f"break) + the 5 bundled reports; {r['questions']} generated questions + "
        f"{sum(r['hand'].counts.values())} hand-written ones.",
        "",
        "## Accuracy",
        "",
        "| metric | ours |",
        "|---|---|",
        f"| exact value (table questions) | {_pct(ours.rate('exact_value'))} |",
        f"| — Chinese wording / English wording | {_pct(ours.rate('exact_value_zh'))} / {_pct(ours.rate('exact_value_en'))} |",
        f"| citation (file, table, row, column) | {_pct(ours.rate('citation'))} |",
        f"| route | {_pct(ours.rate('route'))} |",
        f"| no-data honesty (no number where none exists) | {_pct(ours.rate('no_data_honesty'))} |",
        f"| prose hit@3 | {_pct(ours.rate('prose_hit_at_3'))} |",
        f"| prose answer contains the figure | {_pct(ours.rate('prose_answer_contains_figure'))} |",
        f"| hand-written table questions (bundled reports) | {_pct(r['hand'].rate('hand_exact_value'))} |",
        f"| hand-written prose questions (bundled reports) | {_pct(r['hand'].rate('hand_prose_contains_figure'))} |",
        f"| cell-level extraction ({acc['cells']} cells) | {_pct(acc['cell_accuracy'])} |",
        f"| injected rule breaks: recall / precision ({acc['breaks']} breaks) | {_pct(acc['break_recall'])} / "
        f"{_pct(acc['break_precision'])} |",
        "",
        f"### Against a plain LlamaIndex RAG (same questions, {r['baseline_files']} reports indexed)",
        "",
        "Baseline: SentenceSplitter 512/50 + the same embedding model + Chroma, top-3; a question counts "
        "when the gold figure appears in a retrieved chunk of the right report (a generous reading: no "
        "LLM involved). Ours: the exact value, cited to the right file.",
        "",
        "| questions | ours | baseline |",
        "|---|---|---|",
        f"| table figures | {_pct(r['ours_compared'].rate('table'))} | {_pct(base.rate('baseline_table'))} |",
        f"| prose figures | {_pct(r['ours_compared'].rate('prose'))} | {_pct(base.rate('baseline_prose'))} |",
        "",
        (f"With the LLM at {r['llm']} answering from the baseline's chunks (prompts/baseline_answer.txt): "
         f"table figures {_pct(base.rate('baseline_llm_table'))}, prose figures {_pct(base.rate('baseline_llm_prose'))}."
         if r.get("llm") else "No LLM configured (REPORTQA_LLM_URL): the baseline is scored by retrieval only."),
        "",
        "## Latency (warm, in-process)",
        "",
        "| route | n | p50 | p95 |",
        "|---|---|---|---|",
    ]
    for route in ("table", "text", "table+text", "none"):
        if route in lat:
            lines.append(f"| {route} | {lat[route]['n']} | {_ms(lat[route]['p50'])} | {_ms(lat[route]['p95'])} |")
    lines += [f"| baseline retrieval | {base_lat.get('n', 0)} | {_ms(base_lat.get('p50'))} | {_ms(base_lat.get('p95'))} |", ""]
    if base_lat.get("p50") and table_lat.get("p50"):
        lines.append(f"Ratios (baseline retrieval p50 ÷ ours p50): table route "
                     f"{base_lat['p50'] / table_lat['p50']:.1f}×" +
                     (f", text route {base_lat['p50'] / text_lat['p50']:.2f}×" if text_lat.get("p50") else "") + ".")
        lines.append("")
    lines += [
        "## Ingestion",
        "",
        f"{ing['files']} files ({ing['failed']} failed) in {ing['seconds']:.1f} s with {ing['workers']} parsing "
        f"processes: {ing['facts']} facts ({ing['facts_per_s']:.0f} facts/s), {ing['chunks']} text chunks, "
        f"peak memory {ing['peak_memory_mb']:.0f} MB.",
        "",
        "| stage | seconds |",
        "|---|---|",
        *[f"| {stage} | {stages.get(stage, 0.0):.1f} |" for stage in ("read", "parse", "facts", "chunks", "embed", "store")],
        "",
        f"Parse stages summed over the parsing processes; parsing throughput {parse_rps:.1f} reports/s. "
        f"Re-ingest of the unchanged corpus: {ing['reingest_seconds']:.1f} s "
        f"({ing['reingest_skipped']} of {ing['files']} skipped by hash).",
        f"Building the baseline index ({r['baseline_files']} reports): {r['baseline_build_s']:.1f} s.",
        "",
        "## Targets",
        "",
        "| target | wanted | measured | |",
        "|---|---|---|---|",
    ]
    for key, (what, unit, wanted, higher) in TARGETS.items():
        value = measured[key]
        ok = value >= wanted if higher else value <= wanted
        lines.append(f"| {what} | {'≥' if higher else '≤'} {wanted} {unit} | {value:.1f} {unit} | {'met' if ok else 'MISSED'} |")
    if r["size"] == "full":
        ok = ing["seconds"] <= 1800
        lines.append(f"| 1,000 reports fully indexed | ≤ 30 min | {ing['seconds'] / 60:.1f} min | {'met' if ok else 'MISSED'} |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="report-qa benchmark: accuracy, latency, ingestion")
    parser.add_argument("--size", choices=sorted(SIZES), default="small", help="corpus size (default small)")
    parser.add_argument("--workdir", type=Path, help="keep the corpus and index here (default: a temp dir)")
    parser.add_argument("--workers", type=int, default=2, help="parsing processes")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="report-qa-bench-"))
    run(args.size, workdir, args.out, args.workers)
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
