"""A smoke run of the whole benchmark at a tiny size: the numbers it reports must be real and good."""

import http.server
import json
import threading

from bench.run import render, run

from .fake_llm import send_chat_reply


class EchoLLM(http.server.BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that answers with its prompt: the baseline's LLM path, end to end."""

    prompts: list[str] = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = body["messages"][0]["content"]
        EchoLLM.prompts.append(prompt)
        send_chat_reply(self, prompt)

    def log_message(self, *args):
        pass


def test_benchmark_smoke(tmp_path, monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoLLM)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("REPORTQA_LLM_URL", f"http://127.0.0.1:{server.server_address[1]}/v1")
    try:
        results = run("tiny", tmp_path, out=None)
    finally:
        server.shutdown()
    accuracy, ours, ingestion, base = results["accuracy"], results["ours"], results["ingestion"], results["baseline"]
    assert accuracy["cell_accuracy"] == 1.0 and accuracy["cells"] > 1000
    assert accuracy["break_recall"] in (None, 1.0) and accuracy["break_precision"] in (None, 1.0)
    assert ours.rate("exact_value") >= 0.95 and ours.rate("citation") >= 0.95
    assert ours.rate("no_data_honesty") == 1.0
    assert ours.rate("prose_hit_at_3") >= 0.75
    assert results["hand"].rate("hand_exact_value") == 1.0
    assert ingestion["failed"] == 0 and ingestion["reingest_skipped"] == ingestion["files"]
    assert results["latency"]["table"]["n"] > 10 and results["baseline_latency"]["n"] > 10
    # the echoing LLM repeats every retrieved chunk, so it "states" at least the figures retrieval found
    assert base.counts["baseline_llm_table"] == base.counts["baseline_table"] > 0
    assert base.rate("baseline_llm_table") >= base.rate("baseline_table")
    assert EchoLLM.prompts and "问题 / Question:" in EchoLLM.prompts[0]
    text = render(results)
    assert "## Accuracy" in text and "| exact value (table questions) | 100.0% |" in text
    assert "With the LLM at http://127.0.0.1" in text
    targets = text.split("## Targets")[1]
    assert "| table route p50 | ≤ 20 ms |" in targets and "| cell accuracy | ≥ 100 % | 100.0 % | met |" in targets


def test_the_main_run_keeps_the_sections_other_runners_wrote(tmp_path):
    from bench.run import write_results

    out = tmp_path / "RESULTS.md"
    out.write_text("# Benchmark results\n\n## Accuracy\nold\n\n## Concurrency\nclients 50\n\n"
                   "## Paraphrases (issue #12)\nheld-out 71%\n", encoding="utf-8")
    write_results("# Benchmark results\n\n## Accuracy\nnew\n", out)
    text = out.read_text(encoding="utf-8")
    assert "new" in text and "old" not in text
    assert "## Concurrency\nclients 50" in text and "## Paraphrases (issue #12)\nheld-out 71%" in text
