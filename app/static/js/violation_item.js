// One item of the moderator console: who said what where, the classifier's scores as bars, the
// chat said before it, the author's history (loaded when the item is opened) and the actions.
import { api } from "./api.js";
import { personName, problem } from "./components.js";
import { field, h, mount, status } from "./dom.js";
import { dateTime, t, timeOnly } from "./i18n.js";

const categoryName = (c) => t(`moderation.category.${c}`);
const categoryNames = (v) => (v.categories || []).map(categoryName).join(", ");

export function reviewedBadge(state, reviewer) {
  return h("span", { class: `badge ${state === "upheld" ? "danger" : "success"}`, "data-review-status": state },
    reviewer ? t("moderation.reviewed_by", { state: t(`moderation.review.${state}`), name: reviewer }) : t(`moderation.review.${state}`));
}

function reportedBadge(v) {
  if (v.source !== "report") return null;
  const reason = v.report_reason === "other" ? t("chat.report_other") : categoryName(v.report_reason);
  const text = t("moderation.reported_by", { name: v.reporter_name, reason });
  return h("span", { class: "badge info", "data-testid": "reported", title: text }, `${t("moderation.reported")} · ${text}`);
}

/** The badges of an item's header: what the classifier did, a user's report, then the review. */
export function badges(v) {
  return [
    h("span", { class: `badge ${v.action === "block" ? "danger" : "warn"}` }, t(`moderation.action.${v.action}`)),
    reportedBadge(v),
    v.review_status && v.review_status !== "pending" ? reviewedBadge(v.review_status, v.reviewer_name) : null,
  ];
}

const author = (v) => personName({ name: v.user_name });
const roomLabel = (v) => (v.room_name ? t("moderation.room_live", { name: v.room_name }) : v.room);

function scores(v) {
  const entries = Object.entries(v.scores || {}).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return null;
  return h("ul", { class: "scores", "aria-label": t("moderation.scores") }, entries.map(([code, value]) => {
    const percent = `${Math.round(value * 100)}%`;
    const label = categoryName(code);
    return h("li", { class: (v.categories || []).includes(code) ? "hit" : null },
      h("span", {}, label),
      h("meter", { min: 0, max: 1, low: 0.35, high: 0.7, optimum: 0, value, "aria-label": `${label} ${percent}` }),
      h("span", { class: "value" }, percent));
  }));
}

function context(v) {
  const lines = v.context || [];
  return h("section", { class: "context", "aria-label": t("moderation.context") },
    h("h3", {}, t("moderation.context")),
    lines.length
      ? h("ol", {}, lines.map((line) => h("li", {}, h("time", { datetime: line.sent_at }, timeOnly(line.sent_at)), " ",
        h("strong", {}, line.author), " ", line.text)),
      h("li", { class: "said" }, h("time", { datetime: v.created_at }, timeOnly(v.created_at)), " ",
        h("strong", {}, author(v)), " ", v.message))
      : h("p", { class: "muted" }, t("moderation.no_context")));
}

function historyView(data) {
  const { user, violations, violations_total: total, sanctions } = data;
  const now = new Date();
  const state = [
    user.banned_until && new Date(user.banned_until) > now ? t("moderation.banned_until", { until: dateTime(user.banned_until) }) : null,
    user.muted_until && new Date(user.muted_until) > now ? t("moderation.muted_until", { until: dateTime(user.muted_until) }) : null,
  ].filter(Boolean);
  return [
    state.length ? h("p", { class: "notice" }, state.join(" · ")) : null,
    h("h4", {}, t("moderation.earlier", { count: total })),
    violations.length ? h("ul", { class: "history" }, violations.map((e) => h("li", {},
      h("time", { datetime: e.created_at }, dateTime(e.created_at)), " ", badges(e), " ",
      h("span", { class: "muted" }, categoryNames(e)), " — ", e.message))) : null,
    h("h4", {}, t("moderation.sanctions", { count: sanctions.length })),
    sanctions.length ? h("ul", { class: "history" }, sanctions.map((s) => h("li", {},
      h("time", { datetime: s.created_at }, dateTime(s.created_at)), " ",
      t(`moderation.sanction.${s.action}`), s.until ? ` ${t("moderation.until", { until: dateTime(s.until) })}` : "",
      s.actor_name ? ` · ${s.actor_name}` : "", s.reason ? ` — ${s.reason}` : ""))) : null,
  ];
}

