"""A reader that stops reading is closed with 4008 once its buffer passes the byte limit; the
server never holds more than that for it."""

from __future__ import annotations

import asyncio

import msgspec
import pytest
import websockets

from realtime.channels import channel
from realtime.frames import NotificationFrame, encode


@pytest.fixture
def settings(settings):
    return msgspec.structs.replace(settings, ws_buffer_bytes=64_000)


async def test_stalled_reader_is_closed_with_4008(connect, login, app, settings) -> None:
    from datetime import UTC, datetime

    stalled = await connect(await login("FREE"), max_queue=1)
    await stalled.expect("unread")
    hub = app.state.realtime.hub
    (session,) = [s for s in hub.sessions if s.user.id == stalled.user_id]
    frame = encode(NotificationFrame(id=1, kind="bulk", payload={"blob": "x" * 8_000},
                                     created_at=datetime.now(UTC)))
    published = 0
    while not session.done.is_set():  # the hub's fan-out step, as the broker's reader calls it
        hub.dispatch(channel("user", stalled.user_id), frame)
        await asyncio.sleep(0)  # lets the transport flush to the kernel, as between reads
        published += 1
        assert session.pending <= settings.ws_buffer_bytes
        assert published < 100_000, "the stalled reader was never cut off"
    assert session.closed[0] == 4008
    with pytest.raises(websockets.ConnectionClosed) as closed:
        while True:
            await stalled.ws.recv()
    assert closed.value.rcvd.code == 4008 and "offset" in closed.value.rcvd.reason
