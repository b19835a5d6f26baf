"""Every frame is a closed, tagged struct: anything else earns an `error` and the socket lives on."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("raw, code", [
    ("not json", "bad_frame"),
    ('{"type": "dance"}', "bad_frame"),
    ('{"type": "ping", "extra": 1}', "bad_frame"),
    ('{"type": "subscribe"}', "bad_frame"),
    ('{"type": "subscribe", "channel": "nope:1"}', "unknown_channel"),
    ('{"type": "subscribe", "channel": "room:live:99999999999999999999999"}', "unknown_channel"),
    ('{"type": "subscribe", "channel": "presence:1"}', "unknown_channel"),
    ('{"type": "chat", "room": "live:1", "text": 5}', "bad_frame"),
    ('{"type": "subscribe", "channel": "room:live:1", "since": "yesterday"}', "bad_offset"),
    ('{"type": "unsubscribe", "channel": "presence"}', "not_subscribed"),
])
async def test_malformed_frames_get_an_error_and_the_socket_lives(connect, login, raw, code) -> None:
    alice = await connect(await login("FREE"))
    assert (await alice.expect("unread"))["count"] == 0
    await alice.ws.send(raw)
    error = await alice.expect("error")
    assert error["code"] == code and error["detail"]
    await alice.send(type="ping", ref="still-there")
    assert (await alice.expect("pong"))["ref"] == "still-there"


async def test_subprotocol_is_the_non_token_one(connect, login) -> None:
    alice = await connect(await login("FREE"))
    assert alice.ws.subprotocol == "pnp.v1"


async def test_no_token_no_socket(base_url) -> None:
    import websockets

    with pytest.raises(websockets.InvalidStatus):
        await websockets.connect(base_url.replace("http://", "ws://") + "/ws")
