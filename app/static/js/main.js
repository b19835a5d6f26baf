// Boot: language, session, Telegram Mini App sign-in, then a hash router over lazy view modules.
import { h, mount, status } from "./dom.js";
import { avatar, personName } from "./components.js";
import { LANGUAGES, detectLanguage, lang, setLanguage, t } from "./i18n.js";
import { session } from "./session.js";
import * as realtime from "./realtime.js";
import { pendingCount, stopPending, watchPending } from "./pending.js";
import { miniAppSignIn } from "./views/signin.js";

const ROUTES = [ // pattern, module, roles allowed (null: anyone)
  ["/", "directory", null],
  ["/models/:id", "profile", null],
  ["/match", "match", null],
  ["/live/:id", "live", null],
  ["/signin", "signin", null],
  ["/onboarding", "onboarding", "*"],
  ["/bookings", "bookings", "*"],
  ["/membership", "membership", "*"],
  ["/bookings/:id", "booking", "*"],
  ["/call/:id", "call", "*"],
  ["/notifications", "notifications", "*"],
  ["/support", "support", "*"],
  ["/studio", "studio", ["MODEL", "ADMIN"]],
  ["/studio/profile", "studio_profile", ["MODEL", "ADMIN"]],
  ["/studio/availability", "availability", ["MODEL", "ADMIN"]],
  ["/studio/bookings", "studio_bookings", ["MODEL", "ADMIN"]],
  ["/admin/users", "admin_users", ["ADMIN"]],
  ["/admin/users/:id", "admin_user", ["ADMIN"]],
  ["/admin/models", "admin_models", ["ADMIN"]],
  ["/admin/bookings", "admin_bookings", ["ADMIN"]],
  ["/admin/analytics", "admin_analytics", ["ADMIN"]],
  ["/admin/support", "admin_support", ["ADMIN"]],
  ["/moderation", "moderation", ["MODERATOR", "ADMIN"]],
];

const NAV = [ // href, label key, roles (null: everyone, "*": signed in)
  ["#/", "nav.directory", null],
  ["#/match", "nav.match", null],
  ["#/bookings", "nav.bookings", ["FREE", "PRIME", "ADMIN"]],
  ["#/membership", "nav.membership", ["FREE", "PRIME"]],
  ["#/studio", "nav.studio", ["MODEL"]],
  ["#/studio/availability", "nav.availability", ["MODEL"]],
  ["#/studio/bookings", "nav.studio_bookings", ["MODEL"]],
  ["#/studio/profile", "nav.studio_profile", ["MODEL"]],
  ["#/admin/users", "nav.admin_users", ["ADMIN"]],
  ["#/admin/models", "nav.admin_models", ["ADMIN"]],
  ["#/admin/bookings", "nav.admin_bookings", ["ADMIN"]],
  ["#/admin/analytics", "nav.admin_analytics", ["ADMIN"]],
  ["#/admin/support", "nav.admin_support", ["ADMIN"]],
  ["#/moderation", "nav.moderation", ["MODERATOR", "ADMIN"]],
  ["#/notifications", "nav.notifications", "*"],
  ["#/support", "nav.support", "*"],
];

export const config = { dev_login: false, telegram_bot_username: null };
let cleanup = null;
let unread = 0;

function allowed(roles) {
  if (roles === null) return true;
  if (!session.user) return false;
  return roles === "*" || roles.includes(session.role);
}

