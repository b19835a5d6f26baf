"""The model catalogue: what each viewer may see, and how profiles change."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import asyncpg
import msgspec

from app import audit
from app.accounts import queries as accounts_queries
from app.auth.tokens import CurrentUser
from app.catalog import queries
from app.catalog.cache import cached_page
from app.catalog.schemas import (
    AdminModelCreate,
    AdminModelOut,
    AdminModelPage,
    AdminModelUpdate,
    ModelFilters,
    ModelOut,
    ModelPage,
    PhotoUrls,
    PriceTier,
    ProfileFields,
)
from app.errors import Problem, invalid, not_found
from app.violations.service import screen_public_text
from core.db import Connection
from core.events import EventBus
from core.kv import KeyValue
from moderation.service import ModerationService

SOCIAL_NETWORKS = frozenset(
    {"instagram", "x", "twitter", "telegram", "tiktok", "onlyfans", "fansly", "website"})
PHOTO_SIZES = {"small": 160, "medium": 480, "large": 1080}
_PRIME_VIEWERS = frozenset({"PRIME", "MODEL", "MODERATOR", "ADMIN"})
OutT = TypeVar("OutT", ModelOut, AdminModelOut)


def visible_to(user: CurrentUser | None) -> list[str]:
    """Prime-only profiles are hidden from visitors and FREE accounts; hidden ones from all but admins."""
    if user is not None and user.role == "ADMIN":
        return ["public", "prime", "hidden"]
    if user is not None and user.role in _PRIME_VIEWERS:
        return ["public", "prime"]
    return ["public"]


def photo_urls(photo_key: str | None) -> PhotoUrls | None:
    if photo_key is None:
        return None
    return PhotoUrls(**{name: f"/uploads/models/{photo_key}_{name}.jpg" for name in PHOTO_SIZES})


def to_out(row: asyncpg.Record, kind: type[OutT]) -> OutT:
    data = dict(row)
    data["photo"] = photo_urls(data.pop("photo_key"))
    return msgspec.convert(data, kind, strict=False)


async def browse(conn: Connection, *, viewer: CurrentUser | None, filters: ModelFilters,
                 approval: bool, cache: KeyValue) -> ModelPage:
    """Listed profiles only: nothing missing (`model_missing`, migrations/0085)."""
    if filters.min_price is not None and filters.max_price is not None \
            and filters.min_price > filters.max_price:
        raise invalid("min_price", "must not exceed max_price")
    visibilities = visible_to(viewer)

    async def load() -> ModelPage:
        rows, total = await queries.list_models(
            conn, visibilities=visibilities, q=filters.q, online=filters.online,
            min_price=filters.min_price, max_price=filters.max_price, language=filters.language,
            tag=filters.tag, sort=filters.sort, limit=filters.limit, offset=filters.offset,
            approval=approval,
        )
        return ModelPage(items=[to_out(r, ModelOut) for r in rows], total=total,
                         limit=filters.limit, offset=filters.offset)

    return await cached_page(conn, cache, visibilities=visibilities, filters=filters,
                             approval=approval, load=load)


async def profile(conn: Connection, *, viewer: CurrentUser | None, model_id: int,
                  approval: bool) -> ModelOut:
    """A profile that is not listed yet is shown to its own model and to admins only."""
    row = await queries.get_model(conn, model_id, approval=approval)
    if row is None or row["visibility"] not in visible_to(viewer):
        raise not_found("model")
    if row["missing"] and not (viewer is not None
                               and (viewer.role == "ADMIN" or viewer.id == row["user_id"])):
        raise not_found("model")
    return to_out(row, ModelOut)


async def admin_list(conn: Connection, *, include_deleted: bool, awaiting: bool, approval: bool,
                     limit: int, offset: int) -> AdminModelPage:
    rows, total = await queries.list_all_models(
        conn, include_deleted=include_deleted, awaiting=awaiting, approval=approval,
        limit=limit, offset=offset)
    return AdminModelPage(items=[to_out(r, AdminModelOut) for r in rows], total=total,
                          limit=limit, offset=offset)


async def admin_get(conn: Connection, model_id: int, *, approval: bool) -> AdminModelOut:
    row = await queries.get_model(conn, model_id, approval=approval, include_deleted=True)
    if row is None:
        raise not_found("model")
    return to_out(row, AdminModelOut)


async def approve(conn: Connection, *, actor: CurrentUser, model_id: int,
                  approval: bool) -> AdminModelOut:
    if not await queries.approve(conn, model_id, by=actor.id):
        raise not_found("model")
    await audit.record(conn, actor_id=actor.id, action="model.approved", entity="model",
                       entity_id=model_id)
    return await admin_get(conn, model_id, approval=approval)


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise invalid("timezone", f"{name!r} is not an IANA time zone such as Europe/Madrid") from None


def _check_social_links(links: dict[str, str]) -> None:
    for network, url in links.items():
        if network not in SOCIAL_NETWORKS:
            raise invalid(f"social_links.{network}",
                          f"unknown network; use one of {', '.join(sorted(SOCIAL_NETWORKS))}")
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.netloc or len(url) > 300:
            raise invalid(f"social_links.{network}", "must be an https:// URL of at most 300 characters")


def _check_prices(prices: list[PriceTier]) -> list[tuple[int, int, str]]:
    durations = [p.duration_minutes for p in prices]
    if len(set(durations)) != len(durations):
        raise invalid("prices", "each duration may have one price only")
    if len({p.currency for p in prices}) > 1:
        raise invalid("prices", "all prices of a model use one currency")
    return [(p.duration_minutes, p.price_cents, p.currency) for p in prices]


def _columns(fields: ProfileFields) -> tuple[dict[str, Any], list[tuple[int, int, str]] | None]:
    """Validated column values of the fields that were sent, and the new price list if any."""
    data = {k: v for k, v in msgspec.structs.asdict(fields).items() if v is not msgspec.UNSET}
    if "timezone" in data:
        _check_timezone(data["timezone"])
    if "social_links" in data:
        _check_social_links(data["social_links"])
    if "display_name" in data:
        data["display_name"] = data["display_name"].strip()
        if not data["display_name"]:
            raise invalid("display_name", "must not be blank")
        data["name_is_placeholder"] = False
    prices = _check_prices(data.pop("prices")) if "prices" in data else None
    if "is_online" in data:
        data["last_seen_at"] = datetime.now(UTC)
    return data, prices


async def _link_user(conn: Connection, *, actor: CurrentUser, user_id: int, model: str) -> None:
    before = await queries.make_model_account(conn, user_id)
    if before is None:
        raise invalid("user_id", "no such user")
    if before in ("FREE", "PRIME"):
        await accounts_queries.record_change(conn, user_id=user_id, by=actor.id, before=before,
                                             after="MODEL", reason=f"linked to the model {model}")


async def _save(conn: Connection, actor: CurrentUser, model_id: int, fields: ProfileFields) -> None:
    columns, prices = _columns(fields)
    if columns.get("user_id") is not None:
        name = columns.get("display_name") or await queries.model_name(conn, model_id) or "profile"
        await _link_user(conn, actor=actor, user_id=columns["user_id"], model=name)
    if not await queries.update_model(conn, model_id, columns):
        raise not_found("model")
    if prices is not None:
        await queries.replace_prices(conn, model_id, prices)


async def _screen(moderation: ModerationService, conn: Connection, events: EventBus, *,
                  actor: CurrentUser, model_id: int, data: ProfileFields | AdminModelCreate) -> None:
    """Public profile text goes through the chat classifier (app/violations)."""
    for field in ("display_name", "bio"):
        text = getattr(data, field)
        if isinstance(text, str):
            await screen_public_text(moderation, conn, events, user_id=actor.id, field=field,
                                     text=text, where=f"profile:{model_id}")


async def create(conn: Connection, *, actor: CurrentUser, data: AdminModelCreate,
                 moderation: ModerationService, events: EventBus, approval: bool) -> AdminModelOut:
    fields = AdminModelUpdate(**{f: getattr(data, f) for f in data.__struct_fields__})
    columns, prices = _columns(fields)
    if data.user_id is not None:
        await _link_user(conn, actor=actor, user_id=data.user_id, model=columns["display_name"])
    model_id = await queries.insert_model(conn, columns)
    await _screen(moderation, conn, events, actor=actor, model_id=model_id, data=data)
    if prices:
        await queries.replace_prices(conn, model_id, prices)
    await audit.record(conn, actor_id=actor.id, action="model.created", entity="model",
                       entity_id=model_id, data={"display_name": data.display_name})
    return await admin_get(conn, model_id, approval=approval)


async def update(conn: Connection, *, actor: CurrentUser, model_id: int, data: ProfileFields,
                 moderation: ModerationService, events: EventBus, approval: bool) -> AdminModelOut:
    await _screen(moderation, conn, events, actor=actor, model_id=model_id, data=data)
    await _save(conn, actor, model_id, data)
    changed = sorted(k for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET)
    await audit.record(conn, actor_id=actor.id, action="model.updated", entity="model",
                       entity_id=model_id, data={"fields": changed})
    return await admin_get(conn, model_id, approval=approval)


async def delete(conn: Connection, *, actor: CurrentUser, model_id: int) -> None:
    if not await queries.soft_delete_model(conn, model_id):
        raise not_found("model")
    await audit.record(conn, actor_id=actor.id, action="model.deleted", entity="model",
                       entity_id=model_id)


async def own_model_id(conn: Connection, user: CurrentUser) -> int:
    model_id = await queries.model_id_for_user(conn, user.id)
    if model_id is None:
        raise Problem(404, "no model profile is linked to this account")
    return model_id


class ModelAccounts:
    """The gateway's `realtime.domain.ModelAccounts`."""

    async def model_id_for(self, conn: Connection, user_id: int) -> int | None:
        return await queries.model_id_for_user(conn, user_id)
