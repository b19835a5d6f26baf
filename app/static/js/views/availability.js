// The availability editor: weekly schedule, blocked dates, one-off slots, booking settings
// (GET /api/model/me/availability and its /weekly, /blocked, /slots, /settings sub-resources).
import { api } from "../api.js";
import { load, problem } from "../components.js";
import { field, formData, h, mount, status } from "../dom.js";
import { dateTime, t } from "../i18n.js";

const BASE = "/api/model/me/availability";
const hhmm = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const minutes = (value) => { const [hh, mm] = value.split(":").map(Number); return hh * 60 + mm; };
const iso = (local) => new Date(local).toISOString();

function ruleList(items, kind, describe, redraw, out) {
  if (!items.length) return h("p", { class: "muted" }, t("availability.none"));
  return h("ul", { class: "rules" }, items.map((rule) => h("li", {}, describe(rule), " ",
    h("button", { type: "button", class: "link", "aria-label": `${t("form.remove")} ${describe(rule)}`, onclick: async () => {
      try { await api(`${BASE}/${kind}/${rule.id}`, { method: "DELETE" }); redraw(); } catch (e) { mount(out, problem(e)); }
    } }, t("form.remove")))));
}

function addForm(kind, fields, toBody, redraw, out) {
  const form = h("form", { class: "inline-form", onsubmit: async (event) => {
    event.preventDefault();
    try {
      await api(`${BASE}/${kind}`, { method: "POST", body: toBody(formData(form)) });
      redraw();
    } catch (error) {
      mount(out, problem(error));
    }
  } }, fields, h("button", { type: "submit" }, t("availability.add")));
  return form;
}

const weekdays = () => [1, 2, 3, 4, 5, 6, 7].map((d) => h("option", { value: d }, t(`weekday.${d}`)));

export async function render(root) {
  const box = h("div", { class: "stack" });
  const out = h("div", { "aria-live": "polite" });
  mount(root, h("h1", {}, t("availability.title")), out, box);
  const redraw = async () => {
    const rules = await load(box, api(BASE));
    if (!rules) return;
    mount(out);
    const s = rules.settings;
    mount(box,
      h("p", { class: "muted" }, t("availability.timezone", { tz: s.timezone })),
      h("section", { class: "card stack" }, h("h2", {}, t("availability.weekly")),
        ruleList(rules.weekly, "weekly", (r) => `${t(`weekday.${r.weekday}`)} ${hhmm(r.start_minute)}–${hhmm(r.end_minute)}`, redraw, out),
        addForm("weekly", [field(t("availability.weekday"), h("select", { name: "weekday" }, weekdays())),
          field(t("availability.from"), h("input", { type: "time", name: "start", required: true, value: "10:00" })),
          field(t("availability.to"), h("input", { type: "time", name: "end", required: true, value: "18:00" }))],
        (d) => ({ weekday: Number(d.weekday), start_minute: minutes(d.start), end_minute: d.end === "00:00" ? 1440 : minutes(d.end) }), redraw, out)),
      h("section", { class: "card stack" }, h("h2", {}, t("availability.blocked")),
        ruleList(rules.blocked, "blocked", (r) => `${dateTime(r.starts_at)} – ${dateTime(r.ends_at)} ${r.reason}`, redraw, out),
        addForm("blocked", [field(t("availability.from"), h("input", { type: "datetime-local", name: "starts_at", required: true })),
          field(t("availability.to"), h("input", { type: "datetime-local", name: "ends_at", required: true })),
          field(t("availability.reason"), h("input", { name: "reason", maxlength: 200 }))],
        (d) => ({ starts_at: iso(d.starts_at), ends_at: iso(d.ends_at), reason: d.reason }), redraw, out)),
      h("section", { class: "card stack" }, h("h2", {}, t("availability.one_off")),
        ruleList(rules.one_off, "slots", (r) => `${dateTime(r.starts_at)} – ${dateTime(r.ends_at)}`, redraw, out),
        addForm("slots", [field(t("availability.from"), h("input", { type: "datetime-local", name: "starts_at", required: true })),
          field(t("availability.to"), h("input", { type: "datetime-local", name: "ends_at", required: true }))],
        (d) => ({ starts_at: iso(d.starts_at), ends_at: iso(d.ends_at) }), redraw, out)),
      h("section", { class: "card stack" }, h("h2", {}, t("availability.settings")), settingsForm(s, redraw, out)));
  };
  await redraw();
}

function settingsForm(s, redraw, out) {
  const names = ["buffer_before_min", "buffer_after_min", "min_notice_min", "booking_window_days", "slot_interval_min"];
  const form = h("form", { class: "inline-form", onsubmit: async (event) => {
    event.preventDefault();
    const d = formData(form);
    const body = Object.fromEntries(names.map((n) => [n, Number(d[n])]));
    body.timezone = d.timezone;
    try {
      await api(`${BASE}/settings`, { method: "PUT", body });
      mount(out, status(t("form.saved"), "success"));
    } catch (error) {
      mount(out, problem(error));
    }
  } }, field(t("form.timezone"), h("input", { name: "timezone", value: s.timezone })),
  names.map((n) => field(t(`availability.${n}`), h("input", { type: "number", min: 0, name: n, value: s[n] }))),
  h("button", { type: "submit" }, t("form.save")));
  return form;
}
