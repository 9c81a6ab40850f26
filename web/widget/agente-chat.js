/**
 * Agente Vendedor Sextinvalle: chat widget for a storefront. A plain ES module, no build step.
 *
 *   <script type="module" src="https://cdn.example.com/agente-chat.js"
 *           data-api="https://api.example.com" data-ws="wss://ws.example.com/prod"
 *           data-chat-id-prefix="tienda"></script>
 *
 * Attributes (all optional): data-api (HTTP API base; default: the page's origin), data-ws (WebSocket URL;
 * default: data-api with ws(s):// and /ws), data-chat-id-prefix ("web"), data-tono ("amigable" | "formal" |
 * "tecnico"), data-titulo, data-abierto ("true" opens the panel at load).
 *
 * Protocol: contract §5. Replies stream over the WebSocket; when it is unavailable, messages go to
 * POST /chat/texto instead. Every message carries a message_id, so a retry is never processed twice.
 *
 * The module also exports `abrirChat()`, `cerrarChat()` and `enviarMensaje(texto)` for the host page.
 */

const PING_INTERVAL_MS = 5 * 60 * 1000; // API Gateway closes idle connections after 10 minutes
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;
const WS_FAILURES_BEFORE_HTTP = 2; // consecutive failed connection attempts before falling back to HTTP
const REPLY_TIMEOUT_MS = 35_000; // a turn ends within 29 s on the server
const MAX_MESSAGE_CHARS = 2000;

const ESTADOS = {
  iniciada: "Pedido iniciado",
  pendiente: "Productos en el carrito",
  recolectando_datos: "Faltan tus datos",
  listo_para_finalizar: "Listo para confirmar",
  cerrada: "Compra confirmada",
  cancelada: "Pedido cancelado",
};

const CAMPOS = {
  nombre: "nombre completo",
  cedula: "cédula o NIT",
  telefono: "teléfono",
  direccion: "dirección de entrega",
  email: "correo electrónico",
  ciudad: "ciudad",
};

/** "$38.000": Colombian pesos, no decimals, dots between thousands. */
export function formatoCOP(valor) {
  const entero = Math.round(Number(valor) || 0);
  const signo = entero < 0 ? "-" : "";
  return `${signo}$${String(Math.abs(entero)).replace(/\B(?=(\d{3})+(?!\d))/g, ".")}`;
}

function uuid() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function ownScript() {
  const scripts = document.querySelectorAll("script[src]");
  for (const script of scripts) {
    try {
      if (new URL(script.src, location.href).href === import.meta.url) return script;
    } catch {
      /* an unparsable src is not ours */
    }
  }
  return document.querySelector("script[data-api], script[data-ws]");
}

function readConfig() {
  const script = ownScript();
  const data = script ? script.dataset : {};
  const api = (data.api || location.origin).replace(/\/+$/, "");
  const ws = data.ws || `${api.replace(/^http/, "ws")}/ws`;
  const prefix = (data.chatIdPrefix || "web").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 24) || "web";
  const tono = ["amigable", "formal", "tecnico"].includes(data.tono) ? data.tono : "amigable";
  return {
    api,
    ws,
    prefix,
    tono,
    titulo: data.titulo || "Asesor Sextinvalle",
    abierto: data.abierto === "true",
  };
}

function readStored(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; /* storage disabled: a chat per page load */
  }
}

function writeStored(key, value) {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    /* see readStored */
  }
}

function storedChatId(prefix, fresh = false) {
  const key = `agente-chat:${prefix}:chat_id`;
  let chatId = fresh ? null : readStored(key);
  if (!chatId || !/^[A-Za-z0-9_-]{1,64}$/.test(chatId)) {
    chatId = `${prefix}_${uuid().replace(/-/g, "").slice(0, 20)}`;
    writeStored(key, chatId);
    writeStored(`agente-chat:${prefix}:chat_token`, null); // a new conversation has no secret yet
  }
  return chatId;
}

