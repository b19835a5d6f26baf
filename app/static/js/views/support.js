// Contact support: open a ticket and read the answers (POST/GET /api/support/tickets).
import { api } from "../api.js";
import { load, person, problem } from "../components.js";
import { field, formData, h, mount, status } from "../dom.js";
import { dateTime, t } from "../i18n.js";

export function ticketView(ticket, extra) {
  return h("li", { class: "card stack", "data-ticket-id": ticket.id },
    h("h3", {}, ticket.subject, " ", h("span", { class: `badge st-${ticket.status}` }, t(`support.status.${ticket.status}`))),
    h("p", { class: "muted" }, dateTime(ticket.created_at), ` · ${person(ticket)}`),
    h("p", {}, ticket.message),
    ticket.replies.map((r) => h("blockquote", {}, h("p", {}, r.message), h("small", { class: "muted" }, dateTime(r.created_at)))),
    extra);
}

export async function render(root) {
  const list = h("ul", { class: "stack tickets" });
  const out = h("div", { "aria-live": "polite" });
  const refresh = async () => {
    const page = await load(list, api("/api/support/tickets"));
    if (page) mount(list, page.items.length ? page.items.map((x) => ticketView(x)) : status(t("support.none")));
  };
  const form = h("form", { class: "card stack", onsubmit: async (event) => {
    event.preventDefault();
    try {
      await api("/api/support/tickets", { method: "POST", body: formData(form) });
      form.reset();
      mount(out, status(t("support.sent"), "success"));
      await refresh();
    } catch (error) {
      mount(out, problem(error));
    }
  } },
  h("h2", {}, t("support.new")),
  field(t("support.subject"), h("input", { name: "subject", required: true, maxlength: 200 })),
  field(t("support.message"), h("textarea", { name: "message", required: true, maxlength: 4000, rows: 5 })),
  h("button", { type: "submit" }, t("support.send")), out);
  mount(root, h("h1", {}, t("support.title")), form, h("h2", {}, t("support.mine")), list);
  await refresh();
}
