/**
 * The widget's connection to the agent, without any DOM: transport (WebSocket, contract §5), reconnection with
 * backoff, HTTP fallback (POST /chat/texto with an Idempotency-Key), the conversation's chat_token, and photos and
 * voice notes (multipart to /chat/imagen and /chat/audio, or a presigned upload for files a Lambda request cannot
 * carry). `<agente-chat>` renders what it announces; unit tests drive it with fake sockets, fetch and timers
 * (web/widget/conexion.test.mjs, `node --test`).
 *
 *   const conexion = new ConexionChat({ api, ws, prefijo: "tienda" });
 *   conexion.on("respuesta", ({ messageId, respuesta }) => ...);   // ChatRespuesta (final text, productos, pedido)
 *   conexion.iniciar();
 *   conexion.enviar("Hola");
 *
 * Events: "modo" ({modo: "ws" | "http" | "conectando"}), "escribiendo" ({visible}), "inicio" ({messageId}),
 * "fragmento" ({messageId, texto}), "respuesta" ({messageId, respuesta}), "asesor" ({mensaje}), "aviso" ({texto}),
 * "error" ({messageId, texto}), "progreso" ({messageId, enviados, total}), "chat" ({chatId}).
 */

export const PING_INTERVAL_MS = 5 * 60 * 1000; // API Gateway closes idle connections after 10 minutes
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 30_000;
export const WS_FAILURES_BEFORE_HTTP = 2; // consecutive failed connection attempts before falling back to HTTP
export const REPLY_TIMEOUT_MS = 35_000; // a turn ends within 29 s on the server
export const MAX_MESSAGE_CHARS = 2000;
// A Lambda request carries 6 MB, and API Gateway sends a file base64-encoded (4/3 larger): above this, a file goes
// to storage first (POST /chat/subida) and the chat gets its key.
export const DIRECT_UPLOAD_MAX = 4 * 1024 * 1024;
export const LIMITES = { imagen: 5 * 1024 * 1024, audio: 10 * 1024 * 1024 };
const RUTAS = { imagen: "/chat/imagen", audio: "/chat/audio" };
const NOMBRES = { imagen: "foto", audio: "nota de voz" };

export function uuid() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A storage that never throws (localStorage may be disabled): falls back to memory. */
export function almacenSeguro(almacen) {
  const memoria = new Map();
  return {
    get(key) {
      try {
        return almacen ? almacen.getItem(key) : memoria.get(key) ?? null;
      } catch {
        return memoria.get(key) ?? null;
      }
    },
    set(key, value) {
      try {
        if (!almacen) throw new Error("sin almacén");
        if (value) almacen.setItem(key, value);
        else almacen.removeItem(key);
      } catch {
        if (value) memoria.set(key, value);
        else memoria.delete(key);
      }
    },
  };
}

/** POST with upload progress: XMLHttpRequest where it exists (browsers), else fetch (progress only at the end). */
export function subirConProgreso(url, { headers = {}, body }, onProgress) {
  if (typeof XMLHttpRequest === "undefined") {
    return fetch(url, { method: "POST", headers, body }).then(async (response) => {
      onProgress(1, 1);
      return { status: response.status, body: await response.json().catch(() => ({})) };
    });
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener("load", () => {
      let parsed = {};
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch {
        /* S3 answers XML or nothing */
      }
      resolve({ status: xhr.status, body: parsed });
    });
    xhr.addEventListener("error", () => reject(new Error("red")));
    xhr.send(body);
  });
}

function entornoPorDefecto() {
  return {
    fetch: (...args) => globalThis.fetch(...args),
    WebSocket: globalThis.WebSocket,
    setTimeout: (...args) => globalThis.setTimeout(...args),
    clearTimeout: (...args) => globalThis.clearTimeout(...args),
    setInterval: (...args) => globalThis.setInterval(...args),
    clearInterval: (...args) => globalThis.clearInterval(...args),
    random: Math.random,
    subir: subirConProgreso,
    almacen: globalThis.localStorage,
    base: globalThis.location ? globalThis.location.href : "http://localhost/",
  };
}

