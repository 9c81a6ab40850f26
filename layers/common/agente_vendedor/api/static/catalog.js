// Productos (price and stock edited in place) and Empresa (the sections the chat answers company questions from).

import { api } from "./api.js";
import { $, badge, el, numero, pesos } from "./dom.js";
import { listView } from "./list_view.js";
import { notify, run } from "./notices.js";

function productRow(p) {
  const precio = el("input", { type: "number", min: "1", step: "1", value: String(p.precio), class: "corto", "aria-label": `Precio de ${p.sku}` });
  const stock = el("input", { type: "number", min: "0", step: "1", value: String(p.stock), class: "corto", "aria-label": `Stock de ${p.sku}` });
  const save = el("button", { class: "accion secundaria", type: "button", "aria-label": `Guardar producto ${p.sku}` }, "Guardar");
  save.addEventListener("click", () => run(save, async () => {
    const updated = await api(`/productos/${encodeURIComponent(p.sku)}`, {
      method: "PATCH", body: { precio: Number(precio.value), stock: Number(stock.value) },
    });
    Object.assign(p, updated);
    notify(`${updated.sku}: precio ${pesos.format(updated.precio)}, stock ${numero.format(updated.stock)}.`);
  }));
  return { precio, stock, save };
}

export function productsView(container) {
  const controls = new WeakMap();
  const of = (p) => {
    if (!controls.has(p)) controls.set(p, productRow(p));
    return controls.get(p);
  };
  return listView(container, {
    path: "/productos/",
    label: "Productos",
    caption: "Precio y stock se guardan con el botón de cada fila.",
    filters: [
      { name: "q", label: "Buscar", type: "search", placeholder: "casco dieléctrico, guantes…" },
      { name: "categoria", label: "Categoría" },
      { name: "en_stock", label: "Stock", type: "select", options: [["", "Todos"], ["true", "Con stock"], ["false", "Agotados"]] },
    ],
    columns: [
      { label: "SKU", value: (p) => p.sku },
      { label: "Nombre", value: (p) => p.nombre },
      { label: "Categoría", value: (p) => p.categoria },
      { label: "Precio (COP)", num: true, value: (p) => of(p).precio },
      { label: "Stock", num: true, value: (p) => of(p).stock },
      { label: "Activo", value: (p) => (p.activo ? badge("sí", "ok") : badge("no", "mal")) },
      { label: "Acciones", hiddenLabel: true, value: (p) => of(p).save },
    ],
  });
}

function sectionFields(section, index, onRemove) {
  const number = index + 1;
  return el("fieldset", { class: "seccion-empresa" },
    el("legend", {}, `Sección ${number}`),
    el("label", { class: "campo" }, "Título", el("input", { name: "titulo", value: section.titulo, required: true, maxlength: "200" })),
    el("label", { class: "campo" }, "Contenido", el("textarea", { name: "contenido", required: true, maxlength: "20000", value: section.contenido })),
    el("p", {}, el("button", { class: "accion peligro", type: "button", "aria-label": `Quitar la sección ${number}: ${section.titulo || "sin título"}`, onclick: onRemove }, "Quitar")));
}

export function companyView() {
  const form = $("#form-empresa");
  const holder = $("#secciones-empresa");
  let sections = [];

  const read = () => [...holder.querySelectorAll("fieldset")].map((fieldset) => ({
    titulo: fieldset.querySelector('[name="titulo"]').value.trim(),
    contenido: fieldset.querySelector('[name="contenido"]').value.trim(),
  }));
  function render() {
    holder.replaceChildren(...sections.map((section, index) => sectionFields(section, index, () => {
      sections = read();
      sections.splice(index, 1);
      render();
    })));
  }
  $("#agregar-seccion").addEventListener("click", () => {
    sections = [...read(), { titulo: "", contenido: "" }];
    render();
    holder.querySelector("fieldset:last-of-type input").focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(event.submitter, async () => {
      const saved = await api("/empresa", { method: "PUT", body: { nombre: $("#empresa-nombre").value.trim(), secciones: read() } });
      sections = saved.secciones;
      render();
      notify(`Empresa guardada: ${saved.secciones.length} secciones.`);
    });
  });
  return {
    async reload() {
      const company = await api("/empresa");
      $("#empresa-nombre").value = company.nombre;
      sections = company.secciones;
      render();
    },
  };
}
