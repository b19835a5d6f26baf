"""WHIP (RFC 9725) and WHEP endpoints.

A room lives on one instance (``media.owners``). A POST that reaches another one is checked
for access there and answered ``307 Temporary Redirect`` to the owner's same path, with a
grant for what was allowed (RFC 9725 §4.5: 307 keeps the method and the offer). Session URLs
(``DELETE``, ``PATCH``) are relative, so they resolve against the owner the client reached.

Trickle ICE and ICE restarts are not supported: the answer carries every candidate the
server gathered, and ``PATCH`` on a session answers ``405 Method Not Allowed`` as RFC 9725
allows. The ICE servers of the settings go to clients as ``Link`` headers.
"""

from typing import Any

import msgspec
from litestar import Request, Response, Router, route
from litestar.enums import HttpMethod
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath

from media.access import Action, MediaAccess, Participant, requester
from media.errors import MediaProblem
from media.grants import Grants
from media.owners import RoomOwners
from media.rooms import Room, parse_room
from media.sessions import RoomRegistry, Session

PathText = FromPath[str]
SDP = "application/sdp"
MAX_OFFER_BYTES = 64 * 1024
GRANT_PARAM = "grant"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Location, ETag, Link, Accept-Post, Allow",
}


class Problem(msgspec.Struct):
    type: str
    title: str
    status: int
    detail: str


def problem_response(_: Request[Any, Any, Any], exc: MediaProblem) -> Response[bytes]:
    problem = Problem(type="about:blank", title=exc.title, status=exc.status, detail=exc.detail)
    return Response(
        msgspec.json.encode(problem),
        status_code=exc.status,
        media_type="application/problem+json",
        headers=CORS_HEADERS,
    )


async def read_offer(request: Request[Any, Any, Any]) -> str:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != SDP:
        raise MediaProblem(415, f"the offer must be sent as {SDP}")
    try:
        return (await request.body()).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MediaProblem(400, "the SDP offer is not UTF-8") from exc


def created(request: Request[Any, Any, Any], session: Session, links: str | None) -> Response[str]:
    headers = {
        "Location": f"{request.url.path.rstrip('/')}/{session.id}",
        "ETag": session.etag,
        **CORS_HEADERS,
    }
    if links:
        headers["Link"] = links
    return Response(session.answer, status_code=201, media_type=SDP, headers=headers)


def preflight(allow: str) -> Response[None]:
    return Response(
        None,
        status_code=204,
        headers={
            "Allow": allow,
            "Accept-Post": SDP,
            "Access-Control-Allow-Methods": allow,
            "Access-Control-Allow-Headers": "Authorization, Content-Type, If-Match",
            "Access-Control-Max-Age": "600",
            **CORS_HEADERS,
        },
    )


def redirect(owner: str, request: Request[Any, Any, Any], grant: str) -> Response[str]:
    location = f"{owner}{request.url.path}?{GRANT_PARAM}={grant}"
    return Response("", status_code=307, headers={"Location": location, **CORS_HEADERS})


