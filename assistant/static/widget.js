/* 报告问答 report-qa chat bubble. Embed with:
 *   <script src="https://QA-HOST/widget.js" data-title="报告问答" data-token="(optional API token)"></script>
 * It talks to QA-HOST/api/ask; the portal's origin must be listed in REPORTQA_CORS_ORIGINS. */
(function () {
  var script = document.currentScript;
  var base = new URL(script.src).origin;
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
    "#reportqa-messages .a{background:#f5f5f5;border-radius:6px;padding:6px 8px;margin:6px 0;white-space:pre-wrap}" +
    "#reportqa-messages .src{color:#666;font-size:12px}#reportqa-messages .warn{color:#a15c00;font-size:12px}" +
    "#reportqa-messages .reading{color:#888;font-size:11px}" +
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
  panel.querySelector("#reportqa-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = panel.querySelector("#reportqa-input");
    var question = input.value.trim();
    if (!question) return;
    input.value = "";
    add("q", question);
    var pending = add("a", "…");
    var headers = {"Content-Type": "application/json"};
    if (token) headers["Authorization"] = "Bearer " + token;
    fetch(base + "/api/ask", {method: "POST", headers: headers,
                              body: JSON.stringify({question: question, session_id: session})})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.error) { pending.textContent = data.error; return; }
        pending.textContent = data.answer;
        (data.warnings || []).forEach(function (w) { add("warn", "⚠ " + w); });
        if (data.reading && data.reading.text) add("reading", data.reading.text);
      })
      .catch(function () { pending.textContent = "服务暂时不可用 / service unavailable"; });
  });
})();
