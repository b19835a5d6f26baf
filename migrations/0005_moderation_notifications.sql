-- Chat violations found by the classifier, and their human review.
CREATE TABLE stream_chat_violations (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id            bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    room               text NOT NULL,
    message            text NOT NULL CHECK (length(message) <= 4000),
    categories         text[] NOT NULL DEFAULT '{}'
                       CHECK (categories <@ ARRAY['S', 'H', 'V', 'HR', 'SH', 'S3', 'H2', 'V2']::text[]),
    scores             jsonb NOT NULL DEFAULT '{}',
    action             text NOT NULL CHECK (action IN ('flag', 'block')),
    classifier_version text NOT NULL,
    review_status      text NOT NULL DEFAULT 'pending'
                       CHECK (review_status IN ('pending', 'upheld', 'overturned')),
    reviewed_by        bigint REFERENCES users (id) ON DELETE SET NULL,
    reviewed_at        timestamptz,
    review_note        text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CHECK ((review_status = 'pending') = (reviewed_at IS NULL))
);
CREATE INDEX stream_chat_violations_created_idx ON stream_chat_violations (created_at DESC);
CREATE INDEX stream_chat_violations_pending_idx ON stream_chat_violations (created_at)
    WHERE review_status = 'pending';
CREATE INDEX stream_chat_violations_user_idx ON stream_chat_violations (user_id, created_at DESC);

-- Notifications outbox: stored first, delivered by WebSocket and Telegram after commit.
CREATE TABLE notifications (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind             text NOT NULL,
    payload          jsonb NOT NULL DEFAULT '{}',
    dedupe_key       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    read_at          timestamptz,
    telegram_sent_at timestamptz,
    UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_unread_idx ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;
CREATE INDEX notifications_telegram_outbox_idx ON notifications (created_at) WHERE telegram_sent_at IS NULL;
