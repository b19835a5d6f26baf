// Moderators: the console. Stored violations (filtered, paged) and live `violation` frames; J/K
// move between items, U/O/M/B act on the selected one; reviewed items collapse.
import { api } from "../api.js";
import { load } from "../components.js";
import { field, h, mount } from "../dom.js";
import { t } from "../i18n.js";
import * as realtime from "../realtime.js";
import { violationItem } from "../violation_item.js";

const CATEGORIES = ["S", "H", "V", "HR", "SH", "S3", "H2", "V2"];
const PAGE = 25;
const KEYS = { u: "uphold", o: "overturn", m: "mute", b: "ban" };

function select(label, name, options) {
  return field(label, h("select", { name }, options.map(([value, text]) => h("option", { value }, text))));
}

function shortcuts() {
  const key = (k, what) => h("li", {}, h("kbd", {}, k), " ", what);
  return h("ul", { class: "shortcuts", "aria-label": t("moderation.shortcuts"), "data-testid": "shortcuts" },
    key("J", t("moderation.key.next")), key("K", t("moderation.key.previous")),
    key("U", t("moderation.uphold")), key("O", t("moderation.overturn")),
    key("M", t("moderation.mute")), key("B", t("moderation.ban")));
}

export async function render(root) {
  const out = h("div", { "aria-live": "polite" });
  const feed = h("ol", { class: "stack feed", "data-testid": "violations" });
  const more = h("button", { type: "button", class: "secondary", hidden: true }, t("moderation.more"));
  const form = h("form", { class: "filters", "aria-label": t("moderation.filters"), onsubmit: (e) => e.preventDefault() },
    select(t("moderation.filter.status"), "status", [["pending", t("moderation.filter.pending")],
      ["reviewed", t("moderation.filter.reviewed")], ["", t("moderation.filter.all")]]),
    select(t("moderation.filter.category"), "category", [["", t("moderation.filter.all")],
      ...CATEGORIES.map((c) => [c, t(`moderation.category.${c}`)])]),
    select(t("moderation.filter.action"), "action", [["", t("moderation.filter.all")],
      ["flag", t("moderation.action.flag")], ["block", t("moderation.action.block")],
      ["allow", t("moderation.action.allow")]]),
    field(t("moderation.filter.room"), h("input", { name: "room", type: "search", maxlength: 200, placeholder: "live:12" })));
  mount(root, h("h1", {}, t("nav.moderation")), h("p", { class: "muted" }, t("moderation.intro")),
    shortcuts(), form, out, feed, more);

  const filters = () => Object.fromEntries([...new FormData(form)].filter(([, value]) => value !== ""));
  let offset = 0;
  let selected = null;
  const items = () => [...feed.querySelectorAll(".violation")];
  const choose = (node) => {
    if (!node) return;
    selected?.classList.remove("selected");
    selected?.removeAttribute("aria-current");
    selected = node;
    node.classList.add("selected");
    node.setAttribute("aria-current", "true");
    node.focus({ preventScroll: true });
    node.scrollIntoView({ block: "nearest" });
    if (node.dataset.state === "pending") node.open();
  };
  const step = (by) => {
    const all = items();
    const at = all.indexOf(selected);
    choose(all[at === -1 ? 0 : Math.min(Math.max(at + by, 0), all.length - 1)]);
  };
  const onReviewed = (node) => {
    if (node !== selected) return;
    const next = items().slice(items().indexOf(node) + 1).find((n) => n.dataset.state === "pending");
    if (next) choose(next);
  };
  const add = (v, where) => {
    if (feed.querySelector(`[data-violation-id="${v.id}"]`)) return;
    const node = violationItem(v, { onReviewed });
    if (where === "top") feed.prepend(node);
    else feed.append(node);
  };
  const matches = (v) => {
    const f = filters();
    return (!f.status || f.status === "pending") && (!f.category || v.categories.includes(f.category))
      && (!f.action || v.action === f.action) && (!f.room || v.room === f.room);
  };
  const fetchPage = async () => {
    const query = new URLSearchParams({ ...filters(), limit: PAGE, offset });
    const page = await load(out, api(`/api/admin/moderation/violations?${query}`));
    if (!page) return;
    page.items.forEach((v) => add(v, "bottom"));
    offset += page.items.length;
    more.hidden = offset >= page.total;
  };
  const reload = () => {
    offset = 0;
    selected = null;
    feed.replaceChildren();
    mount(out);
    return fetchPage();
  };
  form.addEventListener("change", reload);
  more.addEventListener("click", fetchPage);

  const onKey = (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest?.("input, select, textarea, [contenteditable]")) return;
    const key = e.key.toLowerCase();
    if (key === "j" || key === "k") {
      e.preventDefault();
      step(key === "j" ? 1 : -1);
    } else if (KEYS[key] && selected) {
      e.preventDefault();
      selected.act(KEYS[key]);
    }
  };
  document.addEventListener("keydown", onKey);
  const stops = [
    realtime.subscribe("moderation"),
    realtime.on("violation", (v) => { if (matches(v)) add(v, "top"); }),
    realtime.on("violation_reviewed", (frame) => {
      feed.querySelector(`[data-violation-id="${frame.id}"]`)?.reviewed(frame.review_status, frame.reviewer_name);
    }),
    () => document.removeEventListener("keydown", onKey),
  ];
  await fetchPage();
  return () => stops.forEach((fn) => fn());
}
