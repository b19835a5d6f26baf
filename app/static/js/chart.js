// Bar charts as inline SVG (no chart library), with the numbers also in a visually hidden table.
import { h } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

/** `points`: [{label, value}]; `format` turns a value into text. */
export function barChart(title, points, format = String) {
  const width = 640;
  const height = 240;
  const pad = 28;
  const max = Math.max(1, ...points.map((p) => p.value));
  const min = Math.min(0, ...points.map((p) => p.value)); // refunds can make a day negative
  const scale = (height - 2 * pad) / (max - min);
  const zero = height - pad + min * scale;
  const step = (width - pad) / Math.max(1, points.length);
  const every = Math.ceil(points.length / 7); // at most seven labels on the axis
  const bars = points.map((p, i) => {
    const x = pad + i * step + step * 0.15;
    return svg("g", {},
      svg("rect", { x, y: Math.min(zero, zero - p.value * scale), width: step * 0.7, height: Math.abs(p.value) * scale,
        rx: 3, class: p.value < 0 ? "bar negative" : "bar" },
      svg("title", {}, `${p.label}: ${format(p.value)}`)),
      i % every === 0 ? svg("text", { x: x + step * 0.35, y: height - 8, "text-anchor": "middle", class: "axis" }, String(p.label).slice(0, 12)) : "");
  });
  return h("figure", { class: "chart" },
    svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title },
      svg("line", { x1: pad, y1: zero, x2: width, y2: zero, class: "axis-line" }),
      svg("text", { x: pad, y: 14, class: "axis" }, format(max)), ...bars),
    h("figcaption", {}, title),
    h("table", { class: "visually-hidden" }, h("tbody", {}, points.map((p) => h("tr", {}, h("th", {}, p.label), h("td", {}, format(p.value)))))));
}

