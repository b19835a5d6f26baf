// My bookings (GET /api/bookings): status, time, price, and a link to each booking.
import { api } from "../api.js";
import { load, statusBadge } from "../components.js";
import { h, mount, status, table } from "../dom.js";
import { dateTime, money, t } from "../i18n.js";

export async function render(root) {
  const box = h("div", {});
  mount(root, h("h1", {}, t("bookings.title")), box);
  const page = await load(box, api("/api/bookings?limit=100"));
  if (!page) return;
  mount(box, page.items.length ? table(
    [t("bookings.when"), t("bookings.model"), t("bookings.price"), t("bookings.status"), ""],
    page.items.map((b) => [dateTime(b.starts_at), h("a", { href: `#/models/${b.model_id}` }, b.model_name), money(b.price_cents, b.currency),
      statusBadge(b.status), h("a", { href: `#/bookings/${b.id}` }, t("bookings.open"))]))
    : status(t("bookings.empty")));
}
