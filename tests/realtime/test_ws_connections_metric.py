"""`pnp_ws_connections` counts the instance's open sockets (Prometheus' HTTP middleware no longer
sees WebSockets)."""

from __future__ import annotations

import asyncio

from prometheus_client import REGISTRY


def open_sockets() -> float:
    return REGISTRY.get_sample_value("pnp_ws_connections") or 0.0


async def test_a_socket_is_counted_while_it_is_open(connect, login, app) -> None:
    before = open_sockets()
    client = await connect(await login("FREE"))
    await client.expect("unread")
    assert open_sockets() == before + 1
    (session,) = [s for s in app.state.realtime.hub.sessions if s.user.id == client.user_id]
    await client.ws.close()
    await asyncio.wait_for(session.done.wait(), 5)
    assert open_sockets() == before
