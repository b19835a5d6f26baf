"""`python -m app migrate | seed | serve`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

import asyncpg

from app.config import Settings, SettingsError, load_settings
from app.db import create_pool, transaction
from app.embedded import embedded_database_url
from app.migrate import MigrationError, migrate
from app.ops.logs import configure_logging, log_config
from app.ops.worker_metrics import share_between_workers
from app.seed import DEMO_USERS, seed_if_empty


def _database_url(settings: Settings) -> str:
    return settings.database_url or embedded_database_url(settings.var_dir)


async def _migrate(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        applied = await migrate(conn)
        print(f"migrations: {len(applied)} applied" + (f" ({applied})" if applied else ""))
    finally:
        await conn.close()


async def _seed(url: str, settings: Settings) -> None:
    pool = await create_pool(url, min_size=1, max_size=2)
    try:
        async with transaction(pool) as conn:
            seeded = await seed_if_empty(conn, uploads_dir=settings.uploads_dir)
        print("demo data: seeded" if seeded else "demo data: database not empty, left as it is")
    finally:
        await pool.close()


def _serve(url: str, settings: Settings) -> None:
    """WORKERS (or WEB_CONCURRENCY) > 1 runs that many processes on one listening socket, each an
    instance as docs/deploy.md describes (shared Redis and PostgreSQL). A video room lives in one
    process, so behind one port WHIP/WHEP need WORKERS=1 until rooms are routed to their owner."""
    import uvicorn

    os.environ["DATABASE_URL"] = url
    if settings.workers > 1:
        share_between_workers(settings.var_dir)
    base = f"http://{settings.host}:{settings.port}"
    print(f"\nPNP Live is at {base}  (API docs: {base}/schema/swagger)")
    if settings.dev_login:
        print("Sign in as any role with dev login, e.g.:")
        for telegram_id, role, username in DEMO_USERS:
            body = f'{{"telegram_id": {telegram_id}, "role": "{role}", "username": "{username}"}}'
            print(f"  {role:<9} curl -s -XPOST {base}/api/auth/dev-login -d '{body}'")
    # Per-socket zlib state and compression would undo pre-encoded fan-out (decision 0020); the
    # lean protocol holds less per idle socket (decision 0022). bench/fanout.py runs the same.
    uvicorn.run("app.main:create_app", factory=True, host=settings.host, port=settings.port,
                workers=settings.workers, access_log=settings.access_log, log_level="info",
                log_config=log_config(settings.log_format), proxy_headers=False,
                ws="realtime.uvicorn_ws:LeanWebSocketProtocol", ws_per_message_deflate=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app")
    parser.add_argument("command", choices=["migrate", "seed", "serve"])
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(settings.log_format)
        url = _database_url(settings)
        asyncio.run(_migrate(url))
        if args.command == "seed" or (args.command == "serve"
                                       and settings.environment != "production"):
            asyncio.run(_seed(url, settings))
        if args.command == "serve":
            _serve(url, settings)
    except (SettingsError, MigrationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
