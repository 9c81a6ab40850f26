// DOM building and Spanish formatting shared by every view. No innerHTML: text is always text.

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "value" || (key in node && typeof value !== "string")) node[key] = value; // textarea: value, not an attribute
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const pesos = new Intl.NumberFormat("es-CO", { style: "currency", currency: "COP", maximumFractionDigits: 0 });
export const numero = new Intl.NumberFormat("es-CO");
export const porcentaje = new Intl.NumberFormat("es-CO", { style: "percent", maximumFractionDigits: 1 });
export const dolares = new Intl.NumberFormat("es-CO", { style: "currency", currency: "USD", maximumFractionDigits: 4 });

export const fecha = (iso) => (iso ? new Date(iso).toLocaleString("es-CO", { dateStyle: "medium", timeStyle: "short" }) : "—");
export const lineas = (items) => (items || []).map((l) => `${l.cantidad} × ${l.nombre}`).join("; ");
export const etiqueta = (value) => String(value ?? "—").replaceAll("_", " ");
export const badge = (text, kind = "") => el("span", { class: `estado ${kind}` }, text);

// A form's filled fields (an unchecked box or an empty input is left out).
export const formValues = (form) => Object.fromEntries([...new FormData(form).entries()].filter(([, value]) => value !== ""));
