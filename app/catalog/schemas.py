from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

import msgspec
from msgspec import UNSET, UnsetType

from app.people import Person

ItemT = TypeVar("ItemT")
Visibility = Literal["public", "prime", "hidden"]
Language = Literal["es", "en"]
SortKey = Literal["rating", "price", "newest"]
DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
ModelUsername = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_]{3,32}$")]
Bio = Annotated[str, msgspec.Meta(max_length=2000)]
Tag = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")]
Tags = Annotated[list[Tag], msgspec.Meta(max_length=20)]
Languages = Annotated[list[Language], msgspec.Meta(min_length=1, max_length=2)]
TimeZone = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
SocialLinks = Annotated[dict[str, str], msgspec.Meta(max_length=10)]
CommissionRate = Annotated[float, msgspec.Meta(ge=0, le=1)]


class PriceTier(msgspec.Struct, forbid_unknown_fields=True):
    duration_minutes: Annotated[int, msgspec.Meta(ge=5, le=480)]
    price_cents: Annotated[int, msgspec.Meta(ge=0, le=100_000_000)]
    currency: Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")] = "USD"


PriceTiers = Annotated[list[PriceTier], msgspec.Meta(max_length=12)]


class PhotoUrls(msgspec.Struct):
    small: str
    medium: str
    large: str


class ModelOut(msgspec.Struct):
    id: int
    display_name: str
    username: str | None
    bio: str
    photo: PhotoUrls | None
    languages: list[str]
    tags: list[str]
    visibility: Visibility
    social_links: dict[str, str]
    timezone: str
    is_online: bool
    last_seen_at: datetime | None
    rating_avg: float | None
    rating_count: int
    prices: list[PriceTier]
    created_at: datetime


# What keeps a profile out of the directory (migrations/0085 model_missing), checklist order.
Missing = Literal["display_name", "price", "photo_or_bio", "approval"]


class AdminModelOut(ModelOut):
    user_id: int | None
    commission_rate: float | None
    updated_at: datetime
    deleted_at: datetime | None
    approved_at: datetime | None
    missing: list[Missing]
    owner: Person | None


class Page(msgspec.Struct, Generic[ItemT]):
    items: list[ItemT]
    total: int
    limit: int
    offset: int


ModelPage = Page[ModelOut]
AdminModelPage = Page[AdminModelOut]


class ProfileFields(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """What a model may change about itself; every field optional (partial update)."""

    display_name: DisplayName | UnsetType = UNSET
    username: ModelUsername | UnsetType | None = UNSET
    bio: Bio | UnsetType = UNSET
    languages: Languages | UnsetType = UNSET
    tags: Tags | UnsetType = UNSET
    visibility: Visibility | UnsetType = UNSET
    social_links: SocialLinks | UnsetType = UNSET
    timezone: TimeZone | UnsetType = UNSET
    prices: PriceTiers | UnsetType = UNSET


class AdminModelUpdate(ProfileFields, forbid_unknown_fields=True, kw_only=True):
    user_id: int | UnsetType | None = UNSET
    commission_rate: CommissionRate | UnsetType | None = UNSET
    is_online: bool | UnsetType = UNSET


class AdminModelCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    display_name: DisplayName
    username: ModelUsername | None = None
    bio: Bio = ""
    languages: Languages = msgspec.field(default_factory=lambda: ["en"])
    tags: Tags = msgspec.field(default_factory=list)
    visibility: Visibility = "public"
    social_links: SocialLinks = msgspec.field(default_factory=dict)
    timezone: TimeZone = "UTC"
    prices: PriceTiers = msgspec.field(default_factory=list)
    user_id: int | None = None
    commission_rate: CommissionRate | None = None


class ModelFilters(msgspec.Struct, kw_only=True):
    q: str | None = None
    online: bool | None = None
    min_price: int | None = None
    max_price: int | None = None
    language: str | None = None
    tag: str | None = None
    sort: SortKey = "newest"
    limit: int = 24
    offset: int = 0


class StatusIn(msgspec.Struct, forbid_unknown_fields=True):
    online: bool


class StatusOut(msgspec.Struct):
    model_id: int
    online: bool
