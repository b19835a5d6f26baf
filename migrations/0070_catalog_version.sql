-- A version the directory cache keys on. It changes in the same transaction as any write that
-- changes what a listing shows, so a reader sees the new version exactly when it sees the write.
CREATE TABLE catalog_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    epoch     uuid NOT NULL DEFAULT gen_random_uuid(),  -- keeps two databases' caches apart
    version   bigint NOT NULL DEFAULT 0
);
INSERT INTO catalog_state DEFAULT VALUES;

CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_state SET version = version + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER pnp_models_catalog_version
    AFTER INSERT OR DELETE ON pnp_models
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
-- Heartbeats touch last_seen_at only; they must not empty the cache.
CREATE TRIGGER pnp_models_catalog_version_update
    AFTER UPDATE ON pnp_models FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'last_seen_at' - 'updated_at') IS DISTINCT FROM
          (to_jsonb(NEW) - 'last_seen_at' - 'updated_at'))
    EXECUTE FUNCTION bump_catalog_version();
CREATE TRIGGER pnp_model_prices_catalog_version
    AFTER INSERT OR UPDATE OR DELETE ON pnp_model_prices
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
