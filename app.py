"""报告问答 report-qa: the chat app (Gradio) and the REST API (FastAPI) in one server.

    python app.py          # http://127.0.0.1:7860 — UI at /, API at /api/..., OpenAPI at /docs

Configuration: REPORTQA_* environment variables (see README).
"""

from __future__ import annotations

import html
import os
import uuid
from pathlib import Path

from assistant.config import Config
from index import offline_environment
from index.messages import CATALOGUE, MessageError, both, header_language, said, say

offline_environment()  # before gradio is imported: no analytics, no hub

EXAMPLES = [
    "How many applications did Luoning receive in 2020?",
    "洛宁县2020年收到多少政府信息公开申请？",
    "比较洛宁县和上街区的行政处罚处理决定数量",
    "哪个单位收到的申请最多？",
    "上街区2019年申请人情况分别是多少？",
    "偃师市2019年全年主动公开政府信息多少条？",
    "洛宁县2020年政府信息公开工作存在哪些主要问题？",
    "偃师市2019年报告的数据一致吗？",
]
SOURCE_COLUMNS = [both(f"ui.col.{name}") for name in ("agency", "year", "table", "row", "column", "value", "unit",
                                                        "file", "where", "raw")]
SOURCE_WIDTHS = ["150px", "80px", "170px", "220px", "110px", "100px", "80px", "200px", "110px", "130px"]
REPORT_COLUMNS = [both(f"ui.col.{name}") for name in ("agency", "year", "format", "facts", "failed", "file")]
CHECK_COLUMNS = [both(f"ui.col.{name}") for name in ("rule", "pass", "fail", "not_assessable")]


def format_answer(result: dict) -> str:
    """The chat message: answer, a warning badge, and the quoted prose sources."""
    parts = [result["answer"]]
    if result.get("reading"):
        parts.append(f"\n\n*{result['reading']['text']}*")  # how the question was read
    if result["warnings"]:
        parts.append(f"\n\n⚠️ **{both('ui.warning', ' / ')}**\n" + "\n".join(f"- {w}" for w in result["warnings"]))
    prose = [s for s in result["sources"] if s.get("text")]
    if prose and result["route"] in ("text", "table+text"):
        lines = [f"> {s['text'][:300]}\n> — {s.get('url') or s['file']}{' p.' + str(s['page']) if s.get('page') else ''}, "
                 f"{s.get('section') or ''}" for s in prose[:3]]
        parts.append(f"\n\n**{both('ui.quoted', ' / ')}**\n\n" + "\n\n".join(lines))
    return "".join(parts)


def source_rows(result: dict) -> list[list]:
    from index.template import table

    rows = []
    for v in result["values"]:
        t = table(v["table"])
        labels = {c.id: c.label for c in t.columns}
        row_label = next((r.label for r in t.rows if r.id == v["row"]), v["row"])
        where = f"p.{v['source']['page']}" if v["source"]["page"] else f"line {v['source']['line']}"
        value = f"{v['value']:,}" if isinstance(v["value"], int | float) else v["value"]  # 48,686
        rows.append([v["agency"], v["year"], t.label, row_label, labels.get(v["column"], v["column"]), value,
                     v["unit"] or "", v["source"].get("url") or v["source"]["file"], where, v["source"]["raw"]])
    return rows


def source_facts(result: dict) -> list[int | None]:
    """The record id behind each source row (None: a number computed from the rows after it)."""
    return [v["source"].get("fact") for v in result["values"]]


def chart_frame(result: dict):
    import pandas as pd

    chart = result.get("chart")
    if not chart:
        return None
    return pd.DataFrame({"label": chart["labels"], "value": [float(v) for v in chart["values"]]})


def inside(path: str, folder: Path) -> bool:
    """Whether `path`, links resolved, lies inside `folder`."""
    real = Path(os.path.realpath(path))
    return folder in real.parents


