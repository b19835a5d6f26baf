// Smart match (GET /api/match): ranked model + slot pairs, each with the parts of its score,
// and a button to hold the slot.
import { api, idempotencyKey } from "../api.js";
import { load, problem } from "../components.js";
import { field, formData, h, mount, status } from "../dom.js";
import { dateTime, money, t, viewerTimeZone } from "../i18n.js";
import { session } from "../session.js";

function localInput(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function result(item, duration, out) {
  const hold = async () => {
    try {
      const booking = await api("/api/bookings", { method: "POST", headers: { "Idempotency-Key": idempotencyKey() },
        body: { model_id: item.model.id, start: item.slot.start, duration_minutes: duration } });
      location.hash = `#/bookings/${booking.id}`;
    } catch (error) {
      mount(out, problem(error));
    }
  };
  return h("li", { class: "card stack" },
    h("h2", {}, h("a", { href: `#/models/${item.model.id}` }, item.model.display_name)),
    h("p", {}, dateTime(item.slot.start), " · ", money(item.price_cents, item.currency), " · ",
      h("strong", {}, t("match.score", { score: item.score.toFixed(2) }))),
    h("dl", { class: "parts" }, Object.entries(item.parts).filter(([, v]) => v !== null).map(([name, value]) =>
      [h("dt", {}, t(`match.part.${name}`)), h("dd", {}, value.toFixed(2))])),
    session.is("PRIME", "ADMIN") ? h("button", { type: "button", onclick: hold }, t("match.hold")) : null);
}

export async function render(root) {
  const now = new Date();
  const list = h("ol", { class: "stack", "aria-live": "polite" });
  const out = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "filters", onsubmit: async (event) => {
    event.preventDefault();
    const data = formData(form);
    const params = new URLSearchParams({ from: new Date(data.from).toISOString(), to: new Date(data.to).toISOString(),
      duration: data.duration, tz: viewerTimeZone() });
    if (data.budget) params.set("budget", String(Math.round(Number(data.budget) * 100)));
    if (data.language) params.set("language", data.language);
    for (const tag of (data.tags || "").split(",").map((x) => x.trim().toLowerCase()).filter(Boolean)) params.append("tags", tag);
    if (data.online) params.set("online_now", "true");
    const found = await load(list, api(`/api/match?${params}`));
    if (!found) return;
    mount(list, found.items.length ? found.items.map((item) => result(item, Number(data.duration), out)) : status(t("match.none")));
  } },
  field(t("match.from"), h("input", { type: "datetime-local", name: "from", value: localInput(now), required: true })),
  field(t("match.to"), h("input", { type: "datetime-local", name: "to", value: localInput(new Date(now.getTime() + 3 * 86_400_000)), required: true })),
  field(t("calendar.duration"), h("select", { name: "duration" }, [15, 30, 60].map((d) => h("option", { value: d, selected: d === 30 }, t("calendar.minutes", { minutes: d }))))),
  field(t("match.budget"), h("input", { type: "number", name: "budget", min: "0", inputmode: "numeric" })),
  field(t("directory.language"), h("select", { name: "language" }, h("option", { value: "" }, t("directory.any")),
    h("option", { value: "es" }, t("lang.es")), h("option", { value: "en" }, t("lang.en")))),
  field(t("match.tags"), h("input", { name: "tags", placeholder: "dance, chat" })),
  h("label", { class: "check" }, h("input", { type: "checkbox", name: "online", value: "true" }), " ", t("directory.online_only")),
  h("button", { type: "submit" }, t("match.search")));
  mount(root, h("h1", {}, t("match.title")), h("p", { class: "muted" }, t("match.intro")), form, out, list);
}
