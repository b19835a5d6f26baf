// Notifications: the stored list (GET /api/notifications) plus new ones as they arrive.
import { api } from "../api.js";
import { load, problem } from "../components.js";
import { h, mount, status } from "../dom.js";
import { dateTime, t } from "../i18n.js";
import * as realtime from "../realtime.js";

function describe(item) {
  const p = item.payload || {};
  const text = t(`notification.${item.kind}`, p);
  return text === `notification.${item.kind}` ? `${item.kind} ${p.booking_id ? `#${p.booking_id}` : ""}` : text;
}

function row(item) {
  const link = item.payload?.booking_id ? `#/bookings/${item.payload.booking_id}`
    : item.payload?.ticket_id ? "#/support" : null;
  return h("li", { class: item.read_at ? "read" : "unread" },
    h("span", { class: "muted" }, dateTime(item.created_at)), " ",
    link ? h("a", { href: link }, describe(item)) : describe(item));
}

export async function render(root) {
  const list = h("ul", { class: "notifications", "aria-live": "polite" });
  const out = h("div", {});
  mount(root, h("h1", {}, t("notifications.title")),
    h("button", { type: "button", class: "secondary", onclick: async () => {
      try {
        const marked = await api("/api/notifications/read", { method: "POST", body: {} });
        window.dispatchEvent(new CustomEvent("pnp:unread", { detail: marked.unread }));
        list.querySelectorAll(".unread").forEach((li) => { li.className = "read"; });
      } catch (error) {
        mount(out, problem(error));
      }
    } }, t("notifications.mark_read")), out, list);
  const page = await load(list, api("/api/notifications?unread=false&limit=50"));
  if (page) mount(list, page.items.length ? page.items.map(row) : status(t("notifications.empty")));
  return realtime.on("notification", (frame) => {
    list.querySelector(".status")?.remove();
    list.prepend(row(frame));
  });
}
