"""What every browser scenario needs inside its loopback-only network namespace: a database of
its own, the app on 127.0.0.1, headless Chromium with a fake camera, and a JSON report.

A scenario is a script run as `unshare --net -- sh -c 'ip link set lo up && python scenario.py'`
(the `run_scenario` fixture in tests/e2e/conftest.py). PostgreSQL is reached through its Unix
socket (`PNP_E2E_DATABASE`), the one path out of the namespace; Redis is not used (in-process
fan-out). Nothing inside can reach any address but 127.0.0.1, so neither can WebRTC media.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from playwright.async_api import BrowserContext, Page, async_playwright  # noqa: E402

from app.main import create_app  # noqa: E402
from app.migrate import scratch_database  # noqa: E402
from core.config import Settings  # noqa: E402
from tests.processes import serve  # noqa: E402

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required",
]


@asynccontextmanager
async def app_server() -> AsyncIterator[str]:
    """A fresh database (dropped afterwards) and the whole app served on 127.0.0.1."""
    async with scratch_database(os.environ["PNP_E2E_DATABASE"], f"pnp_e2e_{os.getpid()}") as url:
        settings = Settings(environment="test", jwt_secret="e2e-secret-" + "x" * 40, dev_login=True,
                            database_url=url, var_dir=Path(tempfile.mkdtemp(prefix="pnp-e2e-")),
                            ice_host_addresses=("127.0.0.1",))
        async with serve(create_app(settings)) as base:
            yield base


@asynccontextmanager
async def chromium(**options: Any) -> AsyncIterator[Callable[..., Awaitable[Page]]]:
    """`new_page()` opens a page in a browser of its own (fresh profile, separate storage)."""
    contexts: list[BrowserContext] = []
    pages: list[Page] = []
    console: list[str] = []
    async with async_playwright() as p:

        async def new_page(**extra: Any) -> Page:
            settings = {"viewport": {"width": 1280, "height": 860}, "locale": "en-US", **options, **extra}
            context = await p.chromium.launch_persistent_context(
                tempfile.mkdtemp(prefix="pnp-chromium-"), executable_path="/usr/bin/chromium",
                args=FLAGS, headless=True, **settings)
            context.set_default_timeout(20_000)
            contexts.append(context)
            await context.add_init_script(_TRACE)
            page = context.pages[0] if context.pages else await context.new_page()
            number = len(pages)
            page.on("console", lambda line: console.append(f"page {number} {line.type}: {line.text}"))
            page.on("pageerror", lambda error: console.append(f"page {number} error: {error}"))
            pages.append(page)
            return page

        try:
            yield new_page
        except Exception as exc:
            await _describe_pages(exc, pages, console)
            raise
        finally:
            for context in contexts:
                await context.close()


# Logged to the console with the page's clock, for a failure's report: where each press and release
# landed (a lost click shows as a release on another element), requests as they start and end,
# getUserMedia, and every RTCPeerConnection's state changes.
_TRACE = """(() => {
  const log = (text) => console.log(`[${Math.round(performance.now())}] ${text}`);
  for (const type of ["pointerdown", "pointerup", "click"]) {
    addEventListener(type, (e) => log(`${type} ${Math.round(e.clientX)},${Math.round(e.clientY)} on `
      + `${e.target.tagName} "${(e.target.textContent || "").slice(0, 30)}"`), true);
  }
  const fetch = window.fetch;
  window.fetch = async (resource, init) => {
    const what = `${init?.method || "GET"} ${resource}`;
    log(`fetch ${what}`);
    const response = await fetch(resource, init).catch((error) => {
      log(`failed ${what}: ${error}`);
      throw error;
    });
    log(`${response.status} ${what}`);
    return response;
  };
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    log("getUserMedia");
    const stream = await getUserMedia(constraints);
    for (const track of stream.getTracks()) {
      log(`camera ${track.kind} ${track.readyState} muted=${track.muted}`);
      for (const type of ["mute", "unmute", "ended"]) {
        track.addEventListener(type, () => log(`camera ${track.kind} ${type}`));
      }
    }
    return stream;
  };
  const Native = window.RTCPeerConnection;
  window.pcs = [];
  window.RTCPeerConnection = function (...args) {
    const pc = new Native(...args);
    const name = `pc${window.pcs.push(pc) - 1}`;
    const state = () => `signaling ${pc.signalingState}, gathering ${pc.iceGatheringState}, `
      + `ice ${pc.iceConnectionState}, connection ${pc.connectionState}`;
    for (const type of ["signalingstatechange", "icegatheringstatechange", "connectionstatechange"]) {
      pc.addEventListener(type, () => log(`${name} ${state()}`));
    }
    pc.addEventListener("track", ({ track }) => log(`${name} receives ${track.kind} muted=${track.muted}`));
    return pc;
  };
  window.RTCPeerConnection.prototype = Native.prototype;
})()"""

_PEERS = """async () => Promise.all((window.pcs || []).map(async (pc) => {
    const stats = [];
    (await pc.getStats()).forEach((r) => {
        if (!["candidate-pair", "outbound-rtp", "inbound-rtp"].includes(r.type)) return;
        const keep = ["type", "kind", "state", "nominated", "requestsSent", "responsesReceived",
                      "packetsSent", "packetsReceived", "framesEncoded", "framesDecoded"];
        stats.push(keep.filter((k) => r[k] !== undefined).map((k) => `${k}=${r[k]}`).join(" "));
    });
    return { connection: pc.connectionState, ice: pc.iceConnectionState, stats };
}))"""

_MEDIA_STATE = """() => ({
    videos: [...document.querySelectorAll("video")].map((v) => ({
        testid: v.dataset.testid, readyState: v.readyState, paused: v.paused, time: v.currentTime,
        tracks: v.srcObject && v.srcObject.getTracks()
            .map((t) => `${t.kind}:${t.readyState}:muted=${t.muted}`)})),
    requests: performance.getEntriesByType("resource").filter((r) => !r.name.includes("/static/"))
        .map((r) => `${Math.round(r.startTime)}+${Math.round(r.duration)}ms ${r.responseStatus} ${r.name}`),
    now: Math.round(performance.now())})"""


async def _describe_pages(exc: Exception, pages: list[Page], console: list[str]) -> None:
    """Adds what each page showed, its media elements, finished requests and peer connections, and
    the console (with the `_TRACE` lines) to a failing scenario's report."""
    for number, page in enumerate(pages):
        try:
            text = await page.inner_text("body", timeout=2_000)
            media = json.dumps({**await page.evaluate(_MEDIA_STATE), "peers": await page.evaluate(_PEERS)},
                               indent=1)
        except Exception as error:  # the page may be gone; its console lines still help
            text, media = f"<unreadable: {error}>", ""
        exc.add_note(f"page {number} at {page.url}:\n{text[-1200:]}\n{media[-4000:]}")
    exc.add_note("console:\n" + "\n".join(console[-100:]))


