"""Mini App initData checked with the bot token (HMAC-SHA256 over "WebAppData")."""

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from urllib.parse import urlencode

import pytest

from app.auth.telegram import FUTURE_SKEW, TelegramAuthError, TelegramIdentity, verify_init_data

# Public test vectors copied from aiogram/aiogram tests/test_utils/test_web_app.py
AIOGRAM_TOKEN = "42:TEST"
AIOGRAM_AUTH_DATE = 1650385342
AIOGRAM_SIMPLE = (
    "auth_date=1650385342"
    "&user=%7B%22id%22%3A42%2C%22first_name%22%3A%22Test%22%7D"
    "&query_id=test"
    "&hash=46d2ea5e32911ec8d30999b56247654460c0d20949b6277af519e76271182803"
)
AIOGRAM_UNICODE = (
    "auth_date=1650385342"
    "&user=%7B%22id%22%3A+%22123456789%22%2C+%22first_name%22%3A+%22PlaceholderFirstName%22%2C+%22last_name%22%3A+%22PlaceholderLastName+%5Cud83c%5Cuddfa%5Cud83c%5Cudde6%22%2C+%22username%22%3A+%22Latand%22%2C+%22language_code%22%3A+%22en%22%2C+%22is_premium%22%3A+%22true%22%2C+%22allows_write_to_pm%22%3A+%22true%22%7D"
    "&query_id=test"
    "&hash=b3c8b293f14ad0f7f0abcf769aea1209a72295d30a87eb0e74df855d32e53bfe"
)

TOKEN = "123456789:AAF-test-bot-token"
USER = {
    "id": 777,
    "first_name": "Ana",
    "last_name": "Ruiz",
    "username": "ana",
    "language_code": "es",
}


def sign(fields: dict[str, str], token: str = TOKEN) -> str:
    """Build initData the way Telegram does: every field but hash, sorted, HMAC'd."""
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    digest = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def fresh(auth_date: int | None = None, **overrides: str) -> dict[str, str]:
    fields = {
        "auth_date": str(int(time.time()) if auth_date is None else auth_date),
        "query_id": "AAH-query",
        "user": json.dumps(USER),
    }
    return {**fields, **overrides}


@pytest.mark.parametrize(
    ("init_data", "expected"),
    [
        (AIOGRAM_SIMPLE, TelegramIdentity(id=42, first_name="Test", auth_date=AIOGRAM_AUTH_DATE)),
        (
            AIOGRAM_UNICODE,
            TelegramIdentity(
                id=123456789,
                first_name="PlaceholderFirstName",
                last_name="PlaceholderLastName \U0001f1fa\U0001f1e6",
                username="Latand",
                language_code="en",
                auth_date=AIOGRAM_AUTH_DATE,
            ),
        ),
    ],
    ids=["simple", "unicode-string-id"],
)
def test_aiogram_valid_vectors(init_data: str, expected: TelegramIdentity) -> None:
    assert verify_init_data(init_data, bot_token=AIOGRAM_TOKEN, max_age=0) == expected


@pytest.mark.parametrize(
    ("token", "init_data", "reason"),
    [
        ("42:INVALID", AIOGRAM_SIMPLE, "hash mismatch"),
        (
            "42:TEST",
            "user=%7B%22id%22%3A42%2C%22first_name%22%3A%22Test%22%7D&query_id=test&hash=test",
            "missing auth_date",
        ),
        (
            "42:TEST",
            "user=%7B%22id%22%3A42%2C%22first_name%22%3A%22Test%22%7D&query_id=test",
            "missing hash",
        ),
        ("42:TEST", "", "missing hash"),
        ("42:TEST", "test&foo=bar=baz", "malformed init data"),
        (
            "42:TEST",
            "user=%7B%22id%22%3A42%2C%22first_name%22%3A%22Test%22%7D"
            "&query_id=test&hash=%C3%A9%C3%A9%C3%A9",
            "missing auth_date",
        ),
        ("42:TOKEN", AIOGRAM_SIMPLE.replace(AIOGRAM_SIMPLE[-64:], "test"), "hash mismatch"),
    ],
    ids=["wrong-token", "no-auth-date", "no-hash", "empty", "garbage", "non-ascii", "bad-hash"],
)
def test_aiogram_invalid_vectors(token: str, init_data: str, reason: str) -> None:
    with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
        verify_init_data(init_data, bot_token=token, max_age=0)


def test_non_ascii_hash_is_a_mismatch_not_a_crash() -> None:
    tampered = AIOGRAM_SIMPLE.replace(AIOGRAM_SIMPLE[-64:], "%C3%A9%C3%A9%C3%A9")
    with pytest.raises(TelegramAuthError, match=r"^hash mismatch$"):
        verify_init_data(tampered, bot_token=AIOGRAM_TOKEN, max_age=0)


