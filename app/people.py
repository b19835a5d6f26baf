"""A person as every answer shows one (decision 0085): SQL `person(u)` of migrations/0085 builds it."""

from __future__ import annotations

import msgspec


class Person(msgspec.Struct):
    """Telegram first name (else @username; null when Telegram gave neither), photo when given."""

    id: int
    name: str | None
    username: str | None
    photo_url: str | None = None
