"""Mini App initData checked with Telegram's Ed25519 signature (third-party validation)."""

import base64
import json
import time
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.auth.telegram import (
    FUTURE_SKEW,
    TELEGRAM_PUBLIC_KEY_HEX,
    TELEGRAM_TEST_PUBLIC_KEY_HEX,
    TelegramAuthError,
    TelegramIdentity,
    verify_init_data_signature,
)

# Public test vectors copied from aiogram/aiogram tests/test_utils/test_web_app_signature.py
PRIVATE_KEY_HEX = "c80e09dc60f5efcf2e1f8d0793358e0ea3371267bef0024588f7bf67cf48dfb9"
PUBLIC_KEY_HEX = "4112765021341e5415e772cd65903f6b94e3ea1c2ab669e6d3e18ee2db00da61"
AIOGRAM_BOT_ID = 42
AIOGRAM_AUTH_DATE = 1650385342
AIOGRAM_FIELDS = (
    "auth_date=1650385342&user=%7B%22id%22%3A42%2C%22first_name%22%3A%22Test%22%7D&query_id=test"
)
AIOGRAM_SIGNATURE = (
    "JQ0JR2tjC65yq_jNZV0wuJVX6J-SWPMV0mprUXG34g-NvxL4RcF1Rz5n4VVo00VRghEUBf5t___uoeb1-jU_Cw"
)
AIOGRAM_BAD_SIGNATURE_VALUE = (
    "JQ0JR2tjC65yq_jNZV0wuJVX6J-SWPMV0mprUXG34g-NvxL4RcF1Rz5n4VVo00VRghEUBf5t___uoeb1-j1U_w"
)
AIOGRAM_VALID = f"{AIOGRAM_FIELDS}&signature={AIOGRAM_SIGNATURE}"
AIOGRAM_WITH_HASH = f"{AIOGRAM_FIELDS}&hash=123&signature={AIOGRAM_SIGNATURE}"
AIOGRAM_BAD_SIGNATURE = f"{AIOGRAM_FIELDS}&signature={AIOGRAM_BAD_SIGNATURE_VALUE}"
AIOGRAM_IDENTITY = TelegramIdentity(id=42, first_name="Test", auth_date=AIOGRAM_AUTH_DATE)

PRIVATE_KEY = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(PRIVATE_KEY_HEX))


def sign(fields: dict[str, str], bot_id: int = AIOGRAM_BOT_ID) -> str:
    """Sign like Telegram: "<bot_id>:WebAppData" then sorted fields but hash and signature."""
    lines = [f"{k}={v}" for k, v in sorted(fields.items()) if k not in ("hash", "signature")]
    message = "\n".join([f"{bot_id}:WebAppData", *lines]).encode()
    signature = base64.urlsafe_b64encode(PRIVATE_KEY.sign(message)).rstrip(b"=").decode()
    return urlencode({**fields, "signature": signature})


def fresh(auth_date: int, **overrides: str) -> dict[str, str]:
    user = {"id": 31337, "first_name": "Eve", "username": "eve", "language_code": "en"}
    return {"auth_date": str(auth_date), "query_id": "Q", "user": json.dumps(user), **overrides}


def verify(
    init_data: str, *, bot_id: int = AIOGRAM_BOT_ID, max_age: int = 0, now: float | None = None
) -> TelegramIdentity:
    """Verify against the aiogram vectors' key pair (not Telegram's)."""
    return verify_init_data_signature(
        init_data, bot_id=bot_id, max_age=max_age, public_key_hex=PUBLIC_KEY_HEX, now=now
    )


def test_vector_key_pair_is_consistent() -> None:
    raw = PRIVATE_KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert raw.hex() == PUBLIC_KEY_HEX


@pytest.mark.parametrize(
    "key_hex",
    [TELEGRAM_PUBLIC_KEY_HEX, TELEGRAM_TEST_PUBLIC_KEY_HEX],
    ids=["production", "test-environment"],
)
def test_telegram_keys_are_valid_ed25519_keys(key_hex: str) -> None:
    assert Ed25519PublicKey.from_public_bytes(bytes.fromhex(key_hex))


def test_published_key_values() -> None:
    # https://core.telegram.org/bots/webapps#validating-data-for-third-party-use
    # The test-environment key is also TEST_PUBLIC_KEY in aiogram's
    # aiogram/utils/web_app_signature.py.
    assert TELEGRAM_PUBLIC_KEY_HEX == (
        "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d"
    )
    assert TELEGRAM_TEST_PUBLIC_KEY_HEX == (
        "40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec"
    )


@pytest.mark.parametrize("init_data", [AIOGRAM_VALID, AIOGRAM_WITH_HASH], ids=["plain", "hash=123"])
def test_aiogram_valid_vectors(init_data: str) -> None:
    assert verify(init_data) == AIOGRAM_IDENTITY