def build_ui(service, gradio_folder: Path, fetching: bool = True):
    """The Gradio UI; `fetching`: with the URL field (REPORTQA_FETCH_URLS is not off)."""
    import gradio as gr

    from assistant.answer import as_data
    from index.readers import READERS, formats

    def respond(message: str, history: list, session: str):
        # the history is server-side state, never the chat component's value: a client can send that
        # value with anything in it (a "file" message naming /etc/passwd), and nothing the client sends
        # may decide what the server reads or serves
        asked = [{"role": "user", "content": as_data(message)}]
        result = None
        for kind, value in service.ask_stream(message, session):
            if kind == "text":  # an optional model's words as they come (each sentence whole and guarded)
                partial = (history or []) + asked + [{"role": "assistant", "content": value["text"]}]
                yield "", gr.skip(), partial, *[gr.skip()] * (len(outputs) - 3)
            else:
                result = value
        options = (result.get("reading") or {}).get("options") or []
        chips = gr.update(choices=[o["label"] for o in options], value=None, visible=bool(options))
        history = (history or []) + asked + [{"role": "assistant", "content": format_answer(result)}]
        frame = chart_frame(result)
        chart = result.get("chart") or {}
        axes = {"title": chart.get("title"), "x_title": chart.get("x_title"), "y_title": chart.get("y_title")}
        bar = gr.update(value=frame, visible=frame is not None and chart.get("type") == "bar", **axes,
                        sort=chart.get("labels") or None)  # the answer's order (a ranking's), not the alphabet's
        line = gr.update(value=frame, visible=frame is not None and chart.get("type") == "line", **axes)
        hidden = gr.update(visible=False, value=None)
        yield ("", history, history, bar, line, source_rows(result), source_facts(result), hidden, hidden, chips,
               {o["label"]: o["question"] for o in options})

    def ask_option(label: str, offered: dict, history: list, session: str):
        """A click on a chip: its follow-up asked as the next turn of the conversation. The follow-ups are kept on the
        server: a label this server did not offer asks nothing."""
        if label not in (offered or {}):
            yield [gr.skip()] * len(outputs)
            return
        yield from respond(offered[label], history, session)

    def clear(session: str):
        service.clear(session)
        hidden = gr.update(visible=False, value=None)
        return ([], [], gr.update(visible=False), gr.update(visible=False), [], uuid.uuid4().hex, [], hidden, hidden,
                gr.update(visible=False, choices=[], value=None), {})

    def show_source(facts: list, evt: gr.SelectData, request: gr.Request):
        """A click on a source row: that record in its report (the PDF page with the cell boxed, or the table)."""
        import io

        from PIL import Image

        from assistant.source_view import PNG

        lang = header_language(request.headers.get("accept-language") if request else None)  # the browser's
        row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        fact = facts[row] if isinstance(row, int) and 0 <= row < len(facts or []) else None
        if fact is None:
            return gr.update(visible=False, value=None), gr.update(visible=True, value=say("source.computed", lang))
        try:
            view = service.source(fact, lang)
        except MessageError as exc:
            return gr.update(visible=False, value=None), gr.update(visible=True, value=html.escape(exc.say(lang)))
        if view.media_type == PNG:
            return (gr.update(visible=True, value=Image.open(io.BytesIO(view.body)), label=view.title),
                    gr.update(visible=False, value=None))
        return gr.update(visible=False, value=None), gr.update(visible=True, value=view.fragment)

    def reports_table():
        # the format is the template's edition, not a year: a 2020 report is in the 2019 trial template
        return [[r["agency"], r["year"], both(f"ui.format.{r['format']}", " / ") if f"ui.format.{r['format']}" in CATALOGUE
                 else r["format"], r["facts"], r["failed_checks"], r.get("url") or r["file"]] for r in service.reports()]

    def checks_text() -> str:
        from index.checks import FAIL, NOT_ASSESSABLE, PASS

        results = service.checks()
        lines = ["| " + " | ".join(CHECK_COLUMNS) + " |", "|---|---|---|---|"]
        for rule in sorted({c["rule"] for c in results}):
            mine = [c for c in results if c["rule"] == rule]
            counts = [sum(c["status"] == s for c in mine) for s in (PASS, FAIL, NOT_ASSESSABLE)]
            lines.append(f"| {rule}. {mine[0]['rule_zh']} | " + " | ".join(map(str, counts)) + " |")
        failed = [c for c in results if c["status"] == FAIL]
        if not failed:
            return "\n".join([*lines, "", both("ui.all_pass", "")])
        lines.append("")
        for c in failed:
            lines.append(f"- **{c['agency']} {c['year']}** 规则 {c['rule']}（{c['scope']}）：{c['message']}")
            for e in c["evidence"]:
                if "row_label" in e:
                    where = f"p.{e['page']}" if e.get("page") else f"line {e.get('line')}"
                    year = f"{e['year']}年 " if e.get("year") else ""  # a rule across years cites two reports
                    lines.append(f"    - {year}{e['row_label']} / {e['column_label']} = {e['value']} ({where})")
                elif "sentence" in e:
                    lines.append(f"    - 原文：{e['sentence']}")
        return "\n".join(lines)

    def upload(files, request: gr.Request, progress=gr.Progress()):
        """Uploaded files indexed one by one (only what Gradio itself received, never a path a client names)."""
        lang = header_language(request.headers.get("accept-language") if request else None)  # the browser's
        paths = [f if isinstance(f, str) else f.name for f in files or []]

        def indexed(path: str) -> str:
            name = os.path.basename(path)
            if not inside(path, gradio_folder):
                return say("upload.not_uploaded", lang, name=name)

            def read_and_upload():  # (an unreadable temp file gets its line too)
                with open(path, "rb") as handle:
                    return service.upload(name, handle.read())

            return _line(name, lang, read_and_upload)

        yield from _one_by_one([(os.path.basename(p), lambda p=p: indexed(p)) for p in paths], lang, progress,
                               "upload.no_file")

    def fetch(text: str, request: gr.Request, progress=gr.Progress()):
        """Report URLs fetched and indexed one by one (the service decides which addresses may be fetched)."""
        lang = header_language(request.headers.get("accept-language") if request else None)  # the browser's
        yield from _one_by_one([(url, lambda url=url: _line(url, lang, lambda: service.ingest_url(url)))
                                for url in (text or "").split()], lang, progress, "fetch.no_url")

    def _one_by_one(items: list, lang: str, progress, nothing: str):
        """A batch (files or URLs): one progress bar, on the result box, and each item's line as soon as it is done;
        then the reports and checks as they now stand."""
        lines = []
        for i, (name, index) in enumerate(items):
            progress(i / len(items), desc=say("upload.indexing_of", lang, name=name, n=i + 1, total=len(items)))
            lines.append(index())
            yield "\n".join(lines), gr.skip(), gr.skip()
        progress(1.0, desc=say("upload.done", lang))
        yield "\n".join(lines) or say(nothing, lang), reports_table(), checks_text()

    def _line(name: str, lang: str, act) -> str:
        """One file or URL indexed by `act`: its line, ✓ or ✗ (UploadError, a fetch's reason or anything else)."""
        try:
            result = act()
            return say("upload.ok_line" if result.ok else "upload.failed_line", lang, line=said(result.message, lang))
        except Exception as exc:
            reason = exc.say(lang) if isinstance(exc, MessageError) else str(exc)
            return say("upload.failed_line", lang, line=say("upload.failed", lang, name=name, reason=reason))

    # this module's annotations are strings (from __future__ import annotations), which Gradio resolves in the
    # module's globals, where gr is not: without the type, Gradio would not pass the request and the call would fail
    upload.__annotations__["request"] = gr.Request
    fetch.__annotations__["request"] = gr.Request
    show_source.__annotations__.update(evt=gr.SelectData, request=gr.Request)

    with gr.Blocks(title=both("ui.title")) as ui:
        session = gr.State(lambda: uuid.uuid4().hex)  # one conversation per browser tab
        shown = gr.State(list)  # the conversation as shown, kept on the server
        cited = gr.State(list)  # the record id of each source row, kept on the server (a client names no record)
        gr.Markdown(f"# {both('ui.title', ' · ')}\n{both('ui.intro', '')}")
        with gr.Tab(both("ui.chat")):
            chatbot = gr.Chatbot(label=both("ui.conversation"), height=460, elem_id="chat")
            with gr.Row():
                box = gr.Textbox(placeholder=both("ui.placeholder", " / "), show_label=False, scale=8,
                                 elem_id="question")
                send = gr.Button(both("ui.ask"), variant="primary", scale=1, elem_id="ask")
                reset = gr.Button(both("ui.clear"), scale=1, elem_id="clear")
            # the answer's reading changed in one click: another year, another agency, a row nearly as close
            chips = gr.Radio(choices=[], label=both("ui.options", " / "), visible=False, elem_id="options")
            offered = gr.State(dict)  # chip label → the follow-up it asks, kept on the server
            gr.Examples(EXAMPLES, inputs=box, label=both("ui.examples"))
            # the axes are named per answer (metric and unit); their numbers carry thousands separators (d3 format)
            bar = gr.BarPlot(x="label", y="value", visible=False, label=both("ui.chart"), elem_id="bar",
                             y_axis_format=",~f")
            line = gr.LinePlot(x="label", y="value", visible=False, label=both("ui.trend"), elem_id="line",
                               y_axis_format=",~f")
            # widths that keep each two-language header on its words ("数值 value", never "数/值/val/ue")
            sources = gr.Dataframe(headers=SOURCE_COLUMNS, label=both("ui.sources"), interactive=False,
                                   elem_id="sources", wrap=True, column_widths=SOURCE_WIDTHS)
            # a click on a source row shows it in its report: the page of a PDF, the table of anything else
            page = gr.Image(label=both("ui.source_view"), visible=False, interactive=False, type="pil", format="png",
                            height=760, elem_id="source-image")
            cell_table = gr.HTML(visible=False, elem_id="source-table")
            outputs = [box, shown, chatbot, bar, line, sources, cited, page, cell_table, chips, offered]
            send.click(respond, [box, shown, session], outputs, api_visibility="private")
            box.submit(respond, [box, shown, session], outputs, api_visibility="private")
            chips.input(ask_option, [chips, offered, shown, session], outputs, api_visibility="private")
            reset.click(clear, [session], [shown, chatbot, bar, line, sources, session, cited, page, cell_table, chips,
                                           offered],
                        api_visibility="private")
            sources.select(show_source, [cited], [page, cell_table], api_visibility="private")
        with gr.Tab(both("ui.reports")):
            table = gr.Dataframe(headers=REPORT_COLUMNS, value=reports_table, interactive=False, elem_id="reports")
            checks = gr.Markdown(checks_text)
            with gr.Row():
                with gr.Column():
                    files = gr.File(label=f"{both('ui.upload')} ({formats()})", file_count="multiple",
                                    file_types=sorted(READERS))
                    index = gr.Button(both("ui.index"), variant="primary")
                with gr.Column(visible=fetching):
                    urls = gr.Textbox(label=both("ui.url"), placeholder="https://…", lines=3, elem_id="urls")
                    fetch_button = gr.Button(both("ui.fetch"), variant="primary", elem_id="fetch")
            status = gr.Textbox(label=both("ui.result"), interactive=False)
            # one progress bar for a batch, on the result box (not one on each output), the files' lines under it
            index.click(upload, [files], [status, table, checks], api_visibility="private", show_progress_on=[status])
            fetch_button.click(fetch, [urls], [status, table, checks], api_visibility="private",
                               show_progress_on=[status])

        def ask(question: str, session_id: str = "") -> dict:
            """The same JSON object as `python -m assistant ask --json`."""
            return service.ask(question, session_id or None)

        gr.api(ask, api_name="ask")
    return ui


