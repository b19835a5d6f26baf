"""Roles: who may change them, and the rules every change obeys (last admin, banned accounts)."""

from __future__ import annotations

from app.accounts import queries
from app.auth.tokens import Role
from app.db import Connection
from app.errors import Problem, not_found


async def change_role(conn: Connection, *, user_id: int, role: Role, by: int | None,
                      reason: str) -> str:
    """Sets the role and returns the one before; setting the role it has changes nothing."""
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
