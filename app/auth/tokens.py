"""Short-lived access tokens and longer refresh tokens (Litestar's JWT `Token`)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import msgspec
from litestar.exceptions import NotAuthorizedException
from litestar.security.jwt import Token

from app.errors import Problem
from core.roles import ROLES, Role

_ALGORITHM = "HS256"
_ISSUER = "pnp-live"


class CurrentUser(msgspec.Struct, frozen=True):
    """What a valid access token says about its bearer; guards read nothing else."""

    id: int
    role: Role
    onboarded: bool


class TokenPair(msgspec.Struct):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int


def _encode(user: CurrentUser, *, kind: str, ttl: int, secret: str) -> str:
    now = datetime.now(UTC)
    token = Token(
        exp=now + timedelta(seconds=ttl), sub=str(user.id), iat=now, iss=_ISSUER, jti=uuid4().hex,
        extras={"typ": kind, "role": user.role, "onb": user.onboarded},
    )
    return token.encode(secret, _ALGORITHM)


def issue_tokens(user: CurrentUser, *, secret: str, access_ttl: int, refresh_ttl: int) -> TokenPair:
    return TokenPair(
        access_token=_encode(user, kind="access", ttl=access_ttl, secret=secret),
        refresh_token=_encode(user, kind="refresh", ttl=refresh_ttl, secret=secret),
        token_type="Bearer",  # noqa: S106 - the OAuth token type, not a secret
        expires_in=access_ttl,
    )


_VERIFIED: dict[tuple[str, str, str], tuple[CurrentUser, float]] = {}
_VERIFIED_MAX = 10_000


def decode_token(encoded: str, *, secret: str, kind: str = "access") -> CurrentUser:
    """Verifying a signature costs ~120 µs; a token seen before is answered from memory until its
    `exp` (the same instant the signature check would start refusing it)."""
    key = (encoded, secret, kind)
    found = _VERIFIED.get(key)
    if found is not None and time.time() < found[1]:
        return found[0]
    user, expires = _verify(encoded, secret=secret, kind=kind)
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()
    _VERIFIED[key] = (user, expires)
    return user


def _verify(encoded: str, *, secret: str, kind: str) -> tuple[CurrentUser, float]:
    try:
        token = Token.decode(encoded, secret, _ALGORITHM, issuer=[_ISSUER])
    except NotAuthorizedException as exc:
        raise Problem(401, "the token is invalid or expired; sign in or refresh it",
                      headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}) from exc
    extras = token.extras
    if extras.get("typ") != kind or extras.get("role") not in ROLES or not token.sub.isdigit():
        raise Problem(401, f"this is not an {kind} token",
                      headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    user = CurrentUser(id=int(token.sub), role=extras["role"], onboarded=bool(extras.get("onb")))
    return user, token.exp.timestamp()
