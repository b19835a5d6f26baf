// Watching a model's public show: WHEP playback, viewer count, and the room's chat.
import { api } from "../api.js";
import { problem } from "../components.js";
import { chatBox } from "../chat.js";
import { h, mount, status } from "../dom.js";
import { t } from "../i18n.js";
import { frameCounter, play } from "../media.js";
import { session } from "../session.js";

export async function render(root, { id }) {
  const model = await api(`/api/models/${id}`);
  const room = `live:${model.id}`;
  const video = h("video", { autoplay: true, playsinline: true, muted: true, controls: true, "data-testid": "show" });
  const viewers = h("span", { class: "badge" }, "👁 0");
  const out = h("div", { "aria-live": "polite" });
  const chat = session.user ? chatBox(room, { onViewers: (n) => { viewers.textContent = `👁 ${n}`; } }) : null;
  let player = null;
  let stopFrames = () => null;
  const watch = async () => {
    mount(out, status(t("live.connecting")));
    try {
      player = await play(room, video);
      stopFrames = frameCounter(video);
      mount(out);
    } catch (error) {
      mount(out, error.status === 404 && !error.notAvailable ? status(t("live.offline")) : problem(error));
    }
  };
  mount(root, h("h1", {}, t("live.title", { name: model.display_name }), " ", viewers),
    h("div", { class: "stage" }, h("div", { class: "stack" }, video, out,
      h("button", { type: "button", onclick: watch }, t("live.retry"))),
    chat ? chat.node : h("p", {}, h("a", { href: "#/signin" }, t("chat.signin")))));
  if (session.user) await watch();
  else mount(out, status(t("error.signin_first")));
  return () => { stopFrames(); player?.stop(); chat?.stop(); };
}
