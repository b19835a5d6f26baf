"""The roles a user can hold, and which of them are staff: written once for app/, realtime/ and
media/. Staff (moderators and admins) see every booking, room and media session."""

from __future__ import annotations

from typing import Literal

Role = Literal["FREE", "PRIME", "MODEL", "MODERATOR", "ADMIN"]
ROLES: tuple[Role, ...] = ("FREE", "PRIME", "MODEL", "MODERATOR", "ADMIN")
STAFF: frozenset[Role] = frozenset({"MODERATOR", "ADMIN"})
