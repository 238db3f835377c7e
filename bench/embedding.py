"""Embeddings on the CPU (issue #17): today's torch path against ONNX Runtime, unquantised and int8, side by side.

    python -m bench.embedding                   # bundled + real reports' passages, 40 generated reports, ~20 min
    python -m bench.embedding --generated 0     # the real passages only (no generated prose questions)

The passages are the chunks the pipeline makes (index/chunks.py) of the bundled reports, the real reports of
tests/data/real and a few generated ones. First where the time goes (tokens per passage, padding, threads), then
each backend embeds every passage, slice by slice in turn (so a busy machine slows them alike): passages/s, the
cosine of each vector to the torch path's, and prose hit@3 — the generated prose questions and the hand-written ones
(bench/questions.PROSE) searched in their report, through the hybrid search (vectors + BM25, as answers are) and
through the vectors alone. Writes the section "Embeddings on the CPU (issue #17)" of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import tempfile
import time
from dataclasses import replace
from importlib import metadata
from pathlib import Path

import numpy as np

from assistant.build import load_embedder
from assistant.config import BUNDLED_REPORTS, DEFAULT_MODEL, Config
from index import offline_environment
from index.identity import make_agency

from .evaluate import ZH_PROSE, Question
from .questions import PROSE
from .results import write_section
from .run import machine

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"
HEADING = "## Embeddings on the CPU (issue #17)"
SLICES = 4


def corpus(workdir: Path, generated: int, model: Path) -> tuple[object, list, list[Question]]:
    """The store with every passage (no vectors), the passages, and the prose questions with their report ids."""
    from assistant.build import build
    from index.ingest import expand, ingest_many

    from .make_corpus import make_corpus

    folder = workdir / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    truth = make_corpus(folder, generated, seed=1, breaks=0.0) if generated else {"reports": []}
    for report in [*BUNDLED_REPORTS.iterdir(), *(p for p in REAL.iterdir() if p.name[:2].isdigit())]:
        shutil.copy(report, folder / report.name)
    config = Config(data_dir=workdir / "data", database_url=f"sqlite:///{workdir / 'data' / 'db.sqlite3'}",
                    embed_model=model)
    parts = build(config, text=False)
    ingest_many(expand([folder]), parts.store, workers=2)
    chunks = parts.store.chunks()
    ids_of = {}
    for c in chunks:
        ids_of.setdefault(c.file, set()).add(c.report_id)
    questions = []
    for r in truth["reports"]:  # every prose figure of every generated report, asked once
        short = make_agency(r["agency"]).short
        for key in sorted(r["prose"]):
            question = Question(ZH_PROSE[key].format(a=short, y=r["year"]), "prose", r["file"],
                                expected=str(r["prose"][key]["value"]))
            questions.append((question, sorted(ids_of.get(r["file"], ()))))
    bundled = {p.name for p in BUNDLED_REPORTS.iterdir()}
    for text, short, figure in PROSE:
        ids = sorted({c.report_id for c in chunks if c.file in bundled and short in (c.agency_short, c.agency)})
        questions.append((Question(text, "prose", expected=figure), ids))
    return parts.store, chunks, questions


def where_time_goes(embedder, chunks) -> dict:
    """Tokens per passage (and in table texts), padding in batches of 16 as given, sorted by characters and by tokens,
    the threads each runtime uses."""
    import torch


    texts = [c.embed_text for c in chunks]
    lengths = np.array(embedder.model.lengths([embedder.passage_prompt + t for t in texts]))

    def padded(order):
        return sum(int(lengths[order[i:i + 16]].max()) * len(order[i:i + 16]) for i in range(0, len(order), 16))

    by_characters = np.argsort([-len(t) for t in texts], kind="stable")  # how sentence-transformers orders a call
    kinds = np.array([c.kind == "table" for c in chunks])
    return {"passages": len(texts), "tokens": int(lengths.sum()), "percentiles": np.percentile(lengths, [50, 90, 99]),
            "max": int(lengths.max()), "truncated": int((lengths >= embedder.model.max_length).sum()),
            "unsorted": padded(np.arange(len(lengths))), "sorted": padded(np.argsort(lengths, kind="stable")),
            "by_characters": padded(by_characters), "tables": int(kinds.sum()),
            "table_tokens": int(lengths[kinds].sum()),
            "torch_threads": torch.get_num_threads(), "ort_threads": embedder.model.streams, "cores": os.cpu_count()}


def timed(embedders: dict, texts: list[str]) -> tuple[dict, dict]:
    """Every passage through every embedder, slice by slice, the embedders' order turning each slice."""
    seconds = dict.fromkeys(embedders, 0.0)
    parts: dict[str, list[np.ndarray]] = {name: [] for name in embedders}
    for name, embedder in embedders.items():  # loaded and warm before the clock runs
        embedder.passages(texts[:8])
    size = -(-len(texts) // SLICES)
    names = list(embedders)
    for turn, start in enumerate(range(0, len(texts), size)):
        piece = texts[start:start + size]
        for name in names[turn % len(names):] + names[:turn % len(names)]:
            started = time.perf_counter()
            parts[name].append(embedders[name].passages(piece))
            seconds[name] += time.perf_counter() - started
    return seconds, {name: np.concatenate(p) for name, p in parts.items()}


def hit_at_3(store, chunks, questions, embedder, vectors: np.ndarray, folder: Path) -> tuple[float, float]:
    """Prose hit@3 through the hybrid search and through the vectors alone: the gold figure in a top-3 passage."""
    from assistant.build import build
    from index.search import HybridSearch
    from index.vectors import where_filter

    config = Config(data_dir=folder, database_url=f"sqlite:///{folder / 'unused.sqlite3'}", embed_model=DEFAULT_MODEL)
    store_vectors = build(config, embedder=embedder).text.vectors
    store_vectors.add([str(c.id) for c in chunks], vectors, [c.embed_text for c in chunks],
                      [c.metadata() for c in chunks])
    search = HybridSearch(store, store_vectors, embedder)
    texts = {c.id: c.text for c in chunks}
    hybrid = dense = 0
    for q, ids in questions:
        hybrid += any(q.expected in p.chunk.text for p in search.search(q.text, ids, k=3))
        found = store_vectors.query(embedder.query(q.text), 3, where_filter(ids))
        dense += any(q.expected in texts[int(i)] for i, _ in found)
    return hybrid / len(questions), dense / len(questions)


def run(workdir: Path, generated: int, model: Path) -> dict:
    from index.embedding_onnx import OnnxEncoder, export, export_fp32

    offline_environment()
    workdir.mkdir(parents=True, exist_ok=True)
    int8 = export(model)  # what build-model made (made here when it is missing)
    fp32 = export_fp32(model, workdir / "model.fp32.onnx")
    store, chunks, questions = corpus(workdir, generated, model)
    texts = [c.embed_text for c in chunks]
    config = Config(data_dir=workdir, database_url=f"sqlite:///{workdir / 'unused.sqlite3'}", embed_model=model)
    torch, onnx = replace(config, embed_backend="torch"), replace(config, embed_backend="onnx")  # (no cache: honest)
    embedders = {"torch (today)": load_embedder(torch), "ONNX fp32": load_embedder(onnx, fp32),
                 "ONNX int8": load_embedder(onnx, int8), "ONNX int8, a batch at a time": load_embedder(onnx, int8)}
    # the same export, one batch at a time with its operators on every core (ONNX Runtime's intra-op threads)
    embedders["ONNX int8, a batch at a time"]._model = OnnxEncoder(int8, model, streams=1)
    load = os.getloadavg()
    profile = where_time_goes(embedders["ONNX int8"], chunks)
    seconds, vectors = timed(embedders, texts)
    reference = vectors["torch (today)"]
    # an int8 vector depends a little on its batch (activations are quantised per batch): the first passages alone
    alone = np.concatenate([embedders["ONNX int8"].passages([t]) for t in texts[:32]])
    batching = float(np.min(np.sum(alone * vectors["ONNX int8"][:32], axis=1)))
    rows = {}
    for name, embedder in embedders.items():
        cosine = np.sum(vectors[name] * reference, axis=1)
        rows[name] = {"rate": len(texts) / seconds[name], "cos_mean": float(cosine.mean()),
                      "cos_min": float(cosine.min()), "hybrid": None, "dense": None}
        if "at a time" not in name:  # the vectors of the row above it
            rows[name]["hybrid"], rows[name]["dense"] = hit_at_3(store, chunks, questions, embedder, vectors[name],
                                                                 workdir / f"chroma-{len(rows)}")
    return {"rows": rows, "profile": profile, "load": (load, os.getloadavg()), "questions": len(questions),
            "reports": (len(list(BUNDLED_REPORTS.iterdir())), sum(p.name[:2].isdigit() for p in REAL.iterdir())),
            "batching": batching,
            "generated": generated, "model": model, "export": int8}


def _version(name: str) -> str:
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name} (not installed)"