@pytest.mark.parametrize(
    ("init_data", "reason"),
    [
        (AIOGRAM_BAD_SIGNATURE, "signature mismatch"),
        (
            AIOGRAM_WITH_HASH.replace(AIOGRAM_SIGNATURE, AIOGRAM_BAD_SIGNATURE_VALUE),
            "signature mismatch",
        ),
        (AIOGRAM_FIELDS, "missing signature"),
        ("", "missing signature"),
        ("test&foo=bar=baz", "malformed init data"),
    ],
    ids=["bad-signature", "bad-signature-with-hash", "no-signature", "empty", "garbage"],
)
def test_aiogram_invalid_vectors(init_data: str, reason: str) -> None:
    with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
        verify(init_data)


def test_vector_is_refused_under_the_production_key() -> None:
    with pytest.raises(TelegramAuthError, match=r"^signature mismatch$"):
        verify_init_data_signature(AIOGRAM_VALID, bot_id=AIOGRAM_BOT_ID, max_age=0)


@pytest.mark.parametrize("bot_id", [43, 4, 420, -42])
def test_signature_from_another_bot(bot_id: int) -> None:
    with pytest.raises(TelegramAuthError, match=r"^signature mismatch$"):
        verify(AIOGRAM_VALID, bot_id=bot_id)


@pytest.mark.parametrize(
    ("now", "max_age", "reason"),
    [
        (AIOGRAM_AUTH_DATE + 3600, 3600, None),
        (AIOGRAM_AUTH_DATE + 3601, 3600, "auth_date too old"),
        (AIOGRAM_AUTH_DATE + 10**9, 0, None),
        (AIOGRAM_AUTH_DATE - FUTURE_SKEW, 3600, None),
        (AIOGRAM_AUTH_DATE - FUTURE_SKEW - 1, 3600, "auth_date is in the future"),
    ],
)
def test_aiogram_vector_freshness(now: float, max_age: int, reason: str | None) -> None:
    if reason is None:
        assert verify(AIOGRAM_VALID, max_age=max_age, now=now) == AIOGRAM_IDENTITY
    else:
        with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
            verify(AIOGRAM_VALID, max_age=max_age, now=now)


def test_fresh_signed_data_with_the_real_clock() -> None:
    identity = verify(sign(fresh(int(time.time()))), max_age=60)
    assert (identity.id, identity.username, identity.language_code) == (31337, "eve", "en")


def test_bot_id_is_part_of_the_message() -> None:
    init_data = sign(fresh(1_700_000_000), bot_id=7_000_000_001)
    assert verify(init_data, bot_id=7_000_000_001).id == 31337
    with pytest.raises(TelegramAuthError, match=r"^signature mismatch$"):
        verify(init_data, bot_id=7_000_000_002)


def test_hash_is_not_covered_by_the_signature() -> None:
    init_data = sign(fresh(1_700_000_000, hash="anything"))
    assert verify(init_data.replace("hash=anything", "hash=changed")).id == 31337


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda d: d.replace("query_id=Q", "query_id=R"), "signature mismatch"),
        (lambda d: d.replace("%22id%22%3A+31337", "%22id%22%3A+1"), "signature mismatch"),
        (lambda d: d.replace("auth_date=1700000000", "auth_date=1800000000"), "signature mismatch"),
        (lambda d: d + "&extra=1", "signature mismatch"),
        (lambda d: d + "&query_id=Q", "duplicate field 'query_id'"),
    ],
    ids=["query-id", "user-id", "auth-date", "added-field", "duplicate"],
)
def test_tampered_fields(mutate: Callable[[str], str], reason: str) -> None:
    with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
        verify(mutate(sign(fresh(1_700_000_000))))


@pytest.mark.parametrize(
    "signature",
    [
        "not base64!",
        "A",  # a length no base64 text can have
        "QUJD==",  # padded: Telegram sends base64url without padding
        "JQ0JR2tjC65yq/jNZV0wuJVX6J+SWPMV",  # standard alphabet, not url-safe
        "%C3%A9%C3%A9",
    ],
)
def test_malformed_signature(signature: str) -> None:
    init_data = AIOGRAM_FIELDS + "&signature=" + signature.replace(" ", "+").replace("!", "%21")
    with pytest.raises(TelegramAuthError, match=r"^malformed signature$"):
        verify(init_data)


@pytest.mark.parametrize("signature", ["AAAA", "A" * 86, "A" * 88])
def test_well_formed_but_wrong_signature(signature: str) -> None:
    with pytest.raises(TelegramAuthError, match=r"^signature mismatch$"):
        verify(AIOGRAM_FIELDS + "&signature=" + signature)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"auth_date": "1700000000"}, "missing user"),
        ({"user": '{"id": 1}'}, "missing auth_date"),
        (fresh(1_700_000_000) | {"auth_date": "later"}, "malformed auth_date"),
        (fresh(1_700_000_000, user="{oops"), "malformed user field"),
        (fresh(1_700_000_000, user='"just a string"'), "malformed user field"),
        (fresh(1_700_000_000, user='{"first_name": "x"}'), "malformed user field: .*`id`"),
    ],
)
def test_signed_but_malformed(fields: dict[str, str], reason: str) -> None:
    with pytest.raises(TelegramAuthError, match=f"^{reason}$"):
        verify(sign(fields))
