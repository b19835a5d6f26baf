// PRIME membership (GET /api/membership): the plans, the account's status, and checkout
// (POST /api/membership/checkout) through the same payment buttons as a booking. Once the
// payment's webhook made the account PRIME, the session is refreshed so its token says so.
import { api } from "../api.js";
import { load } from "../components.js";
import { h, mount, status } from "../dom.js";
import { dateTime, money, t } from "../i18n.js";
import { paymentButtons } from "../payment.js";
import * as realtime from "../realtime.js";
import { session } from "../session.js";

export async function render(root) {
  const box = h("div", { class: "stack" });
  mount(root, h("h1", {}, t("membership.title")), box);
  let shown = null;

  async function draw() {
    const data = await load(box, api("/api/membership"));
    if (!data) return;
    shown = data.prime_until;
    if (data.role !== session.role) await session.refresh();
    const out = h("div", { "aria-live": "polite" });
    const state = data.prime_until
      ? status(t("membership.prime_until", { date: dateTime(data.prime_until) }), "success")
      : status(t("membership.not_prime"));
    const plans = data.can_buy ? h("ul", { class: "plans stack" }, data.plans.map((plan) => {
      const buttons = h("div", {});
      const choose = h("button", { type: "button", onclick: async () => {
        choose.disabled = true;
        mount(buttons, h("h3", {}, t("booking.pay_with")), await paymentButtons(out, (method) =>
          api("/api/membership/checkout", { method: "POST", body: { plan: plan.code, method } })));
      } }, t("membership.choose", { days: plan.days }));
      return h("li", { class: "card stack", "data-testid": `plan-${plan.code}` },
        h("h2", {}, t("membership.plan", { days: plan.days })),
        h("p", {}, h("strong", {}, money(plan.price_cents, plan.currency))), choose, buttons);
    })) : status(t("membership.not_for_role", { role: t(`role.${data.role}`) }));
    const next = data.prime_until ? h("a", { class: "button", href: "#/" }, t("membership.book_now")) : null;
    mount(box, state, next, plans, out);
  }

  await draw();
  const off = realtime.on("notification", (frame) => { if (String(frame.kind).startsWith("membership.")) draw(); });
  const poll = setInterval(async () => {
    const current = await api("/api/membership").catch(() => null);
    if (current && current.prime_until !== shown) draw();
  }, 5000);
  return () => { off(); clearInterval(poll); };
}
