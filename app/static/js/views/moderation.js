// Moderators: the violation feed (stored list + live `violation` frames), uphold/overturn, mute, ban.
import { api } from "../api.js";
import { load, problem } from "../components.js";
import { h, mount, status } from "../dom.js";
import { dateTime, t } from "../i18n.js";
import * as realtime from "../realtime.js";

function item(v, out) {
  const act = (path, body) => async () => {
    try {
      await api(path, { method: "POST", body });
      mount(out, status(t("moderation.done"), "success"));
    } catch (error) {
      mount(out, problem(error));
    }
  };
  const categories = (v.categories || []).map((c) => t(`moderation.category.${c}`)).join(", ");
  return h("li", { class: "card stack violation", "data-violation-id": v.id },
    h("p", {}, h("span", { class: `badge ${v.action === "block" ? "danger" : "warn"}` }, t(`moderation.action.${v.action}`)),
      " ", h("strong", {}, `#${v.user_id}`), ` · ${v.room} · ${dateTime(v.created_at)}`),
    h("blockquote", {}, v.message), h("p", { class: "muted" }, categories),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", onclick: act(`/api/admin/moderation/${v.id}/review`, { decision: "upheld" }) }, t("moderation.uphold")),
      h("button", { type: "button", class: "secondary", onclick: act(`/api/admin/moderation/${v.id}/review`, { decision: "overturned" }) }, t("moderation.overturn")),
      h("button", { type: "button", class: "secondary", onclick: act(`/api/admin/users/${v.user_id}/mute`, { minutes: 60 }) }, t("moderation.mute")),
      h("button", { type: "button", class: "danger", onclick: act(`/api/admin/users/${v.user_id}/ban`, { days: 7 }) }, t("moderation.ban"))));
}

export async function render(root) {
  const out = h("div", { "aria-live": "polite" });
  const feed = h("ol", { class: "stack feed", "aria-live": "polite", "data-testid": "violations" });
  mount(root, h("h1", {}, t("nav.moderation")), h("p", { class: "muted" }, t("moderation.intro")), out, feed);
  const data = await load(out, api("/api/admin/moderation?status=pending"));
  if (data) {
    const items = data.items || data;
    mount(feed, items.map((v) => item(v, out)));
  }
  const stops = [realtime.subscribe("moderation"), realtime.on("violation", (v) => feed.prepend(item(v, out)))];
  return () => stops.forEach((fn) => fn());
}