export class ConexionChat {
  constructor({ api, ws, prefijo = "web", tono = "amigable", entorno = {} }) {
    this.entorno = { ...entornoPorDefecto(), ...entorno };
    this.api = String(api).replace(/\/+$/, "");
    this.ws = ws || `${this.api.replace(/^http/, "ws")}/ws`;
    this.prefijo = String(prefijo).replace(/[^A-Za-z0-9_-]/g, "").slice(0, 24) || "web";
    this.tono = ["amigable", "formal", "tecnico"].includes(tono) ? tono : "amigable";
    this.almacen = almacenSeguro(this.entorno.almacen);
    this.chatId = this.storedChatId(false);
    this.chatToken = this.almacen.get(this.tokenKey());
    this.socket = null;
    this.modo = "conectando";
    this.failures = 0;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.pending = new Map(); // message_id -> {mensaje, tono, viaHttp, timer}
    this.oyentes = new Map();
    this.cerrada = false;
  }

  on(tipo, oyente) {
    if (!this.oyentes.has(tipo)) this.oyentes.set(tipo, []);
    this.oyentes.get(tipo).push(oyente);
    return this;
  }

  emit(tipo, detalle = {}) {
    for (const oyente of this.oyentes.get(tipo) || []) oyente(detalle);
  }

  // ---------------------------------------------------------------- the conversation and its secret
  tokenKey() {
    return `agente-chat:${this.prefijo}:chat_token`;
  }

  storedChatId(fresh) {
    const key = `agente-chat:${this.prefijo}:chat_id`;
    let chatId = fresh ? null : this.almacen.get(key);
    if (!chatId || !/^[A-Za-z0-9_-]{1,64}$/.test(chatId)) {
      chatId = `${this.prefijo}_${uuid().replace(/-/g, "").slice(0, 20)}`;
      this.almacen.set(key, chatId);
      this.almacen.set(this.tokenKey(), null); // a new conversation has no secret yet
    }
    return chatId;
  }

  keepToken(token) {
    if (typeof token !== "string" || !token || token === this.chatToken) return;
    this.chatToken = token;
    this.almacen.set(this.tokenKey(), token);
  }

  chatHeaders(extra = {}) {
    return this.chatToken ? { ...extra, "X-Chat-Token": this.chatToken } : extra;
  }

  startNewChat() {
    // The stored conversation cannot be opened any more (its secret was lost): start another one.
    this.chatId = this.storedChatId(true);
    this.chatToken = null;
    this.emit("chat", { chatId: this.chatId });
    if (this.socket) this.socket.close(); // it reconnects to the new conversation
  }

  // ---------------------------------------------------------------- transport
  socketUrl() {
    const url = new URL(this.ws, this.entorno.base);
    url.searchParams.set("chat_id", this.chatId);
    if (this.chatToken) url.searchParams.set("chat_token", this.chatToken);
    return url.href;
  }

  iniciar() {
    this.cerrada = false;
    this.connect();
    return this;
  }

  cerrar() {
    this.cerrada = true;
    this.entorno.clearTimeout(this.reconnectTimer);
    this.entorno.clearInterval(this.pingTimer);
    if (this.socket) this.socket.close();
    this.socket = null;
  }

