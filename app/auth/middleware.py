"""Puts the bearer of a valid token, or None, on every HTTP and WebSocket scope."""

from __future__ import annotations

from collections.abc import Awaitable
from urllib.parse import parse_qs

from litestar.types import ASGIApp, Receive, Scope, Send

from app.auth.tokens import decode_token
from realtime.gateway import SUBPROTOCOL_PREFIX


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def token_from_scope(scope: Scope) -> str | None:
    """Authorization: Bearer, a `bearer.<jwt>` WebSocket subprotocol, or a `token` query parameter."""
    authorization = _header(scope, b"authorization")
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip() or None
    if scope["type"] == "websocket":
        for protocol in (_header(scope, b"sec-websocket-protocol") or "").split(","):
            protocol = protocol.strip()
            if protocol.startswith(SUBPROTOCOL_PREFIX):
                return protocol[len(SUBPROTOCOL_PREFIX):]
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if scope["type"] == "websocket" and query.get("token"):
        return query["token"][0]
    return None


def auth_middleware(app: ASGIApp) -> ASGIApp:
    def middleware(scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """Returns the app's awaitable rather than awaiting it: no frame of ours stays on the
        stack for a WebSocket's lifetime."""
        if scope["type"] in ("http", "websocket"):
            token = token_from_scope(scope)
            secret = scope["litestar_app"].state.settings.jwt_secret
            scope["user"] = decode_token(token, secret=secret) if token else None
        return app(scope, receive, send)

    return middleware
