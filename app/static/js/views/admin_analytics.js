// Admin analytics: revenue, utilization and moderation charts, success rate, and the exports.
import { api, download } from "../api.js";
import { load, problem } from "../components.js";
import { h, mount } from "../dom.js";
import { barChart } from "../chart.js";
import { figures } from "../figures.js";
import { lang, money, shortDay, t } from "../i18n.js";

const decimals = (x) => (String(Number(x.toPrecision(6))).split(".")[1] || "").length;
const percent = (v, step = 0.001) => new Intl.NumberFormat(lang(), { style: "percent",
  maximumFractionDigits: Math.min(2, decimals(step * 100)) }).format(v);
const wholeMoney = (v) => new Intl.NumberFormat(lang(), { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(v / 100);
const hours = (minutes) => new Intl.NumberFormat(lang(), { maximumFractionDigits: 1 }).format(minutes / 60);
const CHARTS = [ // name, path, points from the answer, chart options
  ["revenue", "/api/admin/analytics/revenue?period=day",
    (d) => d.series.map((r) => ({ label: shortDay(r.period_start), value: r.gross_cents })),
    () => ({ format: (v) => money(v), tick: (v, step) => (step >= 100 ? wholeMoney(v) : money(v)),
      axis: t("analytics.axis_revenue"), columns: [t("analytics.col_day"), t("analytics.col_gross")] })],
  ["utilization", "/api/admin/analytics/utilization",
    (d) => d.models.map((r) => ({ label: r.display_name, value: r.utilization,
      detail: t("analytics.hours", { booked: hours(r.booked_minutes), offered: hours(r.available_minutes) }) })),
    () => ({ format: (v) => percent(v), tick: percent, categories: true, axis: t("analytics.axis_utilization"),
      columns: [t("analytics.col_model"), t("analytics.col_utilization"), t("analytics.col_hours")] })],
  ["moderation", "/api/admin/moderation/analytics",
    (d) => d.by_category_action.map((r) => ({ label: `${t(`moderation.category.${r.category}`)} · ${t(`moderation.action.${r.action}`)}`, value: r.count })),
    () => ({ categories: true, integer: true, axis: t("analytics.axis_moderation"),
      columns: [t("analytics.col_category"), t("analytics.col_messages")] })],
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
  await Promise.all(CHARTS.map(async ([name, path, toPoints, options], i) => {
    const box = h("div", {});
    charts[i].append(box);
    const data = await load(box, api(path));
    if (!data) return;
    const points = toPoints(data);
    mount(box, points.length ? barChart(t(`analytics.${name}`), points, options()) : h("p", { class: "muted" }, t("analytics.empty")));
  }));
}
