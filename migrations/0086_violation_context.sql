-- The chat a moderator needs to judge a violation: up to five messages said before it in that
-- room ({author, text, sent_at}, oldest first), copied from the room's recent chat when recorded.
ALTER TABLE stream_chat_violations ADD COLUMN context jsonb NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(context) = 'array' AND jsonb_array_length(context) <= 5);

-- How the console names a room: a live room ('live:{model_id}') by its model's display name;
-- NULL for other rooms (calls, profiles, reviews), which the page shows as they are.
CREATE FUNCTION room_name(room text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT m.display_name FROM pnp_models m
    WHERE room ~ '^live:[0-9]{1,18}$' AND m.id = substr(room, 6)::bigint $$;
