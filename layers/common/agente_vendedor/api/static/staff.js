// Usuarios (admin: accounts and roles) and Registros (the audit log, GET /logs/).

import { api } from "./api.js";
import { $, badge, el, fecha, formValues } from "./dom.js";
import { listView } from "./list_view.js";
import { notify, run } from "./notices.js";

export const ROLES = ["admin", "ventas", "inventario"];
const LOG_TYPES = [
  ["", "Todos"], ["venta_cerrada", "Ventas cerradas"], ["pedido_cancelado", "Pedidos cancelados"],
  ["chat_pausado", "Chats pausados"], ["chat_reanudado", "Chats reanudados"], ["respuesta_asesor", "Respuestas de asesor"],
  ["exportacion", "Exportaciones"], ["exportacion_fallida", "Exportaciones fallidas"], ["llm_fallo", "Fallos del LLM"],
];

const describe = (detail) => Object.entries(detail || {})
  .filter(([, value]) => value !== null && value !== "")
  .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : value}`)
  .join("\n");

export function logsView(container) {
  return listView(container, {
    path: "/logs/",
    label: "Registros de auditoría",
    submitLabel: "Filtrar",
    pageSize: 50,
    filters: [{ name: "tipo", label: "Tipo", type: "select", options: LOG_TYPES }],
    columns: [
      { label: "Fecha", value: (e) => fecha(e.fecha) },
      { label: "Tipo", value: (e) => e.tipo },
      { label: "Quién", value: (e) => e.actor || e.usuario || "—" },
      { label: "Detalle", value: (e) => el("pre", { class: "detalle" }, describe(e.detalle)) },
    ],
  });
}

function accountControls(user, onSaved) {
  const rol = el("select", { "aria-label": `Rol de ${user.usuario}` }, ROLES.map((r) => el("option", { value: r, selected: user.rol === r }, r)));
  const activo = el("input", { type: "checkbox", checked: user.activo !== false, "aria-label": `Cuenta de ${user.usuario} activa` });
  const clave = el("input", { type: "password", minlength: "8", maxlength: "256", autocomplete: "new-password", class: "corto", "aria-label": `Nueva clave para ${user.usuario}` });
  const save = el("button", { class: "accion secundaria", type: "button", "aria-label": `Guardar usuario ${user.usuario}` }, "Guardar");
  save.addEventListener("click", () => run(save, async () => {
    const changes = {};
    if (rol.value !== user.rol) changes.rol = rol.value;
    if (activo.checked !== (user.activo !== false)) changes.activo = activo.checked;
    if (clave.value) changes.clave = clave.value;
    if (!Object.keys(changes).length) return notify("No hay cambios que guardar.");
    const updated = await api(`/usuarios/${encodeURIComponent(user.usuario)}`, { method: "PATCH", body: changes });
    clave.value = "";
    notify(`Usuario ${user.usuario} guardado.`);
    await onSaved(updated);
  }));
  return { rol, activo, clave, save };
}

export function usersView(container) {
  const controls = new WeakMap();
  let list = null;
  const of = (u) => {
    if (!controls.has(u)) controls.set(u, accountControls(u, () => list.reload()));
    return controls.get(u);
  };
  list = listView(container, {
    path: "/usuarios/",
    label: "Usuarios",
    columns: [
      { label: "Usuario", value: (u) => u.usuario },
      { label: "Nombre", value: (u) => u.nombre || "—" },
      { label: "Rol", value: (u) => of(u).rol },
      { label: "Activa", value: (u) => [of(u).activo, " ", u.activo === false ? badge("no", "mal") : badge("sí", "ok")] },
      { label: "Nueva clave", value: (u) => of(u).clave },
      { label: "Acciones", hiddenLabel: true, value: (u) => of(u).save },
    ],
  });
  const form = $("#form-usuario-nuevo");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(event.submitter, async () => {
      const created = await api("/usuarios/", { method: "POST", body: formValues(form) });
      form.reset();
      notify(`Cuenta ${created.usuario} creada (${created.rol}).`);
      await list.reload();
    });
  });
  return list;
}
