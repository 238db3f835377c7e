"""Accuracy, latency and ingestion measurements on a synthetic corpus with ground truth.

Used by bench/run.py (which writes RESULTS.md) and, at a tiny size, by the tests.
"""

from __future__ import annotations

import random
import re
import resource
import statistics
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from assistant.config import Config
from index.identity import make_agency
from index.template import table

from .make_corpus import agency_names


@dataclass
class Question:
    text: str
    kind: str  # "table", "prose" or "nodata"
    file: str | None = None
    agency: str | None = None
    year: int | None = None
    cell: tuple[str, str, str] | None = None
    expected: str | None = None  # exact value (table) or figure (prose)
    language: str = "zh"


@dataclass
class Scores:
    counts: dict[str, int] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    latency: dict[str, list[float]] = field(default_factory=dict)

    def add(self, metric: str, ok: bool) -> None:
        self.counts[metric] = self.counts.get(metric, 0) + 1
        self.hits[metric] = self.hits.get(metric, 0) + int(ok)

    def rate(self, metric: str) -> float | None:
        n = self.counts.get(metric, 0)
        return self.hits.get(metric, 0) / n if n else None

    def time(self, route: str, seconds: float) -> None:
        self.latency.setdefault(route, []).append(seconds)


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- ingestion ---------------------------------------------------------------------------------

def ingest_corpus(corpus: Path, config: Config, workers: int = 2) -> dict:
    """Index the corpus with the real pipeline; time every stage, then re-ingest unchanged."""
    from assistant.build import build
    from index.ingest import FAILED, UNCHANGED, expand, ingest_many

    parts = build(config)
    store, text = parts.store, parts.text
    files = expand([corpus])
    started = time.perf_counter()
    outcomes, stages = ingest_many(files, store, text, workers=workers)
    total = time.perf_counter() - started
    started = time.perf_counter()
    again, _ = ingest_many(files, store, text, workers=workers)
    reingest = time.perf_counter() - started
    facts = sum(o.report.facts for o in outcomes if o.report)
    parse_seconds = sum(stages.get(s, 0.0) for s in ("read", "parse", "facts", "chunks"))
    return {
        "files": len(files), "failed": sum(o.status == FAILED for o in outcomes), "seconds": total,
        "stages": stages, "facts": facts, "facts_per_s": facts / total if total else 0.0,
        "chunks": sum(o.chunks for o in outcomes), "workers": workers,
        # parsing throughput with the workers running side by side (stage times are summed over them)
        "parse_reports_per_s": len(files) / (parse_seconds / max(workers, 1)) if parse_seconds else 0.0,
        "reingest_seconds": reingest, "reingest_skipped": sum(o.status == UNCHANGED for o in again),
        "peak_memory_mb": peak_memory_mb(), "parts": parts,
    }


def extraction_accuracy(store, truth: dict) -> dict:
    """Every ground-truth cell against the stored facts; rule breaks against failed checks."""
    by_file = {}
    for stored in store.facts():
        by_file.setdefault(stored.file, {})[(stored.fact.table, stored.fact.row, stored.fact.column)] = stored.fact.value
    cells = right = 0
    from index.checks import REPORT, rule_for

    failed = store.failed_checks()
    # the breaks injected are inside one report; the generated years of an agency do not carry over (rule 5)
    detected = {r.file: {c.rule for c in failed.get(r.id, []) if rule_for(c.rule).scope == REPORT} for r in store.reports()}
    tp = fp = fn = 0
    for report in truth["reports"]:
        got = by_file.get(report["file"], {})
        for key, value in report["cells"].items():
            cells += 1
            expected = Decimal(value) if "." in value else int(value)
            right += got.get(tuple(key.split("|"))) == expected
        rules = detected.get(report["file"], set())
        if report["broken_rule"]:
            tp += report["broken_rule"] in rules
            fn += report["broken_rule"] not in rules
            fp += bool(rules - {report["broken_rule"]})
        else:
            fp += bool(rules)
    return {"cells": cells, "cells_right": right, "cell_accuracy": right / cells if cells else None,
            "break_recall": tp / (tp + fn) if tp + fn else None,
            "break_precision": tp / (tp + fp) if tp + fp else None, "breaks": tp + fn}


# --- questions -----------------------------------------------------------------------------------

