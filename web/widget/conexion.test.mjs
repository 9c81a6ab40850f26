// The widget's connection without a browser (`node --test web/widget/`): fake sockets, fetch, timers and storage.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConexionChat, DIRECT_UPLOAD_MAX, REPLY_TIMEOUT_MS, WS_FAILURES_BEFORE_HTTP } from "./conexion.js";

class FakeSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.listeners = {};
    FakeSocket.all.push(this);
  }
  addEventListener(type, listener) {
    (this.listeners[type] ||= []).push(listener);
  }
  fire(type, event = {}) {
    for (const listener of this.listeners[type] || []) listener(event);
  }
  open() {
    this.readyState = 1;
    this.fire("open");
  }
  receive(payload) {
    this.fire("message", { data: JSON.stringify(payload) });
  }
  send(data) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
    this.fire("close");
  }
}

function clock() {
  let now = 0;
  let next = 1;
  const timers = new Map();
  return {
    setTimeout(fn, ms) {
      timers.set(next, { fn, at: now + ms });
      return next++;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    setInterval() {
      return 0;
    },
    clearInterval() {},
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.fn();
        }
      }
    },
  };
}

function storage() {
  const items = new Map();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v), removeItem: (k) => items.delete(k), items };
}

function respond(status, body) {
  return { status, ok: status >= 200 && status < 300, json: async () => body };
}

function connection({ fetch, subir, almacen = storage() } = {}) {
  FakeSocket.all = [];
  const timers = clock();
  const calls = [];
  const conexion = new ConexionChat({
    api: "https://api.example.com/",
    prefijo: "tienda",
    entorno: {
      WebSocket: FakeSocket,
      ...timers,
      random: () => 0,
      almacen,
      base: "https://tienda.example.com/",
      fetch: async (url, options) => {
        calls.push({ url, options });
        return fetch ? fetch(url, options) : respond(200, {});
      },
      subir: subir || (async () => ({ status: 200, body: {} })),
    },
  });
  const events = [];
  for (const type of ["modo", "respuesta", "fragmento", "error", "progreso", "chat", "aviso"]) {
    conexion.on(type, (detail) => events.push({ type, ...detail }));
  }
  return { conexion, timers, calls, events, almacen };
}

test("a message goes over the WebSocket, streams, and its final answer keeps the chat token", () => {
  const { conexion, events, almacen } = connection();
  conexion.iniciar();
  const [socket] = FakeSocket.all;
  assert.match(socket.url, /^wss:\/\/api\.example\.com\/ws\?chat_id=tienda_[a-f0-9]{20}$/);
  socket.open();
  assert.equal(conexion.modo, "ws");
  const id = conexion.enviar("  hola  ");
  assert.deepEqual(socket.sent.at(-1), { type: "message", mensaje: "hola", tono: "amigable", message_id: id });
  socket.receive({ type: "response_start", message_id: id });
  socket.receive({ type: "response_chunk", message_id: id, content: "Ho" });
  socket.receive({ type: "response_chunk", message_id: "de-otro", content: "x" }); // not ours: ignored
  socket.receive({ type: "response_end", message_id: id, respuesta: "Hola", chat_token: "secreto" });
  assert.deepEqual(events.filter((e) => e.type === "fragmento").map((e) => e.texto), ["Ho"]);
  assert.equal(events.find((e) => e.type === "respuesta").respuesta.respuesta, "Hola");
  assert.equal(almacen.items.get("agente-chat:tienda:chat_token"), "secreto");
  assert.equal(conexion.pending.size, 0);
});

test("after failed connections it falls back to HTTP with an Idempotency-Key and the chat token", async () => {
  const almacen = storage();
  almacen.setItem("agente-chat:tienda:chat_id", "tienda_guardado");
  almacen.setItem("agente-chat:tienda:chat_token", "previo");
  const { conexion, timers, calls, events } = connection({
    almacen,
    fetch: () => respond(200, { respuesta: "Por HTTP", chat_token: "previo" }),
  });
  conexion.iniciar();
  for (let i = 0; i < WS_FAILURES_BEFORE_HTTP; i += 1) {
    FakeSocket.all.at(-1).close();
    timers.advance(1);
  }
  assert.equal(conexion.modo, "http");
  assert.deepEqual(events.filter((e) => e.type === "modo").map((e) => e.modo), ["http"]);
  const id = conexion.enviar("¿tienen guantes?");
  await new Promise((resolve) => setImmediate(resolve));
  const [call] = calls;
  assert.equal(call.url, "https://api.example.com/chat/texto");
  assert.equal(call.options.headers["Idempotency-Key"], id);
  assert.equal(call.options.headers["X-Chat-Token"], "previo");
  assert.deepEqual(JSON.parse(call.options.body), { chat_id: "tienda_guardado", mensaje: "¿tienen guantes?", tono: "amigable" });
  assert.equal(events.find((e) => e.type === "respuesta").respuesta.respuesta, "Por HTTP");
});