def create_media_router(
    access: MediaAccess,
    registry: RoomRegistry,
    owners: RoomOwners | None = None,
    grants: Grants | None = None,
) -> Router:
    """``POST /whip/{room}``, ``POST /whep/{room}`` and their session URLs. ``owners`` and
    ``grants`` (both or neither) place each room on one instance of several."""

    async def admit(request: Request[Any, Any, Any], room: Room, action: Action) -> Participant:
        grant = request.query_params.get(GRANT_PARAM)
        if grant is not None and grants is not None:
            return grants.admit(grant, room, action)
        return await access.authorize(request, room, action)

    async def elsewhere(
        request: Request[Any, Any, Any], room: Room, action: Action, participant: Participant
    ) -> Response[str] | None:
        """A 307 to the owner when another instance serves the room; None when this one does."""
        if owners is None or grants is None:
            return None
        owner = await owners.claim(room)
        if owner is None or registry.has_room(room):
            return None
        return redirect(owner, request, grants.issue(room, action, participant))

    async def settle(room: Room) -> None:
        """A POST that failed before its room came to life leaves no claim behind."""
        if owners is not None and not registry.has_room(room):
            await owners.release(room)

    @route("/whip/{room:str}", http_method=HttpMethod.POST, request_max_body_size=MAX_OFFER_BYTES)
    async def publish(request: Request[Any, Any, Any], room: PathText) -> Response[str]:
        parsed = parse_room(room)
        offer = await read_offer(request)
        participant = await admit(request, parsed, "publish")
        if (moved := await elsewhere(request, parsed, "publish", participant)) is not None:
            return moved
        try:
            session = await registry.publish(parsed, participant, offer)
        finally:
            await settle(parsed)
        return created(request, session, registry.ice.link_header())

    @route("/whep/{room:str}", http_method=HttpMethod.POST, request_max_body_size=MAX_OFFER_BYTES)
    async def play(request: Request[Any, Any, Any], room: PathText) -> Response[str]:
        parsed = parse_room(room)
        offer = await read_offer(request)
        participant = await admit(request, parsed, "play")
        if (moved := await elsewhere(request, parsed, "play", participant)) is not None:
            return moved
        try:
            session = await registry.play(parsed, participant, offer)
        finally:
            await settle(parsed)
        return created(request, session, registry.ice.link_header())

    @route(
        ["/whip/{room:str}/{session_id:str}", "/whep/{room:str}/{session_id:str}"],
        http_method=HttpMethod.DELETE,
    )
    async def end(
        request: Request[Any, Any, Any], room: PathText, session_id: PathText
    ) -> Response[None]:
        session = owned_session(request, room, session_id)
        await registry.end_session(session.id)
        return Response(None, status_code=200, headers=CORS_HEADERS)

    @route(
        ["/whip/{room:str}/{session_id:str}", "/whep/{room:str}/{session_id:str}"],
        http_method=HttpMethod.PATCH,
    )
    async def trickle(
        request: Request[Any, Any, Any], room: PathText, session_id: PathText
    ) -> Response[bytes]:
        owned_session(request, room, session_id)
        response = problem_response(
            request, MediaProblem(405, "trickle ICE and ICE restarts are not supported")
        )
        response.headers["Allow"] = "OPTIONS, DELETE"
        return response

    @route(["/whip/{room:str}", "/whep/{room:str}"], http_method=HttpMethod.OPTIONS)
    async def endpoint_options(room: PathText) -> Response[None]:
        return preflight("OPTIONS, POST")

    @route(
        ["/whip/{room:str}/{session_id:str}", "/whep/{room:str}/{session_id:str}"],
        http_method=HttpMethod.OPTIONS,
    )
    async def session_options(room: PathText, session_id: PathText) -> Response[None]:
        return preflight("OPTIONS, DELETE, PATCH")

    def owned_session(request: Request[Any, Any, Any], room: str, session_id: str) -> Session:
        session = registry.session(session_id)
        kind = request.url.path.lstrip("/").split("/")[-3]
        if session is None or session.room.name != room or session.kind != kind:
            raise MediaProblem(404, "no such media session")
        owner = session.participant
        user = requester(request)
        if owner.user_id is not None:
            if user is None:
                raise MediaProblem(401, "sign in to end this session")
            if user.user_id != owner.user_id and not user.is_staff:
                raise MediaProblem(403, "only its owner or staff may end this session")
        return session

    # OPTIONS first: Litestar adds its own OPTIONS handler to a path that has none yet.
    handlers: list[HTTPRouteHandler] = [
        endpoint_options,
        session_options,
        publish,
        play,
        end,
        trickle,
    ]
    return Router(
        path="/",
        route_handlers=handlers,
        exception_handlers={MediaProblem: problem_response},
    )
