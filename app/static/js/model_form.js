// The model profile form shared by the studio (PUT /api/model/me) and admin (POST/PUT /api/admin/models).
import { api } from "./api.js";
import { problem } from "./components.js";
import { field, h, mount, status } from "./dom.js";
import { t } from "./i18n.js";

function priceRow(price = { duration_minutes: "", price_cents: "" }) {
  return h("div", { class: "price-row" },
    field(t("form.duration"), h("input", { type: "number", min: 5, max: 480, name: "duration", value: price.duration_minutes, required: true })),
    field(t("form.price"), h("input", { type: "number", min: 0, step: "0.01", name: "price", inputmode: "decimal",
      value: price.price_cents === "" ? "" : (price.price_cents / 100).toFixed(2), required: true })),
    h("button", { type: "button", class: "link", onclick: (e) => e.target.closest(".price-row").remove() }, t("form.remove")));
}

function collect(form, prices) {
  const value = (name) => form.elements[name].value.trim();
  return {
    display_name: value("display_name"),
    username: value("username") || null,
    bio: form.elements.bio.value,
    languages: [...form.querySelectorAll("input[name=languages]:checked")].map((x) => x.value),
    tags: value("tags").split(",").map((x) => x.trim().toLowerCase()).filter(Boolean),
    visibility: value("visibility"),
    timezone: value("timezone"),
    prices: [...prices.querySelectorAll(".price-row")].map((row) => ({
      duration_minutes: Number(row.querySelector("[name=duration]").value),
      price_cents: Math.round(Number(row.querySelector("[name=price]").value) * 100) })),
  };
}

/** `save(body)` returns the saved model; `photoPath(model)` the upload URL (null: no photo yet). */
export function modelForm(model, { save, photoPath, onSaved }) {
  const out = h("div", { "aria-live": "polite" });
  const prices = h("div", { class: "stack" }, (model?.prices || []).map(priceRow));
  const photo = h("input", { type: "file", name: "file", accept: "image/jpeg,image/png,image/webp" });
  const preview = h("img", { class: "thumb", alt: "", src: model?.photo?.small || "", hidden: !model?.photo });
  const langs = ["es", "en"].map((code) => h("label", { class: "check" },
    h("input", { type: "checkbox", name: "languages", value: code, checked: (model?.languages || ["en"]).includes(code) }), " ", t(`lang.${code}`)));
  const form = h("form", { class: "stack model-form", onsubmit: async (event) => {
    event.preventDefault();
    try {
      let saved = await save(collect(form, prices));
      if (photo.files.length) {
        const body = new FormData();
        body.append("file", photo.files[0]);
        saved = await api(photoPath(saved), { method: "POST", form: body });
        preview.src = saved.photo.small;
        preview.hidden = false;
      }
      mount(out, status(t("form.saved"), "success"));
      onSaved?.(saved);
    } catch (error) {
      mount(out, problem(error));
    }
  } },
  field(t("form.display_name"), h("input", { name: "display_name", required: true, maxlength: 80, value: model?.display_name || "" })),
  field(t("form.username"), h("input", { name: "username", pattern: "[A-Za-z0-9_]{3,32}", value: model?.username || "" })),
  field(t("form.bio"), h("textarea", { name: "bio", rows: 4, maxlength: 2000 }, model?.bio || "")),
  h("fieldset", {}, h("legend", {}, t("form.languages")), langs),
  field(t("form.tags"), h("input", { name: "tags", value: (model?.tags || []).join(", ") }), t("form.tags_hint")),
  field(t("form.visibility"), h("select", { name: "visibility" }, ["public", "prime", "hidden"].map((v) =>
    h("option", { value: v, selected: (model?.visibility || "public") === v }, t(`visibility.${v}`))))),
  field(t("form.timezone"), h("input", { name: "timezone", value: model?.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone, required: true })),
  h("fieldset", {}, h("legend", {}, t("form.prices")), prices,
    h("button", { type: "button", class: "secondary", onclick: () => prices.append(priceRow()) }, t("form.add_price"))),
  h("div", { class: "field" }, h("label", { for: "photo-input" }, t("form.photo")), Object.assign(photo, { id: "photo-input" }), preview),
  out, h("button", { type: "submit" }, t("form.save")));
  return form;
}
