// The model's own profile, prices and photo (GET/PUT /api/model/me, POST /api/model/me/photo).
import { api } from "../api.js";
import { readiness } from "../components.js";
import { h, mount } from "../dom.js";
import { t } from "../i18n.js";
import { modelForm } from "../model_form.js";

export async function render(root) {
  const model = await api("/api/model/me");
  const checklist = h("div", { "aria-live": "polite" }, readiness(model));
  mount(root, h("h1", {}, t("studio.profile_title")), checklist,
    h("p", {}, h("a", { href: `#/models/${model.id}` }, t("studio.public_profile"))),
    modelForm(model, {
      save: (body) => api("/api/model/me", { method: "PUT", body }),
      photoPath: () => "/api/model/me/photo",
      onSaved: (saved) => mount(checklist, readiness(saved)),
    }));
}
