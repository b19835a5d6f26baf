"""Every route × every role against DESIGN.md's matrix. A route without a capability fails."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

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


ACCOUNT_ROUTES = [("GET", "/api/admin/users"), ("GET", "/api/admin/users/{user_id:int}"),
                  ("PUT", "/api/admin/users/{user_id:int}/role")]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "ANONYMOUS")
async def test_user_management_is_for_admins_only(app, client, login, conn, role) -> None:
    """Listing users, a user's page and role changes: ADMIN only; a refused change changes nothing."""
    capabilities = {(method, path): capability for method, path, capability in _endpoints(app)}
    assert [capabilities.get(route) for route in ACCOUNT_ROUTES] == ["admin"] * 3
    target = await conn.fetchval("INSERT INTO users (telegram_id) VALUES (780000001) RETURNING id")
    headers = await login(role) if role else {}
    for method, path in ACCOUNT_ROUTES:
        response = await client.request(method, path.replace("{user_id:int}", str(target)),
                                        headers=headers, json={"role": "PRIME", "reason": "matrix"})
        if role == "ADMIN":
            assert response.status_code == 200, (method, path, response.text)
        else:
            assert response.status_code == (401 if role is None else 403), (method, path)
    assert await conn.fetchval("SELECT role FROM users WHERE id = $1", target) == \
        ("PRIME" if role == "ADMIN" else "FREE")


MEMBERSHIP_ROUTES = {("GET", "/api/membership"): "signed_in",
                     ("POST", "/api/membership/checkout"): "signed_in",
                     ("PUT", "/api/admin/users/{user_id:int}/membership"): "admin"}


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "ANONYMOUS")
async def test_membership_routes_name_their_guards(app, client, login, conn, role) -> None:
    """Status and checkout: any signed-in account (checkout itself refuses MODEL, MODERATOR and
    ADMIN with a 409); the complimentary grant: ADMIN only, and a refused grant changes nothing."""
    capabilities = {(method, path): capability for method, path, capability in _endpoints(app)}
    assert {route: capabilities.get(route) for route in MEMBERSHIP_ROUTES} == MEMBERSHIP_ROUTES
    target = await conn.fetchval("INSERT INTO users (telegram_id) VALUES (780000002) RETURNING id")
    headers = await login(role) if role else {}
    until = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    grant = await client.put(f"/api/admin/users/{target}/membership", headers=headers,
                             json={"until": until, "reason": "matrix"})
    checkout = await client.post("/api/membership/checkout", headers=headers, json={"plan": "prime_30"})
    if role is None:
        assert (grant.status_code, checkout.status_code) == (401, 401)
    elif role == "ADMIN":
        assert grant.status_code == 200, grant.text
    else:
        assert grant.status_code == 403
    if role is not None:
        assert checkout.status_code == (200 if role in ("FREE", "PRIME") else 409), checkout.text
    assert await conn.fetchval("SELECT role FROM users WHERE id = $1", target) == \
        ("PRIME" if role == "ADMIN" else "FREE")
