"""Re-parse on change: every report records the parser and rules version that made its records, its original is
kept in the data directory by hash, and a report an older version made is parsed again (at the service's start
and on `ingest`, `ingest --reparse` for all), replaced the crash-safe way a changed file is."""

import shutil
import socket
import sqlite3

import pytest

from assistant.config import DEFAULT_MODEL, Config
from bench.synth import random_spec, render_txt
from index.checks import FAIL, PASS, REPORT, RULES, CheckResult, Rule
from index.report import records_version
from index.template import APPLICATIONS

from .conftest import REPORTS, built
from .test_cli import run

AGENCY = "洛川县人民政府"


def new_applications_recorded(cells, fmt, figures):
    """A rule added later (rule 7): the new-applications total has a value."""
    fact = cells.get((APPLICATIONS.id, "new", "total"))
    if fact is None:
        return []
    return [CheckResult(7, "total", PASS if fact.value is not None else FAIL, f"本年新收 = {fact.value}")]


def config_for(folder) -> Config:
    return Config(data_dir=folder / "data", database_url=f"sqlite:///{folder / 'data' / 'db.sqlite3'}",
                  embed_model=DEFAULT_MODEL)


def two_reports(folder):
    """Two synthetic years of one agency, written outside the data directory."""
    inbox = folder / "inbox"
    inbox.mkdir()
    return [render_txt(random_spec(60 + year, agency=AGENCY, year=year), inbox / f"洛川县{year}年.txt")
            for year in (2020, 2021)]


def set_version(database, version):
    """As an older build left the index (its version; None: made before versions were stored)."""
    with sqlite3.connect(database) as db:
        db.execute("UPDATE reports SET records_version = ?", (version,))


def test_every_report_records_its_version_and_keeps_its_original(tmp_path, embedder):
    from index.ingest import ingest_many

    parts = built(tmp_path / "data", embedder)
    files = two_reports(tmp_path)
    outcomes, _ = ingest_many(files, parts.store, parts.text, originals=parts.originals)
    assert [o.status for o in outcomes] == ["indexed", "indexed"]
    for report, path in zip(parts.store.reports(), files):
        assert report.version == records_version() and "parser" in report.version and "rules 1.1" in report.version
        kept = parts.originals.find(report.sha256)
        assert kept.name == path.name and kept.read_bytes() == path.read_bytes()
        assert tmp_path / "data" / "originals" in kept.parents
    assert parts.store.outdated(records_version()) == []


def test_a_rule_added_is_applied_after_a_restart_to_reports_indexed_before(tmp_path, monkeypatch):
    from assistant.service import Service

    config = config_for(tmp_path)
    files = two_reports(tmp_path)
    service = Service(config)
    assert service.upgraded.wait(120)
    assert [o.status for o in service.ingest_paths(files)] == ["indexed", "indexed"]
    before = {r["id"]: r for r in service.reports()}
    asked = service.ask("洛川县2021年收到多少申请？")["values"][0]
    assert not any(c["rule"] == 7 for c in service.checks())
    service.close()
    shutil.rmtree(tmp_path / "inbox")  # the files are gone: the kept originals are parsed

    monkeypatch.setitem(RULES, 7, Rule(7, "本年新收总计有数值", "the new-applications total has a value", REPORT,
                                       new_applications_recorded))
    assert records_version() not in {r.version for r in built(config.data_dir).store.reports()}
    restarted = Service(config)
    assert restarted.upgraded.wait(300)
    assert sorted(o.status for o in restarted.reparsed) == ["reparsed", "reparsed"]
    checks = restarted.checks()
    sevens = [c for c in checks if c["rule"] == 7]
    assert len(sevens) == 2 and {c["status"] for c in sevens} == {PASS}
    assert {c["rule_en"] for c in sevens} == {"the new-applications total has a value"}
    after = restarted.reports()
    assert sorted((r["agency"], r["year"], r["facts"]) for r in after) == sorted(
        (r["agency"], r["year"], r["facts"]) for r in before.values())
    assert any(c["rule"] == 5 for c in checks)  # the rule across years is recomputed for the new records
    again = restarted.ask("洛川县2021年收到多少申请？")["values"][0]
    # the same cell cited in the same place; its record is a new one (ids change when a report is parsed again)
    assert again["value"] == asked["value"] and {**again["source"], "fact": 0} == {**asked["source"], "fact": 0}
    assert isinstance(again["source"]["fact"], int) and again["source"]["fact"] != asked["source"]["fact"]
    restarted.close()


