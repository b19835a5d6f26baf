// Bar charts as SVG drawn at the box's own pixel width (decision 0095): value axis with ticks,
// every label whole (wrapped, never cut), the value on hover and on keyboard focus, and the same
// numbers in a table under a <details>. Only CSSOM styles (the tooltip's position): the page's
// CSP allows no style attributes.
import { h } from "./dom.js";
import { t } from "./i18n.js";

const NS = "http://www.w3.org/2000/svg";
const FONT = 13; // px, as `.chart .axis` in app.css
const LINE = 16;
const BAR = 18;

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

let measurer;
function textWidth(text, family) {
  measurer = measurer || document.createElement("canvas").getContext("2d");
  measurer.font = `${FONT}px ${family}`;
  return measurer.measureText(text).width;
}

/** Words into lines no wider than `width`; a word longer than a line is split, never dropped. */
function wrap(text, width, family) {
  const lines = [];
  let line = "";
  for (const word of String(text).split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (textWidth(rest, family) > width && rest.length > 1) {
      let n = rest.length - 1;
      while (n > 1 && textWidth(rest.slice(0, n), family) > width) n -= 1;
      if (line) { lines.push(line); line = ""; }
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    const joined = line ? `${line} ${rest}` : rest;
    if (line && textWidth(joined, family) > width) { lines.push(line); line = rest; } else line = joined;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

/** Round steps (1, 2, 2.5, 5 × 10ⁿ) covering [lo, hi] in about `count` ticks. */
export function niceTicks(lo, hi, count, integer = false) {
  if (hi <= lo) hi = lo + (integer ? 1 : Math.abs(lo) || 1);
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw && (!integer || Number.isInteger(s)));
  if (integer) step = Math.max(1, Math.round(step || 1));
  const first = Math.floor(lo / step);
  const last = Math.ceil(hi / step);
  const values = [];
  for (let i = first; i <= last; i += 1) values.push(Number((i * step).toPrecision(12)));
  return { step, values };
}

/** Above a column's middle, or above a row's bar end. */
function tooltip(plot, tip, datum, text, atEnd) {
  const show = () => {
    tip.replaceChildren(...text.map((line, i) => h(i ? "span" : "strong", {}, line)));
    tip.hidden = false;
    const box = datum.querySelector(".bar").getBoundingClientRect();
    const frame = plot.getBoundingClientRect();
    const left = atEnd ? box.right - frame.left + 4 : box.left - frame.left + box.width / 2 - tip.offsetWidth / 2;
    tip.style.left = `${Math.max(0, Math.min(frame.width - tip.offsetWidth, left))}px`;
    tip.style.top = `${Math.max(0, box.top - frame.top - tip.offsetHeight - 6)}px`;
  };
  const hide = () => { tip.hidden = true; };
  datum.addEventListener("pointerenter", show);
  datum.addEventListener("focus", show);
  datum.addEventListener("pointerleave", () => { if (document.activeElement !== datum) hide(); });
  datum.addEventListener("blur", hide);
}

/** One tab stop per chart; arrows, Home and End move between the bars. */
function keyboard(data) {
  data.forEach((d, i) => {
    d.setAttribute("tabindex", i === 0 ? "0" : "-1");
    d.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: data.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = data[Math.max(0, Math.min(data.length - 1, moves[event.key]))];
      data.forEach((x) => x.setAttribute("tabindex", x === next ? "0" : "-1"));
      next.focus();
    });
  });
}

/** The axis title, wrapped to the chart's width; `height` is where the plot may start. */
function heading(text, width, family) {
  const lines = wrap(text, width, family);
  return { height: lines.length * LINE + 10, node: svg("text", { x: 0, y: FONT, class: "axis unit" },
    ...lines.map((line, n) => svg("tspan", { x: 0, dy: n ? LINE : 0 }, line))) };
}

function datum(p, o) {
  const value = p.value === null ? t("chart.no_value") : o.format(p.value);
  const text = [p.label, value, ...(p.detail ? [p.detail] : [])];
  return svg("g", { class: "datum", role: "img", "aria-label": text.join(", "), "data-label": p.label, "data-value": value });
}

/** Time series: one column per period, value axis on the left. */
function columns(width, points, o, family) {
  const lo = Math.min(0, ...points.map((p) => p.value ?? 0));
  const hi = Math.max(0, ...points.map((p) => p.value ?? 0));
  const scale = niceTicks(lo, hi, 5, o.integer);
  const tickText = scale.values.map((v) => o.tick(v, scale.step));
  const left = Math.ceil(Math.max(...tickText.map((s) => textWidth(s, family)))) + 10;
  const title = heading(o.axis, width, family);
  const top = title.height + 4;
  const height = top + (width < 480 ? 200 : 240);
  const bottom = height - LINE - 10;
  const [min, max] = [scale.values[0], scale.values.at(-1)];
  const y = (v) => bottom - ((v - min) / (max - min)) * (bottom - top);
  const step = (width - left - 4) / points.length;
  const labelWidth = Math.max(...points.map((p) => textWidth(p.label, family))) + 16;
  const every = Math.ceil(labelWidth / step);
  const out = [title.node];
  scale.values.forEach((v, i) => out.push(
    svg("line", { x1: left, x2: width, y1: y(v), y2: y(v), class: v === 0 ? "axis-line" : "grid" }),
    svg("text", { x: left - 6, y: y(v) + FONT / 3, "text-anchor": "end", class: "axis tick" }, tickText[i])));
  const data = points.map((p, i) => {
    const x = left + i * step;
    const g = datum(p, o);
    const v = p.value ?? 0;
    g.append(svg("rect", { x, y: top, width: step, height: bottom - top, class: "hit" }),
      svg("rect", { x: x + step * 0.15, y: Math.min(y(0), y(v)), width: Math.max(1, step * 0.7),
        height: Math.abs(y(v) - y(0)), rx: 2, class: v < 0 ? "bar negative" : "bar" }));
    if (i % every === 0) {
      const half = textWidth(p.label, family) / 2;
      const cx = Math.max(left + half, Math.min(width - half - 1, x + step / 2));
      g.append(svg("text", { x: cx, y: height - 6, "text-anchor": "middle", class: "axis label" }, p.label));
    }
    return g;
  });
  return { height, nodes: [...out, ...data], data };
}

