// Admin analytics: revenue, utilization and moderation charts, success rate, and the exports.
import { api, download } from "../api.js";
import { load, problem } from "../components.js";
import { h, mount } from "../dom.js";
import { barChart } from "../chart.js";
import { figures } from "../figures.js";
import { money, shortDay, t } from "../i18n.js";

const percent = (v) => `${(v * 100).toFixed(0)} %`;
const CHARTS = [ // name, path, points from the answer, value format
  ["revenue", "/api/admin/analytics/revenue?period=day",
    (d) => d.series.map((r) => ({ label: shortDay(r.period_start), value: r.gross_cents })), (v) => money(v)],
  ["utilization", "/api/admin/analytics/utilization",
    (d) => d.models.map((r) => ({ label: r.display_name, value: r.utilization || 0 })), percent],
  ["moderation", "/api/admin/moderation/analytics",
    (d) => d.by_category_action.map((r) => ({ label: `${t(`moderation.category.${r.category}`)} · ${t(`moderation.action.${r.action}`)}`, value: r.count })), String],
];
const EXPORTS = ["bookings", "payments", "earnings"];

export async function render(root) {
  const out = h("div", { "aria-live": "polite" });
  const success = h("div", {});
  const charts = CHARTS.map(([name]) => h("section", { class: "card stack", "data-chart": name }, h("h2", {}, t(`analytics.${name}`))));
  mount(root, h("h1", {}, t("nav.admin_analytics")),
    h("section", { class: "card stack" }, h("h2", {}, t("analytics.exports")),
      h("div", { class: "actions" }, EXPORTS.flatMap((name) => ["csv", "xlsx"].map((ext) =>
        h("button", { type: "button", class: "secondary", onclick: () => download(`/api/admin/export/${name}.${ext}`, `${name}.${ext}`).catch((e) => mount(out, problem(e))) },
          `${t(`analytics.export_${name}`)} (.${ext})`)))), out),
    h("section", { class: "card stack" }, h("h2", {}, t("analytics.success_rate")), success),
    h("div", { class: "stack" }, charts));
  const rate = await load(success, api("/api/admin/analytics/success-rate"));
  if (rate) mount(success, figures(rate));
  await Promise.all(CHARTS.map(async ([name, path, toPoints, format], i) => {
    const box = h("div", {});
    charts[i].append(box);
    const data = await load(box, api(path));
    if (!data) return;
    const points = toPoints(data);
    mount(box, points.length ? barChart(t(`analytics.${name}`), points, format) : h("p", { class: "muted" }, t("analytics.empty")));
  }));
}
