"""`python -m app migrate | seed | serve | grant TELEGRAM_ID ROLE`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

import asyncpg

from app.accounts.service import grant
from app.embedded import embedded_database_url
from app.errors import Problem
from app.migrate import MigrationError, migrate
from app.ops.logs import configure_logging, log_config
from app.ops.worker_metrics import share_between_workers
from app.seed import DEMO_USERS, seed_if_empty
from core.config import Settings, SettingsError, load_settings
from core.db import create_pool, transaction
from core.roles import ROLES, Role


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


async def _grant(url: str, *, telegram_id: int, role: Role, reason: str) -> None:
    pool = await create_pool(url, min_size=1, max_size=1)
    try:
        async with transaction(pool) as conn:
            user_id, before = await grant(conn, telegram_id=telegram_id, role=role, reason=reason)
        change = f"was {before}" if before != role else "unchanged"
        print(f"Telegram id {telegram_id} (user {user_id}) is {role} ({change})")
    finally:
        await pool.close()


def _telegram_id(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit()) or int(raw) <= 0:
        raise argparse.ArgumentTypeError(f"a Telegram id is a positive number, got {raw!r}")
    return int(raw)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("migrate", "seed", "serve"):
        commands.add_parser(name)
    granting = commands.add_parser(
        "grant", help="give a Telegram account a role (the account is created if it is new)")
    granting.add_argument("telegram_id", type=_telegram_id)
    granting.add_argument("role", choices=ROLES)
    granting.add_argument("--reason", default="granted with python -m app grant")
    return parser


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
        for telegram_id, role, username, _ in DEMO_USERS:
            body = f'{{"telegram_id": {telegram_id}, "role": "{role}", "username": "{username}"}}'
            print(f"  {role:<9} curl -s -XPOST {base}/api/auth/dev-login -d '{body}'")
    # Per-socket zlib state and compression would undo pre-encoded fan-out (decision 0020); the
    # lean protocol holds less per idle socket (decision 0022). bench/fanout.py runs the same.
    uvicorn.run("app.main:create_app", factory=True, host=settings.host, port=settings.port,
                workers=settings.workers, access_log=settings.access_log, log_level="info",
                log_config=log_config(settings.log_format), proxy_headers=False,
                http="app.ops.http_protocol:HeadWithBodyProtocol",  # one write per response: decision 0102
                ws="realtime.uvicorn_ws:LeanWebSocketProtocol", ws_per_message_deflate=False)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(settings.log_format)
        url = _database_url(settings)
        asyncio.run(_migrate(url))
        if args.command == "seed" or (args.command == "serve"
                                       and settings.environment != "production"):
            asyncio.run(_seed(url, settings))
        if args.command == "grant":
            asyncio.run(_grant(url, telegram_id=args.telegram_id, role=args.role,
                               reason=args.reason))
        if args.command == "serve":
            _serve(url, settings)
    except Problem as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        return 1
    except (SettingsError, MigrationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
