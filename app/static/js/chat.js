// A room's chat box over the gateway: messages, the sender's own rejections explained, viewers,
// and a report action on everyone else's messages.
import { api } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";
import * as realtime from "./realtime.js";
import { session } from "./session.js";

function explain(frame) {
  const categories = (frame.categories || []).map((c) => t(`moderation.category.${c}`)).join(", ");
  const reason = t(`chat.reason.${frame.reason}`);
  return categories ? `${reason} (${categories})` : `${reason}${frame.detail ? ` — ${frame.detail}` : ""}`;
}

const REASONS = ["H", "HR", "V", "S", "SH", "H2", "V2", "S3", "other"];

function reasonLabel(code) {
  return code === "other" ? t("chat.report_other") : t(`moderation.category.${code}`);
}

/** The report action of one message: a button, then a reason picker, then the outcome. */
function reportAction(room, frame) {
  const box = h("span", { class: "report" });
  const ask = () => {
    const reason = h("select", { name: "reason", "aria-label": t("chat.report_reason") },
      REASONS.map((code) => h("option", { value: code }, reasonLabel(code))));
    const outcome = h("span", { class: "muted", role: "status" });
    const form = h("form", { class: "report-form", onsubmit: async (event) => {
      event.preventDefault();
      try {
        await api("/api/reports", { method: "POST", body: { room, message_id: frame.id, reason: reason.value } });
        box.replaceChildren(h("span", { class: "muted", role: "status" }, t("chat.reported")));
      } catch (error) {
        outcome.textContent = error.message;
        outcome.className = "notice";
      }
    } }, reason, h("button", { type: "submit" }, t("chat.report_send")),
      h("button", { type: "button", class: "link", onclick: () => box.replaceChildren(button) }, t("chat.report_cancel")),
      outcome);
    box.replaceChildren(form);
    reason.focus();
  };
  const button = h("button", { type: "button", class: "link report-button", onclick: ask,
    "aria-label": t("chat.report_label", { name: frame.username }) }, t("chat.report"));
  box.append(button);
  return box;
}

/** `room` is `live:{model_id}` or `call:{booking_id}`; returns { node, stop }. */
export function chatBox(room, { onViewers } = {}) {
  const list = h("ol", { class: "messages", "aria-live": "polite", "aria-label": t("chat.messages") });
  const notice = h("p", { class: "notice", role: "alert" });
  const input = h("input", { name: "text", maxlength: 500, autocomplete: "off", "aria-label": t("chat.message") });
  const add = (node) => {
    list.append(node);
    list.scrollTop = list.scrollHeight;
  };
  const stops = [
    realtime.subscribe(`room:${room}`),
    realtime.on("chat", (frame) => {
      if (frame.room !== room) return;
      const mine = frame.user_id === session.user?.id;
      add(h("li", { class: mine ? "mine" : null, dataset: { messageId: frame.id } },
        h("strong", {}, frame.username || t("person.unnamed")), " ", frame.text,
        frame.flagged ? h("span", { class: "badge warn" }, t("chat.flagged")) : null,
        session.user && !mine ? reportAction(room, frame) : null));
    }),
    realtime.on("rejected", (frame) => {
      if (frame.room !== room) return;
      add(h("li", { class: "rejected", "data-testid": "rejected" }, t("chat.not_sent"), " ", explain(frame)));
    }),
    realtime.on("viewers", (frame) => { if (frame.room === room) onViewers?.(frame.count); }),
  ];
  const form = h("form", { class: "chat-form", onsubmit: (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (realtime.chat(room, text)) {
      input.value = "";
      notice.textContent = "";
    } else {
      notice.textContent = t("chat.offline");
    }
  } }, input, h("button", { type: "submit" }, t("chat.send")));
  const node = h("section", { class: "chat card", "aria-label": t("chat.title") }, h("h2", {}, t("chat.title")),
    list, notice, session.user ? form : h("p", { class: "muted" }, t("chat.signin")));
  return { node, stop: () => stops.forEach((fn) => fn()) };
}
