"""Availability: a model edits its own rules, an admin any model's (same handlers, other path and
guard), and anyone the model is visible to reads its bookable slots."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, Request, Router, delete, get, post, put
from litestar.params import Parameter, QueryParameter

from app.auth.guards import admin_only, current_user, public, self_service
from app.availability import rules, service
from app.availability.schemas import (
    AvailabilityRules,
    BlockedIn,
    OneOffIn,
    OverrideIn,
    SettingsIn,
    SlotList,
    WeeklyRangeIn,
)
from app.catalog.service import own_model_id
from core.db import Connection

Req = Request[Any, Any, Any]


class OwnAvailability(Controller):
    path = "/api/model/me/availability"
    guards = [self_service]
    tags = ["availability"]

    async def model_id(self, request: Req, conn: Connection) -> int:
        return await own_model_id(conn, request.user)

    @get("/")
    async def get_rules(self, request: Req, conn: Connection) -> AvailabilityRules:
        return await rules.get_rules(conn, await self.model_id(request, conn))

    @put("/settings")
    async def put_settings(self, request: Req, conn: Connection, data: SettingsIn) -> AvailabilityRules:
        return await rules.update_settings(conn, request.user, await self.model_id(request, conn), data)

    @post("/weekly", status_code=201)
    async def add_weekly(self, request: Req, conn: Connection, data: WeeklyRangeIn) -> AvailabilityRules:
        return await rules.save_rule(conn, request.user, await self.model_id(request, conn), "weekly", data)

    @put("/weekly/{rule_id:int}")
    async def put_weekly(self, request: Req, conn: Connection, data: WeeklyRangeIn,
                         rule_id: int) -> AvailabilityRules:
        return await rules.save_rule(conn, request.user, await self.model_id(request, conn), "weekly", data,
                                     rule_id)

    @post("/blocked", status_code=201)
    async def add_blocked(self, request: Req, conn: Connection, data: BlockedIn) -> AvailabilityRules:
        return await rules.save_rule(conn, request.user, await self.model_id(request, conn), "blocked", data)

    @put("/blocked/{rule_id:int}")
    async def put_blocked(self, request: Req, conn: Connection, data: BlockedIn,
                          rule_id: int) -> AvailabilityRules:
        return await rules.save_rule(conn, request.user, await self.model_id(request, conn), "blocked", data,
                                     rule_id)

    @post("/slots", status_code=201)
    async def add_slot(self, request: Req, conn: Connection, data: OneOffIn) -> AvailabilityRules:
        return await rules.save_rule(conn, request.user, await self.model_id(request, conn), "slots", data)

    @put("/slots/{rule_id:int}")
    async def put_slot(self, request: Req, conn: Connection, data: OneOffIn,
                       rule_id: int) -> AvailabilityRules:
        return await rules.save_rule(conn, request.user, await self.model_id(request, conn), "slots", data,
                                     rule_id)

    @post("/overrides", status_code=201)
    async def add_override(self, request: Req, conn: Connection, data: OverrideIn) -> AvailabilityRules:
        model_id = await self.model_id(request, conn)
        return await rules.save_rule(conn, request.user, model_id, "overrides", data)

    @put("/overrides/{rule_id:int}")
    async def put_override(self, request: Req, conn: Connection, data: OverrideIn,
                           rule_id: int) -> AvailabilityRules:
        return await rules.save_rule(conn, request.user, await self.model_id(request, conn), "overrides",
                                     data, rule_id)

    async def _delete(self, request: Req, conn: Connection, kind: rules.Kind, rule_id: int) -> None:
        await rules.delete_rule(conn, request.user, await self.model_id(request, conn), kind, rule_id)

    @delete("/weekly/{rule_id:int}")
    async def delete_weekly(self, request: Req, conn: Connection, rule_id: int) -> None:
        await self._delete(request, conn, "weekly", rule_id)

    @delete("/blocked/{rule_id:int}")
    async def delete_blocked(self, request: Req, conn: Connection, rule_id: int) -> None:
        await self._delete(request, conn, "blocked", rule_id)

    @delete("/slots/{rule_id:int}")
    async def delete_slot(self, request: Req, conn: Connection, rule_id: int) -> None:
        await self._delete(request, conn, "slots", rule_id)

    @delete("/overrides/{rule_id:int}")
    async def delete_override(self, request: Req, conn: Connection, rule_id: int) -> None:
        await self._delete(request, conn, "overrides", rule_id)


class AdminAvailability(OwnAvailability):
    path = "/api/admin/models/{target_model_id:int}/availability"
    guards = [admin_only]
    tags = ["admin"]

    async def model_id(self, request: Req, conn: Connection) -> int:
        return int(request.path_params["target_model_id"])


@get("/api/models/{model_id:int}/availability", guards=[public], tags=["availability"])
async def bookable_slots(
    request: Req, conn: Connection, model_id: int,
    from_: Annotated[datetime | None, QueryParameter(name="from")] = None,
    to: datetime | None = None,
    duration: Annotated[int | None, Parameter(ge=5, le=480)] = None,
    tz: Annotated[str | None, Parameter(max_length=64)] = None,
) -> SlotList:
    return await service.slots(conn, viewer=current_user(request), model_id=model_id, start=from_, end=to,
                               duration=duration, tz=tz, cache=request.app.state.cache)


router = Router(path="/", route_handlers=[OwnAvailability, AdminAvailability, bookable_slots])
