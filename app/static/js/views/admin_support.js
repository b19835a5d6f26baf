// Admin: every support ticket, answered in place (POST /api/admin/support/tickets/{id}/reply).
import { api } from "../api.js";
import { load, problem } from "../components.js";
import { h, mount, status } from "../dom.js";
import { t } from "../i18n.js";
import { ticketView } from "./support.js";

function replyForm(ticket, refresh) {
  const text = h("textarea", { name: "message", required: true, rows: 3, maxlength: 4000, "aria-label": t("support.reply_to", { subject: ticket.subject }) });
  const close = h("input", { type: "checkbox", name: "close" });
  const out = h("div", { "aria-live": "polite" });
  return h("form", { class: "stack", onsubmit: async (event) => {
    event.preventDefault();
    try {
      await api(`/api/admin/support/tickets/${ticket.id}/reply`, { method: "POST", body: { message: text.value, close: close.checked } });
      refresh();
    } catch (error) {
      mount(out, problem(error));
    }
  } }, text, h("label", { class: "check" }, close, " ", t("support.close")), out, h("button", { type: "submit" }, t("support.reply")));
}

export async function render(root) {
  const list = h("ul", { class: "stack tickets" });
  const filter = h("select", { "aria-label": t("bookings.status"), onchange: () => refresh() },
    h("option", { value: "" }, t("directory.any")), ["open", "answered", "closed"].map((s) => h("option", { value: s }, t(`support.status.${s}`))));
  const refresh = async () => {
    const page = await load(list, api(`/api/support/tickets${filter.value ? `?status=${filter.value}` : ""}`));
    if (page) mount(list, page.items.length ? page.items.map((x) => ticketView(x, replyForm(x, refresh))) : status(t("support.none")));
  };
  mount(root, h("h1", {}, t("nav.admin_support")), filter, list);
  await refresh();
}
