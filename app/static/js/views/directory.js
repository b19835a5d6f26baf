// The model directory: search, filters, sort, and online badges that follow presence frames.
import { api } from "../api.js";
import { applyPresence, load, modelCard } from "../components.js";
import { field, formData, h, mount, status } from "../dom.js";
import { t } from "../i18n.js";
import * as realtime from "../realtime.js";
import { session } from "../session.js";

function filtersForm(onSearch) {
  const form = h("form", { role: "search", class: "filters", onsubmit: (e) => { e.preventDefault(); onSearch(); } },
    field(t("directory.search"), h("input", { name: "q", type: "search", autocomplete: "off" })),
    h("details", { class: "more-filters", open: window.matchMedia("(min-width: 721px)").matches },
      h("summary", {}, t("directory.filters")),
      field(t("directory.language"), h("select", { name: "language" }, h("option", { value: "" }, t("directory.any")),
        h("option", { value: "es" }, t("lang.es")), h("option", { value: "en" }, t("lang.en")))),
      field(t("directory.tag"), h("input", { name: "tag", pattern: "[a-z0-9-]{1,32}" })),
      field(t("directory.max_price"), h("input", { name: "max_price", type: "number", min: "0", step: "1", inputmode: "numeric" })),
      field(t("directory.sort"), h("select", { name: "sort" }, ["newest", "rating", "price"].map((s) => h("option", { value: s }, t(`directory.sort_${s}`))))),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "online", value: "true" }), " ", t("directory.online_only"))),
    h("button", { type: "submit" }, t("directory.find")));
  return form;
}

export async function render(root) {
  const results = h("div", { class: "grid", id: "models", "aria-live": "polite" });
  const summary = h("p", { class: "muted", role: "status" });
  const search = async () => {
    const data = formData(form);
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(data)) if (value) params.set(key, value);
    if (data.max_price) params.set("max_price", String(Math.round(Number(data.max_price) * 100)));
    const page = await load(results, api(`/api/models?${params}`));
    if (!page) return;
    summary.textContent = t("directory.count", { count: page.total });
    mount(results, page.items.length ? page.items.map(modelCard) : status(t("directory.empty")));
  };
  const form = filtersForm(search);
  const prime = session.is("FREE")
    ? h("p", { class: "muted" }, h("a", { href: "#/membership", "data-testid": "become-prime" }, t("profile.prime_needed")))
    : null;
  mount(root, h("h1", {}, t("directory.title")), prime, form, summary, results);
  await search();
  if (!session.user) return null;
  const stop = [realtime.subscribe("presence"), realtime.on("presence", applyPresence)];
  return () => stop.forEach((fn) => fn());
}