const STYLES = `
:host { all: initial; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c2430; }
* { box-sizing: border-box; }
.lanzador { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 999px;
  background: #e35205; color: #fff; font-family: inherit; font-size: 15px; font-weight: 600; padding: 14px 20px; cursor: pointer;
  box-shadow: 0 6px 20px rgba(0,0,0,.25); display: flex; gap: 8px; align-items: center; }
.lanzador:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.panel { position: fixed; right: 20px; bottom: 84px; z-index: 2147483000; width: min(400px, calc(100vw - 24px));
  height: min(620px, calc(100vh - 110px)); background: #fff; border-radius: 14px; display: flex; flex-direction: column;
  box-shadow: 0 12px 40px rgba(0,0,0,.28); overflow: hidden; font-size: 15px; }
.panel[hidden] { display: none; }
.cabecera { background: #1c2430; color: #fff; padding: 12px 14px; display: flex; align-items: center; gap: 10px; }
.cabecera h2 { font-size: 16px; margin: 0; flex: 1; }
.estado { font-size: 12px; opacity: .85; display: flex; align-items: center; gap: 6px; }
.punto { width: 8px; height: 8px; border-radius: 50%; background: #9ca3af; }
.estado[data-modo="ws"] .punto { background: #22c55e; }
.estado[data-modo="http"] .punto { background: #f59e0b; }
.cerrar { background: transparent; border: 0; color: #fff; font-size: 22px; cursor: pointer; padding: 2px 8px; }
.mensajes { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px; background: #f5f6f8; }
.burbuja { max-width: 85%; padding: 9px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.4; }
.cliente { align-self: flex-end; background: #e35205; color: #fff; border-bottom-right-radius: 4px; }
.agente { align-self: flex-start; background: #fff; border: 1px solid #e2e5ea; border-bottom-left-radius: 4px; }
.asesor { align-self: flex-start; background: #e8f0fe; border: 1px solid #bcd0fb; border-bottom-left-radius: 4px; }
.autor { display: block; font-size: 11px; font-weight: 700; color: #1d4ed8; margin-bottom: 3px; }
.sistema { align-self: center; font-size: 13px; color: #7c2d12; background: #fff7ed; border: 1px solid #fed7aa;
  border-radius: 8px; padding: 6px 10px; max-width: 95%; }
.escribiendo { align-self: flex-start; color: #4b5563; font-size: 13px; display: flex; gap: 6px; align-items: center; }
.escribiendo[hidden] { display: none; }
.escribiendo i { width: 6px; height: 6px; border-radius: 50%; background: #9ca3af; animation: salto 1s infinite; }
.escribiendo i:nth-child(2) { animation-delay: .15s; } .escribiendo i:nth-child(3) { animation-delay: .3s; }
@keyframes salto { 0%, 80%, 100% { transform: translateY(0); } 40% { transform: translateY(-4px); } }
@media (prefers-reduced-motion: reduce) { .escribiendo i { animation: none; } }
.productos { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; align-self: stretch; }
.producto { background: #fff; border: 1px solid #e2e5ea; border-radius: 10px; padding: 8px 10px; display: flex;
  flex-direction: column; gap: 4px; }
.producto h3 { font-size: 13px; margin: 0; }
.precio { font-weight: 700; color: #e35205; }
.stock { font-size: 12px; color: #166534; }
.stock.agotado { color: #b91c1c; }
.sku { font-size: 11px; color: #6b7280; }
.pedido { border-top: 1px solid #e2e5ea; background: #fffdf8; padding: 10px 14px; font-size: 13px; max-height: 40%; overflow-y: auto; }
.pedido[hidden] { display: none; }
.pedido h3 { font-size: 14px; margin: 0 0 6px; display: flex; justify-content: space-between; gap: 8px; }
.etiqueta { font-size: 11px; font-weight: 700; border-radius: 999px; padding: 2px 8px; background: #fde68a; color: #78350f; white-space: nowrap; }
.pedido[data-estado="cerrada"] .etiqueta { background: #bbf7d0; color: #14532d; }
.pedido[data-estado="cancelada"] .etiqueta { background: #fecaca; color: #7f1d1d; }
.pedido ul { margin: 0; padding-left: 18px; }
.total { font-weight: 700; margin-top: 6px; }
.faltantes { color: #92400e; margin-top: 4px; }
form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e2e5ea; background: #fff; }
textarea { flex: 1; resize: none; border: 1px solid #cbd2db; border-radius: 10px; padding: 9px 10px; font: inherit; min-height: 42px; max-height: 120px; }
.enviar { border: 0; border-radius: 10px; background: #e35205; color: #fff; font-family: inherit; font-size: 14px;
  font-weight: 600; padding: 0 16px; cursor: pointer; }
.enviar:disabled { opacity: .5; cursor: default; }
.oculto { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; height: 100dvh; border-radius: 0; }
  .lanzador { right: 12px; bottom: 12px; }
}
`;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value != null) node.setAttribute(name, String(value));
  }
  node.append(...children.filter((child) => child != null));
  return node;
}

