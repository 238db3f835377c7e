"""Generate a synthetic corpus with ground truth: reports in both formats as PDF, DOCX and TXT.

    python -m bench.make_corpus OUT_DIR --n 100 --seed 1 [--breaks 0.1]

Deterministic for a seed. Writes the files and OUT_DIR/ground_truth.json: every cell, every
injected rule break and every prose figure of every report.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from index.template import REVISED, TRIAL

from .synth import PROSE_SENTENCES, random_spec, render_docx, render_pdf, render_txt

# Place-name syllables unlikely to collide with the bundled reports' agencies.
_CHARS = "安宁平阳城山河川东丰泰和兴隆云溪江桥林石青柳松梅杨枫梧桐乐昌永嘉盛阜合瑞祥庆福德顺康"
_KINDS = (("县", "人民政府"), ("区", "人民政府"), ("市", "人民政府办公室"), ("镇", "人民政府"),
          ("县", "人民政府办公室"), ("市", "人民政府"))
RENDERERS = {"pdf": render_pdf, "docx": render_docx, "txt": render_txt}
BREAKS = ("rule1", "rule2", "rule3", "rule4", "rule6")


def agency_names(rng: random.Random, n: int) -> list[str]:
    names: set[str] = set()
    out = []
    while len(out) < n:
        stem = rng.choice(_CHARS) + rng.choice(_CHARS)
        unit, body = rng.choice(_KINDS)
        if stem[0] == stem[1] or stem in names:
            continue
        names.add(stem)
        out.append(f"{stem}{unit}{body}")
    return out


def make_corpus(out: Path, n: int, seed: int = 1, breaks: float = 0.1,
                kinds: tuple[str, ...] = ("pdf", "docx", "txt")) -> dict:
    """Write `n` reports into `out` and return the ground truth (also written as JSON)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    agencies = agency_names(rng, max(1, (n + 1) // 2))
    slots = [(a, y) for a in agencies for y in (2019, 2020, 2021, 2022)]
    rng.shuffle(slots)
    truth = {"seed": seed, "n": n, "reports": []}
    for i, (agency, year) in enumerate(sorted(slots[:n], key=lambda s: (s[0], s[1]))):
        fmt = REVISED if year >= 2021 else TRIAL
        broken = rng.choice(BREAKS) if rng.random() < breaks else None
        spec = random_spec(seed * 100_000 + i, agency=agency, year=year, fmt=fmt, broken=broken)
        kind = kinds[i % len(kinds)]
        path = RENDERERS[kind](spec, out / f"r{i:04d}.{kind}")
        truth["reports"].append({
            "file": path.name, "kind": kind, "agency": agency, "year": year, "format": fmt,
            "broken_rule": int(broken[4:]) if broken else None,
            "cells": {"|".join(k): str(v) for k, v in spec.values.items()},
            "prose": {k: {"value": v, "sentence": PROSE_SENTENCES[k].format(v=v)} for k, v in spec.prose_facts.items()},
        })
    (out / "ground_truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--n", type=int, default=100, help="number of reports")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--breaks", type=float, default=0.1, help="share of reports that break a rule")
    args = parser.parse_args()
    truth = make_corpus(args.out, args.n, args.seed, args.breaks)
    print(f"{len(truth['reports'])} reports in {args.out}")


if __name__ == "__main__":
    main()
