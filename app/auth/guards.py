"""The role matrix of docs/architecture.md as guards. Every route names exactly one capability."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from app.auth.tokens import CurrentUser
from app.errors import Problem
from core.roles import ROLES, STAFF, Role

# None: anyone, signed in or not. Otherwise the roles allowed.
CAPABILITY_ROLES: dict[str, frozenset[Role] | None] = {
    "public": None,
    "signed_in": frozenset(ROLES),
    "book": frozenset({"PRIME", "ADMIN"}),
    "self_service": frozenset({"MODEL", "ADMIN"}),
    "admin": frozenset({"ADMIN"}),
    "moderation": STAFF,
}
_ACTIONS = {
    "signed_in": "use this", "book": "book sessions", "self_service": "manage a model profile",
    "admin": "administer the platform", "moderation": "moderate chat",
}


def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> CurrentUser | None:
    user = connection.scope.get("user")
    return user if isinstance(user, CurrentUser) else None


def _make_guard(capability: str, *, needs_onboarding: bool = False) -> Any:
    allowed = CAPABILITY_ROLES[capability]

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if allowed is None:
            return
        user = current_user(connection)
        if user is None:
            raise Problem(401, "sign in first", headers={"WWW-Authenticate": "Bearer"})
        if user.role not in allowed:
            raise Problem(403, f"a {user.role} account may not {_ACTIONS[capability]}")
        if needs_onboarding and not user.onboarded:
            raise Problem(403, "finish onboarding first (POST /api/me/onboarding)",
                          type_="/problems/onboarding-required")

    guard.capability = capability  # type: ignore[attr-defined]
    guard.__name__ = f"guard_{capability}"
    return guard


public = _make_guard("public")
signed_in = _make_guard("signed_in")
can_book = _make_guard("book", needs_onboarding=True)
self_service = _make_guard("self_service")
admin_only = _make_guard("admin")
staff = _make_guard("moderation")
