// Bandeja (GET /chats/, live over the panel WebSocket) and the open conversation (history, pause, reply, resume).

import { api } from "./api.js";
import { $, badge, el, etiqueta, fecha, pesos } from "./dom.js";
import { listView } from "./list_view.js";
import { alertPerson, notify, run } from "./notices.js";

export const ESTADOS_VENTA = ["iniciada", "pendiente", "recolectando_datos", "listo_para_finalizar", "cerrada", "cancelada"];
const SUMMARY_FIELDS = ["chat_id", "ultimo_mensaje", "actualizado", "estado_venta", "total_pedido", "pausado", "requiere_asesor", "motivo"];
const newestFirst = (a, b) => (Date.parse(b.actualizado) || 0) - (Date.parse(a.actualizado) || 0);
const summaryOf = (frame) => Object.fromEntries(SUMMARY_FIELDS.filter((f) => f in frame).map((f) => [f, frame[f]]));
const short = (text, size = 140) => (text && text.length > size ? `${text.slice(0, size - 1)}…` : text || "—");

// Whether a live summary belongs under the inbox's current filters (the API applies them to the loaded page).
function accepts(item, filters) {
  if (filters.requiere_asesor && !item.requiere_asesor) return false;
  if (filters.pausado && !item.pausado) return false;
  if (filters.estado && item.estado_venta !== filters.estado) return false;
  const q = (filters.q || "").toLowerCase();
  return !q || [item.chat_id, item.ultimo_mensaje].some((text) => (text || "").toLowerCase().includes(q));
}

export function attention(item) {
  return [
    item.requiere_asesor ? badge(`Necesita asesor${item.motivo ? `: ${item.motivo}` : ""}`, "aviso") : null,
    item.pausado ? badge("Agente pausado", "mal") : null,
  ].filter(Boolean);
}

export function chatButton(chatId, openChat) {
  if (!chatId) return "—";
  return el("button", { class: "accion secundaria", type: "button", "aria-label": `Abrir chat ${chatId}`, onclick: () => openChat(chatId) }, chatId);
}

export function createInbox({ openChat }) {
  const needsPerson = new Map(); // chat_id → requiere_asesor, as last seen
  let view = null;

  function updateCounter() {
    const count = [...needsPerson.values()].filter(Boolean).length;
    $("#contador-bandeja").textContent = count ? String(count) : "";
    const tab = $("#tab-bandeja");
    if (count) tab.setAttribute("aria-label", `Bandeja, ${count} ${count === 1 ? "necesita" : "necesitan"} asesor`);
    else tab.removeAttribute("aria-label");
  }

  function remember(items) {
    for (const item of items) needsPerson.set(item.chat_id, Boolean(item.requiere_asesor));
    updateCounter();
  }

  function mount() {
    view = listView($("#lista-bandeja"), {
      path: "/chats/",
      label: "Conversaciones",
      pageSize: 50,
      filters: [
        { name: "q", label: "Buscar", type: "search", placeholder: "chat, mensaje…" },
        { name: "estado", label: "Venta", type: "select", options: [["", "Todas"], ...ESTADOS_VENTA.map((e) => [e, etiqueta(e)])] },
        { name: "requiere_asesor", label: "Solo los que necesitan asesor", type: "checkbox" },
        { name: "pausado", label: "Solo pausados", type: "checkbox" },
      ],
      columns: [
        { label: "Chat", value: (c) => chatButton(c.chat_id, () => openChat(c.chat_id, c)) },
        { label: "Último mensaje", value: (c) => short(c.ultimo_mensaje) },
        { label: "Actualizado", value: (c) => fecha(c.actualizado) },
        { label: "Venta", value: (c) => (c.estado_venta ? badge(etiqueta(c.estado_venta)) : "—") },
        { label: "Total del pedido", num: true, value: (c) => (c.total_pedido == null ? "—" : pesos.format(c.total_pedido)) },
        { label: "Atención", value: (c) => attention(c) },
      ],
      rowClass: (c) => (c.requiere_asesor ? "necesita-asesor" : ""),
      key: (c) => c.chat_id,
      order: newestFirst,
      accepts,
      emptyText: "No hay conversaciones.",
    });
  }

  return {
    async refresh() {
      if (!view) mount();
      remember(await view.reload());
    },
    summary: (chatId) => view?.items().find((c) => c.chat_id === chatId),
    // A `chat_actualizado` frame: re-sort the inbox; beep and announce when a chat starts needing a person.
    receive(frame) {
      if (frame.type !== "chat_actualizado" || !frame.chat_id) return null;
      const item = summaryOf(frame);
      const before = needsPerson.get(item.chat_id);
      needsPerson.set(item.chat_id, Boolean(item.requiere_asesor));
      updateCounter();
      if (view) view.upsert(item);
      if (item.requiere_asesor && !before) {
        const message = `El chat ${item.chat_id} necesita un asesor${item.motivo ? `: ${item.motivo}` : ""}.`;
        alertPerson(message, () => openChat(item.chat_id, item), `Abrir chat ${item.chat_id}`);
      }
      return item;
    },
  };
}

