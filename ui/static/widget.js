// The widget's chat: POST /api/ask, then build the answer from text nodes only (no HTML parsing),
// so nothing from a question or a report can become markup.
"use strict";
(function () {
  const body = document.body;
  const api = body.dataset.api;
  const log = document.getElementById("log");
  const form = document.getElementById("ask");
  const input = document.getElementById("q");
  const send = document.getElementById("send");
  const history = [];

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function renderAnswer(a) {
    const box = el("div", a.found ? "a" : "a notfound");
    // one figure leads the answer: the computed one (a share, a total) or the cell; the value
    // comes written by the server (Figure.shown), so qualifiers sit where the report puts them
    const one = ["figure", "compare", "share", "multiple", "total", "yesno"].includes(a.route);
    const computed = a.figures.filter(function (f) { return f.computed; });
    const main = a.found && one && a.figures.length
      ? (computed.length && a.route !== "figure" ? computed[computed.length - 1] : a.figures[0])
      : null;
    if (main) {
      const fig = el("div", "fig");
      fig.append(el("div", "v", main.shown), el("div", "l", main.label + " · " + main.year + "年"));
      box.append(fig);
    }
    if (a.interpretation) box.append(el("div", "interp", "我的理解：" + a.interpretation));
    box.append(el("div", "text", a.answer));
    if (a.citations.length) {
      const list = el("ol", "src");
      a.citations.forEach(function (c, i) {
        const item = el("li");
        const det = el("details");
        det.append(el("summary", null, "[" + (i + 1) + "] " + c.title));
        if (c.quote) det.append(el("div", "quote", c.quote));
        det.append(el("div", "meta", "报告：" + c.title + "（" + c.year + "年）"));
        det.append(el("div", "meta", "文件：" + c.source));
        const where = [c.section, c.locator].filter(Boolean).join("，");
        if (where) det.append(el("div", "meta", "位置：" + where));
        item.append(det);
        list.append(item);
      });
      box.append(el("div", "meta", a.found ? "出处（点击展开）" : "语料中的报告"), list);
    }
    if (a.suggestions && a.suggestions.length) {
      box.append(el("div", "meta", "您可以这样问："));
      const ul = el("ul", "sug");
      a.suggestions.forEach(function (s) { ul.append(el("li", null, s)); });
      box.append(ul);
    }
    return box;
  }

  async function ask(question) {
    question = question.trim();
    if (!question) return;
    log.append(el("div", "q", question));
    const wait = el("div", "a", "正在查找……");
    log.append(wait);
    log.scrollTop = log.scrollHeight;
    send.disabled = true;
    try {
      const resp = await fetch(api, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question: question, history: history.slice(-10) }),
      });
      const data = await resp.json();
      if (!resp.ok) {
        wait.replaceWith(el("div", "a error", (data.error && data.error.message) || "请求失败，请稍后再试。"));
      } else {
        wait.replaceWith(renderAnswer(data));
        history.push(question);
      }
    } catch (e) {
      wait.replaceWith(el("div", "a error", "网络错误，请稍后再试。"));
    } finally {
      send.disabled = false;
      log.scrollTop = log.scrollHeight;
    }
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    const q = input.value;
    input.value = "";
    ask(q);
  });
  document.querySelectorAll(".examples button").forEach(function (b) {
    b.addEventListener("click", function () { ask(b.dataset.q); });
  });
})();
