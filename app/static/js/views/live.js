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
  const viewers = h("span", { class: "badge", "data-testid": "viewers" }, t("live.viewers", { count: 0 }));
  const out = h("div", { "aria-live": "polite" });
  const chat = session.user ? chatBox(room, { onViewers: (n) => { viewers.textContent = t("live.viewers", { count: n }); } }) : null;
  let player = null;
  let stopFrames = () => null;
  const retry = h("button", { type: "button", hidden: true, onclick: () => watch() }, t("live.retry"));
  const watch = async () => {
    stopFrames();
    await player?.stop();
    player = null;
    retry.hidden = true;
    mount(out, status(t("live.connecting")));
    try {
      player = await play(room, video);
      stopFrames = frameCounter(video);
      mount(out);
    } catch (error) {
      retry.hidden = false;
      mount(out, error.status === 404 ? status(t("live.offline")) : problem(error));
    }
  };
  mount(root, h("h1", {}, t("live.title", { name: model.display_name }), " ", viewers),
    h("div", { class: "stage" }, h("div", { class: "stack" }, video, out, retry),
      chat ? chat.node : h("p", {}, h("a", { href: "#/signin" }, t("chat.signin")))));
  if (session.user) await watch();
  else mount(out, status(t("error.signin_first")));
  return () => { stopFrames(); player?.stop(); chat?.stop(); };
}
