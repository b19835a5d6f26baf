-- Every role change, append-only: who, by whom (NULL: the grant command or PNP_ADMIN_TELEGRAM_IDS),
-- when, from, to and why. Shown on the admin's user page.
CREATE TABLE role_changes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    changed_by  bigint REFERENCES users (id) ON DELETE RESTRICT,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    from_role   text NOT NULL CHECK (from_role IN ('FREE', 'PRIME', 'MODEL', 'MODERATOR', 'ADMIN')),
    to_role     text NOT NULL CHECK (to_role IN ('FREE', 'PRIME', 'MODEL', 'MODERATOR', 'ADMIN')),
    reason      text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
    CHECK (from_role <> to_role)
);
CREATE INDEX role_changes_user_idx ON role_changes (user_id, changed_at DESC, id DESC);

CREATE TRIGGER role_changes_append_only BEFORE UPDATE OR DELETE ON role_changes
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER role_changes_no_truncate BEFORE TRUNCATE ON role_changes
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
