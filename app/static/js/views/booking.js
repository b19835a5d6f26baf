// One booking: hold countdown, checkout (sandbox, card, crypto), confirmation as it happens,
// receipt, calendar file, cancel, join the call, review.
import { api, download } from "../api.js";
import { load, problem, statusBadge } from "../components.js";
import { field, h, mount, status } from "../dom.js";
import { figures } from "../figures.js";
import { dateTime, lang, money, t } from "../i18n.js";
import { checkoutButtons } from "../payment.js";
import * as realtime from "../realtime.js";

const LIVE = ["held", "pending_payment"];

function countdown(until, onExpire) {
  const clock = h("strong", { class: "countdown", "data-testid": "countdown" });
  const tick = () => {
    const left = Math.max(0, new Date(until).getTime() - Date.now());
    const m = Math.floor(left / 60_000);
    const s = String(Math.floor((left % 60_000) / 1000)).padStart(2, "0");
    clock.textContent = `${m}:${s}`;
    if (left === 0) onExpire();
  };
  tick();
  const timer = setInterval(tick, 1000);
  return { node: h("p", { role: "timer", "aria-live": "off" }, t("booking.hold_left"), " ", clock), stop: () => clearInterval(timer) };
}

async function receipt(booking) {
  const box = h("section", { class: "card stack" }, h("h2", {}, t("booking.receipt")));
  const data = await load(box, api(`/api/bookings/${booking.id}/receipt`));
  if (data) {
    box.append(figures(data), h("button", { type: "button", class: "secondary", onclick: async () => {
      const page = await api(`/api/bookings/${booking.id}/receipt.html?lang=${lang()}`, { raw: true });
      window.open(URL.createObjectURL(await page.blob()), "_blank");
    } }, t("booking.print")));
  }
  return box;
}

function reviewForm(booking, out) {
  const stars = h("select", { name: "rating" }, [5, 4, 3, 2, 1].map((n) => h("option", { value: n }, "★".repeat(n))));
  const text = h("textarea", { name: "body", maxlength: 2000, rows: 3 });
  return h("form", { class: "card stack", onsubmit: async (e) => {
    e.preventDefault();
    try {
      await api(`/api/bookings/${booking.id}/review`, { method: "POST", body: { rating: Number(stars.value), body: text.value } });
      mount(out, status(t("booking.review_thanks")));
    } catch (error) {
      mount(out, problem(error));
    }
  } }, h("h2", {}, t("booking.review")), field(t("booking.rating"), stars), field(t("booking.review_text"), text),
  h("button", { type: "submit" }, t("booking.send_review")));
}

export async function render(root, { id }) {
  let stopClock = () => null;
  let shown = null;
  const draw = async () => {
    stopClock();
    const booking = await api(`/api/bookings/${id}`);
    shown = booking.status;
    const out = h("div", { "aria-live": "polite" });
    const parts = [h("h1", {}, t("booking.title", { id: booking.id }), " ", statusBadge(booking.status)),
      h("p", {}, dateTime(booking.starts_at), " – ", dateTime(booking.ends_at, { timeStyle: "short" }), " · ",
        money(booking.price_cents, booking.currency)),
      h("p", {}, h("a", { href: `#/models/${booking.model_id}` }, t("booking.model_profile")))];
    if (LIVE.includes(booking.status) && booking.hold_expires_at) {
      const clock = countdown(booking.hold_expires_at, () => { stopClock(); draw(); });
      stopClock = clock.stop;
      parts.push(clock.node, h("h2", {}, t("booking.pay_with")), await checkoutButtons(booking, out));
    }
    if (booking.status === "confirmed" || booking.status === "in_progress") {
      parts.push(status(t("booking.confirmed"), "success"),
        h("a", { class: "button", href: `#/call/${booking.id}` }, t("booking.join_call")));
    }
    if (!["cancelled", "expired", "held"].includes(booking.status)) parts.push(await receipt(booking));
    parts.push(h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", onclick: () => download(`/api/bookings/${booking.id}/calendar.ics`, `booking-${booking.id}.ics`).catch((e) => mount(out, problem(e))) }, t("booking.add_calendar")),
      [...LIVE, "confirmed"].includes(booking.status) ? h("button", { type: "button", class: "danger", onclick: async () => {
        try { await api(`/api/bookings/${booking.id}/cancel`, { method: "POST", body: { reason: "" } }); draw(); } catch (e) { mount(out, problem(e)); }
      } }, t("booking.cancel")) : null));
    if (booking.status === "completed") parts.push(reviewForm(booking, out));
    parts.push(out);
    mount(root, parts);
  };
  await draw();
  const mine = (frame) => String(frame.payload?.booking_id) === String(id);
  const off = realtime.on("notification", (frame) => { if (mine(frame)) draw(); });
  const poll = setInterval(async () => {
    const current = await api(`/api/bookings/${id}`).catch(() => null);
    if (current && current.status !== shown) draw();
  }, 5000);
  return () => { off(); clearInterval(poll); stopClock(); };
}
