"""Per-instance fan-out: channel → local sessions, each with a bounded outgoing buffer.

A frame arrives once per instance (from the broker) as encoded bytes and is handed to every
local subscriber without decoding. When the socket is writable the bytes go straight to the
transport (as `websockets.broadcast` does); otherwise they wait in the session's buffer, and a
session whose buffer passes its byte limit is closed with 4008 so its client can resume."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import Callable
from types import FunctionType, MethodType
from typing import Any

from websockets.protocol import State

from core.metrics import WS_FRAMES
from realtime.domain import Member
from realtime.frames import Reconnect, encode

log = logging.getLogger(__name__)
_FRAMES_OUT = WS_FRAMES.labels("out")  # fanned out to sockets, counted per dispatch

SLOW_READER_CODE = 4008
SLOW_READER_REASON = "slow reader: reconnect and subscribe with your last offset"
RESTART_CODE = 1012
_STOP = b""  # sentinel: compared by identity, never sent
OPEN = State.OPEN


def text_frame(payload: bytes) -> bytes:
    """A whole unmasked WebSocket text frame: built once per message, written to every socket."""
    n = len(payload)
    if n < 126:
        return bytes((0x81, n)) + payload
    if n < 65536:
        return bytes((0x81, 126)) + n.to_bytes(2, "big") + payload
    return bytes((0x81, 127)) + n.to_bytes(8, "big") + payload


def transport_protocol(send: Any) -> Any | None:
    """The uvicorn sans-I/O WebSocket protocol behind an ASGI `send`, if that is what serves us.
    Litestar wraps `send` in closures (which also hold other callables, e.g. the app itself); we
    look through the functions and bound methods among their cells for the protocol's method."""
    todo, seen = [send], 0
    while todo and seen < 16:
        fn = todo.pop()
        seen += 1
        owner = getattr(fn, "__self__", None)
        if owner is not None and all(hasattr(owner, a) for a in ("conn", "transport", "writable")):
            return owner
        for cell in getattr(fn, "__closure__", None) or ():
            with contextlib.suppress(ValueError):  # an empty cell
                if isinstance(cell.cell_contents, FunctionType | MethodType):
                    todo.append(cell.cell_contents)
    return None


class Session:
    """Idle sessions hold no task and no queue (memory per connection is a goal): a drain task
    and a buffer exist only while the socket cannot take frames directly."""

    __slots__ = ("_done", "_proto", "_send", "_writer", "buffer", "channels", "closed", "hub",
                 "limit", "pending", "user")

    def __init__(self, hub: Hub, user: Member, send: Any, *, limit: int) -> None:
        self.hub, self.user, self.limit = hub, user, limit
        self._send = send
        self._proto = transport_protocol(send)
        self.buffer: collections.deque[bytes] | None = None
        self.pending = 0
        self.channels: set[str] = set()
        self.closed: tuple[int, str] | None = None
        self._done: asyncio.Event | None = None
        self._writer: asyncio.Task[None] | None = None

    def push(self, data: bytes, wire: bytes | None = None) -> None:
        """`wire` is `text_frame(data)` when the caller has it (fan-out builds it once)."""
        if self.closed is not None:
            return
        proto = self._proto
        if (self._writer is None and proto is not None and proto.writable.is_set()
                and not proto.close_sent and proto.conn.state is OPEN):
            try:
                proto.transport.write(wire or text_frame(data))
            except RuntimeError:  # uvloop: the transport closed before the app heard of it
                self.closed = (1006, "")
                self.hub.drop(self)
            return
        self.pending += len(data)
        if self.pending > self.limit:
            self._overflow()
            return
        self._enqueue(data)

    def _enqueue(self, data: bytes) -> None:
        if self.buffer is None:
            self.buffer = collections.deque()
        self.buffer.append(data)
        if self._writer is None:
            self._writer = asyncio.create_task(self._drain())

    def stop(self, code: int, reason: str) -> None:
        """Sends what is queued, then closes."""
        if self.closed is None:
            self.closed = (code, reason)
            self._enqueue(_STOP)

    async def _drain(self) -> None:
        buffer, proto = self.buffer, self._proto
        assert buffer is not None
        try:
            while buffer:
                if proto is not None:
                    await proto.writable.wait()
                data = buffer.popleft()
                if data is _STOP:
                    code, reason = self.closed or (1000, "")
                    await self._send({"type": "websocket.close", "code": code, "reason": reason})
                    self.hub.drop(self)
                    return
                self.pending -= len(data)
                if proto is not None and not proto.close_sent and proto.conn.state is OPEN:
                    proto.transport.write(text_frame(data))
                else:
                    await self._send({"type": "websocket.send", "text": data.decode()})
        except Exception:  # the peer went away: nothing left to deliver
            log.debug("realtime: writer ended", exc_info=True)
            self.hub.drop(self)
        finally:
            self._writer = None
            if not self.buffer:  # drained: an idle session holds no buffer
                self.buffer = None

    def _overflow(self) -> None:
        """The peer stopped reading: drop the queue, put the close frame on the wire ahead of
        the flow control (a blocked writer could never send it) and let go of the socket."""
        self.closed = (SLOW_READER_CODE, SLOW_READER_REASON)
        self.buffer = None
        self.pending = 0
        if self._writer is not None:
            self._writer.cancel()
        proto = self._proto
        if proto is not None and not proto.close_sent:
            proto.conn.send_close(SLOW_READER_CODE, SLOW_READER_REASON)
            proto.transport.write(b"".join(proto.conn.data_to_send()))
            proto.close_sent = True
            proto.transport.close()
            asyncio.get_running_loop().call_later(30, proto.transport.abort)
        else:
            task = asyncio.ensure_future(self._send(
                {"type": "websocket.close", "code": SLOW_READER_CODE, "reason": SLOW_READER_REASON}))
            asyncio.get_running_loop().call_later(5, task.cancel)
        self.hub.drop(self)

    @property
    def done(self) -> asyncio.Event:
        """Set once the session has left the hub."""
        if self._done is None:
            self._done = asyncio.Event()
            if self not in self.hub.sessions:
                self._done.set()
        return self._done

    async def discard(self) -> None:
        """The peer has gone: stop writing and leave every channel."""
        self.closed = self.closed or (1000, "")
        writer = self._writer
        if writer is not None:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
        self.hub.drop(self)


