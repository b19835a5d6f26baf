// Admin: users, searched by name, @username or Telegram id and filtered by role (/api/admin/users).
import { api } from "../api.js";
import { load, person } from "../components.js";
import { field, formData, h, mount, status, table } from "../dom.js";
import { dateTime, t } from "../i18n.js";

export const ROLES = ["FREE", "PRIME", "MODEL", "MODERATOR", "ADMIN"];
const PAGE = 50;

export async function render(root) {
  const list = h("div", { "aria-live": "polite" });
  let offset = 0;
  const refresh = async () => {
    const params = new URLSearchParams({ limit: PAGE, offset });
    for (const [key, value] of Object.entries(formData(form))) if (value.trim()) params.set(key, value.trim());
    const page = await load(list, api(`/api/admin/users?${params}`));
    if (!page) return;
    const more = page.offset + page.items.length < page.total
      ? h("button", { type: "button", class: "secondary", onclick: () => { offset += PAGE; refresh(); } }, t("users.more"))
      : null;
    mount(list, page.items.length ? [table(
      [t("users.name"), t("users.telegram_id"), t("users.role"), t("users.joined")],
      page.items.map((u) => [h("a", { href: `#/admin/users/${u.id}` }, person(u)), String(u.telegram_id),
        t(`role.${u.role}`), dateTime(u.created_at)])), more]
      : status(t("users.empty")));
  };
  const form = h("form", { class: "filters", role: "search", onsubmit: (e) => { e.preventDefault(); offset = 0; refresh(); } },
    field(t("users.search"), h("input", { name: "q", type: "search", maxlength: 100 })),
    field(t("users.role_filter"), h("select", { name: "role" }, h("option", { value: "" }, t("directory.any")),
      ROLES.map((r) => h("option", { value: r }, t(`role.${r}`))))),
    h("button", { type: "submit" }, t("directory.find")));
  mount(root, h("h1", {}, t("nav.admin_users")), form, list);
  await refresh();
}