ZH_TABLE = ["{a}{y}年{row}{col}是多少？", "{y}年{a}的{row}（{col}）有多少？", "请问{a}{y}年度{row}{col}多少"]
EN_TABLE = ["How many {row} ({col}) did {a} report in {y}?", "{a} {y}: {row}, {col}?",
            "What was the {row} figure of {a} in {y} ({col})?"]
ZH_PROSE = {"active_total": "{a}{y}年全年主动公开政府信息多少条？",
            "interpretations": "{a}{y}年组织发布政策解读多少次？",
            "mailbox": "{a}{y}年领导信箱收到群众来信多少件？"}
_CELLS = [("applications", "new", "total"), ("applications", "new", "natural_person"),
          ("applications", "granted", "total"), ("applications", "partial", "total"),
          ("applications", "handled_total", "total"), ("applications", "carried_forward", "total"),
          ("applications", "unable.not_held", "total"), ("applications", "refused.state_secret", "total"),
          ("applications", "new", "commercial"), ("active", "penalty", "decisions"),
          ("active", "licensing", "decisions"), ("review", "reconsideration", "total"),
          ("review", "suit_direct", "total")]


def _zh_row(table_id: str, row: str, fmt: str) -> str:
    label = table(table_id).row(row, fmt).label
    label = re.sub(r"^(?:[一二三四]、|（[一二三四五六七]）|\d\.)", "", label)
    return "本年度办理结果" if label == "总计" else label


def _en_name(agency: str) -> str:
    aliases = [a for a in make_agency(agency).aliases if a.isascii() and " " in a]
    return aliases[0] if aliases else agency


def make_questions(truth: dict, n_table: int, n_prose: int, n_nodata: int, seed: int = 7) -> list[Question]:
    """Questions with known answers, from the ground truth (zh and en wordings)."""
    rng = random.Random(seed)
    reports = truth["reports"]
    questions: list[Question] = []
    for i in range(n_table):
        r = rng.choice(reports)
        cell = rng.choice(_CELLS)
        t, row, col = cell
        zh = i % 2 == 0
        short = make_agency(r["agency"]).short
        row_word = _zh_row(t, row, r["format"]) if zh else table(t).row(row, r["format"]).en
        col_word = table(t).column(col).label if zh else table(t).column(col).en
        template = (ZH_TABLE if zh else EN_TABLE)[i % 3]
        text = template.format(a=short if zh else _en_name(r["agency"]), y=r["year"], row=row_word, col=col_word)
        questions.append(Question(text, "table", r["file"], r["agency"], r["year"], cell,
                                  r["cells"]["|".join(cell)], "zh" if zh else "en"))
    for _ in range(n_prose):
        r = rng.choice(reports)
        key = rng.choice(sorted(r["prose"]))
        short = make_agency(r["agency"]).short
        questions.append(Question(ZH_PROSE[key].format(a=short, y=r["year"]), "prose", r["file"], r["agency"],
                                  r["year"], expected=str(r["prose"][key]["value"])))
    known = {(r["agency"], r["year"]) for r in reports}
    strangers = agency_names(random.Random(seed + 99), n_nodata + len(known) + 10)
    strangers = [s for s in strangers if s not in {a for a, _ in known}]
    for i in range(n_nodata):
        if i % 2:
            r = rng.choice(reports)
            missing = next(y for y in (2015, 2016, 2017, 2018) if (r["agency"], y) not in known)
            name = make_agency(r["agency"]).short
            questions.append(Question(f"{name}{missing}年收到多少政府信息公开申请？", "nodata"))
        else:
            name = make_agency(strangers[i]).short
            questions.append(Question(f"{name}2020年收到多少政府信息公开申请？", "nodata"))
    return questions


def _same(value, expected: str) -> bool:
    if value is None:
        return False
    return Decimal(str(value)) == Decimal(expected)


