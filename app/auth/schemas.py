from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from core.roles import Role

TelegramId = Annotated[int, msgspec.Meta(gt=0, lt=2**53)]
Username = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_]{1,64}$")]


class DevLoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    telegram_id: TelegramId
    role: Role
    username: Username | None = None
    # As Telegram would give it; without it the account keeps its name (or takes the username).
    first_name: Annotated[str, msgspec.Meta(min_length=1, max_length=128)] | None = None


class TelegramLoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Exactly one of: Mini App `init_data` (the raw query string) or Login Widget fields."""

    init_data: Annotated[str, msgspec.Meta(min_length=1, max_length=8192)] | None = None
    widget: dict[str, str | int] | None = None


class RefreshRequest(msgspec.Struct, forbid_unknown_fields=True):
    refresh_token: Annotated[str, msgspec.Meta(min_length=1, max_length=4096)]


class OnboardingRequest(msgspec.Struct, forbid_unknown_fields=True):
    language: Literal["es", "en"]
    terms_accepted: bool
    adult_confirmed: bool


class UserOut(msgspec.Struct):
    id: int
    telegram_id: int
    first_name: str
    last_name: str
    username: str | None
    name: str | None  # person_name (migrations/0085): what the header shows
    photo_url: str | None
    language: str
    role: Role
    onboarding_complete: bool
    muted_until: datetime | None
    banned_until: datetime | None
    created_at: datetime
    model_id: int | None = None


class AuthResponse(msgspec.Struct):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    user: UserOut
