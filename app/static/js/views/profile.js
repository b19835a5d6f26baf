// A model's profile: prices, ratings and reviews, availability calendar, hold, watch live.
import { api, idempotencyKey } from "../api.js";
import { applyPresence, load, onlineBadge, problem, rating } from "../components.js";
import { availabilityCalendar } from "../calendar.js";
import { h, mount, status } from "../dom.js";
import { dateTime, money, t } from "../i18n.js";
import * as realtime from "../realtime.js";
import { session } from "../session.js";

async function hold(out, body) {
  if (!session.user) {
    location.hash = "#/signin";
    return;
  }
  try {
    const booking = await api("/api/bookings", { method: "POST", body,
      headers: { "Idempotency-Key": idempotencyKey() } });
    location.hash = `#/bookings/${booking.id}`;
  } catch (error) {
    mount(out, problem(error));
  }
}

/** FREE (and PRIME-less) accounts: the way to the membership page; other roles just read why. */
export function becomePrime() {
  return session.is("FREE") ? h("a", { href: "#/membership", "data-testid": "become-prime" }, t("profile.prime_needed"))
    : t("profile.prime_needed");
}

async function reviews(model) {
  const list = h("div", {});
  const box = h("section", { class: "stack" }, h("h2", {}, t("profile.reviews")), list);
  const page = await load(list, api(`/api/models/${model.id}/reviews`));
  if (!page) return box;
  const items = page.items;
  list.append(items.length ? h("ul", { class: "reviews" }, items.map((r) => h("li", {},
    h("strong", {}, "★".repeat(r.rating)), " ", h("span", { class: "muted" }, `${r.author || t("profile.verified_client")} · ${dateTime(r.created_at)}`),
    h("p", {}, r.body)))) : status(t("profile.no_reviews")));
  return box;
}

export async function render(root, { id }) {
  const model = await api(`/api/models/${id}`);
  const out = h("div", { "aria-live": "polite" });
  const canBook = session.is("PRIME", "ADMIN");
  const pick = (slot, duration) => hold(out, { model_id: model.id, start: slot.start, duration_minutes: duration });
  const instant = model.is_online && canBook && model.prices.length
    ? h("button", { type: "button", onclick: () => hold(out, { model_id: model.id, instant: true, duration_minutes: model.prices[0].duration_minutes }) }, t("profile.book_now"))
    : null;
  mount(root,
    h("article", { class: "profile" },
      h("div", { class: "profile-head" },
        model.photo ? h("img", { src: model.photo.large, alt: model.display_name, class: "portrait" }) : null,
        h("div", { class: "stack" },
          h("h1", {}, model.display_name, " ", onlineBadge(model)),
          h("p", {}, rating(model), " · ", model.languages.map((l) => t(`lang.${l}`)).join(", ")),
          h("p", { class: "bio" }, model.bio),
          h("ul", { class: "prices", "aria-label": t("profile.prices") }, model.prices.map((p) =>
            h("li", {}, t("calendar.minutes", { minutes: p.duration_minutes }), ": ", h("strong", {}, money(p.price_cents, p.currency))))),
          h("div", { class: "actions" },
            h("a", { class: "button secondary", href: `#/live/${model.id}` }, t("profile.watch_live")), instant))),
      h("section", { class: "stack" }, h("h2", {}, t("profile.availability")),
        canBook ? null : h("p", { class: "muted" }, session.user ? becomePrime() : t("profile.signin_to_book")),
        out, availabilityCalendar(model, canBook ? pick : () => mount(out, h("p", { class: "status error", role: "alert" },
          session.user ? becomePrime() : t("profile.signin_to_book"))))),
      await reviews(model)));
  if (!session.user) return null;
  const stop = [realtime.subscribe("presence"), realtime.on("presence", applyPresence)];
  return () => stop.forEach((fn) => fn());
}
