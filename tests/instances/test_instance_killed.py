"""One of two instances is killed (SIGKILL): its chat clients move to the other and resume from
their last offset, its model goes offline within the presence TTL, and its video room ends: the
owner claim lapses and the room is published again on the survivor."""

from __future__ import annotations

import asyncio

from aiortc import RTCSessionDescription
from redis.asyncio import Redis
from websockets.exceptions import ConnectionClosed

from tests.instances.conftest import Client
from tests.media.peers import SDP_HEADERS, MovingBar, decoded_frames, new_peer

SHORT_TTLS = {"PNP_PRESENCE_TTL": "1.5", "PNP_PRESENCE_RECONCILE_EVERY": "0.2", "PNP_MEDIA_OWNER_TTL": "3"}


async def go_live(instance, headers: dict[str, str], room: str, pc) -> str:
    pc.addTransceiver(MovingBar(), direction="sendonly")
    await pc.setLocalDescription(await pc.createOffer())
    async with instance.http(headers=headers) as http:
        response = await http.post(f"/whip/{room}", content=pc.localDescription.sdp, headers=SDP_HEADERS)
    assert response.status_code == 201, response.text
    await pc.setRemoteDescription(RTCSessionDescription(response.text, "answer"))
    return str(response.headers["location"])


async def test_a_killed_instance_hands_over_to_the_survivor(launch, private_redis) -> None:
    survivor = await launch(REDIS_URL=private_redis.url, **SHORT_TTLS)
    doomed = await launch(REDIS_URL=private_redis.url, **SHORT_TTLS)
    model = await doomed.login("MODEL", 7_300_001)
    model_id = await doomed.model_id(model)
    room = f"live:{model_id}"
    alice_headers = await doomed.login("PRIME", 7_300_002)
    alice, bob = await Client.open(doomed, alice_headers), await Client.open(survivor, await survivor.login(
        "PRIME", 7_300_003))
    watcher = await Client.open(survivor, await survivor.login("FREE", 7_300_004))
    await Client.open(doomed, model)  # the doomed instance heartbeats for this model
    await watcher.send(type="subscribe", channel="presence", ref="p")
    await watcher.expect("subscribed", ref="p")
    async with doomed.http(headers=model) as http:
        assert (await http.post("/api/model/me/status", json={"online": True})).status_code == 200
    await watcher.expect("presence", model_id=model_id, online=True)
    for member in (alice, bob):
        await member.send(type="subscribe", channel=f"room:{room}", ref="r")
        await member.expect("subscribed", ref="r")
    await bob.send(type="chat", room=room, text="before the crash")
    last_offset = (await alice.expect("chat", text="before the crash"))["offset"]

    redis = Redis.from_url(private_redis.url)
    expirations = redis.pubsub()
    await expirations.subscribe("__keyevent@0__:expired")
    publisher, again, viewer = new_peer(), new_peer(), new_peer()
    try:
        await go_live(doomed, model, room, publisher)
        [claim] = await redis.keys(f"*media-owner}}:{room}")
        assert (await redis.get(claim)).decode() == doomed.url

        doomed.kill()
        async with survivor.http(headers=model) as http:  # the dead owner still holds the claim
            moved = await http.post(f"/whip/{room}", content="v=0\r\n", headers=SDP_HEADERS)
        assert moved.status_code == 307 and moved.headers["location"].startswith(doomed.url)
        async with asyncio.timeout(10):  # the socket to the dead instance breaks
            while True:
                try:
                    await alice.ws.recv()
                except ConnectionClosed:
                    break
        await bob.send(type="chat", room=room, text="while you were away")
        await bob.expect("chat", text="while you were away")
        alice = await Client.open(survivor, alice_headers)
        await alice.send(type="subscribe", channel=f"room:{room}", since=last_offset, ref="again")
        assert (await alice.expect("subscribed", ref="again"))["replayed"] == 1
        assert (await alice.expect("chat"))["text"] == "while you were away"

        offline = await watcher.expect("presence", model_id=model_id, online=False)
        assert offline["last_seen_at"]

        async with asyncio.timeout(10):
            async for message in expirations.listen():
                if message["type"] == "message" and message["data"] == claim:
                    break
        await go_live(survivor, model, room, again)  # not a 409: no stale publisher anywhere
        assert (await redis.get(claim)).decode() == survivor.url
        receiver = viewer.addTransceiver("video", direction="recvonly").receiver
        await viewer.setLocalDescription(await viewer.createOffer())
        async with survivor.http() as http:
            played = await http.post(f"/whep/{room}", content=viewer.localDescription.sdp,
                                     headers=SDP_HEADERS)
        assert played.status_code == 201, played.text
        await viewer.setRemoteDescription(RTCSessionDescription(played.text, "answer"))
        assert len(await decoded_frames(receiver.track, 5)) == 5
    finally:
        for pc in (publisher, again, viewer):
            await pc.close()
        await expirations.aclose()
        await redis.aclose()
