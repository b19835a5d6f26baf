"""Login Widget data checked with the bot token (HMAC-SHA256, secret = SHA256(token))."""

import hashlib
import hmac
import time

import pytest

from app.auth.telegram import FUTURE_SKEW, TelegramAuthError, TelegramIdentity, verify_login_widget

# Public test vector copied from aiogram/aiogram tests/test_utils/test_auth_widget.py
AIOGRAM_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
AIOGRAM_DATA = {
    "id": "42",
    "first_name": "John",
    "last_name": "Smith",
    "username": "username",
    "photo_url": "https://t.me/i/userpic/320/picname.jpg",
    "auth_date": "1565810688",
    "hash": "c303db2b5a06fe41d23a9b14f7c545cfc11dcc7473c07c9c5034ae60062461ce",
}
AIOGRAM_IDENTITY = TelegramIdentity(
    id=42,
    first_name="John",
    last_name="Smith",
    username="username",
    photo_url="https://t.me/i/userpic/320/picname.jpg",
    auth_date=1565810688,
)

TOKEN = "987654:widget-test-token"


def sign(fields: dict[str, str | int], token: str = TOKEN) -> dict[str, str | int]:
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hashlib.sha256(token.encode()).digest()
    return {**fields, "hash": hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()}


def test_aiogram_vector() -> None:
    assert verify_login_widget(AIOGRAM_DATA, bot_token=AIOGRAM_TOKEN, max_age=0) == AIOGRAM_IDENTITY


def test_aiogram_vector_with_integer_values() -> None:
    # The JavaScript callback hands id and auth_date over as numbers.
    data: dict[str, str | int] = {**AIOGRAM_DATA, "id": 42, "auth_date": 1565810688}
    assert verify_login_widget(data, bot_token=AIOGRAM_TOKEN, max_age=0) == AIOGRAM_IDENTITY


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"username": None}, "hash mismatch"),  # aiogram's failing case: username dropped
        ({"first_name": "Johnny"}, "hash mismatch"),
        ({"id": "43"}, "hash mismatch"),
        ({"auth_date": "1565810689"}, "hash mismatch"),
        ({"extra": "1"}, "hash mismatch"),
        ({"hash": AIOGRAM_DATA["hash"].upper()}, "hash mismatch"),
        ({"hash": "\u00e9\u00e9\u00e9"}, "hash mismatch"),
        ({"hash": None}, "missing hash"),
        ({"hash": ""}, "missing hash"),
        ({"id": None}, "missing id"),
        ({"auth_date": None}, "missing auth_date"),
    ],
)
def test_aiogram_vector_tampered(change: dict[str, str | None], reason: str) -> None:
    data = {k: v for k, v in ({**AIOGRAM_DATA, **change}).items() if v is not None}
    with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
        verify_login_widget(data, bot_token=AIOGRAM_TOKEN, max_age=0)


def test_wrong_bot_token() -> None:
    with pytest.raises(TelegramAuthError, match=r"^hash mismatch$"):
        verify_login_widget(AIOGRAM_DATA, bot_token="123456:ABC-other", max_age=0)


def test_mini_app_secret_is_not_accepted_for_the_widget() -> None:
    fields: dict[str, str | int] = {"id": "5", "auth_date": "1700000000"}
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    data = {**fields, "hash": hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()}
    with pytest.raises(TelegramAuthError, match=r"^hash mismatch$"):
        verify_login_widget(data, bot_token=TOKEN, max_age=0)


@pytest.mark.parametrize(
    ("now", "max_age", "reason"),
    [
        (AIOGRAM_IDENTITY.auth_date + 86_400, 86_400, None),
        (AIOGRAM_IDENTITY.auth_date + 86_401, 86_400, "auth_date too old"),
        (AIOGRAM_IDENTITY.auth_date + 10**9, 0, None),
        (AIOGRAM_IDENTITY.auth_date - FUTURE_SKEW, 86_400, None),
        (AIOGRAM_IDENTITY.auth_date - FUTURE_SKEW - 1, 86_400, "auth_date is in the future"),
    ],
)
def test_aiogram_vector_freshness(now: float, max_age: int, reason: str | None) -> None:
    if reason is None:
        identity = verify_login_widget(
            AIOGRAM_DATA, bot_token=AIOGRAM_TOKEN, max_age=max_age, now=now
        )
        assert identity == AIOGRAM_IDENTITY
    else:
        with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
            verify_login_widget(AIOGRAM_DATA, bot_token=AIOGRAM_TOKEN, max_age=max_age, now=now)


def test_fresh_minimal_widget_data_with_the_real_clock() -> None:
    data = sign({"id": 9001, "first_name": "Lu", "auth_date": int(time.time())})
    identity = verify_login_widget(data, bot_token=TOKEN, max_age=60)
    assert (identity.id, identity.first_name, identity.last_name) == (9001, "Lu", "")
    assert identity.username is None


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"id": "abc", "auth_date": "1700000000"}, "malformed login data: .*id.*"),
        ({"id": "5", "auth_date": "yesterday"}, "malformed auth_date"),
        ({"id": "5", "auth_date": "1.7e9"}, "malformed auth_date"),
    ],
)
def test_signed_but_malformed(fields: dict[str, str | int], reason: str) -> None:
    with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
        verify_login_widget(sign(fields), bot_token=TOKEN, max_age=0)
