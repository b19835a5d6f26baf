"""Request ids for logs and responses, and the security headers every response carries."""

from __future__ import annotations

import contextvars
import re
import uuid

from litestar.types import ASGIApp, Message, Receive, Scope, Send

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_SCOPE_KEY = "pnp_request_id"
# Telegram shows Mini Apps in its own frames; nobody else may frame the app.
FRAME_ANCESTORS = "'self' https://web.telegram.org https://*.telegram.org"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=()",
    # The browser app's page sets its own, stricter one (app/ops/csp.py).
    "Content-Security-Policy": f"frame-ancestors {FRAME_ANCESTORS}",
}


def _request_id_of(scope: Scope) -> str:
    if _SCOPE_KEY not in scope:
        incoming = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"x-request-id"),
                        "")
        scope[_SCOPE_KEY] = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex  # type: ignore[literal-required]
    return str(scope[_SCOPE_KEY])  # type: ignore[literal-required]


def request_context_middleware(app: ASGIApp) -> ASGIApp:
    """Makes the request id visible to every log line written while the request runs."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await app(scope, receive, send)
            return
        token = request_id.set(_request_id_of(scope))
        try:
            await app(scope, receive, send)
        finally:
            request_id.reset(token)

    return middleware


_SECURITY_PAIRS = [(name.lower().encode("latin-1"), value.encode("latin-1"))
                   for name, value in SECURITY_HEADERS.items()]


async def add_response_headers(message: Message, scope: Scope) -> None:
    """A `before_send` hook, so that even responses no route matched carry the headers: the
    request id, and each security header the response did not set itself. Raw header pairs, as
    ASGI carries them (Litestar's MutableScopeHeaders cost ~14 µs a response here)."""
    if message["type"] == "http.response.start":
        headers = [(name, value) for name, value in message.get("headers", ())
                   if name.lower() != b"x-request-id"]
        present = {name.lower() for name, _ in headers}
        headers.append((b"x-request-id", _request_id_of(scope).encode("latin-1")))
        headers.extend(pair for pair in _SECURITY_PAIRS if pair[0] not in present)
        message["headers"] = headers
