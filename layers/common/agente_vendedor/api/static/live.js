// The panel's live channel: one staff WebSocket receiving `chat_actualizado` frames (a conversation's summary, as in
// GET /chats/). Where it connects and how it subscribes is decided here and nowhere else.

const PING_MS = 4 * 60 * 1000; // well under API Gateway's 10-minute idle timeout
const RETRY_MS = [1000, 2000, 5000, 10000, 30000];

// The WebSocket API: the server writes it into the page (WS_ENDPOINT_URL, e.g. wss://{api}.execute-api…/{stage});
// without it, the page's own host (the local stack's /ws).
export function websocketBase() {
  const configured = document.querySelector('meta[name="agente-websocket"]')?.content || "";
  if (/^wss?:\/\//.test(configured)) return configured;
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
}

export function panelSocketUrl(token) {
  const url = new URL(websocketBase());
  url.searchParams.set("token", token);
  url.searchParams.set("panel", "1");
  return url.toString();
}

// onStatus("conectando" | "conectado" | "reconectando" | "apagado", {reconnected}); onFrame(frame) for each JSON frame.
export function connectLive({ token, onFrame, onStatus }) {
  let socket = null;
  let attempt = 0;
  let everOpened = false;
  let retry = null;
  let ping = null;
  let stopped = false;

  function open() {
    onStatus("conectando", {});
    socket = new WebSocket(panelSocketUrl(token));
    socket.addEventListener("open", () => {
      onStatus("conectado", { reconnected: everOpened });
      everOpened = true;
      attempt = 0;
      ping = setInterval(() => socket.send(JSON.stringify({ type: "ping" })), PING_MS);
    });
    socket.addEventListener("message", (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame && typeof frame === "object") onFrame(frame);
    });
    socket.addEventListener("close", () => {
      clearInterval(ping);
      if (stopped) return;
      onStatus("reconectando", {});
      retry = setTimeout(open, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
      attempt += 1;
    });
  }

  open();
  return {
    close() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(ping);
      if (socket) socket.close();
      onStatus("apagado", {});
    },
  };
}