async def sign_in(page: Page, base: str, role: str, telegram_id: int, username: str) -> None:
    await page.goto(f"{base}/#/signin")
    await page.get_by_label("Role").select_option(role)
    await page.get_by_label("Telegram id").fill(str(telegram_id))
    await page.get_by_label("Username (optional)").fill(username)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await page.wait_for_function("() => location.hash === '#/'")


async def api_headers(base: str, role: str, telegram_id: int, username: str) -> dict[str, str]:
    """Signs in over HTTP (the same user `sign_in` makes) for setting data up."""
    async with httpx.AsyncClient(base_url=base) as http:
        response = await http.post("/api/auth/dev-login", json={
            "telegram_id": telegram_id, "role": role, "username": username})
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def frames_advance(page: Page, selector: str, frames: int = 15) -> int:
    """Resolves once the <video> has shown `frames` new frames (fails after 20 s)."""
    await page.wait_for_selector(selector)
    return await page.evaluate("""([selector, wanted]) => new Promise((resolve, reject) => {
        const video = document.querySelector(selector);
        let seen = 0;
        const tick = () => {
            seen += 1;
            if (seen >= wanted) resolve(seen); else video.requestVideoFrameCallback(tick);
        };
        video.requestVideoFrameCallback(tick);
        setTimeout(() => reject(new Error(`only ${seen} frames on ${selector}`)), 20000);
    })""", [selector, frames])


def run(scenario: Callable[[], Awaitable[dict[str, Any]]]) -> None:
    """Runs the scenario and prints one JSON line: {"ok": true, ...} or {"ok": false, "error"}."""
    try:
        result = {"ok": True, **asyncio.run(scenario())}
    except Exception as exc:
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}",
                  "trace": traceback.format_exc()[-20000:]}
    print(json.dumps(result))
    sys.exit(0 if result["ok"] else 1)