def score(assistant, questions: list[Question], warmup: int = 10) -> Scores:
    """Ask every question in-process (after a warm-up) and score values, routes, citations, honesty."""
    for q in questions[:warmup]:
        assistant.ask(q.text)
    scores = Scores()
    search = assistant.search()
    for q in questions:
        started = time.perf_counter()
        answer = assistant.ask(q.text)
        elapsed = time.perf_counter() - started
        scores.time(answer.route, elapsed)
        if q.kind == "table":
            v = answer.values[0] if answer.values else None
            scores.add("route", answer.route == "table")
            scores.add("exact_value", v is not None and _same(v["value"], q.expected) and v["year"] == q.year
                       and v["agency"] == q.agency)
            scores.add("citation", v is not None and v["source"]["file"] == q.file
                       and (v["table"], v["row"], v["column"]) == q.cell)
            scores.add(f"exact_value_{q.language}", v is not None and _same(v["value"], q.expected))
        elif q.kind == "prose":
            scores.add("route", answer.route == "text")
            scores.add("prose_answer_contains_figure", q.expected in answer.answer)
            ids = [r.id for r in assistant.catalog.reports if r.file == q.file]
            top = search.search(q.text, ids, k=3)
            scores.add("prose_hit_at_3", any(q.expected in p.chunk.text for p in top))
        else:
            scores.add("route", answer.route == "none")
            scores.add("no_data_honesty", answer.values == [])
    return scores


# --- the plain LlamaIndex baseline --------------------------------------------------------------

class Baseline:
    """What a user would otherwise build: SentenceSplitter 512/50 + the same model + Chroma, top-3."""

    def __init__(self, files: list[Path], model: Path, folder: Path):
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from llama_index.core import Document, Settings, StorageContext, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        from llama_index.vector_stores.chroma import ChromaVectorStore

        from index.readers import read_document

        Settings.llm = None
        embed = HuggingFaceEmbedding(model_name=str(model), query_instruction="query: ",
                                     text_instruction="passage: ", device="cpu")
        documents = [Document(text="\n".join("\t".join(line.cells) for line in read_document(f).lines),
                              metadata={"file": f.name}) for f in files]
        client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
        collection = client.get_or_create_collection("baseline", embedding_function=None,
                                                     metadata={"hnsw:space": "cosine"})
        storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
        index = VectorStoreIndex.from_documents(documents, storage_context=storage, embed_model=embed,
                                                transformations=[SentenceSplitter(chunk_size=512, chunk_overlap=50)])
        self.retriever = index.as_retriever(similarity_top_k=3)

    def score(self, questions: list[Question], scores: Scores, llm: LLM | None = None) -> None:
        """A question counts as answered when its gold figure is in a top-3 chunk of the right report;
        with an LLM configured, also when the LLM's answer from those chunks states the figure."""
        for q in questions:
            if q.kind not in ("table", "prose"):
                continue
            started = time.perf_counter()
            nodes = self.retriever.retrieve(q.text)
            scores.time("baseline", time.perf_counter() - started)
            figure = rf"(?<![\d.]){re.escape(q.expected)}(?![\d.])"
            found = any(n.node.metadata.get("file") == q.file and re.search(figure, n.node.get_content())
                        for n in nodes)
            scores.add(f"baseline_{q.kind}", bool(found))
            if llm is not None:
                answer = llm.answer(q.text, [n.node.get_content() for n in nodes])
                scores.add(f"baseline_llm_{q.kind}", answer is not None and bool(re.search(figure, answer)))


PROMPT = Path(__file__).resolve().parent.parent / "prompts" / "baseline_answer.txt"


class LLM:
    """An OpenAI-compatible chat endpoint (Config.llm_url: REPORTQA_LLM_URL, e.g. a local llama.cpp server), for the
    baseline."""

    def __init__(self, url: str, model: str = "local", api_key: str | None = None, timeout: float = 120):
        self.url, self.model, self.api_key, self.timeout = url.rstrip("/"), model, api_key, timeout

    @classmethod
    def from_config(cls, config) -> LLM | None:
        return cls(config.llm_url, config.llm_model, config.llm_api_key) if config.llm_url else None

    def answer(self, question: str, context: list[str]) -> str | None:
        import httpx

        prompt = PROMPT.read_text(encoding="utf-8").format(context="\n---\n".join(context), question=question)
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            response = httpx.post(f"{self.url}/chat/completions", headers=headers, timeout=self.timeout,
                                  json={"model": self.model, "temperature": 0,
                                        "messages": [{"role": "user", "content": prompt}]})
            return response.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, KeyError, IndexError, ValueError):
            return None


def latency_summary(scores: Scores) -> dict:
    out = {}
    for route, values in scores.latency.items():
        out[route] = {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
                      "mean": statistics.fmean(values)}
    return out
