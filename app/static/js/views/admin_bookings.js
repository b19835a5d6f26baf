// Admin: bookings with filters and actions (/api/admin/bookings), and the conflict queue.
import { api } from "../api.js";
import { load, person, problem, statusBadge } from "../components.js";
import { field, formData, h, mount, status, table } from "../dom.js";
import { dateTime, money, t } from "../i18n.js";

const STATUSES = ["held", "pending_payment", "confirmed", "in_progress", "completed", "cancelled", "expired", "refunded", "no_show"];
const ACTIONS = ["confirmed", "completed", "cancelled", "no_show"];
const RESOLUTIONS = ["keep", "cancel"];

function actions(booking, out, refresh) {
  const select = h("select", { "aria-label": t("admin.action_for", { id: booking.id }) },
    h("option", { value: "" }, "…"), ACTIONS.map((s) => h("option", { value: s }, t(`booking.status.${s}`))));
  return h("span", { class: "actions" }, select, h("button", { type: "button", class: "secondary", onclick: async () => {
    if (!select.value) return;
    try {
      await api(`/api/admin/bookings/${booking.id}`, { method: "PUT", body: { status: select.value, reason: "admin" } });
      refresh();
    } catch (error) {
      mount(out, problem(error));
    }
  } }, t("admin.apply")));
}

// Names link to the profile and the admin's user page; the id is kept beside the name for admins.
const modelLink = (b) => h("a", { href: `#/models/${b.model_id}`, "data-testid": "booking-model" }, `${b.model_name || t("bookings.model")} #${b.model_id}`);
const clientLink = (b) => h("a", { href: `#/admin/users/${b.client_id}`, "data-testid": "booking-client" }, `${person(b.client)} #${b.client_id}`);

async function conflicts(box, out) {
  const data = await load(box, api("/api/admin/conflicts"));
  if (!data) return;
  mount(box, data.items.length ? h("ul", { class: "stack" }, data.items.map(({ booking, reasons }) => h("li", { class: "card" },
    h("p", {}, `#${booking.id} · ${dateTime(booking.starts_at)} · `, modelLink(booking), " · ", clientLink(booking), " ",
      statusBadge(booking.status)),
    h("ul", {}, reasons.map((r) => h("li", {}, r))),
    h("div", { class: "actions" }, RESOLUTIONS.map((action) => h("button", { type: "button", class: "secondary", onclick: async () => {
      try {
        await api(`/api/admin/conflicts/${booking.id}/resolve`, { method: "POST", body: { action } });
        conflicts(box, out);
      } catch (error) {
        mount(out, problem(error));
      }
    } }, t(`admin.resolve_${action}`)))))))
    : status(t("admin.no_conflicts")));
}

export async function render(root) {
  const list = h("div", {});
  const queue = h("div", {});
  const out = h("div", { "aria-live": "polite" });
  const refresh = async () => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(formData(form))) {
      if (value) params.set(key, key === "from" || key === "to" ? new Date(value).toISOString() : value);
    }
    const page = await load(list, api(`/api/admin/bookings?${params}`));
    if (!page) return;
    mount(list, page.items.length ? table(
      ["#", t("bookings.when"), t("bookings.model"), t("bookings.client"), t("bookings.price"), t("bookings.status"), ""],
      page.items.map((b) => [String(b.id), dateTime(b.starts_at), modelLink(b), clientLink(b),
        money(b.price_cents, b.currency), statusBadge(b.status), actions(b, out, refresh)]))
      : status(t("bookings.empty")));
  };
  const form = h("form", { class: "filters", onsubmit: (e) => { e.preventDefault(); refresh(); } },
    field(t("bookings.status"), h("select", { name: "status" }, h("option", { value: "" }, t("directory.any")),
      STATUSES.map((s) => h("option", { value: s }, t(`booking.status.${s}`))))),
    field(t("bookings.model"), h("input", { name: "model_id", type: "number", min: 1 })),
    field(t("bookings.client"), h("input", { name: "client_id", type: "number", min: 1 })),
    field(t("availability.from"), h("input", { name: "from", type: "date" })),
    field(t("availability.to"), h("input", { name: "to", type: "date" })),
    h("button", { type: "submit" }, t("directory.find")));
  mount(root, h("h1", {}, t("nav.admin_bookings")), form, out, list,
    h("h2", {}, t("admin.conflicts")), queue);
  await Promise.all([refresh(), conflicts(queue, out)]);
}
