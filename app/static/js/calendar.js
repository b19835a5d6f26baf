// A week of bookable slots in the viewer's time zone, from GET /api/models/{id}/availability.
import { api } from "./api.js";
import { load } from "./components.js";
import { h, mount, status } from "./dom.js";
import { dayLabel, t, timeOnly, viewerTimeZone } from "./i18n.js";

const DAY = 86_400_000;

function startOfToday() {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

function localDayKey(iso) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: viewerTimeZone() }).format(new Date(iso));
}

/** `onPick(slot, duration)` is called when the viewer chooses a slot. */
export function availabilityCalendar(model, onPick) {
  const durations = model.prices.map((p) => p.duration_minutes);
  let weekStart = startOfToday();
  const grid = h("div", { class: "week", "aria-live": "polite" });
  const duration = h("select", { "aria-label": t("calendar.duration"), onchange: () => refresh() },
    durations.map((d) => h("option", { value: d }, t("calendar.minutes", { minutes: d }))));
  const label = h("span", { class: "week-label" });

  async function refresh() {
    const from = weekStart;
    const to = new Date(from.getTime() + 7 * DAY);
    label.textContent = `${dayLabel(from)} – ${dayLabel(new Date(to.getTime() - DAY))}`;
    const params = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(),
      duration: duration.value, tz: viewerTimeZone() });
    const list = await load(grid, api(`/api/models/${model.id}/availability?${params}`));
    if (!list) return;
    const byDay = new Map();
    for (let i = 0; i < 7; i += 1) byDay.set(localDayKey(new Date(from.getTime() + i * DAY + DAY / 2).toISOString()), []);
    for (const slot of list.slots) byDay.get(localDayKey(slot.start))?.push(slot);
    mount(grid, [...byDay.entries()].map(([day, slots]) => h("section", { class: "day", "aria-label": dayLabel(`${day}T12:00:00`) },
      h("h3", {}, dayLabel(`${day}T12:00:00`)),
      slots.length ? h("ul", {}, slots.map((slot) => h("li", {}, h("button", { class: "slot", type: "button",
        onclick: () => onPick(slot, Number(duration.value)) }, timeOnly(slot.start)))))
        : h("p", { class: "muted" }, t("calendar.none")))));
  }

  const move = (days) => { weekStart = new Date(weekStart.getTime() + days * DAY); refresh(); };
  const view = h("div", { class: "calendar" },
    h("div", { class: "toolbar" },
      h("button", { type: "button", onclick: () => move(-7), "aria-label": t("calendar.previous") }, "‹"),
      label,
      h("button", { type: "button", onclick: () => move(7), "aria-label": t("calendar.next") }, "›"),
      duration),
    h("p", { class: "muted" }, t("calendar.timezone", { tz: viewerTimeZone() })), grid);
  if (durations.length) refresh();
  else mount(grid, status(t("calendar.no_prices")));
  return view;
}
