// The model's studio: today's bookings, earnings, live viewers, the online switch, going live.
import { api } from "../api.js";
import { load, problem, readiness, statusBadge } from "../components.js";
import { chatBox } from "../chat.js";
import { h, mount, status, table } from "../dom.js";
import { figures } from "../figures.js";
import { money, t, timeOnly } from "../i18n.js";
import { camera, publish } from "../media.js";

function onlineSwitch(model, out) {
  const box = h("input", { type: "checkbox", role: "switch", id: "online-switch", checked: model.is_online,
    onchange: async () => {
      try {
        const result = await api("/api/model/me/status", { method: "POST", body: { online: box.checked } });
        box.checked = result.online;
      } catch (error) {
        box.checked = !box.checked;
        mount(out, problem(error));
      }
    } });
  return h("label", { class: "check switch", for: "online-switch" }, box, " ", t("studio.online"));
}

function goLive(model, viewers) {
  const video = h("video", { autoplay: true, playsinline: true, muted: true, "data-testid": "preview", "aria-label": t("studio.preview") });
  const out = h("div", { "aria-live": "polite" });
  const chatSlot = h("div", {});
  let stream = null;
  let live = null;
  let chat = null;
  const stop = async () => {
    await live?.stop();
    stream?.getTracks().forEach((track) => track.stop());
    chat?.stop();
    live = stream = chat = null;
    video.srcObject = null;
    mount(chatSlot);
    button.textContent = t("studio.go_live");
    cameraOff.hidden = true;
  };
  const start = async () => {
    try {
      stream = stream || await camera();
      video.srcObject = stream;
      cameraOff.hidden = false;
      live = await publish(`live:${model.id}`, stream);
      button.textContent = t("studio.end_live");
      mount(out, status(t("studio.live_now"), "success"));
      chat = chatBox(`live:${model.id}`, { onViewers: (n) => { viewers.textContent = String(n); } });
      mount(chatSlot, chat.node);
    } catch (error) {
      mount(out, problem(error)); // the preview stays on, so the model can try again
    }
  };
  const button = h("button", { type: "button", onclick: async () => {
    if (!live) return start();
    await stop();
    return mount(out, status(t("studio.offline_now")));
  } }, t("studio.go_live"));
  const cameraOff = h("button", { type: "button", class: "secondary", hidden: true, onclick: () => { stop(); mount(out); } }, t("studio.camera_off"));
  return { node: h("section", { class: "card stack" }, h("h2", {}, t("studio.live_title")), video,
    h("div", { class: "actions" }, button, cameraOff), out, chatSlot), stop };
}

async function today(box) {
  const from = new Date();
  from.setHours(0, 0, 0, 0);
  const to = new Date(from.getTime() + 86_400_000);
  const page = await load(box, api(`/api/model/me/bookings?scope=range&from=${from.toISOString()}&to=${to.toISOString()}`));
  if (!page) return;
  const items = page.items || page;
  mount(box, items.length ? table([t("bookings.when"), t("bookings.price"), t("bookings.status")],
    items.map((b) => [timeOnly(b.starts_at), money(b.price_cents, b.currency), statusBadge(b.status)])) : status(t("studio.no_bookings_today")));
}

async function loadEarnings(box) {
  const data = await load(box, api("/api/model/me/earnings"));
  if (data) mount(box, figures({ ...data.dashboard, currency: data.currency }));
}

export async function render(root) {
  const model = await api("/api/model/me");
  const out = h("div", { "aria-live": "polite" });
  const viewers = h("strong", { "data-testid": "viewers" }, "0");
  const todayBox = h("div", {});
  const earnings = h("div", {});
  // The page appears with its data: cards filling in later pushed "Go live" down mid-press, and
  // the release landed elsewhere, so the press went unheard.
  await Promise.all([today(todayBox), loadEarnings(earnings)]);
  const live = goLive(model, viewers);
  mount(root, h("h1", {}, t("studio.title", { name: model.display_name })), readiness(model),
    h("div", { class: "toolbar" }, onlineSwitch(model, out), h("span", {}, t("studio.viewers"), " ", viewers)), out,
    h("div", { class: "grid-2" },
      h("section", { class: "card stack" }, h("h2", {}, t("studio.today")), todayBox),
      h("section", { class: "card stack" }, h("h2", {}, t("studio.earnings")), earnings)),
    live.node);
  return () => { live.stop(); };
}