def test_ingest_parses_again_what_an_older_parser_made_and_reparse_forces_it(tmp_path):
    data = tmp_path / "data"
    first = run(data, "ingest", str(REPORTS / sorted(p.name for p in REPORTS.iterdir())[0]))
    assert first.returncode == 0, first.stdout + first.stderr
    set_version(data / "reportqa.sqlite3", "parser 0; rules 1.1")
    shutil.rmtree(data / "originals")  # as an index made before originals were kept
    [second] = two_reports(tmp_path)[:1]
    result = run(data, "ingest", str(second))
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((data / "originals").rglob("*.txt"))) == 2  # parsed from its file, which is now kept too
    assert "↻" in result.stdout and "parsed again: parser 0; rules 1.1 → parser" in result.stdout
    assert "1 of 1 reports parsed again" in result.stdout
    forced = run(data, "ingest", "--reparse")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "2 of 2 reports parsed again" in forced.stdout and "files indexed" not in forced.stdout
    quiet = run(data, "ingest", str(second))
    assert "parsed again" not in quiet.stdout and "= " in quiet.stdout


def test_a_report_whose_original_is_gone_keeps_its_records(tmp_path):
    data = tmp_path / "data"
    files = two_reports(tmp_path)
    assert run(data, "ingest", str(files[0])).returncode == 0
    set_version(data / "reportqa.sqlite3", None)  # indexed before versions were stored
    shutil.rmtree(data / "originals")
    files[0].unlink()
    result = run(data, "ingest", "--reparse")
    assert result.returncode == 1 and "neither the file nor its kept original is left" in result.stdout
    listed = run(data, "reports", "--format", "json")
    assert AGENCY in listed.stdout  # still answerable from the records it had
    assert run(data, "ingest", str(files[1])).returncode == 0  # a plain ingest is not failed by it


def test_a_crash_mid_reparse_leaves_the_old_report_which_is_parsed_again_next_time(tmp_path, embedder):
    from index.ingest import reconcile, reparse_outdated
    from index.worker import ParsePool

    parts = built(tmp_path / "data", embedder)
    files = two_reports(tmp_path)
    with ParsePool() as pool:
        from index.ingest import ingest_many

        ingest_many(files, parts.store, parts.text, parser=pool, originals=parts.originals)
        old = {r.id for r in parts.store.reports()}
        set_version(tmp_path / "data" / "db.sqlite3", "parser 0; rules 1.1")

        def crash(*args, **kwargs):  # the process dies after the new records, before their vectors
            raise KeyboardInterrupt

        add = parts.text.vectors.add
        parts.text.vectors.add = crash
        with pytest.raises(KeyboardInterrupt):
            reparse_outdated(parts.store, parts.text, parts.originals, pool)
        parts.text.vectors.add = add
        assert {r.id for r in parts.store.reports()} == old  # the old reports still answer
        assert len(parts.store.pending_ids()) == 1
        with sqlite3.connect(tmp_path / "data" / "db.sqlite3") as db:
            db.execute("UPDATE reports SET owner = ? WHERE status = 'pending'", (f"{socket.gethostname()}:0",))
        assert any("half-written" in line for line in reconcile(parts.store, parts.text.vectors))
        assert {r.id for r in parts.store.reports()} == old and parts.store.pending_ids() == []
        done = reparse_outdated(parts.store, parts.text, parts.originals, pool)
    assert [o.status for o in done] == ["reparsed", "reparsed"]
    assert not {r.id for r in parts.store.reports()} & old
    assert parts.store.outdated(records_version()) == []
    assert parts.store.chunk_counts() == parts.text.vectors.report_counts()


def test_removing_a_report_forgets_its_original(tmp_path):
    data = tmp_path / "data"
    [path, _] = two_reports(tmp_path)
    assert run(data, "ingest", str(path)).returncode == 0
    assert list((data / "originals").rglob("*.txt"))
    assert run(data, "remove", path.name).returncode == 0
    assert not list((data / "originals").rglob("*.txt"))
