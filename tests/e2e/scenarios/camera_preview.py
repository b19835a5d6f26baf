"""A model opens the studio and goes live from the fake webcam: the preview shows frames, the
page reports the outcome of the WHIP publish, "Turn the camera off" shows only once the camera is
on, and WebRTC offers only loopback addresses."""

from __future__ import annotations

import re
from typing import Any

from harness import app_server, chromium, frames_advance, run, sign_in


async def scenario() -> dict[str, Any]:
    async with app_server() as base, chromium() as new_page:
        page = await new_page()
        await sign_in(page, base, "MODEL", 4101, "netns_model")
        await page.get_by_role("link", name="Studio").click()
        go_live = page.get_by_role("button", name="Go live")
        await go_live.wait_for()
        camera_off = page.get_by_role("button", name="Turn the camera off", include_hidden=True)
        off_before = await camera_off.is_visible()
        await go_live.click()
        frames = await frames_advance(page, "video[data-testid=preview]")
        off_while_live = await camera_off.is_visible()
        outcome = page.locator("section.card .status").last
        await outcome.wait_for()
        candidates = await page.evaluate("""async () => {
            const pc = new RTCPeerConnection();
            pc.createDataChannel("probe");
            await pc.setLocalDescription(await pc.createOffer());
            await new Promise((r) => {
                pc.onicegatheringstatechange = () => pc.iceGatheringState === "complete" && r();
                setTimeout(r, 3000);
            });
            const sdp = pc.localDescription.sdp;
            pc.close();
            return sdp.split("\\r\\n").filter((l) => l.startsWith("a=candidate"));
        }""")
        addresses = sorted({re.split(r"\s+", c)[4] for c in candidates})
        return {"frames": frames, "outcome": await outcome.inner_text(), "addresses": addresses,
                "camera_off_button": [off_before, off_while_live]}


run(scenario)
