// Moderators: the violation feed (stored list + live `violation` frames), uphold/overturn, mute, ban.
import { api } from "../api.js";
import { load, person, problem } from "../components.js";
import { field, h, mount, status } from "../dom.js";
import { dateTime, t } from "../i18n.js";
import * as realtime from "../realtime.js";

const categoryNames = (v) => (v.categories || []).map((c) => t(`moderation.category.${c}`)).join(", ");

function reviewedBadge(state) {
  return h("span", { class: `badge ${state === "upheld" ? "danger" : "success"}`, "data-review-status": state },
    t(`moderation.review.${state}`));
}

function reportedBadge(v) {
  if (v.source !== "report") return null;
  const reason = v.report_reason === "other" ? t("chat.report_other") : t(`moderation.category.${v.report_reason}`);
  return h("span", { class: "badge info", "data-testid": "reported",
    title: t("moderation.reported_by", { name: v.reporter_name, reason }) },
  `${t("moderation.reported")} · ${t("moderation.reported_by", { name: v.reporter_name, reason })}`);
}

function item(v) {
  const out = h("div", { "aria-live": "polite" });
  const reason = h("input", { type: "text", maxlength: 500, required: true, value: categoryNames(v) || t("moderation.reason_default") });
  const badges = h("span", {}, v.review_status && v.review_status !== "pending" ? reviewedBadge(v.review_status) : null);
  const send = async (path, body, after) => {
    try {
      const answer = await api(path, { method: "POST", body });
      if (after) after(answer);
      mount(out, status(t("moderation.done"), "success"));
    } catch (error) {
      mount(out, problem(error));
    }
  };
  const review = (decision) => send("/api/admin/moderation", { violation_id: v.id, decision }, (answer) => {
    mount(badges, reviewedBadge(answer.violation.review_status));
    if (answer.user_restored) out.before(status(t("moderation.user_restored"), "info"));
  });
  const sanction = (action, body) => send(`/api/admin/moderation/users/${v.user_id}/${action}`,
    { ...body, reason: reason.value.trim() || t("moderation.reason_default") });
  return h("li", { class: "card stack violation", "data-violation-id": v.id },
    h("p", {}, h("span", { class: `badge ${v.action === "block" ? "danger" : "warn"}` }, t(`moderation.action.${v.action}`)),
      " ", reportedBadge(v), " ", badges, " ", h("strong", {}, v.name ? person(v) : t("moderation.user", { id: v.user_id })), ` · ${v.room} · ${dateTime(v.created_at)}`),
    h("blockquote", {}, v.message), h("p", { class: "muted" }, categoryNames(v)),
    field(t("moderation.reason"), reason),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", onclick: () => review("uphold") }, t("moderation.uphold")),
      h("button", { type: "button", class: "secondary", onclick: () => review("overturn") }, t("moderation.overturn")),
      h("button", { type: "button", class: "secondary", onclick: () => sanction("mute", { minutes: 60 }) }, t("moderation.mute")),
      h("button", { type: "button", class: "danger", onclick: () => sanction("ban", { days: 7 }) }, t("moderation.ban"))),
    out);
}

export async function render(root) {
  const out = h("div", { "aria-live": "polite" });
  const feed = h("ol", { class: "stack feed", "aria-live": "polite", "data-testid": "violations" });
  const add = (v, where) => {
    if (feed.querySelector(`[data-violation-id="${v.id}"]`)) return;
    if (where === "top") feed.prepend(item(v));
    else feed.append(item(v));
  };
  mount(root, h("h1", {}, t("nav.moderation")), h("p", { class: "muted" }, t("moderation.intro")), out, feed);
  const stops = [realtime.subscribe("moderation"), realtime.on("violation", (v) => add(v, "top"))];
  const data = await load(out, api("/api/admin/moderation/violations?status=pending"));
  if (data) data.items.forEach((v) => add(v, "bottom"));
  return () => stops.forEach((fn) => fn());
}
