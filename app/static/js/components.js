// Pieces several views share.
import { h, mount, status } from "./dom.js";
import { money, t } from "./i18n.js";

/** A failed call as a message: the problem's detail. */
export function problem(error) {
  return status(error.message, "error");
}

/** Loads into `box`; on failure shows `problem()` there and resolves to null. */
export async function load(box, promise) {
  try {
    return await promise;
  } catch (error) {
    mount(box, problem(error));
    return null;
  }
}

/** A person's name (person_name of migrations/0085), or "Telegram user" when Telegram gave none. */
export function personName(p) {
  return p?.name || t("person.unnamed");
}

/** A person for admins: the name, with @username when there is one. */
export function person(p) {
  return p?.username ? `${personName(p)} (@${p.username})` : personName(p);
}

/** The Telegram photo when there is one, else the initial; decorative (the name is beside it). */
export function avatar(p) {
  return p?.photo_url ? h("img", { class: "avatar", src: p.photo_url, alt: "", width: 24, height: 24 })
    : h("span", { class: "avatar", "aria-hidden": "true" }, personName(p).slice(0, 1));
}

/** The studio's checklist: what keeps the profile out of the directory (`missing` of /api/model/me). */
export function readiness(model) {
  if (!model.missing.length) return h("p", { class: "status success", "data-testid": "readiness" }, t("studio.listed"));
  return h("section", { class: "card stack", "data-testid": "readiness" }, h("h2", {}, t("studio.checklist")),
    h("ul", { class: "checklist" }, model.missing.map((item) => h("li", { "data-missing": item }, t(`studio.missing.${item}`)))));
}

export function onlineBadge(model) {
  return h("span", { class: "badge online", "data-online-badge": model.id, hidden: !model.is_online }, t("model.online"));
}

export function rating(model) {
  return model.rating_count
    ? h("span", { class: "rating", "aria-label": t("model.rating_label", { avg: model.rating_avg.toFixed(1), count: model.rating_count }) },
      `★ ${model.rating_avg.toFixed(1)} (${model.rating_count})`)
    : h("span", { class: "muted" }, t("model.no_ratings"));
}

export function fromPrice(model) {
  if (!model.prices.length) return null;
  const cheapest = model.prices.reduce((a, b) => (a.price_cents <= b.price_cents ? a : b));
  return t("model.from_price", { price: money(cheapest.price_cents, cheapest.currency), minutes: cheapest.duration_minutes });
}

export function modelCard(model) {
  return h("article", { class: "card model", "data-model-id": model.id },
    h("a", { href: `#/models/${model.id}`, class: "cover" },
      model.photo ? h("img", { src: model.photo.medium, alt: "", loading: "lazy", width: 480, height: 480 })
        : h("div", { class: "placeholder", "aria-hidden": "true" }, model.display_name.slice(0, 1))),
    h("div", { class: "body" },
      h("h2", {}, h("a", { href: `#/models/${model.id}` }, model.display_name), " ", onlineBadge(model),
        model.visibility === "prime" ? h("span", { class: "badge prime" }, t("model.prime")) : null),
      h("p", { class: "muted" }, rating(model), " · ", model.languages.map((l) => t(`lang.${l}`)).join(", ")),
      h("p", {}, fromPrice(model)),
      model.tags.length ? h("p", { class: "tags" }, model.tags.map((tag) => h("span", { class: "tag" }, `#${tag}`))) : null));
}

/** Keeps every online badge on the page in step with `presence` frames. */
export function applyPresence(frame) {
  for (const badge of document.querySelectorAll(`[data-online-badge="${frame.model_id}"]`)) badge.hidden = !frame.online;
}

export function statusBadge(value) {
  return h("span", { class: `badge st-${value}` }, t(`booking.status.${value}`));
}
