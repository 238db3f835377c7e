"""Reports from the wild (issue #14): cell accuracy by format on the real corpus, and on scans read by OCR.

    python -m bench.scans              # writes the "Reports from the wild" section of bench/RESULTS.md
    python -m bench.scans --no-write   # prints it only

Real corpus: every hand-checked cell of tests/data/real/cells.json, parsed from its file: read right, read wrong,
or not read. Scans: generated reports (bench/synth.py, known values) printed to PDF, each page turned into a
picture the way a scanner or a phone makes one — tilted, speckled, JPEG-compressed — and saved as an image-only
PDF (and the first page as a PNG); every template cell of the spec compared with what OCR and the parser read.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import subprocess
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from .results import write_section
from .synth import Spec, random_spec, render_pdf

HERE = Path(__file__).resolve().parent
REAL = HERE.parent / "tests" / "data" / "real"
SECTION = "## Reports from the wild (issue #14)"


@dataclass(frozen=True)
class Damage:
    name: str
    angle: float = 0.0  # degrees, counter-clockwise
    noise: float = 0.0  # share of pixels flipped to black or white
    quality: int = 90  # JPEG quality
    dpi: int = 150


DAMAGES = (Damage("clean"), Damage("tilted 1.5°", angle=1.5), Damage("tilted −2.5°, speckled", angle=-2.5, noise=0.004),
           Damage("speckled, JPEG 40", noise=0.01, quality=40), Damage("on its side (90°)", angle=90),
           Damage("upside down (180°)", angle=180))


def scanned(spec: Spec, path: Path, damage: Damage = DAMAGES[0], seed: int = 0) -> Path:
    """An image-only PDF of the report (`path` .pdf), or its first page as a picture (`path` .png/.jpg)."""
    import pypdfium2
    from PIL import Image

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        printed = render_pdf(spec, Path(tmp) / "printed.pdf")
        document = pypdfium2.PdfDocument(str(printed))
        pages = [document[i].render(scale=damage.dpi / 72).to_pil().convert("L") for i in range(len(document))]
        document.close()
    pictures = []
    for page in pages:
        if damage.angle:
            page = page.rotate(damage.angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
        if damage.noise:
            pixels = page.load()
            for _ in range(int(page.width * page.height * damage.noise)):
                pixels[rng.randrange(page.width), rng.randrange(page.height)] = rng.choice((0, 255))
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=damage.quality)
        pictures.append(Image.open(buffer).convert("RGB"))
    if path.suffix.lower() == ".pdf":
        pictures[0].save(path, save_all=True, append_images=pictures[1:], resolution=damage.dpi)
    else:
        pictures[0].save(path)
    return path


def compare(spec: Spec, facts) -> tuple[int, int, int, list]:
    """(right, wrong, not read, the wrong ones) of the spec's cells in the facts read."""
    read = {(f.table, f.row, f.column): f.value for f in facts if f.value is not None}
    right = wrong = missing = 0
    wrongs = []
    for key, value in spec.values.items():
        if key not in read:
            missing += 1
        elif Decimal(str(read[key])) == Decimal(str(value)):
            right += 1
        else:
            wrong += 1
            wrongs.append((key, read[key], value))
    return right, wrong, missing, wrongs


def scans(reports: int = 4) -> list[dict]:
    """Each damage on `reports` generated reports (both formats): cells right/wrong/not read, seconds per page."""
    from index.report import parse_report

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for damage in DAMAGES:
            right = wrong = missing = pages = 0
            seconds = 0.0
            wrongs = []
            for n in range(reports):
                spec = random_spec(100 + n, agency="示例县人民政府", year=2020 + n % 2 * 2)
                path = scanned(spec, Path(tmp) / f"scan{n}.pdf", damage, seed=n)
                started = time.perf_counter()
                report = parse_report(path)
                seconds += time.perf_counter() - started
                pages += len(set(f.page for f in report.facts)) or 1
                r, w, m, bad = compare(spec, report.facts)
                right, wrong, missing = right + r, wrong + w, missing + m
                wrongs += bad
            rows.append({"damage": damage.name, "right": right, "wrong": wrong, "missing": missing,
                         "cells": right + wrong + missing, "seconds_per_page": seconds / max(pages, 1),
                         "wrongs": wrongs[:5]})
    return rows


