"""Fan-out writes straight to the socket's transport: the hub finds uvicorn's protocol behind
Litestar's `send` wrappers (before_send hooks, exception middleware), and the lean protocol has
let go of the handshake by then."""

from __future__ import annotations

from realtime.hub import text_frame


async def test_a_session_behind_the_app_writes_straight_to_its_socket(connect, login, app) -> None:
    client = await connect(await login("FREE"))
    await client.expect("unread")
    (session,) = [s for s in app.state.realtime.hub.sessions if s.user.id == client.user_id]
    protocol = session._proto
    assert protocol is not None
    assert protocol.request is None
    written: list[bytes] = []
    write = protocol.transport.write
    protocol.transport.write = lambda data: (written.append(data), write(data))
    session.push(b'{"type":"pong","ref":"direct"}')
    assert written == [text_frame(b'{"type":"pong","ref":"direct"}')]
    assert session.buffer is None
    await client.expect("pong", ref="direct")
