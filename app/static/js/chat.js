// A room's chat box over the gateway: messages, the sender's own rejections explained, viewers.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import * as realtime from "./realtime.js";
import { session } from "./session.js";

function explain(frame) {
  const categories = (frame.categories || []).map((c) => t(`moderation.category.${c}`)).join(", ");
  const reason = t(`chat.reason.${frame.reason}`);
  return categories ? `${reason} (${categories})` : `${reason}${frame.detail ? ` — ${frame.detail}` : ""}`;
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
      add(h("li", { class: frame.user_id === session.user?.id ? "mine" : null },
        h("strong", {}, frame.username || t("person.unnamed")), " ", frame.text,
        frame.flagged ? h("span", { class: "badge warn" }, t("chat.flagged")) : null));
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
