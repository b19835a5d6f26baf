// WHIP publish and WHEP play (issue 7) with a browser RTCPeerConnection; no trickle ICE.
import { ApiError } from "./api.js";
import { session } from "./session.js";

function gathered(pc, timeoutMs = 3000) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState === "complete") resolve();
    };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, timeoutMs);
  });
}

async function negotiate(kind, room, pc) {
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  await session.fresh();
  const response = await fetch(`/${kind}/${room}`, {
    method: "POST", body: pc.localDescription.sdp,
    headers: { "Content-Type": "application/sdp", Authorization: `Bearer ${session.accessToken}` } });
  if (response.status !== 201) {
    const text = await response.text();
    let problem = { detail: text };
    try {
      problem = JSON.parse(text);
    } catch { /* plain text answer */ }
    pc.close();
    throw new ApiError(response.status, problem);
  }
  const location = new URL(response.headers.get("Location"), window.location.href).pathname;
  await pc.setRemoteDescription({ type: "answer", sdp: await response.text() });
  return {
    pc,
    async stop() {
      pc.close();
      await fetch(location, { method: "DELETE",
        headers: { Authorization: `Bearer ${session.accessToken}` } }).catch(() => null);
    },
  };
}

/** Publishes a camera/microphone stream to `room` (`live:{model_id}` or `call:{booking_id}`). */
export async function publish(room, stream) {
  const pc = new RTCPeerConnection();
  for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: "sendonly", streams: [stream] });
  return negotiate("whip", room, pc);
}

/** Plays `room` into `video`; resolves once the answer is applied. */
export async function play(room, video) {
  const pc = new RTCPeerConnection();
  pc.addTransceiver("video", { direction: "recvonly" });
  pc.addTransceiver("audio", { direction: "recvonly" });
  const stream = new MediaStream();
  pc.ontrack = (event) => {
    stream.addTrack(event.track);
    video.srcObject = stream;
  };
  return negotiate("whep", room, pc);
}

export function camera() {
  return navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
}

/** Counts decoded frames of a <video>, so the UI (and tests) can show that video advances. */
export function frameCounter(video, onCount) {
  let frames = 0;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    frames += 1;
    video.dataset.frames = String(frames);
    onCount?.(frames);
    video.requestVideoFrameCallback(tick);
  };
  video.requestVideoFrameCallback(tick);
  return () => { stopped = true; };
}
