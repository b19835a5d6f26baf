from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription

from tests.media.peers import MovingBar, new_peer


@pytest.fixture
async def peers() -> AsyncIterator[Any]:
    made: list[RTCPeerConnection] = []

    def make() -> RTCPeerConnection:
        made.append(new_peer())
        return made[-1]

    yield make
    for pc in made:
        await pc.close()


async def _offer(client: httpx.AsyncClient, url: str, pc: RTCPeerConnection,
                 headers: dict[str, str]) -> httpx.Response:
    await pc.setLocalDescription(await pc.createOffer())
    response = await client.post(url, content=pc.localDescription.sdp,
                                 headers={**headers, "content-type": "application/sdp"})
    if response.status_code == 201:
        await pc.setRemoteDescription(RTCSessionDescription(sdp=response.text, type="answer"))
    return response


@pytest.fixture
def whip(client: httpx.AsyncClient, peers: Any) -> Any:
    async def publish(room: str, headers: dict[str, str]) -> httpx.Response:
        pc = peers()
        pc.addTransceiver(MovingBar(), direction="sendonly")
        return await _offer(client, f"/whip/{room}", pc, headers)

    return publish


@pytest.fixture
def whep(client: httpx.AsyncClient, peers: Any) -> Any:
    async def play(room: str, headers: dict[str, str]) -> httpx.Response:
        pc = peers()
        pc.addTransceiver("video", direction="recvonly")
        return await _offer(client, f"/whep/{room}", pc, headers)

    return play


@pytest.fixture
def user_id(conn: Any) -> Any:
    async def lookup(telegram_id: int) -> int:
        return int(await conn.fetchval("SELECT id FROM users WHERE telegram_id = $1", telegram_id))

    return lookup
