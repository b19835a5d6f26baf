import asyncio

import pytest
from aiortc.mediastreams import MediaStreamError

from tests.media.peers import FRAME_TIMEOUT, decoded_frames, play, publish
from tests.media.policy import user_header

MODEL = (10, "MODEL")
VIEWER = (20, "PRIME")


async def test_delete_by_the_owner_ends_the_session(client, peers, registry, events):
    published = await publish(client, "live:10", MODEL, peers())
    viewed, track = await play(client, "live:10", VIEWER, peers())
    await decoded_frames(track, 3)

    location = viewed.headers["location"]
    assert (await client.delete(location, headers=user_header(21, "PRIME"))).status_code == 403
    assert (await client.delete(location, headers=user_header(*VIEWER))).status_code == 200
    assert (await client.delete(location, headers=user_header(*VIEWER))).status_code == 404

    ended = await client.delete(published.headers["location"], headers=user_header(*MODEL))
    assert ended.status_code == 200
    assert registry.rooms() == {}
    assert [kind for _, kind, _ in events] == [
        "publisher_joined",
        "viewer_joined",
        "viewer_left",
        "publisher_left",
        "room_closed",
    ]
    assert events[1][2]["viewers"] == 1
    assert events[2][2]["viewers"] == 0


async def test_staff_end_a_publisher_and_its_viewers_follow(client, peers, registry, events):
    published = await publish(client, "live:10", MODEL, peers())
    _, track = await play(client, "live:10", VIEWER, peers())
    await decoded_frames(track, 3)

    location = published.headers["location"]
    assert (await client.delete(location, headers=user_header(1, "MODERATOR"))).status_code == 200
    assert registry.rooms() == {}
    assert ("live:10", "viewer_left") in [(room, kind) for room, kind, _ in events]
    with pytest.raises(MediaStreamError):
        async with asyncio.timeout(FRAME_TIMEOUT):
            while True:
                await track.recv()


async def test_an_unknown_session_is_not_found(client):
    response = await client.delete("/whip/live:10/nope", headers=user_header(*MODEL))
    assert response.status_code == 404