@pytest.mark.parametrize(
    ("now", "max_age", "reason"),
    [
        (AIOGRAM_AUTH_DATE + 30, 60, None),
        (AIOGRAM_AUTH_DATE + 60, 60, None),
        (AIOGRAM_AUTH_DATE + 61, 60, "auth_date too old"),
        (AIOGRAM_AUTH_DATE + 10**9, 0, None),
        (AIOGRAM_AUTH_DATE - FUTURE_SKEW, 60, None),
        (AIOGRAM_AUTH_DATE - FUTURE_SKEW - 1, 60, "auth_date is in the future"),
    ],
)
def test_aiogram_vector_freshness_with_fixed_clock(
    now: float, max_age: int, reason: str | None
) -> None:
    if reason is None:
        assert verify_init_data(AIOGRAM_SIMPLE, bot_token=AIOGRAM_TOKEN, max_age=max_age, now=now)
    else:
        with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
            verify_init_data(AIOGRAM_SIMPLE, bot_token=AIOGRAM_TOKEN, max_age=max_age, now=now)


def test_fresh_data_passes_with_the_real_clock() -> None:
    identity = verify_init_data(sign(fresh()), bot_token=TOKEN, max_age=300)
    assert identity.id == 777
    assert (identity.first_name, identity.last_name) == ("Ana", "Ruiz")
    assert (identity.username, identity.language_code, identity.photo_url) == ("ana", "es", None)
    assert abs(identity.auth_date - time.time()) < 5


@pytest.mark.parametrize(
    ("age", "reason"),
    [
        (0, None),
        (3599, None),
        (3601, "auth_date too old"),
        (-FUTURE_SKEW + 1, None),
        (-FUTURE_SKEW - 3600, "auth_date is in the future"),
    ],
)
def test_freshness_window(age: int, reason: str | None) -> None:
    now = 1_800_000_000
    init_data = sign(fresh(auth_date=now - age))
    if reason is None:
        assert verify_init_data(init_data, bot_token=TOKEN, max_age=3600, now=now).id == 777
    else:
        with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
            verify_init_data(init_data, bot_token=TOKEN, max_age=3600, now=now)


def test_signature_field_stays_in_the_check_string() -> None:
    fields = fresh(signature="c2lnbmF0dXJl")
    assert verify_init_data(sign(fields), bot_token=TOKEN, max_age=60).id == 777
    # Signed without `signature`, then a signature appended: the hash no longer matches.
    appended = sign(fresh()) + "&signature=c2lnbmF0dXJl"
    with pytest.raises(TelegramAuthError, match=r"^hash mismatch$"):
        verify_init_data(appended, bot_token=TOKEN, max_age=60)


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda d: d.replace("%22id%22%3A+777", "%22id%22%3A+1"), "hash mismatch"),
        (lambda d: d.replace("query_id=AAH-query", "query_id=other"), "hash mismatch"),
        (lambda d: d.replace("query_id=AAH-query&", ""), "hash mismatch"),
        (lambda d: d + "&extra=1", "hash mismatch"),
        (lambda d: d + "&query_id=AAH-query", "duplicate field 'query_id'"),
        (lambda d: d + "&hash=" + "0" * 64, "duplicate field 'hash'"),
        (lambda d: d.replace("hash=", "hash=X"), "hash mismatch"),
        (lambda d: d.upper(), "missing hash"),
        (lambda d: d + "&bad=%FF", "malformed init data"),
    ],
    ids=[
        "user-id",
        "query-id",
        "dropped-field",
        "added-field",
        "duplicate",
        "duplicate-hash",
        "hash-prefixed",
        "upper-cased",
        "invalid-utf8",
    ],
)
def test_tampered_init_data(mutate: Callable[[str], str], reason: str) -> None:
    init_data = mutate(sign(fresh()))
    with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
        verify_init_data(init_data, bot_token=TOKEN, max_age=60)


def test_wrong_bot_token() -> None:
    with pytest.raises(TelegramAuthError, match=r"^hash mismatch$"):
        verify_init_data(sign(fresh()), bot_token=TOKEN + "x", max_age=60)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"auth_date": str(int(time.time()))}, "missing user"),
        ({"user": json.dumps(USER)}, "missing auth_date"),
        (fresh(auth_date=0) | {"auth_date": "soon"}, "malformed auth_date"),
        (fresh(auth_date=0) | {"auth_date": "-5"}, "malformed auth_date"),
        (fresh(user="{not json"), "malformed user field"),
        (fresh(user="[1, 2]"), "malformed user field"),
        (fresh(user='{"first_name": "No id"}'), "malformed user field: .*`id`"),
        (fresh(user='{"id": "forty-two"}'), "malformed user field: .*"),
        (fresh(user='{"id": 42, "first_name": 7}'), "malformed user field: .*first_name.*"),
    ],
    ids=[
        "no-user",
        "no-auth-date",
        "auth-date-word",
        "auth-date-negative",
        "user-not-json",
        "user-not-object",
        "user-without-id",
        "user-id-word",
        "user-name-number",
    ],
)
def test_signed_but_malformed(fields: dict[str, str], reason: str) -> None:
    with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
        verify_init_data(sign(fields), bot_token=TOKEN, max_age=0)


def test_negative_max_age_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="max_age"):
        verify_init_data(AIOGRAM_SIMPLE, bot_token=AIOGRAM_TOKEN, max_age=-1)
