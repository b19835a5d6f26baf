"""The providers this app is configured with, built once per app and kept in its state."""

from __future__ import annotations

from litestar.datastructures import State

from app.errors import Problem, invalid
from app.payments.providers.base import PROVIDERS, Provider, derived_secret
from app.payments.providers.crypto import CryptoProvider
from app.payments.providers.sandbox import SandboxProvider
from app.payments.providers.stripe import StripeProvider
from core.config import Settings


def build(settings: Settings) -> dict[str, Provider]:
    found: dict[str, Provider] = {}
    if settings.environment != "production" or settings.payment_sandbox_secret:
        found["sandbox"] = SandboxProvider(
            secret=derived_secret(settings, settings.payment_sandbox_secret, "sandbox webhook secret"),
            tolerance_s=settings.payment_webhook_tolerance_s)
    if settings.stripe_secret_key and settings.stripe_webhook_secret:
        found["stripe"] = StripeProvider(
            secret_key=settings.stripe_secret_key, webhook_secret=settings.stripe_webhook_secret,
            publishable_key=settings.stripe_publishable_key, api_base=settings.stripe_api_base,
            tolerance_s=settings.payment_webhook_tolerance_s)
    if settings.environment != "production" or (settings.crypto_api_key and settings.crypto_ipn_secret):
        found["crypto"] = CryptoProvider(
            ipn_secret=derived_secret(settings, settings.crypto_ipn_secret, "crypto IPN secret"),
            api_key=settings.crypto_api_key, api_base=settings.crypto_api_base,
            pay_currency=settings.crypto_pay_currency,
            callback_url=f"{settings.public_url}/api/payments/webhooks/crypto")
    return found


def registry(state: State) -> dict[str, Provider]:
    found = state.get("payment_providers")
    if found is None:
        found = build(state.settings)
        state["payment_providers"] = found
    return found


def provider(state: State, name: str) -> Provider:
    if name not in PROVIDERS:
        raise invalid("method", f"one of {', '.join(PROVIDERS)}")
    found = registry(state).get(name)
    if found is None:
        raise Problem(422, f"{name} payments are not configured here", method=name)
    return found