test("no answer over the socket in time: the same message is retried over HTTP with the same key", async () => {
  const { conexion, timers, calls } = connection({ fetch: () => respond(200, { respuesta: "ok" }) });
  conexion.iniciar();
  FakeSocket.all[0].open();
  const id = conexion.enviar("hola");
  timers.advance(REPLY_TIMEOUT_MS);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(calls.length, 1);
  assert.equal(calls[0].options.headers["Idempotency-Key"], id);
});

test("a conversation whose secret was lost starts again under a new chat_id", async () => {
  let first = true;
  const { conexion, timers, calls, events } = connection({
    fetch: () => {
      const answer = first ? respond(403, { detail: "privada" }) : respond(200, { respuesta: "nuevo" });
      first = false;
      return answer;
    },
  });
  conexion.iniciar();
  FakeSocket.all[0].close();
  timers.advance(1);
  FakeSocket.all.at(-1).close();
  const before = conexion.chatId;
  conexion.enviar("hola");
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.notEqual(conexion.chatId, before);
  assert.equal(events.find((e) => e.type === "chat").chatId, conexion.chatId);
  assert.equal(JSON.parse(calls[1].options.body).chat_id, conexion.chatId);
});

test("a small photo goes in the chat request with its text, with progress", async () => {
  const sent = [];
  const { conexion, events } = connection({
    subir: async (url, options, progress) => {
      sent.push({ url, options });
      progress(50, 100);
      progress(100, 100);
      return { status: 200, body: { respuesta: "Recibí tu imagen", productos: [] } };
    },
  });
  const photo = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "foto.png", { type: "image/png" });
  const answer = await conexion.enviarArchivo("imagen", photo, { mensaje: "¿tienen este casco?" });
  assert.equal(answer.respuesta, "Recibí tu imagen");
  const [{ url, options }] = sent;
  assert.equal(url, "https://api.example.com/chat/imagen");
  assert.equal(options.body.get("chat_id"), conexion.chatId);
  assert.equal(options.body.get("mensaje"), "¿tienen este casco?");
  assert.equal(options.body.get("archivo").size, 4);
  assert.equal(options.body.get("clave"), null);
  assert.deepEqual(events.filter((e) => e.type === "progreso").map((e) => e.enviados), [50, 100]);
});

test("a large voice note goes to storage first and the chat gets its key", async () => {
  const sent = [];
  const { conexion, calls } = connection({
    fetch: () =>
      respond(200, {
        clave: "subidas/x/audio-1",
        url: "https://bucket.s3.amazonaws.com/",
        campos: { key: "subidas/x/audio-1", "Content-Type": "audio/webm", policy: "p" },
        chat_token: "t",
      }),
    subir: async (url, options) => {
      sent.push({ url, options });
      return url.includes("bucket") ? { status: 204, body: {} } : { status: 200, body: { respuesta: "ok", transcripcion: "hola" } };
    },
  });
  const audio = new File([new Uint8Array(DIRECT_UPLOAD_MAX + 1)], "nota.webm", { type: "audio/webm;codecs=opus" });
  const answer = await conexion.enviarArchivo("audio", audio);
  assert.equal(answer.transcripcion, "hola");
  assert.deepEqual(JSON.parse(calls[0].options.body), { chat_id: conexion.chatId, tipo: "audio", tipo_contenido: "audio/webm" });
  const [bucket, chat] = sent;
  assert.equal(bucket.options.body.get("key"), "subidas/x/audio-1");
  assert.equal(bucket.options.body.get("file").size, DIRECT_UPLOAD_MAX + 1);
  assert.equal(chat.url, "https://api.example.com/chat/audio");
  assert.equal(chat.options.body.get("clave"), "subidas/x/audio-1");
  assert.equal(chat.options.body.get("archivo"), null);
  assert.equal(chat.options.headers["X-Chat-Token"], "t");
});

test("a file over its limit or refused by the server is an error, not an answer", async () => {
  const { conexion, events } = connection({ subir: async () => ({ status: 415, body: { detail: "No es una imagen." } }) });
  const huge = new File([new Uint8Array(5 * 1024 * 1024 + 1)], "f.jpg", { type: "image/jpeg" });
  assert.equal(await conexion.enviarArchivo("imagen", huge), null);
  assert.match(events.at(-1).texto, /5 MB/);
  const text = new File([new Uint8Array(3)], "f.jpg", { type: "image/jpeg" });
  assert.equal(await conexion.enviarArchivo("imagen", text), null);
  assert.equal(events.at(-1).texto, "No es una imagen.");
  assert.equal(conexion.pending.size, 0);
});
