/**
 * Agente Vendedor Sextinvalle: the storefront's chat, as a custom element. A plain ES module, no build step.
 *
 *   <script type="module" src="https://cdn.example.com/widget/agente-chat.js"></script>
 *   <agente-chat api="https://api.example.com" ws="wss://ws.example.com/prod" chat-id-prefix="tienda"></agente-chat>
 *
 * Attributes (all optional): api (HTTP API base; default: the page's origin), ws (WebSocket URL; default: api with
 * ws(s):// and /ws), chat-id-prefix ("web"), tono ("amigable" | "formal" | "tecnico"), titulo, abierto (present: the
 * panel opens at load). The element keeps `data-chat-id` (its conversation) and `data-modo` (ws | http | conectando).
 *
 * The connection (transport, reconnection, HTTP fallback, chat token, uploads) is `ConexionChat` in conexion.js,
 * which has no DOM; this file renders it: messages, products, the order, a photo button (the camera on phones) and a
 * hold-to-record voice button (MediaRecorder; absent where the browser has none), with upload progress and a
 * preview of what was sent. The connection state is announced to screen readers.
 *
 * The module also exports `abrirChat()`, `cerrarChat()` and `enviarMensaje(texto)` for the host page (they use the
 * page's first <agente-chat>, adding one with the defaults if there is none).
 */

import { ConexionChat, MAX_MESSAGE_CHARS, uuid } from "./conexion.js";

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

