// Sign-in: Telegram Mini App initData, the Telegram Login Widget, or dev login (a role picker).
import { api } from "../api.js";
import { field, formData, h, mount, status } from "../dom.js";
import { detectLanguage, setLanguage, t } from "../i18n.js";
import { session } from "../session.js";

const DEMO_IDS = { FREE: 1001, PRIME: 1002, MODEL: 1003, MODERATOR: 1004, ADMIN: 1005 };

async function afterSignIn(auth) {
  await setLanguage(detectLanguage(auth.user));
  session.save(auth);
  location.hash = auth.user.onboarding_complete ? "#/" : "#/onboarding";
}

/** Inside Telegram: initData from the WebApp object or from the launch fragment. */
function telegramInitData() {
  const fromObject = window.Telegram?.WebApp?.initData;
  if (fromObject) return fromObject;
  const fragment = new URLSearchParams(location.hash.slice(1));
  return fragment.get("tgWebAppData");
}

export async function miniAppSignIn() {
  const initData = telegramInitData();
  if (!initData) return;
  history.replaceState(null, "", location.pathname + "#/");
  try {
    await afterSignIn(await api("/api/auth/telegram", { method: "POST", body: { init_data: initData } }));
  } catch (error) {
    session.clear();
    sessionStorage.setItem("pnp.signin_error", error.message);
  }
}

const WIDGET_ORIGIN = "https://oauth.telegram.org";
let widgetListener = null;

/** The Login Widget's button is a frame on oauth.telegram.org that posts the signed user to this
 * page. Its `data-onauth` callback would need eval (the page's CSP allows none), so the page
 * listens for that message itself; the server checks the signature either way. */
function loginWidget(botUsername, out) {
  window.removeEventListener("message", widgetListener);
  widgetListener = async (event) => {
    if (event.origin !== WIDGET_ORIGIN || typeof event.data !== "string") return;
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    if (data.event !== "auth_user" || !data.auth_data) return;
    try {
      await afterSignIn(await api("/api/auth/telegram", { method: "POST", body: { widget: data.auth_data } }));
    } catch (error) {
      mount(out, status(error.message, "error"));
    }
  };
  window.addEventListener("message", widgetListener);
  return h("script", { async: true, src: "https://telegram.org/js/telegram-widget.js?22",
    "data-telegram-login": botUsername, "data-size": "large", "data-request-access": "write" });
}

function devLogin(out) {
  const role = h("select", { name: "role" }, Object.keys(DEMO_IDS).map((r) => h("option", { value: r }, t(`role.${r}`))));
  const id = h("input", { name: "telegram_id", type: "number", min: "1", inputmode: "numeric", placeholder: "1001" });
  const username = h("input", { name: "username", autocomplete: "username", pattern: "[A-Za-z0-9_]{1,64}" });
  const firstName = h("input", { name: "first_name", autocomplete: "given-name", maxlength: 128 });
  const submit = async (event) => {
    event.preventDefault();
    const data = formData(event.target);
    const body = { role: data.role, telegram_id: Number(data.telegram_id) || DEMO_IDS[data.role] };
    if (data.username) body.username = data.username;
    if (data.first_name.trim()) body.first_name = data.first_name.trim();
    try {
      await afterSignIn(await api("/api/auth/dev-login", { method: "POST", body }));
    } catch (error) {
      mount(out, status(error.message, "error"));
    }
  };
  return h("form", { class: "card stack", onsubmit: submit, "aria-labelledby": "dev-title" },
    h("h2", { id: "dev-title" }, t("signin.dev_title")), h("p", { class: "muted" }, t("signin.dev_hint")),
    field(t("signin.role"), role), field(t("signin.telegram_id"), id, t("signin.telegram_id_hint")),
    field(t("signin.first_name"), firstName), field(t("signin.username"), username), h("button", { type: "submit" }, t("signin.submit")));
}

export async function render(root, _params, { config }) {
  const out = h("div", { "aria-live": "polite" });
  const stored = sessionStorage.getItem("pnp.signin_error");
  sessionStorage.removeItem("pnp.signin_error");
  const methods = [];
  if (config.telegram_bot_username) {
    methods.push(h("section", { class: "card stack" }, h("h2", {}, t("signin.telegram_title")),
      h("p", { class: "muted" }, t("signin.telegram_hint")), loginWidget(config.telegram_bot_username, out)));
  }
  if (config.dev_login) methods.push(devLogin(out));
  if (!methods.length) methods.push(status(t("signin.none"), "error"));
  mount(root, h("h1", {}, t("signin.title")), stored ? status(stored, "error") : null, out,
    h("div", { class: "grid-2" }, methods));
}
