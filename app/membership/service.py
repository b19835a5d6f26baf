"""PRIME membership: what it costs, who may buy it, checkout through the payment providers, and an
admin's complimentary grant. Periods are chained (a purchase starts when the current one ends);
the role follows them through app.accounts.service.change_role, so every change is audited."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import asyncpg
import msgspec

from app import audit
from app.accounts.service import change_role
from app.auth.tokens import CurrentUser
from app.errors import Problem, conflict, invalid, not_found
from app.membership import queries
from app.membership.plans import PLANS
from app.membership.schemas import GrantIn, MembershipCheckoutIn, MembershipCheckoutOut, MembershipOut
from app.payments.checkout import cancel_open, create_at_provider, payment_fields
from app.payments.providers.base import Provider
from core.db import Connection

BUYERS = ("FREE", "PRIME")
MAX_GRANT = timedelta(days=5 * 366)


def not_for_role(role: str) -> Problem:
    return Problem(409, f"a {role} account does not need PRIME: it is for FREE and PRIME accounts",
                   type_="/problems/membership-not-for-role", role=role)


def banned(account: asyncpg.Record) -> Problem:
    return Problem(409, f"this account is banned until {account['banned_until']:%Y-%m-%d %H:%M} UTC",
                   type_="/problems/banned-account")


async def status(conn: Connection, user_id: int) -> MembershipOut:
    account = await queries.account(conn, user_id)
    if account is None:
        raise not_found("user")
    return msgspec.convert({
        "plans": [msgspec.to_builtins(p) for p in PLANS.values()], "role": account["role"],
        "can_buy": account["role"] in BUYERS and not account["banned"],
        "prime_until": await queries.chain_end(conn, user_id),
        "periods": [dict(r) for r in await queries.periods(conn, user_id)],
    }, MembershipOut)


def checkout_out(payment: asyncpg.Record) -> MembershipCheckoutOut:
    return MembershipCheckoutOut(**payment_fields(payment), plan=payment["membership_plan"])


async def checkout(conn: Connection, providers: dict[str, Provider], provider: Provider, *,
                   user: CurrentUser, data: MembershipCheckoutIn) -> MembershipCheckoutOut:
    """Starts (or, asked again the same way, returns) the one open membership payment of a user."""
    plan = PLANS[data.plan]
    await queries.lock_member(conn, user.id)
    account = await queries.account(conn, user.id)
    if account is None:
        raise not_found("user")
    if account["role"] not in BUYERS:  # the stored role: a token may be older than a role change
        raise not_for_role(account["role"])
    if account["banned"]:
        raise banned(account)
    current = await queries.open_payment(conn, user.id)
    if current is not None and current["provider"] == provider.name \
            and current["membership_plan"] == plan.code and data.payment_method is None:
        return checkout_out(current)
    if current is not None and not await cancel_open(conn, providers, current):
        raise conflict("the previous membership payment is being completed", reason="in_flight")
    created = await create_at_provider(
        provider, key=f"pnp-prime-{user.id}-{secrets.token_hex(8)}", booking_id=0,
        amount_cents=plan.price_cents, currency=plan.currency,
        description=f"PNP Live PRIME, {plan.days} days", payment_method=data.payment_method)
    payment = await queries.insert_payment(
        conn, user_id=user.id, plan=plan.code, provider=provider.name, ref=created.ref,
        amount_cents=plan.price_cents, currency=plan.currency, client_data=created.client_data)
    return checkout_out(payment)


async def follow_periods(conn: Connection, user_id: int, *, by: int | None, reason: str) -> None:
    """PRIME while a period runs, FREE when none does; other roles are left alone."""
    account = await queries.account(conn, user_id)
    if account is None:
        return
    active = await queries.is_active(conn, user_id)
    if account["role"] == "FREE" and active:
        await change_role(conn, user_id=user_id, role="PRIME", by=by, reason=reason)
    elif account["role"] == "PRIME" and not active:
        await change_role(conn, user_id=user_id, role="FREE", by=by, reason=reason)


async def grant(conn: Connection, *, actor: CurrentUser, user_id: int, data: GrantIn) -> MembershipOut:
    """Complimentary PRIME from now until `until`, beside any paid periods."""
    now = datetime.now(UTC)
    until = data.until if data.until.tzinfo else data.until.replace(tzinfo=UTC)
    reason = data.reason.strip()
    if not reason:
        raise invalid("reason", "say why PRIME is granted")
    if until <= now:
        raise invalid("until", "a time in the future")
    if until > now + MAX_GRANT:
        raise invalid("until", "at most five years ahead")
    await queries.lock_member(conn, user_id)
    account = await queries.account(conn, user_id)
    if account is None:
        raise not_found("user")
    if account["role"] not in BUYERS:
        raise not_for_role(account["role"])
    if account["banned"]:
        raise banned(account)
    await queries.grant_period(conn, user_id=user_id, until=until, granted_by=actor.id, reason=reason)
    await audit.record(conn, actor_id=actor.id, action="membership.granted", entity="user",
                       entity_id=user_id, data={"until": until.isoformat(), "reason": reason})
    await follow_periods(conn, user_id, by=actor.id, reason=f"complimentary PRIME until "
                         f"{until:%Y-%m-%d %H:%M} UTC: {reason}"[:500])
    return await status(conn, user_id)
