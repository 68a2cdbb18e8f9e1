-- A second SQL CRM (PostgreSQL) with other names for the same things: people instead of contacts.
-- Used by the sync flow definitions (templates/crm-sync-*.json), their system tests and `./demo sync`.
--
-- external_id is the customer's golden id in the nifi-crm entity store (like a Salesforce External ID field): the
-- sync upserts by it (PutDatabaseRecord UPSERT, Update Keys external_id). A person created here by hand has no
-- external id until the sync writes it back.
-- modified_at is set by the trigger below on every insert and update, from clock_timestamp(), so incremental pulls
-- can select by it; a client cannot set it.
-- is_deleted is a tombstone: people are never deleted physically, so a delete can be synced and never resurrected.

CREATE TABLE people (
    person_id     BIGSERIAL PRIMARY KEY,
    given_name    TEXT,
    family_name   TEXT,
    email_address TEXT,
    mobile        TEXT,
    organisation  TEXT,
    town          TEXT,
    postcode      TEXT,
    country_code  TEXT,
    external_id   TEXT UNIQUE,
    modified_at   TIMESTAMPTZ NOT NULL,
    is_deleted    BOOLEAN NOT NULL DEFAULT false
);

CREATE INDEX people_modified_at ON people (modified_at);

CREATE FUNCTION people_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A session may set crm.keep_updated_at = 'on' to keep a modified_at it writes itself (tests commit rows "late"
    -- with an explicit, equal timestamp this way); every other write gets the statement's clock time.
    IF NEW.modified_at IS NULL OR coalesce(current_setting('crm.keep_updated_at', true), '') <> 'on' THEN
        NEW.modified_at := clock_timestamp();
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER people_touch BEFORE INSERT OR UPDATE ON people
    FOR EACH ROW EXECUTE FUNCTION people_touch();
