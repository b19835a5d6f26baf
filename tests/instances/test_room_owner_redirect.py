"""A media room lives on the instance that created it; WHIP/WHEP on another instance is checked
there, then redirected (307) to the owner, where the viewer gets the publisher's frames."""

from __future__ import annotations

import os

from aiortc import RTCSessionDescription
from redis.asyncio import Redis

from tests.instances.conftest import SHARED_REDIS
from tests.media.peers import SDP_HEADERS, MovingBar, decoded_frames, new_peer


async def offer(pc) -> str:
    await pc.setLocalDescription(await pc.createOffer())
    return pc.localDescription.sdp


async def test_whep_on_another_instance_is_redirected_to_the_owner(launch) -> None:
    a, b = await launch(), await launch()
    model = await a.login("MODEL", 7_200_001)
    async with a.http(headers=model) as http:
        assert (await http.put("/api/model/me", json={"visibility": "prime"})).status_code == 200
    room = f"live:{await a.model_id(model)}"
    publisher, viewer = new_peer(), new_peer()
    try:
        publisher.addTransceiver(MovingBar(), direction="sendonly")
        async with a.http(headers=model) as http:
            published = await http.post(f"/whip/{room}", content=await offer(publisher), headers=SDP_HEADERS)
        assert published.status_code == 201, published.text
        await publisher.setRemoteDescription(RTCSessionDescription(published.text, "answer"))

        stranger = await b.login("FREE", 7_200_002)  # a PRIME show: access is refused on B itself
        receiver = viewer.addTransceiver("video", direction="recvonly").receiver
        sdp = await offer(viewer)
        async with b.http(headers=stranger) as http:
            refused = await http.post(f"/whep/{room}", content=sdp, headers=SDP_HEADERS)
        assert refused.status_code == 403, refused.text

        prime = await b.login("PRIME", 7_200_003)
        async with b.http(headers=prime) as http:
            moved = await http.post(f"/whep/{room}", content=sdp, headers=SDP_HEADERS)
            assert moved.status_code == 307, moved.text
            assert moved.headers["location"].startswith(f"{a.url}/whep/{room}?grant=")
        async with b.http(headers=prime, follow_redirects=True) as http:  # drops Authorization
            answered = await http.post(f"/whep/{room}", content=sdp, headers=SDP_HEADERS)
        assert answered.status_code == 201, answered.text
        assert str(answered.url).startswith(a.url)
        assert answered.headers["location"].startswith(f"/whep/{room}/")
        await viewer.setRemoteDescription(RTCSessionDescription(answered.text, "answer"))
        assert len(await decoded_frames(receiver.track, 5)) == 5

        async with a.http() as http:
            assert (await http.delete(str(answered.headers["location"]))).status_code == 401
            assert (await http.delete(str(published.headers["location"]),
                                      headers=model)).status_code == 200
        owner = Redis.from_url(SHARED_REDIS)
        try:
            assert await owner.keys(f"pnp:rt:inst{os.getpid()}:*media-owner}}:{room}") == []
        finally:
            await owner.aclose()
    finally:
        await publisher.close()
        await viewer.close()


async def test_a_forged_grant_is_refused(launch) -> None:
    a = await launch()
    room = f"live:{await a.model_id(await a.login('MODEL', 7_200_011))}"
    async with a.http() as http:
        forged = await http.post(f"/whep/{room}?grant=e30.AAAA", content="v=0\r\n",
                                 headers=SDP_HEADERS)
    assert forged.status_code == 403
