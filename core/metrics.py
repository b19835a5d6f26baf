"""Prometheus metrics of the domain (HTTP ones: app/ops/http_metrics.py). With several workers a
scrape sums counters and histograms over them, and a gauge as its `multiprocess_mode` says
(app/ops/worker_metrics.py)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

UNAUTHORISED = Counter("pnp_unauthorised_attempts_total", "Requests refused with 401 or 403",
                       ["status"])
HOLDS_CREATED = Counter("pnp_holds_created_total", "Booking holds created")
HOLDS_EXPIRED = Counter("pnp_holds_expired_total", "Booking holds released by expiry")
BOOKINGS = Gauge("pnp_bookings", "Bookings by status (counted at scrape time)", ["status"],
                 multiprocess_mode="mostrecent")
WEBHOOKS = Counter("pnp_webhooks_total", "Payment webhooks by provider and outcome",
                   ["provider", "outcome"])
WS_CONNECTIONS = Gauge("pnp_ws_connections", "Open WebSocket connections", multiprocess_mode="livesum")
WS_FRAMES = Counter("pnp_ws_frames_total", "WebSocket frames", ["direction"])
MODERATION_LATENCY = Histogram("pnp_moderation_seconds", "Moderation check latency")
MODERATION_VERDICTS = Counter("pnp_moderation_verdicts_total", "Moderation verdicts", ["action"])
RELAY_VIEWERS = Gauge("pnp_relay_viewers", "Viewers on this instance's media relay",
                      multiprocess_mode="livesum")
DB_QUERIES = Counter("pnp_db_queries_total", "Statements sent to PostgreSQL")
SLOW_QUERIES = Counter("pnp_slow_queries_total", "Database statements slower than the threshold")
CACHE = Counter("pnp_cache_total", "Read-cache lookups", ["cache", "outcome"])
