// Admin analytics: revenue, utilization and moderation charts, and the exports.
import { api, download } from "../api.js";
import { load, problem } from "../components.js";
import { h, mount } from "../dom.js";
import { barChart, toPoints } from "../chart.js";
import { money, t } from "../i18n.js";

const CHARTS = [
  ["revenue", "/api/admin/analytics/revenue?period=day", (v, key) => (key.endsWith("_cents") ? money(v) : String(v))],
  ["utilization", "/api/admin/analytics/utilization", (v) => (v <= 1 ? `${(v * 100).toFixed(0)} %` : String(v))],
  ["moderation", "/api/admin/analytics/moderation", (v) => String(v)],
];
const EXPORTS = ["bookings", "payments", "earnings"];

export async function render(root) {
  const out = h("div", { "aria-live": "polite" });
  const charts = CHARTS.map(([name]) => h("section", { class: "card stack", "data-chart": name }, h("h2", {}, t(`analytics.${name}`))));
  mount(root, h("h1", {}, t("nav.admin_analytics")),
    h("section", { class: "card stack" }, h("h2", {}, t("analytics.exports")),
      h("div", { class: "actions" }, EXPORTS.flatMap((name) => ["csv", "xlsx"].map((ext) =>
        h("button", { type: "button", class: "secondary", onclick: () => download(`/api/admin/export/${name}.${ext}`, `${name}.${ext}`).catch((e) => mount(out, problem(e))) },
          `${t(`analytics.export_${name}`)} (.${ext})`)))), out),
    h("div", { class: "grid-2" }, charts));
  await Promise.all(CHARTS.map(async ([name, path, format], i) => {
    const box = h("div", {});
    charts[i].append(box);
    const data = await load(box, api(path));
    if (!data) return;
    const points = toPoints(data);
    const key = points[0]?.key || "";
    mount(box, points.length ? barChart(t(`analytics.${name}`), points, (v) => format(v, key)) : h("p", { class: "muted" }, t("analytics.empty")));
  }));
}
