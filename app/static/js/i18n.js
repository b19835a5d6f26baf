// Strings live in /static/i18n/{es,en}.json; formatting follows the chosen language.

export const LANGUAGES = ["es", "en"];
let strings = {};
let current = "en";

export function detectLanguage(user) {
  const stored = localStorage.getItem("pnp.lang");
  if (LANGUAGES.includes(stored)) return stored;
  if (user && LANGUAGES.includes(user.language)) return user.language;
  const nav = (navigator.languages || [navigator.language || "en"]).map((l) => l.slice(0, 2));
  return nav.find((l) => LANGUAGES.includes(l)) || "en";
}

export async function setLanguage(lang, { remember = false } = {}) {
  const response = await fetch(`/static/i18n/${lang}.json`);
  strings = await response.json();
  current = lang;
  document.documentElement.lang = lang;
  if (remember) localStorage.setItem("pnp.lang", lang);
}

export function lang() {
  return current;
}

/** `t("booking.title", {id: 7})` — `{name}` placeholders; a missing key shows itself. */
export function t(key, vars = {}) {
  const text = strings[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? vars[name] : `{${name}}`));
}

export const viewerTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

export function money(cents, currency = "USD") {
  return new Intl.NumberFormat(current, { style: "currency", currency }).format((cents || 0) / 100);
}

export function dateTime(value, options = { dateStyle: "medium", timeStyle: "short" }) {
  if (!value) return "–";
  return new Intl.DateTimeFormat(current, { timeZone: viewerTimeZone(), ...options }).format(new Date(value));
}

export const timeOnly = (value) => dateTime(value, { hour: "2-digit", minute: "2-digit" });
export const dayLabel = (value) => dateTime(value, { weekday: "short", day: "numeric", month: "short" });
export const shortDay = (value) => dateTime(value, { day: "numeric", month: "short" });
