// Staff: the count of violations waiting for review, shown in the nav. Fetched once, then again
// shortly after every feed frame (a new violation, a review) and after each (re)subscription.
import { api } from "./api.js";
import * as realtime from "./realtime.js";

let count = null;
let stops = [];
let timer = null;

export const pendingCount = () => count;

export function watchPending(changed) {
  stopPending();
  const refresh = async () => {
    try {
      count = (await api("/api/admin/moderation/pending")).pending;
      changed(count);
    } catch {
      // signed out or offline meanwhile: the next frame or subscription tries again
    }
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  };
  stops = [realtime.subscribe("moderation"), realtime.on("violation", soon), realtime.on("violation_reviewed", soon),
    realtime.on("subscribed", (frame) => { if (frame.channel === "moderation") soon(); })];
  refresh();
}

export function stopPending() {
  clearTimeout(timer);
  stops.forEach((fn) => fn());
  stops = [];
  count = null;
}