  connect() {
    const { WebSocket: Socket } = this.entorno;
    this.entorno.clearTimeout(this.reconnectTimer);
    if (this.cerrada) return;
    if (!Socket) {
      this.setMode("http");
      return;
    }
    let opened = false;
    let socket;
    try {
      socket = new Socket(this.socketUrl());
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
      this.pingTimer = this.entorno.setInterval(() => this.sendFrame({ type: "ping" }), PING_INTERVAL_MS);
      for (const [messageId, message] of this.pending) {
        if (!message.viaHttp && !message.archivo) this.sendOverSocket(messageId, message); // same id: once
      }
    });
    socket.addEventListener("message", (event) => this.onEvent(event.data));
    socket.addEventListener("close", () => {
      if (this.socket === socket) this.onSocketClosed(opened);
    });
  }

  onSocketClosed(wasOpen) {
    this.entorno.clearInterval(this.pingTimer);
    this.socket = null;
    if (this.cerrada) return;
    if (!wasOpen) this.failures += 1;
    if (this.failures >= WS_FAILURES_BEFORE_HTTP) {
      this.setMode("http");
      for (const [messageId, message] of this.pending) {
        if (!message.viaHttp && !message.archivo) this.sendOverHttp(messageId, message);
      }
    } else {
      this.setMode("conectando");
    }
    // Exponential backoff with full jitter, capped.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.reconnectTimer = this.entorno.setTimeout(() => this.connect(), this.entorno.random() * ceiling);
  }

  setMode(modo) {
    if (this.modo === modo) return;
    this.modo = modo;
    this.emit("modo", { modo });
  }

  sendFrame(frame) {
    const socket = this.socket;
    if (socket && socket.readyState === 1) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- text
  enviar(texto) {
    const mensaje = String(texto).trim().slice(0, MAX_MESSAGE_CHARS);
    if (!mensaje) return null;
    const messageId = uuid();
    const message = { mensaje, tono: this.tono, viaHttp: false, timer: null };
    this.pending.set(messageId, message);
    if (this.modo === "http") this.sendOverHttp(messageId, message);
    else this.sendOverSocket(messageId, message); // otherwise it goes out when the socket opens
    return messageId;
  }

  sendOverSocket(messageId, message) {
    const sent = this.sendFrame({ type: "message", mensaje: message.mensaje, tono: message.tono, message_id: messageId });
    if (sent) {
      this.entorno.clearTimeout(message.timer);
      message.timer = this.entorno.setTimeout(() => this.onReplyTimeout(messageId), REPLY_TIMEOUT_MS);
    }
    return sent;
  }

  onReplyTimeout(messageId) {
    const message = this.pending.get(messageId);
    // No answer over the socket: retry over HTTP with the same key (answered from the stored result if it ran).
    if (message) this.sendOverHttp(messageId, message);
  }

  async sendOverHttp(messageId, message) {
    message.viaHttp = true;
    this.entorno.clearTimeout(message.timer);
    this.emit("escribiendo", { visible: true });
    try {
      const response = await this.entorno.fetch(`${this.api}/chat/texto`, {
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
        this.fail(messageId, typeof body.detail === "string" ? body.detail : "No pudimos enviar tu mensaje. Intenta de nuevo.");
        return;
      }
      this.finish(messageId, body);
    } catch {
      if (!this.pending.has(messageId)) return;
      message.viaHttp = false;
      this.emit("escribiendo", { visible: false });
      this.emit("aviso", { texto: "Sin conexión. Reintentaremos en cuanto vuelva la red." });
      message.timer = this.entorno.setTimeout(
        () => this.pending.has(messageId) && this.sendOverHttp(messageId, message),
        5000,
      );
    }
  }

  // ---------------------------------------------------------------- photos and voice notes
  /**
   * Send a photo ("imagen") or a voice note ("audio"); `mensaje` goes with a photo. Files up to DIRECT_UPLOAD_MAX go
   * in the chat request itself; larger ones to storage first (POST /chat/subida, then the form to the bucket), and
   * the chat request carries their key. Progress is announced as "progreso"; the answer as "respuesta".
   */
  async enviarArchivo(tipo, archivo, { mensaje = "", messageId = uuid() } = {}) {
    if (!(tipo in RUTAS)) throw new Error(`tipo de archivo desconocido: ${tipo}`);
    if (archivo.size > LIMITES[tipo]) {
      this.emit("error", { messageId, texto: `La ${NOMBRES[tipo]} supera el límite de ${LIMITES[tipo] / 1048576} MB.` });
      return null;
    }
    this.pending.set(messageId, { archivo: true, timer: null });
    try {
      const form = new FormData();
      form.append("chat_id", this.chatId);
      form.append("tono", this.tono);
      if (tipo === "imagen" && mensaje.trim()) form.append("mensaje", mensaje.trim().slice(0, MAX_MESSAGE_CHARS));
      if (archivo.size > DIRECT_UPLOAD_MAX) form.append("clave", await this.subirAlAlmacen(tipo, archivo, messageId));
      else form.append("archivo", archivo, archivo.name || (tipo === "imagen" ? "foto" : "nota-de-voz"));
      const progreso = (enviados, total) => this.emit("progreso", { messageId, enviados, total, fase: "chat" });
      this.emit("escribiendo", { visible: true });
      const answer = await this.entorno.subir(`${this.api}${RUTAS[tipo]}`, { headers: this.chatHeaders(), body: form }, progreso);
      if (answer.status < 200 || answer.status >= 300) {
        const detail = answer.body && typeof answer.body.detail === "string" ? answer.body.detail : null;
        this.fail(messageId, detail || `No pudimos enviar tu ${NOMBRES[tipo]}. Intenta de nuevo.`);
        return null;
      }
      this.finish(messageId, answer.body);
      return answer.body;
    } catch (error) {
      this.fail(messageId, error && error.message && error.message !== "red" ? error.message : "Sin conexión: no pudimos enviar el archivo.");
      return null;
    }
  }

  async subirAlAlmacen(tipo, archivo, messageId) {
    const tipoContenido = (archivo.type || (tipo === "imagen" ? "image/jpeg" : "audio/webm")).split(";")[0].trim();
    const response = await this.entorno.fetch(`${this.api}/chat/subida`, {
      method: "POST",
      headers: this.chatHeaders({ "Content-Type": "application/json" }),
      body: JSON.stringify({ chat_id: this.chatId, tipo, tipo_contenido: tipoContenido }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : "No pudimos preparar la subida.");
    this.keepToken(body.chat_token);
    const form = new FormData();
    for (const [name, value] of Object.entries(body.campos || {})) form.append(name, value);
    form.append("file", archivo);
    const progreso = (enviados, total) => this.emit("progreso", { messageId, enviados, total, fase: "almacen" });
    const stored = await this.entorno.subir(body.url, { body: form }, progreso);
    if (stored.status < 200 || stored.status >= 300) throw new Error("El almacenamiento no aceptó el archivo.");
    return body.clave;
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
    const mine = messageId && this.pending.has(messageId);
    switch (event.type) {
      case "typing":
        if (!messageId || mine) this.emit("escribiendo", { visible: true });
        break;
      case "response_start":
        if (mine) this.emit("inicio", { messageId });
        break;
      case "response_chunk":
        if (mine) {
          this.emit("escribiendo", { visible: false });
          this.emit("fragmento", { messageId, texto: event.content || "" });
        }
        break;
      case "response_end":
        if (!messageId || mine) this.finish(messageId, event);
        break;
      case "error":
        if (messageId && event.code === "mensaje_en_proceso") break; // the answer is on its way
        this.fail(messageId, event.message || "Ocurrió un error. Intenta de nuevo.");
        break;
      case "asesor":
        this.emit("asesor", { mensaje: event.mensaje || "" });
        break;
      case "connection_status":
        this.keepToken(event.chat_token);
        this.setMode("ws");
        break;
      default:
        break; // "processing", API Gateway's own messages and future event types
    }
  }

  finish(messageId, respuesta) {
    this.keepToken(respuesta.chat_token);
    const message = this.pending.get(messageId);
    if (message) this.entorno.clearTimeout(message.timer);
    this.pending.delete(messageId);
    this.emit("escribiendo", { visible: this.pending.size > 0 });
    this.emit("respuesta", { messageId, respuesta });
  }

  fail(messageId, texto) {
    if (messageId) {
      const message = this.pending.get(messageId);
      if (message) this.entorno.clearTimeout(message.timer);
      this.pending.delete(messageId);
    }
    this.emit("escribiendo", { visible: this.pending.size > 0 });
    this.emit("error", { messageId, texto });
  }

  async historial() {
    try {
      const response = await this.entorno.fetch(`${this.api}/chat/historial/${encodeURIComponent(this.chatId)}`, {
        headers: this.chatHeaders(),
      });
      if (response.status === 403) this.startNewChat();
      if (!response.ok) return null;
      const { mensajes = [] } = await response.json();
      return mensajes;
    } catch {
      return null; // no history: a new conversation
    }
  }
}
