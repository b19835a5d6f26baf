"""HTTP metrics by route template, as Litestar's Prometheus middleware names them, at a fraction of
its cost per request (it builds a Request, label dicts and a wrapped `send`, and looks each metric
child up by its labels on every request: ~28 µs, a sixth of a small request's CPU here)."""

from __future__ import annotations

import time

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import Counter, Gauge, Histogram

_LABELS = ("method", "path", "status_code", "app_name")
APP_NAME = "pnp_live"
EXCLUDED = frozenset({"/metrics"})

REQUESTS = Counter("pnp_requests_total", "Total requests", _LABELS)
ERRORS = Counter("pnp_requests_error_total", "Total errors in requests", _LABELS)
DURATION = Histogram("pnp_request_duration_seconds", "Request duration, in seconds", _LABELS)
IN_PROGRESS = Gauge("pnp_requests_in_progress", "Total requests currently in progress",
                    ("method", "path", "app_name"), multiprocess_mode="livesum")

_Children = tuple[Counter, Histogram, Counter | None]
_children: dict[tuple[str, str, int], _Children] = {}
_in_progress: dict[tuple[str, str], Gauge] = {}


def _children_of(method: str, path: str, status: int) -> _Children:
    found = _children.get((method, path, status))
    if found is None:
        values = (method, path, str(status), APP_NAME)
        found = _children[(method, path, status)] = (
            REQUESTS.labels(*values), DURATION.labels(*values),
            ERRORS.labels(*values) if status >= 500 else None)
    return found


def http_metrics_middleware(app: ASGIApp) -> ASGIApp:
    """HTTP requests only (a socket's lifetime is not a request; the gateway counts sockets)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path_template", scope["path"])
        if scope["type"] != "http" or path in EXCLUDED:
            await app(scope, receive, send)
            return
        method, status, started = scope["method"], 200, time.perf_counter()  # type: ignore[typeddict-item]

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        in_progress = _in_progress.get((method, path))
        if in_progress is None:
            in_progress = _in_progress[(method, path)] = IN_PROGRESS.labels(method, path, APP_NAME)
        in_progress.inc()
        try:
            await app(scope, receive, send_status)
        finally:
            in_progress.dec()
            requests, duration, errors = _children_of(method, path, status)
            requests.inc()
            duration.observe(time.perf_counter() - started)
            if errors is not None:
                errors.inc()

    return middleware
