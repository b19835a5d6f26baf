"""Slots across DST transitions (2026–2028) in 40 zones: none in a skipped hour, none doubled in a
repeated hour, every existing wall-clock grid time offered, and a 09:00 rule stays 09:00 local."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from app.availability.engine import Rules, bookable, local_instant, refusal_for

ZONES = (
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Anchorage",
    "America/Halifax", "America/St_Johns", "America/Havana", "America/Santiago", "America/Asuncion",
    "America/Nuuk", "America/Miquelon", "America/Mexico_City", "America/Sao_Paulo", "Atlantic/Azores",
    "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Paris", "Europe/Berlin",
    "Europe/Athens", "Europe/Helsinki", "Europe/Kyiv", "Europe/Chisinau", "Asia/Beirut", "Asia/Jerusalem",
    "Asia/Gaza", "Africa/Cairo", "Africa/Casablanca", "Australia/Sydney", "Australia/Adelaide",
    "Australia/Lord_Howe", "Australia/Hobart", "Pacific/Auckland", "Pacific/Chatham", "Antarctica/Troll",
    "Asia/Tehran", "Asia/Kathmandu", "UTC",
)


@cache
def transitions(name: str) -> tuple[datetime, ...]:
    """UTC instants (to the hour) where the zone's offset changes in 2026–2028."""
    tz, found = ZoneInfo(name), []
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment.year < 2029:
        following = moment + timedelta(days=1)
        if moment.astimezone(tz).utcoffset() != following.astimezone(tz).utcoffset():
            hour = moment
            while hour.astimezone(tz).utcoffset() == moment.astimezone(tz).utcoffset():
                hour += timedelta(minutes=15)
            found.append(hour)
        moment = following
    return tuple(found) or (datetime(2027, 3, 14, tzinfo=UTC),)


def test_enough_zones_change_their_clocks() -> None:
    assert len(ZONES) >= 30
    assert sum(len(transitions(z)) >= 6 for z in ZONES) >= 30


def _rules(tz: ZoneInfo, first: int, last: int, interval: int) -> Rules:
    return Rules(tz=tz, min_notice_min=0, booking_window_days=365, slot_interval_min=interval,
                 weekly=[(d, first, last) for d in range(1, 8)])


@settings(max_examples=400, deadline=None)
@given(zone=st.sampled_from(ZONES), pick=st.integers(0, 20), first=st.integers(0, 95).map(lambda q: q * 15),
       length=st.integers(1, 96).map(lambda q: q * 15), interval=st.sampled_from([15, 20, 30, 60]),
       duration=st.sampled_from([15, 30, 60, 90]))
def test_slots_around_a_transition(zone, pick, first, length, interval, duration) -> None:
    tz = ZoneInfo(zone)
    last = min(1440, first + length)
    changes = transitions(zone)
    change = changes[pick % len(changes)]
    start, end = change - timedelta(days=2), change + timedelta(days=2)
    rules = _rules(tz, first, last, interval)
    found = bookable(rules, start=start, end=end, duration=timedelta(minutes=duration),
                     now=start - timedelta(days=1))
    walls = [s.astimezone(tz).replace(tzinfo=None) for s in found]
    assert len(set(found)) == len(found), "a slot is doubled"
    assert len(set(walls)) == len(walls), "a wall-clock time is offered twice"

    days = [start.astimezone(tz).date() + timedelta(days=i) for i in range(-2, 7)]
    opened = [(local_instant(d, first, tz), local_instant(d, last, tz)) for d in days]

    def inside(a: datetime, b: datetime) -> bool:  # within the union of the days' open ranges
        while True:
            joined = [r for r in opened if r[0] <= a < r[1]]
            if not joined:
                return False
            a = max(r[1] for r in joined)
            if a >= b:
                return True

    expected = set()
    for day, (open_, close) in zip(days, opened, strict=True):
        wall = datetime.combine(day, datetime.min.time()) + timedelta(minutes=first)
        while wall < datetime.combine(day, datetime.min.time()) + timedelta(minutes=last):
            instant = wall.replace(tzinfo=tz).astimezone(UTC)
            exists = instant.astimezone(tz).replace(tzinfo=None) == wall
            if exists and open_ <= instant < close and start <= instant < end \
                    and inside(instant, instant + timedelta(minutes=duration)):
                expected.add(instant)
            wall += timedelta(minutes=interval)
    assert set(found) == expected
    length, now = timedelta(minutes=duration), start - timedelta(days=1)
    assert all(refusal_for(rules, start=s, duration=length, now=now) is None for s in found)
    off_grid = [s + timedelta(minutes=5) for s in found[:5]]
    assert all(refusal_for(rules, start=s, duration=length, now=now) is not None
               for s in off_grid if s not in expected)


def _nine_am(tz: ZoneInfo, around: date) -> list[datetime]:
    rules = _rules(tz, 9 * 60, 10 * 60, 30)
    start = datetime.combine(around - timedelta(days=3), datetime.min.time(), tzinfo=UTC)
    return bookable(rules, start=start, end=start + timedelta(days=7), duration=timedelta(minutes=60),
                    now=start - timedelta(days=1))


def test_nine_am_new_york_stays_nine_am_on_both_sides() -> None:
    tz = ZoneInfo("America/New_York")
    for change in (date(2026, 3, 8), date(2026, 11, 1), date(2027, 3, 14), date(2027, 11, 7),
                   date(2028, 3, 12), date(2028, 11, 5)):
        found = _nine_am(tz, change)
        assert len(found) == 7
        assert {s.astimezone(tz).strftime("%H:%M") for s in found} == {"09:00"}
        assert len({s.astimezone(UTC).hour for s in found}) == 2  # 13:00 and 14:00 UTC


def test_skipped_hour_offers_nothing_inside_it() -> None:
    tz = ZoneInfo("Europe/Madrid")  # 2027-03-28 02:00 → 03:00
    rules = _rules(tz, 60, 240, 30)
    start = datetime(2027, 3, 28, tzinfo=UTC) - timedelta(hours=2)
    found = bookable(rules, start=start, end=start + timedelta(hours=12), duration=timedelta(minutes=30),
                     now=start - timedelta(days=1))
    assert [s.astimezone(tz).strftime("%H:%M") for s in found] == ["01:00", "01:30", "03:00", "03:30"]


def test_repeated_hour_is_offered_once() -> None:
    tz = ZoneInfo("America/New_York")  # 2026-11-01 02:00 → 01:00
    rules = _rules(tz, 0, 180, 30)
    start = datetime(2026, 11, 1, 4, tzinfo=UTC)
    found = bookable(rules, start=start, end=start + timedelta(hours=6), duration=timedelta(minutes=30),
                     now=start - timedelta(days=1))
    assert [s.astimezone(tz).strftime("%H:%M") for s in found] == ["00:00", "00:30", "01:00", "01:30",
                                                                   "02:00", "02:30"]
