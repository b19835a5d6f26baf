// Renders a JSON object of figures (earnings, dashboards, receipts) as a definition list.
import { h } from "./dom.js";
import { dateTime, money, t } from "./i18n.js";

function format(key, value, currency) {
  if (key.endsWith("_at")) return dateTime(value);
  if (key === "status") return t(`booking.status.${value}`);
  if (typeof value === "number" && key.endsWith("_cents")) return money(value, currency);
  if (typeof value === "number" && /(rate|utilization|share)$/.test(key)) return `${(value * 100).toFixed(1)} %`;
  return String(value);
}

export function figures(data) {
  const currency = data.currency || "USD";
  const flat = Object.entries(data).filter(([k, v]) => v !== null && typeof v !== "object"
    && !["model_id", "client_id", "currency", "period", "from", "to"].includes(k));
  return h("dl", { class: "figures" }, flat.map(([key, value]) => h("div", {},
    h("dt", {}, t(`figure.${key}`).startsWith("figure.") ? key.replaceAll("_", " ") : t(`figure.${key}`)),
    h("dd", {}, format(key, value, currency)))));
}