const STYLES = `
:host { all: initial; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c2430; }
* { box-sizing: border-box; }
.lanzador { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 999px;
  background: #c2410c; color: #fff; font-family: inherit; font-size: 15px; font-weight: 600; padding: 14px 20px; cursor: pointer;
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
.cliente { align-self: flex-end; background: #c2410c; color: #fff; border-bottom-right-radius: 4px; }
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
.precio { font-weight: 700; color: #c2410c; }
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
.enviar { border: 0; border-radius: 10px; background: #c2410c; color: #fff; font-family: inherit; font-size: 14px;
  font-weight: 600; padding: 0 16px; cursor: pointer; }
.enviar:disabled { opacity: .5; cursor: default; }
.adjunto { border: 1px solid #cbd2db; border-radius: 10px; background: #fff; color: #1c2430; font: inherit; font-size: 18px;
  width: 42px; min-width: 42px; cursor: pointer; display: flex; align-items: center; justify-content: center; }
.adjunto[aria-pressed="true"] { background: #b91c1c; border-color: #b91c1c; color: #fff; }
.vista { display: block; max-width: 220px; max-height: 220px; border-radius: 8px; margin-top: 4px; }
audio.vista { max-width: 240px; }
.progreso { display: block; width: 100%; margin-top: 6px; accent-color: #1c2430; }
:host { display: contents; }
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

const MODOS = {
  ws: "En línea",
  http: "Conexión limitada: los mensajes van por HTTP",
  conectando: "Reconectando…",
};
const SALUDO = "¡Hola! Soy el asesor virtual de Sextinvalle. ¿Qué necesitas hoy?";
const PREVIEW = /^\[(imagen|audio)\]\s*/;

/** Recording works where the browser has MediaRecorder and a microphone API (not on plain http, nor old Safari). */
function canRecord() {
  return typeof window.MediaRecorder === "function" && !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

export class AgenteChatElement extends HTMLElement {
  static get observedAttributes() {
    return ["abierto"];
  }

  connectedCallback() {
    if (this.conexion) return;
    const api = (this.getAttribute("api") || location.origin).replace(/\/+$/, "");
    this.titulo = this.getAttribute("titulo") || "Asesor Sextinvalle";
    this.conexion = new ConexionChat({
      api,
      ws: this.getAttribute("ws") || undefined,
      prefijo: this.getAttribute("chat-id-prefix") || "web",
      tono: this.getAttribute("tono") || "amigable",
    });
    this.streaming = new Map(); // message_id -> bubble being streamed
    this.uploads = new Map(); // message_id -> progress bar
    this.historyLoaded = false;
    this.build();
    this.listen();
    this.dataset.chatId = this.conexion.chatId;
    this.setMode(this.conexion.modo);
    this.conexion.iniciar();
    if (this.hasAttribute("abierto")) this.open();
  }

  disconnectedCallback() {
    if (this.conexion) this.conexion.cerrar();
  }

  attributeChangedCallback(name, previous, value) {
    if (name === "abierto" && this.panel) (value === null ? this.close() : this.open());
  }

  build() {
    const root = this.attachShadow({ mode: "open" });
    const style = el("style", { text: STYLES });
    this.launcher = el(
      "button",
      { class: "lanzador", type: "button", "aria-expanded": "false", "aria-controls": "agente-panel" },
      chatIcon(),
      el("span", { text: "¿Te ayudamos?" }),
    );
    this.status = el("span", { class: "estado", "data-modo": "conectando" }, el("span", { class: "punto" }));
    // the connection state, announced to screen readers when it changes
    this.statusText = el("span", { role: "status", "aria-live": "polite", text: MODOS.conectando });
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
    // a photo: the camera on phones (capture), the file picker elsewhere
    this.photoInput = el("input", { type: "file", accept: "image/*", capture: "environment", hidden: true, id: "agente-foto" });
    this.photoButton = el("button", { class: "adjunto foto", type: "button", "aria-label": "Enviar una foto", title: "Enviar una foto", text: "📷" });
    this.voiceButton = canRecord()
      ? el("button", {
          class: "adjunto voz",
          type: "button",
          "aria-pressed": "false",
          "aria-label": "Mantén presionado para grabar una nota de voz",
          title: "Mantén presionado para grabar (o la barra espaciadora)",
          text: "🎤",
        })
      : null;
    const form = el(
      "form",
      { "aria-label": "Enviar un mensaje" },
      el("label", { class: "oculto", for: "agente-mensaje", text: "Tu mensaje" }),
      this.photoInput,
      this.photoButton,
      this.voiceButton,
      this.input,
      this.sendButton,
    );
    this.panel = el(
      "div",
      { class: "panel", id: "agente-panel", role: "dialog", "aria-label": this.titulo, hidden: true },
      el("header", { class: "cabecera" }, el("h2", { text: this.titulo }), this.status, close),
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
    this.photoButton.addEventListener("click", () => this.photoInput.click());
    this.photoInput.addEventListener("change", () => {
      const [file] = this.photoInput.files || [];
      this.photoInput.value = "";
      if (file) this.sendFile("imagen", file);
    });
    if (this.voiceButton) this.holdToRecord(this.voiceButton);
  }

  listen() {
    const conexion = this.conexion;
    conexion.on("modo", ({ modo }) => this.setMode(modo));
    conexion.on("chat", ({ chatId }) => (this.dataset.chatId = chatId));
    conexion.on("escribiendo", ({ visible }) => this.showTyping(visible));
    conexion.on("inicio", ({ messageId }) => this.startStream(messageId));
    conexion.on("fragmento", ({ messageId, texto }) => this.appendStream(messageId, texto));
    conexion.on("respuesta", ({ messageId, respuesta }) => this.finish(messageId, respuesta));
    conexion.on("asesor", ({ mensaje }) => this.bubble("asesor", mensaje));
    conexion.on("aviso", ({ texto }) => this.system(texto));
    conexion.on("error", ({ messageId, texto }) => {
      this.endUpload(messageId);
      const bubble = this.streaming.get(messageId);
      if (bubble) bubble.node.removeAttribute("aria-busy");
      this.streaming.delete(messageId);
      this.system(texto);
    });
    conexion.on("progreso", ({ messageId, enviados, total }) => {
      const bar = this.uploads.get(messageId);
      if (bar && total) bar.value = Math.round((100 * enviados) / total);
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

  setMode(modo) {
    this.status.dataset.modo = modo;
    this.dataset.modo = modo;
    this.statusText.textContent = MODOS[modo];
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
    this.bubble("cliente", texto);
    this.conexion.enviar(texto);
  }

  sendFile(tipo, file) {
    const mensaje = tipo === "imagen" ? this.input.value.trim() : "";
    if (mensaje) this.input.value = "";
    const messageId = uuid();
    const url = URL.createObjectURL(file);
    const preview =
      tipo === "imagen"
        ? el("img", { class: "vista", src: url, alt: "Tu foto" })
        : el("audio", { class: "vista", src: url, controls: true, "aria-label": "Tu nota de voz" });
    const bar = el("progress", {
      class: "progreso",
      max: "100",
      value: "0",
      "aria-label": tipo === "imagen" ? "Enviando la foto" : "Enviando la nota de voz",
    });
    const bubble = this.bubble("cliente", mensaje);
    bubble.node.classList.add("con-archivo");
    bubble.node.append(preview, bar);
    this.uploads.set(messageId, bar);
    this.conexion.enviarArchivo(tipo, file, { mensaje, messageId });
  }

  endUpload(messageId) {
    const bar = this.uploads.get(messageId);
    if (bar) bar.remove();
    this.uploads.delete(messageId);
  }

  /** Hold the button (pointer, or Space/Enter) to record; release to send; Escape or leaving cancels nothing. */
  holdToRecord(button) {
    const start = async (event) => {
      event.preventDefault();
      if (this.recorder) return;
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        const recorder = new MediaRecorder(stream);
        const chunks = [];
        recorder.addEventListener("dataavailable", (e) => e.data && e.data.size && chunks.push(e.data));
        recorder.addEventListener("stop", () => {
          for (const track of stream.getTracks()) track.stop();
          const type = (recorder.mimeType || "audio/webm").split(";")[0];
          const blob = new Blob(chunks, { type });
          this.recorder = null;
          button.setAttribute("aria-pressed", "false");
          this.statusText.textContent = MODOS[this.dataset.modo] || "";
          if (blob.size) this.sendFile("audio", new File([blob], `nota-de-voz.${type.split("/")[1] || "webm"}`, { type }));
        });
        this.recorder = recorder;
        recorder.start();
        button.setAttribute("aria-pressed", "true");
        this.statusText.textContent = "Grabando… suelta el botón para enviar";
        if (this.stopRequested) this.stopRecording();
      } catch {
        this.system("No pudimos usar el micrófono. Revisa el permiso del navegador o escribe tu mensaje.");
      }
    };
    const stop = () => {
      this.stopRequested = !this.recorder;
      this.stopRecording();
    };
    button.addEventListener("pointerdown", (event) => {
      this.stopRequested = false;
      start(event);
    });
    for (const name of ["pointerup", "pointercancel", "pointerleave"]) button.addEventListener(name, stop);
    button.addEventListener("keydown", (event) => {
      if ((event.key === " " || event.key === "Enter") && !event.repeat) {
        this.stopRequested = false;
        start(event);
      }
    });
    button.addEventListener("keyup", (event) => {
      if (event.key === " " || event.key === "Enter") stop();
    });
  }

  stopRecording() {
    if (this.recorder && this.recorder.state === "recording") {
      this.stopRequested = false;
      this.recorder.stop();
    }
  }

  // ---------------------------------------------------------------- receiving
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
    this.streaming.get(messageId).text.textContent += content;
    this.scrollDown();
  }

  finish(messageId, respuesta) {
    this.endUpload(messageId);
    let bubble = this.streaming.get(messageId);
    this.streaming.delete(messageId);
    if (respuesta.transcripcion) this.bubble("cliente", `🎤 «${respuesta.transcripcion}»`);
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
      document.dispatchEvent(new CustomEvent("agente-chat:venta-cerrada", { detail: { chat_id: this.conexion.chatId, pedido } }));
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
    const mensajes = await this.conexion.historial();
    if (!mensajes || !mensajes.length) {
      this.bubble("agente", SALUDO);
      return;
    }
    const first = this.log.firstChild;
    for (const mensaje of mensajes.slice(-30)) {
      const rol = ["cliente", "agente", "asesor"].includes(mensaje.rol) ? mensaje.rol : "agente";
      const contenido = rol === "cliente" ? mensaje.contenido.replace(PREVIEW, (_, tipo) => (tipo === "imagen" ? "📷 " : "🎤 ")) : mensaje.contenido;
      const bubble = this.bubble(rol, contenido);
      this.log.insertBefore(bubble.node, first); // older messages go above anything sent meanwhile
    }
  }
}

if (!customElements.get("agente-chat")) customElements.define("agente-chat", AgenteChatElement);

function element() {
  let chat = document.querySelector("agente-chat");
  if (!chat) {
    chat = document.createElement("agente-chat");
    document.body.append(chat);
  }
  return chat;
}

export function abrirChat() {
  element().open();
}

export function cerrarChat() {
  element().close();
}

export function enviarMensaje(texto) {
  const chat = element();
  chat.open();
  chat.send(String(texto).slice(0, MAX_MESSAGE_CHARS));
}
