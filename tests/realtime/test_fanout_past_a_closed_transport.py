"""A socket whose transport closed before the app heard of it (uvloop raises on write then) does
not stop a fan-out: the others still get the frame and that session leaves the hub."""

from __future__ import annotations


def closed_handle(data: bytes) -> None:
    raise RuntimeError("unable to perform operation on <TCPTransport closed=True>; the handler is closed")


async def test_restart_reaches_everyone_past_a_closed_transport(connect, login, app) -> None:
    gone, staying = await connect(await login("FREE")), await connect(await login("FREE"))
    await gone.expect("unread")
    await staying.expect("unread")
    hub = app.state.realtime.hub
    (session,) = [s for s in hub.sessions if s.user.id == gone.user_id]
    session._proto.transport.write = closed_handle
    hub.reconnect_subscribers(None, "server restarting")
    await staying.expect("reconnect", reason="server restarting")
    assert session not in hub.sessions
