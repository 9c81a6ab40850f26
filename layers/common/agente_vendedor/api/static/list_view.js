// The one filter / table / pager component behind every list of the panel (chats, orders, sales, customers,
// products, users, audit log). A view is a configuration: the API route, its filters and its columns.
//
//   path       API route answering {items, total, limit, offset}, {items, limit, offset} (no total) or a plain array
//   label      the table's accessible name ("Productos")
//   filters    [{name, label, type: "search"|"text"|"date"|"select"|"checkbox", options: [[value, label]], ...}]
//   columns    [{label, value: (item) => Node|string, num?: true, hiddenLabel?: true}]
//   pageSize   rows per page (25)
//   refine     (items, filters) => items shown (a filter the API does not apply)
//   rowClass   (item) => CSS class of its row
//   key, order, accepts   live updates: upsert(item) keeps the first page ordered and filtered

import { api } from "./api.js";
import { el, formValues, numero } from "./dom.js";
import { run } from "./notices.js";

function filterField(filter) {
  const { name, label, type = "text" } = filter;
  if (type === "checkbox") {
    return el("label", { class: "casilla" }, el("input", { type: "checkbox", name, value: filter.value ?? "true" }), label);
  }
  const control = type === "select"
    ? el("select", { name }, filter.options.map(([value, text]) => el("option", { value }, text)))
    : el("input", { type, name, placeholder: filter.placeholder, maxlength: type === "date" ? undefined : String(filter.maxlength || 200), inputmode: filter.inputmode });
  return el("label", {}, label, " ", control);
}

function normalise(data, limit, offset) {
  if (Array.isArray(data)) return { items: data, total: data.length, limit: Math.max(limit, data.length), offset: 0 };
  const items = data.items || [];
  const pageLimit = data.limit ?? limit;
  const pageOffset = data.offset ?? offset;
  if (typeof data.total === "number") return { items, total: data.total, limit: pageLimit, offset: pageOffset };
  // No total (the audit log): a full page means there may be more.
  const total = pageOffset + items.length + (items.length === pageLimit ? 1 : 0);
  return { items, total, limit: pageLimit, offset: pageOffset, inexact: true };
}

export function listView(container, config) {
  const state = { items: [], offset: 0, total: 0, limit: config.pageSize || 25, inexact: false, loaded: false };
  const columns = config.columns;
  const filters = config.filters || [];
  const form = el("form", { class: "filtros", role: "search", "aria-label": `Filtrar ${config.label}` },
    filters.map(filterField),
    el("button", { class: "accion", type: "submit", "aria-label": `${config.submitLabel || "Buscar"} ${config.label}` }, config.submitLabel || "Buscar"));
  const tbody = el("tbody");
  const table = el("table", { "aria-label": config.label },
    config.caption ? el("caption", {}, config.caption) : null,
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col", class: c.num ? "num" : undefined },
      c.hiddenLabel ? el("span", { class: "sr-only" }, c.label) : c.label)))),
    tbody);
  const status = el("span", { "aria-live": "polite" });
  const previous = el("button", { class: "accion secundaria", type: "button", disabled: true, "aria-label": `Página anterior de ${config.label}` }, "Anterior");
  const next = el("button", { class: "accion secundaria", type: "button", disabled: true, "aria-label": `Página siguiente de ${config.label}` }, "Siguiente");
  const pager = el("div", { class: "paginacion" }, previous, status, next);
  container.replaceChildren(...(filters.length ? [form] : []), el("div", { class: "tabla" }, table), pager);

  const keyOf = (item) => (config.key ? config.key(item) : null);

  function render(fresh = new Set()) {
    const rows = state.items.map((item) => {
      const classes = [config.rowClass ? config.rowClass(item) : "", fresh.has(keyOf(item)) ? "recien" : ""].filter(Boolean);
      return el("tr", { class: classes.join(" ") || undefined },
        columns.map((c) => el("td", { class: c.num ? "num" : undefined }, c.value(item) ?? "—")));
    });
    tbody.replaceChildren(...(rows.length ? rows
      : [el("tr", {}, el("td", { colspan: String(columns.length), class: "vacio" }, config.emptyText || "Sin resultados."))]));
    const last = state.offset + state.items.length;
    status.textContent = state.items.length
      ? `${numero.format(state.offset + 1)}–${numero.format(last)}${state.inexact ? "" : ` de ${numero.format(state.total)}`}`
      : "0 resultados";
    previous.disabled = state.offset === 0;
    next.disabled = last >= state.total;
  }

  let latest = 0; // only the last request's answer is shown (a slow earlier page never overwrites a newer one)

  async function load(offset = 0) {
    const chosen = formValues(form);
    const request = ++latest;
    const data = await api(config.path, { params: { ...chosen, limit: state.limit, offset } });
    if (request !== latest) return state.items;
    const page = normalise(data, state.limit, offset);
    Object.assign(state, { offset: page.offset, total: page.total, limit: page.limit, inexact: Boolean(page.inexact), loaded: true });
    state.items = config.refine ? config.refine(page.items, chosen) : page.items;
    render();
    return state.items;
  }

  // A live item (a WebSocket frame): replace its row, or add it on the first page if it belongs under the filters.
  function upsert(item) {
    const key = keyOf(item);
    if (key === null) return;
    const index = state.items.findIndex((other) => keyOf(other) === key);
    const belongs = !config.accepts || config.accepts(item, formValues(form));
    if (index >= 0 && belongs) state.items[index] = { ...state.items[index], ...item };
    else if (index >= 0) state.items.splice(index, 1);
    else if (belongs && state.offset === 0) {
      state.items.push(item);
      state.total += 1;
    } else return;
    if (config.order) state.items.sort(config.order);
    if (state.items.length > state.limit) state.items.length = state.limit;
    render(new Set([key]));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(event.submitter, () => load(0));
  });
  previous.addEventListener("click", () => run(null, () => load(Math.max(0, state.offset - state.limit))));
  next.addEventListener("click", () => run(null, () => load(state.offset + state.limit)));

  return {
    reload: () => load(state.offset),
    upsert,
    items: () => state.items,
    loaded: () => state.loaded,
    form,
  };
}
