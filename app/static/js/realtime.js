// One WebSocket to GET /ws (issue 5): subscribe to channels, dispatch frames by type, reconnect.
import { session } from "./session.js";

const listeners = new Map(); // frame type → Set of callbacks
const channels = new Map(); // channel → number of views that want it
let socket = null;
let backoff = 1000;
let timer = null;

function emit(type, frame) {
  for (const fn of listeners.get(type) || []) fn(frame);
}

function send(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}

function schedule(delay) {
  clearTimeout(timer);
  timer = setTimeout(connect, delay);
}

export async function connect() {
  if (!session.accessToken || (socket && socket.readyState <= WebSocket.OPEN)) return;
  if (!(await session.fresh()) || socket) return;
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
  socket = new WebSocket(url, ["pnp.v1", `bearer.${session.accessToken}`]);
  socket.onopen = () => {
    backoff = 1000;
    for (const channel of channels.keys()) send({ type: "subscribe", channel });
  };
  socket.onmessage = (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "reconnect") schedule(frame.retry_after_ms || 1000);
    emit(frame.type, frame);
  };
  const current = socket;
  socket.onclose = () => {
    if (socket !== current) return; // replaced by a newer connection
    socket = null;
    if (!session.accessToken) return;
    // Until the gateway exists (or while it is down), retry less and less often.
    backoff = Math.min(backoff * 2, 30_000);
    schedule(backoff);
  };
}

export function disconnect() {
  clearTimeout(timer);
  const closing = socket;
  socket = null;
  if (closing) closing.close(1000);
}

export function on(type, callback) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(callback);
  return () => listeners.get(type).delete(callback);
}

/** Subscribes while the returned function has not been called. */
export function subscribe(channel) {
  channels.set(channel, (channels.get(channel) || 0) + 1);
  if (channels.get(channel) === 1) send({ type: "subscribe", channel });
  connect();
  return () => {
    const left = channels.get(channel) - 1;
    if (left > 0) channels.set(channel, left);
    else {
      channels.delete(channel);
      send({ type: "unsubscribe", channel });
    }
  };
}

export function chat(room, text, ref) {
  if (!socket || socket.readyState !== WebSocket.OPEN) return false;
  send({ type: "chat", room, text, ref });
  return true;
}
