// Métricas (GET /metricas): cards and charts read at a glance, drawn with the vendored Chart.js (vendor/, UMD build,
// global `Chart`, loaded the first time this tab opens). Every chart has its numbers as a table: visually hidden
// (screen readers read it) until shown.

import { api } from "./api.js";
import { $, dolares, el, etiqueta, fecha, formValues, numero, pesos, porcentaje } from "./dom.js";
import { run } from "./notices.js";

const COLORS = ["#0b5cad", "#d97706", "#1d6b34", "#b3261e", "#6b46c1", "#0f766e", "#9a3412", "#475569"];
const charts = [];
let library = null;

// The chart library, once: a script from this origin (CSP script-src 'self'); without it the tables are shown.
function loadChartLibrary() {
  library ||= new Promise((resolve) => {
    const script = el("script", { src: "vendor/chart.umd.min.js" });
    script.addEventListener("load", () => resolve(window.Chart));
    script.addEventListener("error", () => resolve(undefined));
    document.head.append(script);
  });
  return library;
}

function dataTable(title, headers, rows) {
  return el("table", { class: "sr-only", "aria-label": `Datos: ${title}` },
    el("thead", {}, el("tr", {}, headers.map((h, i) => el("th", { scope: "col", class: i ? "num" : undefined }, h)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, row.map((value, i) => (i ? el("td", { class: "num" }, value) : el("th", { scope: "row" }, value)))))));
}

// One chart: a titled figure with a canvas (skipped when Chart.js is missing) and its table.
function figure({ title, headers, rows, config }) {
  const table = dataTable(title, headers, rows);
  const toggle = el("button", { class: "accion secundaria", type: "button", "aria-pressed": "false", "aria-label": `Ver los números: ${title}` }, "Ver los números");
  toggle.addEventListener("click", () => {
    const shown = table.classList.toggle("sr-only") === false;
    toggle.setAttribute("aria-pressed", String(shown));
    toggle.textContent = shown ? "Ocultar los números" : "Ver los números";
  });
  const canvas = el("canvas", { role: "img", "aria-label": `Gráfica: ${title}. Los números están en la tabla que sigue.` });
  const parts = [el("h3", {}, title)];
  if (window.Chart && rows.length) parts.push(el("div", { class: "lienzo" }, canvas));
  else table.classList.remove("sr-only");
  parts.push(toggle, table);
  const node = el("figure", { class: "grafica" }, parts);
  return { node, draw: () => window.Chart && rows.length && charts.push(new window.Chart(canvas, config)) };
}

const WHOLE_NUMBERS = { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } };
const baseOptions = (extra = {}) => ({
  responsive: true, maintainAspectRatio: false, animation: false,
  plugins: { legend: { display: Boolean(extra.legend) } },
  ...extra.options,
});

function bar(labels, datasets, extra = {}) {
  return {
    type: "bar",
    data: { labels, datasets: datasets.map((d, i) => ({ backgroundColor: COLORS[i % COLORS.length], ...d })) },
    options: { ...baseOptions(extra), indexAxis: extra.horizontal ? "y" : "x", scales: WHOLE_NUMBERS },
  };
}

function salesPerDay(m) {
  const days = m.ventas_por_dia || [];
  const labels = days.map((d) => d.fecha);
  return {
    title: "Ventas por día",
    headers: ["Fecha", "Ventas", "Total (COP)"],
    rows: days.map((d) => [d.fecha, numero.format(d.ventas), pesos.format(d.total)]),
    config: {
      type: "bar",
      data: {
        labels,
        datasets: [
          { type: "bar", label: "Ventas", data: days.map((d) => d.ventas), backgroundColor: COLORS[0], yAxisID: "y", order: 1 },
          { type: "line", label: "Total (COP)", data: days.map((d) => d.total), borderColor: COLORS[1], backgroundColor: COLORS[1], yAxisID: "total", order: 0 },
        ],
      },
      options: { ...baseOptions({ legend: true }), scales: { y: { beginAtZero: true, position: "left", ticks: { precision: 0 } }, total: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } } } },
    },
  };
}

function funnel(m) {
  const c = m.conversion || {};
  const steps = [["Conversaciones", c.conversaciones], ["Con pedido", c.con_pedido], ["Ventas", c.ventas]];
  return {
    title: `Embudo: conversación → pedido → venta (${porcentaje.format(c.tasa || 0)})`,
    headers: ["Paso", "Cantidad"],
    rows: steps.map(([label, value]) => [label, numero.format(value || 0)]),
    config: bar(steps.map(([label]) => label), [{ label: "Cantidad", data: steps.map(([, value]) => value || 0), backgroundColor: COLORS.slice(0, 3) }], { horizontal: true }),
  };
}

