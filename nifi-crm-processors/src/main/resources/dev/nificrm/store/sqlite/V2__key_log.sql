-- nifi-crm entity store, version 2 (embedded SQLite). Applied by the store on enable, in one transaction.

-- The key hashes (blocking keys with their members, term-frequency keys, counter shards) as a log: one row per write,
-- its changes in one binary value (members joining and leaving blocks, counts added). The store applies the log to its
-- key index, the directory "<database file>-keys" beside the database, and builds that index again from this table
-- (after crm_key, which holds the keys of a store created with version 1 and is only read from now on) whenever the
-- index is missing, behind or was not closed cleanly.
create table crm_key_log (
    log_seq integer primary key,
    entries blob not null
);
