// The model's bookings by week (calendar), earnings by period, and clients.
import { api } from "../api.js";
import { load, personName, statusBadge } from "../components.js";
import { h, mount, status, table } from "../dom.js";
import { barChart } from "../chart.js";
import { figures } from "../figures.js";
import { dateTime, dayLabel, money, shortDay, t, timeOnly } from "../i18n.js";

const DAY = 86_400_000;

async function week(box, start) {
  const to = new Date(start.getTime() + 7 * DAY);
  const page = await load(box, api(`/api/model/me/bookings?scope=range&from=${start.toISOString()}&to=${to.toISOString()}`));
  if (!page) return;
  const items = page.items || page;
  const days = [...Array(7).keys()].map((i) => new Date(start.getTime() + i * DAY));
  mount(box, h("div", { class: "week" }, days.map((day) => {
    const mine = items.filter((b) => new Date(b.starts_at).toDateString() === day.toDateString());
    return h("section", { class: "day" }, h("h3", {}, dayLabel(day)),
      mine.length ? h("ul", {}, mine.map((b) => h("li", {}, timeOnly(b.starts_at), " ", statusBadge(b.status))))
        : h("p", { class: "muted" }, "–"));
  })));
}

export async function render(root) {
  let start = new Date();
  start.setHours(0, 0, 0, 0);
  const calendar = h("div", {});
  const earnings = h("div", {});
  const clients = h("div", {});
  const period = h("select", { "aria-label": t("studio.period"), onchange: () => showEarnings() },
    ["day", "week", "month"].map((p) => h("option", { value: p, selected: p === "week" }, t(`studio.period_${p}`))));
  const move = (days) => { start = new Date(start.getTime() + days * DAY); week(calendar, start); };
  const showEarnings = async () => {
    const data = await load(earnings, api(`/api/model/me/earnings?period=${period.value}`));
    if (!data) return;
    const points = data.series.map((r) => ({ label: shortDay(r.period_start), value: r.earnings_cents }));
    mount(earnings, figures({ available_cents: data.available_cents, pending_cents: data.pending_cents,
      lifetime_earnings_cents: data.lifetime_earnings_cents, currency: data.currency }),
    points.length ? barChart(t("studio.earnings"), points, { format: (v) => money(v, data.currency),
      axis: t("studio.axis_earnings"), columns: [t("studio.col_period"), t("studio.earnings")] }) : null);
  };
  mount(root, h("h1", {}, t("nav.studio_bookings")),
    h("section", { class: "stack" }, h("div", { class: "toolbar" },
      h("button", { type: "button", onclick: () => move(-7), "aria-label": t("calendar.previous") }, "‹"),
      h("h2", {}, t("studio.calendar")),
      h("button", { type: "button", onclick: () => move(7), "aria-label": t("calendar.next") }, "›")), calendar),
    h("section", { class: "card stack" }, h("div", { class: "toolbar" }, h("h2", {}, t("studio.earnings")), period), earnings),
    h("section", { class: "card stack" }, h("h2", {}, t("studio.clients")), clients));
  await week(calendar, start);
  await showEarnings();
  const list = await load(clients, api("/api/model/me/clients"));
  if (list) {
    const items = list.items || list;
    mount(clients, items.length ? table([t("studio.client"), t("studio.bookings_count"), t("studio.last_seen"), t("studio.spent")],
      items.map((c) => [personName(c), String(c.bookings),
        dateTime(c.last_session_at), money(c.total_spent_cents)]))
      : status(t("studio.no_clients")));
  }
}
