"""The room registry: WHIP publishers and WHEP viewers, their peer connections and events."""

import asyncio
import inspect
import logging
import secrets
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, Literal

import msgspec
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.exceptions import InternalError, InvalidAccessError, InvalidStateError, OperationError
from aiortc.rtcrtpparameters import RTCRtpCodecCapability
from aiortc.sdp import MediaDescription

from media.access import Participant
from media.aiortc_patch import (
    forward_encoded_frames,
    on_keyframe_request,
    packetizer,
    send_packetized,
    send_picture_loss,
)
from media.codecs import offered_codec, parse_offer, pinned_preferences, require_codec
from media.errors import MediaProblem
from media.ice import IceSettings, apply_host_addresses
from media.relay import KeyframeRequester, TrackSource
from media.rooms import Room

logger = logging.getLogger(__name__)

SessionKind = Literal["whip", "whep"]
EventKind = Literal[
    "publisher_joined", "publisher_left", "viewer_joined", "viewer_left", "room_closed"
]
EventHook = Callable[[Room, EventKind, dict[str, Any]], Awaitable[None] | None]
RoomHook = Callable[[Room], Awaitable[None]]

_NEGOTIATION_ERRORS = (
    ValueError,
    InternalError,
    InvalidAccessError,
    InvalidStateError,
    OperationError,
)


class Session(msgspec.Struct, eq=False):
    id: str
    kind: SessionKind
    room: Room
    participant: Participant
    pc: RTCPeerConnection
    etag: str
    sources: dict[str, TrackSource] = {}
    codecs: dict[str, RTCRtpCodecCapability] = {}
    publisher_id: str | None = None
    announced: bool = False

    @property
    def answer(self) -> str:
        return self.pc.localDescription.sdp


class RoomState(msgspec.Struct):
    publishers: dict[str, Session] = {}
    viewers: dict[str, Session] = {}
    announced: bool = False