class Hub:
    def __init__(self, *, buffer_bytes: int) -> None:
        self.buffer_bytes = buffer_bytes
        self.subscribers: dict[str, set[Session]] = {}
        self.sessions: set[Session] = set()
        self.room_listeners: list[Callable[[str, int], None]] = []
        self.channel_listeners: list[Callable[[str, bool], None]] = []

    def open(self, user: Member, send: Any) -> Session:
        session = Session(self, user, send, limit=self.buffer_bytes)
        self.sessions.add(session)
        return session

    def dispatch(self, channel: str, data: bytes) -> None:
        subscribers = self.subscribers.get(channel)
        if subscribers:
            _FRAMES_OUT.inc(len(subscribers))
            wire = text_frame(data)
            for session in tuple(subscribers):
                session.push(data, wire)

    def subscribe(self, session: Session, channel: str) -> bool:
        if channel in session.channels or session.closed is not None:
            return False
        session.channels.add(channel)
        subscribers = self.subscribers.get(channel)
        if subscribers is None:
            subscribers = self.subscribers[channel] = set()
            for listener in self.channel_listeners:
                listener(channel, True)
        subscribers.add(session)
        self._room_changed(channel, +1)
        return True

    def unsubscribe(self, session: Session, channel: str) -> bool:
        if channel not in session.channels:
            return False
        session.channels.discard(channel)
        subscribers = self.subscribers.get(channel)
        if subscribers is not None:
            subscribers.discard(session)
            if not subscribers:
                del self.subscribers[channel]
                for listener in self.channel_listeners:
                    listener(channel, False)
        self._room_changed(channel, -1)
        return True

    def drop(self, session: Session) -> None:
        if session not in self.sessions:
            return
        self.sessions.discard(session)
        for channel in tuple(session.channels):
            self.unsubscribe(session, channel)
        if session._done is not None:
            session._done.set()

    def _room_changed(self, channel: str, delta: int) -> None:
        if channel.startswith("room:"):
            for listener in self.room_listeners:
                listener(channel[5:], delta)

    def reconnect_subscribers(self, channels: set[str] | None, reason: str) -> tuple[Session, ...]:
        """Each socket subscribed to one of `channels` (None: every socket) hears `reconnect`, then
        closes: its client resubscribes with `since`."""
        frame = encode(Reconnect(reason=reason))
        if channels is None:
            sessions = tuple(self.sessions)
        else:
            sessions = tuple({s for c in channels for s in self.subscribers.get(c, ())})
        for session in sessions:
            session.push(frame)
            session.stop(RESTART_CODE, reason)
        return sessions

    async def shutdown(self, wait: float = 2.0) -> None:
        sessions = self.reconnect_subscribers(None, "server restarting")
        if sessions:
            await asyncio.wait([asyncio.ensure_future(s.done.wait()) for s in sessions], timeout=wait)