def read_as_printed(value, printed: str) -> bool:
    """A value read is the one printed in a hand-checked cell ("" = a blank printed cell: no value)."""
    if value is None or printed == "":
        return value is None and printed == ""
    return Decimal(str(value)) == Decimal(re.sub(r"[^\d.+-]", "", printed))  # "251000元", "1,295", "+5174"


def real_corpus() -> list[dict]:
    """Every hand-checked cell of the real corpus, by the file's format."""
    from index.report import parse_report

    sources = [json.loads(line) for line in (REAL / "sources.jsonl").read_text(encoding="utf-8").splitlines() if line]
    cells = json.loads((REAL / "cells.json").read_text(encoding="utf-8"))
    counts: dict[str, dict] = defaultdict(lambda: {"files": 0, "cells": 0, "right": 0, "wrong": 0})
    for source in sources:
        kind = {"md": "text (Markdown)", "txt": "text", "htm": "HTML page", "html": "HTML page", "pdf": "PDF",
                "docx": "DOCX"}.get(Path(source["file"]).suffix[1:].lower(), source["kind"])
        report = parse_report(REAL / source["file"])
        read = {(f.table, f.row, f.column): f.value for f in report.facts}
        row = counts[kind]
        row["files"] += 1
        for cell in cells[source["file"]]:
            row["cells"] += 1
            key = (cell["table"], cell["row"], cell["column"])
            if key not in read:
                continue
            row["right" if read_as_printed(read[key], cell["value"]) else "wrong"] += 1
    return [{"format": kind, **row} for kind, row in sorted(counts.items())]


def render(real: list[dict], scan_rows: list[dict], seconds: float) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=HERE).stdout.strip() or "?"
    out = [SECTION, "",
           f"Written by `python -m bench.scans` on {datetime.now():%Y-%m-%d %H:%M} at commit {commit} "
           f"({seconds:.0f} s). Never edited by hand.", "",
           "Real reports (tests/data/real/, hand-checked cells; a cell not read is no answer, a wrong one is a "
           "wrong answer):", "",
           "| format | files | hand-checked cells | read right | read wrong | not read |", "|---|---|---|---|---|---|"]
    for r in real:
        out.append(f"| {r['format']} | {r['files']} | {r['cells']} | {r['right']} ({r['right'] / r['cells']:.1%}) | "
                   f"{r['wrong']} | {r['cells'] - r['right'] - r['wrong']} |")
    out += ["", "Scans read by OCR (RapidOCR, PP-OCRv4 on ONNX Runtime, 2 cores): generated reports of both formats "
            "printed, pictured at 150 dpi and damaged as named, saved as image-only PDFs; every cell of the template "
            "compared with its known value:", "",
            "| damage | cells | read right | read wrong | not read | seconds per page |", "|---|---|---|---|---|---|"]
    for r in scan_rows:
        out.append(f"| {r['damage']} | {r['cells']} | {r['right']} ({r['right'] / r['cells']:.1%}) | {r['wrong']} | "
                   f"{r['missing']} | {r['seconds_per_page']:.1f} |")
    wrongs = [w for r in scan_rows for w in r["wrongs"]]
    if wrongs:
        out += ["", "Read wrong (cell: read, printed): " + "; ".join(f"{'/'.join(k)}: {a}, {b}" for k, a, b in wrongs)
                + ". Each is a fact marked as read by OCR, and the consistency rules flag a wrong number that breaks "
                "a sum."]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="cell accuracy on real reports by format, and on scans by OCR")
    parser.add_argument("--reports", type=int, default=4, help="generated reports per damage (default 4)")
    parser.add_argument("--no-write", action="store_true", help="print only; RESULTS.md untouched")
    args = parser.parse_args()
    started = time.perf_counter()
    section = render(real_corpus(), scans(args.reports), time.perf_counter() - started)
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
