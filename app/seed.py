"""Demo data for a newcomer's first look: a user of each role, models with photos, prices,
weekly schedules, past sessions with reviews, payments, and chat violations to review."""

from __future__ import annotations

import asyncio
import hashlib
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from app.payments.seed import seed_payments
from app.photos.service import write_sizes
from app.violations.seed import seed_violations
from core.db import Connection

DEMO_USERS = [  # telegram_id, role, username, first name (people are shown by name, not role)
    (1001, "FREE", "demo_free", "Felix"),
    (1002, "PRIME", "demo_prime", "Paula"),
    (1003, "MODEL", "demo_model", "Mara"),
    (1004, "MODERATOR", "demo_moderator", "Omar"),
    (1005, "ADMIN", "demo_admin", "Ada"),
]

DEMO_MODELS = [  # name, username, languages, tags, visibility, tz, color, prices (min, cents)
    ("Luna Rivera", "luna", ["es", "en"], ["dance", "chat"], "public", "Europe/Madrid",
     (196, 84, 150), [(15, 2500), (30, 4500), (60, 8000)]),
    ("Sofia Marquez", "sofia", ["es"], ["music", "chat"], "public", "America/Bogota",
     (62, 120, 178), [(30, 4000), (60, 7000)]),
    ("Ava Chen", "ava", ["en"], ["cosplay", "gaming"], "public", "America/New_York",
     (90, 160, 90), [(15, 2000), (30, 3500)]),
    ("Valentina Cruz", "valentina", ["es", "en"], ["fitness"], "prime", "America/Mexico_City",
     (220, 140, 40), [(30, 6000), (60, 11000)]),
    ("Mia Laurent", "mia", ["en"], ["art", "chat"], "public", "Europe/Paris",
     (120, 90, 190), [(20, 3000), (40, 5500)]),
    ("Camila Ortiz", "camila", ["es"], ["dance"], "hidden", "America/Argentina/Buenos_Aires",
     (150, 150, 150), [(30, 5000)]),
]


def _portrait(name: str, color: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (640, 640), color)
    draw = ImageDraw.Draw(image)
    for i in range(0, 640, 8):
        shade = tuple(min(255, c + i // 8) for c in color)
        draw.rectangle([0, i, 640, i + 8], fill=shade)
    draw.ellipse([200, 120, 440, 360], fill=(245, 225, 210))
    draw.rectangle([160, 380, 480, 640], fill=(40, 40, 60))
    initials = "".join(part[0] for part in name.split()[:2])
    draw.text((320, 510), initials, fill=(255, 255, 255), anchor="mm",
              font=ImageFont.load_default(size=96))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


async def _store_portrait(uploads_dir: Path, name: str, color: tuple[int, int, int]) -> str:
    data = _portrait(name, color)
    key = hashlib.sha256(data).hexdigest()[:32]
    image = Image.open(io.BytesIO(data)).convert("RGB")
    await asyncio.to_thread(write_sizes, image, uploads_dir / "models", key)
    return key


async def seed_if_empty(conn: Connection, *, uploads_dir: Path) -> bool:
    if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM users)"):
        return False
    user_ids = {}
    for telegram_id, role, username, first_name in DEMO_USERS:
        user_ids[role] = await conn.fetchval(
            """INSERT INTO users (telegram_id, first_name, username, role, onboarding_complete,
                                  terms_accepted_at, adult_confirmed_at)
               VALUES ($1, $2, $3, $4, true, now(), now()) RETURNING id""",
            telegram_id, first_name, username, role)
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    model_ids: list[int] = []
    for index, (name, username, langs, tags, visibility, tz, color, prices) in enumerate(DEMO_MODELS):
        photo = await _store_portrait(uploads_dir, name, color)
        model_id = await conn.fetchval(
            """INSERT INTO pnp_models (user_id, display_name, username, bio, photo_key, languages,
                   tags, visibility, timezone, is_online, social_links)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""",
            user_ids["MODEL"] if index == 0 else None, name, username,
            f"Hi, I'm {name.split()[0]}. Book a private session or join my live shows.",
            photo, langs, tags, visibility, tz, index % 2 == 0,
            {"instagram": f"https://instagram.com/{username}"})
        model_ids.append(model_id)
        await conn.executemany(
            "INSERT INTO pnp_model_prices (model_id, duration_minutes, price_cents) VALUES ($1, $2, $3)",
            [(model_id, minutes, cents) for minutes, cents in prices])
        await conn.executemany(
            """INSERT INTO pnp_model_schedules (model_id, weekday, start_minute, end_minute)
               VALUES ($1, $2, $3, $4)""",
            [(model_id, day, 18 * 60, 23 * 60) for day in range(1, 6)]
            + [(model_id, day, 12 * 60, 16 * 60) for day in (6, 7)])
        minutes, cents = prices[0]
        for past in range(index % 3 + 1):
            start = now - timedelta(days=3 + past * 2, hours=index)
            booking_id = await conn.fetchval(
                """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at,
                       duration_minutes, price_cents, currency)
                   VALUES ($1, $2, 'completed', $3, $4, $5, $6, 'USD') RETURNING id""",
                model_id, user_ids["PRIME"], start, start + timedelta(minutes=minutes), minutes, cents)
            await conn.execute(
                """INSERT INTO pnp_reviews (booking_id, model_id, client_id, rating, body)
                   VALUES ($1, $2, $3, $4, $5)""",
                booking_id, model_id, user_ids["PRIME"], 5 - (past + index) % 2,
                "Lovely session, very friendly.")
    await conn.execute(
        """UPDATE pnp_models m SET rating_avg = r.avg, rating_count = r.n
             FROM (SELECT model_id, round(avg(rating), 2) AS avg, count(*) AS n
                     FROM pnp_reviews WHERE NOT hidden GROUP BY model_id) r
            WHERE r.model_id = m.id""")
    await seed_payments(conn)
    await seed_violations(conn, author_id=user_ids["FREE"], reviewer_id=user_ids["MODERATOR"],
                          reporter_id=user_ids["PRIME"], model_id=model_ids[0])
    return True