class RoomRegistry:
    def __init__(
        self,
        ice: IceSettings | None = None,
        on_event: EventHook | None = None,
        on_room_ended: RoomHook | None = None,
    ):
        """``on_room_ended`` runs whenever a room's last session ends, announced or not."""
        self._ice = ice if ice is not None else IceSettings.from_env()
        apply_host_addresses(self._ice)
        self._on_event = on_event
        self._on_room_ended = on_room_ended
        self._rooms: dict[Room, RoomState] = {}
        self._sessions: dict[str, Session] = {}
        self._endings: set[asyncio.Task[None]] = set()

    @property
    def ice(self) -> IceSettings:
        return self._ice

    def session(self, session_id: str) -> Session | None:
        return self._sessions.get(session_id)

    def rooms(self) -> dict[Room, RoomState]:
        return dict(self._rooms)

    def has_room(self, room: Room) -> bool:
        return room in self._rooms

    def viewer_count(self, room: Room) -> int:
        state = self._rooms.get(room)
        return len(state.viewers) if state else 0

    async def publish(self, room: Room, participant: Participant, offer: str) -> Session:
        """Start a WHIP session; the SDP answer is ``session.answer``."""
        media = parse_offer(offer)
        state = self._rooms.get(room)
        if state is not None:
            if len(state.publishers) >= room.max_publishers:
                raise MediaProblem(409, f"room {room.name} already has its publishers")
            if participant.user_id is not None and any(
                p.participant.user_id == participant.user_id for p in state.publishers.values()
            ):
                raise MediaProblem(409, f"you already publish in room {room.name}")
        session = self._open(room, participant, "whip")
        try:
            await self._answer_publisher(session, media, offer)
        except BaseException:
            await self._end(session)
            raise
        await self._announce(session, "publisher_joined")
        return session

    async def play(self, room: Room, participant: Participant, offer: str) -> Session:
        """Start a WHEP session playing the room's publisher (in a call: the other one)."""
        media = parse_offer(offer)
        state = self._rooms.get(room)
        publishers = [p for p in (state.publishers.values() if state else []) if p.sources]
        if room.kind == "call":
            publishers = [p for p in publishers if p.participant.user_id != participant.user_id]
        if not publishers:
            raise MediaProblem(404, f"nobody is publishing for you in room {room.name}")
        session = self._open(room, participant, "whep", publisher_id=publishers[0].id)
        try:
            await self._answer_viewer(session, publishers[0], media, offer)
        except BaseException:
            await self._end(session)
            raise
        await self._announce(session, "viewer_joined")
        return session

    async def end_session(self, session_id: str) -> bool:
        session = self._sessions.get(session_id)
        if session is None:
            return False
        await self._end(session)
        return True

    async def close_room(self, room: Room) -> None:
        state = self._rooms.get(room)
        if state is None:
            return
        for session in [*state.publishers.values(), *state.viewers.values()]:
            await self._end(session)

    async def close(self) -> None:
        for room in list(self._rooms):
            await self.close_room(room)
        await asyncio.gather(*self._endings)

    def _open(
        self,
        room: Room,
        participant: Participant,
        kind: SessionKind,
        publisher_id: str | None = None,
    ) -> Session:
        session = Session(
            id=secrets.token_urlsafe(18),
            kind=kind,
            room=room,
            participant=participant,
            pc=RTCPeerConnection(self._ice.rtc_configuration()),
            etag=f'"{secrets.token_hex(8)}"',
            publisher_id=publisher_id,
        )
        state = self._rooms.setdefault(room, RoomState())
        (state.publishers if kind == "whip" else state.viewers)[session.id] = session
        self._sessions[session.id] = session

        @session.pc.on("connectionstatechange")
        def end_when_gone() -> None:
            # "closed" without our own close: the peer sent DTLS close_notify (it hung up
            # without DELETE); "failed": ICE consent expired (it vanished).
            if session.pc.connectionState in ("failed", "closed"):
                self._end_soon(session)

        return session

    async def _answer_publisher(
        self, session: Session, media: list[MediaDescription], offer: str
    ) -> None:
        pc = session.pc
        for section in media:
            codec = offered_codec(section)
            pc.addTransceiver(section.kind, direction="recvonly").setCodecPreferences(
                pinned_preferences(codec)
            )
            session.codecs[section.kind] = codec
        await self._negotiate(session, offer)
        for transceiver in pc.getTransceivers():
            track = transceiver.receiver.track
            if track is None:
                continue
            forward_encoded_frames(transceiver.receiver)
            keyframes = None
            if track.kind == "video":
                keyframes = KeyframeRequester(partial(send_picture_loss, transceiver.receiver))
            session.sources[track.kind] = TrackSource(
                track,
                packetizer(session.codecs[track.kind]),
                keyframes,
                on_end=partial(self._end_soon, session),
            )
        if not session.sources:
            raise MediaProblem(400, "the SDP offer sends no audio or video")
        await self._answer(session)

    async def _answer_viewer(
        self, session: Session, publisher: Session, media: list[MediaDescription], offer: str
    ) -> None:
        pc = session.pc
        planned = []
        for section in media:
            source = publisher.sources.get(section.kind)
            if source is None:
                continue
            require_codec(section, publisher.codecs[section.kind])
            transceiver = pc.addTransceiver(section.kind, direction="sendonly")
            transceiver.setCodecPreferences(pinned_preferences(publisher.codecs[section.kind]))
            planned.append((transceiver, source))
        if not planned:
            raise MediaProblem(400, "the SDP offer asks for no kind of media the room sends")
        await self._negotiate(session, offer)
        for transceiver, source in planned:
            transceiver.sender.replaceTrack(source.subscribe())
            send_packetized(transceiver.sender)
            on_keyframe_request(transceiver.sender, source.request_keyframe)
        await self._answer(session)

    async def _negotiate(self, session: Session, offer: str) -> None:
        try:
            await session.pc.setRemoteDescription(RTCSessionDescription(sdp=offer, type="offer"))
        except _NEGOTIATION_ERRORS as exc:
            raise MediaProblem(400, f"the SDP offer cannot be answered: {exc}") from exc

    async def _answer(self, session: Session) -> None:
        await session.pc.setLocalDescription(await session.pc.createAnswer())

    def _end_soon(self, session: Session) -> None:
        task = asyncio.ensure_future(self._end(session))
        self._endings.add(task)
        task.add_done_callback(self._endings.discard)

    async def _end(self, session: Session) -> None:
        if self._sessions.pop(session.id, None) is None:
            return
        state = self._rooms[session.room]
        if session.kind == "whip":
            del state.publishers[session.id]
            for viewer in [v for v in state.viewers.values() if v.publisher_id == session.id]:
                await self._end(viewer)
        else:
            del state.viewers[session.id]
        await session.pc.close()
        for source in session.sources.values():
            await source.close()
        if session.announced:
            left: EventKind = "publisher_left" if session.kind == "whip" else "viewer_left"
            await self._emit(session.room, left, session)
        if not state.publishers and not state.viewers and self._rooms.get(session.room) is state:
            del self._rooms[session.room]
            if state.announced:
                await self._emit(session.room, "room_closed", None)
            if self._on_room_ended is not None:
                try:
                    await self._on_room_ended(session.room)
                except Exception:
                    logger.exception("media room-ended hook failed on %s", session.room.name)

    async def _announce(self, session: Session, kind: EventKind) -> None:
        """Only sessions that were announced are announced as left: counts stay balanced."""
        if session.id not in self._sessions:
            raise MediaProblem(409, "the session was ended while it was being set up")
        session.announced = True
        self._rooms[session.room].announced = True
        await self._emit(session.room, kind, session)

    async def _emit(self, room: Room, kind: EventKind, session: Session | None) -> None:
        if self._on_event is None:
            return
        data: dict[str, Any] = {"viewers": self.viewer_count(room)}
        if session is not None:
            data |= {"session_id": session.id, "user_id": session.participant.user_id}
        try:
            result = self._on_event(room, kind, data)
            if inspect.isawaitable(result):
                await result
        except Exception:
            logger.exception("media event hook failed on %s %s", kind, room.name)
