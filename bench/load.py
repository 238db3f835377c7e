"""Concurrent users against the real server on loopback: errors, latency, and session isolation.

    python -m bench.load                  # 50 clients × 20 questions; starts its own server
    python -m bench.load --url http://127.0.0.1:7860 --clients 10 --questions 6

Each client holds its own conversation whose follow-ups ("其中自然人多少？") only have one right
answer if no other session's context leaks in. Optionally one extra client uploads a report while
the others ask. Results go into bench/RESULTS.md (section "Concurrency").
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from .results import RESULTS, write_section

# agency, year, new total, new natural persons, granted total (read from the bundled reports)
DIALOGS = [("洛宁县", 2020, 1, 1, 1), ("上街区", 2019, 79, 69, 26), ("淮安市政府办公室", 2019, 54, 54, 31),
           ("偃师市政府办公室", 2019, 5, 2, 1), ("邙岭镇", 2020, 0, 0, 0)]
ROOT = Path(__file__).resolve().parent.parent


def client_script(i: int, n: int) -> list[tuple[str, float]]:
    """The questions one client asks, with the value each must get (follow-ups lean on the session)."""
    agency, year, new, natural, granted = DIALOGS[i % len(DIALOGS)]
    turns = [(f"{agency}{year}年收到多少政府信息公开申请？", new), ("其中自然人多少？", natural),
             ("予以公开多少件？", granted), (f"How many applications did {agency} receive in {year}?", new)]
    return [turns[k % len(turns)] for k in range(n)]


def run_load(url: str, clients: int, questions: int, upload: Path | None = None,
             upload_check: tuple[str, float] | None = None) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    wrong: list[str] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        session = f"load-{i}-{time.time_ns()}"
        with httpx.Client(timeout=120) as http:
            for question, expected in client_script(i, questions):
                started = time.perf_counter()
                try:
                    response = http.post(f"{url}/api/ask", json={"question": question, "session_id": session})
                    elapsed = time.perf_counter() - started
                    body = response.json()
                except Exception as exc:  # a refused or broken connection counts as an error
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                with lock:
                    latencies.append(elapsed)
                    if response.status_code != 200:
                        errors.append(f"{response.status_code}: {body}")
                    elif not body["values"] or float(body["values"][0]["value"]) != float(expected):
                        wrong.append(f"client {i}: {question} → {body['answer'][:80]}")

    def uploader() -> None:
        with open(upload, "rb") as handle, httpx.Client(timeout=600) as http:
            response = http.post(f"{url}/api/reports", files={"file": (upload.name, handle, "application/octet-stream")})
        with lock:
            if response.status_code != 200:
                errors.append(f"upload {response.status_code}: {response.text[:200]}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    if upload is not None:
        threads.append(threading.Thread(target=uploader))
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    after_upload = None
    if upload_check is not None:
        body = httpx.post(f"{url}/api/ask", json={"question": upload_check[0]}, timeout=120).json()
        after_upload = bool(body["values"]) and float(body["values"][0]["value"]) == float(upload_check[1])
    ordered = sorted(latencies)

    def pct(p: float) -> float | None:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else None

    return {"clients": clients, "questions": questions, "requests": len(latencies), "errors": errors, "wrong": wrong,
            "p50": pct(50), "p95": pct(95), "wall": wall, "upload_answerable": after_upload}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(env: dict[str, str], port: int | None = None, log: Path | None = None,
          timeout: float = 300) -> tuple[subprocess.Popen, str]:
    """Start `python app.py` with these REPORTQA_* settings on loopback; return it once /api/health answers.

    Backend settings not given here are not inherited, so a test's own choice is the one used.
    """
    port = port or free_port()
    full = {k: v for k, v in os.environ.items() if k not in ("REPORTQA_DATABASE_URL", "REPORTQA_CHROMA_URL")}
    full.update(env, REPORTQA_PORT=str(port))
    output = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (the child writes it until it ends)
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=full, stdout=output, stderr=output)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log else ""
            raise RuntimeError(f"app.py exited at start {tail}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(1)
    process.kill()
    raise RuntimeError("app.py did not come up in time")


def render(result: dict) -> str:
    """The Concurrency section of RESULTS.md with these numbers."""
    return "\n".join([
        "## Concurrency",
        "",
        f"Written by `python -m bench.load`: {result['clients']} concurrent clients × {result['questions']} "
        f"questions (with follow-ups in their own sessions) against `python app.py` on loopback, one report "
        f"uploaded meanwhile.",
        "",
        f"- requests: {result['requests']}, errors: {len(result['errors'])}, wrong answers (incl. a session "
        f"seeing another's context): {len(result['wrong'])}",
        f"- latency p50 {result['p50'] * 1000:.0f} ms, p95 {result['p95'] * 1000:.0f} ms "
        f"({result['requests'] / result['wall']:.1f} requests/s over {result['wall']:.1f} s)",
        f"- the uploaded report answerable afterwards: {result['upload_answerable']}",
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description="concurrent clients against the app")
    parser.add_argument("--url", help="a running app (default: start one on a fresh index)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--questions", type=int, default=20, help="questions per client")
    args = parser.parse_args()
    from .synth import random_spec, render_pdf

    process = None
    workdir = Path(tempfile.mkdtemp(prefix="report-qa-load-"))
    url = args.url
    if url is None:
        process, url = serve({"REPORTQA_DATA_DIR": str(workdir / "data")})
    try:
        spec = random_spec(77, agency="汝南县人民政府", year=2021)
        upload = render_pdf(spec, workdir / "upload.pdf")
        result = run_load(url, args.clients, args.questions, upload,
                          ("汝南县2021年收到多少申请？", spec.values[("applications", "new", "total")]))
    finally:
        if process:
            process.terminate()
    write_section(render(result))
    print(RESULTS.read_text(encoding="utf-8").split("## Concurrency")[1])


if __name__ == "__main__":
    main()
