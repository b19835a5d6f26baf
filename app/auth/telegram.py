"""Verification of Telegram sign-in data: pure functions, no I/O.

- Mini App ``initData`` with the bot token (HMAC-SHA256):
  https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app
- Mini App ``initData`` with Telegram's Ed25519 signature, for third parties:
  https://core.telegram.org/bots/webapps#validating-data-for-third-party-use
- Login Widget data: https://core.telegram.org/widgets/login#checking-authorization
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import time
from collections import Counter
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from core.config import TELEGRAM_PUBLIC_KEY_HEX

TELEGRAM_TEST_PUBLIC_KEY_HEX = "40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec"

# How far (seconds) auth_date may run ahead of our clock when freshness is checked.
FUTURE_SKEW = 60

_BASE64URL_UNPADDED = re.compile(r"[A-Za-z0-9_-]+")


class TelegramAuthError(Exception):
    """Telegram sign-in data was refused; ``str(exc)`` is the reason, safe to show."""


class TelegramIdentity(msgspec.Struct, frozen=True):
    id: int
    first_name: str = ""
    last_name: str = ""
    username: str | None = None
    photo_url: str | None = None
    language_code: str | None = None
    auth_date: int = 0


def verify_init_data(
    init_data: str, *, bot_token: str, max_age: int, now: float | None = None
) -> TelegramIdentity:
    """Check Mini App ``initData`` against the bot token and return the signed-in user."""
    fields = _parse_init_data(init_data)
    _require(fields, "hash", "auth_date", "user")
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    _check_hash(secret, fields)
    return _user_identity(fields, _auth_date(fields, max_age, now))


def verify_login_widget(
    fields: Mapping[str, str | int], *, bot_token: str, max_age: int, now: float | None = None
) -> TelegramIdentity:
    """Check Login Widget data (every field it sent, ``hash`` included) against the bot token."""
    data = {key: str(value) for key, value in fields.items()}
    _require(data, "hash", "id", "auth_date")
    _check_hash(hashlib.sha256(bot_token.encode()).digest(), data)
    return _identity({**data, "auth_date": _auth_date(data, max_age, now)}, "malformed login data")


def verify_init_data_signature(
    init_data: str,
    *,
    bot_id: int,
    max_age: int,
    public_key_hex: str = TELEGRAM_PUBLIC_KEY_HEX,
    now: float | None = None,
) -> TelegramIdentity:
    """Check Mini App ``initData`` against Telegram's Ed25519 signature (no bot token needed)."""
    public_key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
    fields = _parse_init_data(init_data)
    _require(fields, "signature", "auth_date", "user")
    encoded = fields["signature"]
    if not _BASE64URL_UNPADDED.fullmatch(encoded):
        raise TelegramAuthError("malformed signature")
    try:
        signature = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except binascii.Error:
        raise TelegramAuthError("malformed signature") from None
    message = f"{bot_id}:WebAppData\n" + _check_string(fields, ("hash", "signature"))
    try:
        public_key.verify(signature, message.encode())
    except InvalidSignature:
        raise TelegramAuthError("signature mismatch") from None
    return _user_identity(fields, _auth_date(fields, max_age, now))


def _parse_init_data(init_data: str) -> dict[str, str]:
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True, errors="strict")
    except ValueError:
        raise TelegramAuthError("malformed init data") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        duplicate = next(key for key, count in counts.items() if count > 1)
        raise TelegramAuthError(f"duplicate field {duplicate!r}")
    return fields


def _require(fields: Mapping[str, str], *names: str) -> None:
    for name in names:
        if not fields.get(name):
            raise TelegramAuthError(f"missing {name}")


def _check_string(fields: Mapping[str, str], exclude: tuple[str, ...]) -> str:
    kept = sorted((key, value) for key, value in fields.items() if key not in exclude)
    return "\n".join(f"{key}={value}" for key, value in kept)


def _check_hash(secret: bytes, fields: Mapping[str, str]) -> None:
    message = _check_string(fields, ("hash",)).encode()
    expected = hmac.new(secret, message, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), fields["hash"].encode()):
        raise TelegramAuthError("hash mismatch")


def _auth_date(fields: Mapping[str, str], max_age: int, now: float | None) -> int:
    if max_age < 0:
        raise ValueError("max_age must be >= 0 (0 turns the freshness check off)")
    raw = fields["auth_date"]
    if not (raw.isascii() and raw.isdigit()):
        raise TelegramAuthError("malformed auth_date")
    auth_date = int(raw)
    if max_age:
        current = time.time() if now is None else now
        if current - auth_date > max_age:
            raise TelegramAuthError("auth_date too old")
        if auth_date - current > FUTURE_SKEW:
            raise TelegramAuthError("auth_date is in the future")
    return auth_date


def _user_identity(fields: Mapping[str, str], auth_date: int) -> TelegramIdentity:
    try:
        user = msgspec.json.decode(fields["user"])
    except msgspec.DecodeError:
        raise TelegramAuthError("malformed user field") from None
    if not isinstance(user, dict):
        raise TelegramAuthError("malformed user field")
    return _identity({**user, "auth_date": auth_date}, "malformed user field")


def _identity(data: Mapping[str, Any], reason: str) -> TelegramIdentity:
    # strict=False: a numeric string id ("42") is accepted as the int it spells.
    try:
        return msgspec.convert(data, TelegramIdentity, strict=False)
    except msgspec.ValidationError as exc:
        raise TelegramAuthError(f"{reason}: {exc}") from None
