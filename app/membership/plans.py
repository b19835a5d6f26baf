"""What PRIME costs: the plans on sale (their codes are also a CHECK in migration 0082)."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

import msgspec

PlanCode = Literal["prime_30", "prime_90"]


class Plan(msgspec.Struct, frozen=True):
    code: PlanCode
    days: int
    price_cents: int
    currency: str

    @property
    def length(self) -> timedelta:
        return timedelta(days=self.days)


PLANS: dict[str, Plan] = {
    "prime_30": Plan("prime_30", 30, 1999, "USD"),
    "prime_90": Plan("prime_90", 90, 4999, "USD"),
}
