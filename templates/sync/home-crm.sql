-- A "home-grown" SQL CRM (PostgreSQL): one contacts table kept by hand-written forms.
-- Used by the sync flow definitions (templates/crm-sync-*.json), their system tests and `./demo sync`.
--
-- golden_id is the customer's id in the nifi-crm entity store, kept here like a Salesforce External ID field:
-- the sync upserts by it (PutDatabaseRecord UPSERT, Update Keys golden_id). A contact created here by hand has no
-- golden id until the sync writes it back.
-- updated_at is set by the trigger below on every insert and update, from clock_timestamp() (the time of the
-- statement, not of the transaction's start), so incremental pulls can select by it; a client cannot set it.
-- deleted is a tombstone: contacts are never deleted physically, so a delete can be synced and never resurrected.
-- The delete of crm-sync-two-way, crm-sync-pull, crm-sync-push and crm-cutover sets deleted (and sync_version) alone: the row keeps
-- its other values, a person's change made after the sync read the row included, which the tombstone carries to the
-- sync's next read.
-- sync_version is the version of the customer's snapshot in the entity store that the sync's last write carried
-- (MergeCRMRecord's crm_sync_version): it rises with every decision the sync makes for the customer and this CRM.
-- The trigger contacts_keep_newest skips an update carrying a lower version than the row's, so when two NiFi nodes write
-- decisions for one customer out of order (one node's queue was slow), the older decision never overwrites the newer
-- one. An update without a version (a person's own edit, a golden id written back) keeps the row's version.
-- It also keeps a tombstone (deleted) unless the write bringing the row back is a newer decision than the deletion: a
-- write of the sync clearing deleted whose version is not higher than the row's, or that carries an empty one, is
-- skipped (a replay of a write filed before the customer was deleted, e.g. crm-cutover's Replay Load Failures). A
-- tombstone without a version (deleted before the sync ever wrote the row) is brought back by any versioned write.
-- The trigger contacts_one_row_per_customer keeps a row's own golden id when another row already holds the one written:
-- the row is a second row of that customer (a duplicate entered by hand, or a customer the entity store merged into
-- another), which the two-way sync's MergeCRMRecord (Duplicate Row Policy route-to-conflict) routes to its conflict
-- directory for a person to merge the two rows here. The update's other values are written; an update of the golden
-- id alone writes nothing. Without it the write would fail on the UNIQUE golden_id column. A deleted row (a tombstone)
-- gives its golden id up to a live row it is written into: when a person merges two rows of a customer here keeping the
-- second one, the row kept becomes the customer's row, the one the sync's writes by golden id land in.

CREATE TABLE contacts (
    id          BIGSERIAL PRIMARY KEY,
    first_name  TEXT,
    last_name   TEXT,
    email       TEXT,
    phone       TEXT,
    company     TEXT,
    city        TEXT,
    postal_code TEXT,
    country     TEXT,
    golden_id   TEXT UNIQUE,
    sync_version BIGINT,
    updated_at  TIMESTAMPTZ NOT NULL,
    deleted     BOOLEAN NOT NULL DEFAULT false
);

CREATE INDEX contacts_updated_at ON contacts (updated_at);

CREATE FUNCTION contacts_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A session may set crm.keep_updated_at = 'on' to keep an updated_at it writes itself (tests commit rows "late"
    -- with an explicit, equal timestamp this way); every other write gets the statement's clock time.
    IF NEW.updated_at IS NULL OR coalesce(current_setting('crm.keep_updated_at', true), '') <> 'on' THEN
        NEW.updated_at := clock_timestamp();
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER contacts_touch BEFORE INSERT OR UPDATE ON contacts
    FOR EACH ROW EXECUTE FUNCTION contacts_touch();

CREATE FUNCTION contacts_keep_newest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.deleted AND NOT NEW.deleted AND (NEW.sync_version IS NULL OR NEW.sync_version <= OLD.sync_version) THEN
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

-- Only an update naming sync_version runs it (the writes of the sync flows and crm-cutover: their mappings write it):
-- an update naming none (a person's own edit, a restore of a deleted row included; a golden id written back;
-- crm-migration-db's load, which writes no version) is written as it is.
CREATE TRIGGER contacts_keep_newest BEFORE UPDATE OF sync_version ON contacts
    FOR EACH ROW EXECUTE FUNCTION contacts_keep_newest();

CREATE FUNCTION contacts_one_row_per_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.golden_id IS NOT NULL AND NEW.golden_id IS DISTINCT FROM OLD.golden_id THEN
        IF EXISTS (SELECT 1 FROM contacts WHERE golden_id = NEW.golden_id AND id <> OLD.id AND (NOT deleted OR NEW.deleted)) THEN
            -- another row holds the customer's golden id: this row is a second row of that customer and keeps its own
            IF to_jsonb(NEW) - 'golden_id' = to_jsonb(OLD) - 'golden_id' THEN
                -- nothing else changes: nothing is written (not even the last-modified time, so the sync does not read
                -- the row again)
                RETURN NULL;
            END IF;
            NEW.golden_id := OLD.golden_id;
        ELSE
            -- at most a deleted row holds it (the customer's row deleted when a person merged it into this one): the
            -- tombstone gives the golden id up to the row kept
            UPDATE contacts SET golden_id = NULL WHERE golden_id = NEW.golden_id AND id <> OLD.id;
        END IF;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER contacts_one_row_per_customer BEFORE UPDATE OF golden_id ON contacts
    FOR EACH ROW EXECUTE FUNCTION contacts_one_row_per_customer();
