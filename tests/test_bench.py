"""A smoke run of the whole benchmark at a tiny size: the numbers it reports must be real and good."""

from bench.run import render, run


def test_benchmark_smoke(tmp_path):
    results = run("tiny", tmp_path, out=None)
    accuracy, ours, ingestion = results["accuracy"], results["ours"], results["ingestion"]
    assert accuracy["cell_accuracy"] == 1.0 and accuracy["cells"] > 1000
    assert accuracy["break_recall"] in (None, 1.0) and accuracy["break_precision"] in (None, 1.0)
    assert ours.rate("exact_value") >= 0.95 and ours.rate("citation") >= 0.95
    assert ours.rate("no_data_honesty") == 1.0
    assert ours.rate("prose_hit_at_3") >= 0.75
    assert results["hand"].rate("hand_exact_value") == 1.0
    assert ingestion["failed"] == 0 and ingestion["reingest_skipped"] == ingestion["files"]
    assert results["latency"]["table"]["n"] > 10 and results["baseline_latency"]["n"] > 10
    text = render(results)
    assert "## Accuracy" in text and "| exact value (table questions) | 100.0% |" in text
    targets = text.split("## Targets")[1]
    assert "| table route p50 | ≤ 20 ms |" in targets and "| cell accuracy | ≥ 100 % | 100.0 % | met |" in targets
