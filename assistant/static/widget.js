/* 报告问答 report-qa chat bubble. Embed with:
 *   <script src="https://QA-HOST/widget.js" data-title="报告问答" data-token="(optional API token)"></script>
 * It talks to QA-HOST/api/ask, or to the app named by data-app="https://QA-HOST" when given; the portal's origin
 * must be listed in REPORTQA_CORS_ORIGINS. Answers are shown as HTML built from their markdown (tables, lists,
 * **bold**, http(s) links, line breaks) with createElement and textContent only: no text ever becomes markup. */
(function () {
  "use strict";

  // --- an answer's markdown → DOM ------------------------------------------------------------------------------
  var TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;  // |---|---| under a table's header
  var ITEM = /^\s*(?:[-•*]|(\d+)\.)\s+(.*)$/;                           // "- a", "• a", "1. a"
  var INLINE = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^()\s]+)\)|https?:\/\/[^\s<>"'“”‘’，。；：、！？（）《》【】]+/;
  var URL_TAIL = /[.,;:!?'")\]]+$/;                                    // a sentence's punctuation after a bare URL
  var NUMBER = /^[-+]?\d[\d,.]*\s*%?\s*[^\s\d]{0,2}$/;                 // "79", "48686件", "3.5%", "1,234 万元"

  function el(tag, parent, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  function words(parent, value) {
    if (value) parent.appendChild(document.createTextNode(value));
  }

  function link(parent, label, href, original) {
    // only http(s) addresses become links: javascript:, data: and the rest stay text as written
    if (!/^https?:\/\/[^\/\s]/i.test(href)) return words(parent, original);
    var a = el("a", parent, label);
    a.href = href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
  }

  function inline(parent, line) {
    var pattern = new RegExp(INLINE.source, "g"), at = 0, m;  // a fresh pattern: bold text recurses
    while ((m = pattern.exec(line))) {
      var whole = m[0];
      words(parent, line.slice(at, m.index));
      if (m[1] !== undefined) {
        inline(el("strong", parent), m[1]);
      } else if (m[2] !== undefined) {
        link(parent, m[2], m[3], whole);
      } else {
        whole = whole.replace(URL_TAIL, "");  // the tail is text, taken with what follows
        link(parent, whole, whole, whole);
      }
      at = m.index + whole.length;
      pattern.lastIndex = at;
    }
    words(parent, line.slice(at));
  }

  function cells(line) {
    return line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map(function (cell) { return cell.trim(); });
  }

  function table(parent, lines) {  // lines: the header, the rule, the rows
    var wrap = el("div", parent);
    wrap.className = "reportqa-table";
    var grid = el("table", wrap);
    var head = el("tr", el("thead", grid));
    var body = el("tbody", grid);
    cells(lines[0]).forEach(function (cell) { inline(el("th", head), cell); });
    lines.slice(2).forEach(function (line) {
      var row = el("tr", body);
      cells(line).forEach(function (cell) {
        var td = el("td", row);
        if (NUMBER.test(cell)) td.className = "num";
        inline(td, cell);
      });
    });
  }

  /** The answer's markdown as a DocumentFragment: blank lines part paragraphs, single line breaks stay. */
  function render(markdown) {
    var root = document.createDocumentFragment();
    var lines = String(markdown == null ? "" : markdown).replace(/\r\n?/g, "\n").split("\n");
    var paragraph = null, list = null;
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i], item = ITEM.exec(line);
      if (/^\s*\|/.test(line) && TABLE_RULE.test(lines[i + 1] || "")) {
        var end = i + 2;
        while (end < lines.length && /^\s*\|/.test(lines[end])) end++;
        table(root, lines.slice(i, end));
        i = end - 1;
        paragraph = list = null;
      } else if (item) {
        var kind = item[1] ? "ol" : "ul";
        if (!list || list.tagName.toLowerCase() !== kind) list = el(kind, root);
        var li = el("li", list);
        if (item[1]) li.value = Number(item[1]);  // the server's numbering (ties share a rank)
        inline(li, item[2]);
        paragraph = null;
      } else if (!line.trim()) {
        paragraph = list = null;
      } else {
        if (paragraph) el("br", paragraph);
        else paragraph = el("p", root);
        inline(paragraph, line);
        list = null;
      }
    }
    return root;
  }

  window.ReportQA = {render: render};

  // --- the bubble ------------------------------------------------------------------------------------------------
  var script = document.currentScript;
  var app = script.getAttribute("data-app");
  var base = app ? new URL(app, location.href).href.replace(/\/+$/, "") : new URL(script.src).origin;
  var title = script.getAttribute("data-title") || "报告问答";
  var token = script.getAttribute("data-token");
  var key = "reportqa-session";
  var session = sessionStorage.getItem(key);
  if (!session) {
    session = "w-" + Math.random().toString(36).slice(2) + Date.now().toString(36);
    sessionStorage.setItem(key, session);
  }
  var css = "#reportqa-bubble{position:fixed;right:24px;bottom:24px;width:56px;height:56px;border-radius:50%;" +
    "background:#b71c1c;color:#fff;border:none;font-size:22px;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3);z-index:9999}" +
    "#reportqa-panel{position:fixed;right:24px;bottom:90px;width:380px;max-height:520px;display:none;flex-direction:column;" +
    "background:#fff;border:1px solid #ccc;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.25);z-index:9999;" +
    "font:14px/1.5 sans-serif}#reportqa-panel header{background:#b71c1c;color:#fff;padding:8px 12px;border-radius:8px 8px 0 0}" +
    "#reportqa-messages{flex:1;overflow:auto;padding:8px 12px}#reportqa-messages .q{text-align:right;color:#333;margin:6px 0}" +
    "#reportqa-messages .a{background:#f5f5f5;border-radius:6px;padding:6px 8px;margin:6px 0;overflow-wrap:anywhere}" +
    "#reportqa-messages .a p{margin:0 0 6px}#reportqa-messages .a>:last-child{margin-bottom:0}" +
    "#reportqa-messages .a ul,#reportqa-messages .a ol{margin:0 0 6px;padding-left:20px}" +
    "#reportqa-messages .reportqa-table{overflow-x:auto;margin:0 0 6px}" +
    "#reportqa-messages table{border-collapse:collapse;font-size:13px;background:#fff}" +
    "#reportqa-messages th,#reportqa-messages td{border:1px solid #ccc;padding:2px 6px;text-align:left;overflow-wrap:normal}" +
    "#reportqa-messages th{background:#eee}#reportqa-messages td.num,#reportqa-messages td:first-child{white-space:nowrap}#reportqa-messages td.num{text-align:right}" +
    "#reportqa-messages .src{color:#666;font-size:12px}#reportqa-messages .warn{color:#a15c00;font-size:12px}" +
    "#reportqa-messages .reading{color:#888;font-size:11px}" +
    "#reportqa-messages .chips button{border:1px solid #b71c1c;background:#fff;color:#b71c1c;border-radius:12px;" +
    "padding:1px 8px;margin:2px 4px 2px 0;font-size:12px;cursor:pointer}" +
    "#reportqa-form{display:flex;border-top:1px solid #ddd}#reportqa-input{flex:1;border:none;padding:10px}" +
    "#reportqa-send{border:none;background:#b71c1c;color:#fff;padding:0 14px;cursor:pointer}";
  var style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);
  var bubble = document.createElement("button");
  bubble.id = "reportqa-bubble";
  bubble.title = title;
  bubble.textContent = "问";
  var panel = document.createElement("div");
  panel.id = "reportqa-panel";
  panel.innerHTML = '<header></header><div id="reportqa-messages"></div>' +
    '<form id="reportqa-form"><input id="reportqa-input" autocomplete="off" placeholder="例如：洛宁县2020年收到多少申请？">' +
    '<button id="reportqa-send" type="submit">发送</button></form>';
  panel.querySelector("header").textContent = title;
  document.body.appendChild(panel);
  document.body.appendChild(bubble);
  var messages = panel.querySelector("#reportqa-messages");
  function add(cls, text) {
    var div = document.createElement("div");
    div.className = cls;
    div.textContent = text;
    messages.appendChild(div);
    messages.scrollTop = messages.scrollHeight;
    return div;
  }
  bubble.addEventListener("click", function () {
    panel.style.display = panel.style.display === "flex" ? "none" : "flex";
    if (panel.style.display === "flex") panel.querySelector("#reportqa-input").focus();
  });
  function chips(options) {  // one-click changes of the reading: each asks its follow-up as the next turn
    if (!options || !options.length) return;
    var row = add("chips", "");
    options.forEach(function (option) {
      var chip = el("button", row, option.label);  // text, never markup
      chip.type = "button";
      chip.addEventListener("click", function () { ask(option.question); });
    });
  }
  function ask(question) {
    add("q", question);
    var pending = add("a", "…");
    var headers = {"Content-Type": "application/json"};
    if (token) headers["Authorization"] = "Bearer " + token;
    fetch(base + "/api/ask", {method: "POST", headers: headers,
                              body: JSON.stringify({question: question, session_id: session})})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.error) { pending.textContent = data.error; return; }
        pending.textContent = "";
        pending.appendChild(render(data.answer));
        (data.warnings || []).forEach(function (w) { add("warn", "⚠ " + w); });
        if (data.reading && data.reading.text) add("reading", data.reading.text);
        chips(data.reading && data.reading.options);
        messages.scrollTop = messages.scrollHeight;
      })
      .catch(function () { pending.textContent = "服务暂时不可用 / service unavailable"; });
  }
  panel.querySelector("#reportqa-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = panel.querySelector("#reportqa-input");
    var question = input.value.trim();
    if (!question) return;
    input.value = "";
    ask(question);
  });
})();
