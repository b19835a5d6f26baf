// Admin: one user's page: profile, role history, a role change form, bookings, payments, sanctions.
import { api } from "../api.js";
import { load, person, problem, statusBadge } from "../components.js";
import { field, formData, h, mount, status, table } from "../dom.js";
import { dateTime, money, t } from "../i18n.js";
import { ROLES } from "./admin_users.js";

function section(title, rows, headers, line) {
  return [h("h2", {}, title), rows.length ? table(headers, rows.map(line)) : status(t("users.none"))];
}

function page(root, detail, id) {
  const { user } = detail;
  const out = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "stack", onsubmit: async (e) => {
    e.preventDefault();
    const { role, reason } = formData(form);
    try {
      const changed = await api(`/api/admin/users/${id}/role`, { method: "PUT", body: { role, reason } });
      page(root, changed, id);
      mount(root.querySelector("[data-role-out]"), status(t("users.role_saved")));
    } catch (error) {
      mount(out, problem(error));
    }
  } },
  field(t("users.new_role"), h("select", { name: "role" },
    ROLES.map((r) => h("option", { value: r, selected: r === user.role }, t(`role.${r}`))))),
  field(t("users.reason"), h("input", { name: "reason", required: true, maxlength: 500 })),
  h("button", { type: "submit" }, t("users.save_role")));
  out.dataset.roleOut = "";
  const flags = [
    user.banned_until && new Date(user.banned_until) > new Date() ? t("users.banned_until", { until: dateTime(user.banned_until) }) : null,
    user.muted_until && new Date(user.muted_until) > new Date() ? t("users.muted_until", { until: dateTime(user.muted_until) }) : null,
  ].filter(Boolean);
  mount(root,
    h("p", {}, h("a", { href: "#/admin/users" }, t("users.back"))),
    h("h1", {}, person(user)),
    h("p", { "data-testid": "user-role" }, `${t(`role.${user.role}`)} · ${t("users.telegram_id")} ${user.telegram_id} · ${t("users.joined")} ${dateTime(user.created_at)}`),
    flags.map((f) => h("p", { class: "status error" }, f)),
    h("h2", {}, t("users.change_role")), form, out,
    h("h2", {}, t("users.history")),
    detail.role_history.length ? h("ul", { class: "stack", "data-testid": "role-history" }, detail.role_history.map((c) => h("li", { class: "card" },
      h("p", {}, h("strong", {}, t("users.change_line", { from: t(`role.${c.from_role}`), to: t(`role.${c.to_role}`) })),
        ` · ${dateTime(c.changed_at)} · ${c.changed_by ? person(c.changed_by) : t("users.by_system")}`),
      h("p", {}, c.reason))))
      : status(t("users.no_history")),
    section(t("users.bookings"), detail.bookings, ["#", t("bookings.when"), t("bookings.model"), t("bookings.price"), t("bookings.status")],
      (b) => [h("a", { href: `#/bookings/${b.id}` }, String(b.id)), dateTime(b.starts_at), b.model_name, money(b.price_cents, b.currency), statusBadge(b.status)]),
    section(t("users.payments"), detail.payments, ["#", t("bookings.when"), t("bookings.price"), t("bookings.status")],
      (p) => [String(p.id), dateTime(p.created_at), money(p.amount_cents, p.currency), p.status]),
    section(t("users.sanctions"), detail.sanctions, [t("bookings.when"), t("users.sanctions"), t("users.reason"), ""],
      (s) => [dateTime(s.at), s.until ? `${s.action} → ${dateTime(s.until)}` : s.action, s.reason || "", s.by ? person(s.by) : ""]));
}

export async function render(root, { id }) {
  const detail = await load(root, api(`/api/admin/users/${id}`));
  if (detail) page(root, detail, id);
}
