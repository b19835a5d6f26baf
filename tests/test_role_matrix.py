"""Every route × every role against DESIGN.md's matrix. A route without a capability fails."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from app.auth.guards import CAPABILITY_ROLES

# DESIGN.md: who may do what. None means anyone, including visitors who are not signed in.
EXPECTED = {
    "public": None,
    "signed_in": {"FREE", "PRIME", "MODEL", "MODERATOR", "ADMIN"},
    "book": {"PRIME", "ADMIN"},
    "self_service": {"MODEL", "ADMIN"},
    "admin": {"ADMIN"},
    "moderation": {"MODERATOR", "ADMIN"},
}
ROLES = (None, "FREE", "PRIME", "MODEL", "MODERATOR", "ADMIN")


def _endpoints(app: Litestar) -> list[tuple[str, str, str]]:
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method, (handler, _) in route.route_handler_map.items():
            if method in ("OPTIONS", "HEAD"):
                continue
            capabilities = {getattr(getattr(g, "func", g), "capability", None)
                            for g in handler.resolve_guards()}
            capabilities.discard(None)
            assert len(capabilities) == 1, f"{method} {route.path} must name exactly one capability"
            found.append((method, route.path, capabilities.pop()))
    return found


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}:]+:(int|str|path|uuid)\}", lambda m: "1" if m[1] == "int" else "x", path)


def test_guard_table_matches_design() -> None:
    assert {k: (None if v is None else set(v)) for k, v in CAPABILITY_ROLES.items()} == EXPECTED


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "ANONYMOUS")
async def test_every_route_allows_exactly_its_roles(app, client, login, role) -> None:
    headers = await login(role) if role else {}
    endpoints = _endpoints(app)
    assert len(endpoints) >= 14
    for method, path, capability in endpoints:
        response = await client.request(method, _concrete(path), headers=headers, json={})
        allowed = EXPECTED[capability]
        if allowed is None or role in allowed:
            assert response.status_code not in (401, 403), (method, path, response.text)
            assert response.status_code < 500, (method, path, response.text)
        else:
            assert response.status_code == (401 if role is None else 403), (method, path)
            assert response.headers["content-type"].startswith("application/problem+json")
