// A booked call: my camera and microphone out over WHIP, the other side in over WHEP.
import { problem } from "../components.js";
import { chatBox } from "../chat.js";
import { h, mount, status } from "../dom.js";
import { t } from "../i18n.js";
import { camera, frameCounter, play, publish } from "../media.js";

export async function render(root, { id }) {
  const room = `call:${id}`;
  const mine = h("video", { autoplay: true, playsinline: true, muted: true, "data-testid": "local", "aria-label": t("call.you") });
  const theirs = h("video", { autoplay: true, playsinline: true, "data-testid": "remote", "aria-label": t("call.them") });
  const out = h("div", { "aria-live": "polite" });
  const chat = chatBox(room);
  const sessions = [];
  const stops = [];
  mount(root, h("h1", {}, t("call.title", { id })), out,
    h("div", { class: "call" }, h("figure", {}, theirs, h("figcaption", {}, t("call.them"))),
      h("figure", { class: "self" }, mine, h("figcaption", {}, t("call.you")))),
    h("button", { type: "button", class: "danger", onclick: () => { location.hash = `#/bookings/${id}`; } }, t("call.leave")),
    chat.node);
  try {
    const stream = await camera();
    mine.srcObject = stream;
    stops.push(() => stream.getTracks().forEach((track) => track.stop()));
    sessions.push(await publish(room, stream));
    mount(out, status(t("call.waiting")));
    // The other side may join later: retry playback until it answers.
    const tryPlay = async () => {
      try {
        sessions.push(await play(room, theirs));
        stops.push(frameCounter(theirs, () => mount(out)));
      } catch {
        stops.push(((timer) => () => clearTimeout(timer))(setTimeout(tryPlay, 2000)));
      }
    };
    await tryPlay();
  } catch (error) {
    mount(out, problem(error));
  }
  return () => { chat.stop(); stops.forEach((fn) => fn()); sessions.forEach((s) => s.stop()); };
}