/** The item's node; `node.act(name)` runs uphold, overturn, mute or ban; `node.open()` shows it
 *  whole and loads the history; `node.reviewed(state, reviewer)` collapses it. */
export function violationItem(v, { onReviewed }) {
  const out = h("div", { "aria-live": "polite" });
  const reason = h("input", { type: "text", maxlength: 500, required: true, value: categoryNames(v) || t("moderation.reason_default") });
  const badgeSlot = h("span", { class: "badges" }, badges(v));
  const historyBox = h("div", {}, status(t("common.loading")));
  const history = h("details", { class: "user-history" },
    h("summary", {}, t("moderation.history_of", { name: author(v) })), historyBox);
  let historyLoaded = false;
  const loadHistory = async () => {
    if (historyLoaded) return;
    historyLoaded = true;
    try {
      mount(historyBox, historyView(await api(`/api/admin/moderation/users/${v.user_id}/history?before_id=${v.id}`)));
    } catch (error) {
      historyLoaded = false;
      mount(historyBox, problem(error));
    }
  };
  history.addEventListener("toggle", () => { if (history.open) loadHistory(); });

  const send = async (path, body, after) => {
    try {
      const answer = await api(path, { method: "POST", body });
      if (after) after(answer);
      mount(out, status(t("moderation.done"), "success"));
    } catch (error) {
      mount(out, problem(error));
    }
  };
  const sanctionBody = (extra) => ({ ...extra, reason: reason.value.trim() || t("moderation.reason_default") });
  const actions = {
    uphold: () => review("uphold"),
    overturn: () => review("overturn"),
    mute: () => send(`/api/admin/moderation/users/${v.user_id}/mute`, sanctionBody({ minutes: 60 })),
    ban: () => {
      if (!window.confirm(t("moderation.ban_confirm", { name: author(v) }))) return undefined;
      return send(`/api/admin/moderation/users/${v.user_id}/ban`, sanctionBody({ days: 7 }));
    },
  };
  const button = (name, key, kind = "secondary") => h("button", { type: "button", class: kind, "aria-keyshortcuts": key, onclick: actions[name] },
    t(`moderation.${name}`), " ", h("kbd", { "aria-hidden": "true" }, key.toUpperCase()));
  const body = h("div", { class: "stack violation-body" },
    h("blockquote", {}, v.message), scores(v), context(v), history,
    field(t("moderation.reason"), reason),
    h("div", { class: "actions" }, button("uphold", "u"), button("overturn", "o"), button("mute", "m"), button("ban", "b", "danger")),
    out);
  const toggle = h("button", { type: "button", class: "link", "aria-expanded": "true", onclick: () => show(body.hidden) }, t("moderation.hide"));
  const node = h("li", { class: "card stack violation", "data-violation-id": v.id, "data-state": v.review_status === "pending" || !v.review_status ? "pending" : "reviewed", tabindex: -1 },
    h("div", { class: "violation-head" }, badgeSlot, " ",
      h("strong", { class: "who-said" }, author(v)), v.username && v.username !== v.user_name ? h("span", { class: "muted" }, ` @${v.username}`) : null,
      h("span", { class: "muted" }, ` · ${roomLabel(v)} · ${dateTime(v.created_at)}`), " ", toggle),
    body);
  function show(open) {
    body.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? t("moderation.hide") : t("moderation.show");
  }
  async function review(decision) {
    await send("/api/admin/moderation", { violation_id: v.id, decision }, (answer) => {
      node.reviewed(answer.violation.review_status, answer.violation.reviewer_name);
      if (answer.user_restored) out.before(status(t("moderation.user_restored"), "info"));
      onReviewed(node);
    });
  }
  node.act = (name) => actions[name]();
  node.open = () => { show(true); history.open = true; loadHistory(); };
  node.reviewed = (state, reviewer) => {
    if (node.dataset.state === "reviewed") return;
    node.dataset.state = "reviewed";
    mount(badgeSlot, badges({ ...v, review_status: state, reviewer_name: reviewer }));
    show(false);
  };
  if (node.dataset.state === "reviewed") show(false);
  return node;
}
