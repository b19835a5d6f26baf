"""`GET /ws`: one socket per browser tab for presence, room chat, notifications and the
violation feed. Frames are decoded against the closed client union; anything else earns an
`error` frame and the connection lives on."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import msgspec
from litestar import WebSocket

from core.metrics import WS_CONNECTIONS, WS_FRAMES
from realtime import permissions
from realtime.broker import parse_offset
from realtime.channels import channel
from realtime.domain import Member
from realtime.frames import (
    ChatSend,
    Error,
    Ping,
    Pong,
    Reset,
    Subscribe,
    Subscribed,
    Unread,
    Unsubscribe,
    Unsubscribed,
    client_decoder,
    encode,
)
from realtime.hub import Session

if TYPE_CHECKING:
    from realtime.runtime import Realtime

log = logging.getLogger(__name__)
_FRAMES_IN = WS_FRAMES.labels("in")
PROTOCOL = "pnp.v1"
SUBPROTOCOL_PREFIX = "bearer."
"""A browser cannot set headers on a WebSocket: it offers its token as subprotocol `bearer.<token>`."""
MAX_FRAME_BYTES = 16_384
UNREAD_ON_CONNECT = 20


def choose_subprotocol(socket: WebSocket) -> str | None:
    """Browsers fail the handshake unless one offered subprotocol is echoed: take a non-token one."""
    header = next((v for k, v in socket.scope["headers"] if k == b"sec-websocket-protocol"), b"")
    offered = [p.strip() for p in header.decode("latin-1").split(",") if p.strip()]
    if PROTOCOL in offered:
        return PROTOCOL
    return next((p for p in offered if not p.startswith(SUBPROTOCOL_PREFIX)), None)


async def serve(socket: WebSocket, rt: Realtime) -> None:
    user: Member = socket.scope["user"]  # the signed_in guard has run
    await socket.accept(subprotocols=choose_subprotocol(socket))
    # Read by auth and the handshake only; kept, they would hold the token for the socket's life.
    socket.scope["headers"], socket.scope["subprotocols"] = [], []
    session = rt.hub.open(user, socket.send)
    WS_CONNECTIONS.inc()
    model_id = await _model_id(rt, user)
    if model_id is not None:
        rt.presence.hold(model_id)
    try:
        rt.hub.subscribe(session, channel("user", user.id))
        await rt.broker.ready(channel("user", user.id))
        await _send_unread(rt, session)
        while True:
            message: Any = await socket.receive()
            if message["type"] == "websocket.disconnect":
                break
            if session.closed is not None:
                continue
            text = message.get("text")
            data = text.encode() if text is not None else message.get("bytes") or b""
            await handle(rt, session, data)
    finally:
        WS_CONNECTIONS.dec()
        await session.discard()
        if model_id is not None:
            rt.presence.release(model_id)


async def handle(rt: Realtime, session: Session, data: bytes) -> None:
    _FRAMES_IN.inc()
    if len(data) > MAX_FRAME_BYTES:
        session.push(encode(Error(code="too_large", detail=f"frames are at most {MAX_FRAME_BYTES} bytes")))
        return
    try:
        frame = client_decoder.decode(data)
    except msgspec.DecodeError as exc:
        session.push(encode(Error(code="bad_frame", detail=str(exc))))
        return
    try:
        if isinstance(frame, ChatSend):
            await rt.chat.send(session, frame)
        elif isinstance(frame, Subscribe):
            await subscribe(rt, session, frame)
        elif isinstance(frame, Unsubscribe):
            left = rt.hub.unsubscribe(session, frame.channel)
            session.push(encode(Unsubscribed(channel=frame.channel, ref=frame.ref)) if left else
                         encode(Error(code="not_subscribed", detail=f"not subscribed to {frame.channel}",
                                      ref=frame.ref)))
        elif isinstance(frame, Ping):
            session.push(encode(Pong(ref=frame.ref)))
    except Exception:
        log.exception("realtime: frame failed")
        session.push(encode(Error(code="internal", detail="that frame failed on our side; try again",
                                  ref=getattr(frame, "ref", None))))


async def subscribe(rt: Realtime, session: Session, frame: Subscribe) -> None:
    try:
        if frame.since is not None:
            parse_offset(frame.since)
        await permissions.check(rt.db, rt.rooms, session.user, frame.channel)
    except permissions.Denied as denied:
        session.push(encode(Error(code=denied.code, detail=denied.detail, ref=frame.ref)))
        return
    except ValueError:
        session.push(encode(Error(code="bad_offset", detail="since must be an offset like 1718000000000-0",
                                  ref=frame.ref)))
        return
    # Live frames first, then the history: a frame may come twice (dedupe by offset), none is lost.
    rt.hub.subscribe(session, frame.channel)
    await rt.broker.ready(frame.channel)
    replayed: list[bytes] = []
    if frame.since is not None and frame.channel.startswith("room:"):
        history = await rt.broker.history(frame.channel, frame.since)
        if history is None:
            session.push(encode(Reset(channel=frame.channel,
                                      reason="messages after that offset are gone; reload the room")))
        else:
            replayed = history
    session.push(encode(Subscribed(channel=frame.channel, ref=frame.ref, replayed=len(replayed))))
    for data in replayed:
        session.push(data)


async def _model_id(rt: Realtime, user: Member) -> int | None:
    if user.role != "MODEL":
        return None
    async with rt.db.acquire() as conn:
        return await rt.models.model_id_for(conn, user.id)


async def _send_unread(rt: Realtime, session: Session) -> None:
    count, newest = await rt.inbox.unread(rt.db, session.user.id, limit=UNREAD_ON_CONNECT)
    session.push(encode(Unread(count=count)))
    for frame in reversed(newest):
        session.push(encode(frame))
