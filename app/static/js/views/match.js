// Smart match (GET /api/match): ranked model + slot pairs, each with the parts of its score.
import { api } from "../api.js";
import { load } from "../components.js";
import { field, formData, h, mount, status } from "../dom.js";
import { dateTime, t, viewerTimeZone } from "../i18n.js";

function localInput(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function result(item) {
  const model = item.model || {};
  const slot = item.slot || item;
  const parts = item.parts || item.score_parts || {};
  return h("li", { class: "card stack" },
    h("h2", {}, h("a", { href: `#/models/${model.id ?? item.model_id}` }, model.display_name || `#${item.model_id}`)),
    h("p", {}, dateTime(slot.start), " · ", t("match.score", { score: Number(item.score).toFixed(2) })),
    h("dl", { class: "parts" }, Object.entries(parts).map(([name, value]) =>
      [h("dt", {}, t(`match.part.${name}`)), h("dd", {}, Number(value).toFixed(2))])));
}

export async function render(root) {
  const now = new Date();
  const list = h("ol", { class: "stack", "aria-live": "polite" });
  const form = h("form", { class: "filters", onsubmit: async (event) => {
    event.preventDefault();
    const data = formData(form);
    const params = new URLSearchParams({ from: new Date(data.from).toISOString(), to: new Date(data.to).toISOString(),
      duration: data.duration, tz: viewerTimeZone() });
    if (data.budget) params.set("max_price", String(Math.round(Number(data.budget) * 100)));
    if (data.language) params.set("language", data.language);
    for (const tag of (data.tags || "").split(",").map((x) => x.trim()).filter(Boolean)) params.append("tags", tag);
    if (data.online) params.set("online", "true");
    const found = await load(list, api(`/api/match?${params}`));
    if (!found) return;
    const items = found.items || found.matches || found;
    mount(list, items.length ? items.map(result) : status(t("match.none")));
  } },
  field(t("match.from"), h("input", { type: "datetime-local", name: "from", value: localInput(now), required: true })),
  field(t("match.to"), h("input", { type: "datetime-local", name: "to", value: localInput(new Date(now.getTime() + 3 * 86_400_000)), required: true })),
  field(t("calendar.duration"), h("select", { name: "duration" }, [15, 30, 60].map((d) => h("option", { value: d }, t("calendar.minutes", { minutes: d }))))),
  field(t("match.budget"), h("input", { type: "number", name: "budget", min: "0", inputmode: "numeric" })),
  field(t("directory.language"), h("select", { name: "language" }, h("option", { value: "" }, t("directory.any")),
    h("option", { value: "es" }, t("lang.es")), h("option", { value: "en" }, t("lang.en")))),
  field(t("match.tags"), h("input", { name: "tags", placeholder: "dance, chat" })),
  h("label", { class: "check" }, h("input", { type: "checkbox", name: "online", value: "true" }), " ", t("directory.online_only")),
  h("button", { type: "submit" }, t("match.search")));
  mount(root, h("h1", {}, t("match.title")), h("p", { class: "muted" }, t("match.intro")), form, list);
}