function match(path) {
  for (const [pattern, module, roles] of ROUTES) {
    const names = [];
    const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n) => { names.push(n); return "([^/]+)"; })}$`);
    const found = path.match(regex);
    if (found) return { module, roles, params: Object.fromEntries(names.map((n, i) => [n, found[i + 1]])) };
  }
  return null;
}

/** The header's name: first name, and @username when it says something more. */
function whoName(user) {
  const name = personName(user);
  return user.username && user.username !== name ? `${name} @${user.username}` : name;
}

function header() {
  const path = location.hash.slice(1) || "/";
  const links = NAV.filter(([, , roles]) => allowed(roles)).map(([href, key]) =>
    h("a", { href, "aria-current": href.slice(1) === path ? "page" : null },
      t(key), key === "nav.notifications" && unread ? h("span", { class: "count", "aria-label": t("notifications.unread", { count: unread }) }, ` ${unread}`) : null,
      key === "nav.moderation" ? pendingBadge() : null));
  const languages = h("select", { id: "lang", "aria-label": t("nav.language"),
    onchange: async (e) => { await setLanguage(e.target.value, { remember: true }); render(); } },
  LANGUAGES.map((code) => h("option", { value: code, selected: code === lang() }, t(`lang.${code}`))));
  const who = session.user
    ? [avatar(session.user), h("span", { class: "who", "data-testid": "who" }, `${whoName(session.user)} · ${t(`role.${session.role}`)}`),
      h("button", { class: "link", onclick: signOut }, t("nav.signout"))]
    : [h("a", { href: "#/signin", class: "button" }, t("nav.signin"))];
  const menu = h("button", { class: "menu-toggle", "aria-expanded": "false", "aria-controls": "nav",
    onclick: (e) => { const open = e.currentTarget.getAttribute("aria-expanded") !== "true"; e.currentTarget.setAttribute("aria-expanded", String(open)); } },
  t("nav.menu"), allowed(["MODERATOR", "ADMIN"]) ? pendingBadge("menu-pending-count") : null);
  return [h("a", { href: "#/", class: "brand" }, "PNP Live"), menu,
    h("nav", { id: "nav", "aria-label": t("nav.main") }, links),
    h("div", { class: "account" }, languages, who)];
}

/** The nav's count; the phone menu's button shows it too (`menu-pending-count`), so it is seen
 *  while the menu is closed. */
function pendingBadge(testid = "pending-count") {
  const count = pendingCount();
  return h("span", { class: "count", "data-testid": testid, hidden: count === null,
    "aria-label": t("moderation.pending_count", { count }) }, count === null ? "" : String(count));
}

/** Staff see the pending count live; it is updated in place so an open phone menu stays open. */
function watchModeration() {
  if (!session.user || !["MODERATOR", "ADMIN"].includes(session.role)) {
    stopPending();
    return;
  }
  watchPending(() => ["pending-count", "menu-pending-count"].forEach((testid) =>
    document.querySelector(`[data-testid=${testid}]`)?.replaceWith(pendingBadge(testid))));
}

function signOut() {
  realtime.disconnect();
  session.clear();
  location.hash = "#/";
}

let generation = 0;

async function render() {
  if (cleanup) cleanup();
  cleanup = null;
  const mine = ++generation;
  mount(document.getElementById("top"), header());
  // Each render gets a container of its own: a slower earlier render then writes into a
  // detached node instead of over the page the user has moved on to.
  const root = h("div", { class: "view" });
  mount(document.getElementById("main"), root);
  const path = location.hash.slice(1) || "/";
  const route = match(path);
  if (!route) return mount(root, status(t("error.no_page"), "error"));
  if (session.user && !session.user.onboarding_complete && route.module !== "onboarding") {
    location.hash = "#/onboarding";
    return undefined;
  }
  if (!allowed(route.roles)) {
    return mount(root, status(session.user ? t("error.forbidden") : t("error.signin_first"), "error"),
      session.user ? null : h("a", { href: "#/signin", class: "button" }, t("nav.signin")));
  }
  mount(root, status(t("common.loading")));
  const view = await import(`./views/${route.module}.js`);
  let stop = null;
  try {
    stop = (await view.render(root, route.params, { config })) || null;
  } catch (error) {
    mount(root, status(error.message, "error"));
  }
  if (mine !== generation) {
    stop?.();
    return undefined;
  }
  cleanup = stop;
  document.getElementById("main").focus({ preventScroll: true });
  return undefined;
}

async function boot() {
  session.load();
  Object.assign(config, await fetch("/api/config").then((r) => r.json()).catch(() => ({})));
  await miniAppSignIn();
  await setLanguage(detectLanguage(session.user));
  realtime.on("unread", (frame) => { unread = frame.count; mount(document.getElementById("top"), header()); });
  realtime.on("notification", () => { unread += 1; mount(document.getElementById("top"), header()); });
  window.addEventListener("hashchange", render);
  window.addEventListener("pnp:session", () => {
    realtime.disconnect();
    if (session.user) realtime.connect();
    watchModeration();
    mount(document.getElementById("top"), header());
  });
  window.addEventListener("pnp:unread", (e) => { unread = e.detail; mount(document.getElementById("top"), header()); });
  if (session.user) realtime.connect();
  watchModeration();
  await render();
}

boot();
