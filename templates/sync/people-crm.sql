-- A second SQL CRM (PostgreSQL) with other names for the same things: people instead of contacts.
-- Used by the sync flow definitions (templates/crm-sync-*.json), their system tests and `./demo sync`.
--
-- external_id is the customer's golden id in the nifi-crm entity store (like a Salesforce External ID field): the
-- sync upserts by it (PutDatabaseRecord UPSERT, Update Keys external_id). A person created here by hand has no
-- external id until the sync writes it back.
-- modified_at is set by the trigger below on every insert and update, from clock_timestamp(), so incremental pulls
-- can select by it; a client cannot set it.
-- is_deleted is a tombstone: people are never deleted physically, so a delete can be synced and never resurrected.
-- The delete of crm-sync-two-way, crm-sync-pull, crm-sync-push and crm-cutover sets is_deleted (and sync_version) alone: the row keeps
-- its other values, a person's change made after the sync read the row included, which the tombstone carries to the
-- sync's next read.
-- sync_version is the version of the customer's snapshot in the entity store that the sync's last write carried
-- (MergeCRMRecord's crm_sync_version): it rises with every decision the sync makes for the customer and this CRM.
-- The trigger people_keep_newest skips an update carrying a lower version than the row's, so when two NiFi nodes write
-- decisions for one customer out of order (one node's queue was slow), the older decision never overwrites the newer
-- one. An update without a version (a person's own edit, a golden id written back) keeps the row's version.
-- It also keeps a tombstone (is_deleted) unless the write bringing the row back is a newer decision than the deletion: a
-- write of the sync clearing is_deleted whose version is not higher than the row's, or that carries an empty one, is
-- skipped (a replay of a write filed before the customer was deleted, e.g. crm-cutover's Replay Load Failures). A
-- tombstone without a version (deleted before the sync ever wrote the row) is brought back by any versioned write.
-- The trigger people_one_row_per_customer keeps a row's own golden id when another row already holds the one written:
-- the row is a second row of that customer (a duplicate entered by hand, or a customer the entity store merged into
-- another), which the two-way sync's MergeCRMRecord (Duplicate Row Policy route-to-conflict) routes to its conflict
-- directory for a person to merge the two rows here. The update's other values are written; an update of the golden
-- id alone writes nothing. Without it the write would fail on the UNIQUE external_id column. A deleted row (a tombstone)
-- gives its golden id up to a live row it is written into: when a person merges two rows of a customer here keeping the
-- second one, the row kept becomes the customer's row, the one the sync's writes by golden id land in.

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
    sync_version  BIGINT,
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

CREATE FUNCTION people_keep_newest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.is_deleted AND NOT NEW.is_deleted AND (NEW.sync_version IS NULL OR NEW.sync_version <= OLD.sync_version) THEN
        -- a write of the sync that would bring a tombstone back without being a newer decision than the deletion (a
        -- replay of an older write, a write carrying no version): the row stays deleted, as it is
        RETURN NULL;
    END IF;
    IF NEW.sync_version IS NULL THEN
        NEW.sync_version := OLD.sync_version;
    ELSIF OLD.sync_version IS NOT NULL AND NEW.sync_version < OLD.sync_version THEN
        -- an older decision of the sync arriving after a newer one: the row keeps the newer
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$;

-- Only an update naming sync_version runs it (the writes of the sync flows, crm-cutover and crm-migration-db: their
-- mappings write it; the migration's golden records carry none, so its updates name it empty: the row keeps its
-- version and a tombstone stays deleted): an update naming none (a person's own edit, a restore of a deleted row
-- included; a golden id written back) is written as it is.
CREATE TRIGGER people_keep_newest BEFORE UPDATE OF sync_version ON people
    FOR EACH ROW EXECUTE FUNCTION people_keep_newest();

CREATE FUNCTION people_one_row_per_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.external_id IS NOT NULL AND NEW.external_id IS DISTINCT FROM OLD.external_id THEN
        IF EXISTS (SELECT 1 FROM people WHERE external_id = NEW.external_id AND person_id <> OLD.person_id AND (NOT is_deleted OR NEW.is_deleted)) THEN
            -- another row holds the customer's golden id: this row is a second row of that customer and keeps its own
            IF to_jsonb(NEW) - 'external_id' = to_jsonb(OLD) - 'external_id' THEN
                -- nothing else changes: nothing is written (not even the last-modified time, so the sync does not read
                -- the row again)
                RETURN NULL;
            END IF;
            NEW.external_id := OLD.external_id;
        ELSE
            -- at most a deleted row holds it (the customer's row deleted when a person merged it into this one): the
            -- tombstone gives the golden id up to the row kept
            UPDATE people SET external_id = NULL WHERE external_id = NEW.external_id AND person_id <> OLD.person_id;
        END IF;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER people_one_row_per_customer BEFORE UPDATE OF external_id ON people
    FOR EACH ROW EXECUTE FUNCTION people_one_row_per_customer();
