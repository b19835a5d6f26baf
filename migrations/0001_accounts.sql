-- Accounts: every user is a Telegram user; the role drives every guard.
CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    telegram_id         bigint NOT NULL UNIQUE CHECK (telegram_id > 0),
    first_name          text NOT NULL DEFAULT '' CHECK (length(first_name) <= 128),
    last_name           text NOT NULL DEFAULT '' CHECK (length(last_name) <= 128),
    username            text CHECK (username ~ '^[A-Za-z0-9_]{1,64}$'),
    photo_url           text CHECK (length(photo_url) <= 1024),
    language            text NOT NULL DEFAULT 'en' CHECK (language IN ('es', 'en')),
    role                text NOT NULL DEFAULT 'FREE'
                        CHECK (role IN ('FREE', 'PRIME', 'MODEL', 'MODERATOR', 'ADMIN')),
    onboarding_complete boolean NOT NULL DEFAULT false,
    terms_accepted_at   timestamptz,
    adult_confirmed_at  timestamptz,
    muted_until         timestamptz,
    banned_until        timestamptz,
    last_seen_at        timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_onboarding_needs_consent CHECK (
        NOT onboarding_complete OR (terms_accepted_at IS NOT NULL AND adult_confirmed_at IS NOT NULL)
    )
);
CREATE INDEX users_role_idx ON users (role);
CREATE INDEX users_username_lower_idx ON users (lower(username));

-- Append-only record of who changed what (admin edits, booking changes, moderation decisions).
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    action      text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    entity      text NOT NULL,
    entity_id   bigint,
    data        jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, created_at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, created_at DESC);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER users_touch BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