export function createConversation() {
  let chatId = null;
  let summary = {};
  let pending = null;
  const form = $("#form-chat");
  const list = $("#mensajes");
  const buttons = { pausar: $("#pausar"), reanudar: $("#reanudar"), enviar: $("#enviar-respuesta") };

  function describe() {
    if (!chatId) return "Elija una conversación en la bandeja o escriba su ID.";
    const parts = [`Chat ${chatId}`];
    if (summary.pausado !== undefined) parts.push(summary.pausado ? "agente pausado: usted atiende" : "agente activo");
    if (summary.requiere_asesor) parts.push(`necesita asesor${summary.motivo ? ` (${summary.motivo})` : ""}`);
    if (summary.estado_venta) parts.push(`venta ${etiqueta(summary.estado_venta)}`);
    if (summary.total_pedido != null) parts.push(`pedido ${pesos.format(summary.total_pedido)}`);
    return `${parts.join(" · ")}.`;
  }

  function updateControls() {
    $("#titulo-chat").textContent = chatId ? `Conversación ${chatId}` : "Conversación";
    $("#estado-chat").textContent = describe();
    buttons.pausar.setAttribute("aria-label", chatId ? `Pausar chat ${chatId}` : "Pausar agente");
    buttons.reanudar.setAttribute("aria-label", chatId ? `Reanudar chat ${chatId}` : "Reanudar agente");
    buttons.enviar.setAttribute("aria-label", chatId ? `Enviar respuesta al chat ${chatId}` : "Enviar");
    for (const button of Object.values(buttons)) button.disabled = !chatId;
  }

  async function loadHistory() {
    if (!chatId) return;
    const history = await api(`/chat/historial/${encodeURIComponent(chatId)}`);
    list.replaceChildren(...(history.mensajes.length
      ? history.mensajes.map((m) => el("li", { class: m.rol },
        el("small", {}, `${m.rol} · ${fecha(m.timestamp)}${m.tipo_mensaje ? ` · ${m.tipo_mensaje}` : ""}`), m.contenido))
      : [el("li", { class: "vacio" }, "Sin mensajes.")]));
    list.scrollTop = list.scrollHeight;
  }

  async function open(id, known) {
    chatId = id;
    summary = known || {};
    form.elements.chat_id.value = id;
    updateControls();
    await loadHistory();
  }

  async function control(accion) {
    const result = await api(`/chat/${encodeURIComponent(chatId)}/control`, { method: "POST", body: { accion } });
    summary = { ...summary, pausado: result.pausado };
    updateControls();
    notify(`Chat ${result.chat_id}: ${result.pausado ? "agente pausado, usted atiende" : "agente reanudado"}.`);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (form.reportValidity()) run(event.submitter, () => open(form.elements.chat_id.value.trim()));
  });
  for (const accion of ["pausar", "reanudar"]) {
    buttons[accion].addEventListener("click", () => run(null, () => control(accion)));
  }
  $("#form-respuesta").addEventListener("submit", (event) => {
    event.preventDefault();
    run(null, async () => {
      const message = $("#respuesta");
      const result = await api(`/chat/${encodeURIComponent(chatId)}/responder`, { method: "POST", body: { mensaje: message.value } });
      message.value = "";
      summary = { ...summary, pausado: result.pausado };
      updateControls();
      notify(`Respuesta enviada al chat ${result.chat_id}${result.conexiones ? ` (${result.conexiones} conexión(es) abierta(s))` : ""}.`);
      await loadHistory();
    });
  });
  updateControls();

  return {
    open,
    reload: loadHistory,
    // A live summary of the open chat: new status, and its history again (at most every 300 ms).
    update(item) {
      if (!item || item.chat_id !== chatId) return;
      summary = { ...summary, ...item };
      updateControls();
      clearTimeout(pending);
      pending = setTimeout(() => run(null, loadHistory), 300);
    },
  };
}
