-- People by name (issue 17, decision 0085): one rendering of a person for every answer.
-- The Telegram first name, else the @username; NULL when Telegram gave neither (the page then
-- says "Telegram user" in its own language).
CREATE FUNCTION person_name(first_name text, username text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT COALESCE(NULLIF(btrim(first_name), ''), NULLIF(username, '')) $$;

-- A person as the API answers it: {id, name, username, photo_url}; NULL for a missing row
-- (a LEFT JOIN that found nobody).
CREATE FUNCTION person(u users) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN (u).id IS NULL THEN NULL ELSE jsonb_build_object(
       'id', (u).id, 'name', person_name((u).first_name, (u).username),
       'username', (u).username, 'photo_url', (u).photo_url) END $$;

-- Ready models only in the directory. A profile made at a MODEL's first sign-in carries a
-- placeholder name and waits for approval; profiles an admin creates (and those that exist
-- already) are approved.
ALTER TABLE pnp_models
    ADD COLUMN name_is_placeholder boolean NOT NULL DEFAULT false,
    ADD COLUMN approved_at timestamptz DEFAULT now(),
    ADD COLUMN approved_by bigint REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX pnp_models_awaiting_approval_idx ON pnp_models (created_at)
    WHERE approved_at IS NULL AND deleted_at IS NULL;

-- What a profile lacks before it is listed, in the order the studio's checklist shows it.
-- Every input is a pnp_models column or a pnp_model_prices row, so the catalogue version's
-- triggers (migrations/0070) already bump whenever the answer can change.
CREATE FUNCTION model_missing(m pnp_models, approval_required boolean) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT array_remove(ARRAY[
       CASE WHEN m.name_is_placeholder THEN 'display_name' END,
       CASE WHEN NOT EXISTS (SELECT 1 FROM pnp_model_prices p WHERE p.model_id = m.id)
            THEN 'price' END,
       CASE WHEN m.photo_key IS NULL AND btrim(m.bio) = '' THEN 'photo_or_bio' END,
       CASE WHEN approval_required AND m.approved_at IS NULL THEN 'approval' END
   ], NULL) $$;
