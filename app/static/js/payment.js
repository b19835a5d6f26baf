// Checkout (of a booking or of PRIME membership): the sandbox's hosted page, Stripe's Payment
// Element for cards, or a crypto invoice. The confirmation itself arrives on the booking page.
import { api } from "./api.js";
import { problem } from "./components.js";
import { h, mount } from "./dom.js";
import { money, t } from "./i18n.js";

const ALL = ["sandbox", "stripe", "crypto"];

function loadStripe() {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  return new Promise((resolve, reject) => {
    document.head.append(h("script", { src: "https://js.stripe.com/v3/",
      onload: () => resolve(window.Stripe), onerror: () => reject(new Error(t("booking.stripe_unreachable"))) }));
  });
}

async function cardForm(data, out) {
  const Stripe = await loadStripe();
  const stripe = Stripe(data.publishable_key);
  const elements = stripe.elements({ clientSecret: data.client_secret });
  const slot = h("div", { class: "card-element" });
  const pay = h("button", { type: "button", onclick: async () => {
    const { error } = await stripe.confirmPayment({ elements, redirect: "if_required" });
    if (error) mount(out, problem(error));
  } }, t("booking.pay_amount", { amount: money(data.amount_cents, data.currency) }));
  const form = h("div", { class: "card stack" }, slot, pay);
  elements.create("payment").mount(slot);
  return form;
}

function details(data) {
  if (data.url) {
    return h("a", { class: "button", href: data.url, target: "_blank", rel: "noopener" }, t("booking.open_payment"));
  }
  return h("dl", {}, [["booking.crypto_address", data.pay_address], ["booking.crypto_amount", `${data.pay_amount} ${data.pay_currency}`]]
    .map(([key, value]) => [h("dt", {}, t(key)), h("dd", { class: "mono" }, value)]));
}

/** The "pay with" buttons for the methods this server offers; `start(method)` opens the checkout. */
export async function paymentButtons(out, start) {
  const offered = await api("/api/payments/methods").then((r) => r.methods).catch(() => ALL);
  const pay = async (method) => {
    try {
      const data = await start(method);
      const body = data.client_secret ? await cardForm(data, out) : details(data);
      mount(out, h("div", { class: "card stack" }, body, h("p", { class: "muted" }, t("booking.waiting_confirmation"))));
    } catch (error) {
      mount(out, problem(error));
    }
  };
  return h("div", { class: "actions", role: "group", "aria-label": t("booking.pay_with") },
    offered.map((m) => h("button", { type: "button", onclick: () => pay(m) }, t(`booking.method.${m}`))));
}

/** Checkout of a held booking (POST /api/bookings/{id}/checkout). */
export function checkoutButtons(booking, out) {
  return paymentButtons(out, (method) => api(`/api/bookings/${booking.id}/checkout`, { method: "POST", body: { method } }));
}
