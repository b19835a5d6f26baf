"""Roles: who may change them, and the rules every change obeys (last admin, banned accounts)."""

from __future__ import annotations

import msgspec

from app.accounts import queries
from app.accounts.schemas import RoleChangeIn, UserDetail, UserPage, UserSummary
from app.auth.tokens import CurrentUser
from app.errors import Problem, invalid, not_found
from core.db import Connection
from core.roles import Role


async def change_role(conn: Connection, *, user_id: int, role: Role, by: int | None,
                      reason: str) -> str:
    """Sets the role and returns the one before; setting the role it has changes nothing."""
    reason = reason.strip()
    if not reason:
        raise invalid("reason", "say why the role changes")
    # FOR UPDATE on every ADMIN row: concurrent role changes queue here, so the count below is current.
    admins = await queries.lock_admins(conn)
    target = await queries.lock_user(conn, user_id)
    if target is None:
        raise not_found("user")
    before: str = target["role"]
    if before == role:
        return before
    if target["banned"] and role != "FREE":
        raise Problem(409, f"this account is banned until {target['banned_until']:%Y-%m-%d %H:%M} UTC;"
                      f" lift the ban before granting {role}", type_="/problems/banned-account")
    if role == "MODEL" and not await queries.has_model_profile(conn, user_id):
        raise Problem(409, "MODEL is the role of an account with a model profile: link one to this"
                      " account (PUT /api/admin/models/{model_id} with user_id)",
                      type_="/problems/model-profile-needed")
    if before == "ADMIN" and admins == [user_id]:
        raise Problem(409, "this is the last ADMIN account; make another ADMIN first",
                      type_="/problems/last-admin")
    await queries.set_role(conn, user_id, role)
    await queries.record_change(conn, user_id=user_id, by=by, before=before, after=role,
                                reason=reason)
    return before


async def grant(conn: Connection, *, telegram_id: int, role: Role, reason: str) -> tuple[int, str]:
    """`python -m app grant`: the account (created if new) and its role before."""
    user_id = await queries.ensure_user(conn, telegram_id)
    return user_id, await change_role(conn, user_id=user_id, role=role, by=None, reason=reason)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def search(conn: Connection, *, q: str | None, role: Role | None, limit: int,
                 offset: int) -> UserPage:
    """`q`: part of a name, @username (a prefix) or a Telegram id."""
    term = (q or "").strip()
    name_like = username_like = None
    telegram_id = int(term) if term.isascii() and term.isdigit() and len(term) <= 18 else None
    if term.startswith("@"):
        username_like = _like(term[1:]) + "%"
    elif term:
        name_like, username_like = f"%{_like(term)}%", _like(term) + "%"
    rows, total = await queries.search_users(
        conn, role=role, name_like=name_like, username_like=username_like,
        telegram_id=telegram_id, limit=limit, offset=offset)
    return UserPage(items=[msgspec.convert(dict(r), UserSummary) for r in rows], total=total,
                    limit=limit, offset=offset)


async def detail(conn: Connection, user_id: int) -> UserDetail:
    summary = await queries.user_summary(conn, user_id)
    if summary is None:
        raise not_found("user")
    return msgspec.convert({
        "user": dict(summary),
        "role_history": [dict(r) for r in await queries.role_history(conn, user_id)],
        "bookings": [dict(r) for r in await queries.bookings(conn, user_id)],
        "payments": [dict(r) for r in await queries.payments(conn, user_id)],
        "sanctions": [dict(r) for r in await queries.sanctions(conn, user_id)],
    }, UserDetail)


async def set_role(conn: Connection, *, actor: CurrentUser, user_id: int,
                   data: RoleChangeIn) -> UserDetail:
    await change_role(conn, user_id=user_id, role=data.role, by=actor.id, reason=data.reason)
    return await detail(conn, user_id)
