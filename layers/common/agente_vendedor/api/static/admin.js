// Panel del personal: sign-in, the tabs each role sees, and the live channel. Each tab's view lives in its own module.

import { api, onUnauthorized } from "./api.js";
import { companyView, productsView } from "./catalog.js";
import { ordersView, salesView } from "./commerce.js";
import { customersView } from "./customers.js";
import { $, $$ } from "./dom.js";
import { exportsView } from "./exports.js";
import { createConversation, createInbox } from "./inbox.js";
import { connectLive } from "./live.js";
import { metricsView } from "./metrics.js";
import { installAlert, notify, run, unlockAudio } from "./notices.js";
import { clearSession, currentSession, saveSession } from "./session.js";
import { logsView, usersView } from "./staff.js";

const SALES = ["ventas", "admin"];
const STOCK = ["inventario", "admin"];
const ADMIN = ["admin"];
// Which roles see each tab (contract §2): inventario the catalogue and company; ventas chats, orders, sales,
// customers, exports and metrics; admin everything.
const TAB_ROLES = {
  bandeja: SALES, chat: SALES, pedidos: SALES, ventas: SALES, clientes: SALES, productos: STOCK,
  empresa: STOCK, exportes: SALES, metricas: SALES, usuarios: ADMIN, registros: ADMIN,
};
const LIVE_STATUS = { conectando: "Conectando…", conectado: "En vivo", reconectando: "Sin conexión en vivo: reintentando", apagado: "Sin conexión en vivo" };
const NOTICE_KEY = "agente_vendedor_aviso";

const links = { openChat, openCustomer };
const inbox = createInbox(links);
const conversation = createConversation();
const BUILDERS = {
  bandeja: () => ({ reload: () => inbox.refresh() }),
  chat: () => conversation,
  pedidos: () => ordersView($("#lista-pedidos"), links),
  ventas: () => salesView($("#lista-ventas"), links),
  clientes: () => customersView($("#lista-clientes")),
  productos: () => productsView($("#lista-productos")),
  empresa: () => companyView(),
  exportes: () => exportsView(),
  metricas: () => metricsView(),
  usuarios: () => usersView($("#lista-usuarios")),
  registros: () => logsView($("#lista-registros")),
};
const views = {};
const view = (id) => (views[id] ||= BUILDERS[id]());
let live = null;
let expiry = null;

// ---------------------------------------------------------------- tabs (WAI-ARIA tabs pattern)
const visibleTabs = () => $$('[role="tab"]').filter((tab) => !tab.hidden);
const tabFor = (id) => $(`#tab-${id}`);

function select(tab, { focus = true, load = true } = {}) {
  for (const other of $$('[role="tab"]')) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(`#${other.getAttribute("aria-controls")}`).hidden = !selected;
  }
  if (focus) tab.focus();
  const id = tab.getAttribute("aria-controls");
  history.replaceState(null, "", `#${id}`);
  return load ? run(null, () => view(id).reload()) : Promise.resolve();
}

for (const tab of $$('[role="tab"]')) {
  tab.addEventListener("click", () => select(tab));
  tab.addEventListener("keydown", (event) => {
    const tabs = visibleTabs();
    const index = tabs.indexOf(tab);
    const target = { ArrowRight: tabs[(index + 1) % tabs.length], ArrowLeft: tabs[(index - 1 + tabs.length) % tabs.length], Home: tabs[0], End: tabs[tabs.length - 1] }[event.key];
    if (target) {
      event.preventDefault();
      select(target);
    }
  });
}

function openChat(chatId, known) {
  select(tabFor("chat"), { load: false });
  return run(null, () => conversation.open(chatId, known || inbox.summary(chatId)));
}

async function openCustomer(cedula) {
  await select(tabFor("clientes"));
  return run(null, () => view("clientes").show(cedula));
}

$("#volver-bandeja").addEventListener("click", () => select(tabFor("bandeja")));

// ---------------------------------------------------------------- live channel
function setLiveStatus(status, { reconnected }) {
  const badge = $("#en-vivo");
  badge.dataset.estado = status;
  badge.textContent = LIVE_STATUS[status];
  if (reconnected) run(null, () => inbox.refresh()); // frames may have been missed while away
}

function startLive(token) {
  live = connectLive({
    token,
    onStatus: setLiveStatus,
    onFrame: (frame) => conversation.update(inbox.receive(frame)),
  });
}

