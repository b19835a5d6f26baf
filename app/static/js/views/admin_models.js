// Admin: every model with photo and prices; create, edit, delete (/api/admin/models); the approval
// queue (/api/admin/models/awaiting-approval, asked for when PNP_MODEL_APPROVAL=1).
import { api } from "../api.js";
import { fromPrice, load, person, problem } from "../components.js";
import { h, mount, status, table } from "../dom.js";
import { t } from "../i18n.js";
import { modelForm } from "../model_form.js";

const missing = (m) => (m.missing.length ? m.missing.map((item) => t(`studio.missing.${item}`)).join("; ") : t("admin.yes"));

async function queue(box, out, refresh) {
  const page = await load(box, api("/api/admin/models/awaiting-approval?limit=200"));
  if (!page) return;
  mount(box, page.items.length ? h("ul", { class: "stack" }, page.items.map((m) => h("li", { class: "card", "data-awaiting": m.id },
    h("p", {}, h("a", { href: `#/models/${m.id}` }, m.display_name), m.owner ? ` · ${person(m.owner)}` : "", ` · ${missing(m)}`),
    h("button", { type: "button", onclick: async () => {
      try { await api(`/api/admin/models/${m.id}/approve`, { method: "POST" }); refresh(); } catch (e) { mount(out, problem(e)); }
    } }, t("admin.approve")))))
    : status(t("admin.none_awaiting")));
}

export async function render(root, params, { config }) {
  const list = h("div", {});
  const awaiting = h("div", {});
  const editor = h("section", { class: "card stack", id: "model-editor", hidden: true });
  const out = h("div", { "aria-live": "polite" });
  const refresh = async () => {
    if (config.model_approval) queue(awaiting, out, refresh);
    const page = await load(list, api("/api/admin/models?limit=200"));
    if (!page) return;
    mount(list, page.items.length ? table(
      [t("form.photo"), t("form.display_name"), t("form.visibility"), t("form.prices"), t("admin.listed"), ""],
      page.items.map((m) => [
        m.photo ? h("img", { class: "thumb", src: m.photo.small, alt: "" }) : "–",
        h("a", { href: `#/models/${m.id}` }, m.display_name),
        t(`visibility.${m.visibility}`),
        fromPrice(m) || "–",
        missing(m),
        h("span", { class: "actions" },
          h("button", { type: "button", class: "secondary", onclick: () => edit(m) }, t("admin.edit")),
          h("button", { type: "button", class: "danger", onclick: async () => {
            if (!window.confirm(t("admin.confirm_delete", { name: m.display_name }))) return;
            try { await api(`/api/admin/models/${m.id}`, { method: "DELETE" }); refresh(); } catch (e) { mount(out, problem(e)); }
          } }, t("admin.delete")))]))
      : status(t("directory.empty")));
  };
  const edit = (model) => {
    editor.hidden = false;
    mount(editor, h("h2", {}, model ? t("admin.edit_model", { name: model.display_name }) : t("admin.new_model")),
      modelForm(model, {
        save: (body) => (model ? api(`/api/admin/models/${model.id}`, { method: "PUT", body })
          : api("/api/admin/models", { method: "POST", body })),
        photoPath: (saved) => `/api/admin/models/${saved.id}/photo`,
        onSaved: (saved) => { model = saved; refresh(); },
      }));
    editor.querySelector("input").focus();
  };
  mount(root, h("h1", {}, t("nav.admin_models")),
    config.model_approval ? [h("h2", {}, t("admin.awaiting_approval")), awaiting] : null,
    h("button", { type: "button", onclick: () => edit(null) }, t("admin.new_model")), out, editor, list);
  await refresh();
}