function messagesPerType(m) {
  const types = Object.entries(m.mensajes_por_tipo || {});
  const success = m.exito_por_tipo || {};
  return {
    title: "Mensajes por tipo",
    headers: ["Tipo", "Mensajes", "Éxito"],
    rows: types.map(([tipo, n]) => [etiqueta(tipo), numero.format(n), tipo in success ? porcentaje.format(success[tipo]) : "—"]),
    config: bar(types.map(([tipo]) => etiqueta(tipo)), [{ label: "Mensajes", data: types.map(([, n]) => n), backgroundColor: COLORS }]),
  };
}

function latency(m) {
  const l = m.latencia_ms || {};
  return {
    title: "Latencia de respuesta (ms)",
    headers: ["Percentil", "Milisegundos"],
    rows: [["p50", numero.format(l.p50 ?? 0)], ["p95", numero.format(l.p95 ?? 0)]],
    config: bar(["p50", "p95"], [{ label: "ms", data: [l.p50 ?? 0, l.p95 ?? 0], backgroundColor: [COLORS[0], COLORS[1]] }]),
  };
}

function llm(m) {
  const x = m.llm || {};
  return {
    title: `Modelo de lenguaje: llamadas y fallos (costo estimado ${dolares.format(x.costo_estimado_usd || 0)})`,
    headers: ["Medida", "Valor"],
    rows: [
      ["Llamadas", numero.format(x.llamadas || 0)], ["Fallos (respuesta de respaldo)", numero.format(x.fallos || 0)],
      ["Tokens de entrada", numero.format(x.tokens_entrada || 0)], ["Tokens de salida", numero.format(x.tokens_salida || 0)],
      ["Costo estimado (USD)", dolares.format(x.costo_estimado_usd || 0)],
    ],
    config: bar(["Llamadas", "Fallos"], [{ label: "Llamadas", data: [x.llamadas || 0, x.fallos || 0], backgroundColor: [COLORS[0], COLORS[3]] }]),
  };
}

function topProducts(m) {
  const top = m.top_productos || [];
  return {
    title: "Productos más vendidos",
    headers: ["Producto", "Unidades", "Total (COP)"],
    rows: top.map((p) => [`${p.nombre} (${p.sku})`, numero.format(p.cantidad), pesos.format(p.total)]),
    config: bar(top.map((p) => p.nombre), [{ label: "Unidades", data: top.map((p) => p.cantidad) }], { horizontal: true }),
  };
}

function cards(m) {
  const c = m.conversion || {};
  const l = m.latencia_ms || {};
  const x = m.llm || {};
  const values = [
    ["Conversaciones", numero.format(m.conversaciones ?? c.conversaciones ?? 0)],
    ["Ventas", numero.format(c.ventas || 0)],
    ["Conversión", porcentaje.format(c.tasa || 0)],
    ["Latencia p50 / p95", `${numero.format(l.p50 ?? 0)} / ${numero.format(l.p95 ?? 0)} ms`],
    ["Llamadas al modelo (fallos)", `${numero.format(x.llamadas || 0)} (${numero.format(x.fallos || 0)})`],
    ["Costo estimado del modelo", dolares.format(x.costo_estimado_usd || 0)],
    ["Archivos guardados", numero.format(m.almacenamiento?.objetos || 0)],
  ];
  return values.map(([label, value]) => el("div", { class: "tarjeta" }, el("div", { class: "valor" }, value), el("div", { class: "etiqueta" }, label)));
}

export function metricsView() {
  const form = $("#filtro-metricas");
  async function reload() {
    const [m] = await Promise.all([api("/metricas", { params: formValues(form) }), loadChartLibrary()]);
    while (charts.length) charts.pop().destroy();
    $("#tarjetas-metricas").replaceChildren(...cards(m));
    const figures = [salesPerDay, funnel, messagesPerType, latency, llm, topProducts].map((build) => figure(build(m)));
    $("#graficas").replaceChildren(...figures.map((f) => f.node));
    figures.forEach((f) => f.draw());
    $("#graficas").setAttribute("aria-description", `Métricas actualizadas ${fecha(new Date().toISOString())}`);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(event.submitter, reload);
  });
  return { reload };
}
