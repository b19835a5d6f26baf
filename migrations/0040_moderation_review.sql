-- Which block muted its author, and until when: an overturn of that block lifts exactly that mute.
ALTER TABLE stream_chat_violations ADD COLUMN muted_until timestamptz;
-- Review queue filters by user and by reviewed time (analytics: time to review).
CREATE INDEX stream_chat_violations_reviewed_idx ON stream_chat_violations (reviewed_at)
    WHERE reviewed_at IS NOT NULL;
CREATE INDEX stream_chat_violations_categories_idx ON stream_chat_violations USING gin (categories);
