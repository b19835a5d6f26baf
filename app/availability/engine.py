"""Bookable time, computed from a model's rules. Pure: no I/O, every instant is an aware UTC datetime.

Weekly rules and date overrides are wall-clock times in the model's zone: each local date's ranges
are built as local times and only then converted, so a 09:00 rule stays 09:00 on both sides of a
DST change. Slot starts step through wall-clock time from the start of each open range; a local
time that does not exist (spring forward) is skipped, an ambiguous one (fall back) is taken once,
with fold=0.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Range = tuple[datetime, datetime]
Piece = tuple[datetime, datetime, datetime]  # open range, and the local wall time its grid starts at
Refusal = Literal["past", "notice", "window", "unavailable", "misaligned", "blocked", "day_full", "taken"]
_DAY = timedelta(days=1)


@dataclass(slots=True)
class Rules:
    tz: ZoneInfo
    buffer_before_min: int = 0
    buffer_after_min: int = 0
    min_notice_min: int = 60
    booking_window_days: int = 60
    slot_interval_min: int = 30
    max_bookings_per_day: int | None = None
    weekly: list[tuple[int, int, int]] = field(default_factory=list)  # ISO weekday, minutes
    overrides: dict[date, list[Range]] = field(default_factory=dict)
    one_off: list[Range] = field(default_factory=list)
    blocked: list[Range] = field(default_factory=list)
    busy: list[Range] = field(default_factory=list)  # occupied ranges of live bookings
    booked_starts: list[datetime] = field(default_factory=list)  # counted towards the daily maximum


def local_instant(day: date, minute: int, tz: ZoneInfo) -> datetime:
    """Wall-clock `minute` of `day` in `tz` as UTC (1440 is the next midnight). An ambiguous time
    is its first occurrence (fold=0); a time the clocks skipped is the instant they jumped."""
    day, minute = (day + _DAY, 0) if minute >= 1440 else (day, minute)
    wall = datetime.combine(day, time(minute // 60, minute % 60))
    return _resolve(wall, tz) or _jump(wall, tz)


def _jump(wall: datetime, tz: ZoneInfo) -> datetime:
    """The instant of the forward jump that skipped `wall`: between its two readings, to the minute."""
    before = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)  # read with the later offset
    after = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)  # read with the earlier offset
    offset = after.astimezone(tz).utcoffset()
    while after - before > timedelta(minutes=1):
        middle = max(before + timedelta(minutes=1),
                     (before + (after - before) / 2).replace(second=0, microsecond=0))
        if middle.astimezone(tz).utcoffset() == offset:
            after = middle
        else:
            before = middle
    return after


def _resolve(wall: datetime, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of a naive wall-clock time, or None when that local time does not exist."""
    instant = wall.replace(tzinfo=tz).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != wall:
        return None
    return instant


