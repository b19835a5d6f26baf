"""`make run`'s demo data gives the moderator a feed to work on and the chart something to draw."""

from __future__ import annotations

from app.seed import seed_if_empty
from app.violations import service
from app.violations.schemas import ViolationFilters


async def test_demo_seed_has_pending_and_reviewed_violations(conn, tmp_path) -> None:
    assert await seed_if_empty(conn, uploads_dir=tmp_path)
    pending = await service.violations(conn, ViolationFilters(status="pending"))
    assert pending.total == 3
    assert {v.action for v in pending.items} == {"block", "flag"}
    figures = await service.analytics(conn, since=None, until=None)
    assert (figures.upheld, figures.overturned) == (1, 1)
