"""Every error, note and operator line comes from the one zh/en catalogue (index/messages.py), said in the language
of whoever reads it: the API's Accept-Language, the command line's REPORTQA_LANGUAGE (or locale)."""

import ast
import dataclasses
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import DEFAULT_MODEL, Config
from index.messages import CATALOGUE, Message, Sentence, header_language, said

from .conftest import REPORTS, built

ROOT = Path(__file__).resolve().parent.parent
YANSHI = REPORTS / "000_cac3ad9cc33592c6.txt"  # fails rule 1 (5 + 0 ≠ 6 + 0)
# keys written before this test whose languages deliberately name different things (English adds the table's
# name, lists the parts instead of naming them, …): every other entry has the same placeholders in both
DIFFERENT_PLACEHOLDERS = {"source.citation", "report.lead", "value.sum_of", "compare.more"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_entry_has_both_languages_with_the_same_placeholders():
    for key, entry in CATALOGUE.items():
        assert isinstance(entry, tuple) and len(entry) == 2, key
        zh, en = entry
        assert isinstance(zh, str) and isinstance(en, str), key
        assert zh.strip() and (en.strip() or key == "unit.件"), key  # English counts 件 with no unit word
        if key not in DIFFERENT_PLACEHOLDERS:
            assert placeholders(zh) == placeholders(en), key
    with pytest.raises(KeyError):
        Message("read.no_such_key")


def test_header_language():
    assert [header_language(h) for h in ("zh-CN,zh;q=0.9", "ZH", "en-US,zh;q=0.5", "", None, "fr")] == [
        "zh", "zh", "en", "en", "en", "en"]


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    from fastapi.testclient import TestClient

    from assistant.api import create_api
    from assistant.service import Service

    data = tmp_path_factory.mktemp("api")
    service = Service(Config(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}", embed_model=DEFAULT_MODEL))
    yield TestClient(create_api(service))
    service.close()


def test_a_refused_upload_in_the_language_of_the_request(api):
    files = {"file": ("report.pdf", b"plain text, not a PDF")}
    chinese = api.post("/api/reports", files=files, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert chinese.status_code == 422
    assert chinese.json() == {"error": "文件不是PDF", "code": "read.not_pdf"}
    english = api.post("/api/reports", files=files)
    assert english.status_code == 422
    assert english.json() == {"error": "the file is not a PDF", "code": "read.not_pdf"}
    tool = api.post("/api/reports", files={"file": ("tool.exe", b"MZ")}, headers={"Accept-Language": "zh"})
    assert tool.json() == {"error": "不支持的文件类型“.exe”：请上传 PDF、DOCX、TXT、MD、HTML、HTM、PNG、JPG 或 JPEG", "code": "upload.unsupported"}


def test_other_api_errors_carry_their_code(api):
    table = api.get("/api/facts", params={"table": "nope"}, headers={"Accept-Language": "zh-CN"})
    assert table.status_code == 422 and table.json()["code"] == "query.unknown_table"
    assert table.json()["error"].startswith("未知的表“nope”")
    invalid = api.post("/api/ask", json={})
    assert invalid.status_code == 422 and invalid.json()["code"] == "api.invalid"
    assert invalid.json()["error"].startswith("invalid request: question")
    missing = api.get("/api/nothing", headers={"Accept-Language": "zh"})
    assert missing.status_code == 404 and missing.json() == {"error": "没有这个地址", "code": "api.not_found"}


def cli(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "REPORTQA_DATA_DIR": str(data_dir), **env}
    environment.pop("REPORTQA_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=300)


def test_ingest_lines_in_chinese(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    missing = tmp_path / "missing.txt"
    result = cli(tmp_path / "data", "ingest", str(tmp_path / "empty.txt"), str(missing), REPORTQA_LANGUAGE="zh")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert "✗ empty.txt：文件为空" in lines and "✗ missing.txt：文件不存在" in lines, result.stdout
    assert any(line.startswith("2个文件中0个已索引到sqlite:///") for line in lines), result.stdout
    # the locale decides when REPORTQA_LANGUAGE is unset; REPORTQA_LANGUAGE wins over it
    english = cli(tmp_path / "data", "ingest", str(missing), REPORTQA_LANGUAGE="en", LANG="zh_CN.UTF-8")
    assert "✗ missing.txt: no such file" in english.stdout.splitlines(), english.stdout
    locale = {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    assert Config.from_env(locale).language == "zh" and Config.from_env({"LANG": "C.UTF-8"}).language == "en"
    with pytest.raises(ValueError, match="REPORTQA_LANGUAGE"):
        Config.from_env({"REPORTQA_LANGUAGE": "fr"})


def test_a_prose_only_report_note_in_both_languages_and_an_old_note_as_it_is(tmp_path):
    from assistant.answer import report_dict
    from assistant.cli import _tells_identity
    from index.ingest import ingest_many

    minutes = tmp_path / "minutes.txt"
    minutes.write_text("会议纪要\n2021年3月5日召开全县政务公开工作推进会。\n", encoding="utf-8")
    parts = built(tmp_path)
    [outcome], _ = ingest_many([minutes], parts.store, allow_prose=True)
    assert outcome.status == "indexed", outcome.message
    [report] = parts.store.reports()
    first = report.notes[0]
    assert Message.decode(first).key == "note.not_annual" and _tells_identity(first)
    assert said(first, "zh") == "不是年度报告（标题中没有单位和年份）：仅作为正文保存"
    assert said(first, "en") == "not an annual report (no agency and year in its title): kept as prose only"
    assert report_dict(report, "zh")["notes"] == ["不是年度报告（标题中没有单位和年份）：仅作为正文保存",
                                                  "年份2021：报告中提及最多的年份"]
    assert report_dict(report)["notes"][1] == "year 2021: the year the report mentions most"
    old = "not an annual report (no agency and year in its title): kept as prose only"  # stored by an older version
    assert report_dict(dataclasses.replace(report, notes=(old,)), "zh")["notes"] == [old]
    assert said(old, "zh") == old and _tells_identity(old) and not _tells_identity("year 2021: the year …")


def test_a_check_result_said_in_chinese(tmp_path):
    from index.ingest import ingest_many

    parts = built(tmp_path)
    ingest_many([YANSHI], parts.store)
    [report] = parts.store.reports()
    failed = next(c for c in parts.store.checks(report.id) if c.rule == 1 and c.scope == "总计")
    assert Message.decode(failed.message).key == "check.fails"
    assert said(failed.message, "zh") == "5 + 0 ≠ 6 + 0（5与6不等）"
    assert said(failed.message, "en") == "5 + 0 ≠ 6 + 0 (5 vs 6)"
    assistant = parts.assistant()
    chinese = assistant.ask("偃师市2019年报告的数据一致吗？")
    assert "5 + 0 ≠ 6 + 0（5与6不等）" in chinese.answer and " vs " not in chinese.answer + "".join(chinese.warnings)
    english = assistant.ask("Is the data in the Yanshi 2019 report consistent?")
    assert "5 + 0 ≠ 6 + 0 (5 vs 6)" in english.answer


def test_a_sentence_is_its_english_and_says_itself_in_chinese():
    import pickle

    empty = Sentence("read.empty")
    assert empty == "the file is empty" and empty.say("zh") == "文件为空"
    again = pickle.loads(pickle.dumps(empty))  # a parsing worker's result crosses a process boundary
    assert again == empty and again.say("zh") == "文件为空"
    nested = Message("upload.failed", name="a.pdf", reason=Message("read.not_pdf"))
    assert Message.decode(nested.encode()).say("zh") == "a.pdf：文件不是PDF"


CONSTRUCTORS = {"ReadError", "ReportError", "UploadError", "QueryError", "WriterBusy", "SourceError"}


def test_no_error_is_made_from_a_sentence():
    """Every ReadError/ReportError/UploadError is made from a catalogue key (or a message), never from a sentence."""
    found = 0
    for path in [*(ROOT / "index").rglob("*.py"), *(ROOT / "assistant").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CONSTRUCTORS):
                continue
            found += 1
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            for arg in node.args:
                assert not isinstance(arg, ast.JoinedStr), f"{where}: an f-string sentence"
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    assert arg.value in CATALOGUE, f"{where}: '{arg.value}' is a sentence, not a catalogue key"
    assert found >= 15