def create_app(service, config: Config):
    """The whole server: the API, the Gradio UI mounted beside it, and the gate in front of both."""
    import gradio as gr

    from assistant.api import create_api
    from assistant.gate import Gate

    gradio_folder = gradio_folder_of(config)
    api = create_api(service, config.api_token, config.cors_origins)
    ui = build_ui(service, gradio_folder, fetching=config.fetch_urls != "off")
    app = gr.mount_gradio_app(api, ui, path="/", footer_links=["api"], allowed_paths=[],
                              blocked_paths=[str(config.data_dir / "uploads"), str(config.chroma_path)],
                              max_file_size=service.max_upload_bytes)
    # mounted apps are never "launched", and Gradio skips its file checks until they are: without this a
    # client could name any file on the server as an upload or a chat message (issue #11)
    ui.has_launched = True
    return Gate(app, token=config.api_token, upload_bytes=service.max_upload_bytes, gradio_folder=gradio_folder)


def gradio_folder_of(config: Config) -> Path:
    """Gradio's upload folder, inside our data directory (set before gradio is imported)."""
    folder = (config.data_dir / "gradio").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(folder)
    os.environ["GRADIO_EXAMPLES_CACHE"] = str(folder / "examples")
    return folder


def main() -> None:
    import uvicorn
    from rich.console import Console
    from rich.progress import Progress

    from assistant.service import Service

    config = Config.from_env()
    gradio_folder_of(config)
    console = Console(stderr=True)
    console.print(f"report-qa: data in {config.data_dir}")
    service = Service(config)
    if not service.store.reports():
        with Progress(console=console) as progress:
            task = progress.add_task("indexing the bundled reports", total=1.0)
            service.ingest_bundled_if_empty(lambda done, what: progress.update(task, completed=done, description=what))
    app = create_app(service, config)
    if not config.api_token and config.host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"report-qa: warning: listening on {config.host} without REPORTQA_API_TOKEN: anyone who "
                      "reaches this port can ask and upload")
    console.print(f"report-qa: ready on http://{config.host}:{config.port}  (API docs: /docs)")
    try:
        # a stuck request must not hold up a SIGTERM for long
        uvicorn.run(app, host=config.host, port=config.port, log_level="warning", timeout_graceful_shutdown=3)
    finally:
        service.close()


if __name__ == "__main__":
    main()
