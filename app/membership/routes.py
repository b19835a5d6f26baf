from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, post, put

from app.auth.guards import admin_only, signed_in
from app.membership import service
from app.membership.schemas import GrantIn, MembershipCheckoutIn, MembershipCheckoutOut, MembershipOut
from app.payments.providers import provider, registry
from core.db import Connection


@get("/api/membership", guards=[signed_in])
async def my_membership(request: Request[Any, Any, Any], conn: Connection) -> MembershipOut:
    return await service.status(conn, request.user.id)


@post("/api/membership/checkout", guards=[signed_in], status_code=200)
async def membership_checkout(request: Request[Any, Any, Any], conn: Connection,
                              data: MembershipCheckoutIn) -> MembershipCheckoutOut:
    """FREE and PRIME accounts (a PRIME purchase starts when the current period ends); other roles
    get 409 /problems/membership-not-for-role."""
    state = request.app.state
    return await service.checkout(conn, registry(state), provider(state, data.method),
                                  user=request.user, data=data)


@put("/api/admin/users/{user_id:int}/membership", guards=[admin_only])
async def grant_membership(request: Request[Any, Any, Any], conn: Connection, user_id: int,
                           data: GrantIn) -> MembershipOut:
    """Complimentary PRIME until `until` (FREE or PRIME accounts, not banned); audited."""
    return await service.grant(conn, actor=request.user, user_id=user_id, data=data)


router = Router(path="/", tags=["membership"],
                route_handlers=[my_membership, membership_checkout, grant_membership])