/** Categories: one bar per row, the whole label beside it (wrapped), the value at the bar's end. */
function rows(width, points, o, family) {
  const labelColumn = Math.min(Math.max(...points.map((p) => textWidth(p.label, family))) + 4, width * 0.4);
  const valueText = points.map((p) => (p.value === null ? t("chart.no_value") : o.format(p.value)));
  const right = Math.ceil(Math.max(...valueText.map((s) => textWidth(s, family)))) + 10;
  const left = labelColumn + 10;
  const scale = niceTicks(0, Math.max(0, ...points.map((p) => p.value ?? 0)), Math.max(3, Math.floor((width - left - right) / 90)), o.integer);
  const max = scale.values.at(-1);
  const x = (v) => left + (v / max) * (width - left - right);
  const title = heading(o.axis, width, family);
  const top = title.height;
  const out = [title.node];
  let cursor = top + 4;
  const data = points.map((p, i) => {
    const lines = wrap(p.label, labelColumn, family);
    const rowHeight = Math.max(BAR + 10, lines.length * LINE + 8);
    const mid = cursor + rowHeight / 2;
    const g = datum(p, o);
    const end = x(p.value ?? 0);
    g.append(svg("rect", { x: 0, y: cursor, width, height: rowHeight, class: "hit" }),
      svg("text", { x: 0, y: mid - ((lines.length - 1) * LINE) / 2 + FONT / 3, class: "axis label" },
        ...lines.map((line, n) => svg("tspan", { x: 0, dy: n ? LINE : 0 }, line))),
      svg("rect", { x: left, y: mid - BAR / 2, width: Math.max(p.value ? 2 : 0, end - left), height: BAR, rx: 2, class: "bar" }),
      svg("text", { x: end + 6, y: mid + FONT / 3, class: "axis value" }, valueText[i]));
    cursor += rowHeight;
    return g;
  });
  const bottom = cursor + 4;
  scale.values.forEach((v) => {
    const tick = o.tick(v, scale.step);
    const half = textWidth(tick, family) / 2;
    out.push(svg("line", { x1: x(v), x2: x(v), y1: top, y2: bottom, class: v === 0 ? "axis-line" : "grid" }),
      svg("text", { x: Math.min(width - half - 1, x(v)), y: bottom + LINE, "text-anchor": "middle", class: "axis tick" }, tick));
  });
  return { height: bottom + LINE + 6, nodes: [...out, ...data], data };
}

/**
 * `points`: [{label, value (null: none), detail?}]. Options: `format` (value → text), `tick`
 * ((value, step) → text, default `format`), `axis` (what the values are, with their unit),
 * `columns` ([label header, value header]), `categories` (rows with labels, not periods),
 * `integer` (counts: whole ticks).
 */
export function barChart(title, points, options = {}) {
  const o = { format: String, axis: "", columns: [title, options.axis || title], categories: false, integer: false, ...options };
  o.tick = o.tick || ((v) => o.format(v));
  const tip = h("div", { class: "chart-tip", hidden: true, "aria-hidden": "true" });
  const plot = h("div", { class: "chart-plot" }, tip);
  let drawn = 0;
  const draw = () => {
    const width = Math.floor(plot.clientWidth);
    if (!width || width === drawn) return;
    drawn = width;
    const family = getComputedStyle(plot).fontFamily;
    const { height, nodes, data } = (o.categories ? rows : columns)(width, points, o, family);
    const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "group", "aria-label": title }, ...nodes);
    data.forEach((d, i) => tooltip(plot, tip, d, [points[i].label, d.dataset.value, ...(points[i].detail ? [points[i].detail] : [])], o.categories));
    keyboard(data);
    plot.querySelector("svg")?.remove();
    plot.prepend(chart);
  };
  new ResizeObserver(draw).observe(plot);
  const detail = o.columns.length > 2;
  return h("figure", { class: "chart" },
    plot,
    h("details", { class: "chart-table" }, h("summary", {}, t("chart.table")),
      h("div", { class: "table-wrap" }, h("table", {},
        h("caption", { class: "visually-hidden" }, title),
        h("thead", {}, h("tr", {}, o.columns.map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, points.map((p) => h("tr", {},
          h("th", { scope: "row" }, p.label),
          h("td", { "data-value": p.value === null ? "" : String(p.value) }, p.value === null ? t("chart.no_value") : o.format(p.value)),
          detail ? h("td", {}, p.detail || "") : null)))))));
}