// ---------------------------------------------------------------- session
async function whoAmI(token) {
  try {
    const who = await api("/auth/yo", { token });
    return { ...who, usuario: who.usuario || "emergencia" };
  } catch (error) {
    if (error.status !== 404) throw error;
    // A server without staff accounts: only the break-glass (admin) token exists; check it on a staff route.
    await api("/logs/", { token, params: { limit: 1 } });
    return { usuario: "emergencia", rol: "admin" };
  }
}

function start(session) {
  const allowed = Object.keys(TAB_ROLES).filter((id) => TAB_ROLES[id].includes(session.rol));
  if (!allowed.length) {
    clearSession();
    return notify(`El rol «${session.rol}» no tiene secciones en el panel.`, "error");
  }
  for (const [id, roles] of Object.entries(TAB_ROLES)) tabFor(id).hidden = !roles.includes(session.rol);
  $("#entrada").hidden = true;
  $("#espacio").hidden = false;
  $("#quien").hidden = false;
  $("#quien-texto").textContent = `${session.usuario} · ${session.rol}`;
  if (session.expiraEn) {
    expiry = setTimeout(() => end("Su sesión terminó. Vuelva a entrar."), Math.max(0, Date.parse(session.expiraEn) - Date.now()));
  }
  const fromHash = allowed.find((id) => `#${id}` === location.hash);
  select(tabFor(fromHash || allowed[0]));
  if (allowed.includes("bandeja")) {
    startLive(session.token);
    if ((fromHash || allowed[0]) !== "bandeja") run(null, () => inbox.refresh());
  }
}

// Leaving wipes everything the page showed: the page is loaded again, with the reason as its first notice.
function end(message, kind = "error") {
  clearTimeout(expiry);
  if (live) live.close();
  clearSession();
  sessionStorage.setItem(NOTICE_KEY, JSON.stringify({ message, kind }));
  location.replace(location.pathname);
}

onUnauthorized(() => end("Su sesión no es válida o terminó. Vuelva a entrar."));
$("#salir").addEventListener("click", () => end("Salió del panel.", "ok"));

$("#form-entrar").addEventListener("submit", (event) => {
  event.preventDefault();
  unlockAudio();
  const form = event.currentTarget;
  run(event.submitter, async () => {
    try {
      const result = await api("/auth/", { method: "POST", anonymous: true, body: { usuario: form.elements.usuario.value.trim(), clave: form.elements.clave.value } });
      form.reset();
      notify("");
      start(saveSession(result));
    } catch (error) {
      form.elements.clave.value = "";
      form.elements.clave.focus();
      throw error;
    }
  });
});

$("#form-emergencia").addEventListener("submit", (event) => {
  event.preventDefault();
  unlockAudio();
  const input = $("#emergencia-token");
  run(event.submitter, async () => {
    const token = input.value.trim();
    try {
      const who = await whoAmI(token);
      input.value = "";
      notify("");
      start(saveSession({ token, usuario: who.usuario, rol: who.rol, expira_en: who.expira_en }));
    } catch (error) {
      input.focus();
      if (error.status === 401) error.message = "El token de emergencia no es válido.";
      throw error;
    }
  });
});

// ---------------------------------------------------------------- start
installAlert();
let pending = null;
try {
  pending = JSON.parse(sessionStorage.getItem(NOTICE_KEY) || "null");
} catch {
  pending = null;
}
sessionStorage.removeItem(NOTICE_KEY);
// Audio may start only after a gesture: the sign-in click, or the first one after a reload.
for (const gesture of ["pointerdown", "keydown"]) document.addEventListener(gesture, unlockAudio, { once: true });
const stored = currentSession();
if (stored) {
  $("#entrada").hidden = true; // the session is checked before anything is shown
  run(null, async () => {
    try {
      const who = await whoAmI(stored.token);
      start(saveSession({ ...stored, usuario: who.usuario || stored.usuario, rol: who.rol || stored.rol, expira_en: stored.expiraEn }));
    } catch (error) {
      if (error.status === 401) return end("Su sesión no es válida o terminó. Vuelva a entrar.");
      $("#entrada").hidden = false;
      throw error;
    }
  });
} else {
  clearSession();
  if (pending && pending.message) notify(pending.message, pending.kind);
  $("#entrar-usuario").focus();
}
