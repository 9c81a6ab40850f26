// Clientes: the list, and one customer's record (editable by ventas and admin: PATCH /clientes/{cedula}).

import { api } from "./api.js";
import { $, el, fecha, lineas, numero, pesos } from "./dom.js";
import { listView } from "./list_view.js";
import { notify, run } from "./notices.js";

const EDITABLE = [
  { name: "nombre", label: "Nombre", required: true, maxlength: 120 },
  { name: "telefono", label: "Teléfono", required: true, maxlength: 20, inputmode: "tel" },
  { name: "email", label: "Correo", type: "email", maxlength: 254 },
  { name: "direccion", label: "Dirección", maxlength: 200 },
  { name: "ciudad", label: "Ciudad", maxlength: 80 },
];

function recordForm(customer, onSave) {
  const fields = EDITABLE.map((f) => el("label", { class: "campo" }, f.label,
    el("input", { name: f.name, type: f.type || "text", value: customer[f.name] ?? "", required: f.required, maxlength: String(f.maxlength), inputmode: f.inputmode })));
  const tipo = el("label", { class: "campo" }, "Tipo",
    el("select", { name: "tipo" }, ["persona", "empresa"].map((t) => el("option", { value: t, selected: customer.tipo === t }, t))));
  const form = el("form", { class: "ficha", "aria-label": `Ficha del cliente ${customer.cedula}` }, tipo, fields,
    el("p", {}, el("button", { class: "accion", type: "submit", "aria-label": `Guardar cliente ${customer.cedula}` }, "Guardar cambios")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const changes = {};
    for (const name of ["tipo", ...EDITABLE.map((f) => f.name)]) {
      const value = form.elements[name].value.trim();
      if (value !== (customer[name] ?? "")) changes[name] = value === "" ? null : value;
    }
    if (!Object.keys(changes).length) return notify("No hay cambios que guardar.");
    run(event.submitter, () => onSave(changes));
  });
  return form;
}

function history(customer) {
  if (!customer.historial.length) return el("p", { class: "vacio" }, "Sin compras.");
  return el("table", { "aria-label": `Compras de ${customer.cedula}` },
    el("thead", {}, el("tr", {}, ["Fecha", "Productos", "Total"].map((h) => el("th", { scope: "col", class: h === "Total" ? "num" : undefined }, h)))),
    el("tbody", {}, customer.historial.map((v) => el("tr", { class: v.cliente_difiere ? "por-revisar" : undefined },
      el("td", {}, fecha(v.fecha)), el("td", {}, lineas(v.items)), el("td", { class: "num" }, pesos.format(v.total))))));
}

function stats(s) {
  return el("dl", { class: "datos" },
    el("dt", {}, "Compras"), el("dd", {}, `${numero.format(s.numero_compras)} · ${pesos.format(s.total_compras)}`),
    el("dt", {}, "Ticket promedio"), el("dd", {}, pesos.format(s.ticket_promedio)),
    el("dt", {}, "Última compra"), el("dd", {}, fecha(s.ultima_compra)),
    el("dt", {}, "Frecuentes"), el("dd", {}, (s.productos_frecuentes || []).map((p) => `${p.nombre} (${p.cantidad})`).join("; ") || "—"));
}

export function customersView(container) {
  const box = $("#detalle-cliente");
  let list = null;

  async function show(cedula) {
    const customer = await api(`/clientes/${encodeURIComponent(cedula)}`);
    const save = async (changes) => {
      await api(`/clientes/${encodeURIComponent(cedula)}`, { method: "PATCH", body: changes });
      notify(`Ficha de ${cedula} guardada.`);
      await Promise.all([show(cedula), list.reload()]);
    };
    box.replaceChildren(
      el("h3", {}, `${customer.nombre} · ${customer.cedula}`),
      recordForm(customer, save),
      stats(customer.estadisticas),
      el("h3", { class: "separada" }, "Historial"),
      history(customer));
    box.focus();
  }

  list = listView(container, {
    path: "/clientes/",
    label: "Clientes",
    filters: [{ name: "q", label: "Buscar", type: "search", placeholder: "nombre, cédula, teléfono…" }],
    columns: [
      { label: "Nombre", value: (c) => c.nombre },
      { label: "Cédula / NIT", value: (c) => c.cedula },
      { label: "Teléfono", value: (c) => c.telefono },
      { label: "Ciudad", value: (c) => c.ciudad || "—" },
      { label: "Acciones", hiddenLabel: true, value: (c) => el("button", { class: "accion secundaria", type: "button", "aria-label": `Ver y editar cliente ${c.cedula}`, onclick: () => run(null, () => show(c.cedula)) }, "Ver / editar") },
    ],
  });
  return { reload: () => list.reload(), show };
}
