"""The same ingest → ask path on both backends: embedded (SQLite file + Chroma folder) and servers
(PostgreSQL + a Chroma server started here), including two app processes sharing the servers.

The PostgreSQL URL comes from REPORTQA_TEST_POSTGRES_URL (scripts/test.sh starts the Debian cluster
and sets it). When a server cannot start, these tests fail and say why; they never pass quietly.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from bench.load import free_port, serve
from bench.synth import random_spec, render_pdf

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"


@pytest.fixture(scope="module")
def postgres_url():
    """A fresh database on the test PostgreSQL server, dropped afterwards."""
    import psycopg

    base = os.environ.get("REPORTQA_TEST_POSTGRES_URL")
    if not base:
        pytest.fail("REPORTQA_TEST_POSTGRES_URL is not set: scripts/test.sh starts PostgreSQL and sets it")
    admin = base.replace("postgresql+psycopg://", "postgresql://")
    name = f"reportqa_test_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        pytest.fail(f"PostgreSQL is not reachable at {base}: {exc}")
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    """`chroma run` on loopback, as a deployment would run it."""
    import chromadb

    port = free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen([str(chroma), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(60):
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            break
        except Exception:
            if process.poll() is not None:
                pytest.fail("the Chroma server (`chroma run`) exited at start")
            time.sleep(1)
    else:
        process.kill()
        pytest.fail("the Chroma server did not answer within 60 s")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module", params=["embedded", "servers"])
def backend(request, tmp_path_factory):
    """Environment variables selecting the backend (and a data directory for what stays local)."""
    data = tmp_path_factory.mktemp(f"backend-{request.param}")
    env = {"REPORTQA_DATA_DIR": str(data)}
    if request.param == "servers":
        env["REPORTQA_DATABASE_URL"] = request.getfixturevalue("postgres_url")
        env["REPORTQA_CHROMA_URL"] = request.getfixturevalue("chroma_url")
    return request.param, env


def cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    full = {**os.environ, **env}
    if "REPORTQA_DATABASE_URL" not in env:
        full.pop("REPORTQA_DATABASE_URL", None)
        full.pop("REPORTQA_CHROMA_URL", None)
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=ROOT, env=full, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def indexed(backend):
    name, env = backend
    result = cli(env, "ingest", str(REPORTS))
    assert result.returncode == 0, result.stdout + result.stderr
    return name, env


def test_ingest_and_records(indexed):
    _, env = indexed
    reports = json.loads(cli(env, "reports", "--format", "json").stdout)
    assert len(reports) == 5
    facts = json.loads(cli(env, "facts", "--agency", "上街区", "--table", "三", "--format", "json").stdout)
    assert next(f for f in facts if f["row"] == "new" and f["column"] == "total")["value"] == 79
    assert "5 + 0 ≠ 6 + 0" in cli(env, "check", "--agency", "偃师").stdout
    verify = cli(env, "verify")
    assert verify.returncode == 0 and "agree" in verify.stdout


def test_ask_both_routes(indexed):
    _, env = indexed
    table = json.loads(cli(env, "ask", "How many applications did Luoning receive in 2020?", "--json").stdout)
    assert table["route"] == "table" and table["values"][0]["value"] == 1
    text = json.loads(cli(env, "ask", "偃师市2019年全年主动公开政府信息多少条？", "--json").stdout)
    assert text["route"] == "text" and "8149" in text["answer"]


def test_reingest_is_skipped_and_replace_keeps_facts_and_chunks_consistent(indexed, tmp_path):
    _, env = indexed
    assert cli(env, "ingest", str(REPORTS)).stdout.count("unchanged") == 5
    copy = tmp_path / "mangling.txt"
    copy.write_text((REPORTS / "002_c8d30c2eb8575ca5.txt").read_text(encoding="utf-8").replace("邙岭镇", "邙山镇"),
                    encoding="utf-8")
    assert cli(env, "ingest", str(copy)).returncode == 0
    copy.write_text(copy.read_text(encoding="utf-8").replace("392条", "393条"), encoding="utf-8")
    out = cli(env, "ingest", str(copy)).stdout
    assert "replaced" in out
    assert cli(env, "verify").returncode == 0
    reports = json.loads(cli(env, "reports", "--format", "json").stdout)
    removed = cli(env, "remove", next(str(r["id"]) for r in reports if r["file"] == "mangling.txt"))
    assert removed.returncode == 0 and cli(env, "verify").returncode == 0


def start_app(env: dict, port: int) -> subprocess.Popen:
    process, _ = serve(env, port)
    return process


def ask_until_answered(port: int, question: str, within_s: float = 30.0) -> dict:
    """Ask until a figure comes back (a process picks up reports indexed elsewhere on its next look)."""
    end = time.monotonic() + within_s
    while True:
        answer = httpx.post(f"http://127.0.0.1:{port}/api/ask", json={"question": question}, timeout=120).json()
        if answer["values"] or time.monotonic() > end:
            return answer
        time.sleep(0.2)


def test_two_app_processes_share_one_index(indexed, tmp_path):
    """An upload through one process is answerable through the other; so is an ingest from the CLI."""
    name, env = indexed
    if name == "embedded":
        pytest.skip("several processes share the servers; the embedded files belong to one process")
    ports = free_port(), free_port()
    apps = [start_app(env, port) for port in ports]
    try:
        spec = random_spec(55, agency="汝州市人民政府", year=2021)
        pdf = render_pdf(spec, tmp_path / "upload.pdf")
        with open(pdf, "rb") as handle:
            response = httpx.post(f"http://127.0.0.1:{ports[0]}/api/reports",
                                  files={"file": ("upload.pdf", handle, "application/pdf")}, timeout=300)
        assert response.status_code == 200, response.text
        answer = ask_until_answered(ports[1], "汝州市2021年收到多少申请？")  # the other process looks every 2 s
        assert answer["values"][0]["value"] == spec.values[("applications", "new", "total")]
        other = random_spec(56, agency="汝阳县人民政府", year=2022)
        assert cli(env, "ingest", str(render_pdf(other, tmp_path / "cli.pdf"))).returncode == 0
        answer = ask_until_answered(ports[0], "汝阳县2022年收到多少申请？")
        assert answer["values"][0]["value"] == other.values[("applications", "new", "total")]
    finally:
        for app in apps:
            app.terminate()
            app.wait(timeout=30)
