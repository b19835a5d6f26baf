// First visit: language, terms, and the 18+ confirmation (POST /api/me/onboarding).
import { api } from "../api.js";
import { field, h, mount, status } from "../dom.js";
import { lang, setLanguage, t } from "../i18n.js";
import { session } from "../session.js";

export async function render(root) {
  const out = h("div", { "aria-live": "polite" });
  const language = h("select", { name: "language" },
    ["es", "en"].map((code) => h("option", { value: code, selected: code === lang() }, t(`lang.${code}`))));
  const terms = h("input", { type: "checkbox", name: "terms", required: true });
  const adult = h("input", { type: "checkbox", name: "adult", required: true });
  const submit = async (event) => {
    event.preventDefault();
    try {
      const auth = await api("/api/me/onboarding", { method: "POST", body: {
        language: language.value, terms_accepted: terms.checked, adult_confirmed: adult.checked } });
      await setLanguage(language.value, { remember: true });
      session.save(auth);
      location.hash = "#/";
    } catch (error) {
      mount(out, status(error.message, "error"));
    }
  };
  mount(root, h("form", { class: "card stack narrow", onsubmit: submit },
    h("h1", {}, t("onboarding.title")), h("p", {}, t("onboarding.intro")),
    field(t("onboarding.language"), language),
    h("label", { class: "check" }, terms, " ", t("onboarding.terms")),
    h("label", { class: "check" }, adult, " ", t("onboarding.adult")),
    out, h("button", { type: "submit" }, t("onboarding.submit"))));
  if (!session.user) mount(root, status(t("error.signin_first"), "error"));
}
