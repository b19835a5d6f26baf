-- Performers ("models"), their prices and their availability rules.
CREATE TABLE pnp_models (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id              bigint UNIQUE REFERENCES users (id) ON DELETE SET NULL,
    display_name         text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 80),
    username             text CHECK (username ~ '^[A-Za-z0-9_]{3,32}$'),
    bio                  text NOT NULL DEFAULT '' CHECK (length(bio) <= 2000),
    photo_key            text CHECK (photo_key ~ '^[0-9a-f]{16,64}$'),
    languages            text[] NOT NULL DEFAULT '{en}'
                         CHECK (languages <@ ARRAY['es', 'en']::text[] AND cardinality(languages) >= 1),
    tags                 text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
    visibility           text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'prime', 'hidden')),
    social_links         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(social_links) = 'object'),
    timezone             text NOT NULL DEFAULT 'UTC',
    is_online            boolean NOT NULL DEFAULT false,
    last_seen_at         timestamptz,
    rating_avg           numeric(3, 2) CHECK (rating_avg BETWEEN 1 AND 5),
    rating_count         integer NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
    commission_rate      numeric(5, 4) CHECK (commission_rate >= 0 AND commission_rate <= 1),
    buffer_before_min    integer NOT NULL DEFAULT 0 CHECK (buffer_before_min BETWEEN 0 AND 240),
    buffer_after_min     integer NOT NULL DEFAULT 0 CHECK (buffer_after_min BETWEEN 0 AND 240),
    min_notice_min       integer NOT NULL DEFAULT 60 CHECK (min_notice_min BETWEEN 0 AND 43200),
    booking_window_days  integer NOT NULL DEFAULT 60 CHECK (booking_window_days BETWEEN 1 AND 365),
    slot_interval_min    integer NOT NULL DEFAULT 30 CHECK (slot_interval_min BETWEEN 5 AND 240),
    max_bookings_per_day integer CHECK (max_bookings_per_day BETWEEN 1 AND 48),
    ics_token            text NOT NULL UNIQUE DEFAULT md5(random()::text || clock_timestamp()::text),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    deleted_at           timestamptz,
    CONSTRAINT pnp_models_rating_consistent CHECK ((rating_count = 0) = (rating_avg IS NULL))
);
-- One live profile per username; a soft-deleted profile frees its username.
CREATE UNIQUE INDEX pnp_models_username_key ON pnp_models (lower(username))
    WHERE deleted_at IS NULL AND username IS NOT NULL;
CREATE INDEX pnp_models_listing_idx ON pnp_models (visibility, is_online) WHERE deleted_at IS NULL;
CREATE INDEX pnp_models_tags_idx ON pnp_models USING gin (tags);
CREATE INDEX pnp_models_created_idx ON pnp_models (created_at DESC, id DESC);

CREATE TRIGGER pnp_models_touch BEFORE UPDATE ON pnp_models
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Pricing tiers: one price per session length.
CREATE TABLE pnp_model_prices (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id         bigint NOT NULL REFERENCES pnp_models (id) ON DELETE CASCADE,
    duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    price_cents      integer NOT NULL CHECK (price_cents BETWEEN 0 AND 100000000),
    currency         text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    UNIQUE (model_id, duration_minutes)
);

-- Weekly rules in the model's time zone, minutes from local midnight. The exclusion makes
-- overlapping rules of one model on one weekday impossible (GiST over ranges, no btree_gist).
CREATE TABLE pnp_model_schedules (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id     bigint NOT NULL REFERENCES pnp_models (id) ON DELETE CASCADE,
    weekday      smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute integer NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   integer NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    CHECK (end_minute > start_minute),
    CONSTRAINT pnp_model_schedules_no_overlap EXCLUDE USING gist (
        int8range(model_id, model_id, '[]') WITH &&,
        int4range(weekday * 1440 + start_minute, weekday * 1440 + end_minute) WITH &&
    )
);

-- Blocked dates and ranges: nothing is bookable inside them.
CREATE TABLE pnp_model_blocked_dates (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id   bigint NOT NULL REFERENCES pnp_models (id) ON DELETE CASCADE,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    reason     text NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);
CREATE INDEX pnp_model_blocked_dates_range_idx ON pnp_model_blocked_dates
    USING gist (int8range(model_id, model_id, '[]'), tstzrange(starts_at, ends_at));

-- One-off availability: 'slot' adds hours; 'override' replaces the weekly rules of its local date.
CREATE TABLE pnp_availability (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id   bigint NOT NULL REFERENCES pnp_models (id) ON DELETE CASCADE,
    kind       text NOT NULL DEFAULT 'slot' CHECK (kind IN ('slot', 'override')),
    local_date date,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK ((kind = 'override') = (local_date IS NOT NULL)),
    CONSTRAINT pnp_availability_no_overlap EXCLUDE USING gist (
        int8range(model_id, model_id, '[]') WITH &&,
        tstzrange(starts_at, ends_at) WITH &&
    )
);