function chatIcon() {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "20");
  svg.setAttribute("height", "20");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z");
  svg.append(path);
  return svg;
}

class AgenteChat {
  constructor(config) {
    this.config = config;
    this.chatId = storedChatId(config.prefix);
    // The conversation's secret (contract §2), issued by its first answer and sent with every later request.
    this.chatToken = readStored(this.tokenKey());
    this.socket = null;
    this.modo = "conectando"; // "ws" | "http" | "conectando"
    this.failures = 0;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.pending = new Map(); // message_id -> {mensaje, tono, timer}
    this.streaming = new Map(); // message_id -> bubble being streamed
    this.historyLoaded = false;
    this.build();
    this.connect();
    if (config.abierto) this.open();
  }

  build() {
    const host = el("div", { id: "agente-chat", "data-chat-id": this.chatId });
    this.host = host;
    document.body.append(host);
    const root = host.attachShadow({ mode: "open" });
    const style = el("style", { text: STYLES });
    this.launcher = el(
      "button",
      { class: "lanzador", type: "button", "aria-expanded": "false", "aria-controls": "agente-panel" },
      chatIcon(),
      el("span", { text: "¿Te ayudamos?" }),
    );
    this.status = el("span", { class: "estado", "data-modo": "conectando" }, el("span", { class: "punto" }));
    this.statusText = el("span", { text: "Conectando…" });
    this.status.append(this.statusText);
    const close = el("button", { class: "cerrar", type: "button", "aria-label": "Cerrar el chat", text: "×" });
    this.log = el("div", {
      class: "mensajes",
      role: "log",
      "aria-live": "polite",
      "aria-relevant": "additions",
      "aria-label": "Conversación",
      tabindex: "0",
    });
    this.typing = el(
      "div",
      { class: "escribiendo", hidden: true, role: "status" },
      el("i", { "aria-hidden": "true" }),
      el("i", { "aria-hidden": "true" }),
      el("i", { "aria-hidden": "true" }),
      el("span", { text: "El asesor está escribiendo…" }),
    );
    this.order = el("section", { class: "pedido", hidden: true, "aria-live": "polite", "aria-label": "Tu pedido" });
    this.input = el("textarea", {
      id: "agente-mensaje",
      rows: "1",
      maxlength: String(MAX_MESSAGE_CHARS),
      placeholder: "Escribe tu mensaje…",
      autocomplete: "off",
    });
    this.sendButton = el("button", { class: "enviar", type: "submit", text: "Enviar" });
    const form = el(
      "form",
      { "aria-label": "Enviar un mensaje" },
      el("label", { class: "oculto", for: "agente-mensaje", text: "Tu mensaje" }),
      this.input,
      this.sendButton,
    );
    this.panel = el(
      "div",
      { class: "panel", id: "agente-panel", role: "dialog", "aria-label": this.config.titulo, hidden: true },
      el("header", { class: "cabecera" }, el("h2", { text: this.config.titulo }), this.status, close),
      this.log,
      this.order,
      form,
    );
    root.append(style, this.launcher, this.panel);
    this.log.append(this.typing);

    this.launcher.addEventListener("click", () => (this.panel.hidden ? this.open() : this.close()));
    close.addEventListener("click", () => this.close());
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        this.submit();
      }
    });
  }

  open() {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    if (!this.historyLoaded) this.loadHistory();
    this.input.focus();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  }

  // ---------------------------------------------------------------- connection
  socketUrl() {
    const url = new URL(this.config.ws, location.href);
    url.searchParams.set("chat_id", this.chatId);
    if (this.chatToken) url.searchParams.set("chat_token", this.chatToken);
    return url.href;
  }

  tokenKey() {
    return `agente-chat:${this.config.prefix}:chat_token`;
  }

  keepToken(token) {
    if (typeof token !== "string" || !token || token === this.chatToken) return;
    this.chatToken = token;
    writeStored(this.tokenKey(), token);
  }

  chatHeaders(extra = {}) {
    return this.chatToken ? { ...extra, "X-Chat-Token": this.chatToken } : extra;
  }

  startNewChat() {
    // The stored conversation cannot be opened any more (its secret was lost): start another one.
    this.chatId = storedChatId(this.config.prefix, true);
    this.chatToken = null;
    this.host.setAttribute("data-chat-id", this.chatId);
    if (this.socket) this.socket.close(); // it reconnects to the new conversation
  }

  connect() {
    clearTimeout(this.reconnectTimer);
    if (!("WebSocket" in window)) {
      this.setMode("http");
      return;
    }
    let opened = false;
    let socket;
    try {
      socket = new WebSocket(this.socketUrl());
    } catch {
      this.onSocketClosed(false);
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      opened = true;
      this.failures = 0;
      this.attempt = 0;
      this.setMode("ws");
      this.pingTimer = setInterval(() => this.sendFrame({ type: "ping" }), PING_INTERVAL_MS);
      for (const [messageId, message] of this.pending) {
        if (!message.viaHttp) this.sendOverSocket(messageId, message); // same message_id: processed once
      }
    });
    socket.addEventListener("message", (event) => this.onEvent(event.data));
    socket.addEventListener("close", () => {
      if (this.socket === socket) this.onSocketClosed(opened);
    });
  }

  onSocketClosed(wasOpen) {
    clearInterval(this.pingTimer);
    this.socket = null;
    if (!wasOpen) this.failures += 1;
    if (this.failures >= WS_FAILURES_BEFORE_HTTP) {
      this.setMode("http");
      for (const [messageId, message] of this.pending) {
        if (!message.viaHttp) this.sendOverHttp(messageId, message);
      }
    } else {
      this.setMode("conectando");
    }
    // Exponential backoff with full jitter, capped.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => this.connect(), Math.random() * ceiling);
  }

  setMode(modo) {
    this.modo = modo;
    this.status.dataset.modo = modo;
    this.statusText.textContent = {
      ws: "En línea",
      http: "Conexión limitada",
      conectando: "Reconectando…",
    }[modo];
  }

  sendFrame(frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- sending
  submit() {
    const texto = this.input.value.trim();
    if (!texto) return;
    if (texto.length > MAX_MESSAGE_CHARS) {
      this.system(`El mensaje es demasiado largo: máximo ${MAX_MESSAGE_CHARS} caracteres.`);
      return;
    }
    this.input.value = "";
    this.send(texto);
  }

  send(texto) {
    const messageId = uuid();
    const message = { mensaje: texto, tono: this.config.tono, viaHttp: false, timer: null };
    this.pending.set(messageId, message);
    this.bubble("cliente", texto);
    if (this.modo === "http" || !this.sendOverSocket(messageId, message)) {
      if (this.modo === "http") this.sendOverHttp(messageId, message);
      // otherwise it goes out when the socket opens (same message_id: processed once)
    }
  }

  sendOverSocket(messageId, message) {
    const sent = this.sendFrame({ type: "message", mensaje: message.mensaje, tono: message.tono, message_id: messageId });
    if (sent) {
      clearTimeout(message.timer);
      message.timer = setTimeout(() => this.onReplyTimeout(messageId), REPLY_TIMEOUT_MS);
    }
    return sent;
  }

  onReplyTimeout(messageId) {
    const message = this.pending.get(messageId);
    if (!message) return;
    // No answer over the socket: retry over HTTP with the same key (answered from the stored result if it ran).
    this.sendOverHttp(messageId, message);
  }

  async sendOverHttp(messageId, message) {
    message.viaHttp = true;
    clearTimeout(message.timer);
    this.showTyping(true);
    try {
      const response = await fetch(`${this.config.api}/chat/texto`, {
        method: "POST",
        headers: this.chatHeaders({ "Content-Type": "application/json", "Idempotency-Key": messageId }),
        body: JSON.stringify({ chat_id: this.chatId, mensaje: message.mensaje, tono: message.tono }),
      });
      const body = await response.json().catch(() => ({}));
      if (!this.pending.has(messageId)) return; // the socket answered meanwhile
      if (response.status === 403 && !message.restarted) {
        message.restarted = true;
        this.startNewChat();
        this.sendOverHttp(messageId, message);
        return;
      }
      if (!response.ok) {
        this.pending.delete(messageId);
        this.showTyping(false);
        this.system(typeof body.detail === "string" ? body.detail : "No pudimos enviar tu mensaje. Intenta de nuevo.");
        return;
      }
      this.finish(messageId, body);
    } catch {
      if (!this.pending.has(messageId)) return;
      message.viaHttp = false;
      this.showTyping(false);
      this.system("Sin conexión. Reintentaremos en cuanto vuelva la red.");
      message.timer = setTimeout(() => this.pending.has(messageId) && this.sendOverHttp(messageId, message), 5000);
    }
  }

  // ---------------------------------------------------------------- receiving
  onEvent(raw) {
    let event;
    try {
      event = JSON.parse(raw);
    } catch {
      return;
    }
    if (!event || (event.chat_id && event.chat_id !== this.chatId)) return;
    const messageId = event.message_id;
    switch (event.type) {
      case "processing":
        break; // received; `typing` follows unless staff have paused the agent
      case "typing":
        if (!messageId || this.pending.has(messageId)) this.showTyping(true);
        break;
      case "response_start":
        if (messageId && this.pending.has(messageId)) this.startStream(messageId);
        break;
      case "response_chunk":
        if (messageId && this.pending.has(messageId)) this.appendStream(messageId, event.content || "");
        break;
      case "response_end":
        if (!messageId || this.pending.has(messageId)) this.finish(messageId, event);
        break;
      case "error":
        this.onError(messageId, event);
        break;
      case "asesor":
        this.bubble("asesor", event.mensaje || "");
        break;
      case "connection_status":
        this.keepToken(event.chat_token);
        this.setMode("ws");
        break;
      default:
        break; // API Gateway's own messages ({"message": "..."}) and future event types
    }
  }

  startStream(messageId) {
    if (this.streaming.has(messageId)) {
      this.streaming.get(messageId).text.textContent = ""; // a replay after reconnecting: start over
      return;
    }
    const bubble = this.bubble("agente", "");
    bubble.node.setAttribute("aria-busy", "true"); // read once complete, not chunk by chunk
    this.streaming.set(messageId, bubble);
  }

  appendStream(messageId, content) {
    if (!this.streaming.has(messageId)) this.startStream(messageId);
    this.showTyping(false);
    this.streaming.get(messageId).text.textContent += content;
    this.scrollDown();
  }

  finish(messageId, respuesta) {
    this.keepToken(respuesta.chat_token);
    const message = this.pending.get(messageId);
    if (message) clearTimeout(message.timer);
    this.pending.delete(messageId);
    this.showTyping(this.pending.size > 0);
    let bubble = this.streaming.get(messageId);
    this.streaming.delete(messageId);
    if (respuesta.respuesta) {
      if (!bubble) bubble = this.bubble("agente", "");
      bubble.text.textContent = respuesta.respuesta; // the final text is authoritative
      bubble.node.removeAttribute("aria-busy");
    } else if (bubble) {
      bubble.node.remove(); // the agent stays silent (chat paused by staff)
    }
    if (Array.isArray(respuesta.productos) && respuesta.productos.length) this.products(respuesta.productos);
    this.showOrder(respuesta.pedido, respuesta.estado_venta);
    this.scrollDown();
  }

  onError(messageId, event) {
    if (messageId && event.code === "mensaje_en_proceso") return; // the answer is on its way
    if (messageId) {
      const message = this.pending.get(messageId);
      if (message) clearTimeout(message.timer);
      this.pending.delete(messageId);
      const bubble = this.streaming.get(messageId);
      if (bubble) bubble.node.removeAttribute("aria-busy");
      this.streaming.delete(messageId);
    }
    this.showTyping(this.pending.size > 0);
    this.system(event.message || "Ocurrió un error. Intenta de nuevo.");
  }

  // ---------------------------------------------------------------- rendering
  bubble(rol, texto) {
    const text = el("span", { class: "texto", text: texto });
    const node = el(
      "div",
      { class: `burbuja ${rol}`, "data-rol": rol },
      rol === "asesor" ? el("span", { class: "autor", text: "Asesor" }) : null,
      rol === "cliente" ? el("span", { class: "oculto", text: "Tú: " }) : null,
      text,
    );
    this.log.insertBefore(node, this.typing);
    this.scrollDown();
    return { node, text };
  }

  system(texto) {
    this.log.insertBefore(el("div", { class: "sistema", role: "alert", text: texto }), this.typing);
    this.scrollDown();
  }

  products(productos) {
    const list = el("div", { class: "productos", role: "list", "aria-label": "Productos sugeridos" });
    for (const producto of productos) {
      const agotado = !(producto.stock > 0);
      list.append(
        el(
          "article",
          { class: "producto", role: "listitem", "data-sku": producto.sku },
          el("h3", { text: producto.nombre }),
          el("span", { class: "precio", text: formatoCOP(producto.precio) }),
          el("span", {
            class: agotado ? "stock agotado" : "stock",
            text: agotado ? "Agotado" : `${producto.stock} disponibles`,
          }),
          el("span", { class: "sku", text: `Ref. ${producto.sku}` }),
        ),
      );
    }
    this.log.insertBefore(list, this.typing);
  }

  showOrder(pedido, estadoVenta) {
    if (!pedido) {
      if (estadoVenta === null || estadoVenta === undefined) return;
      this.order.hidden = true;
      return;
    }
    const estado = pedido.estado || estadoVenta;
    const items = el("ul", {});
    for (const item of pedido.items || []) {
      items.append(
        el("li", { text: `${item.cantidad} × ${item.nombre} (${formatoCOP(item.precio_unitario)} c/u): ${formatoCOP(item.subtotal)}` }),
      );
    }
    const faltantes = (pedido.faltantes || []).map((campo) => CAMPOS[campo] || campo);
    const parts = [
      el("h3", {}, el("span", { text: "Tu pedido" }), el("span", { class: "etiqueta", text: ESTADOS[estado] || estado })),
      (pedido.items || []).length ? items : el("p", { text: "Aún no hay productos en el pedido." }),
      el("div", { class: "total", text: `Total: ${formatoCOP(pedido.total)}` }),
      faltantes.length ? el("div", { class: "faltantes", text: `Nos falta: ${faltantes.join(", ")}.` }) : null,
      pedido.venta_id
        ? el("div", { class: "venta", title: pedido.venta_id, text: `Venta registrada: ${pedido.venta_id.slice(0, 8).toUpperCase()}` })
        : null,
    ];
    this.order.replaceChildren(...parts.filter(Boolean));
    this.order.dataset.estado = estado;
    this.order.hidden = false;
    if (estado === "cerrada") {
      document.dispatchEvent(new CustomEvent("agente-chat:venta-cerrada", { detail: { chat_id: this.chatId, pedido } }));
    }
  }

  showTyping(visible) {
    this.typing.hidden = !visible;
    if (visible) this.scrollDown();
  }

  scrollDown() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  async loadHistory() {
    this.historyLoaded = true;
    try {
      const response = await fetch(`${this.config.api}/chat/historial/${encodeURIComponent(this.chatId)}`, {
        headers: this.chatHeaders(),
      });
      if (response.status === 403) this.startNewChat();
      if (!response.ok) {
        this.bubble("agente", "¡Hola! Soy el asesor virtual de Sextinvalle. ¿Qué necesitas hoy?");
        return;
      }
      const { mensajes = [] } = await response.json();
      const first = this.log.firstChild;
      for (const mensaje of mensajes.slice(-30)) {
        const rol = ["cliente", "agente", "asesor"].includes(mensaje.rol) ? mensaje.rol : "agente";
        const bubble = this.bubble(rol, mensaje.contenido);
        this.log.insertBefore(bubble.node, first); // older messages go above anything sent meanwhile
      }
      if (!mensajes.length) this.bubble("agente", "¡Hola! Soy el asesor virtual de Sextinvalle. ¿Qué necesitas hoy?");
    } catch {
      /* no history: a new conversation */
    }
  }
}

let instance = null;

function start() {
  if (!instance) instance = new AgenteChat(readConfig());
  return instance;
}

export function abrirChat() {
  start().open();
}

export function cerrarChat() {
  start().close();
}

export function enviarMensaje(texto) {
  const chat = start();
  chat.open();
  chat.send(String(texto).slice(0, MAX_MESSAGE_CHARS));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
else start();
