// The widget's chat: POST /api/ask, then build the answer from text nodes only (no HTML parsing),
// so nothing from a question or a report can become markup. Charts are SVG built node by node.
"use strict";
(function () {
  const body = document.body;
  const api = body.dataset.api;
  const log = document.getElementById("log");
  const form = document.getElementById("ask");
  const input = document.getElementById("q");
  const send = document.getElementById("send");
  const clear = document.getElementById("clear");
  const welcome = Array.from(log.childNodes);  // the hint and the example questions
  const history = [];
  const SVG = "http://www.w3.org/2000/svg";
  const COUNTED = ["件", "项", "条", "篇", "次", "个", "人", "人次", "场", "期", "份", "家", ""];

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function num(v) {
    // as the answers write numbers: no trailing zeros, no thousands separators
    return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  }

  function ticks(top, unit) {
    if (!(top > 0)) return [0, 1];
    const raw = top / 4;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    let step = [1, 2, 5, 10].map(function (m) { return m * mag; }).find(function (s) { return s >= raw; });
    if (COUNTED.includes(unit)) step = Math.max(step, 1);
    const n = Math.ceil(top / step - 1e-9);
    const out = [];
    for (let i = 0; i <= n; i++) out.push(Math.round(i * step * 1e10) / 1e10);
    return out;
  }

  // a line by year or bars by body, y from 0, every label shown, each point's [n] source
  function renderChart(chart) {
    const pts = chart.points;
    const fig = el("figure", "chart");
    if (chart.title) fig.append(el("figcaption", null, chart.title));
    const w = 320;
    const ts = ticks(Math.max.apply(null, pts.map(function (p) { return p.value; })), chart.unit);
    const span = ts[ts.length - 1] || 1;
    let root;
    if (chart.kind === "line") {
      const h = 190, top = 26, bottom = h - 24;
      const y = function (v) { return bottom - (v / span) * (bottom - top); };
      const x = function (i) { return pts.length === 1 ? w / 2 : 28 + i * (w - 56) / (pts.length - 1); };
      root = svg("svg", { viewBox: "0 0 " + w + " " + h, role: "img", "aria-label": chart.title || "图" });
      ts.forEach(function (t) {
        root.append(svg("line", { x1: 0, x2: w, y1: y(t), y2: y(t), stroke: "#d0d7de" }));
        root.append(svg("text", { x: 0, y: y(t) - 3, "font-size": 10, fill: "#57606a" }, num(t)));
      });
      root.append(svg("text", { x: w, y: 10, "font-size": 10, fill: "#57606a", "text-anchor": "end" },
        "单位：" + (chart.unit || "—")));
      for (let i = 0; i + 1 < pts.length; i++) {
        root.append(svg("line", { x1: x(i), y1: y(pts[i].value), x2: x(i + 1), y2: y(pts[i + 1].value),
          stroke: "#1f6feb", "stroke-width": 2.5 }));
      }
      pts.forEach(function (p, i) {
        const g = svg("g", { class: "pt" });
        g.append(svg("title", {}, p.label + "：" + num(p.value) + chart.unit + (p.citation ? "（出处[" + p.citation + "]）" : "")));
        g.append(svg("circle", { cx: x(i), cy: y(p.value), r: 4.5, fill: "#fff", stroke: "#1f6feb", "stroke-width": 2.5 }));
        root.append(g);
        root.append(svg("text", { x: x(i), y: y(p.value) - 9, "font-size": 11, "font-weight": 600,
          fill: "#0b3d91", "text-anchor": "middle" }, num(p.value) + (p.citation ? "[" + p.citation + "]" : "")));
        root.append(svg("text", { x: x(i), y: h - 6, "font-size": 11, fill: "#1f2328", "text-anchor": "middle" }, p.label));
      });
    } else {
      const row = 38;
      const h = row * pts.length + 4;
      root = svg("svg", { viewBox: "0 0 " + w + " " + h, role: "img", "aria-label": chart.title || "图" });
      pts.forEach(function (p, i) {
        const t = i * row;
        const bw = Math.max(p.value / span * (w * 0.72), 1.5);
        root.append(svg("text", { x: 0, y: t + 12, "font-size": 11, fill: "#1f2328" }, p.label));
        root.append(svg("rect", { x: 0, y: t + 17, width: bw, height: 13, rx: 2, fill: "#1f6feb" }));
        root.append(svg("text", { x: bw + 4, y: t + 28, "font-size": 11, "font-weight": 600, fill: "#0b3d91" },
          num(p.value) + chart.unit + (p.citation ? "[" + p.citation + "]" : "")));
      });
    }
    fig.append(root);
    return fig;
  }

  function suggestionButtons(items, cls) {
    const box = el("div", cls);
    items.forEach(function (s) {
      const b = el("button", "ex", s);
      b.type = "button";
      b.addEventListener("click", function () { ask(s); });
      box.append(b);
    });
    return box;
  }

  function renderAnswer(a) {
    const box = el("div", a.found ? "a" : "a notfound");
    // one figure leads the answer: the computed one (a share, a total) or the cell; the value
    // comes written by the server (Figure.shown), so qualifiers sit where the report puts them
    const one = ["figure", "compare", "share", "multiple", "total", "yesno"].includes(a.route);
    const computed = a.figures.filter(function (f) { return f.computed; });
    const many = a.route === "figure" && a.parse && (a.parse.metrics || []).length > 1;
    const main = a.found && one && a.figures.length && !many
      ? (computed.length ? computed[computed.length - 1] : a.figures[0])
      : null;
    let text = a.answer;
    if (main) {
      const fig = el("div", "fig");
      fig.append(el("div", "v", main.shown), el("div", "l", main.label),
        el("div", "b", main.body + " · " + main.year + "年"));
      box.append(fig);
      // the figure is shown once: on the card, not again as the answer's first words
      if (text.indexOf(main.shown + "。") === 0) text = text.slice(main.shown.length + 1);
    }
    if (a.interpretation) box.append(el("div", "interp", "我的理解：" + a.interpretation));
    box.append(el("div", "text", text));
    if (a.chart && a.found && a.chart.points.length) box.append(renderChart(a.chart));
    if (a.citations.length) {
      const list = el("ol", "src");
      a.citations.forEach(function (c, i) {
        const item = el("li");
        const det = el("details");
        det.append(el("summary", null, "[" + (i + 1) + "] " + c.title));
        if (c.quote) det.append(el("div", "quote", c.quote));
        det.append(el("div", "meta", "报告：" + c.title + "（" + c.year + "年）"));
        const where = [c.section, c.locator].filter(Boolean).join("，");
        if (where) det.append(el("div", "meta", "位置：" + where));
        det.append(el("div", "meta", "文件：" + c.source));
        if (c.url) {
          const link = el("a", "view", "查看原文（标出引用处）");
          link.href = c.url;
          link.target = "_blank";
          link.rel = "noopener";
          det.append(link);
        }
        item.append(det);
        list.append(item);
      });
      box.append(el("div", "meta", a.found ? "出处（点击展开）" : "语料中的报告"), list);
    }
    if (a.suggestions && a.suggestions.length) {
      box.append(el("div", "meta", "您可以这样问（点击即问）："));
      box.append(suggestionButtons(a.suggestions, "sug"));
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
  clear.addEventListener("click", function () {
    // a new conversation: the earlier questions no longer steer follow-ups
    history.length = 0;
    log.replaceChildren.apply(log, welcome);
    input.value = "";
    input.focus();
  });
})();