def _within_bounds(rows: dict) -> str:
    torch = rows["torch (today)"]
    kept = [name for name, row in rows.items() if row["hybrid"] is not None and row["cos_min"] >= 0.98
            and row["hybrid"] >= torch["hybrid"] - 0.01]
    return max(kept, key=lambda name: rows[name]["rate"])


def _padding(p: dict, order: str) -> str:
    return f"{100 * (1 - p['tokens'] / p[order]):.0f}%"


def render(r: dict) -> str:
    rows, p = r["rows"], r["profile"]
    torch_rate = rows["torch (today)"]["rate"]
    before, after = r["load"]
    versions = ", ".join(_version(n) for n in ("torch", "sentence-transformers", "onnxruntime", "onnx", "tokenizers"))
    lines = [
        HEADING, "",
        f"Written by `python -m bench.embedding` on {datetime.datetime.now():%Y-%m-%d %H:%M}; {machine()}; "
        f"{versions}. Load average {before[0]:.1f} when it started, {after[0]:.1f} when it ended (other processes "
        "share the cores: compare the rows, measured side by side, rather than the rates).", "",
        f"{p['passages']} passages as the pipeline chunks them (the {r['reports'][0]} bundled reports, the "
        f"{r['reports'][1]} real ones of tests/data/real, {r['generated']} generated ones), each embedded once per "
        "backend, a quarter at a time with the backends taking turns; batches of 16. Cosine: of each passage's vector "
        f"to the torch path's. Prose hit@3: {r['questions']} prose questions (every prose figure of the generated "
        "reports, and the hand-written ones of bench/questions.py) searched in their report; a hit when a top-3 "
        "passage holds the gold figure.", "",
        "| backend | passages/s | × torch | cosine to torch: mean / min | prose hit@3 (hybrid) "
        "| hit@3 (vectors alone) |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in rows.items():
        hits = ["—" if row[k] is None else f"{100 * row[k]:.1f}%" for k in ("hybrid", "dense")]
        lines.append(f"| {name} | {row['rate']:.1f} | {row['rate'] / torch_rate:.2f}× | {row['cos_mean']:.4f} / "
                     f"{row['cos_min']:.4f} | {hits[0]} | {hits[1]} |")
    p50, p90, p99 = p["percentiles"]
    little = max(p["by_characters"], p["sorted"]) < 1.15 * p["tokens"]
    lines += [
        "",
        f"Where the time goes: {p['tokens']:,} tokens, {p['tokens'] / p['passages']:.0f} a passage (median {p50:.0f}, "
        f"90th percentile {p90:.0f}, 99th {p99:.0f}, longest {p['max']}; {p['truncated']} cut at the model's 512). "
        f"Table texts are {p['tables']} of the passages and {100 * p['table_tokens'] / p['tokens']:.0f}% of the "
        f"tokens. Batches of 16 in the order given would pad to {p['unsorted']:,} token positions "
        f"({_padding(p, 'unsorted')} padding); sorted by characters as sentence-transformers sorts each call (the "
        f"torch path) {p['by_characters']:,} ({_padding(p, 'by_characters')}); sorted by tokens (the ONNX path) "
        f"{p['sorted']:,} ({_padding(p, 'sorted')})."
        + (" So neither path pads much: the time is the model's matrix products, which int8 makes cheaper."
           if little else "")
        + f" Threads: torch {p['torch_threads']} (intra-op), {p['cores']} cores. ONNX Runtime runs "
        f"{p['ort_threads']} batches side by side, one thread each (waiting threads sleep rather than spin); the "
        "row 'a batch at a time' runs one batch on every core instead, as torch does.", "",
        f"The default, `REPORTQA_EMBED_BACKEND=onnx`, runs the int8 export `build-model` writes ({r['export'].name}: "
        "weights int8 per output channel, activations quantised per batch) when it is there; `torch` is today's "
        "path. In this run the fastest backend within the quality bounds (least cosine ≥ 0.98, prose hit@3 within "
        f"1 point of torch) is {_within_bounds(rows)}. An int8 vector depends a little on the texts batched with it: "
        f"32 passages embedded alone against in their batch, cosine ≥ {r['batching']:.4f}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="embedding throughput and quality: torch against ONNX Runtime")
    parser.add_argument("--generated", type=int, default=40,
                        help="generated reports, three prose questions each (default 40)")
    parser.add_argument("--model", type=Path, default=Config.from_env().embed_model or DEFAULT_MODEL,
                        help="the model folder (default REPORTQA_EMBED_MODEL; its ONNX export is made if missing)")
    parser.add_argument("--workdir", type=Path, help="keep the corpus and indexes here (default: a temp dir)")
    parser.add_argument("--out", type=Path, help="where to write the section (default bench/RESULTS.md)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="report-qa-embedding-"))
    section = render(run(workdir, args.generated, args.model))
    write_section(section, *([args.out] if args.out else []))
    print(section)


if __name__ == "__main__":
    main()
