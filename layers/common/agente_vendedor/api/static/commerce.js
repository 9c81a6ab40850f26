// Pedidos and Ventas: two lists, one component. A sale whose customer data differ from the stored record is flagged.

import { badge, el, etiqueta, fecha, lineas, pesos } from "./dom.js";
import { chatButton, ESTADOS_VENTA } from "./inbox.js";
import { listView } from "./list_view.js";

const ORDER_KIND = { cerrada: "ok", cancelada: "mal", listo_para_finalizar: "aviso" };

export function ordersView(container, { openChat }) {
  return listView(container, {
    path: "/pedidos/",
    label: "Pedidos",
    submitLabel: "Filtrar",
    filters: [{ name: "estado", label: "Estado", type: "select", options: [["", "Todos"], ...ESTADOS_VENTA.map((e) => [e, etiqueta(e)])] }],
    columns: [
      { label: "Chat", value: (p) => chatButton(p.chat_id, openChat) },
      { label: "Estado", value: (p) => badge(etiqueta(p.estado), ORDER_KIND[p.estado] || "") },
      { label: "Productos", value: (p) => lineas(p.items) || "—" },
      { label: "Total", num: true, value: (p) => pesos.format(p.total) },
      { label: "Cliente", value: (p) => (p.cliente ? p.cliente.nombre : "—") },
      { label: "Datos faltantes", value: (p) => p.faltantes.join(", ") || "—" },
      { label: "Venta", value: (p) => p.venta_id || "—" },
    ],
  });
}

function review(sale, openCustomer) {
  if (!sale.cliente_difiere) return "—";
  const cedula = sale.cliente.cedula;
  return [
    el("span", { class: "marca-revisar" }, "Revisar"), " ",
    el("button", { class: "accion secundaria", type: "button", "aria-label": `Ver la ficha del cliente ${cedula}`, onclick: () => openCustomer(cedula) }, "Ver ficha"),
  ];
}

export function salesView(container, { openChat, openCustomer }) {
  return listView(container, {
    path: "/ventas/",
    label: "Ventas",
    submitLabel: "Filtrar",
    filters: [
      { name: "desde", label: "Desde", type: "date" },
      { name: "hasta", label: "Hasta", type: "date" },
      { name: "cedula", label: "Cédula / NIT", inputmode: "numeric", maxlength: 20 },
      { name: "cliente_difiere", label: "Solo por revisar", type: "checkbox" },
    ],
    // The API may ignore `cliente_difiere=true`; the page shown keeps only the flagged sales either way.
    refine: (items, filters) => (filters.cliente_difiere ? items.filter((v) => v.cliente_difiere) : items),
    columns: [
      { label: "Fecha", value: (v) => fecha(v.fecha) },
      { label: "Cliente", value: (v) => `${v.cliente.nombre} (${v.cliente.cedula})` },
      { label: "Productos", value: (v) => lineas(v.items) },
      { label: "Total", num: true, value: (v) => pesos.format(v.total) },
      { label: "Canal", value: (v) => v.canal },
      { label: "Chat", value: (v) => chatButton(v.chat_id, openChat) },
      { label: "Ficha del cliente", value: (v) => review(v, openCustomer) },
    ],
    rowClass: (v) => (v.cliente_difiere ? "por-revisar" : ""),
  });
}