def merge(ranges: Iterable[Range]) -> list[Range]:
    merged: list[Range] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def local_days(start: datetime, end: datetime, tz: ZoneInfo) -> list[date]:
    first = start.astimezone(tz).date() - _DAY
    last = end.astimezone(tz).date() + _DAY
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def open_pieces(rules: Rules, start: datetime, end: datetime) -> list[Piece]:
    """Ranges the rules open between `start` and `end`, one per rule and local date, unmerged: each
    is the origin of its own slot grid (blocked time not yet removed)."""
    weekly: dict[int, list[tuple[int, int]]] = {}
    for weekday, first, last in rules.weekly:
        weekly.setdefault(weekday, []).append((first, last))
    tz = rules.tz
    pieces: list[Piece] = []
    for day in local_days(start, end, tz):
        if day in rules.overrides:
            pieces.extend((a, b, a.astimezone(tz).replace(tzinfo=None)) for a, b in rules.overrides[day])
            continue
        for first, last in weekly.get(day.isoweekday(), ()):
            pieces.append((local_instant(day, first, tz), local_instant(day, last, tz),
                           datetime.combine(day, time(first // 60, first % 60))))
    pieces.extend((a, b, a.astimezone(tz).replace(tzinfo=None)) for a, b in rules.one_off)
    return sorted(p for p in pieces if p[0] < end and p[1] > start and p[0] < p[1])


def grid(piece: Piece, step_min: int, tz: ZoneInfo) -> Iterator[datetime]:
    """Starts stepping through wall-clock time from the piece's origin, inside the piece; local
    times that do not exist are skipped, ambiguous ones taken once (fold=0)."""
    start, end, wall = piece
    step = timedelta(minutes=step_min)
    while True:
        instant = _resolve(wall, tz)
        wall += step
        if instant is None or instant < start:
            continue
        if instant >= end:
            return
        yield instant


def candidates(rules: Rules, start: datetime, end: datetime, duration: timedelta) -> list[datetime]:
    """Grid starts in [start, end) whose whole session lies in open time (adjacent rules join)."""
    pieces = open_pieces(rules, start - duration, end)
    opened = _Disjoint(p[:2] for p in open_pieces(rules, start - duration, end + duration))
    found = set()
    for piece in pieces:
        for instant in grid(piece, rules.slot_interval_min, rules.tz):
            if instant >= end:
                break
            if instant >= start and opened.contains(instant, instant + duration):
                found.add(instant)
    return sorted(found)


class _Disjoint:
    """Sorted, merged ranges with an O(log n) overlap test."""

    def __init__(self, ranges: Iterable[Range]) -> None:
        self.ranges = merge(ranges)
        self.starts = [r[0] for r in self.ranges]

    def contains(self, start: datetime, end: datetime) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.ranges[i][1] >= end

    def overlaps(self, start: datetime, end: datetime) -> bool:
        i = bisect_right(self.starts, start)
        if i and self.ranges[i - 1][1] > start:
            return True
        return i < len(self.ranges) and self.ranges[i][0] < end


@dataclass(slots=True)
class Checker:
    """Everything needed to judge one candidate start; build once per request."""

    rules: Rules
    now: datetime
    duration: timedelta
    instant: bool = False
    blocked: _Disjoint = field(init=False)
    busy: _Disjoint = field(init=False)
    per_day: Counter[date] = field(init=False)

    def __post_init__(self) -> None:
        self.blocked = _Disjoint(self.rules.blocked)
        self.busy = _Disjoint(self.rules.busy)
        self.per_day = Counter(s.astimezone(self.rules.tz).date() for s in self.rules.booked_starts)

    def refusal(self, start: datetime, *, check_busy: bool = True) -> Refusal | None:
        """Why `start` cannot be booked (window and notice, blocks, the daily maximum, bookings)."""
        rules, end = self.rules, start + self.duration
        if start < self.now - timedelta(minutes=1) or (not self.instant and start < self.now):
            return "past"
        if not self.instant and start < self.now + timedelta(minutes=rules.min_notice_min):
            return "notice"
        if start > self.now + timedelta(days=rules.booking_window_days):
            return "window"
        if self.blocked.overlaps(start, end):
            return "blocked"
        if rules.max_bookings_per_day is not None and \
                self.per_day[start.astimezone(rules.tz).date()] >= rules.max_bookings_per_day:
            return "day_full"
        if check_busy and self.busy.overlaps(start - timedelta(minutes=rules.buffer_before_min),
                                             end + timedelta(minutes=rules.buffer_after_min)):
            return "taken"
        return None


def bookable(rules: Rules, *, start: datetime, end: datetime, duration: timedelta,
             now: datetime) -> list[datetime]:
    """Slot starts in [start, end) a client could hold now."""
    checker = Checker(rules, now, duration)
    return [c for c in candidates(rules, start, end, duration) if checker.refusal(c) is None]


def refusal_for(rules: Rules, *, start: datetime, duration: timedelta, now: datetime,
                instant: bool = False) -> Refusal | None:
    """Why a hold at `start` must be refused before it reaches the database, or None.
    Overlap with other bookings is left to the exclusion constraint (check_busy=False)."""
    checker = Checker(rules, now, duration, instant=instant)
    refusal = checker.refusal(start, check_busy=False)
    if refusal is not None or instant:
        return refusal
    pieces = open_pieces(rules, start - duration, start + 2 * duration)
    if not _Disjoint(p[:2] for p in pieces).contains(start, start + duration):
        return "unavailable"
    step = timedelta(minutes=rules.slot_interval_min)
    for piece_start, piece_end, origin in pieces:
        if piece_start <= start < piece_end:
            # On the piece's wall-clock grid, and the grid's reading of that wall time (fold=0) is `start`.
            wall = start.astimezone(rules.tz).replace(tzinfo=None)
            on_grid = wall >= origin and (wall - origin) % step == timedelta(0)
            if on_grid and _resolve(wall, rules.tz) == start:
                return None
    return "misaligned"


def conflict_reasons(rules: Rules, start: datetime, end: datetime) -> list[str]:
    """Why an existing booking no longer fits its model's rules (empty: it fits)."""
    reasons = []
    if _Disjoint(rules.blocked).overlaps(start, end):
        reasons.append("blocked")
    if not _Disjoint(p[:2] for p in open_pieces(rules, start - _DAY, end + _DAY)).contains(start, end):
        reasons.append("outside_hours")
    return reasons
