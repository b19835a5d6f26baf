"""`make run`'s demo data gives the moderator a feed to work on (scores for every category, the chat
before each item, a user's report) and the chart something to draw."""

from __future__ import annotations

from app.seed import seed_if_empty
from app.violations import service
from app.violations.schemas import ViolationFilters


async def test_demo_seed_has_pending_and_reviewed_violations(conn, tmp_path) -> None:
    assert await seed_if_empty(conn, uploads_dir=tmp_path)
    pending = await service.violations(conn, ViolationFilters(status="pending"))
    assert pending.total == 4
    assert {v.action for v in pending.items} == {"block", "flag", "allow"}
    [report] = [v for v in pending.items if v.source == "report"]
    assert (report.reporter_name, report.user_name, report.report_reason) == ("Paula", "Felix", "HR")
    assert [line.author for line in report.context][-1] == "Luna Rivera"
    assert all(len(v.scores) == 8 for v in pending.items)
    figures = await service.analytics(conn, since=None, until=None)
    assert (figures.upheld, figures.overturned) == (1, 1)
